"""The five views, each a function from a store and parameters to one HTML page.

The CLI (``patentnav view …``) and the API (``/views/…``) call these with the same
parameter names, so a page from either is the same page. Industry and region
arguments accept an IRI, ``type/id`` or a bare id (``construction-machinery``, ``430100``).

>>> from patentnav.graph.store import open_store
>>> from patentnav.graph.bootstrap import ensure_seeded
>>> s = open_store("memory://"); _ = ensure_seeded(s)
>>> "支撑中心" in overview_view(s)
True
"""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx

from patentnav.graph.analysis.scope import Scope
from patentnav.graph.entities import entity_refs
from patentnav.graph.ipc_titles import titled, titles_note
from patentnav.graph.paths import resolve_ref
from patentnav.graph.store import PatentStore
from patentnav.graph.viz.render import DEFAULT_MAX_NODES, render_view
from patentnav.graph.viz.sources import (
    coapplicant_graph,
    entity_graph,
    ipc_graph,
    landscape_graph,
    network_scope,
    overview_graph,
)
from patentnav.ontology import ID, entity_iri

__all__ = [
    "OVERVIEW_COLUMNS",
    "VIEW_NAMES",
    "coapplicants_view",
    "entity_view",
    "ipc_label",
    "ipc_view",
    "landscape_view",
    "network_view",
    "overview_view",
    "resolve_iri",
]

VIEW_NAMES = ("overview", "entity", "landscape", "coapplicants", "ipc")

#: Left-to-right columns of the policy overview.
OVERVIEW_COLUMNS: list[list[str]] = [
    ["plan"],
    ["task", "target"],
    ["industry"],
    ["center"],
    ["region", "zone"],
    ["agency"],
]


def resolve_iri(value: str, entity_type: str) -> str:
    """An entity IRI from an IRI, ``type/id`` or a bare id of ``entity_type``.

    >>> resolve_iri("430100", "region")
    'https://w3id.org/patentnav/id/region/430100'
    >>> resolve_iri("industry/new-materials", "industry")
    'https://w3id.org/patentnav/id/industry/new-materials'
    """
    try:
        return resolve_ref(value)
    except ValueError:
        return entity_iri(entity_type, value)


def _label(store: PatentStore, iri: str, lang: str) -> str:
    return entity_refs(store, [iri])[iri].label(lang)


def _t(lang: str, zh: str, en: str) -> str:
    return zh if lang == "zh" else en


#: Characters of an IPC title beside its code in a node's English label (the canvas shows a
#: shorter cut of it, the tooltip all of it, the details panel the full WIPO title).
IPC_LABEL_TITLE = 80


def ipc_label(code: str, title: str | None) -> str:
    """An IPC node's English label: the code and WIPO's title shortened (``B66C 23/00 · Cranes comprising…``).

    Without a title (the ``ipc-titles`` extra not installed, or a code WIPO has no line for) the bare
    code; the Chinese label is always the bare code (no Chinese titles are available).

    >>> ipc_label("B66C 23/64", "Jibs"), ipc_label("B66C 23/64", None)
    ('B66C 23/64 · Jibs', 'B66C 23/64')
    """
    return titled(code, title, IPC_LABEL_TITLE)


def _title_ipc_nodes(graph: nx.Graph) -> bool:
    """Put each IPC node's title into its English label; whether the graph has IPC nodes at all."""
    found = False
    for _, data in graph.nodes(data=True):
        if data.get("type") == "ipc":
            found = True
            data["label_en"] = ipc_label(data.get("label_en") or "", data.get("title_en"))
    return found


def _with_titles_note(note: str, lang: str, has_ipc: bool) -> str:
    """The note, with the sentence on IPC titles (source, or how to install them) when IPC nodes are drawn."""
    return f"{note} {titles_note(lang)}" if has_ipc else note


def overview_view(
    store: PatentStore, *, lang: str = "zh", entity_base: str | None = None, plan: str | None = None
) -> str:
    """The policy overview: plan -> tasks and targets -> industries -> centers -> regions/zones -> agencies.

    ``plan`` is the id of a loaded plan (``patentnav policy list``); default the Hunan pilot.
    """
    graph = overview_graph(store, plan)
    pilot = plan in (None, "hunan-ip-strong-province-pilot")
    note = _t(
        lang,
        f"数据：知识图谱中的规划、任务、目标、产业、支撑中心、地区/园区与机构（{graph.number_of_nodes()} 个节点，"
        f"{graph.number_of_edges()} 条关系）；产业与地区按专利数定大小。"
        + ("支撑中心为规划中的中心（来源未给出名称）。" if pilot else ""),
        f"Data: the plans, tasks, targets, industries, support centers, regions/zones and agencies in the graph "
        f"({graph.number_of_nodes()} nodes, {graph.number_of_edges()} links); industries and regions sized by "
        f"patent count." + (" Support centers are planned ones (the source names none)." if pilot else ""),
    )
    return render_view(
        graph,
        title=_t(
            lang,
            "政策总览：规划 → 任务 → 产业 → 支撑中心 → 地区 → 机构",
            "Policy overview: plan → tasks → industries → support centers → regions → agencies",
        ),
        note=note,
        lang=lang,
        layout="layered",
        columns=OVERVIEW_COLUMNS,
        entity_base=entity_base,
    )


def entity_view(
    store: PatentStore,
    entity: str,
    *,
    depth: int = 1,
    types: Iterable[str] | None = None,
    relations: Iterable[str] | None = None,
    lang: str = "zh",
    max_nodes: int = DEFAULT_MAX_NODES,
    entity_base: str | None = None,
) -> str:
    """Any entity's neighbourhood at ``depth`` 1-3, filtered by relation and type."""
    iri = entity if entity.startswith(("http://", "https://", "urn:")) else ID + entity
    types, relations = list(types or []), list(relations or [])
    graph = entity_graph(store, iri, depth=depth, types=types, relations=relations, limit=max_nodes)
    has_ipc = _title_ipc_nodes(graph)
    name = graph.nodes[iri].get("label_zh" if lang == "zh" else "label_en") or iri
    filters = []
    if types:
        filters.append(_t(lang, "类型：", "types: ") + ", ".join(types))
    if relations:
        filters.append(_t(lang, "关系：", "relations: ") + ", ".join(relations))
    note = _t(
        lang,
        f"数据：与该实体相距 {depth} 步以内的实体（每个实体沿最短关系路径连接）；{'；'.join(filters) or '不过滤'}；"
        f"最多 {max_nodes} 个。",
        f"Data: entities within {depth} hop(s), each linked along its shortest relation path; "
        f"{'; '.join(filters) or 'no filters'}; at most {max_nodes}.",
    )
    note = _with_titles_note(note, lang, has_ipc)
    return render_view(
        graph,
        title=_t(lang, f"实体关系：{name}", f"Neighbourhood of {name}"),
        note=note,
        lang=lang,
        max_nodes=max_nodes,
        keep=[iri],
        layout="radial",
        entity_base=entity_base,
    )


def landscape_view(
    store: PatentStore,
    industry: str,
    region: str | None = None,
    *,
    lang: str = "zh",
    max_nodes: int = DEFAULT_MAX_NODES,
    entity_base: str | None = None,
) -> str:
    """An industry x region landscape: applicants, IPC main groups, centers and the region, sized by patents."""
    industry_iri = resolve_iri(industry, "industry")
    region_iri = resolve_iri(region, "region") if region else None
    graph = landscape_graph(store, industry_iri, region_iri, limit=max_nodes)
    has_ipc = _title_ipc_nodes(graph)
    ind_name = graph.nodes[industry_iri]["label_zh" if lang == "zh" else "label_en"]
    reg_name = graph.nodes[region_iri]["label_zh" if lang == "zh" else "label_en"] if region_iri else None
    orgs = sum(1 for _, d in graph.nodes(data=True) if d.get("type") == "org")
    groups = sum(1 for _, d in graph.nodes(data=True) if d.get("type") == "ipc")
    where_zh = f"在{reg_name}（含下辖地区）" if reg_name else ""
    where_en = f" located in {reg_name} or its sub-regions" if reg_name else ""
    note = _t(
        lang,
        f"数据：该产业{where_zh}的申请人（{orgs} 个，按专利数取前 "
        f"{max_nodes} 个）、其 IPC 大组（{groups} 个，小组归并到大组，如 B66C23/64 → B66C23/00）"
        f"与服务该产业的支撑中心；大小为专利数，连线粗细为共同专利数。",
        f"Data: applicants with patents in the industry{where_en}"
        f" ({orgs}, top {max_nodes} by patents), their IPC main groups ({groups}; subgroups rolled up, "
        f"B66C23/64 → B66C23/00) and the support centers serving the industry; "
        f"size = patents, line width = patents in common.",
    )
    note = _with_titles_note(note, lang, has_ipc)
    title = _t(
        lang,
        f"产业专利地图：{ind_name}{' × ' + reg_name if reg_name else ''}",
        f"Industry landscape: {ind_name}{' × ' + reg_name if reg_name else ''}",
    )
    return render_view(
        graph,
        title=title,
        note=note,
        lang=lang,
        max_nodes=max_nodes,
        keep=[n for n in (industry_iri, region_iri) if n],
        entity_base=entity_base,
        weight_label=_t(lang, "专利数", "patents"),
    )


def _view_scope(store: PatentStore, industry: str | None, region: str | None) -> Scope:
    return network_scope(
        store,
        resolve_iri(industry, "industry") if industry else None,
        resolve_iri(region, "region") if region else None,
    )


#: IPC level -> (zh, en) name and what was rolled up into it.
_LEVELS = {
    "main_group": ("IPC 大组", "IPC main groups", "小组归并到大组", "subgroups rolled up"),
    "subclass": ("IPC 小类", "IPC subclasses", "大组与小组归并到小类", "groups rolled up"),
}


def network_view(
    store: PatentStore,
    scope: Scope,
    kind: str,
    *,
    lang: str = "zh",
    max_nodes: int = DEFAULT_MAX_NODES,
    entity_base: str | None = None,
    level: str = "main_group",
) -> str:
    """The co-applicant (``kind="coapplicants"``) or IPC (``kind="ipc"``) network page of an analysis scope.

    The scope may carry a period too (the report uses it); the two views below build
    theirs from industry and region only.
    """
    if kind == "coapplicants":
        graph = coapplicant_graph(store, scope, max_nodes=max_nodes)
    elif kind == "ipc":
        if level not in _LEVELS:
            raise ValueError(f"level must be one of {', '.join(_LEVELS)}, not {level!r}")
        graph = ipc_graph(store, scope, level=level, max_nodes=max_nodes)
    else:
        raise ValueError(f"kind must be coapplicants or ipc, not {kind!r}")
    names = {}
    for _node, data in sorted(graph.nodes(data=True), key=lambda nd: -(nd[1].get("patent_count") or 0)):
        c = data.get("community")
        if c is not None and c not in names:
            names[c] = data.get("label_zh" if lang == "zh" else "label_en") or ""
            if lang == "en" and data.get("type") == "ipc":
                names[c] = titled(names[c], data.get("title_en"), 30)  # a community is named by its largest field
    has_ipc = _title_ipc_nodes(graph) or kind == "ipc"
    parts = [_label(store, iri, lang) for iri in (scope.industry, scope.region) if iri]
    if scope.start or scope.end:
        parts.append(f"{scope.start or '…'} – {scope.end or '…'}")
    scope_text = " × ".join(parts) or _t(lang, "全部专利", "all patents")
    if kind == "coapplicants":
        title = _t(lang, f"合作申请网络：{scope_text}", f"Co-applicant network: {scope_text}")
        what = _t(
            lang,
            f"专利最多的申请人（至多 {max_nodes} 个）之间的共同申请",
            f"joint applications among the applicants with most patents (at most {max_nodes})",
        )
    else:
        zh_level, en_level, zh_roll, en_roll = _LEVELS[level]
        title = _t(lang, f"IPC 共现分类社区：{scope_text}", f"IPC co-classification communities: {scope_text}")
        what = _t(
            lang,
            f"层级：{zh_level}（{zh_roll}）；专利最多的{zh_level}（至多 {max_nodes} 个）在同一专利中共同出现",
            f"level: {en_level} ({en_roll}); the {en_level} with most patents (at most {max_nodes}), "
            f"linked when given to the same patents",
        )
    n_comm = len({d.get("community") for _, d in graph.nodes(data=True) if d.get("community") is not None})
    extra = []
    if graph.graph.get("truncated"):
        extra.append(_t(lang, f"范围内超过 {max_nodes} 个，只取前 {max_nodes} 个", f"more than {max_nodes} in scope"))
    if graph.graph.get("isolated"):
        n = graph.graph["isolated"]
        extra.append(_t(lang, f"{n} 个申请人没有共同申请，未画出", f"{n} applicants without a joint patent not drawn"))
    if graph.graph.get("empty"):
        extra.append(graph.graph["empty"])
    more = "".join(f"；{e}" if lang == "zh" else f"; {e}" for e in extra)
    note = _t(
        lang,
        f"数据：{what}（{graph.number_of_nodes()} 个节点，{graph.number_of_edges()} 条连线{more}）；"
        f"颜色为 Louvain 社区（{n_comm} 个，按规模编号），形状为类型，大小为专利数，连线粗细为共同专利数。",
        f"Data: {what} ({graph.number_of_nodes()} nodes, {graph.number_of_edges()} links{more}); colour = Louvain "
        f"community ({n_comm}, numbered by size), shape = type, size = patents, line width = shared patents.",
    )
    note = _with_titles_note(note, lang, has_ipc)
    return render_view(
        graph,
        title=title,
        note=note,
        lang=lang,
        max_nodes=max_nodes,
        entity_base=entity_base,
        color_by="community",
        community_names=names,
        weight_label=_t(lang, "共同专利", "shared patents"),
    )


def coapplicants_view(
    store: PatentStore,
    *,
    industry: str | None = None,
    region: str | None = None,
    lang: str = "zh",
    max_nodes: int = DEFAULT_MAX_NODES,
    entity_base: str | None = None,
) -> str:
    """Co-applicant network coloured by community, optionally for one industry and/or region."""
    scope = _view_scope(store, industry, region)
    return network_view(store, scope, "coapplicants", lang=lang, max_nodes=max_nodes, entity_base=entity_base)


def ipc_view(
    store: PatentStore,
    *,
    industry: str | None = None,
    region: str | None = None,
    lang: str = "zh",
    max_nodes: int = DEFAULT_MAX_NODES,
    entity_base: str | None = None,
    level: str = "main_group",
) -> str:
    """IPC co-classification communities at ``level`` (main_group or subclass), optionally for one industry/region."""
    scope = _view_scope(store, industry, region)
    return network_view(store, scope, "ipc", lang=lang, max_nodes=max_nodes, entity_base=entity_base, level=level)
