"""Layout planning: RTA by hand and by pandas, white space, partners, center coverage, teams."""

from __future__ import annotations

import pandas as pd
import pytest

from patentnav.graph.analysis.planning import (
    center_coverage,
    partner_candidates,
    specialisation,
    talent_teams,
    white_space,
)
from patentnav.graph.analysis.scope import InvalidParameterError, resolve_scope
from patentnav.ontology import entity_iri
from tests.graph.analysis.builder import Org, Pat, frames, ipc_id, load, random_sample


def test_rta_matches_hand_values(tiny_store):
    scope = resolve_scope(tiny_store, industry="construction-machinery", region="430100")
    spec = specialisation(tiny_store, scope).set_index("field")
    # market 7 patents, Changsha 3; B66C23-00: 3 in market, 2 in Changsha
    assert spec.loc["B66C23-00", "rta"] == pytest.approx((2 / 3) / (3 / 7))
    assert spec.loc["E02F9-00", "rta"] == pytest.approx((2 / 3) / (2 / 7))
    assert spec.loc["B66C1-00", "rta"] == 0
    ind = specialisation(tiny_store, scope, level="industry").set_index("field")
    assert ind.loc[entity_iri("industry", "construction-machinery"), "rta"] == pytest.approx((3 / 3) / (7 / 8))


def test_rta_matches_pandas_on_a_sample():
    patents, orgs = random_sample(seed=11)
    store = load(patents, orgs)
    pats, links = frames(patents, orgs)
    scope = resolve_scope(store, industry="rail-transit", region="430100")
    market = pats[pats.industries.map(lambda i: "rail-transit" in i)]
    home_p = set(links[links.region.isin({"430100", "430104"}) & links.patent.isin(market.patent)].patent)
    ex = market.explode("ipc").assign(field=lambda d: d.ipc.map(lambda s: ipc_id(s).split("-")[0] + "-00"))
    p_f = ex.groupby("field").patent.nunique()
    p_rf = ex[ex.patent.isin(home_p)].groupby("field").patent.nunique().reindex(p_f.index, fill_value=0)
    expected = (p_rf / len(home_p)) / (p_f / len(market))
    got = specialisation(store, scope).set_index("field")["rta"]
    pd_expected = expected.sort_index()
    assert got.sort_index().round(9).to_dict() == pd_expected.round(9).to_dict()


def test_white_space_and_partners(tiny_store):
    scope = resolve_scope(tiny_store, industry="construction-machinery", region="430100")
    ws = white_space(tiny_store, scope, min_patents=2)
    assert set(ws["field"]) == {"B66C1-00", "E02F3-00"}
    partners = partner_candidates(tiny_store, scope, min_patents=2)
    top = partners.iloc[0]
    assert top["org"] == entity_iri("org", "foreign-co") and top["weak_field_patents"] == 3
    assert set(top["fields"].split()) == {"B66C1-00", "E02F3-00"}


def test_region_analyses_need_a_region(tiny_store):
    with pytest.raises(InvalidParameterError, match="give a region"):
        specialisation(tiny_store, resolve_scope(tiny_store, industry="construction-machinery"))


def test_center_coverage_shows_planned_centers_and_gaps(tiny_store):
    cov = center_coverage(tiny_store, resolve_scope(tiny_store))
    status = {(r.industry.rsplit("/", 1)[-1], r.region.rsplit("/", 1)[-1]): r.status for r in cov.itertuples()}
    assert status[("construction-machinery", "430100")] == "planned only"
    assert status[("construction-machinery", "440300")] == "no center"  # patents there, no center serves it
    assert cov.iloc[0]["status"] == "no center"


def test_talent_teams_group_co_inventors(tiny_store):
    teams = talent_teams(tiny_store, resolve_scope(tiny_store, industry="construction-machinery"), min_patents=2)
    first = teams.iloc[0]
    # 钱七 and Taro link the Shenzhen and foreign patents: 钱七, Taro, Hanako on P4, P5, P6, P8
    assert first["size"] == 3 and first["patents"] == 4
    assert first["lead_name"] == "Taro"


def test_talent_teams_cap_keeps_the_most_recent_filing_days():
    patents, orgs = random_sample(seed=5)
    store = load(patents, orgs)
    pats, _ = frames(patents, orgs)
    pats = pats[pats["industries"].map(lambda i: "construction-machinery" in i)]
    pairs_per_day = pats.assign(n=pats["inventors"].map(len)).groupby("filed")["n"].sum().sort_index(ascending=False)
    scope = resolve_scope(store, industry="construction-machinery")
    full = talent_teams(store, scope, min_patents=1, limit=1000)
    capped = talent_teams(store, scope, min_patents=1, limit=1000, max_rows=150)
    assert not full.attrs["truncated"] and full.attrs["since"] is None
    assert capped.attrs["truncated"]
    since = pd.Timestamp(capped.attrs["since"])
    # Whole days from the latest back: the kept days fit in 150 pairs, one more day would not.
    kept = pairs_per_day[pairs_per_day.index >= since]
    assert kept.sum() <= 150 < kept.sum() + pairs_per_day[pairs_per_day.index < since].iloc[0]
    assert capped["patents"].sum() < full["patents"].sum()
    assert capped["patents"].sum() == len(pats[pats["filed"] >= since])


def test_partners_leave_out_home_organizations_and_count_joint_patents():
    orgs = [Org("h", "家乡甲公司", "430104"), Org("h2", "家乡乙公司", "430100"), Org("o1", "深圳丙公司", "440300")]
    orgs.append(Org("o2", "Overseas Corp", None, country="JP"))
    cm = ("construction-machinery",)

    def pat(n: int, applicants: tuple[str, ...], ipc: str) -> Pat:
        return Pat(f"CN20181000000{n}", f"2018-0{n}-01", applicants, (ipc,), cm, granted="2020-01-01")

    patents = [pat(1, ("h", "o1"), "B66C23/64"), pat(2, ("h", "o1"), "B66C23/64"), pat(3, ("h2",), "E02F9/20")]
    patents += [pat(n, ("o2",), "E02F3/00") for n in (4, 5, 6)] + [
        pat(7, ("o1",), "E02F3/00"),
        pat(8, ("h",), "E02F3/00"),
    ]
    store = load(patents, orgs)
    scope = resolve_scope(store, industry="construction-machinery", region="430100")
    partners = partner_candidates(store, scope, min_patents=2).set_index("org")
    # E02F3 is weak at home (1 of its 5 patents); the home company holding that one is no partner.
    assert set(partners.index) == {entity_iri("org", "o2"), entity_iri("org", "o1")}
    assert partners.loc[entity_iri("org", "o2"), "weak_field_patents"] == 3
    assert partners.loc[entity_iri("org", "o1"), "joint_patents"] == 2  # P1, P2 with the home company
    assert partners.loc[entity_iri("org", "o2"), "joint_patents"] == 0
