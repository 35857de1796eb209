"""The seven views, each a function from a store and parameters to one HTML page.

The CLI (``patentnav view …``) and the API (``/views/…``) call these with the same
parameter names, so a page from either is the same page. Industry and region
arguments accept an IRI, ``type/id`` or a bare id (``construction-machinery``, ``430100``).
The module stays whole over 400 lines because the seven views share its wording helpers (titles,
notes, community names), and each view with its note helpers is short.

>>> from patentnav.graph.store import open_store
>>> from patentnav.graph.bootstrap import ensure_seeded
>>> s = open_store("memory://"); _ = ensure_seeded(s)
>>> "支撑中心" in overview_view(s)
True
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import networkx as nx

from patentnav.graph.analysis.scope import Scope
from patentnav.graph.entities import entity_refs
from patentnav.graph.ipc_titles import titled, titles_note
from patentnav.graph.paths import resolve_ref
from patentnav.graph.store import PatentStore
from patentnav.graph.viz.limits import DEFAULT_MAX_LINKS
from patentnav.graph.viz.render import DEFAULT_MAX_NODES, HARD_MAX_NODES, render_flow, render_view
from patentnav.graph.viz.sources import (
    CITATION_LEVELS,
    citation_graph,
    coapplicant_graph,
    entity_graph,
    ipc_graph,
    landscape_graph,
    network_scope,
    overview_graph,
    transfer_flows,
)
from patentnav.ontology import ID, entity_iri

__all__ = [
    "OVERVIEW_COLUMNS",
    "VIEW_NAMES",
    "citation_network_view",
    "citations_view",
    "coapplicants_view",
    "entity_view",
    "ipc_label",
    "ipc_view",
    "landscape_view",
    "network_view",
    "overview_view",
    "resolve_iri",
    "transfer_flow_view",
    "transfers_view",
]

VIEW_NAMES = ("overview", "entity", "landscape", "coapplicants", "ipc", "citations", "transfers")

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
    names = _community_names(graph, lang)
    has_ipc = _title_ipc_nodes(graph) or kind == "ipc"
    title, what = _network_title(kind, level, lang, max_nodes, _scope_text(store, scope, lang))
    n_comm = len({d.get("community") for _, d in graph.nodes(data=True) if d.get("community") is not None})
    more = _more(_network_extras(graph.graph, lang, max_nodes), lang)
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


def _community_names(graph: nx.Graph, lang: str) -> dict[int, str]:
    """Each community named by its node with most patents (an IPC field with its English title in English)."""
    names: dict[int, str] = {}
    for _node, data in sorted(graph.nodes(data=True), key=lambda nd: -(nd[1].get("patent_count") or 0)):
        c = data.get("community")
        if c is not None and c not in names:
            names[c] = data.get("label_zh" if lang == "zh" else "label_en") or ""
            if lang == "en" and data.get("type") == "ipc":
                names[c] = titled(names[c], data.get("title_en"), 30)  # a community is named by its largest field
    return names


def _network_title(kind: str, level: str, lang: str, max_nodes: int, scope_text: str) -> tuple[str, str]:
    """A network page's title and the note's phrase on what it draws."""
    if kind == "coapplicants":
        title = _t(lang, f"合作申请网络：{scope_text}", f"Co-applicant network: {scope_text}")
        what = _t(
            lang,
            f"专利最多的申请人（至多 {max_nodes} 个）之间的共同申请",
            f"joint applications among the applicants with most patents (at most {max_nodes})",
        )
        return title, what
    zh_level, en_level, zh_roll, en_roll = _LEVELS[level]
    title = _t(lang, f"IPC 共现分类社区：{scope_text}", f"IPC co-classification communities: {scope_text}")
    what = _t(
        lang,
        f"层级：{zh_level}（{zh_roll}）；专利最多的{zh_level}（至多 {max_nodes} 个）在同一专利中共同出现",
        f"level: {en_level} ({en_roll}); the {en_level} with most patents (at most {max_nodes}), "
        f"linked when given to the same patents",
    )
    return title, what


def _network_extras(g: dict[str, Any], lang: str, max_nodes: int) -> list[str]:
    """What the note adds on a network graph's cap, isolated applicants left out and emptiness."""
    extra = []
    if g.get("truncated"):
        extra.append(_t(lang, f"范围内超过 {max_nodes} 个，只取前 {max_nodes} 个", f"more than {max_nodes} in scope"))
    if g.get("isolated"):
        n = g["isolated"]
        extra.append(_t(lang, f"{n} 个申请人没有共同申请，未画出", f"{n} applicants without a joint patent not drawn"))
    if g.get("empty"):
        extra.append(g["empty"])
    return extra


def _more(extra: list[str], lang: str) -> str:
    """Extra clauses for a note's parenthesis, each after the language's semicolon."""
    return "".join(f"；{e}" if lang == "zh" else f"; {e}" for e in extra)


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


def _scope_text(store: PatentStore, scope: Scope, lang: str) -> str:
    parts = [_label(store, iri, lang) for iri in (scope.industry, scope.region) if iri]
    if scope.start or scope.end:
        parts.append(f"{scope.start or '…'} – {scope.end or '…'}")
    return " × ".join(parts) or _t(lang, "全部专利", "all patents")


def citation_network_view(
    store: PatentStore,
    scope: Scope,
    *,
    level: str = "org",
    lang: str = "zh",
    max_nodes: int = DEFAULT_MAX_NODES,
    entity_base: str | None = None,
) -> str:
    """The citation network page of an analysis scope (organisations or patents, see :func:`citation_graph`).

    Arrows point from the citing to the cited node; colour = Louvain community, size = forward citations
    (for organisations, the citations their patents receive in the network), line width = citations. The
    note says how many nodes and links the cap left out and how many kept nodes had no link among the kept.
    """
    if level not in CITATION_LEVELS:
        raise ValueError(f"level must be one of {', '.join(CITATION_LEVELS)}, not {level!r}")
    if not 1 <= max_nodes <= HARD_MAX_NODES:
        raise ValueError(f"max_nodes must be between 1 and {HARD_MAX_NODES}, got {max_nodes}")
    graph = citation_graph(store, scope, level=level, max_nodes=max_nodes)
    scope_text = _scope_text(store, scope, lang)
    names = _community_names(graph, lang)
    n_comm = len(set(nx.get_node_attributes(graph, "community").values()))
    what = _citation_what(level, lang, max_nodes)
    more = _more(_citation_extras(graph.graph, lang, max_nodes), lang)
    note = _t(
        lang,
        f"数据：{what}（{graph.number_of_nodes()} 个节点，{graph.number_of_edges()} 条连线{more}）；"
        f"箭头由施引指向被引，颜色为 Louvain 社区（{n_comm} 个，按规模编号），连线粗细为引用次数。",
        f"Data: {what} ({graph.number_of_nodes()} nodes, {graph.number_of_edges()} links{more}); arrows point "
        f"from citing to cited, colour = Louvain community ({n_comm}, numbered by size), line width = citations.",
    )
    title = _t(
        lang,
        f"{'机构' if level == 'org' else '专利'}引用网络：{scope_text}",
        f"Citation network of {'organisations' if level == 'org' else 'patents'}: {scope_text}",
    )
    return render_view(
        graph,
        title=title,
        note=note,
        lang=lang,
        max_nodes=max_nodes,
        entity_base=entity_base,
        color_by="community",
        community_names=names,
        weight_label=_t(lang, "引用次数", "citations"),
        count_label="被引 forward citations",
        edge_note="箭头：施引 → 被引 · arrow: citing → cited",
    )


def _citation_what(level: str, lang: str, max_nodes: int) -> str:
    """The citation note's phrase on which citations are drawn and what a node's size counts."""
    if level == "org":
        return _t(
            lang,
            f"申请人之间的引用：一方为范围内专利、双方均为已载入且有申请人的专利、由文件列出文献号的引用"
            f"（按被引与施引次数取前 {max_nodes} 个机构为限）；大小为其专利在网络中的被引次数（含自引）",
            f"citations between applicants: listed by number in the files, between loaded patents with applicants, "
            f"one of them in the scope (at most the {max_nodes} organisations citing and cited most); "
            f"size = the citations their patents receive in the network (self-citations included)",
        )
    return _t(
        lang,
        f"一方为范围内专利、由文件列出文献号的引用，含未载入的文献（按被引次数取前 {max_nodes} 件为限）；"
        f"大小为被引次数（著录次数与列出的施引文献取大者）",
        f"citations listed by number in the files with a scope patent on one side, documents outside the files "
        f"included (at most the {max_nodes} most cited); "
        f"size = forward citations (the larger of the stated count and the citing documents listed)",
    )


def _citation_extras(g: dict[str, Any], lang: str, max_nodes: int) -> list[str]:
    """What the citation note adds: the cap, the whole network's links and citations, isolated nodes, emptiness."""
    extra = []
    if g.get("truncated"):
        extra.append(
            _t(
                lang,
                f"网络共 {g['candidates']} 个节点，只取前 {max_nodes} 个",
                f"{g['candidates']} nodes in the whole network, the top {max_nodes} kept",
            )
        )
    if g.get("links") is not None:
        extra.append(
            _t(
                lang,
                f"全网 {g['links']} 对机构、{g['citations']} 次引用",
                f"{g['links']} organisation pairs and {g['citations']} citations in all",
            )
        )
    elif g.get("citations"):
        extra.append(_t(lang, f"全网 {g['citations']} 次引用", f"{g['citations']} citations in all"))
    if g.get("isolated"):
        n = g["isolated"]
        extra.append(
            _t(lang, f"{n} 个节点与其余保留节点无引用，未画出", f"{n} kept nodes without a link among them not drawn")
        )
    if g.get("empty"):
        extra.append(g["empty"])
    return extra


def citations_view(
    store: PatentStore,
    *,
    industry: str | None = None,
    region: str | None = None,
    level: str = "org",
    lang: str = "zh",
    max_nodes: int = DEFAULT_MAX_NODES,
    entity_base: str | None = None,
) -> str:
    """Citation network of organisations (``level="org"``) or patents, optionally for one industry/region."""
    scope = _view_scope(store, industry, region)
    return citation_network_view(store, scope, level=level, lang=lang, max_nodes=max_nodes, entity_base=entity_base)


def transfer_flow_view(
    store: PatentStore,
    scope: Scope,
    *,
    level: str = "prefecture",
    lang: str = "zh",
    max_links: int = DEFAULT_MAX_LINKS,
    mode: str = "type",
    entity_base: str | None = None,
) -> str:
    """The transfer-flow page of an analysis scope: a Sankey from transferor to transferee type or place.

    Counted as :func:`~patentnav.graph.viz.sources.transfer_flows` says; places at ``level`` (province,
    prefecture, county). The note says which transfers are drawn, how many flows the cap left out, and that
    events without parties or places are drawn as "party not given" / "place not known".
    """
    flows = transfer_flows(store, scope, level=level, max_links=max_links)
    scope_text = _scope_text(store, scope, lang)
    levels = {"province": ("省级", "province"), "prefecture": ("地市级", "prefecture"), "county": ("区县级", "county")}
    zh_level, en_level = levels[level]
    t, r = flows["type"], flows["region"]
    where_zh = "；颜色标出转入、转出本区域" if scope.region else ""
    where_en = "; colours mark transfers into and out of the region" if scope.region else ""
    cap = []
    for part, zh, en in ((t, "类型", "type"), (r, "地区", "place")):
        if part["left_links"]:
            cap.append(
                _t(
                    lang,
                    f"按{zh}共 {part['total_links']} 条流向，只画出最宽的 {len(part['links'])} 条",
                    f"by {en}: the {len(part['links'])} widest of {part['total_links']} flows drawn",
                )
            )
    if flows.get("empty"):
        cap.append(flows["empty"])
    more = _more(cap, lang)
    note = _t(
        lang,
        f"数据：范围内专利的转让（{flows['transferred']} 件专利有转让记录），由转让人到受让人，按机构类型"
        f"（高校/科研院所 → 企业为技术转移）或所在地（{zh_level}，境外按国家）{where_zh}；宽度为专利数，"
        f"一件专利的转让若列出多方当事人则计入多条流向（文件不配对当事人）{more}。",
        f"Data: transfers of the scope's patents ({flows['transferred']} patents with a transfer), from transferor "
        f"to transferee, by organisation type (university/institute → enterprise is technology transfer) or by "
        f"place ({en_level} level, abroad by country){where_en}; width = patents; a transfer naming several "
        f"parties counts in several flows (the files do not pair the parties){more}.",
    )
    title = _t(lang, f"专利转让流向：{scope_text}", f"Patent transfer flows: {scope_text}")
    return render_flow(flows, title=title, note=note, lang=lang, mode=mode, entity_base=entity_base)


def transfers_view(
    store: PatentStore,
    *,
    industry: str | None = None,
    region: str | None = None,
    level: str = "prefecture",
    lang: str = "zh",
    max_links: int = DEFAULT_MAX_LINKS,
    mode: str = "type",
    entity_base: str | None = None,
) -> str:
    """Transfer flows (transferor type/place -> transferee type/place) as a Sankey, optionally for a scope."""
    scope = _view_scope(store, industry, region)
    return transfer_flow_view(
        store, scope, level=level, lang=lang, max_links=max_links, mode=mode, entity_base=entity_base
    )
