"""The ``anyi-kg`` command."""

from .main import main

__all__ = ["main"]
