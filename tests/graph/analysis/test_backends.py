"""Every analysis gives the same tables on the embedded store and on Virtuoso: the ``.rq`` files,
rewritten for pyoxigraph's planner, stay portable SPARQL."""

from __future__ import annotations

import pytest

from patentnav.graph.analysis.service import TOPICS, records, run_topic
from patentnav.graph.store import PatentStore
from tests.graph.analysis.builder import load, random_sample
from tests.graph.analysis.conftest import TINY_ORGS, TINY_PATENTS

DATASETS = {"tiny": (TINY_PATENTS, TINY_ORGS), "random": random_sample(seed=3)}


def _tables(store: PatentStore) -> dict[str, list[dict]]:
    out = {}
    for topic in TOPICS:
        region = None if topic == "targets" else "430100"  # targets are set for the province and the city group
        for name, df in run_topic(store, topic, industry="construction-machinery", region=region).items():
            out[f"{topic}.{name}"] = records(df)
    return out


@pytest.mark.parametrize("dataset", sorted(DATASETS))
def test_every_analysis_gives_the_same_tables_on_each_backend(empty_store, dataset):
    patents, orgs = DATASETS[dataset]
    reference = _tables(load(patents, orgs))
    tables = _tables(load(patents, orgs, store=empty_store))
    assert set(tables) == set(reference)
    for name, rows in reference.items():
        assert tables[name] == rows, name
    assert any(reference[name] for name in reference if name.startswith("layout."))
