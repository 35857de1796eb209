"""Talent teams split large components with networkx's Louvain on local numbers (graph/analysis/planning.py).

The teams' definition names networkx's ``louvain_communities`` with seed 0 on the graph of the
component's inventors in IRI order; the layout module builds that graph from numbers. These tests
compare its communities with networkx's on the graph built the documented way (nodes and edges in
node order, integer weights), so a change in how the numbers are ordered shows.
"""

from __future__ import annotations

import random

import networkx as nx
import numpy as np
import pytest

from patentnav.graph.analysis.planning import _components, _louvain


def _networkx(nodes: list[int], edges: list[tuple[int, int, int]]) -> list[list[int]]:
    graph = nx.Graph()
    graph.add_nodes_from(nodes)
    adjacency: dict[int, list[tuple[int, int]]] = {}
    for a, b, w in edges:
        adjacency.setdefault(a, []).append((b, w))
    graph.add_edges_from((a, b, {"weight": w}) for a in nodes for b, w in sorted(adjacency.get(a, [])))
    return [sorted(c) for c in nx.community.louvain_communities(graph, weight="weight", seed=0)]


def _graph(seed: int, n: int, groups: int, p_in: float, p_out: float) -> tuple[list[int], list[tuple[int, int, int]]]:
    rng = random.Random(seed)
    nodes = sorted(rng.sample(range(10 * n), n))
    group = {v: rng.randrange(groups) for v in nodes}
    edges = []
    for i, a in enumerate(nodes):
        for b in nodes[i + 1 :]:
            if rng.random() < (p_in if group[a] == group[b] else p_out):
                edges.append((a, b, rng.choice((1, 1, 1, 2, 3))))
    return nodes, edges


@pytest.mark.parametrize(
    ("seed", "n", "groups", "p_in", "p_out"),
    [
        (0, 60, 4, 0.3, 0.01),
        (1, 120, 8, 0.2, 0.005),
        (2, 200, 3, 0.05, 0.02),
        (3, 80, 1, 0.08, 0.0),
        (4, 300, 30, 0.5, 0.002),
        (5, 55, 5, 0.9, 0.05),
    ],
)
def test_louvain_matches_networkx(seed: int, n: int, groups: int, p_in: float, p_out: float) -> None:
    nodes, edges = _graph(seed, n, groups, p_in, p_out)
    a = np.array([e[0] for e in edges], dtype=np.int64)
    b = np.array([e[1] for e in edges], dtype=np.int64)
    w = np.array([e[2] for e in edges], dtype=np.int64)
    ours = [c.tolist() for c in _louvain(np.array(nodes, dtype=np.int64), a, b, w)]
    assert ours == _networkx(nodes, edges)


def test_components_label_connected_nodes_alike() -> None:
    a = np.array([0, 2, 5, 6, 7], dtype=np.int64)
    b = np.array([1, 3, 6, 7, 4], dtype=np.int64)
    label = _components(9, a, b)
    groups = {}
    for node, lab in enumerate(label.tolist()):
        groups.setdefault(lab, []).append(node)
    assert sorted(groups.values()) == [[0, 1], [2, 3], [4, 5, 6, 7], [8]]
