"""Louvain communities as networkx 3.x finds them, compiled: the talent teams' split of large components.

:func:`louvain_communities` returns what ``networkx.community.louvain_communities(G, weight="weight",
seed=0)`` returns for the graph of nodes ``0 .. n-1`` (added in that order) and the weighted edges ``a < b``
added in ``(a, b)`` order, the communities in networkx's order. It follows networkx's
``louvain_partitions`` step by step (``networkx/algorithms/community/louvain.py``, BSD-3-Clause, undirected
case, resolution 1, threshold 1e-7), so the communities are the same, not merely as good:

* the nodes are visited in the order ``random.Random(seed).shuffle`` gives, one shuffle per level from the
  one generator, as networkx does;
* a node's neighbour communities are tried in the order networkx's dict meets them (the order of the node's
  neighbours, each level's graph keeping networkx's adjacency order: the first level's sorted, a coarser
  level's in the order ``_gen_graph`` creates its edges), its own community last when no neighbour is in it,
  and a move needs a strictly larger gain, so ties go the same way;
* the gains are the same floating-point expressions on the same (integer) sums; the modularity a level is
  kept by is summed over the communities in the same order with Python's ``sum``.

The local moving phase is a numba kernel (compiled on first use, cached beside this module); the coarse
graphs and the modularity are numpy. ``tests/graph/analysis/test_talent_louvain.py`` compares the result
with networkx's on random graphs.
"""

from __future__ import annotations

import random

import numba
import numpy as np

__all__ = ["louvain_communities"]

_THRESHOLD = 0.0000001


@numba.njit(cache=True)
def _one_level(indptr, nbr, wt, degree, order, m):  # pragma: no cover - compiled
    """networkx's ``_one_level`` (undirected, resolution 1): each node's community after local moving."""
    k = len(degree)
    node2com = np.arange(k)
    stot = degree.copy()
    acc = np.zeros(k, dtype=np.int64)
    seen = np.zeros(k, dtype=np.bool_)
    touched = np.empty(k, dtype=np.int64)
    denom = 2 * m**2
    improvement = False
    moves = 1
    while moves > 0:
        moves = 0
        for u in order:
            own = node2com[u]
            count = 0
            for j in range(indptr[u], indptr[u + 1]):
                v = nbr[j]
                if v == u:
                    continue
                c = node2com[v]
                if not seen[c]:
                    seen[c] = True
                    acc[c] = 0
                    touched[count] = c
                    count += 1
                acc[c] += wt[j]
            if not seen[own]:  # networkx reads weights2com[own] first: a defaultdict, so it joins last
                seen[own] = True
                acc[own] = 0
                touched[count] = own
                count += 1
            d = degree[u]
            stot[own] -= d
            remove_cost = -np.float64(acc[own]) / m + np.float64(stot[own] * d) / denom
            best_mod = 0.0
            best = own
            for i in range(count):
                c = touched[i]
                gain = remove_cost + np.float64(acc[c]) / m - np.float64(stot[c] * d) / denom
                if gain > best_mod:
                    best_mod = gain
                    best = c
            stot[best] += d
            if best != own:
                node2com[u] = best
                improvement = True
                moves += 1
            for i in range(count):
                seen[touched[i]] = False
    return node2com, improvement


def _csr(node: np.ndarray, other: np.ndarray, weight: np.ndarray, k: int) -> tuple[np.ndarray, ...]:
    """Adjacency arrays (rows already in adjacency order within each node) and weighted degrees."""
    indptr = np.zeros(k + 1, dtype=np.int64)
    np.cumsum(np.bincount(node, minlength=k), out=indptr[1:])
    loops = node == other
    degree = np.bincount(node, weights=weight, minlength=k).astype(np.int64)
    degree += np.bincount(node[loops], weights=weight[loops], minlength=k).astype(np.int64)  # a self-loop twice
    return indptr, other.astype(np.int64), weight.astype(np.int64), degree


def _coarse(indptr: np.ndarray, nbr: np.ndarray, wt: np.ndarray, com: np.ndarray, k: int) -> tuple[np.ndarray, ...]:
    """networkx's ``_gen_graph``: one node per community (``com``: 0 .. k-1), adjacency in edge-creation order.

    ``_gen_graph`` walks the edges as ``G.edges`` yields them (each node in order, its neighbours in adjacency
    order, those not yet walked, a self-loop included) and creates an edge of the coarse graph at the first
    pair that meets it, appending each end to the other's adjacency then.
    """
    node = np.repeat(np.arange(len(indptr) - 1), np.diff(indptr))
    walk = nbr >= node
    c1, c2, w = com[node[walk]], com[nbr[walk]], wt[walk]
    lo, hi = np.minimum(c1, c2), np.maximum(c1, c2)
    keys, first, inverse = np.unique(lo * k + hi, return_index=True, return_inverse=True)
    total = np.zeros(len(keys), dtype=np.int64)
    np.add.at(total, inverse.ravel(), w)
    lo, hi = keys // k, keys % k
    two = lo != hi
    ends = np.concatenate([lo, hi[two]])
    others = np.concatenate([hi, lo[two]])
    created = np.concatenate([first, first[two]])
    weights = np.concatenate([total, total[two]])
    order = np.lexsort((created, ends))
    return _csr(ends[order], others[order], weights[order], k)


def _modularity(indptr: np.ndarray, nbr: np.ndarray, wt: np.ndarray, degree: np.ndarray, com: np.ndarray) -> float:
    """networkx's ``modularity`` of the partition ``com`` (community numbers in partition order)."""
    node = np.repeat(np.arange(len(indptr) - 1), np.diff(indptr))
    groups = int(com.max()) + 1
    inside = (com[node] == com[nbr]) & (nbr >= node)  # each edge once, a self-loop once
    internal = np.bincount(com[node[inside]], weights=wt[inside], minlength=groups).astype(np.int64).tolist()
    degrees = np.bincount(com, weights=degree, minlength=groups).astype(np.int64).tolist()
    deg_sum = int(degree.sum())
    m = deg_sum / 2
    norm = 1 / deg_sum**2
    return sum([lc / m - 1 * ods * ods * norm for lc, ods in zip(internal, degrees, strict=True)])


def louvain_communities(n: int, a: np.ndarray, b: np.ndarray, w: np.ndarray, seed: int = 0) -> list[np.ndarray]:
    """The Louvain communities of nodes ``0 .. n-1`` and edges ``a < b`` (sorted, integer weights ``w``).

    Each community is a sorted array of nodes; the list is in networkx's order.
    """
    if len(a) == 0:
        return [np.array([v], dtype=np.int64) for v in range(n)]
    a, b, w = (np.asarray(x, dtype=np.int64) for x in (a, b, w))
    ends, others = np.concatenate([a, b]), np.concatenate([b, a])
    order = np.lexsort((others, ends))  # the first graph's adjacency: neighbours in node order
    indptr, nbr, wt, degree = _csr(ends[order], others[order], np.concatenate([w, w])[order], n)
    m = int(degree.sum()) / 2
    rng = random.Random(seed)  # noqa: S311 - networkx's generator for its node order, not for secrets
    level_of = np.arange(n)  # each original node's node in the current level's graph
    mod = _modularity(indptr, nbr, wt, degree, np.arange(n))
    final = None
    improvement = True
    first = True
    while improvement:
        visit = list(range(len(degree)))
        rng.shuffle(visit)
        node2com, improvement = _one_level(indptr, nbr, wt, degree, np.array(visit, dtype=np.int64), m)
        if first:
            improvement, first = True, False  # networkx yields the first level whatever it found
        elif not improvement:
            break
        # The level's partition: non-empty communities in community-number order, renumbered 0 .. k-1.
        used, com = np.unique(node2com, return_inverse=True)
        com = com.ravel()
        level_of = com[level_of]
        final = level_of
        new_mod = _modularity(indptr, nbr, wt, degree, com)
        if new_mod - mod <= _THRESHOLD:
            break
        mod = new_mod
        indptr, nbr, wt, degree = _coarse(indptr, nbr, wt, com, len(used))
    assert final is not None
    order = np.argsort(final, kind="stable")
    bounds = np.flatnonzero(np.diff(final[order])) + 1
    return np.split(order.astype(np.int64), bounds)
