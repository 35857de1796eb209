"""``/sparql/ui/…``: the query page's YASGUI files, vendored in the package (nothing is fetched from a CDN).

The page itself is :func:`patentnav.api.query_page.query_page`, which ``GET /sparql`` answers to browsers.
"""

from __future__ import annotations

from importlib import resources

from fastapi import APIRouter
from fastapi.responses import Response

from patentnav.api.problems import Problem

__all__ = ["router"]

router = APIRouter(tags=["sparql"])

_STATIC = {
    "yasgui.min.js": "application/javascript",
    "yasgui.min.css": "text/css",
}


@router.get("/sparql/ui/{name}", include_in_schema=False)
def sparql_ui_asset(name: str) -> Response:
    """The vendored YASGUI files (see api/static/yasgui/NOTICE.md); nothing is fetched from a CDN."""
    if name not in _STATIC:
        raise Problem(404, "Not found", f"no UI asset {name!r}")
    data = resources.files("patentnav.api").joinpath("static", "yasgui", name).read_bytes()
    return Response(data, media_type=_STATIC[name], headers={"Cache-Control": "public, max-age=86400"})
