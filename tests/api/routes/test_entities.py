"""/entities/{type}/{id} by content negotiation, related lookups, and /search."""

from __future__ import annotations

import csv
import io
from html import escape

import rdflib

from patentnav.graph.ipc_titles import ipc_title, titles_available

ENTITY = "/entities/industry/construction-machinery"


def test_entity_as_json_has_labels_and_links(client) -> None:
    r = client.get(ENTITY, headers={"accept": "application/json"})
    assert r.status_code == 200
    body = r.json()
    assert body["entity"]["label_zh"] == "工程机械"
    assert body["entity"]["label_en"] == "Construction machinery"
    incoming = {link["entity"]["iri"].rsplit("/", 1)[-1] for link in body["links_in"]}
    assert {"construction-machinery", "patent-navigation"} <= incoming


def test_entity_as_turtle_and_jsonld_parse(client) -> None:
    for media, fmt in (("text/turtle", "turtle"), ("application/ld+json", "json-ld")):
        r = client.get("/entities/region/430200", headers={"accept": media})
        assert r.status_code == 200 and r.headers["content-type"].startswith(media)
        g = rdflib.Graph().parse(data=r.text, format=fmt)
        code = g.value(
            rdflib.URIRef("https://w3id.org/patentnav/id/region/430200"),
            rdflib.URIRef("https://w3id.org/patentnav/ontology#regionCode"),
        )
        assert str(code) == "430200"


def test_entity_as_html_escapes_and_links(client) -> None:
    r = client.get("/entities/region/430200", headers={"accept": "text/html"})
    assert r.status_code == 200
    assert "株洲市" in r.text and 'href="/entities/region/430000"' in r.text
    # properties read as the ontology's labels, not as IRIs' local names
    assert "行政区划代码" in r.text and "隶属行政区" in r.text


def test_ipc_entity_shows_its_wipo_title(client) -> None:
    body = client.get("/entities/ipc/B66C", headers={"accept": "application/json"}).json()
    page = client.get("/entities/ipc/B66C", headers={"accept": "text/html"}).text
    assert "Chinese titles are not available" in body["title_note"] and "暂无中文标题" in page
    if titles_available():
        assert body["title"] == ipc_title("B66C") and "cranes" in body["title"].lower()
        assert escape(body["title"]) in page
    else:  # the optional ipc-titles extra is not installed: no title, and the page says how to get titles
        assert body["title"] is None and "uv sync --extra ipc-titles" in page
    assert client.get(ENTITY, headers={"accept": "application/json"}).json()["title"] is None


def test_unknown_entity_is_404_problem_json(client) -> None:
    r = client.get("/entities/region/999999")
    assert r.status_code == 404
    assert r.headers["content-type"] == "application/problem+json"
    body = r.json()
    assert body["status"] == 404 and body["title"] == "Unknown entity" and "999999" in body["detail"]


def test_unknown_type_and_bad_id_are_404(client) -> None:
    assert client.get("/entities/spaceship/1").status_code == 404
    assert client.get("/entities/region/..%2F..%2Fetc").status_code == 404


def test_unacceptable_media_type_is_406(client) -> None:
    r = client.get(ENTITY, headers={"accept": "image/png"})
    assert r.status_code == 406 and r.json()["title"] == "Not acceptable"


def test_related_from_construction_machinery(client) -> None:
    r = client.get(ENTITY + "/related", params={"depth": 2})
    assert r.status_code == 200
    items = r.json()["items"]
    found = {(i["entity"]["type"], i["entity"]["iri"].rsplit("/", 1)[-1]) for i in items}
    assert ("center", "construction-machinery") in found
    assert ("task", "patent-navigation") in found
    assert {("region", c) for c in ("430100", "430200", "430300")} <= found
    center = next(i for i in items if i["entity"]["iri"].endswith("/center/construction-machinery"))
    assert center["depth"] == 1
    assert center["path"] == [
        {
            "subject": "https://w3id.org/patentnav/id/center/construction-machinery",
            "property": "https://w3id.org/patentnav/ontology#servesIndustry",
            "object": "https://w3id.org/patentnav/id/industry/construction-machinery",
        }
    ]


def test_related_filters_by_type_and_relation(client) -> None:
    r = client.get(ENTITY + "/related", params={"depth": 1, "type": "task"})
    assert {i["entity"]["type"] for i in r.json()["items"]} == {"task"}
    r = client.get(ENTITY + "/related", params={"relation": "servesIndustry"})
    assert [i["entity"]["type"] for i in r.json()["items"]] == ["center"]


def test_related_with_a_misspelt_relation_is_a_problem_naming_the_right_one(client) -> None:
    r = client.get(ENTITY + "/related", params={"relation": "servesIndustri"})
    assert r.status_code == 422 and r.headers["content-type"].startswith("application/problem+json")
    assert "did you mean servesIndustry or " in r.json()["detail"]


def test_related_depth_out_of_range_is_422(client) -> None:
    for depth in (0, 4, -1):
        r = client.get(ENTITY + "/related", params={"depth": depth})
        assert r.status_code == 422 and r.headers["content-type"] == "application/problem+json"


def test_search_ranks_exact_match_first(client) -> None:
    r = client.get("/search", params={"q": "株洲市"})
    assert r.status_code == 200
    assert r.json()["results"][0]["entity"]["iri"].endswith("/region/430200")
    r = client.get("/search", params={"q": "machinery", "type": "industry"})
    assert [x["entity"]["type"] for x in r.json()["results"]] == ["industry"]


def test_search_validation(client) -> None:
    assert client.get("/search", params={"q": ""}).status_code == 422
    assert client.get("/search", params={"q": "x", "type": "spaceship"}).status_code == 422


def test_format_parameter_overrides_accept(client) -> None:
    r = client.get("/entities/region/430200", params={"format": "turtle"}, headers={"accept": "text/html"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    assert client.get("/entities/region/430200", params={"format": "pdf"}).status_code == 422


def test_a_large_entity_is_counted_and_listed_in_part(client, store) -> None:
    org = "https://w3id.org/patentnav/id/org/big-applicant"
    lines = [
        f"<https://w3id.org/patentnav/id/patent/CN{i:07d}A> <https://w3id.org/patentnav/ontology#applicant> <{org}> ."
        for i in range(1200)
    ]
    store.load_graph("urn:test:big", "\n".join(lines))
    body = client.get("/entities/org/big-applicant", headers={"accept": "application/json"}).json()
    assert body["truncated"] is True and len(body["links_in"]) == 20  # the first page
    assert body["link_counts"] == [
        {
            "direction": "in",
            "property": "https://w3id.org/patentnav/ontology#applicant",
            "count": 1200,
            "shown": 20,
            "source": "graph",  # the tables were never built for this store: counted in SPARQL
            "pages": "/entities/org/big-applicant/links?property=https%3A%2F%2Fw3id.org%2Fpatentnav%2Fontology%23"
            "applicant&direction=in",
        }
    ]
    more = client.get("/entities/org/big-applicant", params={"links": 200}, headers={"accept": "application/json"})
    assert len(more.json()["links_in"]) == 200 and more.json()["link_counts"][0]["count"] == 1200
    assert client.get("/entities/org/big-applicant", params={"links": 1001}).status_code == 422
    page = client.get("/entities/org/big-applicant", headers={"accept": "text/html"}).text
    assert "1,200 linked, 20 listed" in page and 'href="?links=80"' in page
    assert f'href="{escape(body["link_counts"][0]["pages"], quote=True)}"' in page
    related = client.get("/entities/org/big-applicant/related", params={"limit": 50}).json()
    assert related["truncated"] is True and related["count"] == 50


def test_a_small_entity_is_listed_in_full(client) -> None:
    body = client.get(ENTITY, headers={"accept": "application/json"}).json()
    assert body["truncated"] is False
    assert all(c["count"] == c["shown"] for c in body["link_counts"])
    assert sum(c["shown"] for c in body["link_counts"]) == len(body["links_in"]) + len(body["links_out"])
    assert client.get(ENTITY + "/related").json()["truncated"] is False


def _big_applicant(store, n: int = 250) -> list[str]:
    """An organisation named by ``n`` patents (their IRIs, sorted), in a graph of its own."""
    org = "https://w3id.org/patentnav/id/org/big-applicant"
    patents = sorted(f"https://w3id.org/patentnav/id/patent/CN{i:07d}A" for i in range(n))
    lines = [f"<{p}> <https://w3id.org/patentnav/ontology#applicant> <{org}> ." for p in patents]
    lines += [f'<{p}> <http://www.w3.org/2000/01/rdf-schema#label> "专利 {i}"@zh .' for i, p in enumerate(patents)]
    store.load_graph("urn:test:big", "\n".join(lines))
    return patents


def test_every_link_of_a_large_entity_can_be_read_page_by_page(client, store) -> None:
    patents = _big_applicant(store)
    first = client.get("/entities/org/big-applicant", headers={"accept": "application/json"}).json()
    path: str | None = first["link_counts"][0]["pages"] + "&limit=100"
    seen: list[str] = []
    pages = 0
    while path is not None:  # follow the paths the API gives, as a client would
        body = client.get(path).json()
        assert body["count"] == 250 and body["direction"] == "in" and body["source"] == "graph"
        assert body["entity"]["iri"].endswith("/org/big-applicant")
        seen += [item["iri"] for item in body["items"]]
        path, pages = body["next"], pages + 1
        if path is not None:
            assert client.get(path).json()["previous"] is not None
    assert sorted(seen) == patents and len(seen) == len(set(seen)) and pages == 3
    last = client.get("/entities/org/big-applicant/links", params={"property": "applicant", "offset": 200}).json()
    assert [item["iri"] for item in last["items"]] == seen[200:] and last["next"] is None
    assert last["items"][0]["label_zh"] == f"专利 {patents.index(seen[200])}"
    assert last["previous"].endswith("offset=100&limit=100")


def test_a_links_page_downloads_as_csv_and_reads_as_html(client, store) -> None:
    patents = _big_applicant(store)
    params = {"property": "pnav:applicant", "offset": 20, "limit": 30}
    r = client.get("/entities/org/big-applicant/links", params={**params, "format": "csv"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert 'filename="patentnav-org-big-applicant-in-applicant-20.csv"' in r.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(r.content.decode("utf-8-sig"))))
    listed = client.get("/entities/org/big-applicant/links", params=params).json()["items"]
    assert [row["iri"] for row in rows] == [item["iri"] for item in listed] and len(rows) == 30
    assert set(row["iri"] for row in rows) <= set(patents)
    assert rows[0]["label_zh"] == f"专利 {patents.index(rows[0]['iri'])}"
    page = client.get("/entities/org/big-applicant/links", params=params, headers={"accept": "text/html"}).text
    assert "21–50 / 250" in page and 'rel="next"' in page and 'rel="prev"' in page
    assert page.count("<li>") == 30 and f'href="{listed[0]["href"]}"' in page


def test_bad_links_pages_are_problems(client, store) -> None:
    _big_applicant(store, 5)
    base = "/entities/org/big-applicant/links"
    for params in (
        {"property": "a b"},
        {"property": "nope:x"},
        {"property": "applicant", "direction": "up"},
        {"property": "applicant", "offset": -1},
        {"property": "applicant", "limit": 0},
        {"property": "applicant", "limit": 1001},
        {},
    ):
        r = client.get(base, params=params)
        assert r.status_code == 422 and r.headers["content-type"].startswith("application/problem+json"), params
    r = client.get("/entities/org/nobody/links", params={"property": "applicant"})
    assert r.status_code == 404 and r.headers["content-type"].startswith("application/problem+json")
    none = client.get(base, params={"property": "holder"}).json()
    assert none["count"] == 0 and none["items"] == [] and none["next"] is None
