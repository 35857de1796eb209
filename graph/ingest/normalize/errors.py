"""The error every normaliser raises: the cell's value cannot be used, and why in words."""

from __future__ import annotations

__all__ = ["NormalizeError"]


class NormalizeError(ValueError):
    """A cell's value cannot be normalised; the message says why."""
