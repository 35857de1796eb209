"""POST /sparql forms: invalid percent-encoded UTF-8 is refused exactly as on GET."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from patentnav.api.main import create_app
from patentnav.graph.store import open_store
from patentnav.settings import Settings

FORM = {"content-type": "application/x-www-form-urlencoded"}
TOKEN = "t0ken-for-tests"


@pytest.fixture
def client():
    settings = Settings(store="memory://", update_token=TOKEN)
    with TestClient(create_app(settings, store=open_store("memory://"))) as c:
        yield c


def _problem(response) -> tuple[int, str, str]:
    assert response.headers["content-type"].startswith("application/problem+json"), response.text
    body = response.json()
    return response.status_code, body["title"], body["detail"]


@pytest.mark.parametrize("field", ["query", "update", "default-graph-uri", "named-graph-uri"])
def test_a_form_with_invalid_percent_encoded_utf8_is_refused_like_get(client, field):
    got = client.get("/sparql?query=ASK%7B%FF%7D")
    sent = f"query=ASK%7B%7D&{field}=%FF%FE" if field.endswith("graph-uri") else f"{field}=ASK%7B%FF%7D"
    posted = client.post("/sparql", content=sent, headers={**FORM, "authorization": f"Bearer {TOKEN}"})
    get_status, get_title, get_detail = _problem(got)
    post_status, post_title, post_detail = _problem(posted)
    assert (post_status, post_title) == (get_status, get_title) == (400, "Invalid encoding")
    assert get_detail == "the query string is not percent-encoded UTF-8"
    assert post_detail == "the form body is not percent-encoded UTF-8"


def test_a_form_with_valid_percent_encoded_utf8_is_answered(client):
    # ASK { FILTER("工程" = "工程") } percent-encoded: valid UTF-8 still works.
    sent = "query=ASK%20%7B%20FILTER(%22%E5%B7%A5%E7%A8%8B%22%20%3D%20%22%E5%B7%A5%E7%A8%8B%22)%20%7D"
    r = client.post("/sparql", content=sent, headers={**FORM, "accept": "application/sparql-results+json"})
    assert r.status_code == 200, r.text
    assert r.json()["boolean"] is True


def test_a_post_whose_url_query_string_is_invalid_utf8_is_refused_like_get(client):
    """The URL's own query string (default-graph-uri on a POST) is checked the same way as on GET."""
    r = client.post(
        "/sparql?default-graph-uri=%FF", content="ASK {}", headers={"content-type": "application/sparql-query"}
    )
    assert _problem(r) == (400, "Invalid encoding", "the query string is not percent-encoded UTF-8")
