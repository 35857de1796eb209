"""RFC 9457 problem details: every API error is one of these, never a stack trace.

>>> Problem(404, "Unknown entity", "no entity region/999999").body()["status"]
404
"""

from __future__ import annotations

import logging
import re
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

__all__ = [
    "PROBLEM_MEDIA_TYPE",
    "Problem",
    "ProblemModel",
    "install_problem_handlers",
    "one_line",
    "problem_response",
]

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

    def __init__(
        self,
        status: int,
        title: str,
        detail: str | None = None,
        *,
        headers: dict[str, str] | None = None,
        **extra: Any,
    ) -> None:
        detail = one_line(detail) if detail else detail
        super().__init__(detail or title)
        self.status, self.title, self.detail, self.extra = status, title, detail, extra
        self.headers = headers or {}

    def body(self, instance: str | None = None) -> dict[str, Any]:
        body: dict[str, Any] = {"type": "about:blank", "title": self.title, "status": self.status}
        if self.detail:
            body["detail"] = self.detail
        if instance:
            body["instance"] = instance
        body.update(self.extra)
        return body


_LINE_BREAKS = re.compile(r"\s*[\r\n\u2028\u2029]+\s*")


def one_line(text: str) -> str:
    """``text`` with every line break (and the spaces around it) made one space: a problem's detail is one line,
    whatever a library put in the message (pyoxigraph's parser lists the characters it expected over several).

    >>> one_line("error at 1:21: expected one of 'a'\\n| 'b'")
    "error at 1:21: expected one of 'a' | 'b'"
    """
    return _LINE_BREAKS.sub(" ", text).strip()


def _wants_plain_text(request: Request | None) -> bool:
    # SPARQL protocol clients may ask for the protocol's plain-text error body explicitly.
    if request is None or not request.url.path.startswith("/sparql"):
        return False
    accept = request.headers.get("accept") or ""
    if "text/plain" not in accept:
        return False
    from patentnav.api.negotiation import best_match

    return best_match(accept, [PROBLEM_MEDIA_TYPE, "application/json", "text/plain"]) == "text/plain"


def problem_response(problem: Problem, request: Request | None = None) -> Response:
    """A response carrying ``problem``: problem JSON, or plain text to SPARQL clients that ask for it."""
    if _wants_plain_text(request):
        text = f"{problem.status} {problem.title}: {problem.detail or problem.title}\n"
        return PlainTextResponse(text, status_code=problem.status, headers=problem.headers)
    return JSONResponse(
        problem.body(request.url.path if request else None),
        status_code=problem.status,
        media_type=PROBLEM_MEDIA_TYPE,
        headers=problem.headers,
    )


_TITLES = {
    400: "Bad request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    406: "Not acceptable",
    413: "Request too large",
    414: "URI too long",
    415: "Unsupported media type",
    422: "Invalid parameters",
    500: "Internal server error",
    503: "Service unavailable",
}


def _allowed_methods(request: Request) -> list[str]:
    # Starlette's Allow lists only the first matching route's methods; take them all from the schema.
    methods: set[str] = set()
    for template, operations in request.app.openapi().get("paths", {}).items():
        pattern = re.sub(r"\\\{[^}]*\\\}", "[^/]+", re.escape(template))
        if re.fullmatch(pattern, request.url.path):
            methods |= {m.upper() for m in operations}
    if "GET" in methods:
        methods.add("HEAD")  # answered as GET without the body (api/head.py)
    return sorted(methods) or ["GET", "HEAD"]


_CLASS_REPR = re.compile(r"<class '(?:[\w.]+\.)?(\w+)'>")


def _validation_message(message: str) -> str:
    """A validation message in the client's terms: a file field sent as text says so, and no Python class is named.

    >>> _validation_message("Value error, Expected UploadFile, received: <class 'str'>")
    'expected a file (a multipart/form-data part with a filename); got a text field'
    >>> _validation_message("Input should be an instance of <class 'pathlib.Path'>")
    'Input should be an instance of Path'
    """
    if "Expected UploadFile" in message:
        return "expected a file (a multipart/form-data part with a filename); got a text field"
    return _CLASS_REPR.sub(r"\1", message)


def document_problems(app: FastAPI) -> None:
    """Make the OpenAPI schema say that every error response is a problem document.

    FastAPI documents error responses as ``application/json``; ours are
    ``application/problem+json`` (and, on /sparql, optionally ``text/plain``).
    """
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = build()
        problem = {"$ref": "#/components/schemas/ProblemModel"}
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components.setdefault("ProblemModel", ProblemModel.model_json_schema())
        for path, operations in schema.get("paths", {}).items():
            for operation in operations.values():
                responses = operation.setdefault("responses", {})
                responses.setdefault("default", {"description": "Problem details (RFC 9457)"})
                for status, response in responses.items():
                    if status == "default" or status[0] in "45":
                        content = {PROBLEM_MEDIA_TYPE: {"schema": problem}}
                        if path.startswith("/sparql"):
                            content["text/plain"] = {"schema": {"type": "string"}}
                        response["content"] = content
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]


def install_problem_handlers(app: FastAPI) -> None:
    """Make every error of ``app`` a problem document, and say so in the OpenAPI schema."""
    document_problems(app)

    @app.exception_handler(Problem)
    async def _problem(request: Request, exc: Problem) -> Response:
        return problem_response(exc, request)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        title = _TITLES.get(exc.status_code, "Error")
        detail = exc.detail if isinstance(exc.detail, str) and exc.detail != title else None
        if exc.status_code == 404 and detail in (None, "Not Found"):
            detail = f"no route for {request.url.path}"
        if exc.status_code == 405:
            allowed = _allowed_methods(request)
            detail = f"{request.method} is not allowed on {request.url.path}; use {', '.join(allowed)}"
        response = problem_response(Problem(exc.status_code, title, detail), request)
        for k, v in (exc.headers or {}).items():
            response.headers[k] = v
        if exc.status_code == 405:
            response.headers["Allow"] = ", ".join(_allowed_methods(request))
        return response

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> Response:
        errors = [
            {"location": ".".join(str(x) for x in e.get("loc", ())), "message": _validation_message(e.get("msg", ""))}
            for e in exc.errors()
        ]
        detail = "; ".join(f"{e['location']}: {e['message']}" for e in errors)
        return problem_response(Problem(422, _TITLES[422], detail, errors=errors), request)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unhandled error on %s", request.url.path)
        return problem_response(
            Problem(500, _TITLES[500], "The server failed to answer; the error has been logged."), request
        )
