"""The landscape benchmark's limit answers the served landscape's question: DuckDB straight from the export CSV
gives the same concentration and top applicant as ``GET /analysis/landscape`` over the store that ingested it."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from benchmarks.landscape_limit_bench import run_limit, run_served
from patentnav.api.main import create_app
from patentnav.graph.bootstrap import ensure_seeded
from patentnav.graph.ingest.loader import ingest_file
from patentnav.graph.ingest.synthetic import write_export
from patentnav.graph.store import open_store
from patentnav.settings import Settings


def test_limit_and_served_landscape_agree_on_a_small_export(tmp_path: Path) -> None:
    export = write_export("cnipa", tmp_path / "synthetic_cnipa.csv", rows=300, seed=11)
    store = open_store(f"oxigraph://{tmp_path / 'store'}")
    ensure_seeded(store)
    ingest_file(store, export)
    _, limit = run_limit(str(export))
    with TestClient(create_app(Settings(store=store.url), store=store)) as client:
        _, served = run_served(client)
    store.close()
    assert limit["patents"] == served["concentration"]["patents"] == 300
    assert limit["top_applicant_patents"] == served["top_applicant_patents"] > 0
    for key in ("CR4", "CR8", "HHI"):
        assert served["concentration"][key] == pytest.approx(limit[key], rel=1e-6)
