"""Node positions computed in Python, so the browser never runs a physics simulation.

Three layouts, chosen by :func:`positions`:

* ``layered`` -- columns by entity type (the policy overview reads left to right:
  plan, tasks and targets, industries, centers, regions and zones, agencies);
* ``radial`` -- an entity's neighbourhood: the entity in the middle, one ring per hop;
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

__all__ = ["SPRING_LIMIT", "clusters_layout", "layered_layout", "positions", "radial_layout"]

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
    """Discs of nodes grouped by ``group_key`` (falling back to ``type``), biggest nodes central.

    Discs are shelf-packed, largest first, in rows about as wide as the whole is tall,
    so no two discs overlap and no two nodes share a position.
    """
    groups: dict[object, list[Hashable]] = defaultdict(list)
    for node, data in graph.nodes(data=True):
        key = data.get(group_key)
        groups[key if key is not None else ("type", data.get("type"))].append(node)
    ordered = sorted(groups.values(), key=lambda g: (-len(g), str(g[0])))
    radii = [spacing * math.sqrt(len(g)) + spacing for g in ordered]
    row_width = max(math.sqrt(sum((2 * r) ** 2 for r in radii)) * 1.1, 2 * radii[0])
    pos: Pos = {}
    x = y = row_height = 0.0
    for nodes, radius in zip(ordered, radii, strict=True):
        if x > 0 and x + 2 * radius > row_width:
            x, y, row_height = 0.0, y + row_height, 0.0
        cx, cy = x + radius, y + radius
        nodes.sort(key=lambda n: (-(graph.nodes[n].get("patent_count") or 0), str(n)))
        for node, (dx, dy) in zip(nodes, _sunflower(len(nodes), spacing), strict=True):
            pos[node] = (cx + dx, cy + dy)
        x += 2 * radius
        row_height = max(row_height, 2 * radius)
    return pos


def radial_layout(graph: nx.Graph, center: Hashable, *, ring: float = 240.0, gap: float = 70.0) -> Pos:
    """Rings by the ``depth`` attribute around ``center``; a node sits near its ``parent``'s angle.

    Ring ``d`` has radius at least ``d * ring`` and enough circumference for ``gap``
    pixels per node, so rings of many nodes grow instead of overlapping.
    """
    rings: dict[int, list[Hashable]] = defaultdict(list)
    for node, data in graph.nodes(data=True):
        if node != center:
            rings[int(data.get("depth") or 1)].append(node)
    pos: Pos = {center: (0.0, 0.0)}
    angle: dict[Hashable, float] = {center: 0.0}
    radius = 0.0
    for depth in sorted(rings):
        nodes = rings[depth]
        nodes.sort(
            key=lambda n: (
                angle.get(graph.nodes[n].get("parent"), 0.0),
                str(graph.nodes[n].get("type")),
                str(graph.nodes[n].get("label_en") or n),
            )
        )
        radius = max(radius + ring, len(nodes) * gap / (2 * math.pi))
        for i, node in enumerate(nodes):
            a = 2 * math.pi * i / len(nodes) - math.pi / 2
            angle[node] = (a + math.pi / 2) % (2 * math.pi)
            pos[node] = (radius * math.cos(a), radius * math.sin(a))
    return pos


def _spring(graph: nx.Graph) -> Pos:
    n = max(graph.number_of_nodes(), 1)
    raw = nx.spring_layout(graph, seed=7, k=1.6 / math.sqrt(n), iterations=80)
    scale = 140.0 * math.sqrt(n)
    return {node: (float(x) * scale, float(y) * scale) for node, (x, y) in raw.items()}


def positions(
    graph: nx.Graph,
    layout: str = "auto",
    columns: Sequence[Sequence[str]] | None = None,
    *,
    center: Hashable | None = None,
    node_gap: float = 80.0,
) -> Pos:
    """Positions in pixels for every node of ``graph``.

    ``layout`` is ``layered`` (needs ``columns``; rows ``node_gap`` apart), ``radial``
    (needs ``center``), ``spring``, ``clusters`` or ``auto`` (spring up to
    :data:`SPRING_LIMIT` nodes, clusters above).
    """
    if graph.number_of_nodes() == 0:
        return {}
    if layout == "layered":
        return layered_layout(graph, columns or [], dy=node_gap)
    if layout == "radial" and center in graph:
        return radial_layout(graph, center, gap=node_gap)
    if layout == "spring" or (layout == "auto" and graph.number_of_nodes() <= SPRING_LIMIT):
        return _spring(graph)
    # Neighbours on Vogel's spiral are about 1.8 x spacing apart.
    return clusters_layout(graph, spacing=node_gap / 1.8)


def as_lists(pos: Mapping[Hashable, tuple[float, float]]) -> dict[Hashable, list[int]]:
    """Positions rounded to whole pixels (smaller pages)."""
    return {n: [round(x), round(y)] for n, (x, y) in pos.items()}
