"""The workspace benchmark's look asks for what the page asks for and times each topic's answer."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from benchmarks.workspace_bench import TOPICS, look
from patentnav.api.main import create_app
from patentnav.graph.bootstrap import ensure_seeded
from patentnav.graph.ingest.loader import ingest_file
from patentnav.graph.ingest.synthetic import write_export
from patentnav.graph.store import open_store
from patentnav.settings import Settings


def test_a_look_answers_every_topic_as_the_json_api_does(tmp_path: Path) -> None:
    export = write_export("cnipa", tmp_path / "synthetic_cnipa.csv", rows=200, seed=5)
    store = open_store(f"oxigraph://{tmp_path / 'store'}")
    ensure_seeded(store)
    ingest_file(store, export)
    scope = {"industry": "construction-machinery", "region": "430100"}
    with TestClient(create_app(Settings(store=store.url), store=store)) as client:
        seen = look(client, scope)
        direct = {
            t: client.get(f"/analysis/{t}", params=scope if t != "targets" else {"industry": scope["industry"]})
            for t in TOPICS
        }
    store.close()
    assert set(seen["topics"]) == set(TOPICS)
    assert {t: a["status"] for t, a in seen["topics"].items()} == {t: r.status_code for t, r in direct.items()}
    assert seen["topics"]["landscape"]["status"] == 200
    assert 0 <= seen["first_s"] <= seen["all_s"] == max(a["s"] for a in seen["topics"].values())
