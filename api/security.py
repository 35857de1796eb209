"""Bearer tokens, checked in one place: the update token and the ingest token.

The API is read-only by default. A write needs a token the server was given
(``PATENTNAV_UPDATE_TOKEN``, ``PATENTNAV_INGEST_TOKEN``) and the same token in the request:

* **update token**: SPARQL Update (``POST /sparql``) and Graph Store writes (``PUT``, ``POST``,
  ``DELETE /graph-store``);
* **ingest token**: ``POST /ingest``, ``POST /ingest/samples`` and ``POST /policy``.

Without the token on the server the answer is 403 (the write is not offered at all); without it,
or with another one, in ``Authorization: Bearer <token>`` it is 401 with
``WWW-Authenticate: Bearer realm="patentnav"``. Tokens are compared in constant time.

Routes take :func:`require_update_token` or :func:`require_ingest_token` as a dependency; the
OpenAPI schema then names the security scheme (``updateToken``, ``ingestToken``) on the operation.
``POST /sparql`` takes the update token's credentials (:data:`UpdateCredentials`) and checks them
only when the request is an update (its schema says so with the anonymous alternative, ``{}``).
:func:`install_security_schema` makes the app's schema say what this server offers: an operation
names a token only when the server holds it (without it the write answers 403 whatever is sent).

>>> from fastapi import Depends, FastAPI
>>> from fastapi.testclient import TestClient
>>> from patentnav.api.problems import install_problem_handlers
>>> from patentnav.settings import Settings
>>> app = FastAPI(); app.state.settings = Settings(store="memory://", ingest_token="s3cret")
>>> install_problem_handlers(app)
>>> @app.post("/load", dependencies=[Depends(require_ingest_token)])
... def load() -> str:
...     return "loaded"
>>> client = TestClient(app)
>>> r = client.post("/load")
>>> r.status_code, r.headers["www-authenticate"]
(401, 'Bearer realm="patentnav"')
>>> client.post("/load", headers={"Authorization": "Bearer s3cret"}).json()
'loaded'
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import FastAPI, Request, Security
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from patentnav.api.deps import SettingsDep
from patentnav.api.problems import Problem
from patentnav.settings import Settings

__all__ = [
    "INGEST_TOKEN",
    "REALM",
    "UPDATE_TOKEN",
    "BearerToken",
    "IngestCredentials",
    "UpdateCredentials",
    "install_security_schema",
    "require_ingest_token",
    "require_update_token",
]

#: The realm of the ``WWW-Authenticate`` challenge on a 401.
REALM = "patentnav"


@dataclass(frozen=True)
class BearerToken:
    """One token the server may hold, and what a request without it is told.

    Attributes
    ----------
    setting : str
        The :class:`~patentnav.settings.Settings` field that holds the token (``None``: not set).
    scheme : HTTPBearer
        The OpenAPI security scheme; it reads ``Authorization: Bearer …`` (and never answers by itself).
    refused_title, refused_detail : str
        The 403 when the server has no such token; ``{request}`` in the detail is ``METHOD /path``.
    needed : str
        The 401's detail when the request lacks the token or bears another.
    """

    setting: str
    scheme: HTTPBearer
    refused_title: str
    refused_detail: str
    needed: str

    def check(self, settings: Settings, credentials: HTTPAuthorizationCredentials | None, request: str = "") -> None:
        """Pass when the server has this token and ``credentials`` carry it; raise the 403 or 401 otherwise.

        Parameters
        ----------
        settings : Settings
            The app's settings (the token, or ``None``).
        credentials : HTTPAuthorizationCredentials or None
            What ``scheme`` read from the request (``None``: no bearer token at all).
        request : str
            ``METHOD /path`` of the request, for the 403's detail.

        Raises
        ------
        Problem
            403 when the server has no such token; 401 with ``WWW-Authenticate`` when the request
            does not bear it.

        Examples
        --------
        >>> from patentnav.settings import Settings
        >>> UPDATE_TOKEN.check(Settings(store="memory://", update_token="t"), HTTPAuthorizationCredentials(
        ...     scheme="Bearer", credentials="t"))
        >>> try:
        ...     UPDATE_TOKEN.check(Settings(store="memory://"), None)
        ... except Problem as exc:
        ...     print(exc.status, exc.title)
        403 Update refused
        """
        expected: str | None = getattr(settings, self.setting)
        if not expected:
            raise Problem(403, self.refused_title, self.refused_detail.format(request=request).strip())
        given = credentials.credentials.strip() if credentials else ""
        if not hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8")):
            raise Problem(401, "Unauthorized", self.needed, headers={"WWW-Authenticate": f'Bearer realm="{REALM}"'})


UPDATE_TOKEN = BearerToken(
    setting="update_token",
    scheme=HTTPBearer(
        scheme_name="updateToken",
        description="PATENTNAV_UPDATE_TOKEN: SPARQL Update and Graph Store writes (the API is read-only without it)",
        auto_error=False,
    ),
    refused_title="Update refused",
    refused_detail="this endpoint is read-only: changes are accepted only when the server has an update token",
    needed="changes need 'Authorization: Bearer <update token>'",
)
INGEST_TOKEN = BearerToken(
    setting="ingest_token",
    scheme=HTTPBearer(
        scheme_name="ingestToken",
        description="PATENTNAV_INGEST_TOKEN: POST /ingest, /ingest/samples and /policy (refused without it)",
        auto_error=False,
    ),
    refused_title="Ingest disabled",
    refused_detail="{request} is enabled only when PATENTNAV_INGEST_TOKEN is set",
    needed="send Authorization: Bearer <ingest token>",
)

#: The update token's credentials, for a route that needs them only sometimes (``POST /sparql``: updates).
UpdateCredentials = Annotated[HTTPAuthorizationCredentials | None, Security(UPDATE_TOKEN.scheme)]
#: The ingest token's credentials.
IngestCredentials = Annotated[HTTPAuthorizationCredentials | None, Security(INGEST_TOKEN.scheme)]


def _where(request: Request) -> str:
    return f"{request.method} {request.url.path}"


def require_update_token(request: Request, settings: SettingsDep, credentials: UpdateCredentials) -> None:
    """Dependency: the request bears the server's update token (403 without one on the server, 401 otherwise).

    Examples
    --------
    >>> from fastapi import APIRouter, Depends
    >>> router = APIRouter()
    >>> @router.delete("/thing", dependencies=[Depends(require_update_token)])
    ... def drop() -> None: ...
    """
    UPDATE_TOKEN.check(settings, credentials, _where(request))


def require_ingest_token(request: Request, settings: SettingsDep, credentials: IngestCredentials) -> None:
    """Dependency: the request bears the server's ingest token (403 without one on the server, 401 otherwise).

    Examples
    --------
    >>> from fastapi import APIRouter, Depends
    >>> router = APIRouter()
    >>> @router.post("/ingest", dependencies=[Depends(require_ingest_token)])
    ... def ingest() -> None: ...
    """
    INGEST_TOKEN.check(settings, credentials, _where(request))


def install_security_schema(app: FastAPI, settings: Settings) -> None:
    """Make ``app.openapi()`` name a token's security scheme only on a server that holds that token.

    A server without the update (or ingest) token refuses those writes with 403 whatever the
    request bears, so its schema does not ask for the token; with the token, the operations
    require it (401 without). An anonymous alternative (``{}``) stays: ``POST /sparql`` answers
    queries without a token.

    >>> from fastapi import Depends, FastAPI
    >>> app = FastAPI()
    >>> @app.post("/load", dependencies=[Depends(require_ingest_token)])
    ... def load() -> None: ...
    >>> install_security_schema(app, Settings(store="memory://", ingest_token="s3cret"))
    >>> app.openapi()["paths"]["/load"]["post"]["security"]
    [{'ingestToken': []}]
    >>> app.openapi_schema = None; install_security_schema(app, Settings(store="memory://"))
    >>> "security" in app.openapi()["paths"]["/load"]["post"]
    False
    """
    held = {t.scheme.scheme_name for t in (UPDATE_TOKEN, INGEST_TOKEN) if getattr(settings, t.setting)}
    offered = {t.scheme.scheme_name for t in (UPDATE_TOKEN, INGEST_TOKEN)}
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        schema = generate()
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                if not isinstance(operation, dict) or "security" not in operation:
                    continue
                kept = [r for r in operation["security"] if not (set(r) & offered) or set(r) <= held]
                if any(r for r in kept):
                    operation["security"] = kept
                else:
                    del operation["security"]
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
