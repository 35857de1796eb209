"""ASGI middleware that answers ``HEAD`` as ``GET`` without the body (RFC 9110 §9.3.2).

FastAPI's routes list ``GET`` only, so a ``HEAD`` was a 405 everywhere; every general-purpose server must
support it. The request runs as a ``GET``; the answer keeps its status and headers (``Content-Length``
included) and drops its body. A path without ``GET`` answers ``HEAD`` with the same 405 and ``Allow``.
"""

from __future__ import annotations

from typing import Any

__all__ = ["HeadAsGet"]


class HeadAsGet:
    """Run a ``HEAD`` request as ``GET`` and send the answer's status and headers without its body.

    Examples
    --------
    >>> import asyncio
    >>> async def app(scope, receive, send):
    ...     await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"5")]})
    ...     await send({"type": "http.response.body", "body": scope["method"].encode()[:5]})
    >>> sent = []
    >>> async def send(message):
    ...     sent.append(message)
    >>> asyncio.run(HeadAsGet(app)({"type": "http", "method": "HEAD"}, None, send))
    >>> sent[0]["headers"], sent[1]["body"]
    ([(b'content-length', b'5')], b'')
    """

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope.get("method") != "HEAD":
            await self.app(scope, receive, send)
            return

        async def without_body(message: dict) -> None:
            if message["type"] == "http.response.body":
                if message.get("more_body", False):
                    return  # a streamed part: only the end is sent, empty
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, without_body)
