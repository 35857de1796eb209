"""Warnings fire on a market built to trigger each of them and stay silent on a healthy one."""

from __future__ import annotations

from datetime import date

import pytest

from patentnav.graph.analysis.scope import EmptyScopeError, resolve_scope
from patentnav.graph.analysis.warnings import WarningThresholds, early_warnings
from patentnav.ontology import entity_iri
from tests.graph.analysis.builder import Org, Pat, load

CM = ("construction-machinery",)
AS_OF = date(2024, 1, 1)


def _risky_store():
    orgs = [
        Org("home1", "长沙甲公司", "430104"),
        Org("home2", "长沙乙公司", "430100"),
        Org("big", "Big Foreign Corp", None, country="US"),
        Org("sz", "深圳丙公司", "440300"),
    ]
    pats = []
    # home: four old inventions, in force, reaching 20 years in 2024-2025
    for i, (org, filed) in enumerate(
        [("home1", "2004-06-01"), ("home1", "2005-02-01"), ("home2", "2004-09-01"), ("home2", "2005-03-01")]
    ):
        pats.append(Pat(f"CN2004{i:08d}", filed, (org,), ("E02F9/20",), CM, granted="2008-01-01"))
    for i in range(4):  # Shenzhen, steady, 2012-2015
        pats.append(Pat(f"CN2012{i:08d}", f"{2012 + i}-05-01", ("sz",), ("B66C1/00",), CM, granted="2016-01-01"))
    for i in range(12):  # the foreign surge, 2018-2020
        pats.append(Pat(f"CN2018{i:08d}", f"{2018 + i % 3}-03-01", ("big",), ("B66C1/00",), CM, status="pending"))
    return load(pats, orgs)


def _healthy_store():
    orgs = [Org(f"h{i}", f"长沙健康公司{i}", "430100") for i in range(10)]
    pats = [
        Pat(
            f"CN{y}{i:08d}",
            f"{y}-04-01",
            (f"h{i}",),
            (["B66C23/64", "E02F9/20", "B66C1/00"][i % 3],),
            CM,
            granted=f"{y + 2}-04-01",
        )
        for y in range(2011, 2021)
        for i in range(10)
    ]
    return load(pats, orgs)


def test_every_check_fires_on_the_risky_market_with_evidence():
    store = _risky_store()
    scope = resolve_scope(store, industry="construction-machinery", region="430100")
    report = early_warnings(store, scope, WarningThresholds(concentration_min_patents=10), as_of=AS_OF)
    by_kind = {w.kind: w for w in report.warnings}
    assert {c.kind: c.status for c in report.checks} == {
        "competitor_surge": "fired", "dependence": "fired", "concentration": "fired",
        "weak_key_field": "fired", "expiry": "fired",
        # the home patents are the region's key patents; the market has no legal event (issue 17's checks)
        "key_patent_expiry": "fired", "key_patent_transfer_out": "not applicable",
        "litigation_rising": "not applicable", "licence_dependence": "not applicable",
    }  # fmt: skip
    surge = by_kind["competitor_surge"]
    assert surge.subject == entity_iri("org", "big") and surge.severity == "high"
    assert surge.evidence[0].values["recent_filings"] == 12 and surge.evidence[0].values["baseline_filings"] == 0
    dep = by_kind["dependence_out_of_region"]
    assert dep.value == pytest.approx(16 / 20)
    assert by_kind["dependence_foreign"].value == pytest.approx(12 / 20)
    assert by_kind["dependence_foreign"].evidence[0].iri == entity_iri("org", "big")
    conc = by_kind["concentration"]
    assert conc.value == pytest.approx(10_000 * (0.6**2 + 0.2**2 + 2 * 0.1**2))
    weak = by_kind["weak_key_field"]
    assert weak.subject == entity_iri("ipc", "B66C1-00") and weak.value == 0 and weak.severity == "high"
    exp = by_kind["expiry"]
    assert exp.value == 1.0 and len(exp.evidence) == 4
    assert exp.evidence[0].values["expires"] == "2024-06-01"
    # JSON-ready, with evidence IRIs
    assert report.to_dict()["warnings"][0]["evidence"][0]["iri"].startswith("https://w3id.org/patentnav/id/")


def test_a_healthy_market_raises_nothing_but_says_every_check_ran():
    store = _healthy_store()
    scope = resolve_scope(store, industry="construction-machinery", region="430100")
    report = early_warnings(store, scope, as_of=AS_OF)
    assert report.warnings == []
    assert {c.kind: c.status for c in report.checks} == {
        "competitor_surge": "clear", "dependence": "clear", "concentration": "clear",
        "weak_key_field": "clear", "expiry": "clear", "key_patent_expiry": "clear",
        # no legal event in the files: not assessed, never "clear" (tests/graph/analysis/test_warnings_operations.py)
        "key_patent_transfer_out": "not applicable", "litigation_rising": "not applicable",
        "licence_dependence": "not applicable",
    }  # fmt: skip


def test_without_a_region_the_regional_checks_say_not_applicable(tiny_store):
    report = early_warnings(tiny_store, resolve_scope(tiny_store, industry="construction-machinery"))
    status = {c.kind: c.status for c in report.checks}
    assert status["dependence"] == "not applicable" and status["weak_key_field"] == "not applicable"


def test_an_empty_market_is_an_error_not_a_clean_bill(tiny_store):
    with pytest.raises(EmptyScopeError, match="no patents in scope"):
        early_warnings(tiny_store, resolve_scope(tiny_store, industry="cultural-creative"))
