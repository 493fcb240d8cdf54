"""Networks: the graph as a networkx graph (:func:`to_networkx`), its views, their layouts, and
the self-contained page that draws them."""

from .convert import to_networkx

__all__ = ["to_networkx"]
