"""ASGI middleware that bounds request bodies before any route reads them.

A declared ``Content-Length`` over the limit is answered 413 at once; a chunked body
is counted as it arrives and cut off with the same 413 when it passes the limit, also
when the route reads it through a form parser that would answer 400 (file uploads).
"""

from __future__ import annotations

import json
from typing import Any

from patentnav.api.problems import PROBLEM_MEDIA_TYPE, Problem

__all__ = ["BodySizeLimit", "send_problem"]


class BodySizeLimit:
    """Refuse request bodies larger than ``max_bytes`` with a 413 problem document."""

    def __init__(self, app: Any, max_bytes: int, uploads: dict[str, int] | None = None) -> None:
        self.app, self.max_bytes = app, max_bytes
        #: path prefix -> a larger limit, for routes that take files (ingest, graph store).
        self.uploads = uploads or {}

    def limit(self, path: str) -> int:
        """The body limit for ``path``."""
        for prefix, limit in self.uploads.items():
            if path == prefix or path.startswith(prefix + "/"):
                return limit
        return self.max_bytes

    def _problem(self, size: str, limit: int) -> Problem:
        return Problem(413, "Request too large", f"the request body has {size} bytes; the limit is {limit}")

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit(scope.get("path") or "")
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None:
            try:
                length = int(declared)
            except ValueError:
                length = -1
            if length < 0 or length > limit:
                problem = (
                    self._problem(declared.decode("latin-1"), limit)
                    if length >= 0
                    else Problem(400, "Bad request", "the Content-Length header is not a number")
                )
                await send_problem(send, problem, scope.get("path"))
                return
        received = 0
        cut: Problem | None = None  # set once the body passed the limit
        replacing = False  # the app's answer is being replaced by the 413

        async def counted() -> dict:
            nonlocal received, cut
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    # Raised inside the route's body read: the Problem handler answers 413 ...
                    cut = self._problem(f"more than {limit}", limit)
                    raise cut
            return message

        async def answer(message: dict) -> None:
            nonlocal replacing
            if cut is not None and message["type"] == "http.response.start" and message["status"] != 413:
                # ... unless a parser caught it: FastAPI turns any error inside multipart form parsing
                # (POST /ingest) into a 400 "error parsing the body". The client gets the 413 instead.
                replacing = True
                await send_problem(send, cut, scope.get("path"))
            if not replacing:
                await send(message)

        await self.app(scope, counted, answer)


async def send_problem(send: Any, problem: Problem, path: str | None) -> None:
    """Answer an ASGI request with ``problem`` as problem JSON, from outside any route (middleware).

    Examples
    --------
    >>> import asyncio
    >>> sent = []
    >>> async def send(message):
    ...     sent.append(message)
    >>> asyncio.run(send_problem(send, Problem(413, "Request too large"), "/ingest"))
    >>> sent[0]["status"], sent[1]["body"][:30]
    (413, b'{"type": "about:blank", "title')
    """
    body = json.dumps(problem.body(path)).encode()
    await send(
        {
            "type": "http.response.start",
            "status": problem.status,
            "headers": [(b"content-type", PROBLEM_MEDIA_TYPE.encode()), (b"content-length", str(len(body)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": body})
