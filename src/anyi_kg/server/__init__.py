"""The explorer and read-only SPARQL endpoint: ``create_app`` builds the app, ``serve`` runs it."""

from .app import Settings, create_app, serve

__all__ = ["Settings", "create_app", "serve"]
