"""Patents in a plan's industries: ``pnav:inIndustry`` links made from the plan's IPC rows.

A plan's ``industries`` sheet may define an industry by IPC codes or prefixes (``B25J``,
``G05B19/00``): those rows join the IPC -> industry concordance as ``pnav:industryIPC`` links in
the plan's graph. The bundled concordance (``data/reference/ipc_industry.csv``) is applied when a
file is ingested, and the link is written into that file's graph; a plan can come before or after
the patents it concerns, so its links are kept in **the plan's own graph** instead, always for the
patents the store holds at that moment:

* ``policy add`` links every patent already in the store classified in one of the plan's codes
  (or below one) to the plan's industry;
* every ingest links the new file's patents to each loaded plan's industries (the ingest calls
  :func:`refresh_links` with the file's graph);
* removing a file recomputes the plans' links, so no link outlives its patent;
* ``policy remove`` drops the plan's graph, and its links go with it.

The module lives in ingest, not in :mod:`patentnav.graph.policy`, because ingest is what keeps the
links current (every ingest and removal refreshes them) and a layer does not call the one above it;
the policy loader, above, imports it.

The links are the same triples the analyses, views and analytic tables already read
(``?patent pnav:inIndustry ?industry``), so a plan's industries are counted like the pilot's. A
code matches a patent's IPC class at its level or any broader one: ``G05B19/00`` covers
``G05B19/042``, ``B25J`` covers ``B25J9/16``. All link writes hold one writer lock
(:data:`LINK_LOCK`), so an ingest finishing while a plan is added cannot miss the plan's links.

>>> from patentnav.graph.ingest.normalize import parse_ipc
>>> sorted(industries_of(parse_ipc("G05B19/042"), {"G05B19/00": ("robots",), "G05B": ("automation",)}))
['automation', 'robots']
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pyoxigraph as ox

from patentnav.graph.ingest.normalize import IPCCode, NormalizeError, parse_ipc
from patentnav.graph.scratch import graph_lock
from patentnav.graph.store import PatentStore
from patentnav.ontology import PNAV

__all__ = ["LINK_LOCK", "compute_links", "industries_of", "link_quads", "plan_ipc_rows", "refresh_links"]

#: The writer lock every change to plans and their links holds (``graph-policy.lock`` beside the store).
LINK_LOCK = "policy"
_IN_INDUSTRY = ox.NamedNode(PNAV.inIndustry)
_ROWS = """SELECT ?g ?industry ?n WHERE { GRAPH ?g { ?plan a pnav:Plan . ?industry pnav:industryIPC ?c .
  ?c skos:notation ?n } }"""


def industries_of(code: IPCCode, by_symbol: Mapping[str, Iterable[str]]) -> set[str]:
    """Industries whose IPC rows hold ``code`` at its level or any broader one."""
    found: set[str] = set()
    for level in (code, *code.ancestors()):
        found.update(by_symbol.get(level.symbol, ()))
    return found


def plan_ipc_rows(store: PatentStore) -> dict[str, dict[str, set[str]]]:
    """Plan graphs with IPC rows: graph -> {IPC symbol -> industry IRIs}."""
    out: dict[str, dict[str, set[str]]] = {}
    result = store.query(_ROWS, prefixes=True)
    assert isinstance(result, ox.QuerySolutions)  # a SELECT query
    for row in result:
        rows = out.setdefault(row["g"].value, {})
        rows.setdefault(row["n"].value, set()).add(row["industry"].value)
    return out


def _filter(symbols: Iterable[str]) -> str:
    """A SPARQL filter keeping notations at or below any of ``symbols`` (checked again exactly in Python)."""
    tests = []
    for symbol in sorted(set(symbols)):
        literal = str(ox.Literal(symbol))
        if symbol.endswith("/00"):
            tests.append(f"?n = {literal} || STRSTARTS(?n, {ox.Literal(symbol[:-2])!s})")
        elif "/" in symbol:
            tests.append(f"?n = {literal}")
        else:
            tests.append(f"STRSTARTS(?n, {literal})")
    return " || ".join(tests) or "false"


def compute_links(
    store: PatentStore, rows: Mapping[str, Iterable[str]], *, within: str | None = None
) -> set[tuple[str, str]]:
    """``(patent IRI, industry IRI)`` for every patent classified at or below one of ``rows``' IPC symbols.

    ``rows`` maps IPC symbols to industry IRIs; ``within`` limits the patents to one named graph
    (a newly ingested file).
    """
    by_symbol = {symbol: tuple(industries) for symbol, industries in rows.items()}
    if not by_symbol:
        return set()
    where = "?p pnav:classifiedIn|pnav:mainClassification ?c ."
    if within is not None:
        where = f"GRAPH {ox.NamedNode(within)} {{ {where} }}"
    query = f"SELECT DISTINCT ?p ?n WHERE {{ {where} ?c skos:notation ?n . FILTER({_filter(by_symbol)}) }}"
    links: set[tuple[str, str]] = set()
    cache: dict[str, set[str]] = {}
    result = store.query(query, prefixes=True)
    assert isinstance(result, ox.QuerySolutions)  # a SELECT query
    for row in result:
        notation = row["n"].value
        if notation not in cache:
            try:
                cache[notation] = industries_of(parse_ipc(notation), by_symbol)
            except NormalizeError:
                cache[notation] = set()
        links.update((row["p"].value, industry) for industry in cache[notation])
    return links


def link_quads(links: Iterable[tuple[str, str]], graph: str) -> list[ox.Quad]:
    """The links as ``pnav:inIndustry`` quads in ``graph``."""
    g = ox.NamedNode(graph)
    return [ox.Quad(ox.NamedNode(p), _IN_INDUSTRY, ox.NamedNode(i), g) for p, i in sorted(links)]


def refresh_links(store: PatentStore, *, added_graph: str | None = None) -> int:
    """Bring every plan's industry links up to date; return the links written.

    After an ingest, pass the file's graph (``added_graph``): its patents are linked, nothing else
    is touched. Without it (after a file was removed) each plan graph with IPC rows gets its links
    recomputed from the patents the store holds, in one transaction per plan.
    """
    if store.read_only:
        return 0
    written = 0
    with graph_lock(store, LINK_LOCK):
        for graph, rows in plan_ipc_rows(store).items():
            links = compute_links(store, rows, within=added_graph)
            if added_graph is not None:
                if links:
                    store.add_quads(link_quads(links, graph))
            else:
                kept = [q for q in store.quads_for_pattern(graph=ox.NamedNode(graph)) if q.predicate != _IN_INDUSTRY]
                store.replace_graph(graph, kept + link_quads(links, graph))
            written += len(links)
    return written
