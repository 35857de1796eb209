"""The scope's networks: co-applicants and IPC co-classification, bounded for networkx.

networkx only ever sees a bounded subgraph: the ``max_nodes`` largest applicants or IPC fields of
a scope (default 300) and their links, counted in DuckDB over the analytic tables
(``cooccurrence_*.sql``, :mod:`patentnav.graph.tables`). Each network says whether the cap cut it
short (``G.graph["truncated"]``). Centrality, communities and paths on any graph are in
:mod:`patentnav.graph.network`.
"""

from __future__ import annotations

import networkx as nx

from patentnav.graph.analysis.landscape import ipc_breakdown, top_applicants
from patentnav.graph.analysis.scope import InvalidParameterError, Scope, run_sql
from patentnav.graph.network import number_communities
from patentnav.graph.store import PatentStore

__all__ = ["co_applicant_network", "ipc_network"]


def co_applicant_network(store: PatentStore, scope: Scope, *, max_nodes: int = 300) -> nx.Graph:
    """Applicants linked by the patents they applied for together.

    Nodes are the scope's ``max_nodes`` applicants with most patents (attributes ``name``,
    ``patents``); an edge's ``weight`` is the number of joint patents. ``G.graph`` records
    the cap and whether it was hit.
    """
    top = top_applicants(store, scope, limit=max_nodes + 1)  # raises EmptyScopeError for an empty scope
    truncated = len(top) > max_nodes
    top = top.head(max_nodes)
    graph = nx.Graph(kind="co-applicant", max_nodes=max_nodes, truncated=truncated)
    for r in top.itertuples():
        graph.add_node(r.applicant, name=r.name, patents=int(r.patents))
    applicants = top["applicant"].tolist()
    edges = run_sql(store, "cooccurrence_coapplicants.sql", scope, package=__package__, applicants=applicants)
    for r in edges.itertuples():
        graph.add_edge(r.a, r.b, weight=int(r.patents))
    return graph


def ipc_network(
    store: PatentStore,
    scope: Scope,
    *,
    level: str = "subclass",
    max_nodes: int = 300,
    resolution: float = 1.0,
) -> nx.Graph:
    """IPC co-classification network with Louvain communities.

    Nodes are the scope's ``max_nodes`` largest IPC fields at ``level`` (``patents``
    attribute); an edge's ``weight`` counts patents classified in both. Each node gets a
    ``community`` number from the project's Louvain (:mod:`patentnav.graph.communities`; Blondel et al.
    2008, "Fast unfolding of communities in large networks", J. Stat. Mech. P10008), weighted, with
    ``resolution``; nodes are visited in order, so results repeat. Communities are numbered by size,
    largest first.
    """
    if level not in ("subclass", "main_group"):
        raise InvalidParameterError(f"level must be subclass or main_group, not {level!r}")
    top = ipc_breakdown(store, scope, level=level, limit=max_nodes + 1)  # raises EmptyScopeError for an empty scope
    truncated = len(top) > max_nodes
    top = top.head(max_nodes)
    graph = nx.Graph(kind="ipc-co-classification", level=level, max_nodes=max_nodes, truncated=truncated)
    for r in top.itertuples():
        graph.add_node(r.code, name=r.code.replace("-", "/"), patents=int(r.patents))
    edges = run_sql(store, "cooccurrence_ipc.sql", scope, package=__package__, level=level, codes=top["code"].tolist())
    for r in edges.itertuples():
        graph.add_edge(r.a, r.b, weight=int(r.patents))
    return number_communities(graph, resolution=resolution)
