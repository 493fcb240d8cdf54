"""Extraction: a county report turned into a draft graph in the project's model, every entity
and fact at the span that states it, for a curator to review (:func:`extract`)."""
