"""The key-patent early warnings: the region's key patents lapsing or ending, and leaving the region.

Both look at the region's key patents (:func:`~patentnav.graph.analysis.key_patents.rank_key_patents`);
a field no loaded source gives makes the check "not applicable" with the reason, never "clear".
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd

from patentnav.graph.analysis.key_patents import rank_key_patents
from patentnav.graph.analysis.landscape import home_regions
from patentnav.graph.analysis.scope import Scope, run_sql
from patentnav.graph.analysis.warnings.expiry import add_years
from patentnav.graph.analysis.warnings.model import (
    NOT_AVAILABLE,
    CheckNotApplicable,
    EarlyWarning,
    Evidence,
    Findings,
    WarningThresholds,
)
from patentnav.graph.store import PatentStore

__all__ = ["key_patent_expiry", "key_patent_transfer_out"]


def _names(frame: pd.DataFrame, limit: int = 3) -> str:
    """The first ``limit`` organisations of a frame (``name``, else the IRI's id), and how many more."""
    names = [
        n if isinstance(n, str) and n else str(o).rsplit("/", 1)[-1]
        for o, n in zip(frame["org"], frame["name"], strict=True)
    ]
    names = list(dict.fromkeys(names))
    more = f" +{len(names) - limit}" if len(names) > limit else ""
    return ", ".join(names[:limit]) + more


def _home_key_patents(
    store: PatentStore, scope: Scope, t: WarningThresholds, as_of: date
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The region's key patents (best ``t.key_patents`` of the ranking) and their holders and transferees.

    Both key-patent checks ask for them; the analytic tables count them once (their kept answers).
    """
    ranked = rank_key_patents(store, scope, limit=t.key_patents, as_of=as_of)
    parties = run_sql(
        store, "warnings_key_holders.sql", Scope(), patents=ranked["patent"].tolist(), home=home_regions(scope)
    )
    for column in ("home", "known"):
        parties[column] = parties[column].fillna(False).astype(bool)
    return ranked, parties


def key_patent_expiry(
    store: PatentStore,
    scope: Scope,
    t: WarningThresholds | None = None,
    *,
    as_of: date | None = None,
) -> Findings:
    """Key patents of home holders that lapse or reach the end of their term within ``expiry_years``.

    Definitions
    -----------
    Key patents: the ``key_patents`` best of the region's patents in the key-patent ranking
    (:func:`~patentnav.graph.analysis.key_patents.rank_key_patents`, default weights, ``as_of``). Of a home
    holder: one of its current holders (``pnav:currentHolder``), else of its applicants when the files name no
    current holder, is located in the region. Counted among those in force (legal status ``active``) whose
    ``term_end`` lies in (``as_of``, ``as_of`` + ``expiry_years``]: the stated lapse date (失效日) when an
    export gives one, else the filing date plus the statutory term (Patent Law of the PRC Art. 42). Fires at
    ``key_expiry_min`` such patents; severity high from ``key_expiry_high``. Evidence: each of them, earliest
    end first, with its rank, composite, term end, its basis and holders. A key patent's value leaves the
    region's portfolio with it: renew, replace (follow-up filings) or license in time.

    Raises
    ------
    CheckNotApplicable
        No key patent of a home holder has a known legal status (not available in the loaded sources).
    """
    t = t or WarningThresholds()
    as_of = as_of or date.today()
    end = add_years(as_of, t.expiry_years)
    ranked, parties = _home_key_patents(store, scope, t, as_of)
    holders = parties[parties["role"] == "holder"]
    home = set(holders.loc[holders["home"], "patent"])
    key = ranked[ranked["patent"].isin(home)]
    if key.empty:
        return Findings([], detail=f"none of the {len(ranked)} key patents has a home holder")
    known = key[key["in_force"].notna()]
    if known.empty:
        raise CheckNotApplicable(
            f"{NOT_AVAILABLE}: no legal status for the {len(key)} key patents of home holders (pnav:legalStatus)"
        )
    in_force = known[known["in_force"] == 1]
    # A boolean Series, not a list: an empty list would select no columns of in_force instead of no rows.
    due = in_force[in_force["term_end"].map(lambda e: e is not None and as_of < e <= end).astype(bool)]
    due = due.sort_values(["term_end", "rank"], kind="stable")
    detail = (
        f"{len(due)} of {len(in_force)} key patents of home holders in force end by {end}"
        f" ({len(key) - len(known)} of unknown status not assessed)"
    )
    if len(due) < t.key_expiry_min:
        return Findings([], detail=detail)

    warning = EarlyWarning(
        kind="key_patent_expiry",
        severity="high" if len(due) >= t.key_expiry_high else "medium",
        title_zh="核心专利即将失效或到期",
        title_en="Key patents lapsing or reaching the end of their term",
        subject=scope.region,
        metric=f"key patents of home holders in force ending by {end}",
        value=float(len(due)),
        threshold=float(t.key_expiry_min),
        message=(
            f"{len(due)} of the {len(in_force)} key patents of home holders in force (top {t.key_patents} of the "
            f"ranking) lapse or reach the end of their term between {as_of} and {end}, the first on "
            f"{due.iloc[0]['term_end']}"
        ),
        evidence=_expiry_evidence(due, holders),
    )
    return Findings([warning], detail=detail)


def _term_basis(r: dict[str, Any]) -> str:
    """Whether a key patent's ``term_end`` is its statutory term or a stated lapse date."""
    filed, years = r["application_date"], r["term_years"]
    statutory = add_years(filed, int(years)) if filed is not None and years is not None else None
    return "statutory term" if statutory == r["term_end"] else "lapse date stated"


def _expiry_evidence(due: pd.DataFrame, holders: pd.DataFrame) -> list[Evidence]:
    """Each ending key patent with its rank, composite, term end and its basis, type and holders."""
    evidence = []
    for r in due.to_dict("records"):
        mine = holders[holders["patent"] == r["patent"]]
        evidence.append(
            Evidence(
                r["patent"],
                r["title"] or r["application_number"],
                "patent",
                {
                    "rank": int(r["rank"]),
                    "composite": round(float(r["composite"]), 4),
                    "term_end": str(r["term_end"]),
                    "basis": _term_basis(r),
                    "type": r["patent_type"],
                    "holders": _names(mine),
                },
            )
        )
    return evidence


def key_patent_transfer_out(
    store: PatentStore,
    scope: Scope,
    t: WarningThresholds | None = None,
    *,
    as_of: date | None = None,
) -> Findings:
    """The region's key patents transferred out of the region.

    Definitions
    -----------
    Key patents as in :func:`key_patent_expiry` (every one has an applicant in the region). Transferred out:
    a transfer event of the patent (转让) names a transferee placed outside the region (located in a region
    that is not the home region or below it, or of a country other than CN) -- basis ``transfer event``; or
    the files name the patent's current holders and none of them is at home while one is placed -- basis
    ``current holder``. Exports list a transfer's parties per side without pairing them, so a transfer
    chain through an outside party counts. Fires at ``key_transfer_min`` such patents; severity high from
    ``key_transfer_high``. Evidence: each patent with its rank, basis and where it went.

    Raises
    ------
    CheckNotApplicable
        The market's patents have no transfer event and the key patents no current holder (not available in
        the loaded sources), or no transferee of a key patent has a known place.
    """
    t = t or WarningThresholds()
    as_of = as_of or date.today()
    ranked, parties = _home_key_patents(store, scope, t, as_of)
    events = run_sql(store, "warnings_event_data.sql", scope.without_region(), kinds=["transfer"])
    current = parties[(parties["role"] == "holder") & (parties["basis"] == "current holder")]
    if events.empty and current.empty:
        raise CheckNotApplicable(
            f"{NOT_AVAILABLE}: no transfer event for the market's patents and no current holder for the key patents"
        )
    transferees = parties[parties["role"] == "transferee"]
    if len(transferees) and not transferees["known"].any() and current.empty:
        raise CheckNotApplicable(
            f"the loaded sources give no place for the transferees of the {transferees['patent'].nunique()} "
            "transferred key patents"
        )
    out = _transferred_out(transferees, current)
    moved = ranked[ranked["patent"].isin(out)]
    detail = (
        f"{len(moved)} of {len(ranked)} key patents left the region "
        f"({transferees['patent'].nunique()} with a transfer event, {current['patent'].nunique()} with current holders)"
    )
    if len(moved) < t.key_transfer_min:
        return Findings([], detail=detail)
    warning = EarlyWarning(
        kind="key_patent_transfer_out",
        severity="high" if len(moved) >= t.key_transfer_high else "medium",
        title_zh="核心专利转出本区域",
        title_en="Key patents transferred out of the region",
        subject=scope.region,
        metric="key patents transferred out of the region",
        value=float(len(moved)),
        threshold=float(t.key_transfer_min),
        message=(
            f"{len(moved)} of the region's {len(ranked)} key patents (top {t.key_patents} of the ranking) went to "
            f"holders outside {scope.region_id}: {_names(pd.concat([rows for _, rows in out.values()]))}"
        ),
        evidence=_transfer_evidence(moved, out),
    )
    return Findings([warning], detail=detail)


def _transferred_out(transferees: pd.DataFrame, current: pd.DataFrame) -> dict[str, tuple[str, pd.DataFrame]]:
    """Per key patent that left the region: the basis (transfer event, else current holder) and where it went."""
    out: dict[str, tuple[str, pd.DataFrame]] = {}
    gone = transferees[transferees["known"] & ~transferees["home"]]
    for patent, rows in gone.groupby("patent", sort=False):
        out[patent] = ("transfer event", rows)
    for patent, rows in current.groupby("patent", sort=False):
        if patent not in out and not rows["home"].any() and rows["known"].any():
            out[patent] = ("current holder", rows)
    return out


def _transfer_evidence(moved: pd.DataFrame, out: dict[str, tuple[str, pd.DataFrame]]) -> list[Evidence]:
    """Each key patent that left with its rank, composite, basis, new holders and their places, and applicant."""
    evidence = []
    for r in moved.to_dict("records"):
        basis, rows = out[r["patent"]]
        places = sorted({str(x).rsplit("/", 1)[-1] for x in rows["region"].dropna()} | set(rows["country"].dropna()))
        evidence.append(
            Evidence(
                r["patent"],
                r["title"] or r["application_number"],
                "patent",
                {
                    "rank": int(r["rank"]),
                    "composite": round(float(r["composite"]), 4),
                    "basis": basis,
                    "to": _names(rows),
                    "places": " ".join(places),
                    "applicant": r["applicant_name"],
                },
            )
        )
    return evidence
