"""Bounded networkx projections: co-applicants with centrality, IPC communities, shortest paths."""

from __future__ import annotations

import pytest

from patentnav.graph.analysis.cooccurrence import co_applicant_network, ipc_network
from patentnav.graph.analysis.scope import UnknownEntityError, resolve_scope
from patentnav.graph.network import NoPathError, centrality, ipc_communities, shortest_path
from patentnav.ontology import entity_iri
from tests.graph.analysis.builder import Org, Pat, load
from tests.graph.analysis.conftest import TINY_ORGS, TINY_PATENTS

CM = ("construction-machinery",)


@pytest.fixture(scope="module")
def store():
    return load(TINY_PATENTS, TINY_ORGS)


def test_co_applicant_network_and_centrality():
    # a chain a - b - c: b is the broker
    orgs = [Org(x, f"机构{x}", "430100") for x in "abc"]
    pats = [
        Pat("CN1", "2019-01-01", ("a", "b"), ("B66C1/00",), CM),
        Pat("CN2", "2019-01-02", ("b", "c"), ("B66C1/00",), CM),
        Pat("CN3", "2019-01-03", ("b", "c"), ("B66C1/00",), CM),
    ]
    s = load(pats, orgs)
    g = co_applicant_network(s, resolve_scope(s))
    assert g[entity_iri("org", "b")][entity_iri("org", "c")]["weight"] == 2
    c = centrality(g).set_index("node")
    assert c.loc[entity_iri("org", "b"), "betweenness"] == pytest.approx(1.0)
    assert c.loc[entity_iri("org", "a"), "betweenness"] == 0
    assert c.loc[entity_iri("org", "b"), "weighted_degree"] == 3


def test_the_network_cap_is_respected_and_reported(store):
    g = co_applicant_network(store, resolve_scope(store), max_nodes=2)
    assert g.number_of_nodes() == 2 and g.graph["truncated"] is True


def test_ipc_louvain_communities_split_disconnected_fields(store):
    g = ipc_network(store, resolve_scope(store, industry="construction-machinery"), level="main_group")
    df = ipc_communities(g).set_index("code")
    assert df.loc["B66C23-00", "community"] == df.loc["E02F9-00", "community"]
    assert df.loc["B66C1-00", "community"] == df.loc["E02F3-00", "community"]
    assert df.loc["B66C23-00", "community"] != df.loc["B66C1-00", "community"]


def test_shortest_path_walks_links_in_either_direction(store):
    hops = shortest_path(store, entity_iri("org", "sany"), entity_iri("region", "430000"))
    assert [h["object"].rsplit("/", 1)[-1] for h in hops] == ["430104", "430100", "430000"]
    back = shortest_path(store, entity_iri("region", "430000"), entity_iri("org", "sany"))
    assert len(back) == 3
    with pytest.raises(UnknownEntityError):
        shortest_path(store, entity_iri("org", "nobody"), entity_iri("region", "430000"))
    with pytest.raises(NoPathError):
        shortest_path(store, entity_iri("org", "sany"), entity_iri("org", "foreign-co"), max_depth=2)


def test_number_communities_numbers_by_size_largest_first():
    import networkx as nx

    from patentnav.graph.network import number_communities

    g = number_communities(nx.Graph([("a", "b"), ("c", "d"), ("d", "e"), ("c", "e")]))
    assert {g.nodes[n]["community"] for n in "cde"} == {0}
    assert {g.nodes[n]["community"] for n in "ab"} == {1}
