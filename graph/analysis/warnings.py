"""Early warning (专利预警): competitor surge, dependence, concentration, weak key fields, expiry, key patents.

:func:`early_warnings` runs every check for a scope and returns a :class:`WarningReport`:
the warnings that fired, each with a severity and its evidence (entity IRIs and the
numbers behind it), and the list of checks with their status, so that "no warning" is
always distinguishable from "not checked". Thresholds and windows are parameters of
:class:`WarningThresholds`, with the defaults documented there.

Market-level checks (surge, dependence, concentration, weak fields) look at the scope's
industry and period over all regions; the region is the one whose exposure is assessed.
The expiry check looks at the scope's own patents (the region's, when one is given).
The key-patent, litigation and licence checks (:func:`key_patent_expiry`, :func:`key_patent_transfer_out`,
:func:`litigation_rising`, :func:`licence_dependence`) need a region: they look at the region's key patents
(:func:`~patentnav.graph.analysis.key_patents.rank_key_patents`) and at the legal events of the market's
patents; a field no loaded source gives makes the check "not applicable" with the reason, never "clear".
The counting runs in DuckDB over the analytic tables (the ``warnings_*.sql`` files beside
this module and the landscape and layout queries); pandas only applies the thresholds.

>>> WarningThresholds().hhi
2500.0
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

import pandas as pd

from patentnav.graph.analysis.key_patents import rank_key_patents
from patentnav.graph.analysis.landscape import (
    applicant_origin,
    concentration_from_counts,
    holder_counts,
    home_regions,
    ranked_holders,
    yearly_counts,
)
from patentnav.graph.analysis.planning import specialisation
from patentnav.graph.analysis.scope import (
    AnalysisError,
    EmptyScopeError,
    Scope,
    count_patents,
    require_patents,
    run_sql,
)
from patentnav.graph.ipc_titles import short_title, title_for, titled
from patentnav.graph.store import PatentStore

__all__ = [
    "PATENT_TERMS",
    "SEVERITIES",
    "Check",
    "CheckNotApplicable",
    "EarlyWarning",
    "Evidence",
    "Findings",
    "WarningReport",
    "WarningThresholds",
    "competitor_surge",
    "concentration_risk",
    "dependence",
    "early_warnings",
    "expiry_window",
    "key_patent_expiry",
    "key_patent_transfer_out",
    "licence_dependence",
    "litigation_rising",
    "weak_key_fields",
]

SEVERITIES = ("high", "medium", "low")

#: Terms of protection in years from the filing date (Patent Law of the PRC, Art. 42 as amended
#: in 2020, in force 2021-06-01: designs filed from that day get 15 years, earlier ones 10).
PATENT_TERMS = {"invention": 20, "utility": 10, "design": 10}
DESIGN_15_YEARS_FROM = date(2021, 6, 1)


@dataclass(frozen=True)
class WarningThresholds:
    """Thresholds and windows of the early-warning checks, with their defaults.

    Attributes
    ----------
    surge_recent_years : 3
        Length of the recent window (years ending at ``surge_end_year``).
    surge_baseline_years : 5
        Length of the baseline window just before it.
    surge_ratio : 2.0
        Fire when an applicant's mean yearly filings in the recent window are at least this
        multiple of its baseline mean (a zero baseline counts as one filing in the window).
    surge_min_recent : 5
        ...and it filed at least this many patents in the recent window.
    surge_end_year : None
        Last year of the recent window; default the latest application year in the market.
    dependence_share : 0.5
        Fire when at least this share of the market's patents has no applicant in the region.
    foreign_share : 0.3
        Fire when at least this share of the market's patents has a foreign applicant.
    hhi : 2500.0
        Fire when the market's applicant HHI is at least this (highly concentrated, U.S. DOJ &
        FTC Horizontal Merger Guidelines 2010, 5.3); severity high from ``hhi_high`` (5000).
    concentration_min_patents : 20
        Below this many market patents the HHI is not assessed (any small sample looks concentrated).
    key_fields : 10
        The industry's key fields are its ``key_fields`` largest IPC main groups...
    key_field_min_share : 0.05
        ...holding at least this share of the market's patents.
    weak_rta : 1.0
        A key field is weak when the region's RTA there is below this; severity high below 0.5.
    expiry_years : 3
        Window (years from ``as_of``) in which patents in force reach the end of their term.
    expiry_share : 0.1
        Fire when at least this share of the scope's patents in force expires in the window.
    key_patents : 50
        The region's key patents are the best ``key_patents`` of the key-patent ranking
        (:func:`~patentnav.graph.analysis.key_patents.rank_key_patents`, default weights; as ``analyze key-patents``).
    key_expiry_min : 1
        Fire when at least this many key patents of home holders, in force, lapse (stated lapse date) or reach the
        end of their term within ``expiry_years``...
    key_expiry_high : 5
        ...severity high from this many.
    key_transfer_min : 1
        Fire when at least this many of the region's key patents were transferred out of the region...
    key_transfer_high : 5
        ...severity high from this many.
    litigation_recent_years : 3
        Recent window of suits and invalidation requests against home enterprises (years ending at
        ``litigation_end_year``).
    litigation_baseline_years : 3
        Baseline window just before it.
    litigation_ratio : 2.0
        Fire when the recent yearly mean of those events is at least this multiple of the baseline's (a zero
        baseline counts as one event in the window); severity high at twice the multiple...
    litigation_min_recent : 3
        ...and there were at least this many in the recent window.
    litigation_end_year : None
        Last year of the recent window; default the latest event year among the market's dated suits and requests.
    licence_in_share : 0.5
        Fire when at least this share of the patents licensed to home licensees (of those whose licensors have a
        known place) comes from licensors outside the region; severity high halfway from it to 1...
    licence_in_min : 3
        ...and at least this many patents were licensed in from outside.
    """

    surge_recent_years: int = 3
    surge_baseline_years: int = 5
    surge_ratio: float = 2.0
    surge_min_recent: int = 5
    surge_end_year: int | None = None
    dependence_share: float = 0.5
    foreign_share: float = 0.3
    hhi: float = 2500.0
    hhi_high: float = 5000.0
    concentration_min_patents: int = 20
    key_fields: int = 10
    key_field_min_share: float = 0.05
    weak_rta: float = 1.0
    expiry_years: int = 3
    expiry_share: float = 0.1
    key_patents: int = 50
    key_expiry_min: int = 1
    key_expiry_high: int = 5
    key_transfer_min: int = 1
    key_transfer_high: int = 5
    litigation_recent_years: int = 3
    litigation_baseline_years: int = 3
    litigation_ratio: float = 2.0
    litigation_min_recent: int = 3
    litigation_end_year: int | None = None
    licence_in_share: float = 0.5
    licence_in_min: int = 3


@dataclass
class Evidence:
    """One entity behind a warning and the number(s) that make it evidence."""

    iri: str | None
    label: str | None
    role: str
    values: dict[str, Any] = field(default_factory=dict)


@dataclass
class EarlyWarning:
    """A finding: what, how severe, the measured value against its threshold, and the evidence."""

    kind: str
    severity: str
    title_zh: str
    title_en: str
    subject: str | None
    metric: str
    value: float
    threshold: float
    message: str
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class Check:
    """One check that was run: ``fired``, ``clear`` or ``not applicable`` (with the reason)."""

    kind: str
    status: str
    detail: str


@dataclass
class WarningReport:
    """The checks run for a scope and the warnings they raised."""

    scope: dict[str, Any]
    thresholds: dict[str, Any]
    checks: list[Check]
    warnings: list[EarlyWarning]

    def to_frame(self) -> pd.DataFrame:
        """One row per warning: ``kind, severity, title_en, title_zh, subject, metric, value, threshold,
        message, evidence`` (evidence IRIs, space-separated)."""
        rows = [
            {
                **{k: v for k, v in asdict(w).items() if k != "evidence"},
                "evidence": " ".join(e.iri for e in w.evidence if e.iri),
            }
            for w in self.warnings
        ]
        cols = ["kind", "severity", "title_en", "title_zh", "subject", "metric", "value", "threshold", "message"]
        return pd.DataFrame(rows, columns=[*cols, "evidence"])

    def checks_frame(self) -> pd.DataFrame:
        return pd.DataFrame([asdict(c) for c in self.checks], columns=["kind", "status", "detail"])

    def to_dict(self) -> dict[str, Any]:
        return {
            "scope": self.scope,
            "thresholds": self.thresholds,
            "checks": [asdict(c) for c in self.checks],
            "warnings": [asdict(w) for w in self.warnings],
        }


def _int(n: Any) -> int:
    return int(n) if n is not None and not (isinstance(n, float) and math.isnan(n)) else 0


def _applicant_info(store: PatentStore, iris: list[str], home: list[str]) -> dict[str, dict[str, Any]]:
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
    if t.surge_end_year is not None:
        end = t.surge_end_year
    else:
        yearly = yearly_counts(store, market)
        years = yearly.loc[yearly["filings"].notna(), "year"]
        if years.empty:
            raise EmptyScopeError("no dated patents in the market to look for filing surges")
        end = int(years.max())
    first = end - t.surge_recent_years - t.surge_baseline_years + 1
    split = end - t.surge_recent_years
    df = run_sql(store, "warnings_applicant_years.sql", market, first_year=first, last_year=end)
    if df.empty:
        return []
    df["recent"] = df["filings"].where(df["year"] > split, 0)
    df["baseline"] = df["filings"].where(df["year"] <= split, 0)
    per = df.groupby("applicant")[["recent", "baseline"]].sum()
    per["r"] = per["recent"] / t.surge_recent_years
    per["b"] = per["baseline"].clip(lower=1) / t.surge_baseline_years
    per["ratio"] = per["r"] / per["b"]
    expected = t.surge_recent_years * per["b"]
    per["z"] = (per["recent"] - expected) / expected.pow(0.5)
    fired = per[(per["ratio"] >= t.surge_ratio) & (per["recent"] >= t.surge_min_recent)]
    fired = fired.sort_values(["ratio", "recent"], ascending=False)
    info = _applicant_info(store, fired.index.tolist(), home_regions(scope))
    out = []
    for iri, row in fired.iterrows():
        meta = info.get(iri, {})
        name = meta.get("name") or iri.rsplit("/", 1)[-1]
        in_region = bool(meta.get("inRegion")) if scope.region else None
        out.append(
            EarlyWarning(
                kind="competitor_surge",
                severity="high" if row["ratio"] >= 2 * t.surge_ratio else "medium",
                title_zh="竞争者申请激增",
                title_en="Competitor filing surge",
                subject=iri,
                metric="recent/baseline yearly filings",
                value=round(float(row["ratio"]), 4),
                threshold=t.surge_ratio,
                message=(
                    f"{name} filed {int(row['recent'])} patents in {split + 1}-{end} against "
                    f"{int(row['baseline'])} in {first}-{split} "
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
                            "recent_years": f"{split + 1}-{end}",
                            "baseline_years": f"{first}-{split}",
                            "ratio": round(float(row["ratio"]), 4),
                            "z": round(float(row["z"]), 4),
                            "country": meta.get("country"),
                            "in_region": in_region,
                        },
                    )
                ],
            )
        )
    return out


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


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _expiry_windows(as_of: date, years: int) -> dict[str, Any]:  # Any: spread into run_sql's keyword parameters
    """The windows of patents whose term ends in (as_of, as_of + years], as the SQL's parameters.

    One element per window in each of ``types``, ``filed_from``, ``filed_to``: a patent of the type
    expires in the window when it was filed between the two dates (inclusive).

    >>> w = _expiry_windows(date(2024, 1, 1), 3)
    >>> w["types"], str(w["filed_from"][0]), str(w["filed_to"][0])
    (['invention', 'utility', 'design'], '2004-01-01', '2007-01-01')
    """
    end = _add_years(as_of, years)
    rows = []
    for ptype, term in PATENT_TERMS.items():
        lo, hi = _add_years(as_of, -term), _add_years(end, -term)
        if ptype == "design":
            hi = min(hi, date.fromordinal(DESIGN_15_YEARS_FROM.toordinal() - 1))
            lo15, hi15 = max(_add_years(as_of, -15), DESIGN_15_YEARS_FROM), _add_years(end, -15)
            if lo15 <= hi15:
                rows.append(("design", lo15, hi15))
        if lo <= hi:
            rows.append((ptype, lo, hi))
    return {
        "types": [p for p, _, _ in rows],
        "filed_from": [a for _, a, _ in rows],
        "filed_to": [b for _, _, b in rows],
    }


def expiry_window(
    store: PatentStore, scope: Scope, t: WarningThresholds | None = None, *, as_of: date | None = None
) -> list[EarlyWarning]:
    """Patents in force reaching the end of their statutory term within ``expiry_years``.

    Definitions
    -----------
    Expiry = application date + term (invention 20 years, utility model 10, design 10, or 15
    when filed from 2021-06-01; Patent Law of the PRC Art. 42). Counted among the scope's
    patents whose normalised legal status is ``active``. Fires when the expiring share of
    patents in force is at least ``expiry_share``; severity high at twice that. Evidence:
    the 10 patents that expire first. Lapses for non-payment cannot be foreseen from the
    data; already lapsed patents are reported in the legal-status mix.
    """
    t = t or WarningThresholds()
    as_of = as_of or date.today()
    windows = _expiry_windows(as_of, t.expiry_years)

    counts = run_sql(store, "warnings_expiring.sql", scope, **windows)
    expiring = int(counts["patents"].astype(int).sum()) if len(counts) else 0
    active = run_sql(store, "landscape_legal_status.sql", scope)
    in_force = int(active[active["legalStatus"] == "active"]["patents"].astype(int).sum())
    if in_force == 0 or expiring == 0:
        return []
    share = expiring / in_force
    if share < t.expiry_share:
        return []
    first = run_sql(store, "warnings_expiring_list.sql", scope, limit=10, **windows)
    return [
        EarlyWarning(
            kind="expiry",
            severity="high" if share >= 2 * t.expiry_share else "medium",
            title_zh="专利即将到期",
            title_en="Patents reaching the end of their term",
            subject=scope.region or scope.industry,
            metric=f"share of patents in force expiring by {_add_years(as_of, t.expiry_years)}",
            value=round(share, 6),
            threshold=t.expiry_share,
            message=(
                f"{expiring} of {in_force} patents in force ({share:.0%}) reach the end of their term "
                f"between {as_of} and {_add_years(as_of, t.expiry_years)}"
            ),
            evidence=[
                Evidence(
                    r["patent"],
                    r["title"],
                    "patent",
                    {
                        "type": r["patentType"],
                        "filed": str(r["filed"]),
                        "expires": str(
                            _add_years(
                                date.fromisoformat(str(r["filed"])),
                                15
                                if r["patentType"] == "design"
                                and date.fromisoformat(str(r["filed"])) >= DESIGN_15_YEARS_FROM
                                else PATENT_TERMS.get(r["patentType"], 20),
                            )
                        ),
                    },
                )
                for r in first.to_dict("records")
            ],
        )
    ]


# ------------------------------------------------------------------ key patents and patent operations (issue 17)

#: What a check says when no loaded source gives the field it rests on.
NOT_AVAILABLE = "not available in the loaded sources"
#: The event kinds that contest a right: suits, invalidation and re-examination requests.
CONTEST_KINDS = ("litigation", "invalidation", "reexamination")


class CheckNotApplicable(AnalysisError):  # noqa: N818 -- a status, not a failure
    """A check cannot be assessed from the loaded data: its ``checks`` row says "not applicable" and why."""


class Findings(list):
    """The warnings one check raised, with a sentence on what it assessed (appended to its ``checks`` detail).

    >>> f = Findings([], detail="12 key patents in force")
    >>> (len(f), f.detail)
    (0, '12 key patents in force')
    """

    def __init__(self, items: Any = (), detail: str = "") -> None:
        super().__init__(items)
        self.detail = detail


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
    store: PatentStore, scope: Scope, t: WarningThresholds, as_of: date, cache: dict[Any, Any] | None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The region's key patents (best ``t.key_patents`` of the ranking) and their holders and transferees."""
    key = ("key_patents", scope, t.key_patents, as_of)
    if cache is not None and key in cache:
        return cache[key]
    ranked = rank_key_patents(store, scope, limit=t.key_patents, as_of=as_of)
    parties = run_sql(
        store, "warnings_key_holders.sql", Scope(), patents=ranked["patent"].tolist(), home=home_regions(scope)
    )
    for column in ("home", "known"):
        parties[column] = parties[column].fillna(False).astype(bool)
    if cache is not None:
        cache[key] = (ranked, parties)
    return ranked, parties


def key_patent_expiry(
    store: PatentStore,
    scope: Scope,
    t: WarningThresholds | None = None,
    *,
    as_of: date | None = None,
    cache: dict[Any, Any] | None = None,
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
    end = _add_years(as_of, t.expiry_years)
    ranked, parties = _home_key_patents(store, scope, t, as_of, cache)
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
    due = in_force[[e is not None and as_of < e <= end for e in in_force["term_end"]]]
    due = due.sort_values(["term_end", "rank"], kind="stable")
    detail = (
        f"{len(due)} of {len(in_force)} key patents of home holders in force end by {end}"
        f" ({len(key) - len(known)} of unknown status not assessed)"
    )
    if len(due) < t.key_expiry_min:
        return Findings([], detail=detail)

    def basis(r: dict[str, Any]) -> str:
        filed, years = r["application_date"], r["term_years"]
        statutory = _add_years(filed, int(years)) if filed is not None and years is not None else None
        return "statutory term" if statutory == r["term_end"] else "lapse date stated"

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
                    "basis": basis(r),
                    "type": r["patent_type"],
                    "holders": _names(mine),
                },
            )
        )
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
        evidence=evidence,
    )
    return Findings([warning], detail=detail)


def key_patent_transfer_out(
    store: PatentStore,
    scope: Scope,
    t: WarningThresholds | None = None,
    *,
    as_of: date | None = None,
    cache: dict[Any, Any] | None = None,
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
    ranked, parties = _home_key_patents(store, scope, t, as_of, cache)
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
    out: dict[str, tuple[str, pd.DataFrame]] = {}
    gone = transferees[transferees["known"] & ~transferees["home"]]
    for patent, rows in gone.groupby("patent", sort=False):
        out[patent] = ("transfer event", rows)
    for patent, rows in current.groupby("patent", sort=False):
        if patent not in out and not rows["home"].any() and rows["known"].any():
            out[patent] = ("current holder", rows)
    moved = ranked[ranked["patent"].isin(out)]
    detail = (
        f"{len(moved)} of {len(ranked)} key patents left the region "
        f"({transferees['patent'].nunique()} with a transfer event, {current['patent'].nunique()} with current holders)"
    )
    if len(moved) < t.key_transfer_min:
        return Findings([], detail=detail)
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
        evidence=evidence,
    )
    return Findings([warning], detail=detail)


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

    def window(df: pd.DataFrame, lo: int, hi: int) -> pd.Series:
        years = df["year"]
        return df["events"].where(years.notna() & (years >= lo) & (years <= hi), 0)

    recent = int(window(totals, split + 1, end).sum())
    baseline = int(window(totals, first, split).sum())
    ratio = (recent / t.litigation_recent_years) / (max(baseline, 1) / t.litigation_baseline_years)
    detail = (
        f"{recent} events against home enterprises in {split + 1}-{end}, {baseline} in {first}-{split} "
        f"(ratio {ratio:.2f}); {undated} undated not counted"
    )
    if ratio < t.litigation_ratio or recent < t.litigation_min_recent:
        return Findings([], detail=detail)
    orgs = per_org.assign(recent=window(per_org, split + 1, end), baseline=window(per_org, first, split))
    by_org = orgs.groupby("org").agg(name=("name", "first"), recent=("recent", "sum"), baseline=("baseline", "sum"))
    kinds = orgs[orgs["recent"] > 0].groupby("org")["kind"].agg(lambda k: " ".join(sorted(set(k))))
    by_org = by_org[by_org["recent"] > 0].sort_values(["recent", "baseline"], ascending=[False, True], kind="stable")
    evidence = [
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
        evidence=evidence,
    )
    return Findings([warning], detail=detail)


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
    evidence = [
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
        evidence=evidence,
    )
    return Findings([warning], detail=detail)


def early_warnings(
    store: PatentStore, scope: Scope, thresholds: WarningThresholds | None = None, *, as_of: date | None = None
) -> WarningReport:
    """Run every early-warning check for a scope.

    Raises
    ------
    EmptyScopeError
        The market (industry and period over all regions) holds no patent: with nothing to
        look at, "no warning" would be misleading. A region with no patent of its own is
        not an error: its checks run against the market and say so.
    """
    t = thresholds or WarningThresholds()
    market_size = require_patents(store, scope.without_region())
    checks: list[Check] = []
    warnings: list[EarlyWarning] = []

    def run(kind: str, fn: Any, applicable: str | None = None, **kw: Any) -> None:
        if applicable:
            checks.append(Check(kind, "not applicable", applicable))
            return
        try:
            found = fn(store, scope, t, **kw)
        except AnalysisError as exc:
            checks.append(Check(kind, "not applicable", str(exc)))
            return
        warnings.extend(found)
        said = getattr(found, "detail", "")  # what a check assessed (Findings), beside the count
        detail = f"{len(found)} warning(s)" + (f"; {said}" if said else "")
        checks.append(Check(kind, "fired" if found else "clear", detail))

    no_region = "needs a region (--region)" if not scope.region else None
    run("competitor_surge", competitor_surge)
    run("dependence", dependence, no_region)
    small = (
        f"only {market_size} market patents (< {t.concentration_min_patents}): HHI not meaningful"
        if market_size < t.concentration_min_patents
        else None
    )
    run("concentration", concentration_risk, small)
    run("weak_key_field", weak_key_fields, no_region)
    scope_size = count_patents(store, scope)
    run("expiry", expiry_window, None if scope_size else "the region holds no patent of the market", as_of=as_of)
    # Key patents and patent operations (issue 17): the region's key patents and the market's legal events.
    key_cache: dict[Any, Any] = {}
    no_key = no_region or (None if scope_size else "the region holds no patent of the market")
    run("key_patent_expiry", key_patent_expiry, no_key, as_of=as_of, cache=key_cache)
    run("key_patent_transfer_out", key_patent_transfer_out, no_key, as_of=as_of, cache=key_cache)
    run("litigation_rising", litigation_rising, no_region)
    run("licence_dependence", licence_dependence, no_region)
    order = {s: i for i, s in enumerate(SEVERITIES)}
    warnings.sort(key=lambda w: (order.get(w.severity, 9), w.kind, -abs(w.value)))
    return WarningReport(scope=scope.describe(), thresholds=asdict(t), checks=checks, warnings=warnings)
