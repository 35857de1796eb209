"""Patent operations: transfers, licences, pledges and litigation counted by hand on the tiny graph of
tests/graph/analysis/extras.py, with and without a home region; ``checks`` saying "not available" for a source
without events (the plain CNIPA sample); and a cross-check against pandas over a generated incoPat-like export.

The tiny graph's events (organisation types: a-co enterprise and b-univ university stated by the file, c-co
enterprise guessed, f-co a Japanese enterprise guessed, u-inst research institute stated, g-bank enterprise
guessed; a-co in Changsha's Yuelu district, b-univ and g-bank in Changsha, c-co in Shenzhen, u-inst in Zhuzhou):

    P1 transfer a-co -> c-co (count 2), litigation a-co -> c-co (count 1)
    P2 licence b-univ -> a-co (count 1, 独占许可), pledge b-univ -> g-bank
    P3 invalidation requested by c-co (P3 is c-co's)
    P5 transfer f-co -> a-co, dated 2022-05-01
    P6 transfer u-inst -> a-co, litigation c-co -> a-co (count 3)
"""

from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path

import pandas as pd
import pytest

from patentnav.graph.analysis.operations import (
    NOT_AVAILABLE,
    TABLE_KINDS,
    operation_checks,
    operation_table,
    operations,
)
from patentnav.graph.analysis.scope import EmptyScopeError, InvalidParameterError, resolve_scope
from patentnav.graph.bootstrap import ensure_seeded
from patentnav.graph.ingest.loader import ingest_file
from patentnav.graph.store import open_store
from patentnav.ontology import entity_iri
from tests.graph.analysis.extras import key_store, org
from tests.graph.analysis.test_union_duplicates import _duplicate_every_fact
from tests.support import layouts

SAMPLE = Path(__file__).resolve().parents[3] / "data" / "samples" / "synthetic_cnipa.csv"
CHANGSHA, ZHUZHOU, SHENZHEN = (entity_iri("region", c) for c in ("430100", "430200", "440300"))


@pytest.fixture(scope="module")
def store():
    return key_store()


@pytest.fixture(scope="module")
def national(store):
    return operations(store, resolve_scope(store, industry="construction-machinery"), limit=None)


@pytest.fixture(scope="module")
def regional(store):
    return operations(store, resolve_scope(store, industry="construction-machinery", region="430100"), limit=None)


def rows(df: pd.DataFrame, section: str, columns: list[str]) -> list[tuple]:
    part = df[df["section"] == section]
    return [tuple(r[c] for c in columns) for _, r in part.iterrows()]


def test_transfers_by_year_with_undated_events_apart(national):
    got = rows(national["transfers"], "by_year", ["kind", "year", "year_basis", "patents", "events", "from_parties",
                                                   "to_parties"])  # fmt: skip
    # P5's transfer is dated 2022; P1's (count 2) and P6's (no count: once) are not
    assert got == [("transfer", 2022, "event date", 1, 1, 1, 1), ("transfer", None, "date not given", 2, 3, 2, 2)]


def test_transfers_by_party_type_with_technology_transfer(national):
    got = rows(national["transfers"], "by_type", ["from_type", "from_type_source", "to_type", "to_type_source",
                                                   "technology_transfer", "patents", "events"])  # fmt: skip
    mixed = "stated by the file + guessed from the name"
    assert got == [
        ("enterprise", mixed, "enterprise", mixed, False, 2, 3),  # P1 a-co -> c-co (2), P5 f-co -> a-co (1)
        ("research institute", "stated by the file", "enterprise", "stated by the file", True, 1, 1),  # P6
    ]


def test_transfers_by_region_and_direction(national, regional):
    cols = ["from_region", "from_country", "to_region", "to_country", "direction", "patents", "events"]
    assert rows(national["transfers"], "by_region", cols) == [
        (CHANGSHA, "CN", SHENZHEN, "CN", None, 1, 2),  # P1
        (ZHUZHOU, "CN", CHANGSHA, "CN", None, 1, 1),  # P6
        (None, "JP", CHANGSHA, "CN", None, 1, 1),  # P5: a foreign transferor has only its country
    ]
    assert [r[4] for r in rows(regional["transfers"], "by_region", cols)] == ["out of", "into", "into"]
    names = rows(national["transfers"], "by_region", ["from_region_name", "to_region_name"])
    assert names[0] == ("长沙市", "深圳市") and names[2] == (None, "长沙市")


def test_top_transferors_and_transferees(national):
    cols = ["rank", "org", "org_type", "type_source", "patents", "events"]
    assert rows(national["transfers"], "top_transferor", cols) == [
        (1, org("a-co"), "enterprise", "stated by the file", 1, 2),
        (2, org("f-co"), "enterprise", "guessed from the name", 1, 1),
        (3, org("u-inst"), "research institute", "stated by the file", 1, 1),
    ]
    assert rows(national["transfers"], "top_transferee", cols) == [
        (1, org("a-co"), "enterprise", "stated by the file", 2, 2),
        (2, org("c-co"), "enterprise", "guessed from the name", 1, 2),
    ]
    first = national["transfers"][national["transfers"]["section"] == "top_transferee"].iloc[0]
    assert (first["name"], first["region"], first["country"], first["role"]) == (
        "甲机械有限公司", entity_iri("region", "430104"), "CN", "transferee",
    )  # fmt: skip


def test_licences(national):
    t = national["licences"]
    assert rows(t, "by_year", ["year_basis", "patents", "events"]) == [("date not given", 1, 1)]
    assert rows(t, "by_type", ["from_type", "to_type", "patents"]) == [("university", "enterprise", 1)]
    assert rows(t, "by_licence_type", ["detail", "patents", "events"]) == [("独占许可", 1, 1)]
    assert rows(t, "top_licensor", ["org", "patents"]) == [(org("b-univ"), 1)]
    assert rows(t, "top_licensee", ["org", "patents"]) == [(org("a-co"), 1)]
    assert t["technology_transfer"].isna().all()


def test_pledges_and_pledgees(national):
    t = national["pledges"]
    assert rows(t, "by_year", ["year", "patents", "events", "to_parties"]) == [(None, 1, 1, 1)]
    assert rows(t, "top_pledgee", ["org", "name", "org_type", "patents"]) == [
        (org("g-bank"), "戊银行股份有限公司", "enterprise", 1)
    ]
    assert rows(t, "top_pledgor", ["org", "patents"]) == [(org("b-univ"), 1)]


def test_litigation_and_invalidation(national):
    t = national["litigation"]
    assert rows(t, "by_year", ["kind", "year", "patents", "events"]) == [
        ("invalidation", None, 1, 1),
        ("litigation", None, 2, 4),  # P1 (1) and P6 (3)
    ]
    assert rows(t, "top_plaintiff", ["org", "patents", "events"]) == [(org("c-co"), 1, 3), (org("a-co"), 1, 1)]
    assert rows(t, "top_defendant", ["org", "patents", "events"]) == [(org("a-co"), 1, 3), (org("c-co"), 1, 1)]
    assert rows(t, "top_requester", ["kind", "org"]) == [("invalidation", org("c-co"))]
    assert rows(t, "invalidation_target", ["kind", "org", "patents"]) == [("invalidation", org("c-co"), 1)]
    assert rows(t, "by_type", ["kind", "from_type", "to_type", "patents"]) == [
        ("invalidation", "enterprise", "party not given", 1),
        ("litigation", "enterprise", "enterprise", 2),
    ]
    assert "home_defendant" not in set(t["section"])  # no region, no home


def test_with_a_region_the_home_events_and_home_defendants(regional):
    t = regional["litigation"]
    # P1 (a-co's) and P6 (u-inst's, but a-co is sued) are the region's; P3's invalidation (c-co, Shenzhen) is not
    assert rows(t, "by_year", ["kind", "patents", "events"]) == [("litigation", 2, 4)]
    assert rows(t, "home_defendant", ["rank", "org", "home", "patents", "events"]) == [(1, org("a-co"), True, 1, 3)]
    assert "home_invalidation_target" not in set(t["section"])
    # every transfer involves a-co (at home), so the region has all three
    assert rows(regional["transfers"], "by_year", ["year", "patents"]) == [(2022, 1), (None, 2)]
    transferees = rows(regional["transfers"], "top_transferee", ["org", "home"])
    assert transferees == [(org("a-co"), True), (org("c-co"), False)]


def test_limit_caps_the_top_sections(store):
    scope = resolve_scope(store, industry="construction-machinery")
    t = operation_table(store, scope, "transfers", limit=1)
    assert rows(t, "top_transferor", ["org"]) == [(org("a-co"),)]
    with pytest.raises(InvalidParameterError, match="operations table"):
        operation_table(store, scope, "mergers")
    with pytest.raises(InvalidParameterError, match="region level"):
        operations(store, scope, level="village")
    with pytest.raises(EmptyScopeError):
        operations(store, resolve_scope(store, industry="new-materials"))


def test_checks_per_table_kind_and_field(national, store):
    checks = national["checks"].set_index(["kind", "field"])
    assert checks.loc[("transfer", "events"), "count"] == 3 and checks.loc[("transfer", "events"), "of"] == 6
    assert checks.loc[("transfer", "event dates"), "count"] == 1
    assert checks.loc[("transfer", "event dates"), "coverage"] == pytest.approx(1 / 3)
    assert checks.loc[("transfer", "stated counts"), "count"] == 1
    assert checks.loc[("transfer", "party types"), ["count", "of"]].tolist() == [4, 4]
    assert checks.loc[("invalidation", "to parties"), "status"] == NOT_AVAILABLE
    assert (checks.loc["reexamination", "status"] == NOT_AVAILABLE).all()
    assert checks.loc[("licence", "events"), "status"] == "available"
    assert list(national["checks"]["table"].unique()) == list(TABLE_KINDS)


def test_a_source_without_events_says_not_available(tmp_path):
    s = open_store("memory://")
    ensure_seeded(s)
    ingest_file(s, SAMPLE)
    scope = resolve_scope(s)
    tables = operations(s, scope)
    for name in TABLE_KINDS:
        assert len(tables[name]) == 0, name  # no rows, not rows of zeros
    events = tables["checks"][tables["checks"]["field"] == "events"]
    assert len(events) == 6 and (events["status"] == NOT_AVAILABLE).all()
    assert (tables["checks"]["status"] == NOT_AVAILABLE).all()
    assert operation_checks(s, scope).equals(tables["checks"])


def test_every_fact_stated_twice_gives_the_same_tables():
    """Two files stating the same facts (the union repeats them) change no number."""
    s = key_store()
    before = operations(s, resolve_scope(s, industry="construction-machinery", region="430100"), limit=None)
    _duplicate_every_fact(s)
    after = operations(s, resolve_scope(s, industry="construction-machinery", region="430100"), limit=None)
    for name, df in before.items():
        pd.testing.assert_frame_equal(df, after[name], obj=name)


# ---- cross-check: pandas over a generated incoPat-like export -----------------------------------------------

ROWS, SEED = 400, 7
TYPE_WORDS = {"企业": "enterprise", "大专院校": "university", "科研单位": "research institute", "个人": "individual",
              "机关团体": "government"}  # fmt: skip
EVENT_COLUMNS = {
    "transfer": ("转让次数", "转让人", "受让人"),
    "licence": ("许可次数", "许可人", "被许可人"),
    "pledge": ("质押次数", "出质人", "质权人"),
    "litigation": ("诉讼次数", "原告", "被告"),
}


def split(cell) -> list[str]:
    return [p.strip() for p in str(cell or "").split(";") if p.strip()]


@pytest.fixture(scope="module")
def incopat(tmp_path_factory):
    path = layouts.write_layout("incopat", tmp_path_factory.mktemp("ops") / "synthetic_incopat.xlsx", rows=ROWS,
                                seed=SEED)  # fmt: skip
    s = open_store("memory://")
    ensure_seeded(s)
    assert ingest_file(s, path).patents_added == ROWS
    df = pd.read_excel(path, sheet_name="incoPat", dtype=str).fillna("")
    return operations(s, resolve_scope(s), limit=None), df


def org_types(df: pd.DataFrame) -> dict[str, str]:
    """An organisation's type: as the file states it for an applicant (申请人类型), else a company name's."""
    types: dict[str, str] = {}
    for _, r in df.iterrows():
        for name, word in zip(split(r["申请人"]), split(r["申请人类型"]), strict=True):
            types.setdefault(name, TYPE_WORDS[word])
    return types


def type_of(types: dict[str, str], name: str) -> str:
    return types.get(name) or ("enterprise" if "有限公司" in name else "other")


#: The event-date column of a kind in the incoPat layout (a pledge's: its terms, dated by their start).
EVENT_DATES = {"transfer": "转让执行日", "licence": "许可合同备案日期", "pledge": "质押期限"}


def first_year(cell: str) -> int | None:
    """The year of the earliest date of an event-date cell (20190301; 2019.03.01-2022.03.01 …), None when empty."""
    years = [int(part[:4]) for part in split(cell)]
    return min(years) if years else None


def test_incopat_counts_per_kind_match_pandas(incopat):
    """Patents and events per kind and year of the event's first date, undated events (and suits, which incoPat
    does not date) in the year-None row."""
    tables, df = incopat
    for kind, (count_col, from_col, to_col) in EVENT_COLUMNS.items():
        named = df[(df[from_col] != "") | (df[to_col] != "") | (df[count_col].replace("", "0").astype(int) > 0)]
        table = next(t for t, kinds in TABLE_KINDS.items() if kind in kinds)
        got = rows(tables[table], "by_year", ["kind", "year", "patents", "events"])
        dated = named.assign(
            year=named[EVENT_DATES[kind]].map(first_year) if kind in EVENT_DATES else None,
            weight=named[count_col].replace("", "0").astype(int).clip(lower=1),
        )
        expected = [
            (kind, None if pd.isna(year) else int(year), len(group), int(group["weight"].sum()))
            for year, group in dated.groupby("year", dropna=False, sort=False)
        ]
        expected.sort(key=lambda g: (g[1] is None, g[1] or 0))
        assert [g for g in got if g[0] == kind] == expected, kind
        assert kind == "litigation" or len(expected) > 3, kind  # dated: spread over several years
    requested = df[df["复审/无效请求人"] != ""]
    got = rows(tables["litigation"], "by_year", ["kind", "patents"])
    assert sum(p for k, p in got if k in ("invalidation", "reexamination")) == len(requested)


def test_incopat_transfer_types_match_pandas(incopat):
    tables, df = incopat
    types = org_types(df)
    patents: dict[tuple, set] = defaultdict(set)
    events: Counter = Counter()
    for _, r in df[df["转让人"] != ""].iterrows():
        sources, targets = set(split(r["转让人"])), set(split(r["受让人"]))
        pairs = {(a, b) for a in sources for b in targets if a != b} or {(a, b) for a in sources for b in targets}
        for key in {(type_of(types, a), type_of(types, b)) for a, b in pairs}:
            patents[key].add(r["申请号"])
            events[key] += max(int(r["转让次数"] or 0), 1)
    expected = {k: (len(v), events[k]) for k, v in patents.items()}
    got = {(f, t): (p, e) for f, t, p, e in rows(tables["transfers"], "by_type", ["from_type", "to_type", "patents",
                                                                                  "events"])}  # fmt: skip
    assert got == expected
    assert any(f in ("university", "research institute") for f, _ in expected)
    flagged = {(f, t) for f, t, x in rows(tables["transfers"], "by_type", ["from_type", "to_type",
                                                                           "technology_transfer"]) if x}  # fmt: skip
    assert flagged == {(f, t) for f, t in expected if f in ("university", "research institute") and t == "enterprise"}


@pytest.mark.parametrize(
    ("table", "section", "column", "kind"),
    [
        ("transfers", "top_transferee", "受让人", "transfer"),
        ("transfers", "top_transferor", "转让人", "transfer"),
        ("licences", "top_licensee", "被许可人", "licence"),
        ("pledges", "top_pledgee", "质权人", "pledge"),
        ("litigation", "top_defendant", "被告", "litigation"),
    ],
)
def test_incopat_top_parties_match_pandas(incopat, table, section, column, kind):
    tables, df = incopat
    count_col = EVENT_COLUMNS[kind][0]
    patents: Counter = Counter()
    events: Counter = Counter()
    for _, r in df.iterrows():
        for name in set(split(r[column])):
            patents[name] += 1
            events[name] += max(int(r[count_col] or 0), 1)
    got = rows(tables[table], section, ["name", "patents", "events"])
    assert {n: (p, e) for n, p, e in got} == {n: (patents[n], events[n]) for n in patents}
    assert [(p, e) for _, p, e in got] == sorted(((p, e) for _, p, e in got), reverse=True)  # most first


def test_incopat_licence_types_match_pandas(incopat):
    tables, df = incopat
    licensed = df[df["许可人"] != ""]
    expected = Counter(licensed["许可类型"])
    got = rows(tables["licences"], "by_licence_type", ["detail", "patents"])
    assert dict(got) == dict(expected)
