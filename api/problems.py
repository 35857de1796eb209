"""RFC 9457 problem details: every API error is one of these, never a stack trace.

>>> Problem(404, "Unknown entity", "no entity region/999999").body()["status"]
404
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

__all__ = ["PROBLEM_MEDIA_TYPE", "Problem", "ProblemModel", "install_problem_handlers", "problem_response"]

PROBLEM_MEDIA_TYPE = "application/problem+json"
log = logging.getLogger("patentnav.api")

try:
    from pydantic import BaseModel, Field

    class ProblemModel(BaseModel):
        """RFC 9457 problem details, as documented in the OpenAPI schema."""

        type: str = Field("about:blank", description="A URI reference that identifies the problem type")
        title: str = Field(..., description="A short, human-readable summary of the problem type")
        status: int = Field(..., description="The HTTP status code")
        detail: str | None = Field(None, description="What went wrong in this occurrence, in words")
        instance: str | None = Field(None, description="The request path")
except ImportError:  # pragma: no cover - pydantic is a hard dependency
    raise


class Problem(Exception):  # noqa: N818 - it is the RFC's name
    """Raise to answer with a problem document."""

    def __init__(self, status: int, title: str, detail: str | None = None, **extra: Any) -> None:
        super().__init__(detail or title)
        self.status, self.title, self.detail, self.extra = status, title, detail, extra

    def body(self, instance: str | None = None) -> dict[str, Any]:
        body: dict[str, Any] = {"type": "about:blank", "title": self.title, "status": self.status}
        if self.detail:
            body["detail"] = self.detail
        if instance:
            body["instance"] = instance
        body.update(self.extra)
        return body


def problem_response(problem: Problem, request: Request | None = None) -> JSONResponse:
    """A JSON response carrying ``problem``."""
    return JSONResponse(
        problem.body(request.url.path if request else None),
        status_code=problem.status,
        media_type=PROBLEM_MEDIA_TYPE,
    )


_TITLES = {
    400: "Bad request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    406: "Not acceptable",
    413: "Request too large",
    415: "Unsupported media type",
    422: "Invalid parameters",
    500: "Internal server error",
}


def install_problem_handlers(app: FastAPI) -> None:
    """Make every error of ``app`` a problem document."""

    @app.exception_handler(Problem)
    async def _problem(request: Request, exc: Problem) -> JSONResponse:
        return problem_response(exc, request)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        title = _TITLES.get(exc.status_code, "Error")
        detail = exc.detail if isinstance(exc.detail, str) and exc.detail != title else None
        if exc.status_code == 404 and detail in (None, "Not Found"):
            detail = f"no route for {request.url.path}"
        response = problem_response(Problem(exc.status_code, title, detail), request)
        for k, v in (exc.headers or {}).items():
            response.headers[k] = v
        return response

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [
            {"location": ".".join(str(x) for x in e.get("loc", ())), "message": e.get("msg", "")} for e in exc.errors()
        ]
        detail = "; ".join(f"{e['location']}: {e['message']}" for e in errors)
        return problem_response(Problem(422, _TITLES[422], detail, errors=errors), request)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error on %s", request.url.path)
        return problem_response(
            Problem(500, _TITLES[500], "The server failed to answer; the error has been logged."), request
        )
