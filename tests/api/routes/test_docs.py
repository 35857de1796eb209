"""The API documentation page works offline: every script and stylesheet comes from this server."""

from __future__ import annotations

import re


def test_docs_page_loads_assets_locally(client) -> None:
    page = client.get("/docs")
    assert page.status_code == 200
    sources = re.findall(r'(?:src|href)=["\']([^"\']+)["\']', page.text)
    assert sources, "the page references no assets"
    for src in sources:
        assert not src.startswith(("http://", "https://", "//")), src
        if src.startswith("/docs/assets/"):
            assert client.get(src).status_code == 200, src
    assert client.get("/openapi.json").json()["info"]["title"] == "patentnav"


def test_docs_assets_cannot_escape_their_folder(client) -> None:
    assert client.get("/docs/assets/..%2F..%2F__init__.py").status_code == 404
    assert client.get("/docs/assets/index.html").status_code == 404
