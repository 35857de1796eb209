"""Bounded SPARQL -> networkx graphs with the node attributes the views draw.

Each builder returns a graph whose nodes are entity IRIs carrying ``label_zh``,
``label_en``, ``type``, ``patent_count``, ``facts`` and, for networks, ``community``; IPC
nodes also carry ``title_en``, WIPO's English title (``None`` without the optional
``ipc-titles`` extra; Chinese titles are not available), which is one of their facts too.
Edges carry ``rel_zh``/``rel_en`` or ``weight``. Every query is a ``.rq`` file beside this module;
IRIs reach queries as bindings of :func:`patentnav.graph.store.select` (a ``NamedNode``, or a list
of them for a template's empty ``VALUES`` block), never as pasted text.

The module stays whole: it is every view's data source, and the builders share the bounded queries and the
node labelling (``_label_nodes``) that give every view's nodes the same attributes.

>>> from patentnav.graph.store import open_store
>>> from patentnav.graph.bootstrap import ensure_seeded
>>> s = open_store("memory://"); _ = ensure_seeded(s)
>>> g = overview_graph(s)
>>> g.nodes["https://w3id.org/patentnav/id/industry/new-materials"]["label_zh"]
'新材料'
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import networkx as nx
import pandas as pd
import pyoxigraph as ox

from patentnav.graph.analysis.cooccurrence import co_applicant_network, ipc_network
from patentnav.graph.analysis.landscape import REGION_LEVELS
from patentnav.graph.analysis.scope import EmptyScopeError, Scope, require_patents, resolve_scope, run_sql
from patentnav.graph.entities import EntityRef, entity_refs, related
from patentnav.graph.errors import UnknownEntityError
from patentnav.graph.ipc_titles import title_for
from patentnav.graph.network import number_communities
from patentnav.graph.store import Binding, PatentStore, load_rq, select, select_chunks
from patentnav.graph.viz.style import FLOW_GROUPS
from patentnav.ontology import entity_iri

__all__ = [
    "CITATION_LEVELS",
    "IPC_TITLE_FACT",
    "citation_graph",
    "coapplicant_graph",
    "entity_graph",
    "ipc_graph",
    "landscape_graph",
    "network_scope",
    "overview_graph",
    "patent_counts",
    "transfer_flows",
]

_CHUNK = 500
#: The details-panel name of an IPC node's title.
IPC_TITLE_FACT = "IPC 标题（WIPO 英文） IPC title (WIPO, English)"


def _rows_for(
    store: PatentStore, rq_name: str, var: str, iris: Iterable[str], **bindings: ox.NamedNode
) -> Iterator[dict]:
    """Rows of ``rq_name`` with its empty ``VALUES ?var { }`` block filled with ``iris``, at most 500 at a time."""
    items = [ox.NamedNode(i) for i in dict.fromkeys(iris)]
    yield from select_chunks(store, load_rq(__package__, rq_name), var, items, chunk=_CHUNK, **bindings)


def patent_counts(store: PatentStore, iris: Iterable[str]) -> dict[str, int]:
    """Patents per entity (industry, applicant, IPC class, inventor or region); absent means none."""
    counts: dict[str, int] = {}
    for row in _rows_for(store, "patent_counts.rq", "e", iris):
        counts[row["e"]] = int(row["n"])
    return counts


def _names(store: PatentStore, iris: list[str]) -> dict[str, str]:
    names: dict[str, str] = {}
    for row in _rows_for(store, "node_names.rq", "e", iris):
        names.setdefault(row["e"], str(row["name"]))
    return names


def _facts(store: PatentStore, iris: list[str]) -> dict[str, list[tuple[str, str]]]:
    facts: dict[str, list[tuple[str, str]]] = {}
    for row in _rows_for(store, "node_facts.rq", "e", iris):
        name = " ".join(x for x in (row["zh"], row["en"]) if x)
        value = row["v"]
        value = ("是 yes" if value else "否 no") if isinstance(value, bool) else str(value)
        facts.setdefault(row["e"], []).append((name, value))
    return facts


def _label_nodes(store: PatentStore, graph: nx.Graph, *, counts: bool = True) -> None:
    """Fill in labels, type, facts and (optionally) patent counts of every node from the store."""
    iris = [str(n) for n in graph]
    refs = entity_refs(store, iris)
    facts = _facts(store, iris)
    unnamed = [i for i in iris if not (refs[i].label_zh or refs[i].label_en)]
    names = _names(store, unnamed) if unnamed else {}
    found = patent_counts(store, iris) if counts else {}
    for iri in iris:
        ref, data = refs[iri], graph.nodes[iri]
        data.setdefault("type", ref.type)
        fallback = names.get(iri) or data.get("name")
        data["label_zh"] = ref.label_zh or fallback or ref.label("zh")
        data["label_en"] = ref.label_en or fallback or ref.label("en")
        data["facts"] = facts.get(iri, [])
        if data.get("type") == "ipc":
            # WIPO's English title (the optional ipc-titles extra), in full in the details panel;
            # the views put a shortened one beside the code (labels here stay the bare code).
            data["title_en"] = title = title_for(iri)
            if title:
                data["facts"].append((IPC_TITLE_FACT, title))
        if counts:
            data.setdefault("patent_count", found.get(iri, 0))


def overview_graph(store: PatentStore, plan: str | None = None) -> nx.DiGraph:
    """The policy overview of one plan (its id; default the Hunan pilot, else every loaded plan).

    Plan -> tasks and targets -> industries -> centers -> regions, zones, agencies: the links the
    plan's graph states. Raises :class:`~patentnav.graph.errors.UnknownEntityError` for a plan id
    that is not loaded.
    """
    graphs = _plan_graphs(store, plan)
    graph = nx.DiGraph()
    for row in select(store, load_rq(__package__, "overview_edges.rq"), graph=[ox.NamedNode(g) for g in graphs]):
        if graph.has_edge(row["s"], row["o"]):
            continue
        graph.add_edge(row["s"], row["o"], rel_zh=row["rel_zh"], rel_en=row["rel_en"])
    _label_nodes(store, graph)
    for _, data in graph.nodes(data=True):
        # Only industries and regions have patents of their own in this view.
        if data.get("type") not in ("industry", "region"):
            data["patent_count"] = None
    return graph


def _plan_graphs(store: PatentStore, plan: str | None) -> list[str]:
    from patentnav.graph.policy.loader import PILOT_PLAN, plan_graphs

    graphs = plan_graphs(store)
    if plan is None:
        return [graphs[PILOT_PLAN]] if PILOT_PLAN in graphs else sorted(graphs.values()) or ["urn:patentnav:none"]
    if plan not in graphs:
        raise UnknownEntityError(f"plan/{plan} (loaded plans: {', '.join(sorted(graphs)) or 'none'})")
    return [graphs[plan]]


def _predicate_labels(store: PatentStore, predicates: Iterable[str]) -> dict[str, tuple[str, str]]:
    out: dict[str, tuple[str, str]] = {}
    for row in _rows_for(store, "predicate_labels.rq", "p", predicates):
        local = row["p"].rsplit("#", 1)[-1].rsplit("/", 1)[-1]
        out[row["p"]] = (row["zh"] or local, row["en"] or local)
    return out


def entity_graph(
    store: PatentStore,
    iri: str,
    *,
    depth: int = 1,
    types: Iterable[str] | None = None,
    relations: Iterable[str] | None = None,
    limit: int = 1500,
) -> nx.DiGraph:
    """An entity's neighbourhood within ``depth`` hops, filtered by type and relation.

    Each related entity is linked along its shortest path (see
    :func:`patentnav.graph.entities.related`); when the type filter hides the entities
    in between, the edge goes from the nearest shown one and names the whole path.
    Raises :class:`~patentnav.graph.errors.UnknownEntityError` for an unknown IRI.
    """
    hits = related(store, iri, depth=depth, types=types, relations=relations, limit=limit)
    shown = {iri} | {h.entity.iri for h in hits}
    rel = _predicate_labels(store, {hop.predicate for h in hits for hop in h.path})
    graph = nx.DiGraph()
    graph.add_node(iri, depth=0)
    for h in hits:
        graph.add_node(h.entity.iri, type=h.entity.type, depth=h.depth)
        # Walk the path from the start; link the last shown node to this one.
        current, anchor, steps = iri, iri, []
        for hop in h.path:
            forward = hop.subject == current
            current = hop.object if forward else hop.subject
            steps.append(hop)
            if current in shown:
                if len(steps) == 1:
                    zh, en = rel.get(hop.predicate, (hop.predicate, hop.predicate))
                    src, dst = (hop.subject, hop.object)
                else:
                    zh = " / ".join(rel.get(s.predicate, (s.predicate,) * 2)[0] for s in steps)
                    en = " / ".join(rel.get(s.predicate, (s.predicate,) * 2)[1] for s in steps)
                    src, dst = anchor, current
                if not graph.has_edge(src, dst) and not graph.has_edge(dst, src):
                    graph.add_edge(src, dst, rel_zh=zh, rel_en=en)
                graph.nodes[current].setdefault("parent", anchor)
                anchor, steps = current, []
    _label_nodes(store, graph)
    return graph


def _region_scope(store: PatentStore, region: str) -> list[str]:
    rows = select(store, load_rq(__package__, "region_scope.rq"), region=ox.NamedNode(region))
    return [r["r"] for r in rows]


def _region_bindings(store: PatentStore, region: str | None) -> dict[str, Binding]:
    """The bindings of the landscape queries' region (``?allRegions``, ``?loc``): every applicant, or
    those located in the region or a region below it."""
    if region is None:
        return {"allRegions": ox.Literal(True)}
    scope = _region_scope(store, region) or [region]
    return {"allRegions": ox.Literal(False), "loc": [ox.NamedNode(i) for i in scope]}


def _require(store: PatentStore, iri: str) -> None:
    if not store.query("ASK { ?e ?p ?o }", substitutions={"e": ox.NamedNode(iri)}):
        raise UnknownEntityError(iri)


def landscape_graph(store: PatentStore, industry: str, region: str | None = None, *, limit: int = 1500) -> nx.Graph:
    """An industry's landscape in a region: its applicants, their IPC main groups, the centers serving it.

    Applicants (at most ``limit``, most patents first) are sized by their patents in the
    industry (and region). IPC classes are rolled up to main groups (``id:ipc/B66C23-64``
    counts as ``id:ipc/B66C23-00``), each sized by the slice's distinct patents in it.
    """
    _require(store, industry)
    if region:
        _require(store, region)
    graph = nx.Graph()
    graph.add_node(industry)
    if region:
        graph.add_node(region)
    bound = {"industry": ox.NamedNode(industry), **_region_bindings(store, region)}  # the slice
    ranked = select(store, load_rq(__package__, "landscape_applicants.rq"), **bound)
    orgs = {r["org"]: int(r["n"]) for r in ranked[: int(limit)]}
    for org, n in orgs.items():
        graph.add_node(org, type="org", patent_count=n)
        if region:
            graph.add_edge(org, region, rel_zh="位于", rel_en="located in")
    for row in _rows_for(store, "landscape_ipc.rq", "org", orgs, industry=ox.NamedNode(industry)):
        graph.add_node(row["ipc"], type="ipc", name=row["ipc"].rsplit("/", 1)[-1].replace("-", "/"))
        graph.add_edge(row["org"], row["ipc"], weight=int(row["n"]))
    # IPC and industry sizes count distinct patents of the whole slice (not summed per applicant).
    for row in select(store, load_rq(__package__, "landscape_ipc_counts.rq"), **bound):
        if row["ipc"] in graph:
            graph.nodes[row["ipc"]]["patent_count"] = int(row["n"])
            graph.add_edge(industry, row["ipc"], weight=int(row["n"]))
    total = select(store, load_rq(__package__, "landscape_total.rq"), **bound)[0]["n"]
    scope = set(_region_scope(store, region)) if region else set()
    for row in select(store, load_rq(__package__, "landscape_centers.rq"), industry=ox.NamedNode(industry)):
        graph.add_node(row["center"], type="center", patent_count=None)
        graph.add_edge(row["center"], industry, rel_zh="服务产业", rel_en="serves industry")
        if region and row["served"] in scope | {region}:
            graph.add_edge(row["center"], region, rel_zh="服务地区", rel_en="serves region")
    for node in (industry, region):
        if node:
            graph.nodes[node]["patent_count"] = None
    _label_nodes(store, graph, counts=False)
    graph.nodes[industry]["patent_count"] = int(total) or None
    return graph


def network_scope(store: PatentStore, industry: str | None = None, region: str | None = None) -> Scope:
    """The :class:`~patentnav.graph.analysis.scope.Scope` of a network view from industry/region IRIs.

    Raises :class:`~patentnav.graph.errors.UnknownEntityError` for an IRI not in the store.
    """
    for iri in (industry, region):
        if iri:
            _require(store, iri)
    return resolve_scope(store, industry=industry, region=region)


def _empty(exc: EmptyScopeError) -> nx.Graph:
    return nx.Graph(empty=str(exc), truncated=False)


def coapplicant_graph(store: PatentStore, scope: Scope | None = None, *, max_nodes: int = 300) -> nx.Graph:
    """Applicants linked by the patents they filed together, coloured by Louvain community.

    Built by :func:`patentnav.graph.analysis.cooccurrence.co_applicant_network`: the ``max_nodes``
    applicants with most patents in the scope; edge ``weight`` is their joint patents.
    Applicants without a joint patent among them are dropped (``G.graph["isolated"]``
    counts them). ``scope`` (default: all patents, see :func:`network_scope`) restricts the
    patents; a scope without patents gives an empty graph whose ``G.graph["empty"]`` says why.
    """
    scope = scope or Scope()
    try:
        graph = co_applicant_network(store, scope, max_nodes=max_nodes)
    except EmptyScopeError as exc:
        return _empty(exc)
    isolated = [n for n in graph if graph.degree(n) == 0]
    graph.remove_nodes_from(isolated)
    graph.graph["isolated"] = len(isolated)
    for _, data in graph.nodes(data=True):
        data.update(type="org", patent_count=data["patents"])
    _label_nodes(store, graph, counts=False)
    return number_communities(graph)


def ipc_graph(
    store: PatentStore,
    scope: Scope | None = None,
    *,
    level: str = "main_group",
    max_nodes: int = 300,
) -> nx.Graph:
    """IPC fields linked by the patents classified in both, coloured by Louvain community.

    Built by :func:`patentnav.graph.analysis.cooccurrence.ipc_network` at ``level`` (``main_group``, e.g.
    B66C 23/00, or ``subclass``, e.g. B66C); nodes are the fields' IRIs (``id:ipc/B66C23-00``).
    """
    scope = scope or Scope()
    try:
        codes = ipc_network(store, scope, level=level, max_nodes=max_nodes)
    except EmptyScopeError as exc:
        return _empty(exc)
    graph = nx.relabel_nodes(codes, {c: entity_iri("ipc", c) for c in codes})
    for _, data in graph.nodes(data=True):
        data.update(type="ipc", patent_count=data["patents"])
    _label_nodes(store, graph, counts=False)
    return graph


#: Levels of the citation network: organisations (applicants) or patents.
CITATION_LEVELS = ("org", "patent")


def citation_graph(
    store: PatentStore, scope: Scope | None = None, *, level: str = "org", max_nodes: int = 300
) -> nx.DiGraph:
    """Who cites whom around a scope: a bounded directed network, citing -> cited, with Louvain communities.

    The links are the citations the files list by number (``pnav:cites``) whose citing or cited patent is in
    the scope (``scope``, default all patents). ``level="org"``: nodes are organisations (each applicant of the
    citing patent linked to each applicant of the cited one), the ``max_nodes`` with most citations received
    plus made; ``patent_count`` holds the citations received (self-citations included, listed in the node's
    facts), an edge's ``weight`` the citing-cited patent pairs between two organisations. ``level="patent"``:
    nodes are the documents on either side (loaded patents and reference nodes known by number only), the
    ``max_nodes`` with most forward citations as :mod:`patentnav.graph.analysis.key_patents` counts them (the
    larger of the stated count and the listed citing documents), which ``patent_count`` holds; an edge is one
    citation. Communities: weighted Louvain on the undirected network (:func:`number_communities`).

    ``G.graph`` says what the cap left out: ``candidates`` (nodes in the whole network), ``truncated``,
    ``links`` and ``citations`` of the whole network, ``isolated`` (kept nodes without a link among the kept
    ones, not drawn) and ``empty`` (why there is nothing to draw).
    """
    if level not in CITATION_LEVELS:
        raise ValueError(f"level must be one of {', '.join(CITATION_LEVELS)}, not {level!r}")
    scope = scope or Scope()
    graph = nx.DiGraph(level=level, max_nodes=max_nodes)
    try:
        require_patents(store, scope)
    except EmptyScopeError as exc:
        graph.graph.update(empty=str(exc), truncated=False, candidates=0)
        return graph
    if level == "org":
        nodes = _org_citations(store, graph, scope, max_nodes)
    else:
        nodes = _patent_citations(store, graph, scope, max_nodes)
    first = nodes.iloc[0] if len(nodes) else None
    candidates = int(first["candidates"]) if first is not None else 0
    graph.graph.update(
        candidates=candidates,
        truncated=candidates > len(nodes),
        citations=int(first["citations"]) if first is not None else 0,
        links=int(first["links"]) if first is not None and level == "org" else None,
    )
    if not len(nodes):
        graph.graph["empty"] = (
            "范围内的专利没有列出的引用 the scope's patents have no citation the files list by number (pnav:cites)"
        )
        return graph
    isolated = [n for n in graph if graph.degree(n) == 0]
    graph.remove_nodes_from(isolated)
    graph.graph["isolated"] = len(isolated)
    _label_citation_nodes(store, graph, level)
    _citation_communities(graph)
    return graph


def _org_citations(store: PatentStore, graph: nx.DiGraph, scope: Scope, max_nodes: int) -> pd.DataFrame:
    """Add the organisations most cited plus citing, and the citations between them; their node rows."""
    nodes = run_sql(store, "citations_org_nodes.sql", scope, package=__package__, limit=max_nodes)
    for r in nodes.to_dict("records"):
        graph.add_node(
            r["org"],
            type="org",
            name=r["name"],
            patent_count=int(r["received"]),
            facts=[
                ("被引 cited (citing-cited pairs)", int(r["received"])),
                ("引用他人 citing others", int(r["made"])),
                ("自引 self-citations", int(r["self"])),
                ("范围内专利 patents in scope", int(r["scope_patents"])),
            ],
        )
    edges = run_sql(store, "citations_org_edges.sql", scope, package=__package__, orgs=nodes["org"].tolist())
    for r in edges.itertuples():
        graph.add_edge(r.citing_org, r.cited_org, weight=int(r.citations))
    return nodes


def _patent_citations(store: PatentStore, graph: nx.DiGraph, scope: Scope, max_nodes: int) -> pd.DataFrame:
    """Add the documents with most forward citations, and the citations between them; their node rows."""
    nodes = run_sql(store, "citations_patent_nodes.sql", scope, package=__package__, limit=max_nodes)
    for r in nodes.to_dict("records"):
        number = r["publication_number"] or r["application_number"] or r["patent"].rsplit("/", 1)[-1]
        facts = [
            ("被引 forward citations", int(r["forward_citations"])),
            ("列出的施引文献 citing documents listed", int(r["listed"])),
            ("著录被引次数 stated count", "" if pd.isna(r["stated"]) else int(r["stated"])),
            ("网络中的引用 links in the network", int(r["links"])),
            ("在范围内 in scope", "是 yes" if r["in_scope"] else "否 no"),
        ]
        if not r["loaded"]:
            facts.append(("文献 document", "未载入：仅有文献号 not loaded: known by its number only"))
        graph.add_node(
            r["patent"],
            type="patent",
            number=number,
            title=r["title"] if isinstance(r["title"], str) else None,
            patent_count=int(r["forward_citations"]),
            facts=[(k, v) for k, v in facts if v != ""],
        )
    edges = run_sql(store, "citations_patent_edges.sql", scope, package=__package__, patents=nodes["patent"].tolist())
    for r in edges.itertuples():
        graph.add_edge(r.citing, r.cited, weight=1)
    return nodes


def _label_citation_nodes(store: PatentStore, graph: nx.DiGraph, level: str) -> None:
    """Label the kept nodes from the store, their citation facts first; a patent is named by number and title."""
    node_facts = {n: d.pop("facts") for n, d in graph.nodes(data=True)}
    _label_nodes(store, graph, counts=False)
    for node, data in graph.nodes(data=True):
        data["facts"] = node_facts[node] + data["facts"]
        if level == "patent":
            data["label_zh"] = data["label_en"] = f"{data['number']} {data.get('title') or ''}".strip()


def _citation_communities(graph: nx.DiGraph) -> None:
    """Number Louvain communities on the undirected network, a pair's citations both ways summed."""
    undirected = nx.Graph()
    undirected.add_nodes_from(graph)
    for u, v, w in graph.edges(data="weight"):
        before = undirected.get_edge_data(u, v, {}).get("weight", 0)
        undirected.add_edge(u, v, weight=before + w)
    number_communities(undirected)
    for node, community in undirected.nodes(data="community"):
        graph.nodes[node]["community"] = community


#: Transferor types whose transfers to enterprises are technology transfer (as operations.py says).
_TECHNOLOGY_SOURCES = ("university", "research institute")
_ANALYSIS = "patentnav.graph.analysis"


def _flow_side(side: str, key: str, zh: str, en: str, group: str) -> dict[str, str]:
    return {"id": f"{side}:{key}", "side": side, "key": key, "name_zh": zh, "name_en": en, "group": group}


def transfer_flows(
    store: PatentStore, scope: Scope | None = None, *, level: str = "prefecture", max_links: int = 40
) -> dict[str, Any]:
    """Patent transfers (转让) from transferor to transferee, by organisation type and by place, for a Sankey.

    Counted by :mod:`patentnav.graph.analysis.operations` (``operations_by_type.sql``,
    ``operations_by_region.sql``; the scope's transfer events, parties on both sides combined since the
    exports do not pair them): each flow's ``patents`` (distinct patents, the width) and ``events`` (stated
    counts, at least 1 per event). A patent whose transfer names several parties is in several flows, so the
    widths need not add up to the scope's transferred patents.

    Returns
    -------
    dict
        ``{"type": {...}, "region": {...}, "level", "transferred"}`` (and ``"empty"``, saying why, for a scope
        without patents); each of the two has ``nodes`` (``id``
        ``from:…``/``to:…`` so that a place may be both a source and a target, ``name_zh``, ``name_en``,
        ``group``: the type, or ``home``/``domestic``/``foreign``/``unknown`` for places), ``links`` (``source``,
        ``target``, ``patents``, ``events``, and ``technology_transfer`` (type) or ``direction`` (place)), the
        ``max_links`` widest flows; ``total_links``/``total_patents`` of all flows and ``left_links``/
        ``left_patents`` of those the cap left out. ``transferred`` = the scope's patents with a transfer event.
    """
    scope = scope or Scope()
    if max_links < 1:
        raise ValueError(f"max_links must be at least 1, not {max_links}")
    if level not in REGION_LEVELS:
        raise ValueError(f"level must be one of {', '.join(REGION_LEVELS)}, not {level!r}")
    try:
        require_patents(store, scope)
    except EmptyScopeError as exc:
        none = {"nodes": [], "links": [], "total_links": 0, "total_patents": 0, "left_links": 0, "left_patents": 0}
        return {"type": none, "region": dict(none), "level": level, "transferred": 0, "empty": str(exc)}
    checks = run_sql(store, "operations_checks.sql", scope, package=_ANALYSIS, kinds=["transfer"])
    transferred = int(checks["patents"].sum()) if len(checks) else 0
    by_type = run_sql(store, "operations_by_type.sql", scope, package=_ANALYSIS, kinds=["transfer"])
    by_region = run_sql(store, "operations_by_region.sql", scope, package=_ANALYSIS, kinds=["transfer"], level=level)
    refs = entity_refs(store, sorted({r for c in ("from_region", "to_region") for r in by_region[c].dropna()} - {None}))
    return {
        "type": _capped(_type_flows(by_type), max_links),
        "region": _capped(sorted(_region_flows(by_region, refs), key=lambda x: -x[2]["patents"]), max_links),
        "level": level,
        "transferred": transferred,
    }


_Flow = tuple[dict, dict, dict]


def _capped(rows: list[_Flow], max_links: int) -> dict[str, Any]:
    """The nodes and links of the ``max_links`` first flows, with the totals of all and of those left out."""
    kept = rows[:max_links]
    nodes: dict[str, dict] = {}
    links = []
    for source, target, link in kept:
        nodes.setdefault(source["id"], source)
        nodes.setdefault(target["id"], target)
        links.append({"source": source["id"], "target": target["id"], **link})
    left = rows[max_links:]
    return {
        "nodes": list(nodes.values()),
        "links": links,
        "total_links": len(rows),
        "total_patents": sum(int(r[2]["patents"]) for r in rows),
        "left_links": len(left),
        "left_patents": sum(int(r[2]["patents"]) for r in left),
    }


def _type_flows(by_type: pd.DataFrame) -> list[_Flow]:
    """The flows between organisation types, each marked when it is technology transfer."""
    type_rows: list[_Flow] = []
    for r in by_type.to_dict("records"):
        ends = []
        for side, column in (("from", "from_type"), ("to", "to_type")):
            kind = r[column]
            _, zh, en = FLOW_GROUPS.get(kind, ("", kind, kind))
            ends.append(_flow_side(side, kind, zh, en, kind))
        technology = r["from_type"] in _TECHNOLOGY_SOURCES and r["to_type"] == "enterprise"
        facts = {"patents": int(r["patents"]), "events": int(r["events"]), "technology_transfer": technology}
        type_rows.append((ends[0], ends[1], facts))
    return type_rows


def _place(
    refs: dict[str, EntityRef], side: str, region: str | None, country: str | None, home: bool
) -> dict[str, str]:
    """One end of a flow between places: a region (home or domestic), a country abroad, or unknown."""
    if region:
        ref = refs.get(region)
        zh = (ref.label("zh") if ref else None) or region.rsplit("/", 1)[-1]
        en = (ref.label("en") if ref else None) or zh
        return _flow_side(side, region, zh, en, "home" if home else "domestic")
    if country and country != "CN":
        return _flow_side(side, f"country:{country}", f"境外 {country}", f"Abroad: {country}", "foreign")
    return _flow_side(side, "unknown", "地区不详", "Place not known", "unknown")


def _region_flows(by_region: pd.DataFrame, refs: dict[str, EntityRef]) -> list[_Flow]:
    """The flows between places, in the rows' order, each with its direction."""
    region_rows: list[_Flow] = []
    for r in by_region.to_dict("records"):
        source = _place(refs, "from", r["from_region"], r["from_country"], bool(r["from_home"]))
        target = _place(refs, "to", r["to_region"], r["to_country"], bool(r["to_home"]))
        region_rows.append(
            (source, target, {"patents": int(r["patents"]), "events": int(r["events"]), "direction": r["direction"]})
        )
    return region_rows
