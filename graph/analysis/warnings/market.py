"""The market-level early warnings: competitor surge, dependence, concentration, weak key fields.

They look at the scope's industry and period over all regions; the region is the one whose
exposure is assessed.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from patentnav.graph.analysis.landscape import (
    applicant_origin,
    concentration_from_counts,
    holder_counts,
    home_regions,
    ranked_holders,
    yearly_counts,
)
from patentnav.graph.analysis.planning import specialisation
from patentnav.graph.analysis.scope import EmptyScopeError, Scope, run_sql
from patentnav.graph.analysis.warnings.model import EarlyWarning, Evidence, WarningThresholds
from patentnav.graph.ipc_titles import short_title, title_for, titled
from patentnav.graph.store import PatentStore

__all__ = ["competitor_surge", "concentration_risk", "dependence", "weak_key_fields"]


def _applicant_info(store: PatentStore, iris: list[str], home: list[str]) -> dict[str, dict[str, Any]]:
    """Name, country and whether it is in the home regions, per applicant IRI."""
    if not iris:
        return {}
    df = run_sql(store, "warnings_applicant_info.sql", Scope(), applicants=list(iris), home=home)
    return {r["applicant"]: r for r in df.to_dict("records")}


def competitor_surge(store: PatentStore, scope: Scope, t: WarningThresholds | None = None) -> list[EarlyWarning]:
    """Applicants whose recent filings jumped against their own baseline.

    Definitions
    -----------
    With ``R`` recent years ending at ``E`` and ``B`` baseline years before them, an
    applicant's recent mean is ``r = n_recent / R`` and its baseline mean
    ``b = max(n_baseline, 1) / B``. ``ratio = r / b``. The Poisson z-score
    ``z = (n_recent - R b) / sqrt(R b)`` says how unlikely the recent count is at the
    baseline rate. A warning fires when ``ratio >= surge_ratio`` and ``n_recent >=
    surge_min_recent``; severity is high when ``ratio >= 2 surge_ratio``. Recent years inside
    the ~18-month publication lag are undercounted, which makes the check conservative.

    Evidence: the applicant (name, recent and baseline counts, ratio, z, whether it is in
    the scope's region).
    """
    t = t or WarningThresholds()
    market = scope.without_region()
    end = t.surge_end_year if t.surge_end_year is not None else _latest_filing_year(store, market)
    first = end - t.surge_recent_years - t.surge_baseline_years + 1
    split = end - t.surge_recent_years
    candidates = run_sql(
        store,
        "warnings_surge_candidates.sql",
        market,
        first_year=first,
        split=split,
        last_year=end,
        recent_years=t.surge_recent_years,
        baseline_years=t.surge_baseline_years,
        surge_ratio=t.surge_ratio,
        min_recent=t.surge_min_recent,
    )
    if candidates.empty:
        return []
    # The SQL kept the applicants over both thresholds; their rates are computed here for the message.
    fired = _surge_rates(candidates.set_index("applicant"), t).sort_values(["ratio", "recent"], ascending=False)
    info = _applicant_info(store, fired.index.tolist(), home_regions(scope))
    windows = {"recent_years": f"{split + 1}-{end}", "baseline_years": f"{first}-{split}"}
    return [
        _surge_warning(iri, row, info.get(iri, {}), windows, t, in_scope_region=bool(scope.region))
        for iri, row in fired.iterrows()
    ]


def _latest_filing_year(store: PatentStore, market: Scope) -> int:
    """The market's latest application year: the end of the surge check's recent window by default."""
    yearly = yearly_counts(store, market)
    years = yearly.loc[yearly["filings"].notna(), "year"]
    if years.empty:
        raise EmptyScopeError("no dated patents in the market to look for filing surges")
    return int(years.max())


def _surge_rates(per: pd.DataFrame, t: WarningThresholds) -> pd.DataFrame:
    """Per applicant (the index), from its ``recent`` and ``baseline`` filings: yearly means, ratio and z.

    The SQL that picks the candidates (``warnings_surge_candidates.sql``) computes the ratio it tests the same way.
    """
    per = per[["recent", "baseline"]].astype("int64")
    per["r"] = per["recent"] / t.surge_recent_years
    per["b"] = per["baseline"].clip(lower=1) / t.surge_baseline_years
    per["ratio"] = per["r"] / per["b"]
    expected = t.surge_recent_years * per["b"]
    per["z"] = (per["recent"] - expected) / expected.pow(0.5)
    return per


def _surge_warning(
    iri: str,
    row: pd.Series,
    meta: dict[str, Any],
    windows: dict[str, str],
    t: WarningThresholds,
    *,
    in_scope_region: bool,
) -> EarlyWarning:
    """The surge warning for one applicant (its ``row`` of :func:`_surge_rates`), with it as the evidence."""
    name = meta.get("name") or iri.rsplit("/", 1)[-1]
    in_region = bool(meta.get("inRegion")) if in_scope_region else None
    return EarlyWarning(
        kind="competitor_surge",
        severity="high" if row["ratio"] >= 2 * t.surge_ratio else "medium",
        title_zh="竞争者申请激增",
        title_en="Competitor filing surge",
        subject=iri,
        metric="recent/baseline yearly filings",
        value=round(float(row["ratio"]), 4),
        threshold=t.surge_ratio,
        message=(
            f"{name} filed {int(row['recent'])} patents in {windows['recent_years']} against "
            f"{int(row['baseline'])} in {windows['baseline_years']} "
            f"({row['ratio']:.1f}x its yearly baseline, z={row['z']:.1f})"
        ),
        evidence=[
            Evidence(
                iri=iri,
                label=name,
                role="applicant",
                values={
                    "recent_filings": int(row["recent"]),
                    "baseline_filings": int(row["baseline"]),
                    **windows,
                    "ratio": round(float(row["ratio"]), 4),
                    "z": round(float(row["z"]), 4),
                    "country": meta.get("country"),
                    "in_region": in_region,
                },
            )
        ],
    )


def dependence(store: PatentStore, scope: Scope, t: WarningThresholds | None = None) -> list[EarlyWarning]:
    """Dependence on out-of-region and foreign holders.

    Definitions
    -----------
    In the market (scope's industry and period, all regions): ``out_of_region share`` = patents
    with no applicant in the region / market patents; ``foreign share`` = patents with an
    applicant whose country is not CN / market patents (see
    :func:`~patentnav.graph.analysis.landscape.applicant_origin`). Fires on
    ``dependence_share`` and ``foreign_share``; severity high when the share is at least
    halfway from the threshold to 1. Evidence: the largest outside (resp. foreign) holders.
    """
    t = t or WarningThresholds()
    origin = applicant_origin(store, scope).set_index("category")
    total = origin.attrs["market_patents"]
    holders = run_sql(store, "warnings_outside_holders.sql", scope.without_region(), home=home_regions(scope), limit=50)
    out = []
    for category, threshold, zh, en, foreign_only in (
        (
            "out_of_region",
            t.dependence_share,
            "对区域外权利人的依赖",
            "Dependence on holders outside the region",
            False,
        ),
        ("foreign", t.foreign_share, "对境外权利人的依赖", "Dependence on foreign holders", True),
    ):
        share = float(origin.loc[category, "share"])
        if share < threshold:
            continue
        rows = holders[holders["country"].fillna("CN") != "CN"] if foreign_only else holders
        evidence = [
            Evidence(
                r["applicant"],
                r["name"],
                "holder",
                {"patents": int(r["patents"]), "country": r["country"], "share": round(int(r["patents"]) / total, 6)},
            )
            for r in rows.head(5).to_dict("records")
        ]
        out.append(
            EarlyWarning(
                kind=f"dependence_{category}",
                severity="high" if share >= threshold + (1 - threshold) / 2 else "medium",
                title_zh=zh,
                title_en=en,
                subject=scope.region,
                metric=f"{category} share of market patents",
                value=round(share, 6),
                threshold=threshold,
                message=(
                    f"{int(origin.loc[category, 'patents'])} of {total} market patents ({share:.0%}) are "
                    + (
                        "held with a foreign applicant"
                        if foreign_only
                        else f"held without an applicant in {scope.region_id}"
                    )
                ),
                evidence=evidence,
            )
        )
    return out


def concentration_risk(store: PatentStore, scope: Scope, t: WarningThresholds | None = None) -> list[EarlyWarning]:
    """Concentration of the market's patents in few applicants' hands (HHI above a threshold).

    Definitions
    -----------
    HHI and CR4 as in :func:`~patentnav.graph.analysis.landscape.concentration_from_counts`
    over the market (industry and period, all regions). Fires when ``HHI >= hhi``; severity
    high when ``HHI >= hhi_high``. Evidence: the four largest applicants with their shares.
    """
    t = t or WarningThresholds()
    market = scope.without_region()
    counts = holder_counts(store, "applicant", market)
    if counts.empty:
        return []
    c = concentration_from_counts(counts, ns=(4,))
    if c["HHI"] < t.hhi:
        return []
    total_links = int(counts.sum())
    top = ranked_holders(store, "landscape_applicants.sql", "applicant", market, limit=4)
    return [
        EarlyWarning(
            kind="concentration",
            severity="high" if c["HHI"] >= t.hhi_high else "medium",
            title_zh="专利权集中度过高",
            title_en="Patent rights concentrated in few hands",
            subject=scope.industry,
            metric="HHI of applicants' patent shares",
            value=round(c["HHI"], 2),
            threshold=t.hhi,
            message=f"HHI {c['HHI']:.0f} over {c['applicants']} applicants; the top 4 hold {c['CR4']:.0%}",
            evidence=[
                Evidence(
                    r["applicant"],
                    r["name"],
                    "applicant",
                    {"patents": int(r["patents"]), "share": round(int(r["patents"]) / total_links, 6)},
                )
                for r in top.to_dict("records")
            ],
        )
    ]


def weak_key_fields(store: PatentStore, scope: Scope, t: WarningThresholds | None = None) -> list[EarlyWarning]:
    """Key fields of the industry where the region is under-represented (RTA below ``weak_rta``).

    Definitions
    -----------
    Key fields: the ``key_fields`` largest IPC main groups of the market holding at least
    ``key_field_min_share`` of its patents. RTA as in :func:`~patentnav.graph.analysis.planning.rta`.
    One warning per weak key field; severity high when RTA < 0.5. Evidence: the field's
    counts and the three largest outside holders in it are named by the layout analysis. The field
    is named by its code and, with the optional ``ipc-titles`` extra, WIPO's English title
    (``B66C23/00 · Cranes comprising…``; :mod:`patentnav.graph.ipc_titles`).
    """
    t = t or WarningThresholds()
    spec = specialisation(store, scope, level="main_group")
    key = spec[spec["field_share"] >= t.key_field_min_share].head(t.key_fields)
    weak = key[key["rta"] < t.weak_rta]
    out = []
    for r in weak.to_dict("records"):
        code = r["field"]
        symbol = code.replace("-", "/")
        title = title_for(code)  # WIPO's English title, when the ipc-titles extra is installed
        named = f"{symbol} ({short_title(title, 60)})" if title else symbol
        out.append(
            EarlyWarning(
                kind="weak_key_field",
                severity="high" if r["rta"] < 0.5 else "medium",
                title_zh="关键技术领域布局薄弱",
                title_en="Weak position in a key field",
                subject=f"https://w3id.org/patentnav/id/ipc/{code}",
                metric="RTA of the region in the field",
                value=round(float(r["rta"]), 6),
                threshold=t.weak_rta,
                message=(
                    f"IPC {named} holds {r['field_share']:.0%} of the market's patents, but only "
                    f"{r['region_share']:.0%} of the region's ({int(r['region_patents'])} of {int(r['patents'])}); "
                    f"RTA {r['rta']:.2f}"
                ),
                evidence=[
                    Evidence(
                        f"https://w3id.org/patentnav/id/ipc/{code}",
                        titled(symbol, title, 80),
                        "ipc",
                        {
                            k: (round(float(r[k]), 6) if isinstance(r[k], float) else int(r[k]))
                            for k in ("patents", "region_patents", "field_share", "region_share", "rta", "expected")
                        },
                    )
                ],
            )
        )
    return out
