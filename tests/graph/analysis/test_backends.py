"""Every analysis gives the same tables on the embedded store and on Virtuoso: the ``.rq`` files,
rewritten for pyoxigraph's planner, stay portable SPARQL."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from patentnav.graph.analysis.service import TOPICS, records, run_topic
from patentnav.graph.store import PatentStore, open_store
from tests.conftest import BACKENDS
from tests.graph.analysis.builder import load, random_sample
from tests.graph.analysis.conftest import TINY_ORGS, TINY_PATENTS
from tests.support.virtuoso import VirtuosoServer

DATASETS = {"tiny": (TINY_PATENTS, TINY_ORGS), "random": random_sample(seed=3)}


# Each topic over two scopes. The second is a period alone: its end bound is a date filter
# that Virtuoso 7.2 answered wrongly when written "<=" in SPARQL (it dropped rows from a "<=" on an xsd:date).
SCOPES = {
    "construction machinery in Changsha": {"industry": "construction-machinery", "region": "430100"},
    "everything filed up to 2020": {"end": "2020"},
}


def _tables(store: PatentStore) -> dict[str, list[dict]]:
    out = {}
    for topic in TOPICS:
        for label, scope in SCOPES.items():
            if topic == "targets":  # targets are set for the province and the city group, not a city
                scope = {k: v for k, v in scope.items() if k != "region"}
            for name, df in run_topic(store, topic, **scope).items():
                out[f"{topic}.{name} ({label})"] = records(df)
    return out


@pytest.fixture
def virtuoso_store() -> Iterator[PatentStore]:
    """A Virtuoso server of this test's own, which no other test has written to.

    The session's shared Virtuoso keeps triples that other tests wrote outside the graphs
    ``clear_store`` drops (on it, two analyses answered from them); equal answers need equal data.
    """
    with VirtuosoServer() as server:
        store = open_store(server.store_url)
        yield store
        store.close()


@pytest.mark.virtuoso
@pytest.mark.skipif("virtuoso" not in BACKENDS, reason="PATENTNAV_TEST_BACKENDS leaves Virtuoso out")
@pytest.mark.parametrize("dataset", sorted(DATASETS))
def test_virtuoso_gives_the_embedded_stores_tables_for_every_analysis(virtuoso_store, dataset):
    patents, orgs = DATASETS[dataset]
    reference = _tables(load(patents, orgs))
    tables = _tables(load(patents, orgs, store=virtuoso_store))
    assert set(tables) == set(reference)
    assert any(reference.values())
    for name, rows in reference.items():
        assert tables[name] == rows, name
