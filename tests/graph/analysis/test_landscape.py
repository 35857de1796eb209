"""Landscape tables: hand-computed values on the tiny graph, and a pandas cross-check on a sample."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from patentnav.graph.analysis.landscape import (
    applicant_concentration,
    applicant_origin,
    filing_trend,
    ipc_breakdown,
    legal_status_mix,
    life_cycle,
    regional_distribution,
    top_applicants,
)
from patentnav.graph.analysis.scope import resolve_scope
from patentnav.graph.ipc_titles import ipc_title, titles_available
from patentnav.ontology import entity_iri
from tests.graph.analysis.builder import Org, Pat, frames, ipc_id, load, random_sample


@pytest.fixture
def cm(tiny_store):
    return resolve_scope(tiny_store, industry="construction-machinery")


def test_trend_counts_filings_by_application_year_and_flags_the_publication_lag(tiny_store, cm):
    df = filing_trend(tiny_store, cm, as_of=date(2020, 7, 1))
    assert dict(zip(df.year, df.filings, strict=True)) == {
        2015: 1,
        2016: 1,
        2017: 1,
        2018: 1,
        2019: 2,
        2020: 1,
        2021: 0,
    }
    assert dict(zip(df.year, df.grants, strict=True))[2021] == 1  # P5 granted 2021
    # 18 months before 2020-07-01 is 2019-01: 2019 and later are incomplete, 2018 is not
    assert df.set_index("year")["incomplete"].to_dict() == {
        2015: False, 2016: False, 2017: False, 2018: False, 2019: True, 2020: True, 2021: True,
    }  # fmt: skip


def test_applicants_carry_name_and_count_and_concentration_matches_hand_values(tiny_store, cm):
    apps = top_applicants(tiny_store, cm)
    assert apps.iloc[0]["name"] == "Foreign Machinery Corp" and apps.iloc[0]["patents"] == 3
    assert dict(zip(apps.name, apps.patents, strict=True))["三一重工股份有限公司"] == 2
    c = applicant_concentration(tiny_store, cm).iloc[0]
    # counts 3,2,2,1,1 over 9 applicant-patent links
    assert c["CR4"] == pytest.approx(8 / 9)
    assert c["HHI"] == pytest.approx(10_000 * 19 / 81)
    assert c["patents"] == 7


def test_ipc_legal_status_and_regions(tiny_store, cm):
    sub = ipc_breakdown(tiny_store, cm, level="subclass").set_index("code")["patents"].to_dict()
    assert sub == {"B66C": 5, "E02F": 4}
    mg = ipc_breakdown(tiny_store, cm, level="main_group").set_index("code")["patents"].to_dict()
    assert mg == {"B66C23-00": 3, "B66C1-00": 2, "E02F3-00": 2, "E02F9-00": 2}
    # WIPO's English titles with the optional ipc-titles extra, "" without it (the column is always there)
    df = ipc_breakdown(tiny_store, cm, level="subclass")
    assert list(df.columns) == ["code", "patents", "share", "title"]
    titles = df.set_index("code")["title"].to_dict()
    if titles_available():
        assert titles["B66C"] == ipc_title("B66C") and "CRANES" in titles["B66C"] and titles["E02F"]
    else:
        assert titles == {"B66C": "", "E02F": ""}
    ls = legal_status_mix(tiny_store, cm)
    assert ls.set_index(["patentType", "legalStatus"])["patents"].to_dict() == {
        ("invention", "active"): 4, ("invention", "pending"): 2, ("utility", "inactive"): 1,
    }  # fmt: skip
    reg = regional_distribution(tiny_store, cm).set_index("code")["patents"].to_dict()
    assert reg == {"430100": 3, "440300": 2}  # the Yuelu district rolls up to Changsha


def test_a_class_given_only_to_the_subclass_keeps_its_own_code_at_main_group_level():
    orgs = [Org("acme", "Acme", "430100")]
    patents = [
        Pat("CN201710000001", "2017-01-01", ("acme",), ipc=("B66C",), industries=("construction-machinery",)),
        Pat("CN201710000002", "2017-02-01", ("acme",), ipc=("B66C23/64", "B66C23/18"), industries=("construction-machinery",)),
    ]  # fmt: skip
    store = load(patents, orgs)
    scope = resolve_scope(store, industry="construction-machinery")
    mg = ipc_breakdown(store, scope, level="main_group").set_index("code")["patents"].to_dict()
    assert mg == {"B66C": 1, "B66C23-00": 1}


def test_origin_shares_relative_to_a_home_region(tiny_store):
    scope = resolve_scope(tiny_store, industry="construction-machinery", region="430100")
    o = applicant_origin(tiny_store, scope).set_index("category")["patents"].to_dict()
    assert o == {"home": 3, "out_of_region": 4, "domestic_out": 2, "foreign": 3, "unknown": 0}


def test_life_cycle_stages_follow_filings_and_applicants():
    # 3 applicants x 2 filings a year for 2010-2012, then 6 applicants x 3 a year for 2013-2015: growth;
    # then 2016-2018 one applicant with 2 a year: decline.
    from tests.graph.analysis.builder import Org, Pat

    orgs = [Org(f"o{i}", f"申请人{i}", "430100") for i in range(6)]
    pats, n = [], 0
    for year, applicants, per in (
        [(y, 3, 2) for y in (2010, 2011, 2012)]
        + [(y, 6, 3) for y in (2013, 2014, 2015)]
        + [(y, 1, 2) for y in (2016, 2017, 2018)]
    ):
        for a in range(applicants):
            for _ in range(per):
                n += 1
                pats.append(Pat(f"CN{year}0{n:07d}", f"{year}-05-01", (f"o{a}",), ("B66C23/64",)))
    store = load(pats, orgs)
    df = life_cycle(store, resolve_scope(store), as_of=date(2024, 1, 1)).set_index("year")
    assert df.loc[2015, "stage"] == "growth"
    assert df.loc[2018, "stage"] == "decline"
    assert pd.isna(df.loc[2012, "stage"])  # not enough history


def test_landscape_matches_an_independent_pandas_computation():
    patents, orgs = random_sample()
    store = load(patents, orgs)
    pats, links = frames(patents, orgs)
    scope = resolve_scope(store, industry="construction-machinery", start="2010", end="2019")
    sel = pats[pats.industries.map(lambda i: "construction-machinery" in i) & pats.year.between(2010, 2019)]
    sel_links = links[links.patent.isin(sel.patent)]

    trend = filing_trend(store, scope).set_index("year")["filings"]
    assert trend[trend > 0].to_dict() == sel.groupby("year").size().to_dict()

    counts = sel_links.groupby("applicant").patent.nunique().sort_values(ascending=False)
    apps = top_applicants(store, scope, limit=None)
    assert dict(zip(apps.applicant, apps.patents, strict=True)) == {entity_iri("org", a): n for a, n in counts.items()}
    shares = counts / counts.sum()
    c = applicant_concentration(store, scope).iloc[0]
    assert c["HHI"] == pytest.approx(((100 * shares) ** 2).sum())
    assert c["CR4"] == pytest.approx(shares.sort_values(ascending=False).head(4).sum())
    assert c["CR8"] == pytest.approx(shares.sort_values(ascending=False).head(8).sum())

    sub = sel.explode("ipc").assign(code=lambda d: d.ipc.map(lambda s: ipc_id(s)[:4]))
    expected = sub.groupby("code").patent.nunique().to_dict()
    assert ipc_breakdown(store, scope).set_index("code")["patents"].to_dict() == expected

    status = sel.groupby(["type", "status"]).size().to_dict()
    got = legal_status_mix(store, scope).set_index(["patentType", "legalStatus"])["patents"].to_dict()
    assert got == status

    # out-of-region and foreign shares for Changsha (430100 and its district 430104)
    home = {"430100", "430104"}
    market = pats[pats.industries.map(lambda i: "construction-machinery" in i) & pats.year.between(2010, 2019)]
    ml = links[links.patent.isin(market.patent)]
    home_p = set(ml[ml.region.isin(home)].patent)
    foreign_p = set(ml[ml.country != "CN"].patent)
    scope_r = resolve_scope(store, industry="construction-machinery", region="430100", start="2010", end="2019")
    o = applicant_origin(store, scope_r).set_index("category")
    assert o.loc["home", "patents"] == len(home_p)
    assert o.loc["out_of_region", "share"] == pytest.approx(1 - len(home_p) / len(market))
    assert o.loc["foreign", "share"] == pytest.approx(len(foreign_p) / len(market))
    assert isinstance(o, pd.DataFrame)
