"""Talent teams' array helpers (graph/analysis/planning.py): Louvain on a component's own numbers, components."""

from __future__ import annotations

import numpy as np

from patentnav.graph.analysis.planning import _components, _louvain


def test_louvain_returns_the_components_nodes_by_community_largest_first() -> None:
    # Inventor numbers as the tables give them (sparse, sorted): two cliques of 4 and 3 joined by one edge.
    nodes = np.array([3, 8, 12, 40, 41, 77, 90], dtype=np.int64)
    cliques = [[3, 8, 12, 40], [41, 77, 90]]
    edges = [(i, j) for c in cliques for i in c for j in c if i < j] + [(40, 41)]
    a, b = (np.array(column, dtype=np.int64) for column in zip(*edges, strict=True))
    teams = [c.tolist() for c in _louvain(nodes, a, b, np.ones(len(edges), dtype=np.int64))]
    assert teams == cliques


def test_components_label_connected_nodes_alike() -> None:
    a = np.array([0, 2, 5, 6, 7], dtype=np.int64)
    b = np.array([1, 3, 6, 7, 4], dtype=np.int64)
    label = _components(9, a, b)
    groups = {}
    for node, lab in enumerate(label.tolist()):
        groups.setdefault(lab, []).append(node)
    assert sorted(groups.values()) == [[0, 1], [2, 3], [4, 5, 6, 7], [8]]
