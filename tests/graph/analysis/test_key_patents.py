"""Key patents: every indicator, the composite and its ranking, citations, families and checks, on a tiny graph
counted by hand (tests/graph/analysis/extras.py); the ``checks`` of a source without these fields (the plain
CNIPA sample); and a cross-check against pandas over generated incoPat-like and yearly-dataset-like exports.
"""

from __future__ import annotations

import math
import re
import unicodedata
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from patentnav.graph.analysis.key_patents import (
    NOT_AVAILABLE,
    KeyPatentWeights,
    citation_overview,
    family_overview,
    key_patent_checks,
    key_patents,
    rank_key_patents,
    statutory_term,
)
from patentnav.graph.analysis.scope import EmptyScopeError, InvalidParameterError, resolve_scope
from patentnav.graph.bootstrap import ensure_seeded
from patentnav.graph.ingest.loader import ingest_file
from patentnav.graph.store import open_store
from tests.graph.analysis.extras import P1, P2, P3, P4, P5, P6, Facts, key_store, org, patent, years_between
from tests.graph.analysis.test_union_duplicates import _duplicate_every_fact
from tests.support import layouts

AS_OF = date(2025, 1, 1)
SAMPLE = Path(__file__).resolve().parents[3] / "data" / "samples" / "synthetic_cnipa.csv"


@pytest.fixture(scope="module")
def store():
    return key_store()


@pytest.fixture(scope="module")
def scope(store):
    return resolve_scope(store, industry="construction-machinery")


@pytest.fixture(scope="module")
def ranked(store, scope) -> pd.DataFrame:
    return rank_key_patents(store, scope, limit=None, as_of=AS_OF).set_index("application_number")


def _value(v):
    return None if v is None or (isinstance(v, float) and math.isnan(v)) else v


def column(ranked: pd.DataFrame, name: str) -> dict:
    return {k: _value(v) for k, v in ranked[name].items()}


# ---- indicators, by hand --------------------------------------------------------------------------------------

# Cohort (B66C, 2015) = P1, P2, P3, P6; P4 alone in (E02F, 2016); P5 (a design, no IPC) alone in (None, 2021).
# Mid-rank percentile = (below + half of equal) / known.
FORWARD = {P1: 5, P2: 1, P3: 0, P4: 0, P5: None, P6: 2}  # P1: stated 5 > 3 listed; P6: stated 2 > 1 listed
FORWARD_PCT = {P1: 3.5 / 4, P2: 1.5 / 4, P3: 0.5 / 4, P4: 0.5, P5: None, P6: 2.5 / 4}
FAMILY_KIND = {P1: "simple", P2: "extended", P3: "simple", P4: None, P5: "simple", P6: "docdb"}
FAMILY_SIZE = {P1: 4, P2: 2, P3: 1, P4: None, P5: 2, P6: 2}  # P1: stated 4 > 2 members + itself
FAMILY_COUNTRIES = {P1: 3, P2: 2, P3: 1, P4: None, P5: 2, P6: 1}
MEMBER_COUNTRIES = {P1: "CN, EP, US", P2: "CN, WO", P3: "CN", P4: None, P5: "CN, JP", P6: "CN"}
FAMILY_PCT = {P1: 3.5 / 4, P2: 2.5 / 4, P3: 1 / 4, P4: None, P5: 0.5, P6: 1 / 4}
CLAIMS = {P1: 10, P2: 10, P3: 5, P4: 8, P5: None, P6: 20}
CLAIMS_PCT = {P1: 2 / 4, P2: 2 / 4, P3: 0.5 / 4, P4: 0.5, P5: None, P6: 3.5 / 4}
INDEPENDENT = {P1: 2, P2: 1, P3: 1, P4: 3, P5: None, P6: None}
INDEPENDENT_PCT = {P1: 2.5 / 3, P2: 1 / 3, P3: 1 / 3, P4: 0.5, P5: None, P6: None}
TERM_YEARS = {P1: 20, P2: 20, P3: 10, P4: 20, P5: 15, P6: 20}  # P5: a design filed 2021-07-01
TERM_END = {
    P1: date(2035, 3, 1),
    P2: date(2030, 6, 1),  # the stated lapse date
    P3: date(2025, 9, 1),
    P4: date(2036, 1, 10),
    P5: date(2036, 7, 1),
    P6: date(2020, 1, 1),  # the stated lapse date
}
REMAINING = {
    P1: years_between(AS_OF, date(2035, 3, 1)),
    P2: years_between(AS_OF, date(2030, 6, 1)),
    P3: 0.0,  # lapsed
    P4: 0.0,  # pending: not in force
    P5: years_between(AS_OF, date(2036, 7, 1)),
    P6: 0.0,  # status unknown, lapse date passed
}
IN_FORCE = {P1: 1, P2: 1, P3: 0, P4: 0, P5: 1, P6: None}
EVENTS = {  # litigated, invalidated, licensed, transferred, pledged
    P1: (1, 0, 0, 1, 0),
    P2: (0, 0, 1, 0, 1),
    P3: (0, 1, 0, 0, 0),
    P4: (0, 0, 0, 0, 0),
    P5: (0, 0, 0, 1, 0),
    P6: (1, 0, 0, 1, 0),
}


def hand_composite(number: str, w: KeyPatentWeights) -> tuple[float | None, float]:
    """The composite and weight covered from the hand values above."""
    scores = [
        (w.forward_citations, FORWARD_PCT[number]),
        (w.family_countries, FAMILY_PCT[number]),
        (w.claims, CLAIMS_PCT[number]),
        (w.independent_claims, INDEPENDENT_PCT[number]),
        (w.remaining_term, REMAINING[number] / TERM_YEARS[number]),
        (w.in_force, IN_FORCE[number]),
        *zip((w.litigated, w.invalidated, w.licensed, w.transferred, w.pledged), EVENTS[number], strict=True),
    ]
    known = [(wi, s) for wi, s in scores if s is not None]
    den = sum(wi for wi, _ in known)
    return (sum(wi * s for wi, s in known) / den if den else None), den / w.total


def test_forward_citations_and_their_cohort_percentiles(ranked):
    assert column(ranked, "forward_citations") == FORWARD
    assert column(ranked, "forward_citations_pct") == pytest.approx(FORWARD_PCT)
    assert column(ranked, "cohort_subclass") == {P1: "B66C", P2: "B66C", P3: "B66C", P4: "E02F", P5: None, P6: "B66C"}
    assert column(ranked, "cohort_size") == {P1: 4, P2: 4, P3: 4, P4: 1, P5: 1, P6: 4}


def test_family_size_and_member_countries(ranked):
    assert column(ranked, "family_kind") == FAMILY_KIND
    assert column(ranked, "family_size") == FAMILY_SIZE
    assert column(ranked, "family_countries") == FAMILY_COUNTRIES
    assert column(ranked, "member_countries") == MEMBER_COUNTRIES
    assert column(ranked, "family_countries_pct") == pytest.approx(FAMILY_PCT)


def test_claims_and_independent_claims(ranked):
    assert column(ranked, "claims") == CLAIMS
    assert column(ranked, "claims_pct") == pytest.approx(CLAIMS_PCT)
    assert column(ranked, "independent_claims") == INDEPENDENT
    assert column(ranked, "independent_claims_pct") == pytest.approx(INDEPENDENT_PCT)


def test_remaining_term_from_type_filing_date_or_lapse_date(ranked):
    assert column(ranked, "term_years") == TERM_YEARS
    assert column(ranked, "term_end") == TERM_END
    assert column(ranked, "remaining_years") == pytest.approx(REMAINING)
    expected = {n: REMAINING[n] / TERM_YEARS[n] for n in REMAINING}
    assert column(ranked, "remaining_term_score") == pytest.approx(expected)
    assert column(ranked, "in_force") == IN_FORCE


def test_legal_event_flags(ranked):
    names = ["litigated", "invalidated", "licensed", "transferred", "pledged"]
    got = {n: tuple(int(ranked.loc[n, c]) for c in names) for n in EVENTS}
    assert got == EVENTS


def test_vendor_scores_stand_apart_attributed_to_the_vendor(ranked):
    assert ranked.loc[P1, "vendor_score"] == 9 and ranked.loc[P1, "vendor"] == "incoPat"
    assert ranked.loc[P1, "vendor_indicator"] == "合享价值度"
    # two vendors: the first by indicator is shown, every one is listed
    assert ranked.loc[P2, "vendor_indicator"] == "PatSnap value" and ranked.loc[P2, "vendor_score"] == 3.5
    assert ranked.loc[P2, "vendor_scores"] == "PatSnap value 3.5 (PatSnap); 合享价值度 6.0 (incoPat)"
    assert pd.isna(ranked.loc[P3, "vendor_score"])


def test_vendor_scores_are_not_in_the_composite(store, scope):
    before = rank_key_patents(store, scope, limit=None, as_of=AS_OF).set_index("application_number")
    other = key_store()
    other.add_quads(Facts().score(P3, "x", 100, "v").quads)
    after = rank_key_patents(other, resolve_scope(other, industry="construction-machinery"), limit=None, as_of=AS_OF)
    after = after.set_index("application_number")
    assert after.loc[P3, "vendor_score"] == 100
    assert after["composite"].to_dict() == pytest.approx(before["composite"].to_dict())


def test_composite_rank_and_weight_covered(store, scope, ranked):
    w = KeyPatentWeights()
    expected = {n: hand_composite(n, w) for n in FORWARD}
    assert column(ranked, "composite") == pytest.approx({n: c for n, (c, _) in expected.items()})
    assert column(ranked, "weight_covered") == pytest.approx({n: c for n, (_, c) in expected.items()})
    order = sorted(expected, key=lambda n: (-expected[n][0], -expected[n][1], patent(n)))
    assert list(ranked.sort_values("rank").index) == order
    assert list(ranked["rank"]) == sorted(ranked["rank"]) and ranked.loc[order[0], "rank"] == 1
    top = rank_key_patents(store, scope, limit=2, as_of=AS_OF)
    assert top["application_number"].tolist() == order[:2]
    assert top.attrs["weights"]["forward_citations"] == 0.30 and top.attrs["as_of"] == "2025-01-01"


def test_weights_are_parameters(store, scope):
    w = KeyPatentWeights(**{f: 0 for f in KeyPatentWeights.__dataclass_fields__} | {"forward_citations": 1})
    df = rank_key_patents(store, scope, weights=w, limit=None, as_of=AS_OF).set_index("application_number")
    assert column(df, "composite") == pytest.approx(FORWARD_PCT)
    assert df.loc[P5, "weight_covered"] == 0 and df.loc[P5, "rank"] == 6  # nothing known: last
    assert df.sort_values("rank").index[0] == P1
    with pytest.raises(InvalidParameterError, match="weight claims"):
        KeyPatentWeights(claims=-0.1)
    with pytest.raises(InvalidParameterError, match="all 0"):
        KeyPatentWeights(**dict.fromkeys(KeyPatentWeights.__dataclass_fields__, 0))
    with pytest.raises(InvalidParameterError, match="limit"):
        rank_key_patents(store, scope, limit=0)


def test_statutory_terms():
    assert statutory_term("invention", date(2000, 1, 1)) == 20
    assert statutory_term("utility", date(2022, 1, 1)) == 10
    assert statutory_term("design", date(2021, 5, 31)) == 10
    assert statutory_term("design", date(2021, 6, 1)) == 15
    assert statutory_term("unknown", None) is None


def test_an_empty_scope_is_an_error(store):
    with pytest.raises(EmptyScopeError):
        key_patents(store, resolve_scope(store, industry="new-materials"))


# ---- citations --------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def citations(store, scope) -> pd.DataFrame:
    return citation_overview(store, scope, key=[patent(P1)], limit=None)


def section(df: pd.DataFrame, name: str, columns: list[str]) -> list[tuple]:
    rows = df[df["section"] == name]
    return [tuple(_value(r[c]) for c in columns) for _, r in rows.iterrows()]


def test_most_cited_patents(citations):
    got = section(
        citations, "most_cited_patent", ["rank", "application_number", "forward_citations", "stated", "listed"]
    )
    assert got == [(1, P1, 5, 5, 3), (2, P6, 2, 2, 1), (3, P2, 1, None, 1)]


def test_most_cited_organisations_with_self_citations(citations):
    cols = ["org", "patents", "with_data", "cited_patents", "forward_citations", "attributed", "self_citations",
            "self_share"]  # fmt: skip
    got = section(citations, "most_cited_org", cols)
    # a-co: P1 (5) and P4 (0); cited by P2, P3, P4 (P4 is its own); u-inst: P6 (2), cited from outside only;
    # b-univ: P2 (1) and P4 (0), cited by P4 (its own); c-co: P3 (0). f-co's P5 has no citation data.
    assert got == [
        (org("a-co"), 2, 2, 1, 5, 3, 1, pytest.approx(1 / 3)),
        (org("u-inst"), 1, 1, 1, 2, 0, 0, None),
        (org("b-univ"), 2, 2, 1, 1, 1, 1, 1.0),
        (org("c-co"), 1, 1, 0, 0, 0, 0, None),
    ]


def test_who_builds_on_the_key_patents(citations):
    got = section(citations, "citing_org", ["org", "cited_org", "citations", "citing_patents", "cited_patents", "self"])
    # P1 (a-co) is cited by P2 (b-univ), P3 (c-co) and P4 (a-co and b-univ)
    assert got == [
        (org("b-univ"), org("a-co"), 2, 2, 1, False),
        (org("a-co"), org("a-co"), 1, 1, 1, True),
        (org("c-co"), org("a-co"), 1, 1, 1, False),
    ]


def test_self_citation_share_on_both_bases(citations):
    got = section(citations, "self_citation", ["basis", "patents", "citations", "self_citations", "self_share"])
    # listed: P2->P1, P3->P1, P4->P1 (a-co on both), P4->P2 (b-univ on both); the outside citation of P6 is not
    # attributable. Stated: P1's 1 self of 1 + 4.
    assert got == [("listed links", 2, 4, 2, 0.5), ("stated counts", 1, 5, 1, 0.2)]


def test_citation_links_between_organisations(citations):
    got = section(citations, "org_link", ["org", "cited_org", "citations", "self"])
    assert got == [
        (org("b-univ"), org("a-co"), 2, False),
        (org("a-co"), org("a-co"), 1, True),
        (org("a-co"), org("b-univ"), 1, False),
        (org("b-univ"), org("b-univ"), 1, True),
        (org("c-co"), org("a-co"), 1, False),
    ]


def test_citing_organisations_default_to_the_ranked_key_patents(store, scope):
    df = citation_overview(store, scope, limit=1)  # key = the best patent: P1
    assert section(df, "citing_org", ["org", "cited_org"]) == [(org("b-univ"), org("a-co"))]
    assert len(df[df["section"] == "most_cited_patent"]) == 1


# ---- families ----------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def families(store, scope) -> pd.DataFrame:
    return family_overview(store, scope, limit=None)


def test_outbound_layout_per_applicant(families):
    cols = ["org", "patents", "with_family_data", "abroad", "share_abroad", "countries"]
    assert section(families, "outbound_scope", cols) == [(None, 6, 5, 3, 0.6, "EP 1, JP 1, US 1, WO 1")]
    assert section(families, "outbound", cols) == [
        (org("a-co"), 2, 1, 1, 1.0, "EP 1, US 1"),  # P1; P4 has no family fact
        (org("b-univ"), 2, 1, 1, 1.0, "WO 1"),  # P2
        (org("f-co"), 1, 1, 1, 1.0, "JP 1"),  # P5
        (org("c-co"), 1, 1, 0, 0.0, None),  # P3: a family of one
        (org("u-inst"), 1, 1, 0, 0.0, None),  # P6: its member P1 is Chinese
    ]


def test_inbound_foreign_families(families):
    cols = ["origin", "patents", "foreign_applicant", "foreign_priority", "earlier_member_abroad", "market", "share"]
    # P2 claims a US priority; P3's family member P7 (US) was filed earlier; P5's applicant is Japanese and it
    # claims a JP priority. P7 itself is outside the industry.
    assert section(families, "inbound_total", cols) == [(None, 3, 1, 2, 1, 6, 0.5)]
    assert section(families, "inbound", cols) == [("US", 2, 0, 1, 1, 6, 2 / 6), ("JP", 1, 1, 1, 0, 6, 1 / 6)]


def test_inbound_uses_the_market_and_counts_home_coapplicants(store):
    df = family_overview(store, resolve_scope(store, industry="construction-machinery", region="430100"))
    total = df[df["section"] == "inbound_total"].iloc[0]
    assert (total["patents"], total["market"], total["home_coapplicant"]) == (3, 6, 1)  # P2's b-univ is at home
    out = df[df["section"] == "outbound_scope"].iloc[0]
    assert out["patents"] == 3  # P1, P2, P4: applicants in Changsha


# ---- checks ------------------------------------------------------------------------------------------------------


def test_checks_on_the_tiny_graph(store, scope):
    df = key_patent_checks(store, scope, as_of=AS_OF).set_index("indicator")
    assert set(df["status"]) == {"available"}
    assert df.loc["forward_citations", "patents"] == 5 and df.loc["forward_citations", "of"] == 6
    assert df.loc["claims", "patents"] == 5 and df.loc["independent_claims", "patents"] == 4
    assert df.loc["litigated / invalidated / licensed / transferred / pledged", "patents"] == 5
    assert df.loc["vendor_score", "coverage"] == pytest.approx(2 / 6)


@pytest.fixture(scope="module")
def cnipa_store():
    s = open_store("memory://")
    ensure_seeded(s)
    assert ingest_file(s, SAMPLE).rows_rejected == 0
    return s


def test_a_source_without_the_fields_says_not_available_and_leaves_nulls(cnipa_store):
    scope = resolve_scope(cnipa_store)
    tables = key_patents(cnipa_store, scope, limit=None, as_of=AS_OF)
    checks = tables["checks"].set_index("indicator")
    missing = [
        "forward_citations", "citing_organisations", "self_citation_stated", "family_size / family_countries",
        "claims", "independent_claims", "litigated / invalidated / licensed / transferred / pledged", "vendor_score",
        "foreign_priority (inbound)",
    ]  # fmt: skip
    assert (checks.loc[missing, "status"] == NOT_AVAILABLE).all()
    assert (checks.loc[missing, "patents"] == 0).all()
    assert checks.loc["in_force", "status"] == "available"
    ranked = tables["key_patents"]
    for c in [
        "forward_citations",
        "forward_citations_pct",
        "family_size",
        "family_countries",
        "claims",
        "independent_claims",
        "litigated",
        "invalidated",
        "licensed",
        "transferred",
        "pledged",
        "vendor_score",
    ]:
        assert ranked[c].isna().all(), c  # null, never 0
    assert ranked["remaining_years"].notna().all() and ranked["composite"].notna().all()
    cited = tables["citations"]
    assert not len(cited[cited["section"].isin(["most_cited_patent", "most_cited_org", "org_link"])])
    assert section(cited, "self_citation", ["basis", "citations"]) == [("listed links", None), ("stated counts", None)]


def test_every_fact_stated_twice_gives_the_same_tables():
    """Two files stating the same facts (the union repeats them) change no number."""
    s = key_store()
    before = key_patents(s, resolve_scope(s, industry="construction-machinery"), limit=None, as_of=AS_OF)
    _duplicate_every_fact(s)
    after = key_patents(s, resolve_scope(s, industry="construction-machinery"), limit=None, as_of=AS_OF)
    for name, df in before.items():
        pd.testing.assert_frame_equal(df, after[name], obj=name)


# ---- cross-check: pandas over generated exports ------------------------------------------------------------------

ROWS, SEED = 300, 7
STATUS = {"有效": "active", "审中": "pending", "失效": "inactive", "未缴年费": "inactive"}
TYPES = {"发明申请": "invention", "发明授权": "invention", "发明公开": "invention", "实用新型": "utility",
         "外观设计": "design"}  # fmt: skip
W = KeyPatentWeights()


def app_key(raw: str) -> str:
    return "CN" + re.search(r"\d{12}", unicodedata.normalize("NFKC", str(raw))).group(0)


def day(raw) -> date | None:
    text = re.sub(r"\D", "", str(raw or ""))
    return date(int(text[:4]), int(text[4:6]), int(text[6:8])) if len(text) >= 8 else None


def mid_rank(df: pd.DataFrame, col: str) -> pd.Series:
    """(rank with ties averaged - 1/2) / known, within (subclass, year): the mid-rank percentile."""
    known = df[df[col].notna()]
    ranks = known.groupby(["sub", "year"])[col].rank(method="average")
    sizes = known.groupby(["sub", "year"])[col].transform("count")
    return ((ranks - 0.5) / sizes).reindex(df.index)


def expected_indicators(df: pd.DataFrame) -> pd.DataFrame:
    """Every indicator from the export's own columns (one row per patent) -- no patentnav code."""
    out = pd.DataFrame(index=df.index)
    out["sub"] = df["main"].str[:4]
    out["year"] = [d.year for d in df["filed"]]
    for c in ("forward", "family_countries", "claims", "independent"):
        out[c] = df[c]
        out[f"{c}_pct"] = mid_rank(out, c)
    years = [statutory(t, f) for t, f in zip(df["type"], df["filed"], strict=True)]
    out["term_years"] = years
    ends = [lapse or (_add_years(f, y) if y else None) for lapse, f, y in zip(df["lapse"], df["filed"], years,
                                                                               strict=True)]  # fmt: skip
    remaining = []
    for status, end in zip(df["status"], ends, strict=True):
        if status == "active":
            remaining.append(max(0, (end - AS_OF).days) / 365.25)
        elif status in ("inactive", "pending"):
            remaining.append(0.0)
        else:
            remaining.append(None)
    out["remaining"] = remaining
    out["term_score"] = [None if r is None else (0.0 if r == 0 else min(1, r / y)) for r, y in zip(remaining, years,
                                                                                                  strict=True)]  # fmt: skip
    out["in_force"] = [{"active": 1, "inactive": 0, "pending": 0}.get(s) for s in df["status"]]
    for c in ("litigated", "invalidated", "licensed", "transferred", "pledged"):
        out[c] = df[c]
    pairs = [
        (W.forward_citations, "forward_pct"), (W.family_countries, "family_countries_pct"), (W.claims, "claims_pct"),
        (W.independent_claims, "independent_pct"), (W.remaining_term, "term_score"), (W.in_force, "in_force"),
        (W.litigated, "litigated"), (W.invalidated, "invalidated"), (W.licensed, "licensed"),
        (W.transferred, "transferred"), (W.pledged, "pledged"),
    ]  # fmt: skip
    num = sum(w * out[c].astype(float).fillna(0) for w, c in pairs)
    den = sum(w * out[c].notna() for w, c in pairs)
    out["composite"] = (num / den).where(den > 0)
    out["weight_covered"] = den / W.total
    return out


def statutory(patent_type: str | None, filed: date) -> int | None:
    if patent_type == "design":
        return 15 if filed >= date(2021, 6, 1) else 10
    return {"invention": 20, "utility": 10}.get(patent_type or "")


def _add_years(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


def split(cell, sep: str) -> list[str]:
    return [p.strip() for p in str(cell or "").split(sep) if p.strip()]


def read_incopat(path: Path) -> pd.DataFrame:
    raw = pd.read_excel(path, sheet_name="incoPat", dtype=str).fillna("")
    pubs = dict(zip(raw["公开（公告）号"], raw["申请号"].map(app_key), strict=True))
    citing: dict[str, set[str]] = {k: set() for k in pubs.values()}
    for _, r in raw.iterrows():
        key = app_key(r["申请号"])
        citing[key] |= set(split(r["被引证专利"], ";"))
        for cited in split(r["引证专利"], ";"):  # another row's backward citation of this patent
            if cited in pubs:
                citing[pubs[cited]].add(r["公开（公告）号"])
    rows = []
    for _, r in raw.iterrows():
        key = app_key(r["申请号"])
        members = {m for m in split(r["简单同族"], ";") if m != r["公开（公告）号"]}
        events = {k: int(r[c] or 0) > 0 or bool(r[f]) for k, c, f in (
            ("transferred", "转让次数", "转让人"), ("licensed", "许可次数", "许可人"), ("pledged", "质押次数", "出质人"),
            ("litigated", "诉讼次数", "原告"))}  # fmt: skip
        rows.append({
            "key": key, "main": r["IPC主分类"], "filed": day(r["申请日"]), "type": TYPES.get(r["专利类型"]),
            "status": STATUS.get(r["当前法律状态"]), "lapse": day(r["失效日"]),
            "forward": max(int(r["被引证次数"] or 0), len(citing[key])),
            "family_size": max(int(r["简单同族个数"] or 0), len(members) + 1),
            "family_countries": len({m[:2] for m in members} | {"CN"}),
            "claims": int(r["权利要求数量"]), "independent": int(r["独立权利要求数量"]),
            "invalidated": int(bool(r["复审/无效请求人"])), **{k: int(v) for k, v in events.items()},
            "vendor_score": float(r["合享价值度"]),
        })  # fmt: skip
    return pd.DataFrame(rows).set_index("key")


@pytest.fixture(scope="module")
def incopat(tmp_path_factory):
    path = layouts.write_layout(
        "incopat", tmp_path_factory.mktemp("kp") / "synthetic_incopat.xlsx", rows=ROWS, seed=SEED
    )
    s = open_store("memory://")
    ensure_seeded(s)
    assert ingest_file(s, path).patents_added == ROWS
    return s, read_incopat(path)


def compare(got: pd.DataFrame, expected: pd.DataFrame, pairs: list[tuple[str, str]]) -> None:
    assert set(got.index) == set(expected.index)
    for mine, theirs in pairs:
        a = got[mine].astype(float)
        b = expected.loc[got.index, theirs].astype(float)
        assert (a.isna() == b.isna()).all(), mine
        assert a[a.notna()].to_numpy() == pytest.approx(b[b.notna()].to_numpy()), mine


def test_incopat_indicators_and_composite_match_pandas(incopat):
    store, frame = incopat
    got = rank_key_patents(store, resolve_scope(store), limit=None, as_of=AS_OF).set_index("application_number")
    expected = expected_indicators(frame)
    compare(got, frame, [("forward_citations", "forward"), ("family_size", "family_size"),
                         ("family_countries", "family_countries"), ("claims", "claims"),
                         ("independent_claims", "independent"), ("vendor_score", "vendor_score")])  # fmt: skip
    compare(got, expected, [
        ("forward_citations_pct", "forward_pct"), ("family_countries_pct", "family_countries_pct"),
        ("claims_pct", "claims_pct"), ("independent_claims_pct", "independent_pct"), ("term_years", "term_years"),
        ("remaining_years", "remaining"), ("remaining_term_score", "term_score"), ("in_force", "in_force"),
        ("litigated", "litigated"), ("invalidated", "invalidated"), ("licensed", "licensed"),
        ("transferred", "transferred"), ("pledged", "pledged"), ("composite", "composite"),
        ("weight_covered", "weight_covered"),
    ])  # fmt: skip
    by_rank = got.sort_values("rank")["composite"]
    assert (by_rank.diff().dropna() <= 1e-12).all()  # best first
    assert set(got["family_kind"]) == {"simple"} and (got["vendor"] == "incoPat (合享)").all()


def test_incopat_most_cited_and_outbound_match_pandas(incopat):
    store, frame = incopat
    scope = resolve_scope(store)
    families = family_overview(store, scope, limit=None)
    total = families[families["section"] == "outbound_scope"].iloc[0]
    abroad = sum(1 for c in frame["family_countries"] if c > 1)
    assert (total["patents"], total["with_family_data"], total["abroad"]) == (ROWS, ROWS, abroad)
    cited = citation_overview(store, scope, limit=None)
    most = cited[cited["section"] == "most_cited_patent"].set_index("application_number")["forward_citations"]
    assert most.to_dict() == {k: v for k, v in frame["forward"].items() if v > 0}


@pytest.fixture(scope="module")
def yearly(tmp_path_factory):
    path = layouts.write_layout("cn-yearly", tmp_path_factory.mktemp("kp") / "synthetic_cn_yearly.csv", rows=ROWS,
                                seed=SEED)  # fmt: skip
    s = open_store("memory://")
    ensure_seeded(s)
    assert ingest_file(s, path).patents_added == ROWS
    raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    raw = raw[raw["申请号"] != "申请号"]
    raw = raw.assign(key=raw["申请号"].map(app_key)).drop_duplicates("key").set_index("key")
    frame = pd.DataFrame(
        {
            "main": raw["IPC主分类号"],
            "filed": [day(d) for d in raw["申请日"]],
            "forward": raw["被引证次数"].astype(int),
            "self": raw["被自引次数"].astype(int),
            "other": raw["被他引次数"].astype(int),
        }
    )
    return s, frame


def test_yearly_dataset_citations_match_pandas_and_the_rest_is_not_available(yearly):
    store, frame = yearly
    scope = resolve_scope(store)
    tables = key_patents(store, scope, limit=None, as_of=AS_OF)
    got = tables["key_patents"].set_index("application_number")
    expected = pd.DataFrame({"sub": frame["main"].str[:4], "year": [d.year for d in frame["filed"]],
                             "forward": frame["forward"]})  # fmt: skip
    expected["pct"] = mid_rank(expected, "forward")
    compare(got, expected, [("forward_citations", "forward"), ("forward_citations_pct", "pct"),
                            ("composite", "pct")])  # fmt: skip
    assert got["weight_covered"].tolist() == pytest.approx([W.forward_citations] * ROWS)
    for c in ("family_size", "claims", "in_force", "remaining_years", "litigated", "vendor_score"):
        assert got[c].isna().all(), c
    stated = section(tables["citations"], "self_citation", ["basis", "patents", "citations", "self_citations"])
    assert stated[1] == ("stated counts", ROWS, int((frame["self"] + frame["other"]).sum()), int(frame["self"].sum()))
    checks = tables["checks"].set_index("indicator")["status"]
    assert checks["forward_citations"] == "available" and checks["self_citation_stated"] == "available"
    for name in ("family_size / family_countries", "claims", "in_force", "remaining_term", "vendor_score",
                 "litigated / invalidated / licensed / transferred / pledged"):  # fmt: skip
        assert checks[name] == NOT_AVAILABLE, name


def test_every_table_is_returned_by_name(store, scope):
    tables = key_patents(store, scope, limit=3, as_of=AS_OF)
    assert list(tables) == ["key_patents", "citations", "families", "checks"]
    assert len(tables["key_patents"]) == 3
    assert set(tables["citations"]["section"]) >= {"most_cited_patent", "citing_org", "self_citation"}
