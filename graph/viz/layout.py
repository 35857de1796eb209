"""Node positions computed in Python, so the browser never runs a physics simulation.

Three layouts, chosen by :func:`positions`:

* ``layered`` -- columns by entity type (the policy overview reads left to right:
  plan, tasks and targets, industries, centers, regions and zones, agencies);
* ``spring`` -- networkx's Fruchterman-Reingold for graphs up to a few hundred nodes;
* ``clusters`` -- for larger graphs: each community (or type) is a disc of nodes on a
  sunflower spiral, largest node in the middle, discs placed on a spiral by size.
  Linear in the number of nodes, so 5,000 nodes take milliseconds.

>>> import networkx as nx
>>> pos = positions(nx.path_graph(3), "spring")
>>> sorted(pos)
[0, 1, 2]
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Hashable, Mapping, Sequence

import networkx as nx

__all__ = ["SPRING_LIMIT", "clusters_layout", "layered_layout", "positions"]

#: Above this many nodes the spring layout is too slow (it is quadratic): use clusters.
SPRING_LIMIT = 400
_GOLDEN = math.pi * (3 - math.sqrt(5))

Pos = dict[Hashable, tuple[float, float]]


def layered_layout(graph: nx.Graph, columns: Sequence[Sequence[str]], *, dx: float = 290.0, dy: float = 80.0) -> Pos:
    """Columns of nodes by their ``type`` attribute; unlisted types go in a last column.

    Within a column nodes are grouped by type, then ordered by label, and the column
    is centred vertically.
    """
    column_of = {t: i for i, types in enumerate(columns) for t in types}
    members: dict[int, list[Hashable]] = defaultdict(list)
    for node, data in graph.nodes(data=True):
        members[column_of.get(data.get("type"), len(columns))].append(node)
    pos: Pos = {}
    for col, nodes in members.items():
        order = {t: i for i, t in enumerate(columns[col])} if col < len(columns) else {}
        nodes.sort(key=lambda n: (order.get(graph.nodes[n].get("type"), 99), str(graph.nodes[n].get("label_en") or n)))
        top = -(len(nodes) - 1) * dy / 2
        for i, node in enumerate(nodes):
            pos[node] = (col * dx, top + i * dy)
    return pos


def _sunflower(count: int, spacing: float) -> list[tuple[float, float]]:
    """``count`` points filling a disc evenly (Vogel's spiral), the first at the centre."""
    return [
        (spacing * math.sqrt(i) * math.cos(i * _GOLDEN), spacing * math.sqrt(i) * math.sin(i * _GOLDEN))
        for i in range(count)
    ]


def clusters_layout(graph: nx.Graph, *, spacing: float = 28.0, group_key: str = "community") -> Pos:
    """Discs of nodes grouped by ``group_key`` (falling back to ``type``), biggest nodes central."""
    groups: dict[object, list[Hashable]] = defaultdict(list)
    for node, data in graph.nodes(data=True):
        key = data.get(group_key)
        groups[key if key is not None else ("type", data.get("type"))].append(node)
    ordered = sorted(groups.values(), key=len, reverse=True)
    pos: Pos = {}
    placed_area = 0.0
    for i, nodes in enumerate(ordered):
        nodes.sort(key=lambda n: -(graph.nodes[n].get("patent_count") or 0))
        radius = spacing * math.sqrt(len(nodes)) + spacing
        # Disc centres on a spiral whose radius grows with the area already used.
        placed_area += math.pi * radius**2
        if i == 0:
            cx = cy = 0.0
        else:
            r = 1.25 * math.sqrt(placed_area / math.pi) + radius
            cx, cy = r * math.cos(i * _GOLDEN * 1.7), r * math.sin(i * _GOLDEN * 1.7)
        for node, (x, y) in zip(nodes, _sunflower(len(nodes), spacing), strict=True):
            pos[node] = (cx + x, cy + y)
    return pos


def _spring(graph: nx.Graph) -> Pos:
    n = max(graph.number_of_nodes(), 1)
    raw = nx.spring_layout(graph, seed=7, k=1.6 / math.sqrt(n), iterations=80)
    scale = 140.0 * math.sqrt(n)
    return {node: (float(x) * scale, float(y) * scale) for node, (x, y) in raw.items()}


def positions(graph: nx.Graph, layout: str = "auto", columns: Sequence[Sequence[str]] | None = None) -> Pos:
    """Positions in pixels for every node of ``graph``.

    ``layout`` is ``layered`` (needs ``columns``), ``spring``, ``clusters`` or ``auto``
    (spring up to :data:`SPRING_LIMIT` nodes, clusters above).
    """
    if graph.number_of_nodes() == 0:
        return {}
    if layout == "layered":
        return layered_layout(graph, columns or [])
    if layout == "spring" or (layout == "auto" and graph.number_of_nodes() <= SPRING_LIMIT):
        return _spring(graph)
    return clusters_layout(graph)


def as_lists(pos: Mapping[Hashable, tuple[float, float]]) -> dict[Hashable, list[int]]:
    """Positions rounded to whole pixels (smaller pages)."""
    return {n: [round(x), round(y)] for n, (x, y) in pos.items()}
