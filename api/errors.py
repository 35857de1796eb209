"""The graph layer's errors as problem documents: one table from error class to HTTP status and title.

Domain errors (:mod:`patentnav.graph.errors`) say what went wrong and carry no HTTP code. A route
lets them propagate; the handler :func:`install_error_handlers` puts on the app answers each with
the status and title its class has in :data:`PROBLEMS` and its message as ``detail`` (never a
traceback). A family of routes that words a class its own way says so in :data:`ROUTE_PROBLEMS`,
by path prefix; that wording covers the class's subclasses too, before the general table.

>>> problem_for(UnknownEntityError("unknown entity region/999999"), "/paths").body()
{'type': 'about:blank', 'title': 'Unknown entity', 'status': 404, 'detail': 'unknown entity region/999999'}
>>> problem_for(UnknownEntityError("unknown industry 'x'"), "/analysis/landscape").title
'Not found'
>>> problem_for(UnknownEntityError("https://w3id.org/patentnav/id/region/9"), "/views/ipc").detail
'no entity https://w3id.org/patentnav/id/region/9 in the graph'
>>> problem_for(InvalidParameterError("bad level"), "/views/ipc").status, problem_for(KeyError("x"), "/views") is None
(422, True)
"""

from __future__ import annotations

from typing import NamedTuple

from fastapi import FastAPI, Request
from fastapi.responses import Response

from patentnav.api.problems import Problem, problem_response
from patentnav.graph.errors import AnalysisError, EmptyScopeError, InvalidParameterError, UnknownEntityError

__all__ = ["PROBLEMS", "ROUTE_PROBLEMS", "Wording", "install_error_handlers", "problem_for"]


class Wording(NamedTuple):
    """How the API answers an error: its status, its title, and its detail (``{}`` is the error's message)."""

    status: int
    title: str
    detail: str = "{}"


#: Error class -> problem, most specific first; an error takes the row of its nearest listed class.
PROBLEMS: dict[type[Exception], Wording] = {
    UnknownEntityError: Wording(404, "Unknown entity"),
    EmptyScopeError: Wording(404, "Not found"),  # no patent in the scope (or no path: routes/paths.py answers 200)
    InvalidParameterError: Wording(422, "Invalid parameters"),
    AnalysisError: Wording(422, "Invalid parameters"),  # any other reason an analysis cannot run as asked
}

#: Path prefix -> the rows a family of routes words its own way (each a class of :data:`PROBLEMS` or a subclass).
ROUTE_PROBLEMS: dict[str, dict[type[Exception], Wording]] = {
    # What is unknown there is an industry, region or plan of the scope, not an entity of the path.
    "/analysis": {UnknownEntityError: Wording(404, "Not found")},
    # An entity route names the IRI that resolves to nothing.
    "/entities": {UnknownEntityError: Wording(404, "Unknown entity", "no entity {} in the graph")},
    # A view answers in its own words; its entity, industry or region is named in the graph's terms.
    "/views": {
        UnknownEntityError: Wording(404, "Unknown entity", "no entity {} in the graph"),
        EmptyScopeError: Wording(404, "Cannot build the view"),
        AnalysisError: Wording(422, "Cannot build the view"),
    },
}


def _wording(error: Exception, path: str) -> Wording | None:
    for prefix, rows in ROUTE_PROBLEMS.items():
        if path == prefix or path.startswith(prefix + "/"):
            for cls in type(error).__mro__:
                if cls in rows:
                    return rows[cls]
    return next((PROBLEMS[cls] for cls in type(error).__mro__ if cls in PROBLEMS), None)


def problem_for(error: Exception, path: str) -> Problem | None:
    """The problem answering ``error`` on a request for ``path``; None for a class no table lists."""
    wording = _wording(error, path)
    return None if wording is None else Problem(wording.status, wording.title, wording.detail.format(error))


def install_error_handlers(app: FastAPI) -> None:
    """Answer every error class of :data:`PROBLEMS` (and its subclasses) on ``app`` with its problem document."""

    async def _domain_error(request: Request, exc: Exception) -> Response:
        problem = problem_for(exc, request.url.path)
        if problem is None:  # not a listed class after all: the 500 handler logs it
            raise exc
        return problem_response(problem, request)

    for cls in PROBLEMS:
        app.add_exception_handler(cls, _domain_error)
