"""Graphs read from the store for each view."""

from __future__ import annotations

import html
import json
import re

import pytest

from patentnav.graph.errors import UnknownEntityError
from patentnav.graph.ipc_titles import ipc_title, titles_available
from patentnav.graph.viz.sources import (
    IPC_TITLE_FACT,
    coapplicant_graph,
    entity_graph,
    ipc_graph,
    landscape_graph,
    network_scope,
    overview_graph,
)
from patentnav.graph.viz.views import coapplicants_view, ipc_view
from patentnav.ontology import entity_iri, graph_iri

CM = entity_iri("industry", "construction-machinery")
CHANGSHA = entity_iri("region", "430100")


def test_overview_links_plan_tasks_industries_centers_regions_agencies(store):
    g = overview_graph(store)
    types = {d["type"] for _, d in g.nodes(data=True)}
    assert types == {"plan", "task", "target", "industry", "center", "region", "zone", "agency"}
    plan = entity_iri("plan", "hunan-ip-strong-province-pilot")
    assert g.has_edge(plan, entity_iri("task", "support-centers"))
    assert g.has_edge(plan, entity_iri("target", "czt-invention-patents-per-10k"))
    assert g.has_edge(entity_iri("task", "patent-navigation"), CM)
    assert g.has_edge(entity_iri("center", "construction-machinery"), CM)
    assert g.has_edge(entity_iri("center", "construction-machinery"), CHANGSHA)
    assert g.has_edge(plan, entity_iri("agency", "cnipa"))
    edge = g.edges[plan, entity_iri("agency", "cnipa")]
    assert edge["rel_en"] and edge["rel_zh"]


def test_landscape_counts_applicants_in_region_and_subregions(patent_store):
    g = landscape_graph(patent_store, CM, CHANGSHA)
    orgs = {d["label_en"]: d["patent_count"] for _, d in g.nodes(data=True) if d["type"] == "org"}
    # alpha sits in a district of Changsha, beta and the evil one in Changsha; gamma (Zhuzhou) is out
    assert orgs["Alpha Heavy Test Co."] == 4
    assert orgs["Beta Machinery Test Co."] == 3
    assert "Gamma Test University" not in orgs
    ipc = {d["label_en"]: d["patent_count"] for _, d in g.nodes(data=True) if d["type"] == "ipc"}
    assert ipc["B66C 23/00"] == 3  # CN1, CN4, CN6: distinct patents, not a sum over applicants
    assert g.nodes[CM]["patent_count"] == 5  # CN1-CN4 and CN6 have a Changsha applicant
    assert g.has_edge(entity_iri("center", "construction-machinery"), CHANGSHA)


def test_landscape_without_region_includes_every_applicant(patent_store):
    g = landscape_graph(patent_store, CM)
    labels = {d["label_en"] for _, d in g.nodes(data=True) if d["type"] == "org"}
    assert "Gamma Test University" in labels and "Delta Test Institute" not in labels


def test_unknown_industry_is_an_error(patent_store):
    with pytest.raises(UnknownEntityError):
        landscape_graph(patent_store, entity_iri("industry", "no-such"))


def test_coapplicant_network_weights_and_communities(patent_store):
    g = coapplicant_graph(patent_store)
    alpha, beta = entity_iri("org", "alpha"), entity_iri("org", "beta")
    assert g.edges[alpha, beta]["weight"] == 2
    assert g.nodes[alpha]["patent_count"] == 4
    assert all("community" in d for _, d in g.nodes(data=True))
    assert g.nodes[alpha]["community"] == g.nodes[beta]["community"]


def test_coapplicant_network_filtered_by_industry(patent_store):
    g = coapplicant_graph(patent_store, network_scope(patent_store, industry=entity_iri("industry", "new-materials")))
    assert set(g) == {entity_iri("org", "delta"), entity_iri("org", "gamma")}


def test_ipc_cooccurrence(patent_store):
    g = ipc_graph(patent_store, network_scope(patent_store, region=CHANGSHA))
    a, b = entity_iri("ipc", "B66C23-00"), entity_iri("ipc", "E02F3-00")
    assert g.edges[a, b]["weight"] == 2  # CN1 and CN6
    assert g.nodes[a]["label_zh"] == "B66C 23/00"
    assert entity_iri("ipc", "C22C38-00") not in g  # CN5 has no Changsha applicant


def test_ipc_view_shows_wipo_titles_in_the_tooltip(patent_store):
    page = ipc_view(patent_store, lang="en")
    data = json.loads(re.search(r'<script type="application/json" id="pnav-data">(.*?)</script>', page, re.S)[1])
    node = next(n for n in data["nodes"] if n["id"] == entity_iri("ipc", "B66C23-00"))
    # the tooltip shows the full English and Chinese labels; the Chinese one stays the code (no Chinese titles)
    assert node["label_zh"] == "B66C 23/00"
    if titles_available():
        assert node["label_en"].startswith("B66C 23/00 · Cranes comprising") and len(node["short_en"]) <= 34
        assert dict(node["facts"])[IPC_TITLE_FACT] == ipc_title("B66C23/00")  # in full in the details panel
        assert "WIPO's English IPC scheme titles" in html.unescape(page)
    else:  # the optional ipc-titles extra is not installed: bare codes, and the note says how to get titles
        assert node["label_en"] == "B66C 23/00" and IPC_TITLE_FACT not in dict(node["facts"])
        assert "uv sync --extra ipc-titles" in page
    assert "Chinese titles are not available" in page


def test_entity_neighbourhood_with_type_filter_links_through_hidden_nodes(store):
    g = entity_graph(store, CM, depth=2, types=["region"])
    regions = {d["label_en"] for n, d in g.nodes(data=True) if n != CM}
    assert "Changsha" in regions
    assert {d["type"] for n, d in g.nodes(data=True) if n != CM} == {"region"}
    edge = g.edges[CM, CHANGSHA] if g.has_edge(CM, CHANGSHA) else g.edges[CHANGSHA, CM]
    assert " / " in edge["rel_en"]  # two hops, the center or task in between is filtered out


def test_overview_nodes_carry_facts_for_the_details_panel(store):
    g = overview_graph(store)
    center = dict(g.nodes[entity_iri("center", "new-materials")]["facts"])
    assert center["状态 status"] == "planned"
    target = dict(g.nodes[entity_iri("target", "large-medium-enterprises-share")]["facts"])
    assert target["原文不完整 source text cut off"] == "是 yes"
    assert target["目标值 target value"] in ("70", "70.0")


SUBGROUPS = """
@prefix pnav: <https://w3id.org/patentnav/ontology#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix ipc:  <https://w3id.org/patentnav/id/ipc/> .
ipc:B66C23-64 a pnav:IPCClass ; skos:notation "B66C23/64" ; skos:broader ipc:B66C23-00 .
ipc:F16H1-12 a pnav:IPCClass ; skos:notation "F16H1/12" .
<https://w3id.org/patentnav/id/patent/CN7> a pnav:Patent ;
    pnav:applicant <https://w3id.org/patentnav/id/org/alpha> , <https://w3id.org/patentnav/id/org/beta> ;
    pnav:classifiedIn ipc:B66C23-64 , ipc:F16H1-12 ;
    pnav:inIndustry <https://w3id.org/patentnav/id/industry/construction-machinery> .
"""


@pytest.fixture
def subgroup_store(patent_store):
    patent_store.load_graph(graph_iri("test-subgroups"), SUBGROUPS)
    return patent_store


def test_landscape_rolls_subgroups_up_to_main_groups(subgroup_store):
    g = landscape_graph(subgroup_store, CM, CHANGSHA)
    ipc = {n.rsplit("/", 1)[-1]: d for n, d in g.nodes(data=True) if d["type"] == "ipc"}
    assert set(ipc) == {"B66C23-00", "E02F3-00", "E02F9-00", "F16H1-00"}
    assert ipc["B66C23-00"]["patent_count"] == 4  # CN1, CN4, CN6 and CN7's subgroup B66C23/64
    assert ipc["F16H1-00"]["label_en"] == "F16H1/00"  # a main group the store has no node for


def test_ipc_network_is_at_main_group_level_by_default(subgroup_store):
    g = ipc_graph(subgroup_store)
    b66c, f16h = entity_iri("ipc", "B66C23-00"), entity_iri("ipc", "F16H1-00")
    assert entity_iri("ipc", "B66C23-64") not in g
    assert g.edges[b66c, f16h]["weight"] == 1
    sub = ipc_graph(subgroup_store, level="subclass")
    assert set(sub) == {entity_iri("ipc", c) for c in ("B66C", "E02F", "C22C", "F16H")}
    assert "level: IPC main groups (subgroups rolled up)" in ipc_view(subgroup_store, lang="en")


def test_coapplicant_network_is_capped_and_drops_applicants_without_partners(patent_store):
    g = coapplicant_graph(patent_store, max_nodes=2)
    assert set(g) == {entity_iri("org", "alpha"), entity_iri("org", "beta")}
    assert g.graph["truncated"] is True
    assert "more than 2 in scope" in coapplicants_view(patent_store, max_nodes=2, lang="en")


def test_network_view_without_patents_says_so(store):
    g = coapplicant_graph(store)
    assert g.number_of_nodes() == 0 and "no patents in scope" in g.graph["empty"]
    assert "no patents in scope" in ipc_view(store, lang="en")


def test_network_scope_refuses_an_unknown_region(patent_store):
    with pytest.raises(UnknownEntityError):
        network_scope(patent_store, region=entity_iri("region", "999999"))
