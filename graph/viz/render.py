r"""Turn a networkx graph into one self-contained, escaped, interactive HTML page.

The page inlines vis-network's JS and CSS (from the pyvis distribution) and our own
template, script and stylesheet, so it opens from disk with no network. Data reaches
the page as JSON inside a ``<script type="application/json">`` block with ``<``, ``>``
and ``&`` escaped, and the page script only ever puts it into the DOM with
``textContent`` -- a name such as ``<img src=x onerror=alert(1)>`` is shown as text.

Node attributes read from the graph: ``label_zh``, ``label_en``, ``type`` (entity type
such as ``org``), ``patent_count``, ``community`` and ``facts`` (a list of
``(name, value)`` pairs for the details panel). Edge attributes: ``rel_zh``,
``rel_en`` (relation name) and ``weight``.

The module also renders the transfer-flow (Sankey) pages; it stays one module over 400 lines
because both page kinds share the inlined assets and the script-safe JSON encoding.

>>> import networkx as nx
>>> g = nx.Graph()
>>> g.add_node("urn:a", label_zh="甲<script>", label_en="A", type="org", patent_count=3)
>>> html = render_view(g, title="t", note="n")
>>> "甲<script>" in html, "甲\\u003cscript\\u003e" in html
(False, True)
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import networkx as nx
from jinja2 import Environment
from pyvis.network import Network

from patentnav.graph.viz.layout import as_lists, positions
from patentnav.graph.viz.limits import DEFAULT_MAX_NODES, HARD_MAX_NODES, PHYSICS_LIMIT
from patentnav.graph.viz.style import CLASS_STYLES, FLOW_DIRECTIONS, FLOW_GROUPS, community_color, style_of
from patentnav.ontology import ID

__all__ = [
    "DEFAULT_MAX_NODES",
    "HARD_MAX_NODES",
    "PHYSICS_LIMIT",
    "CapReport",
    "cap_graph",
    "render_flow",
    "render_view",
]

_SHORT = {"zh": 16, "en": 34}


@dataclass
class CapReport:
    """What a cap on the number of nodes left out."""

    total_nodes: int
    total_edges: int
    dropped_by_type: Counter = field(default_factory=Counter)
    dropped_edges: int = 0

    @property
    def dropped(self) -> int:
        return sum(self.dropped_by_type.values())

    def sentence(self, lang: str) -> str:
        """One sentence saying what was shown and what was left out."""
        if not self.dropped:
            return ""
        parts = ", ".join(
            f"{n} {style_of(t).label_zh if lang == 'zh' else style_of(t).label_en}"
            for t, n in self.dropped_by_type.most_common()
        )
        shown = self.total_nodes - self.dropped
        if lang == "zh":
            return (
                f"按专利数取前 {shown} 个节点（共 {self.total_nodes} 个）；未显示：{parts}；"
                f"未显示的连线 {self.dropped_edges} 条。"
            )
        return (
            f"Showing the top {shown} of {self.total_nodes} nodes by patent count; left out: {parts}, "
            f"and {self.dropped_edges} edges."
        )


def cap_graph(graph: nx.Graph, max_nodes: int, keep: Iterable[Hashable] = ()) -> tuple[nx.Graph, CapReport]:
    """Keep the ``max_nodes`` nodes with most patents (then most links), always keeping ``keep``.

    >>> g = nx.Graph([(1, 2), (2, 3)])
    >>> nx.set_node_attributes(g, {1: 5, 2: 1, 3: 9}, "patent_count")
    >>> small, report = cap_graph(g, 2)
    >>> sorted(small), report.dropped, report.dropped_edges
    ([1, 3], 1, 2)
    """
    report = CapReport(graph.number_of_nodes(), graph.number_of_edges())
    if graph.number_of_nodes() <= max_nodes:
        return graph, report
    pinned = [n for n in keep if n in graph]
    ranked = sorted(
        (n for n in graph if n not in set(pinned)),
        key=lambda n: (-(graph.nodes[n].get("patent_count") or 0), -graph.degree(n), str(n)),
    )
    chosen = set(pinned) | set(ranked[: max(max_nodes - len(pinned), 0)])
    for n in graph:
        if n not in chosen:
            report.dropped_by_type[graph.nodes[n].get("type") or "other"] += 1
    small = graph.subgraph(chosen).copy()
    report.dropped_edges = graph.number_of_edges() - small.number_of_edges()
    return small, report


def short_label(text: str, lang: str) -> str:
    """A label cut in the middle to fit under a node, keeping its distinctive end.

    The full text is in the tooltip and the details panel.

    >>> short_label("Planned patent strategy support center: new materials", "en")
    'Planned patent strat…new materials'
    """
    limit = _SHORT.get(lang, 30)
    if len(text) <= limit:
        return text
    head = (limit * 3) // 5
    return text[:head].rstrip() + "…" + text[-(limit - head - 1) :].lstrip()


def _size(count: int | None, top: int, base: int, extra: float = 30.0) -> float:
    if not count or top <= 0:
        return base
    return round(base * 0.75 + extra * math.sqrt(count / top), 1)


def _json_for_script(payload: Any) -> str:
    """JSON safe inside a ``<script>`` element: no ``</script>``, no comment openers."""
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


@cache
def _assets() -> dict[str, str]:
    vis_dir = resources.files("pyvis") / "lib" / "vis-9.1.2"
    here = resources.files(__package__)
    return {
        # A literal "</script" in the library would end the inline element early.
        "vis_js": (vis_dir / "vis-network.min.js").read_text("utf-8").replace("</script", "<\\/script"),
        "vis_css": (vis_dir / "vis-network.css").read_text("utf-8").replace("</style", "<\\/style"),
        "view_js": (here / "view.js").read_text("utf-8"),
        "view_css": (here / "view.css").read_text("utf-8"),
        "template": (here / "template.html").read_text("utf-8"),
    }


@cache
def _template():
    return Environment(autoescape=True).from_string(_assets()["template"])


def _options(big: bool) -> dict[str, Any]:
    # Big graphs: straight edges, smaller labels, no hover work, edges hidden while moving.
    return {
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False},
        "interaction": {
            "hover": not big,
            "tooltipDelay": 150,
            "hideEdgesOnDrag": big,
            "hideEdgesOnZoom": big,
            "navigationButtons": False,
            "keyboard": False,
        },
        "nodes": {
            "font": {
                "face": "WenQuanYi Zen Hei, Noto Sans CJK SC, Microsoft YaHei, sans-serif",
                "size": 12 if big else 16,
                "color": "#1c2833",
                "strokeWidth": 3,
                "strokeColor": "#ffffff",
            },
            "borderWidth": 1,
            "scaling": {"label": {"drawThreshold": 6}},
        },
        "edges": {
            "color": {"color": "#b3bac5", "highlight": "#c0392b", "hover": "#566573", "opacity": 0.8},
            "smooth": False if big else {"enabled": True, "type": "continuous", "roundness": 0.3},
            "width": 1,
            "selectionWidth": 2,
        },
    }


def render_view(
    graph: nx.Graph,
    *,
    title: str,
    note: str,
    lang: str = "zh",
    layout: str = "auto",
    columns: Sequence[Sequence[str]] | None = None,
    max_nodes: int = DEFAULT_MAX_NODES,
    keep: Iterable[Hashable] = (),
    entity_base: str | None = None,
    color_by: str = "type",
    community_names: dict[int, str] | None = None,
    weight_label: str = "weight",
    count_label: str | None = None,
    edge_note: str | None = None,
) -> str:
    """Render ``graph`` as a self-contained HTML page and return its text.

    Parameters
    ----------
    graph : networkx.Graph or DiGraph
        Nodes are entity IRIs with the attributes listed in the module docstring.
    title, note : str
        The page heading and a sentence on what data and filters it shows; the cap
        sentence is appended to the note when nodes were left out.
    lang : {"zh", "en"}
        Label language at first; the page has a toggle.
    layout : {"auto", "layered", "radial", "spring", "clusters"}
        See :func:`patentnav.graph.viz.layout.positions`; ``layered`` needs ``columns``,
        ``radial`` centres the first node of ``keep``.
    max_nodes : int
        Cap (at most :data:`HARD_MAX_NODES`): the nodes with most patents are kept.
    keep : iterable
        Nodes kept whatever the cap (e.g. the entity a neighbourhood is centred on).
    entity_base : str, optional
        When served, the path entity pages live under (``/entities/``); the details
        panel then links each entity to its page.
    color_by : {"type", "community"}
        Node colour: by entity type (shape is always by type) or by ``community``.
    weight_label : str
        What an edge's ``weight`` counts, in its tooltip.
    count_label : str, optional
        What a node's ``patent_count`` (its size) counts, in tooltips and the details panel (default patents,
        ``专利 patents``); e.g. forward citations in the citation view.
    edge_note : str, optional
        A line under the legend saying what an edge (and its arrow) means.
    """
    if lang not in ("zh", "en"):
        raise ValueError(f"lang must be 'zh' or 'en', got {lang!r}")
    if not 1 <= max_nodes <= HARD_MAX_NODES:
        raise ValueError(f"max_nodes must be between 1 and {HARD_MAX_NODES}, got {max_nodes}")
    shown, report = cap_graph(graph, max_nodes, keep)
    big = shown.number_of_nodes() > PHYSICS_LIMIT
    sizes = _node_sizes(shown, big)
    # Rows, rings and cluster discs leave room for the biggest node plus its label.
    gap = max(80.0, 2 * max(sizes.values(), default=0) + 28)
    pos = as_lists(positions(shown, layout, columns, center=next(iter(keep), None), node_gap=gap))
    nodes = _vis_nodes(shown, sizes, pos, lang, color_by)
    edges = _vis_edges(shown)
    types_present = [t for t in CLASS_STYLES if any(n["type"] == t for n in nodes)]
    types_present += sorted({n["type"] for n in nodes} - set(types_present))
    meta = {
        "lang": lang,
        "idBase": ID,
        "entityBase": entity_base,
        "colorBy": color_by,
        "weightLabel": weight_label,
        "countLabel": count_label,
        "edgeNote": edge_note,
        "legend": types_present,
        "types": {
            t: {"color": s.color, "shape": s.shape, "label_zh": s.label_zh, "label_en": s.label_en}
            for t in types_present
            for s in [style_of(t)]
        },
        "communities": _community_legend(shown, community_names) if color_by == "community" else [],
        "shown": {"nodes": len(nodes), "edges": len(edges)},
        "total": {"nodes": report.total_nodes, "edges": report.total_edges},
        "leftOut": dict(report.dropped_by_type),
    }
    payload = {"meta": meta, "nodes": nodes, "edges": edges, "options": _options(big)}
    assets = _assets()
    return _template().render(
        lang=lang,
        title=title,
        note=f"{note} {report.sentence(lang)}".strip(),
        data_json=_json_for_script(payload),
        vis_js=assets["vis_js"],
        vis_css=assets["vis_css"],
        view_js=assets["view_js"],
        view_css=assets["view_css"],
    )


def _node_sizes(shown: nx.Graph, big: bool) -> dict[Hashable, float]:
    """Each node's drawn size: its type's base size grown with its ``patent_count`` (less on big graphs)."""
    top = max((d.get("patent_count") or 0 for _, d in shown.nodes(data=True)), default=0)
    extra = 14.0 if big else 30.0
    return {
        n: _size(d.get("patent_count"), top, style_of(d.get("type")).size, extra) for n, d in shown.nodes(data=True)
    }


def _vis_nodes(
    shown: nx.Graph,
    sizes: dict[Hashable, float],
    pos: dict[Any, Any],
    lang: str,
    color_by: str,
) -> list[dict[str, Any]]:
    """The vis-network node records, in graph order, as pyvis' ``add_node`` would build them."""
    net = Network(directed=shown.is_directed(), cdn_resources="local")
    for node, d in shown.nodes(data=True):
        style = style_of(d.get("type"))
        zh = str(d.get("label_zh") or d.get("label_en") or node)
        en = str(d.get("label_en") or d.get("label_zh") or node)
        color = community_color(d.get("community")) if color_by == "community" else style.color
        x, y = pos.get(node, (0, 0))
        net.add_node(
            str(node),
            label=short_label(zh if lang == "zh" else en, lang),
            shape=style.shape,
            color=color,
            size=sizes[node],
            x=x,
            y=y,
            physics=False,
            type=d.get("type") or "other",
            label_zh=zh,
            label_en=en,
            short_zh=short_label(zh, "zh"),
            short_en=short_label(en, "en"),
            patent_count=d.get("patent_count"),
            community=d.get("community"),
            facts=[[str(k), str(v)] for k, v in d.get("facts", [])],
        )
    return list(net.nodes)


def _vis_edges(shown: nx.Graph) -> list[dict[str, Any]]:
    """The vis-network edge records: relation names, weight and a width growing with the weight.

    Built directly rather than with pyvis' ``add_edge``, which scans every node and edge for each
    call (quadratic), minutes at 5,000 nodes; networkx already deduplicated them.
    """
    arrows = "to" if shown.is_directed() else ""
    edges = []
    for u, v, d in shown.edges(data=True):
        edge: dict[str, Any] = {"from": str(u), "to": str(v), "arrows": arrows}
        for key in ("rel_zh", "rel_en", "weight"):
            if d.get(key) is not None:
                edge[key] = d[key]
        if d.get("weight"):
            edge["width"] = round(min(1 + math.log2(d["weight"]), 8), 2)
        edges.append(edge)
    return edges


def _community_legend(shown: nx.Graph, community_names: dict[int, str] | None) -> list[dict[str, Any]]:
    """The legend's twelve lowest-numbered communities (size, colour, name) and one entry for the rest."""
    by_community = Counter(d.get("community") for _, d in shown.nodes(data=True) if d.get("community") is not None)
    communities: list[dict[str, Any]] = [
        {"index": index, "size": size, "color": community_color(index), "label": (community_names or {}).get(index, "")}
        for index, size in sorted(by_community.items())[:12]
    ]
    if len(by_community) > 12:
        more = len(by_community) - 12
        rest = sum(sorted(by_community.values(), reverse=True)[12:])
        communities.append({"index": -1, "size": rest, "more": more})
    return communities


# ------------------------------------------------------------------ flow pages (a Sankey drawn with ECharts)


@cache
def _echarts_js() -> str:
    path = resources.files("patentnav.api").joinpath("static", "echarts", "echarts.min.js")
    return path.read_text("utf-8").replace("</script", "<\\/script")


@cache
def _flow_template():
    here = resources.files(__package__)
    return Environment(autoescape=True).from_string((here / "flow.html").read_text("utf-8"))


# The flow page's own words, in both languages.
_FLOW_WORDS = {
    "patents": {"zh": "专利", "en": "patents"},
    "events": {"zh": "次数", "en": "events"},
    "from": {"zh": "转让人", "en": "transferor"},
    "to": {"zh": "受让人", "en": "transferee"},
    "technology": {
        "zh": "技术转移（高校/院所 → 企业）",
        "en": "technology transfer (university/institute → enterprise)",
    },
    "empty": {
        "zh": "该范围内没有可画出的转让（见说明）。",
        "en": "No transfer to draw in this scope (see the note).",
    },
}


def _flow_meta(lang: str, mode: str, entity_base: str | None) -> dict[str, Any]:
    """The flow page's settings: language and first mode, group and direction colours and names, its words."""
    return {
        "lang": lang,
        "mode": mode,
        "idBase": ID,
        "entityBase": entity_base,
        "groups": {k: {"color": c, "zh": zh, "en": en} for k, (c, zh, en) in FLOW_GROUPS.items()},
        "typeOrder": [k for k in FLOW_GROUPS if k not in ("home", "domestic", "foreign", "unknown")],
        "placeOrder": ["home", "domestic", "foreign", "unknown"],
        "directions": {k: {"color": c, "zh": zh, "en": en} for k, (c, zh, en) in FLOW_DIRECTIONS.items()},
        "directionOrder": list(FLOW_DIRECTIONS),
        "linkColors": {
            "technology": {"color": "#1e8449", "zh": "技术转移", "en": "Technology transfer"},
            "other": {"color": "#95a5a6", "zh": "其他转让", "en": "Other transfers"},
        },
        "words": _FLOW_WORDS,
    }


def render_flow(
    flows: dict[str, Any],
    *,
    title: str,
    note: str,
    lang: str = "zh",
    mode: str = "type",
    entity_base: str | None = None,
) -> str:
    """Render transfer flows (:func:`patentnav.graph.viz.sources.transfer_flows`) as one self-contained Sankey page.

    The page inlines Apache ECharts (vendored in ``api/static/echarts/``, see its ``NOTICE.md``), its script
    and styles: it opens from disk and requests nothing. It switches between the flows by organisation type
    and by place (``mode`` first) and between Chinese and English labels, lists every drawn flow in a table,
    and says in its legend what the cap on flows left out. Data reach it as escaped JSON, and names only
    ever as text (canvas labels, ``textContent``).
    """
    if lang not in ("zh", "en"):
        raise ValueError(f"lang must be 'zh' or 'en', got {lang!r}")
    if mode not in ("type", "region"):
        raise ValueError(f"mode must be 'type' or 'region', got {mode!r}")
    meta = _flow_meta(lang, mode, entity_base)
    payload = {"meta": meta, "type": flows["type"], "region": flows["region"]}
    assets = _assets()
    here = resources.files(__package__)
    return _flow_template().render(
        lang=lang,
        title=title,
        note=note,
        data_json=_json_for_script(payload),
        view_css=assets["view_css"],
        flow_css=(here / "flow.css").read_text("utf-8"),
        flow_js=(here / "flow.js").read_text("utf-8"),
        echarts_js=_echarts_js(),
    )
