"""Bounded networkx work: shortest paths between entities, centrality and communities of a network.

A path search explores at most ``max_nodes`` entities around the two ends (default 5,000) by
SPARQL walks of their neighbourhoods (``network_neighbours.rq``) and says whether the cap cut it
short. The scope's networks themselves (co-applicants, IPC co-classification) are analyses, built
in :mod:`patentnav.graph.analysis.cooccurrence`; :func:`centrality` and :func:`number_communities`
work on any networkx graph.

>>> from patentnav.graph.store import open_store
>>> from patentnav.graph.bootstrap import ensure_seeded
>>> store = open_store("memory://"); _ = ensure_seeded(store)
>>> hops = shortest_path(store, "https://w3id.org/patentnav/id/center/rail-transit",
...                      "https://w3id.org/patentnav/id/region/430200")
>>> [h["predicate"].rsplit("#", 1)[-1] for h in hops]
['servesRegion']
"""

from __future__ import annotations

from itertools import islice, pairwise

import networkx as nx
import numpy as np
import pandas as pd
import pyoxigraph as ox

from patentnav.graph.communities import louvain_labels
from patentnav.graph.entities import entity_exists
from patentnav.graph.errors import EmptyScopeError, InvalidParameterError, UnknownEntityError
from patentnav.graph.store import PatentStore, load_rq

__all__ = [
    "NoPathError",
    "centrality",
    "ipc_communities",
    "number_communities",
    "shortest_path",
    "shortest_paths",
]


class NoPathError(EmptyScopeError):
    """No path links the two entities within the exploration bounds."""


def centrality(graph: nx.Graph, *, exact_up_to: int = 1000, seed: int = 0) -> pd.DataFrame:
    """Degree and betweenness centrality of every node.

    Betweenness (Brandes 2001, unweighted shortest paths, normalised) is exact up to
    ``exact_up_to`` nodes and estimated from ``exact_up_to`` sampled sources beyond.

    Returns
    -------
    DataFrame with columns ``node, name, patents, degree, weighted_degree,
    degree_centrality, betweenness``, sorted by betweenness then degree.
    """
    if graph.number_of_nodes() == 0:
        raise EmptyScopeError("the network has no nodes")
    k = None if graph.number_of_nodes() <= exact_up_to else exact_up_to
    betweenness = nx.betweenness_centrality(graph, k=k, seed=seed, normalized=True)
    degree_c = nx.degree_centrality(graph)
    rows = [
        {
            "node": n,
            "name": d.get("name"),
            "patents": d.get("patents"),
            "degree": graph.degree(n),
            "weighted_degree": graph.degree(n, weight="weight"),
            "degree_centrality": degree_c[n],
            "betweenness": betweenness[n],
        }
        for n, d in graph.nodes(data=True)
    ]
    df = pd.DataFrame(rows)
    return df.sort_values(["betweenness", "degree", "node"], ascending=[False, False, True]).reset_index(drop=True)


def number_communities(graph: nx.Graph, *, resolution: float = 1.0) -> nx.Graph:
    """Give every node a weighted Louvain ``community`` number, 0 = largest; returns ``graph``.

    :func:`~patentnav.graph.communities.louvain_labels` on the graph's nodes in their order
    (``weight`` edge attribute, 1 when absent), so results repeat; ties in size are broken by the
    first member. An isolated node is its own community.

    >>> g = number_communities(nx.Graph([("a", "b"), ("c", "d"), ("d", "e")]))
    >>> [g.nodes[n]["community"] for n in "abcde"]
    [1, 1, 0, 0, 0]
    """
    index = {node: i for i, node in enumerate(graph.nodes)}
    edges = np.array(
        [(index[u], index[v], d.get("weight", 1)) for u, v, d in graph.edges(data=True)], dtype=np.float64
    ).reshape(-1, 3)
    ends = edges[:, :2].astype(np.int64)
    labels = louvain_labels(len(index), ends[:, 0], ends[:, 1], edges[:, 2], resolution=resolution)
    for node, i in index.items():
        graph.nodes[node]["community"] = int(labels[i])
    return graph


def ipc_communities(graph: nx.Graph) -> pd.DataFrame:
    """One row per IPC field: ``code, patents, community, degree`` (from :func:`ipc_network`)."""
    rows = [
        {"code": n, "patents": d.get("patents"), "community": d.get("community"), "degree": graph.degree(n)}
        for n, d in graph.nodes(data=True)
    ]
    return pd.DataFrame(rows, columns=["code", "patents", "community", "degree"]).sort_values(
        ["community", "patents"], ascending=[True, False], ignore_index=True
    )


def shortest_path(
    store: PatentStore, source: str, target: str, *, max_depth: int = 6, max_nodes: int = 5000
) -> list[dict[str, str]]:
    """The shortest chain of links between two entities, in either direction.

    The first of :func:`shortest_paths` (same parameters, same errors).

    Returns
    -------
    list of hops ``{"subject", "predicate", "object"}`` in the direction each triple is
    stated, from ``source`` to ``target``; empty when they are the same entity.
    """
    return shortest_paths(store, source, target, max_depth=max_depth, max_nodes=max_nodes, max_paths=1)[0]


def shortest_paths(
    store: PatentStore,
    source: str,
    target: str,
    *,
    max_depth: int = 6,
    max_nodes: int = 5000,
    max_paths: int = 10,
) -> list[list[dict[str, str]]]:
    """All shortest chains of links between two entities (up to ``max_paths``), in either direction.

    Explores breadth-first from both ends at once (one SPARQL query per step, at most
    ``max_nodes`` entities in all, ``max_depth`` links in the path), skipping ``rdf:type``,
    provenance and scheme links that would join everything through a hub. A step's
    frontier is expanded completely before the search stops, so every shortest path
    inside the explored bounds is found. Where two entities are linked by several
    predicates, a hop shows the first predicate IRI in sort order.

    >>> from patentnav.graph.store import open_store
    >>> from patentnav.graph.bootstrap import ensure_seeded
    >>> store = open_store("memory://"); _ = ensure_seeded(store)
    >>> paths = shortest_paths(store, "https://w3id.org/patentnav/id/industry/construction-machinery",
    ...                        "https://w3id.org/patentnav/id/region/430200")
    >>> {len(p) for p in paths}
    {2}

    Returns
    -------
    list of paths, shortest first then by the IRIs they pass through; each path is a list
    of hops ``{"subject", "predicate", "object"}`` in the direction each triple is stated,
    from ``source`` to ``target``. ``[[]]`` when they are the same entity.

    Raises
    ------
    UnknownEntityError
        Either entity is not in the store.
    NoPathError
        No path within the bounds.
    InvalidParameterError
        A bound is below 1.
    """
    if min(max_depth, max_nodes, max_paths) < 1:
        raise InvalidParameterError("max_depth, max_nodes and max_paths must be at least 1")
    for iri in (source, target):
        if not entity_exists(store, iri):
            raise UnknownEntityError(f"unknown entity {iri}")
    if source == target:
        return [[]]
    graph = _explore(store, source, target, max_depth=max_depth, max_nodes=max_nodes)
    if not (graph.has_node(source) and graph.has_node(target)) or not nx.has_path(graph, source, target):
        raise NoPathError(f"no path between {source} and {target} within {max_depth} links and {max_nodes} entities")
    node_paths = sorted(islice(nx.all_shortest_paths(graph, source, target), 1000))[:max_paths]
    paths = []
    for nodes in node_paths:
        hops = []
        for a, b in pairwise(nodes):
            data = min(graph.get_edge_data(a, b).values(), key=lambda d: d["predicate"])
            hops.append({"subject": data["subject"], "predicate": data["predicate"], "object": data["object"]})
        paths.append(hops)
    return paths


def _explore(store: PatentStore, source: str, target: str, *, max_depth: int, max_nodes: int) -> nx.MultiGraph:
    """The links met by a two-sided breadth-first search from ``source`` and ``target``."""
    graph = nx.MultiGraph()
    seen = {source: 0, target: 1}  # which side reached the node first
    frontiers = {0: [source], 1: [target]}
    rq = load_rq(__package__, "network_neighbours.rq")
    for step in range(max_depth):
        side = step % 2
        frontier = frontiers[side]
        if not frontier:
            side = 1 - side
            frontier = frontiers[side]
            if not frontier:
                break
        rows = _links(store, rq, frontier, max_nodes)
        nxt: list[str] = []
        met = False
        for s, p, o in rows:
            graph.add_edge(s, o, key=p, subject=s, predicate=p, object=o)
            for node in (s, o):
                if node not in seen:
                    if len(seen) >= max_nodes:
                        continue
                    seen[node] = side
                    nxt.append(node)
                elif seen[node] != side:
                    met = True
        frontiers[side] = nxt
        if met:
            break
    return graph


def _links(store: PatentStore, rq: str, nodes: list[str], limit: int) -> list[tuple[str, str, str]]:
    """The first ``limit`` links (subject, predicate, object) of ``network_neighbours.rq`` around ``nodes``.

    A cap cannot be a bound variable (SPARQL's ``LIMIT`` takes a number only), so it is applied while
    reading: the embedded store's answer is lazy and the rows past ``limit`` are never computed
    (:func:`~patentnav.graph.store.select` would read them all, and a hub such as an industry has a
    link per patent); a remote endpoint sends its whole answer, which is read no further.
    """
    result = store.query(rq, substitutions={"node": [ox.NamedNode(i) for i in nodes]}, prefixes=True)
    assert isinstance(result, ox.QuerySolutions)  # network_neighbours.rq is a SELECT query
    return [(r["s"].value, r["p"].value, r["o"].value) for r in islice(result, limit)]
