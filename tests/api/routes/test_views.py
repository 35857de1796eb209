"""``/views/…`` serves the same pages as the CLI, as HTML with a strict CSP, errors as problem JSON."""

from __future__ import annotations

import re

import pytest


@pytest.mark.parametrize(
    "path",
    [
        "/views/overview",
        "/views/overview?lang=en",
        "/views/entity/industry/construction-machinery?depth=2&type=region&type=center",
        "/views/landscape?industry=construction-machinery&region=430100",
        "/views/coapplicants",
        "/views/ipc?industry=construction-machinery",
        "/views/ipc?level=subclass",
        "/views/citations",
        "/views/citations?industry=construction-machinery&level=patent&lang=en",
        "/views/transfers?region=430100&level=province",
        "/views/transfers?mode=region&max_links=5",
    ],
)
def test_views_are_self_contained_html(client, path):
    r = client.get(path)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("text/html")
    assert "default-src 'none'" in r.headers["content-security-policy"]
    assert not re.search(r"""<(script|link)[^>]+(src|href)=["']?https?://""", r.text)
    assert '"entityBase":"/entities/"' in r.text


def test_overview_title_follows_lang(client):
    assert "Policy overview" in client.get("/views/overview?lang=en").text
    assert "政策总览" in client.get("/views/overview").text


def test_unknown_entity_is_a_404_problem(client):
    r = client.get("/views/entity/industry/no-such-industry")
    assert r.status_code == 404
    assert r.headers["content-type"] == "application/problem+json"


def test_bad_parameters_are_422_problems(client):
    assert client.get("/views/overview?lang=fr").status_code == 422
    assert client.get("/views/entity/industry/new-materials?depth=9").status_code == 422
    r = client.get("/views/entity/industry/new-materials?type=planet")
    assert r.status_code == 400 and "unknown entity type" in r.json()["detail"]


def test_citation_and_transfer_views_refuse_bad_parameters(client):
    assert client.get("/views/citations?level=inventor").status_code == 422
    assert client.get("/views/transfers?max_links=0").status_code == 422
    assert client.get("/views/transfers?level=city").status_code == 422
    r = client.get("/views/transfers?region=999999")
    assert r.status_code == 404 and r.headers["content-type"] == "application/problem+json"


def test_landscape_unknown_region_is_404(client):
    r = client.get("/views/landscape?industry=new-materials&region=999999")
    assert r.status_code == 404


def test_api_page_is_the_cli_page_plus_entity_links(client, store):
    from patentnav.graph.viz.views import landscape_view

    served = client.get("/views/landscape?industry=construction-machinery&region=430100&lang=en").text
    written = landscape_view(store, "construction-machinery", "430100", lang="en")
    assert served.replace('"entityBase":"/entities/"', '"entityBase":null') == written
