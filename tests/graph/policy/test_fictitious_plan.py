"""The fictitious sample plan (Ningbo) loads beside the pilot and shows up in search, related, overview and targets."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from patentnav.data import data_path
from patentnav.graph.entities import related, search
from patentnav.graph.policy import add_plan, list_plans, read_workbook
from patentnav.graph.policy.sample import SAMPLE_FILE, SAMPLE_PLAN_ID, sample_workbook
from patentnav.graph.store import PatentStore, select
from patentnav.graph.viz.sources import overview_graph
from patentnav.ontology import entity_iri

PLAN = entity_iri("plan", SAMPLE_PLAN_ID)


@pytest.fixture
def with_sample(store: PatentStore) -> PatentStore:
    result = add_plan(store, data_path(SAMPLE_FILE))
    assert result.fictitious and not result.already_loaded
    return store


def test_the_shipped_file_holds_the_sample_tables() -> None:
    assert read_workbook(data_path(SAMPLE_FILE))[0].tables() == sample_workbook().tables()


def test_it_loads_beside_the_pilot_and_is_labelled_fictitious_everywhere(with_sample: PatentStore) -> None:
    plans = {p["id"]: p for p in list_plans(with_sample)}
    assert set(plans) == {"hunan-ip-strong-province-pilot", SAMPLE_PLAN_ID}
    sample = plans[SAMPLE_PLAN_ID]
    assert sample["fictitious"] and not plans["hunan-ip-strong-province-pilot"]["fictitious"]
    assert "虚构" in sample["label_zh"] and "Fictitious" in sample["label_en"]
    flags = select(
        with_sample,
        "SELECT ?s WHERE { GRAPH ?g { ?s pnav:fictitious true } } ORDER BY ?s",
        g=ox.NamedNode(sample["graph"]),
    )
    assert {r["s"] for r in flags} >= {PLAN, sample["graph"]}
    assert any("/source/workbook-" in r["s"] for r in flags)  # the workbook's provenance says so too
    # the pilot's own facts are untouched: still five industries in its scheme, eight tasks
    pilot_industries = select(with_sample, "SELECT DISTINCT ?i WHERE { ?i skos:inScheme industry:scheme }")
    assert len(pilot_industries) == 5


def test_search_finds_its_entities(with_sample: PatentStore) -> None:
    hits = {h.entity.iri: h for h in search(with_sample, "宁波")}
    assert PLAN in hits
    assert entity_iri("region", "330200") in hits
    english = {h.entity.iri for h in search(with_sample, "smart equipment")}
    assert entity_iri("industry", "fictitious-smart-equipment") in english
    assert entity_iri("center", "fictitious-ningbo-smart-equipment-center") in english


def test_related_walks_from_a_pilot_industry_to_its_task_and_from_its_plan(with_sample: PatentStore) -> None:
    near_rail = {r.entity.iri for r in related(with_sample, entity_iri("industry", "rail-transit"))}
    assert entity_iri("task", "fictitious-ningbo-rail-cooperation") in near_rail
    near_plan = {r.entity.iri for r in related(with_sample, PLAN)}
    assert {
        entity_iri("task", "fictitious-ningbo-patent-navigation"),
        entity_iri("target", "fictitious-ningbo-invention-patents-per-10k"),
        entity_iri("region", "330200"),
        entity_iri("agency", "fictitious-ningbo-ip-office"),
    } <= near_plan
    two = {r.entity.iri for r in related(with_sample, PLAN, depth=2)}
    assert entity_iri("industry", "fictitious-smart-equipment") in two


def test_the_overview_of_either_plan(with_sample: PatentStore) -> None:
    default = overview_graph(with_sample)
    assert PLAN not in default and entity_iri("plan", "hunan-ip-strong-province-pilot") in default
    sample = overview_graph(with_sample, SAMPLE_PLAN_ID)
    assert PLAN in sample
    assert entity_iri("industry", "rail-transit") in sample  # a pilot industry its task names
    assert entity_iri("task", "patent-navigation") not in sample  # but not the pilot's tasks
    assert sample.nodes[entity_iri("center", "fictitious-ningbo-smart-equipment-center")]["type"] == "center"


def test_target_tracking_shows_its_target(with_sample: PatentStore) -> None:
    from patentnav.graph.analysis.targets import target_progress

    df = target_progress(with_sample)
    rows = df[df["target"] == entity_iri("target", "fictitious-ningbo-invention-patents-per-10k")]
    official = rows[rows["basis"] == "official"]
    assert len(official) == 1
    row = official.iloc[0]
    assert (row["region_id"], float(row["value"]), float(row["target_value"])) == ("330200", 50.5, 60.0)
    assert not bool(row["meets_target"])
    # the pilot's rows are as before
    pilot = df[(df["region_id"] == "changzhutan") & (df["basis"] == "official")].iloc[0]
    assert round(float(pilot["value"]), 2) == 28.6


def test_center_coverage_counts_its_planned_center(with_sample: PatentStore) -> None:
    """The analyses read the plan's graph through the analytic tables, rebuilt for it at the next analysis."""
    from patentnav.graph.analysis.planning import center_coverage
    from patentnav.graph.analysis.scope import Scope

    df = center_coverage(with_sample, Scope())
    pair = df[
        (df["industry"] == entity_iri("industry", "fictitious-smart-equipment"))
        & (df["region"] == entity_iri("region", "330200"))
    ]
    assert list(pair["status"]) == ["planned only"]
    assert list(pair["planned_centers"]) == [1]
