"""Why an analysis, a path or a view cannot answer: the errors every layer above the store shares.

They live here, below :mod:`patentnav.graph.entities`, :mod:`patentnav.graph.network` and
:mod:`patentnav.graph.analysis`, so a module low in the data flow can raise them without importing
an analysis. :mod:`patentnav.graph.analysis.scope` re-exports them under their old names.

They say what went wrong, never how to answer it: the API's HTTP status and title for each
class are in one table, :data:`patentnav.api.errors.PROBLEMS`, and the CLI's exit codes are
its commands' own.

>>> issubclass(EmptyScopeError, AnalysisError), issubclass(UnknownEntityError, LookupError)
(True, True)
"""

from __future__ import annotations

__all__ = ["AnalysisError", "EmptyScopeError", "InvalidParameterError", "UnknownEntityError"]


class AnalysisError(ValueError):
    """An analysis cannot run as asked; the message says why in one line."""


class UnknownEntityError(AnalysisError, LookupError):
    """The industry, region or entity named in the parameters is not in the store."""


class InvalidParameterError(AnalysisError):
    """A parameter is malformed or inconsistent (e.g. a reversed period)."""


class EmptyScopeError(AnalysisError):
    """No patent falls in the scope, so no finding (not even "no risk") can be made."""
