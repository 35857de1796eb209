"""The README's SPARQL examples run and answer on the bundled pilot graph."""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox

from patentnav.graph.store import PatentStore

README = Path(__file__).resolve().parents[1] / "README.md"


def test_readme_queries_answer(store: PatentStore) -> None:
    queries = re.findall(r"```sparql\n(.*?)```", README.read_text(encoding="utf-8"), re.DOTALL)
    assert len(queries) >= 3
    for query in queries:
        result = store.query(query, prefixes=True)
        assert isinstance(result, ox.QuerySolutions)
        assert len(list(result)) > 0, query


def _rows(store: PatentStore, query: str) -> list[tuple[str, ...]]:
    # GROUP_CONCAT's order is not fixed: compare its parts as a set.
    return sorted(
        tuple(", ".join(sorted(v.value.split(", "))) if v is not None else "" for v in solution)
        for solution in store.query(query, prefixes=True)
    )


def test_readme_queries_do_not_repeat_rows_when_two_graphs_state_the_same_facts(store: PatentStore) -> None:
    """The default graph is the union of all graphs, repeating a triple once per graph."""
    queries = re.findall(r"```sparql\n(.*?)```", README.read_text(encoding="utf-8"), re.DOTALL)
    before = [_rows(store, q) for q in queries]
    copy = ox.NamedNode("urn:test:second-file")
    store.add_quads([ox.Quad(q.subject, q.predicate, q.object, copy) for q in store.quads_for_pattern()])
    assert [_rows(store, q) for q in queries] == before
