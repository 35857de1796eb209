"""The early warnings on key patents and patent operations (issue 17), by hand on tiny graphs.

Changsha (430100, with 岳麓区 430104 below it) is home; Shenzhen (440300) and Japan are outside. Counted at
``AS_OF`` = 2024-01-01 with the default thresholds unless a test says otherwise: key patents ending by
2027-01-01, litigation windows 2020-2022 against 2017-2019 (the latest dated event is in 2022).
"""

from __future__ import annotations

from datetime import date

import pytest

from patentnav.graph.analysis.scope import resolve_scope
from patentnav.graph.analysis.warnings import WarningThresholds, early_warnings
from tests.graph.analysis.builder import Org, Pat, load
from tests.graph.analysis.extras import Facts, org, patent

CM = ("construction-machinery",)
AS_OF = date(2024, 1, 1)
NEW = ("key_patent_expiry", "key_patent_transfer_out", "litigation_rising", "licence_dependence")

ORGS = [
    Org("h1", "长沙甲机械有限公司", "430104"),
    Org("h2", "长沙乙机械有限公司", "430100"),
    Org("hu", "长沙丙大学", "430100", kind="university"),
    Org("o1", "深圳丁机械有限公司", "440300"),
    Org("f1", "Foreign Crane Corp", None, country="JP"),
]
K1, K2, K3, K4, K5 = "CN200410000001", "CN201510000002", "CN201610000003", "CN201810000004", "CN201910000005"
O1, O2, O3, F1 = "CN201710000011", "CN201810000012", "CN201910000013", "CN201810000014"


def _patents(k1_filed: str = "2004-06-01") -> list[Pat]:
    return [
        Pat(K1, k1_filed, ("h1",), ("B66C23/64",), CM, granted="2008-01-01"),
        Pat(K2, "2015-03-01", ("h2",), ("B66C23/64",), CM, granted="2017-01-01"),
        Pat(K3, "2016-03-01", ("hu",), ("E02F9/20",), CM, granted="2018-01-01"),
        Pat(K4, "2018-01-01", ("h1",), ("E02F9/20",), CM, granted="2020-01-01"),
        Pat(K5, "2019-01-01", ("h1",), ("B66C1/00",), CM, granted="2021-01-01"),
        Pat(O1, "2017-01-01", ("o1",), ("B66C1/00",), CM, granted="2019-01-01"),
        Pat(O2, "2018-01-01", ("o1",), ("B66C1/00",), CM, granted="2020-01-01"),
        Pat(O3, "2019-01-01", ("o1",), ("B66C1/00",), CM, granted="2021-01-01"),
        Pat(F1, "2018-01-01", ("f1",), ("B66C1/00",), CM, granted="2020-01-01"),
    ]


def _risky_facts(dated: bool = True) -> Facts:
    def day(d: str) -> str | None:
        return d if dated else None

    f = Facts()
    f.lapse(K3, "2025-05-01")  # a stated lapse date within the window
    f.event(K2, "transfer", ("h2",), ("o1",))  # out of the region by a transfer event
    f.holder(K4, "o1")  # out of the region by its current holder
    # against h1: 1 suit in 2017-2019, 3 suits (counted 2 each) and an invalidation request in 2020-2022
    f.event(O1, "litigation", ("o1",), ("h1",), day=day("2018-05-01"))
    for d in ("2020-05-01", "2021-03-01", "2022-01-01"):
        f.event(K5, "litigation", ("o1",), ("h1",), count=2, day=day(d))
    f.event(K1, "invalidation", ("o1",), day=day("2022-06-01"))
    # licences to home licensees: 3 from Shenzhen, 1 from Japan, 1 from home; 1 licensed out
    for number in (O1, O2, O3):
        f.event(number, "licence", ("o1",), ("h1",))
    f.event(F1, "licence", ("f1",), ("h1",))
    f.event(K3, "licence", ("hu",), ("h2",))
    f.event(K2, "licence", ("h2",), ("o1",))
    return f


def _store(facts: Facts, pats: list[Pat] | None = None):
    store = load(pats or _patents(), ORGS)
    store.add_quads(facts.quads)
    return store


def _report(store, thresholds: WarningThresholds | None = None, region: str | None = "430100"):
    scope = resolve_scope(store, industry="construction-machinery", region=region)
    report = early_warnings(store, scope, thresholds, as_of=AS_OF)
    return report, {c.kind: c for c in report.checks}, {w.kind: w for w in report.warnings}


@pytest.fixture(scope="module")
def risky():
    return _store(_risky_facts())


def test_the_four_checks_fire_with_values_thresholds_and_evidence(risky):
    _, checks, warnings = _report(risky)
    assert {k: checks[k].status for k in NEW} == dict.fromkeys(NEW, "fired")

    expiry = warnings["key_patent_expiry"]
    # K1 (statutory 20 years: 2024-06-01) and K3 (stated lapse 2025-05-01); K4 is held outside, K2/K5 end later
    assert (expiry.value, expiry.threshold, expiry.severity) == (2, 1, "medium")
    assert [e.iri for e in expiry.evidence] == [patent(K1), patent(K3)]
    assert [e.values["term_end"] for e in expiry.evidence] == ["2024-06-01", "2025-05-01"]
    assert [e.values["basis"] for e in expiry.evidence] == ["statutory term", "lapse date stated"]
    assert expiry.evidence[0].values["holders"] == "长沙甲机械有限公司"
    assert "2 of 4 key patents of home holders in force end by 2027-01-01" in checks["key_patent_expiry"].detail

    out = warnings["key_patent_transfer_out"]
    assert (out.value, out.threshold, out.severity) == (2, 1, "medium")
    bases = {e.iri: (e.values["basis"], e.values["to"], e.values["places"]) for e in out.evidence}
    assert bases == {
        patent(K2): ("transfer event", "深圳丁机械有限公司", "440300 CN"),
        patent(K4): ("current holder", "深圳丁机械有限公司", "440300 CN"),
    }

    suits = warnings["litigation_rising"]
    # recent 2020-2022: 3 suits x 2 + 1 request = 7; baseline 2017-2019: 1 -> (7/3) / (1/3) = 7 >= 2 x 2: high
    assert (suits.value, suits.threshold, suits.severity) == (7.0, 2.0, "high")
    (h1,) = suits.evidence
    assert h1.iri == org("h1")
    assert h1.values == {"recent_events": 7, "baseline_events": 1, "recent_years": "2020-2022",
                         "baseline_years": "2017-2019", "kinds": "invalidation litigation"}  # fmt: skip

    licences = warnings["licence_dependence"]
    # 4 of the 5 patents licensed to home licensees come from outside: 0.8 >= 0.5 + 0.25: high
    assert (licences.value, licences.threshold, licences.severity) == (0.8, 0.5, "high")
    assert [(e.iri, e.values["patents"], e.values["country"]) for e in licences.evidence] == [
        (org("o1"), 3, "CN"), (org("f1"), 1, "JP"),
    ]  # fmt: skip
    assert "(1 from abroad); home licensors licensed 1 patents out" in licences.message


def test_thresholds_are_parameters(risky):
    t = WarningThresholds(key_expiry_high=2, key_transfer_min=3, litigation_ratio=8, licence_in_share=0.9)
    _, checks, warnings = _report(risky, t)
    assert warnings["key_patent_expiry"].severity == "high"
    assert {k: checks[k].status for k in NEW[1:]} == dict.fromkeys(NEW[1:], "clear")
    assert "(ratio 7.00)" in checks["litigation_rising"].detail
    # a later recent window: 2023-2025 holds no event
    _, checks, _ = _report(risky, WarningThresholds(litigation_end_year=2025))
    assert checks["litigation_rising"].status == "clear"
    assert checks["litigation_rising"].detail.startswith("0 warning(s); 0 events against home enterprises in 2023-2025")


def test_a_quiet_region_raises_none_of_them():
    f = Facts()
    f.event(K2, "transfer", ("h2",), ("h1",))  # within the region
    for d in ("2017-05-01", "2018-05-01", "2019-05-01", "2020-05-01", "2021-05-01", "2022-05-01"):
        f.event(O1, "litigation", ("o1",), ("h1",), day=d)  # one a year: no rise
    for number, licensor, licensee in ((K1, "hu", "h1"), (K2, "hu", "h2"), (O1, "o1", "h1")):
        f.event(number, "licence", (licensor,), (licensee,))
    store = _store(f, _patents(k1_filed="2015-06-01"))
    _, checks, warnings = _report(store)
    assert not set(warnings) & set(NEW)
    assert {k: checks[k].status for k in NEW} == dict.fromkeys(NEW, "clear")
    assert "0 of 5 key patents of home holders in force end by 2027-01-01" in checks["key_patent_expiry"].detail
    assert "3 events against home enterprises in 2020-2022, 3 in 2017-2019 (ratio 1.00)" in (
        checks["litigation_rising"].detail
    )
    assert "1 of 3 patents licensed to home licensees come from outside (33%)" in checks["licence_dependence"].detail


def test_undated_events_make_the_litigation_check_not_applicable_never_zero():
    _, checks, warnings = _report(_store(_risky_facts(dated=False)))
    litigation = checks["litigation_rising"]
    assert litigation.status == "not applicable"
    assert litigation.detail.startswith("the loaded sources give no event dates")
    assert "litigation_rising" not in warnings
    # transfers and licences need no dates
    assert checks["key_patent_transfer_out"].status == "fired" and checks["licence_dependence"].status == "fired"


def test_a_source_without_events_says_not_available(tiny_store):
    _, checks, _ = _report(tiny_store)
    for kind in ("key_patent_transfer_out", "litigation_rising", "licence_dependence"):
        assert checks[kind].status == "not applicable", kind
        assert checks[kind].detail.startswith("not available in the loaded sources"), kind
    assert checks["key_patent_expiry"].status == "clear"  # legal status and dates are there


def test_without_a_region_they_are_not_applicable(risky):
    _, checks, _ = _report(risky, region=None)
    assert {k: (checks[k].status, checks[k].detail) for k in NEW} == dict.fromkeys(
        NEW, ("not applicable", "needs a region (--region)")
    )


def test_the_report_lists_them_with_the_others(risky):
    report, _, _ = _report(risky)
    frame = report.to_frame()
    assert set(NEW) <= set(frame["kind"])
    assert set(NEW) <= set(report.checks_frame()["kind"])
    assert {"key_patents", "litigation_ratio", "licence_in_share"} <= set(report.to_dict()["thresholds"])
