"""Target tracking against official statistics and ingested patents."""

from __future__ import annotations

import pytest

from patentnav.graph.analysis.targets import target_progress


def test_chang_zhu_tan_official_figures_and_the_target(tiny_store):
    df = target_progress(tiny_store)
    czt = df[(df.region_id == "changzhutan") & (df.basis == "official")].iloc[0]
    assert czt.numerator == 32981 + 6957 + 3829
    assert czt.denominator_10k == pytest.approx(839.45 + 402.85 + 288.20)
    assert czt.value == pytest.approx(43767 / 1530.5)
    assert bool(czt.meets_target) is True
    assert czt.baseline_value == pytest.approx(8.00)  # the province in the same (November 2020) table
    assert bool(czt.meets_multiple) is True
    assert "amr.hunan.gov.cn" in czt.source


def test_computed_figures_say_how_complete_the_ingested_data_is(tiny_store):
    df = target_progress(tiny_store)
    cs = df[(df.region_id == "430100") & (df.basis == "computed")].iloc[0]
    # Changsha holds P1 and P2 (active granted inventions, first applicant in Changsha)
    assert cs.numerator == 2
    assert cs.denominator_10k == pytest.approx(10047914 / 10_000)
    assert cs.coverage == pytest.approx(2 / 32981)
    zz = df[(df.region_id == "430200") & (df.basis == "computed")].iloc[0]
    assert zz.numerator == 1  # P7, CRRC Zhuzhou (Tianyuan district)
    czt = df[(df.region_id == "changzhutan") & (df.basis == "computed")].iloc[0]
    assert czt.numerator == 3 and bool(czt.meets_target) is False
    assert df.attrs["completeness"]["patents"] == 8
