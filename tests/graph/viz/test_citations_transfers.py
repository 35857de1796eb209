"""The citation network and the transfer-flow view (issue 17), by hand on the key-patent tests' tiny graph.

The graph (tests/graph/analysis/extras.py): P2 (乙大学), P3 (丙机械) and P4 (甲机械 + 乙大学) cite P1 (甲机械), P4
cites P2, a document outside the files (US99000001B2) cites P6 (丁研究院). Transfers: P1 甲机械 (岳麓区, Changsha)
-> 丙机械 (Shenzhen), counted twice; P5 Foreign Machinery (JP) -> 甲机械; P6 丁研究院 (天元区, Zhuzhou) -> 甲机械.
"""

from __future__ import annotations

import json
import re

import pytest

from patentnav.graph.analysis.scope import resolve_scope
from patentnav.graph.viz.sources import citation_graph, transfer_flows
from patentnav.graph.viz.views import citations_view, transfers_view
from tests.graph.analysis.extras import P1, P2, P3, P4, P6, key_store, org, patent

CM = "construction-machinery"
A, B, C = org("a-co"), org("b-univ"), org("c-co")


@pytest.fixture(scope="module")
def store():
    return key_store()


def _data(html: str) -> dict:
    text = re.search(r'<script type="application/json" id="pnav-data">(.*?)</script>', html, re.S).group(1)
    return json.loads(text)


def test_organisation_citations_by_hand(store):
    g = citation_graph(store, resolve_scope(store, industry=CM))
    # pairs (citing org, cited org, citing, cited): P2->P1 (B,A); P3->P1 (C,A); P4->P1 (A,A) (B,A); P4->P2 (A,B) (B,B)
    assert {n: g.nodes[n]["patent_count"] for n in g} == {A: 4, B: 2, C: 0}
    assert {(u, v): w for u, v, w in g.edges(data="weight")} == {(B, A): 2, (A, B): 1, (C, A): 1}
    facts = dict(g.nodes[A]["facts"])
    assert facts["自引 self-citations"] == 1 and facts["引用他人 citing others"] == 1
    assert g.nodes[A]["label_zh"] == "甲机械有限公司" and g.nodes[A]["community"] == 0
    assert (g.graph["candidates"], g.graph["links"], g.graph["citations"], g.graph["truncated"]) == (3, 3, 4, False)


def test_patent_citations_include_documents_outside_the_files(store):
    g = citation_graph(store, resolve_scope(store, industry=CM), level="patent")
    ref = patent("US99000001B2")
    assert set(g) == {patent(n) for n in (P1, P2, P3, P4, P6)} | {ref}
    assert g.nodes[patent(P1)]["patent_count"] == 5  # stated 5 > 3 listed
    assert g.nodes[patent(P6)]["patent_count"] == 2
    assert g.nodes[patent(P1)]["label_zh"].startswith("CN1000001B")
    assert ("文献 document", "未载入：仅有文献号 not loaded: known by its number only") in g.nodes[ref]["facts"]
    assert set(g.edges) == {
        (patent(P2), patent(P1)), (patent(P3), patent(P1)), (patent(P4), patent(P1)), (patent(P4), patent(P2)),
        (ref, patent(P6)),
    }  # fmt: skip
    # two separate groups: two communities
    assert g.nodes[patent(P1)]["community"] != g.nodes[patent(P6)]["community"]


def test_the_cap_and_what_it_left_out_are_in_the_note(store):
    g = citation_graph(store, resolve_scope(store, industry=CM), max_nodes=2)
    assert set(g) == {A, B} and g.graph["truncated"] and g.graph["candidates"] == 3
    html = citations_view(store, industry=CM, max_nodes=2, lang="en")
    assert "3 nodes in the whole network, the top 2 kept" in html
    assert "3 organisation pairs and 4 citations in all" in html
    meta = _data(html)["meta"]
    assert meta["countLabel"] == "被引 forward citations" and "citing → cited" in meta["edgeNote"]
    edges = {(e["from"], e["to"]): e["arrows"] for e in _data(html)["edges"]}
    assert edges == {(B, A): "to", (A, B): "to"}


def test_a_scope_without_citations_says_so(store):
    g = citation_graph(store, resolve_scope(store, industry="rail-transit"))
    assert g.number_of_nodes() == 0 and "no patents in scope" in g.graph["empty"]
    html = citations_view(store, industry=CM, region="440300")  # 丙机械's P3 cites P1: one org pair
    assert "机构引用网络" in html


def test_transfer_flows_by_type_and_place(store):
    flows = transfer_flows(store, resolve_scope(store, industry=CM, region="430100"))
    assert flows["transferred"] == 3
    by_type = {(x["source"], x["target"]): (x["patents"], x["events"], x["technology_transfer"])
               for x in flows["type"]["links"]}  # fmt: skip
    assert by_type == {
        ("from:enterprise", "to:enterprise"): (2, 3, False),  # P1 (counted 2) and P5
        ("from:research institute", "to:enterprise"): (1, 1, True),  # P6: technology transfer
    }
    names = {n["id"]: (n["name_zh"], n["name_en"], n["group"]) for n in flows["region"]["nodes"]}
    by_place = {(names[x["source"]][1], names[x["target"]][1]): (x["patents"], x["direction"])
                for x in flows["region"]["links"]}  # fmt: skip
    assert by_place == {
        ("Changsha", "深圳市"): (1, "out of"),  # the test's extra regions have no English label
        ("Zhuzhou", "Changsha"): (1, "into"),
        ("Abroad: JP", "Changsha"): (1, "into"),
    }
    assert names["from:country:JP"][2] == "foreign" and names["to:https://w3id.org/patentnav/id/region/430100"][2] == (
        "home"
    )
    assert flows["type"]["left_links"] == 0 and flows["region"]["total_links"] == 3


def test_the_flow_cap_counts_what_it_left_out(store):
    flows = transfer_flows(store, resolve_scope(store, industry=CM, region="430100"), max_links=1)
    assert len(flows["region"]["links"]) == 1
    assert (flows["region"]["total_links"], flows["region"]["left_links"], flows["region"]["left_patents"]) == (3, 2, 2)
    html = transfers_view(store, industry=CM, region="430100", max_links=1, lang="en")
    assert "by place: the 1 widest of 3 flows drawn" in html


def test_the_transfer_page_is_self_contained_and_escaped(store):
    html = transfers_view(store, industry=CM, region="430100")
    assert html.startswith("<!doctype html>")
    assert not re.search(r"""<(script|link)[^>]+(src|href)=["']?https?://""", html)
    assert "echarts" in html and "default-src 'none'" in html
    data = _data(html)
    assert data["meta"]["mode"] == "type" and len(data["type"]["links"]) == 2
    assert "专利转让流向：工程机械 × 长沙市" in html


def test_a_scope_without_patents_gives_an_empty_page_that_says_why(store):
    html = transfers_view(store, industry="rail-transit", lang="en")
    assert "no patents in scope" in html
    assert _data(html)["type"]["links"] == []


@pytest.mark.parametrize("bad", [{"level": "city"}, {"max_links": 0}])
def test_bad_flow_parameters_are_refused(store, bad):
    with pytest.raises(ValueError, match=r"level|max_links"):
        transfer_flows(store, resolve_scope(store, industry=CM), **bad)


def test_bad_citation_level_is_refused(store):
    with pytest.raises(ValueError, match="level must be one of org, patent"):
        citations_view(store, level="inventor")
