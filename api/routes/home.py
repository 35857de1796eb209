"""``/``: a small page that points people to the SPARQL UI, views, API docs and search; ``/favicon.ico``."""

from __future__ import annotations

from importlib.resources import files

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, Response

router = APIRouter(tags=["home"])

_PAGE = """<!doctype html><html lang="zh"><head><meta charset="utf-8"><title>patentnav 专利导航</title>
<style>body{font-family:"WenQuanYi Zen Hei",sans-serif;margin:2em;max-width:60em}</style></head><body>
<h1>patentnav · 专利导航知识图谱</h1>
<p>Industries, support centers, regions and policy tasks linked with patents, applicants and IPC classes.</p>
<ul>
<li><a href="/sparql">SPARQL query UI</a> (endpoint <code>/sparql</code>, SPARQL 1.1 Protocol)</li>
<li><a href="/views/overview">Policy overview graph</a> (政策总览)</li>
<li><a href="/search?q=工程机械">Search</a>: <code>/search?q=…</code></li>
<li><a href="/entities/plan/hunan-ip-strong-province-pilot">The Hunan pilot plan</a></li>
<li><a href="/docs">API documentation</a> (OpenAPI)</li>
</ul></body></html>"""


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def home() -> str:
    """The start page."""
    return _PAGE


_FAVICON = files("patentnav.api").joinpath("static/favicon.svg").read_bytes()


@router.get("/favicon.ico", include_in_schema=False)
def favicon() -> Response:
    """The icon browsers ask for on every page (a 404 here is a console error on each visit)."""
    return Response(_FAVICON, media_type="image/svg+xml", headers={"Cache-Control": "public, max-age=86400"})
