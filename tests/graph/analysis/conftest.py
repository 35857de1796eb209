"""Fixture graphs for the analysis tests: a tiny hand-checkable graph, and a store builder."""

from __future__ import annotations

import pytest

from tests.graph.analysis.builder import Org, Pat, load

CM = ("construction-machinery",)
RT = ("rail-transit",)

TINY_ORGS = [
    Org("sany", "三一重工股份有限公司", "430104"),
    Org("zoomlion", "中联重科股份有限公司", "430100"),
    Org("crrc-zz", "中车株洲电力机车有限公司", "430211"),
    Org("sz-co", "深圳某机械有限公司", "440300"),
    Org("foreign-co", "Foreign Machinery Corp", None, country="JP"),
    Org("csu", "中南大学", "430100", kind="university"),
]

# Eight patents; seven in construction machinery. Hand counts are in test_landscape.py.
TINY_PATENTS = [
    Pat(
        "CN201510000001",
        "2015-03-01",
        ("sany",),
        ("B66C23/64",),
        CM,
        granted="2017-05-03",
        published="2015-09-01",
        inventors=("张三", "李四"),
    ),
    Pat(
        "CN201610000002",
        "2016-05-01",
        ("sany", "csu"),
        ("B66C23/64", "E02F9/20"),
        CM,
        granted="2018-01-02",
        published="2016-11-01",
        inventors=("张三", "王五"),
    ),
    Pat(
        "CN201710000003",
        "2017-01-10",
        ("zoomlion",),
        ("E02F9/20",),
        CM,
        status="pending",
        published="2017-07-10",
        inventors=("赵六",),
    ),
    Pat(
        "CN201810000004",
        "2018-02-01",
        ("sz-co",),
        ("B66C23/64",),
        CM,
        granted="2020-03-03",
        published="2018-08-01",
        inventors=("钱七",),
    ),
    Pat(
        "CN201910000005",
        "2019-06-01",
        ("foreign-co",),
        ("B66C1/00",),
        CM,
        granted="2021-04-04",
        published="2019-12-01",
        inventors=("Taro",),
    ),
    Pat(
        "CN201910000006",
        "2019-07-01",
        ("foreign-co",),
        ("B66C1/00", "E02F3/00"),
        CM,
        status="pending",
        published="2020-01-01",
        inventors=("Taro", "Hanako"),
    ),
    Pat(
        "CN201610000007",
        "2016-01-01",
        ("crrc-zz",),
        ("B61D1/00",),
        RT,
        granted="2018-06-01",
        published="2016-07-01",
        inventors=("孙八",),
    ),
    Pat(
        "CN202010000008",
        "2020-01-01",
        ("sz-co", "foreign-co"),
        ("E02F3/00",),
        CM,
        status="inactive",
        type="utility",
        published="2020-07-01",
        inventors=("钱七", "Taro"),
    ),
]


@pytest.fixture(scope="session")
def tiny_store():
    """The tiny graph on top of the seeded pilot graph (read-only use in tests)."""
    return load(TINY_PATENTS, TINY_ORGS)
