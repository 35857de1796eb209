"""Cross-check: analyses over an ingested export agree with pandas over the same file.

A synthetic CNIPA-layout export (graph/ingest/synthetic.py, labelled synthetic) is read by
the real ingest reader into a store seeded with the pilot graph; the analyses run on the
store. Independently, pandas reads the same CSV and the bundled IPC -> industry
concordance and recomputes counts, shares, CR4/CR8, HHI, RTA and the filing trend from
the file's own columns -- no patentnav code touches that side. Any disagreement means the
reader, the RDF mapping, a SPARQL query or an analysis definition is wrong.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from patentnav.graph.analysis.landscape import applicant_concentration, filing_trend, top_applicants
from patentnav.graph.analysis.planning import specialisation
from patentnav.graph.analysis.scope import resolve_scope
from patentnav.graph.bootstrap import ensure_seeded
from patentnav.graph.ingest.loader import ingest_file
from patentnav.graph.ingest.synthetic import write_export
from patentnav.graph.store import open_store

ROWS, SEED = 1500, 7
INDUSTRY, HOME_CITY, HOME_CODE = "construction-machinery", "长沙市", "430100"
CONCORDANCE = Path(__file__).resolve().parents[3] / "data" / "reference" / "ipc_industry.csv"


@pytest.fixture(scope="module")
def export(tmp_path_factory) -> Path:
    return write_export("cnipa", tmp_path_factory.mktemp("crosscheck") / "synthetic_cnipa.csv", rows=ROWS, seed=SEED)


@pytest.fixture(scope="module")
def store(export):
    s = open_store("memory://")
    ensure_seeded(s)
    result = ingest_file(s, export)
    assert result.rows_rejected == 0 and result.patents_added == ROWS
    return s


# ---- the independent side: pandas over the CSV and the concordance, nothing else ----------


def _in_industry(codes: set[str], symbols: list[str]) -> bool:
    """IPC hierarchy by notation: a subclass covers its codes, a main group X/00 its subgroups."""
    for sym in symbols:
        for code in codes:
            if len(sym) == 4 and code[:4] == sym:
                return True
            if sym.endswith("/00") and code.split("/")[0] == sym.split("/")[0]:
                return True
            if code == sym:
                return True
    return False


@pytest.fixture(scope="module")
def frame(export) -> pd.DataFrame:
    df = pd.read_csv(export, dtype=str, keep_default_na=False)
    conc = pd.read_csv(CONCORDANCE, comment="#", dtype=str)
    symbols = conc.loc[conc["industry"] == INDUSTRY, "ipc"].tolist()
    df["applicants"] = df["申请(专利权)人"].str.split(";")
    df["codes"] = [
        {c.strip() for c in f"{a};{b}".split(";") if c.strip()}
        for a, b in zip(df["IPC分类号"], df["主分类号"], strict=True)
    ]
    df["year"] = df["申请日"].str[:4].astype(int)
    df["in_industry"] = [_in_industry(c, symbols) for c in df["codes"]]
    # The address column describes the first applicant; an applicant is at home when any
    # row where it comes first puts it in the home city.
    first = df.assign(first=df["applicants"].str[0])
    home_orgs = set(first.loc[first["申请人地址"].str.contains(HOME_CITY), "first"])
    df["home"] = [any(a in home_orgs for a in apps) for apps in df["applicants"]]
    return df


@pytest.fixture(scope="module")
def industry_frame(frame) -> pd.DataFrame:
    return frame[frame["in_industry"]]


# ---- the comparisons ----------------------------------------------------------------------


def test_the_sample_is_big_enough_to_mean_something(industry_frame):
    assert len(industry_frame) > 200 and industry_frame["home"].sum() > 20


def test_applicant_counts_and_shares(store, industry_frame):
    scope = resolve_scope(store, industry=INDUSTRY)
    got = top_applicants(store, scope, limit=None)
    expected = industry_frame.explode("applicants").groupby("applicants").size()
    assert dict(zip(got["name"], got["patents"], strict=True)) == expected.to_dict()
    shares = dict(zip(got["name"], got["share"], strict=True))
    for name, n in expected.items():
        assert shares[name] == pytest.approx(n / len(industry_frame))


def test_concentration_cr4_cr8_hhi(store, industry_frame):
    got = applicant_concentration(store, resolve_scope(store, industry=INDUSTRY)).iloc[0]
    counts = industry_frame.explode("applicants").groupby("applicants").size().sort_values(ascending=False)
    s = counts / counts.sum()
    assert got["patents"] == len(industry_frame)
    assert got["applicants"] == len(counts)
    assert got["CR4"] == pytest.approx(s.iloc[:4].sum())
    assert got["CR8"] == pytest.approx(s.iloc[:8].sum())
    assert got["HHI"] == pytest.approx(((100 * s) ** 2).sum())


def test_filing_trend(store, industry_frame):
    got = filing_trend(store, resolve_scope(store, industry=INDUSTRY))
    expected = industry_frame.groupby("year").size()
    filed = got[got["filings"] > 0]  # later years appear with grants only
    assert dict(zip(filed["year"], filed["filings"], strict=True)) == expected.to_dict()


def test_rta_by_main_group(store, industry_frame):
    got = specialisation(store, resolve_scope(store, industry=INDUSTRY, region=HOME_CODE)).set_index("field")
    rows = industry_frame.explode("codes")
    rows = rows.assign(field=rows["codes"].str.split("/").str[0] + "-00")
    per_field = rows.groupby("field")["申请号"].nunique()
    home_per_field = rows[rows["home"]].groupby("field")["申请号"].nunique()
    total, home_total = len(industry_frame), int(industry_frame["home"].sum())
    assert got.attrs["market_patents"] == total and got.attrs["region_patents"] == home_total
    assert set(got.index) == set(per_field.index)
    for field, n in per_field.items():
        h = int(home_per_field.get(field, 0))
        assert got.loc[field, "patents"] == n and got.loc[field, "region_patents"] == h, field
        assert got.loc[field, "rta"] == pytest.approx((h / home_total) / (n / total)), field
