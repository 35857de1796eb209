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
