"""Bound a SPARQL Update's time and size before it touches the store.

pyoxigraph cannot stop an update once it runs, and it holds everything the update writes
in memory until the transaction commits, so a runaway update grows the server's memory
without bound (measured: ``benchmarks/README.md``). So before an update is applied, the
work it would do is measured where it can be stopped: each operation's ``WHERE`` is
counted as a query in the query pool, under the query timeout, against the data as it is;
``ADD`` / ``MOVE`` / ``COPY`` count the source graph. An operation whose count does not
finish in time, or that would touch more than ``max_rows`` solutions (or triples),
refuses the whole update before anything is written: 503 ``Update timed out`` or 413
``Update too large``, both saying that nothing was applied.
``INSERT DATA`` / ``DELETE DATA`` are bounded by the request body limit.

>>> from patentnav.graph.store import open_store
>>> from patentnav.api.query_pool import open_pool
>>> store = open_store("memory://")
>>> pool = open_pool(store, size=1, timeout=5)
>>> check_update("INSERT { GRAPH <urn:c> { ?s ?p ?o } } WHERE { ?s ?p ?o }", pool, max_rows=10)
>>> pool.close()
"""

from __future__ import annotations

import json

from patentnav.api.problems import Problem
from patentnav.api.query_pool import QueryPool
from patentnav.api.sparql_exec import QueryFailure, QueryJob
from patentnav.graph.sparql_text import Operation, update_operations

__all__ = ["check_update"]

_JSON = "application/sparql-results+json"


def _count_query(op: Operation, limit: int) -> str | None:
    """A query counting (up to ``limit``) the solutions or triples ``op`` works through; None when bounded anyway."""
    if op.where is not None:
        inner = f"SELECT * WHERE {op.where} LIMIT {limit}"
        return f"{op.prologue}\nSELECT (COUNT(*) AS ?n) {op.dataset} WHERE {{ {inner} }}"
    if op.source is not None and op.source.upper() != "DEFAULT":
        inner = f"SELECT * WHERE {{ GRAPH {op.source} {{ ?s ?p ?o }} }} LIMIT {limit}"
        return f"{op.prologue}\nSELECT (COUNT(*) AS ?n) WHERE {{ {inner} }}"
    return None


def check_update(update: str, pool: QueryPool, *, max_rows: int, base_iri: str | None = None, client: str = "") -> None:
    """Raise a :class:`~patentnav.api.problems.Problem` when ``update`` would run too long or write too much.

    Parameters
    ----------
    update
        The SPARQL Update text (already parsed once, so it is valid).
    pool
        The query pool whose timeout bounds each count.
    max_rows
        Solutions (modify, ``DELETE WHERE``) or triples (``ADD``/``MOVE``/``COPY``) one operation may touch.
    base_iri
        The endpoint's URL, to resolve relative IRIs as the update itself will.
    client
        Who the counts are queued for (fair queueing, per-client caps).
    """
    for number, op in enumerate(update_operations(update), start=1):
        query = _count_query(op, max_rows + 1)
        if query is None:
            continue
        try:
            answer = pool.run(QueryJob(query, accept=_JSON, base_iri=base_iri), client=client)
        except QueryFailure as exc:
            if exc.status == 503 and exc.title == "Query timed out":
                raise Problem(
                    503,
                    "Update timed out",
                    f"operation {number} ({op.kind}) ran past the {pool.timeout:g} s limit while its WHERE was "
                    "evaluated; nothing was applied. Narrow its pattern",
                    headers={"Retry-After": "5"},
                ) from None
            if exc.status in (429, 503):
                raise Problem(
                    exc.status, exc.title, exc.detail + "; nothing was applied", headers={"Retry-After": "5"}
                ) from None
            raise Problem(exc.status, "Update failed", f"operation {number} ({op.kind}): {exc.detail}") from None
        count = int(json.loads(answer.body)["results"]["bindings"][0]["n"]["value"])
        if count > max_rows:
            what = "triples" if op.source is not None else "solutions of its WHERE"
            raise Problem(
                413,
                "Update too large",
                f"operation {number} ({op.kind}) would touch more than {max_rows:,} {what} "
                "(PATENTNAV_MAX_UPDATE_ROWS); nothing was applied. Split it, or load large data with "
                "`patentnav ingest` or the Graph Store Protocol",
            )
