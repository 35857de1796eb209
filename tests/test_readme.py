"""The SPARQL examples of the README and the manual run and answer on the bundled pilot graph.

The examples are collected wherever they live (``tests/support/doc_examples.py``): the README keeps the
three questions a policy analyst asks, and any page of ``docs/`` may show more.
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from patentnav.graph.store import PatentStore
from tests.support.doc_examples import README, sparql_blocks, sparql_examples

EXAMPLES = sparql_examples()


def test_the_readme_keeps_its_three_questions() -> None:
    assert len(sparql_blocks(README)) >= 3, "README.md should show the three SPARQL questions of a policy analyst"


@pytest.mark.parametrize("where,query", EXAMPLES, ids=[w for w, _ in EXAMPLES])
def test_examples_answer(store: PatentStore, where: str, query: str) -> None:
    result = store.query(query, prefixes=True)
    assert isinstance(result, ox.QuerySolutions), where
    assert len(list(result)) > 0, f"{where} answers no row:\n{query}"


def _rows(store: PatentStore, query: str) -> list[tuple[str, ...]]:
    # GROUP_CONCAT's order is not fixed: compare its parts as a set.
    return sorted(
        tuple(", ".join(sorted(v.value.split(", "))) if v is not None else "" for v in solution)
        for solution in store.query(query, prefixes=True)
    )


def test_examples_do_not_repeat_rows_when_two_graphs_state_the_same_facts(store: PatentStore) -> None:
    """The default graph is the union of all graphs, repeating a triple once per graph."""
    queries = [query for _, query in EXAMPLES]
    assert queries
    before = [_rows(store, q) for q in queries]
    copy = ox.NamedNode("urn:test:second-file")
    store.add_quads([ox.Quad(q.subject, q.predicate, q.object, copy) for q in store.quads_for_pattern()])
    assert [_rows(store, q) for q in queries] == before
