"""The patent-operations early warnings: suits and requests against home enterprises, licences in.

Both look at the legal events of the market's patents (the scope's industry and period over all
regions) and need a region; a field no loaded source gives makes the check "not applicable".
"""

from __future__ import annotations

import pandas as pd

from patentnav.graph.analysis.landscape import home_regions
from patentnav.graph.analysis.scope import Scope, run_sql
from patentnav.graph.analysis.warnings.model import (
    CONTEST_KINDS,
    NOT_AVAILABLE,
    CheckNotApplicable,
    EarlyWarning,
    Evidence,
    Findings,
    WarningThresholds,
)
from patentnav.graph.store import PatentStore

__all__ = ["licence_dependence", "litigation_rising"]


def litigation_rising(store: PatentStore, scope: Scope, t: WarningThresholds | None = None) -> Findings:
    """Suits and invalidation or re-examination requests against home enterprises rising.

    Definitions
    -----------
    In the market (the scope's industry and period over all regions): suits (诉讼) whose defendants
    (``pnav:toParty``) include a home enterprise, and invalidation or re-examination requests (无效宣告请求,
    复审请求) against a patent held by one (current holders, else applicants); a home enterprise is an
    organisation located in the region with ``pnav:organizationType`` ``enterprise``. Events are counted as
    :mod:`~patentnav.graph.analysis.operations` counts them (the stated count, at least 1), each once, in the
    year of its date. With ``R`` = ``litigation_recent_years`` ending at ``E`` (``litigation_end_year``, default
    the latest year of the market's dated suits and requests) and ``B`` = ``litigation_baseline_years`` before:
    ``ratio = (n_recent / R) / (max(n_baseline, 1) / B)``. Fires when ``ratio >= litigation_ratio`` and
    ``n_recent >= litigation_min_recent``; severity high at twice the ratio. Evidence: the home enterprises
    with most recent events. Undated events cannot be placed in time and are left out (the detail counts them).

    Raises
    ------
    CheckNotApplicable
        The market's patents have no suit or request (not available in the loaded sources), or none of them
        has a date: "the loaded sources give no event dates" -- a trend cannot be read from undated events,
        and no zero stands in for them.
    """
    t = t or WarningThresholds()
    market = scope.without_region()
    data = run_sql(store, "warnings_event_data.sql", market, kinds=list(CONTEST_KINDS))
    if data.empty:
        raise CheckNotApplicable(
            f"{NOT_AVAILABLE}: no litigation, invalidation or re-examination event for the market's patents"
        )
    total, dated = int(data["events"].sum()), int(data["dated"].sum())
    if dated == 0:
        raise CheckNotApplicable(
            f"the loaded sources give no event dates ({total} litigation, invalidation or re-examination events, "
            "none dated)"
        )
    rows = run_sql(store, "warnings_litigation_years.sql", market, home=home_regions(scope))
    end = t.litigation_end_year if t.litigation_end_year is not None else int(data["last_year"].max())
    split = end - t.litigation_recent_years
    first = split - t.litigation_baseline_years + 1
    totals = rows[rows["org"].isna()]
    per_org = rows[rows["org"].notna()]
    undated = int(totals.loc[totals["year"].isna(), "events"].sum())

    recent = int(_in_years(totals, split + 1, end).sum())
    baseline = int(_in_years(totals, first, split).sum())
    ratio = (recent / t.litigation_recent_years) / (max(baseline, 1) / t.litigation_baseline_years)
    detail = (
        f"{recent} events against home enterprises in {split + 1}-{end}, {baseline} in {first}-{split} "
        f"(ratio {ratio:.2f}); {undated} undated not counted"
    )
    if ratio < t.litigation_ratio or recent < t.litigation_min_recent:
        return Findings([], detail=detail)
    warning = EarlyWarning(
        kind="litigation_rising",
        severity="high" if ratio >= 2 * t.litigation_ratio else "medium",
        title_zh="针对本地企业的诉讼与无效请求增多",
        title_en="Suits and invalidation requests against home enterprises rising",
        subject=scope.region,
        metric="recent/baseline yearly suits and invalidation requests against home enterprises",
        value=round(ratio, 4),
        threshold=t.litigation_ratio,
        message=(
            f"{recent} suits and invalidation or re-examination requests against enterprises in {scope.region_id} "
            f"in {split + 1}-{end} against {baseline} in {first}-{split} ({ratio:.1f}x the yearly baseline)"
            + (f"; {undated} more without a date" if undated else "")
        ),
        evidence=_litigation_evidence(per_org, (first, split, end)),
    )
    return Findings([warning], detail=detail)


def _in_years(df: pd.DataFrame, lo: int, hi: int) -> pd.Series:
    """Each row's ``events`` when its ``year`` is in ``lo``-``hi`` (inclusive), else 0."""
    years = df["year"]
    return df["events"].where(years.notna() & (years >= lo) & (years <= hi), 0)


def _litigation_evidence(per_org: pd.DataFrame, years: tuple[int, int, int]) -> list[Evidence]:
    """The five home enterprises with most recent events (baseline ``first``-``split``, recent to ``end``)."""
    first, split, end = years
    orgs = per_org.assign(recent=_in_years(per_org, split + 1, end), baseline=_in_years(per_org, first, split))
    by_org = orgs.groupby("org").agg(name=("name", "first"), recent=("recent", "sum"), baseline=("baseline", "sum"))
    kinds = orgs[orgs["recent"] > 0].groupby("org")["kind"].agg(lambda k: " ".join(sorted(set(k))))
    by_org = by_org[by_org["recent"] > 0].sort_values(["recent", "baseline"], ascending=[False, True], kind="stable")
    return [
        Evidence(
            org,
            r["name"] or org.rsplit("/", 1)[-1],
            "org",
            {
                "recent_events": int(r["recent"]),
                "baseline_events": int(r["baseline"]),
                "recent_years": f"{split + 1}-{end}",
                "baseline_years": f"{first}-{split}",
                "kinds": kinds.get(org, ""),
            },
        )
        for org, r in by_org.head(5).iterrows()
    ]


def licence_dependence(store: PatentStore, scope: Scope, t: WarningThresholds | None = None) -> Findings:
    """Dependence on licences in from outside the region.

    Definitions
    -----------
    In the market (the scope's industry and period over all regions), the patents licensed (许可) to a home
    licensee (``pnav:toParty`` located in the region): ``in_from_outside`` = those with a licensor placed
    outside the region (located in another region, or of a country other than CN), ``placed`` = those with a
    licensor whose place is known (outside or at home). ``share = in_from_outside / placed``. Fires when
    ``share >= licence_in_share`` and ``in_from_outside >= licence_in_min``; severity high when the share is at
    least halfway from the threshold to 1. Licence parties are not paired in the exports, so a licence with
    licensors both at home and outside counts as from outside. The message gives the balance: patents home
    licensors licensed to licensees outside. Evidence: the outside licensors with most patents licensed in.

    Raises
    ------
    CheckNotApplicable
        The market's patents have no licence event (not available in the loaded sources), or no licensor of a
        home licensee has a known place.
    """
    t = t or WarningThresholds()
    market = scope.without_region()
    home = home_regions(scope)
    s = run_sql(store, "warnings_licences.sql", market, home=home).iloc[0]
    if int(s["market_licences"]) == 0:
        raise CheckNotApplicable(f"{NOT_AVAILABLE}: no licence event for the market's patents")
    home_in, outside = int(s["home_in"]), int(s["in_from_outside"])
    placed = home_in - int(s["in_unplaced"])
    if home_in == 0:
        return Findings([], detail=f"no home licensee among {int(s['market_licences'])} licensed market patents")
    if placed == 0:
        raise CheckNotApplicable(
            f"the loaded sources give no place for the licensors of the {home_in} patents licensed to home licensees"
        )
    share = outside / placed
    detail = (
        f"{outside} of {placed} patents licensed to home licensees come from outside ({share:.0%}); "
        f"{int(s['out_to_outside'])} licensed out"
    )
    if share < t.licence_in_share or outside < t.licence_in_min:
        return Findings([], detail=detail)
    licensors = run_sql(store, "warnings_licensors.sql", market, home=home, limit=5)
    threshold = t.licence_in_share
    warning = EarlyWarning(
        kind="licence_dependence",
        severity="high" if share >= threshold + (1 - threshold) / 2 else "medium",
        title_zh="依赖区域外许可",
        title_en="Dependence on licences in from outside",
        subject=scope.region,
        metric="share of patents licensed to home licensees from licensors outside the region",
        value=round(share, 6),
        threshold=threshold,
        message=(
            f"{outside} of {placed} patents licensed to licensees in {scope.region_id} ({share:.0%}) come from "
            f"licensors outside it ({int(s['in_from_foreign'])} from abroad); home licensors licensed "
            f"{int(s['out_to_outside'])} patents out"
        ),
        evidence=_licensor_evidence(licensors, placed),
    )
    return Findings([warning], detail=detail)


def _licensor_evidence(licensors: pd.DataFrame, placed: int) -> list[Evidence]:
    """The outside licensors with their patents and events licensed in, place and share of the ``placed``."""
    return [
        Evidence(
            r["licensor"],
            r["name"] or r["licensor"].rsplit("/", 1)[-1],
            "licensor",
            {
                "patents": int(r["patents"]),
                "events": int(r["events"]),
                "country": r["country"],
                "region": str(r["region"]).rsplit("/", 1)[-1] if r["region"] else None,
                "share": round(int(r["patents"]) / placed, 6),
            },
        )
        for r in licensors.to_dict("records")
    ]
