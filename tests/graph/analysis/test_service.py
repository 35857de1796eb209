"""The topics' entry point (graph/analysis/service.py): results kept per state of the analytic tables."""

from __future__ import annotations

import pyoxigraph as ox

from patentnav.graph.analysis import planning
from patentnav.graph.analysis.scope import resolve_scope
from patentnav.graph.analysis.service import run_topic, warning_report
from tests.graph.analysis.builder import Org, Pat, load, quads

ORGS = [Org("sany", "三一重工股份有限公司", "430104"), Org("zoomlion", "中联重科股份有限公司", "430100")]


def _store(empty_store, patents: list[Pat]):
    return load(patents, ORGS, empty_store)


def _pat(number: str, org: str) -> Pat:
    return Pat(number, "2016-05-01", (org,), ("B66C23/64",), ("construction-machinery",), inventors=("张三",))


def test_a_scope_asked_again_is_answered_from_the_kept_result_until_the_tables_change(empty_store, monkeypatch):
    store = _store(empty_store, [_pat("CN201610000001", "sany"), _pat("CN201610000002", "zoomlion")])
    calls: list[int] = []
    counted = planning.layout

    def layout(*args, **kwargs):
        calls.append(1)
        return counted(*args, **kwargs)

    monkeypatch.setattr("patentnav.graph.analysis.service.layout", layout)
    params = {"industry": "construction-machinery", "region": "430000"}
    first = run_topic(store, "layout", **params)
    first["talent"].loc[:, "patents"] = -1  # a caller changing its copy does not change the kept result
    second = run_topic(store, "layout", **params)
    assert len(calls) == 1
    assert second["talent"]["patents"].tolist() == [2]
    assert len(run_topic(store, "layout", **params, top=1)["talent"]) == 1  # another parameter: counted anew
    assert len(calls) == 2

    store.add_quads(quads([_pat("CN201610000003", "sany")], ORGS, graph=ox.NamedNode("urn:more")))
    assert run_topic(store, "layout", **params)["talent"]["patents"].tolist() == [3]
    assert len(calls) == 3


def test_the_warning_report_kept_is_not_changed_by_what_a_caller_does_with_its_lists(empty_store):
    store = _store(empty_store, [_pat("CN201610000001", "sany"), _pat("CN201610000002", "zoomlion")])
    scope = resolve_scope(store, industry="construction-machinery", region="430100")
    first = warning_report(store, scope)
    checks = len(first.checks)
    first.checks.clear()
    first.warnings.append(None)  # type: ignore[arg-type]
    again = warning_report(store, scope)
    assert len(again.checks) == checks and None not in again.warnings
