"""ASGI middleware that bounds request bodies before any route reads them.

A declared ``Content-Length`` over the limit is answered 413 at once; a chunked body
is counted as it arrives and cut off with the same 413 when it passes the limit, also
when the route reads it through a form parser that would answer 400 (file uploads).
A body sent compressed (``Content-Encoding`` other than ``identity``) is answered 415 with
``Accept-Encoding: identity``: no route decompresses, so it would be read as the compressed
bytes (and a decompression bomb could not be bounded by its declared size anyway).

Below the app, :class:`ProblemH11Protocol` makes uvicorn's own refusals (a request line or headers
past :func:`head_limit`, a request that is not HTTP/1.1) problem documents too, 431 or 400, instead of
plain text; :func:`server_options` gives ``uvicorn.Config`` both.
"""

from __future__ import annotations

import json
import sys
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

from patentnav.api.problems import PROBLEM_MEDIA_TYPE, Problem, one_line

__all__ = ["BodySizeLimit", "ProblemH11Protocol", "head_limit", "send_problem", "server_options"]


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
        headers = dict(scope.get("headers") or [])
        coding = headers.get(b"content-encoding", b"").decode("latin-1").strip().lower()
        if coding not in ("", "identity"):
            problem = Problem(
                415,
                "Unsupported content encoding",
                f"the request body is sent with Content-Encoding: {coding[:40]}; send it uncompressed",
                headers={"Accept-Encoding": "identity"},
            )
            await send_problem(send, problem, scope.get("path"))
            return
        declared = headers.get(b"content-length")
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
    headers = [(b"content-type", PROBLEM_MEDIA_TYPE.encode()), (b"content-length", str(len(body)).encode())]
    headers += [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in problem.headers.items()]
    await send({"type": "http.response.start", "status": problem.status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def head_limit(max_query_length: int) -> int:
    """Bytes a request line and headers may have: room for a ``GET /sparql?query=`` of ``max_query_length``
    characters, each percent-encoded (3 bytes; 9 for a CJK character is rare in SPARQL), plus 16 KiB of headers.

    h11 checks the limit while a request's head is incomplete: a head within it always reaches the app (which
    answers a query over ``max_query_length`` 414), a longer one is refused once more than the limit has arrived
    without its end. h11's own default (16 KiB) refused a 50 KB URL or not depending on how its bytes arrived.

    >>> head_limit(100_000)
    316384
    """
    return 3 * max_query_length + 16_384


class ProblemH11Protocol(H11Protocol):
    """uvicorn's h11 protocol, answering a request it cannot parse with a problem document, not plain text:
    431 when the request line or headers pass the limit (h11's hint), else 400."""

    def send_400_response(self, msg: str) -> None:
        """Called by uvicorn inside its ``except h11.RemoteProtocolError`` block: the error is the one handled."""
        exc = sys.exc_info()[1]
        status = getattr(exc, "error_status_hint", 400) if isinstance(exc, h11.RemoteProtocolError) else 400
        if status == 431:
            limit = getattr(self.conn, "_max_incomplete_event_size", None)
            problem = Problem(
                431,
                "Request header fields too large",
                f"the request line and headers pass {limit} bytes; send a long query by POST",
            )
        else:
            status = 400
            reason = one_line(str(exc or msg))[:200]
            problem = Problem(400, "Bad request", f"the request is not valid HTTP/1.1: {reason}")
        body = json.dumps(problem.body()).encode()
        headers = [
            (b"content-type", PROBLEM_MEDIA_TYPE.encode()),
            (b"content-length", str(len(body)).encode()),
            (b"connection", b"close"),
        ]
        response = h11.Response(status_code=status, headers=headers, reason=problem.title.encode())
        for event in (response, h11.Data(data=body), h11.EndOfMessage()):
            self.transport.write(self.conn.send(event))
        self.transport.close()


def server_options(max_query_length: int) -> dict[str, Any]:
    """The ``uvicorn.Config`` options that bound and word what uvicorn refuses before the app sees a request.

    >>> server_options(1000)["h11_max_incomplete_event_size"]
    19384
    """
    return {"http": ProblemH11Protocol, "h11_max_incomplete_event_size": head_limit(max_query_length)}
