"""Louvain communities from edge arrays (graph/communities.py): structure found, quality as networkx's, stable."""

from __future__ import annotations

import random

import networkx as nx
import numpy as np
import pytest

from patentnav.graph.communities import louvain_labels


def _planted(seed: int, n: int, groups: int, p_in: float, p_out: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = random.Random(seed)
    group = [rng.randrange(groups) for _ in range(n)]
    edges = [
        (i, j, rng.choice((1, 1, 1, 2, 3)))
        for i in range(n)
        for j in range(i + 1, n)
        if rng.random() < (p_in if group[i] == group[j] else p_out)
    ]
    a, b, w = (np.array(column, dtype=np.int64) for column in zip(*edges, strict=True))
    return a, b, w


def _graph(n: int, a: np.ndarray, b: np.ndarray, w: np.ndarray) -> nx.Graph:
    graph = nx.Graph()
    graph.add_nodes_from(range(n))
    graph.add_weighted_edges_from(zip(a.tolist(), b.tolist(), w.tolist(), strict=True))
    return graph


def _communities(labels: np.ndarray) -> list[set[int]]:
    return [set(np.flatnonzero(labels == k).tolist()) for k in range(int(labels.max()) + 1)]


def test_cliques_joined_by_single_edges_are_the_communities() -> None:
    cliques = [range(0, 6), range(6, 11), range(11, 15)]
    edges = [(i, j) for c in cliques for i in c for j in c if i < j] + [(5, 6), (10, 11)]
    a, b = (np.array(column) for column in zip(*edges, strict=True))
    labels = louvain_labels(15, a, b, np.ones(len(edges)))
    assert _communities(labels) == [set(c) for c in cliques]  # largest first


def test_isolated_nodes_are_communities_of_their_own_after_the_connected_ones() -> None:
    labels = louvain_labels(5, np.array([1]), np.array([3]), np.array([2]))
    assert labels.tolist() == [1, 0, 2, 0, 3]
    assert louvain_labels(3, np.array([], dtype=np.int64), np.array([], dtype=np.int64), np.array([])).tolist() == [
        0,
        1,
        2,
    ]
    assert louvain_labels(0, np.array([]), np.array([]), np.array([])).tolist() == []


def test_weights_decide_between_two_splits() -> None:
    # A 4-cycle 0-1-2-3-0: heavy edges 0-1 and 2-3 pair those nodes.
    a, b = np.array([0, 1, 2, 3]), np.array([1, 2, 3, 0])
    labels = louvain_labels(4, a, b, np.array([10, 1, 10, 1]))
    assert _communities(labels) == [{0, 1}, {2, 3}]


@pytest.mark.parametrize(
    ("seed", "n", "groups", "p_in", "p_out"),
    [(0, 60, 4, 0.3, 0.01), (1, 120, 8, 0.2, 0.005), (2, 200, 3, 0.05, 0.02), (4, 300, 30, 0.5, 0.002)],
)
def test_modularity_is_as_good_as_networkx_louvain(seed: int, n: int, groups: int, p_in: float, p_out: float) -> None:
    a, b, w = _planted(seed, n, groups, p_in, p_out)
    graph = _graph(n, a, b, w)
    ours = nx.community.modularity(graph, _communities(louvain_labels(n, a, b, w)), weight="weight")
    theirs = nx.community.modularity(graph, nx.community.louvain_communities(graph, weight="weight", seed=0))
    assert ours >= theirs - 0.02


def test_same_arrays_same_communities_and_resolution_splits_finer() -> None:
    a, b, w = _planted(2, 200, 3, 0.05, 0.02)
    first = louvain_labels(200, a, b, w)
    assert np.array_equal(first, louvain_labels(200, a, b, w))
    assert louvain_labels(200, a, b, w, resolution=3.0).max() > first.max()
