"""Fixtures for ingest tests: synthetic exports written once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from patentnav.graph.ingest.synthetic import FORMAT_FILES, write_export

ROWS = 300


@pytest.fixture(scope="session")
def exports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The same 300 synthetic patents (seed 7) in every format."""
    root = tmp_path_factory.mktemp("exports")
    return {fmt: write_export(fmt, root / name, rows=ROWS, seed=7) for fmt, name in FORMAT_FILES.items()}


def _patent_count(store) -> int:
    from patentnav.graph.store import select

    return select(store, "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a pnav:Patent }")[0]["n"]


@pytest.fixture
def patent_count():
    """``patent_count(store)``: distinct patents in a store."""
    return _patent_count
