"""Patents reach a plan's industries through its IPC codes, whether they were ingested before or after the plan."""

from __future__ import annotations

from pathlib import Path

import pytest

from patentnav.graph.bootstrap import ensure_seeded
from patentnav.graph.ingest.loader import ingest_file, remove_source
from patentnav.graph.ingest.normalize import parse_ipc
from patentnav.graph.ingest.plan_links import compute_links, industries_of
from patentnav.graph.ingest.synthetic import write_export
from patentnav.graph.policy import add_plan, remove_plan
from patentnav.graph.store import PatentStore, open_store, select
from patentnav.ontology import entity_iri
from tests.graph.policy.helpers import yaml_file

INDUSTRY = entity_iri("industry", "link-test-data")
PLAN = {
    "plan": [{"id": "link-test-plan", "label_en": "Link test plan", "regions": "430100", "source_title": "Test"}],
    "industries": [{"id": "link-test-data", "label_en": "Data processing (test)", "ipc": "G06F; H04L9/00"}],
}


def _expected(store: PatentStore) -> set[str]:
    """Patents classified in G06F or H04L9/…, found without the plan's code (string test on the notations)."""
    rows = select(
        store,
        """SELECT DISTINCT ?p WHERE { ?p a pnav:Patent ; pnav:classifiedIn|pnav:mainClassification ?c .
             ?c skos:notation ?n FILTER(STRSTARTS(?n, "G06F") || STRSTARTS(?n, "H04L9/")) }""",
    )
    return {r["p"] for r in rows}


def _linked(store: PatentStore) -> set[str]:
    return {r["p"] for r in select(store, "SELECT DISTINCT ?p WHERE { ?p pnav:inIndustry ?i }", i=_iri())}


def _iri():
    import pyoxigraph as ox

    return ox.NamedNode(INDUSTRY)


@pytest.fixture
def seeded() -> PatentStore:
    store = open_store("memory://")
    ensure_seeded(store)
    return store


def test_codes_match_at_their_level_and_below() -> None:
    rows = {"G05B19/00": ("a",), "B25J": ("b",), "H04L9/32": ("c",)}
    assert industries_of(parse_ipc("G05B19/042"), rows) == {"a"}
    assert industries_of(parse_ipc("B25J9/16"), rows) == {"b"}
    assert industries_of(parse_ipc("H04L9/00"), rows) == set()  # a subgroup row does not cover its main group
    assert industries_of(parse_ipc("G05B"), rows) == set()


def test_patents_ingested_before_and_after_the_plan_are_linked(seeded: PatentStore, tmp_path: Path) -> None:
    before = ingest_file(seeded, write_export("cnipa", tmp_path / "synthetic_before.csv", rows=120, seed=3))
    expected = _expected(seeded)
    assert expected, "the synthetic export has G06F patents"
    result = add_plan(seeded, yaml_file(tmp_path / "plan.yaml", PLAN))
    assert result.industry_links == len(expected)
    assert _linked(seeded) == expected
    # the links live in the plan's graph
    graphs = select(seeded, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?p pnav:inIndustry ?i } }", i=_iri())
    assert [r["g"] for r in graphs] == [result.graph]

    after = ingest_file(seeded, write_export("cnipa", tmp_path / "synthetic_after.csv", rows=120, seed=4))
    assert _expected(seeded) > expected
    assert _linked(seeded) == _expected(seeded)

    remove_source(seeded, before.sha256)
    assert _linked(seeded) == _expected(seeded)  # the removed file's patents left the plan's links too
    remove_source(seeded, after.sha256)
    assert _linked(seeded) == set() == _expected(seeded)


def test_removing_the_plan_removes_its_links(seeded: PatentStore, tmp_path: Path) -> None:
    ingest_file(seeded, write_export("cnipa", tmp_path / "synthetic.csv", rows=80, seed=5))
    add_plan(seeded, yaml_file(tmp_path / "plan.yaml", PLAN))
    assert _linked(seeded)
    remove_plan(seeded, "link-test-plan")
    assert _linked(seeded) == set()
    assert select(seeded, "SELECT ?c WHERE { ?i pnav:industryIPC ?c }", i=_iri()) == []  # its IPC rows went too


def test_analyses_count_a_plans_industry_like_the_pilots(seeded: PatentStore, tmp_path: Path) -> None:
    """The view's patent counts (the same ``?p pnav:inIndustry ?i`` the analyses read) include the plan's links."""
    from patentnav.graph.viz.sources import patent_counts

    ingest_file(seeded, write_export("cnipa", tmp_path / "synthetic.csv", rows=80, seed=6))
    add_plan(seeded, yaml_file(tmp_path / "plan.yaml", PLAN))
    assert patent_counts(seeded, [INDUSTRY]) == {INDUSTRY: len(_expected(seeded))}
    assert compute_links(seeded, {"G06F": {INDUSTRY}}, within=None)
