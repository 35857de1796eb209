"""Target tracking for a chosen plan: the pilot, the fictitious Ningbo sample and a tiny test plan."""

from __future__ import annotations

import pandas as pd
import pytest

from patentnav.graph.analysis.scope import UnknownEntityError
from patentnav.graph.analysis.service import run_topic
from patentnav.graph.analysis.targets import plan_targets, target_progress
from patentnav.graph.store import PatentStore
from tests.support.plans import PILOT_PLAN_ID, SAMPLE_PLAN_ID, TEST_PLAN_ID, load_plans


@pytest.fixture
def plans_store(store: PatentStore, tmp_path) -> PatentStore:
    return load_plans(store, tmp_path)


def test_without_a_plan_every_plans_density_target_is_tracked_as_before(plans_store):
    df = target_progress(plans_store)
    assert set(df.region_id) == {"430100", "430200", "430300", "changzhutan", "430000", "330200"}
    assert "plan" not in df.attrs
    assert list(run_topic(plans_store, "targets")) == ["targets"]


def test_the_pilots_targets(plans_store):
    progress = target_progress(plans_store, plan=PILOT_PLAN_ID)
    assert "330200" not in set(progress.region_id) and progress.attrs["plan"] == PILOT_PLAN_ID
    df = plan_targets(plans_store, PILOT_PLAN_ID).set_index("target_id")
    assert set(df.index) == {
        "czt-ip-advanced-cities", "czt-invention-patents-per-10k", "ip-strong-enterprises",
        "large-medium-enterprises-share",
    }  # fmt: skip
    density = df.loc["czt-invention-patents-per-10k"]
    official = progress[(progress.region_id == "changzhutan") & (progress.basis == "official")].iloc[0]
    assert density.value == pytest.approx(official.value) and density.date == official.date
    assert bool(density.meets_target) is True and density.comparator == ">" and density.target_value == 24
    for other in ("czt-ip-advanced-cities", "ip-strong-enterprises", "large-medium-enterprises-share"):
        row = df.loc[other]
        assert row.note == "no observations loaded" and row.observations == 0
        assert pd.isna(row.value)  # never a made-up figure
        assert row.meets_target is None


def test_the_ningbo_samples_targets(plans_store):
    progress = target_progress(plans_store, plan=SAMPLE_PLAN_ID)
    assert list(progress.region_id) == ["330200"] and list(progress.basis) == ["official"]  # no census for Ningbo
    df = plan_targets(plans_store, SAMPLE_PLAN_ID).set_index("target_id")
    density = df.loc["fictitious-ningbo-invention-patents-per-10k"]
    assert (density.value, density.target_value, density.comparator, density.deadline) == (50.5, 60.0, ">=", 2027)
    assert bool(density.meets_target) is False and density.region_name == "宁波市"
    high_value = df.loc["fictitious-ningbo-high-value-patents"]
    assert high_value.note == "no observations loaded" and high_value.meets_target is None
    assert high_value.indicator_id == "fictitious-high-value-patents-per-10k"


def test_another_indicators_observations_are_compared_with_the_target(plans_store):
    df = plan_targets(plans_store, TEST_PLAN_ID).set_index("target_id")
    early = df.loc["test-share-2018"]  # due before the first observation (2019)
    assert early.meets_target is None and early.observations == 2
    assert early.note.startswith("no observation on or before 2018-12-31")
    due_2020 = df.loc["test-share-2020"]  # the 2019 figure, 12.5 < 20
    assert (due_2020.date, due_2020.value, bool(due_2020.meets_target)) == ("2019-12-31", 12.5, False)
    assert due_2020.source == "Test source (fictitious)" and due_2020.basis == "official"
    due_2022 = df.loc["test-share-2022"]  # the 2021 figure, 30 < 50
    assert (due_2022.date, due_2022.value, bool(due_2022.meets_target)) == ("2021-12-31", 30.0, True)
    unobserved = df.loc["test-unobserved-2022"]
    assert unobserved.note == "no observations loaded" and pd.isna(unobserved.basis) and pd.isna(unobserved.value)
    # a year of assessment applies to every target
    at_2021 = plan_targets(plans_store, TEST_PLAN_ID, year=2021).set_index("target_id")
    assert at_2021.loc["test-share-2018", "value"] == 30.0 and bool(at_2021.loc["test-share-2018", "meets_target"])
    # a plan without density targets: an empty targets table, the plan's targets in plan_targets
    tables = run_topic(plans_store, "targets", plan=TEST_PLAN_ID)
    assert list(tables) == ["plan_targets", "targets"] and tables["targets"].empty
    assert len(tables["plan_targets"]) == 4


def test_unknown_plan_names_the_loaded_ones(plans_store):
    with pytest.raises(UnknownEntityError, match=SAMPLE_PLAN_ID) as err:
        run_topic(plans_store, "targets", plan="no-such-plan")
    assert "no-such-plan" in str(err.value)  # the API answers it 404: tests/api/test_errors.py


def test_a_region_keeps_the_plans_targets_of_that_region(plans_store):
    tables = run_topic(plans_store, "targets", plan=PILOT_PLAN_ID, region="430000")
    assert set(tables["plan_targets"].target_id) == {"ip-strong-enterprises", "large-medium-enterprises-share"}
    with pytest.raises(Exception, match="has no target for 330200"):
        run_topic(plans_store, "targets", plan=PILOT_PLAN_ID, region="330200")
