"""Bounded SPARQL -> networkx graphs with the node attributes the views draw.

Each builder returns a graph whose nodes are entity IRIs carrying ``label_zh``,
``label_en``, ``type``, ``patent_count``, ``facts`` and, for networks, ``community``; IPC
nodes also carry ``title_en``, WIPO's English title (``None`` without the optional
``ipc-titles`` extra; Chinese titles are not available), which is one of their facts too.
Edges carry ``rel_zh``/``rel_en`` or ``weight``. Every query is a ``.rq`` file beside this module;
IRIs reach queries as typed terms or VALUES of ``NamedNode``s, never as pasted text.

>>> from patentnav.graph.store import open_store
>>> from patentnav.graph.bootstrap import ensure_seeded
>>> s = open_store("memory://"); _ = ensure_seeded(s)
>>> g = overview_graph(s)
>>> g.nodes["https://w3id.org/patentnav/id/industry/new-materials"]["label_zh"]
'新材料'
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import networkx as nx
import pyoxigraph as ox

from patentnav.graph.analysis.scope import EmptyScopeError, Scope, resolve_scope
from patentnav.graph.entities import EntityNotFoundError, entity_refs, related
from patentnav.graph.ipc_titles import title_for
from patentnav.graph.network import co_applicant_network, ipc_network, number_communities
from patentnav.graph.store import PatentStore, load_rq, select
from patentnav.ontology import entity_iri

__all__ = [
    "IPC_TITLE_FACT",
    "coapplicant_graph",
    "entity_graph",
    "ipc_graph",
    "landscape_graph",
    "network_scope",
    "overview_graph",
    "patent_counts",
]

_CHUNK = 500
#: The details-panel name of an IPC node's title.
IPC_TITLE_FACT = "IPC 标题（WIPO 英文） IPC title (WIPO, English)"


def _values(iris: Iterable[str]) -> str:
    return " ".join(str(ox.NamedNode(i)) for i in iris)


def _rows_for(store: PatentStore, rq_name: str, iris: Iterable[str], **bindings: ox.NamedNode) -> Iterator[dict]:
    """Rows of ``rq_name`` whose ``VALUES`` (the ``%s`` slot) is filled with ``iris``, at most 500 at a time."""
    items = list(dict.fromkeys(iris))
    sparql = load_rq(__package__, rq_name)
    for start in range(0, len(items), _CHUNK):
        yield from select(store, sparql % _values(items[start : start + _CHUNK]), **bindings)


def patent_counts(store: PatentStore, iris: Iterable[str]) -> dict[str, int]:
    """Patents per entity (industry, applicant, IPC class, inventor or region); absent means none."""
    counts: dict[str, int] = {}
    for row in _rows_for(store, "patent_counts.rq", iris):
        counts[row["e"]] = int(row["n"])
    return counts


def _names(store: PatentStore, iris: list[str]) -> dict[str, str]:
    names: dict[str, str] = {}
    for row in _rows_for(store, "node_names.rq", iris):
        names.setdefault(row["e"], str(row["name"]))
    return names


def _facts(store: PatentStore, iris: list[str]) -> dict[str, list[tuple[str, str]]]:
    facts: dict[str, list[tuple[str, str]]] = {}
    for row in _rows_for(store, "node_facts.rq", iris):
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
    plan's graph states. Raises :class:`~patentnav.graph.entities.EntityNotFoundError` for a plan id
    that is not loaded.
    """
    graphs = _plan_graphs(store, plan)
    graph = nx.DiGraph()
    for row in select(store, load_rq(__package__, "overview_edges.rq") % _values(graphs)):
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
        raise EntityNotFoundError(f"plan/{plan} (loaded plans: {', '.join(sorted(graphs)) or 'none'})")
    return [graphs[plan]]


def _predicate_labels(store: PatentStore, predicates: Iterable[str]) -> dict[str, tuple[str, str]]:
    out: dict[str, tuple[str, str]] = {}
    for row in _rows_for(store, "predicate_labels.rq", predicates):
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
    Raises :class:`~patentnav.graph.entities.EntityNotFoundError` for an unknown IRI.
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


def _region_pattern(store: PatentStore, region: str | None, subject: str) -> str:
    """A fixed pattern restricting ``subject`` (an applicant variable) to a region's scope."""
    if region is None:
        return ""
    scope = _region_scope(store, region) or [region]
    return f"{subject} pnav:locatedIn ?loc . VALUES ?loc {{ {_values(scope)} }}"


def _require(store: PatentStore, iri: str) -> None:
    if not store.query("ASK { ?e ?p ?o }", substitutions={"e": ox.NamedNode(iri)}):
        raise EntityNotFoundError(iri)


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
    sparql = load_rq(__package__, "landscape_applicants.rq") % {
        "region": _region_pattern(store, region, "?org"),
        "limit": int(limit),
    }
    orgs = {r["org"]: int(r["n"]) for r in select(store, sparql, industry=ox.NamedNode(industry))}
    for org, n in orgs.items():
        graph.add_node(org, type="org", patent_count=n)
        if region:
            graph.add_edge(org, region, rel_zh="位于", rel_en="located in")
    for row in _rows_for(store, "landscape_ipc.rq", orgs, industry=ox.NamedNode(industry)):
        graph.add_node(row["ipc"], type="ipc", name=row["ipc"].rsplit("/", 1)[-1].replace("-", "/"))
        graph.add_edge(row["org"], row["ipc"], weight=int(row["n"]))
    # IPC and industry sizes count distinct patents of the whole slice (not summed per applicant).
    slice_params = {"region": _region_pattern(store, region, "?org")}
    bound = {"industry": ox.NamedNode(industry)}
    for row in select(store, load_rq(__package__, "landscape_ipc_counts.rq") % slice_params, **bound):
        if row["ipc"] in graph:
            graph.nodes[row["ipc"]]["patent_count"] = int(row["n"])
            graph.add_edge(industry, row["ipc"], weight=int(row["n"]))
    total = select(store, load_rq(__package__, "landscape_total.rq") % slice_params, **bound)[0]["n"]
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

    Raises :class:`~patentnav.graph.entities.EntityNotFoundError` for an IRI not in the store.
    """
    for iri in (industry, region):
        if iri:
            _require(store, iri)
    return resolve_scope(store, industry=industry, region=region)


def _empty(exc: EmptyScopeError) -> nx.Graph:
    return nx.Graph(empty=str(exc), truncated=False)


def coapplicant_graph(store: PatentStore, scope: Scope | None = None, *, max_nodes: int = 300) -> nx.Graph:
    """Applicants linked by the patents they filed together, coloured by Louvain community.

    Built by :func:`patentnav.graph.network.co_applicant_network`: the ``max_nodes``
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

    Built by :func:`patentnav.graph.network.ipc_network` at ``level`` (``main_group``, e.g.
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
