"""Plans for the target-tracking tests: the shipped fictitious Ningbo sample and a tiny test plan.

The test plan (``TEST_PLAN_ID``, fictitious, for Changsha 430100) sets four targets: three on an
indicator of its own with two observations (12.5 in 2019, 30 in 2021) -- one due before any
observation, one not met, one met -- and one on an indicator with no observation at all.
"""

from __future__ import annotations

from pathlib import Path

from patentnav.data import data_path
from patentnav.graph.policy import add_plan
from patentnav.graph.policy.sample import SAMPLE_FILE, SAMPLE_PLAN_ID
from patentnav.graph.store import PatentStore

__all__ = ["PILOT_PLAN_ID", "SAMPLE_PLAN_ID", "TEST_PLAN_ID", "load_plans", "write_test_plan"]

PILOT_PLAN_ID = "hunan-ip-strong-province-pilot"
TEST_PLAN_ID = "test-changsha-plan"


def _target(tid: str, indicator: str, comparator: str, value: str, unit: str, year: str) -> str:
    return f"""- id: {tid}
  label_zh: 测试目标 {tid}（虚构）
  label_en: Test target {tid} (fictitious)
  indicator: {indicator}
  comparator: '{comparator}'
  value: {value}
  unit: '{unit}'
  deadline_year: {year}
  region: '430100'
"""


TEST_PLAN_YAML = (
    f"""plan:
  id: {TEST_PLAN_ID}
  label_zh: 长沙测试规划（虚构）
  label_en: Test plan for Changsha (fictitious)
  date: '2021-01-01'
  source: test-source
  regions: '430100'
  fictitious: 'true'
sources:
- id: test-source
  label_zh: 测试来源（虚构）
  label_en: Test source (fictitious)
indicators:
- id: test-share
  label_zh: 测试比例
  label_en: Test share
  unit: '%'
- id: test-unobserved
  label_zh: 无统计指标
  label_en: Unobserved indicator
  unit: 家
targets:
"""
    + _target("test-share-2018", "test-share", ">=", "5", "%", "2018")
    + _target("test-share-2020", "test-share", ">=", "20", "%", "2020")
    + _target("test-share-2022", "test-share", "<", "50", "%", "2022")
    + _target("test-unobserved-2022", "test-unobserved", ">=", "10", "家", "2022")
    + """observations:
- indicator: test-share
  region: '430100'
  year: 2019
  value: 12.5
  unit: '%'
  source: test-source
- indicator: test-share
  region: '430100'
  year: 2021
  value: 30
  unit: '%'
  source: test-source
"""
)


def write_test_plan(folder: Path) -> Path:
    """Write the test plan's workbook (YAML) into ``folder``."""
    path = Path(folder) / "test_changsha_plan.yaml"
    path.write_text(TEST_PLAN_YAML, encoding="utf-8")
    return path


def load_plans(store: PatentStore, folder: Path, *, test_plan: bool = True) -> PatentStore:
    """Load the Ningbo sample (and the test plan) beside the pilot a seeded ``store`` holds."""
    add_plan(store, data_path(SAMPLE_FILE))
    if test_plan:
        add_plan(store, write_test_plan(folder))
    return store
