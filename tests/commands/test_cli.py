"""Each CLI command works on a temporary on-disk store (and on Virtuoso), seeded on first use (``store_url``)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from patentnav.cli import app

runner = CliRunner()


def run(*args: str):
    result = runner.invoke(app, list(args))
    return result


def test_query_seeds_an_empty_store_and_answers_in_sparql_json(store_url: str) -> None:
    result = run(
        "query",
        "SELECT ?l WHERE { ?i a pnav:Industry ; rdfs:label ?l FILTER(LANG(?l)='en') }",
        "--store",
        store_url,
        "--format",
        "json",
    )
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    assert body["head"]["vars"] == ["l"]
    assert len(body["results"]["bindings"]) == 5
    # the second run reuses the store instead of seeding again
    again = run("query", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "--store", store_url, "--format", "csv")
    assert again.exit_code == 0 and "loaded the bundled" not in again.output


def test_query_csv_and_file_input(store_url: str, tmp_path: Path) -> None:
    rq = tmp_path / "regions.rq"
    rq.write_text("SELECT ?code WHERE { ?r pnav:regionCode ?code } ORDER BY ?code", encoding="utf-8")
    result = run("query", str(rq), "--store", store_url, "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows == [["code"], ["430000"], ["430100"], ["430200"], ["430300"]]


def test_query_syntax_error_is_one_clear_line(store_url: str) -> None:
    result = run("query", "SELECT * WHERE { ?s ?p", "--store", store_url)
    assert result.exit_code == 1
    assert "SPARQL syntax error" in result.output
    assert "Traceback" not in result.output


def test_related_by_label_reaches_tasks_center_and_regions(store_url: str) -> None:
    result = run("related", "工程机械", "--depth", "2", "--store", store_url, "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    by_type = {}
    for row in rows:
        by_type.setdefault(row["type"], set()).add(row["iri"].rsplit("/", 1)[-1])
    assert "construction-machinery" in by_type["center"]
    assert {"patent-navigation", "support-centers"} <= by_type["task"]
    assert {"430100", "430200", "430300"} <= by_type["region"]


def test_related_unknown_entity_fails_cleanly(store_url: str) -> None:
    result = run("related", "region/999999", "--store", store_url)
    assert result.exit_code == 1
    assert "unknown entity" in result.output


def test_search_and_show(store_url: str) -> None:
    found = run("search", "Zhuzhou", "--store", store_url, "--format", "csv")
    assert found.exit_code == 0, found.output
    assert "https://w3id.org/patentnav/id/region/430200" in found.stdout
    shown = run("show", "region/430200", "--store", store_url, "--format", "json")
    assert shown.exit_code == 0, shown.output
    rows = json.loads(shown.stdout)
    assert {"direction": "", "property": "pnav:regionCode", "value": "430200", "lang": None, "iri": None} in rows


def test_show_links_pages_through_one_property(store_url: str) -> None:
    query = "SELECT ?r WHERE { ?r pnav:partOfRegion <https://w3id.org/patentnav/id/region/430000> } ORDER BY STR(?r)"
    answer = run("query", query, "--store", store_url, "--format", "csv")
    every = [row["r"] for row in csv.DictReader(io.StringIO(answer.stdout))]
    assert len(every) > 3
    seen: list[str] = []
    offset = 0
    while True:
        where = ["--limit", "3", "--offset", str(offset), "--store", store_url, "--format", "csv"]
        page = run("show", "region/430000", "--links", "in:partOfRegion", *where)
        assert page.exit_code == 0, page.output
        seen += [row["iri"] for row in csv.DictReader(io.StringIO(page.stdout))]
        assert f"of {len(every):,} listed" in page.stderr
        if "next page" not in page.stderr:
            break
        offset = int(page.stderr.rsplit("--offset", 1)[1])
    assert sorted(seen) == every and len(seen) == len(set(seen))
    bad = run("show", "region/430000", "--links", "partOfRegion", "--store", store_url)
    assert bad.exit_code != 0 and "in:PROPERTY" in bad.output and "Traceback" not in bad.output


def test_validate_reports_conformance(store_url: str) -> None:
    result = run("validate", "--store", store_url)
    assert result.exit_code == 0, result.output
    assert "conforms" in result.output


def test_bad_store_url_is_a_clear_error() -> None:
    result = run("query", "ASK {}", "--store", "ftp://nowhere")
    assert result.exit_code == 1
    assert "unsupported store URL" in result.output


def test_store_from_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATENTNAV_STORE", f"oxigraph://{tmp_path / 'env-store'}")
    result = run("query", "ASK { ?s a pnav:Plan }")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "true"
    assert (tmp_path / "env-store").is_dir()
