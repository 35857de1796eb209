"""Patent landscape: trends, applicants, concentration, IPC fields, legal status, life cycle, regions.

Each function takes a store and a :class:`~patentnav.graph.analysis.scope.Scope` and
returns a pandas DataFrame with the columns its docstring lists. The counting runs in
DuckDB over the analytic tables (the ``landscape_*.sql`` files beside this module, run by
:func:`~patentnav.graph.analysis.scope.run_sql`); pandas only derives shares and ratios
from the aggregated rows. Patent counts are distinct patents; an applicant,
inventor, IPC field or region is credited with every patent it appears on ("whole
counting"), as is usual in patent navigation reports (GB/T 39551-2020 专利导航指南).

The module stays whole: one topic, the landscape's analyses, which share its cut-off, ranking and share
helpers and are gathered for one scope by :func:`landscape`.

>>> from patentnav.graph.store import open_store
>>> from patentnav.graph.bootstrap import ensure_seeded
>>> store = open_store("memory://"); _ = ensure_seeded(store)
>>> filing_trend(store, Scope())  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
patentnav.graph.errors.EmptyScopeError: no patents in scope (the whole store): ...
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from patentnav.graph.analysis.scope import (
    InvalidParameterError,
    Scope,
    require_patents,
    run_sql,
)
from patentnav.graph.ipc_titles import title_for
from patentnav.graph.store import PatentStore

__all__ = [
    "HOLDER_ROLES",
    "IPC_LEVELS",
    "LIFE_CYCLE_STAGES",
    "REGION_LEVELS",
    "applicant_concentration",
    "applicant_origin",
    "concentration_from_counts",
    "data_cutoff",
    "filing_trend",
    "holder_counts",
    "home_regions",
    "ipc_breakdown",
    "landscape",
    "legal_status_mix",
    "life_cycle",
    "ranked_holders",
    "regional_distribution",
    "top_applicants",
    "top_inventors",
    "yearly_counts",
]

IPC_LEVELS = ("subclass", "main_group")
REGION_LEVELS = ("province", "prefecture", "county")
#: Roles whose holders :func:`holder_counts` and :func:`ranked_holders` count.
HOLDER_ROLES = ("applicant", "inventor")
_RANKINGS = ("landscape_applicants", "landscape_inventors")
# Defaults of the trend and the life cycle (see filing_trend and life_cycle).
_LAG_MONTHS, _WINDOW, _TOLERANCE, _MIN_FILINGS = 18, 3, 0.1, 10
#: Stage names (English key -> Chinese term used in patent navigation reports).
LIFE_CYCLE_STAGES = {
    "emerging": "萌芽期",
    "growth": "成长期",
    "mature": "成熟期",
    "decline": "衰退期",
    "recovery": "复苏期",
}


def data_cutoff(store: PatentStore, scope: Scope) -> date | None:
    """The data's cut-off: the latest publication date (else application date) in the scope's industry.

    Region and period are ignored: the cut-off is a property of the exports loaded, not of
    the slice looked at.
    """
    row = run_sql(store, "landscape_data_cutoff.sql", Scope(industry=scope.industry)).iloc[0]
    value = row["lastPublication"] if pd.notna(row["lastPublication"]) else row["lastApplication"]
    return pd.Timestamp(value).date() if pd.notna(value) else None


def home_regions(scope: Scope) -> list[str]:
    """The scope's home region and every region below it, as the ``$home`` list of the SQL files.

    >>> home_regions(Scope(region="urn:r", region_set=("urn:r", "urn:r1")))
    ['urn:r', 'urn:r1']
    >>> home_regions(Scope())
    []
    """
    return list(scope.region_set or ((scope.region,) if scope.region else ()))


def _months_before(day: date, months: int) -> date:
    total = day.year * 12 + (day.month - 1) - months
    year, month = divmod(total, 12)
    return date(year, month + 1, min(day.day, 28))


def filing_trend(
    store: PatentStore, scope: Scope, *, lag_months: int = _LAG_MONTHS, as_of: date | None = None
) -> pd.DataFrame:
    """Filings per application year and grants per grant year.

    Definitions
    -----------
    filings
        Distinct patents whose application date falls in the year.
    grants
        Distinct patents of the scope granted in the year (by grant date).
    incomplete
        True when the year ends less than ``lag_months`` before ``as_of``: applications are
        published about 18 months after filing (PCT Art. 21(2); Chinese Patent Law Art. 34),
        so recent years are undercounted and must not be read as a decline.

    Parameters
    ----------
    lag_months : int, default 18
        Publication lag used to flag incomplete years.
    as_of : date, optional
        The data's cut-off; default :func:`data_cutoff` (the latest publication date in the industry).

    Returns
    -------
    DataFrame with columns ``year, filings, grants, incomplete``.
    """
    require_patents(store, scope)
    return _trend(yearly_counts(store, scope), as_of or data_cutoff(store, scope) or date.today(), lag_months)


def yearly_counts(store: PatentStore, scope: Scope) -> pd.DataFrame:
    """Filings, their distinct applicants, and grants per year: the input of the trend and the life cycle.

    Columns ``year, filings, applicants, grants``; ``filings`` and ``applicants`` are missing (NaN)
    for a year with grants only, ``grants`` for a year without grants.

    >>> from patentnav.graph.store import open_store
    >>> from patentnav.graph.bootstrap import ensure_seeded
    >>> s = open_store("memory://"); _ = ensure_seeded(s)
    >>> list(yearly_counts(s, Scope()).columns)
    ['year', 'filings', 'applicants', 'grants']
    """
    return run_sql(store, "landscape_years.sql", scope)


def _trend(yearly: pd.DataFrame, cutoff: date, lag_months: int = _LAG_MONTHS) -> pd.DataFrame:
    df = yearly[["year", "filings", "grants"]].fillna(0)
    df = df.astype({"year": int, "filings": int, "grants": int}).sort_values("year").reset_index(drop=True)
    complete_until = _months_before(cutoff, lag_months)
    df["incomplete"] = [date(int(y), 12, 31) > complete_until for y in df["year"]]
    df.attrs.update(as_of=cutoff.isoformat(), lag_months=lag_months)
    return df


def holder_counts(store: PatentStore, role: str, scope: Scope, *, limit: int | None = None) -> pd.Series:
    """Patents per holder in a role (``applicant``, ``inventor``), largest first, without names.

    What a concentration measure needs: counts only, so no holder is named or sorted by IRI.
    ``limit`` keeps the ``limit`` largest counts.

    >>> from patentnav.graph.store import open_store
    >>> from patentnav.graph.bootstrap import ensure_seeded
    >>> s = open_store("memory://"); _ = ensure_seeded(s)
    >>> len(holder_counts(s, "applicant", Scope()))
    0
    """
    if role not in HOLDER_ROLES:
        raise InvalidParameterError(f"holder role must be one of {', '.join(HOLDER_ROLES)}, not {role!r}")
    counts = run_sql(store, "landscape_holder_counts.sql", scope, role=role, limit=limit)
    return counts["patents"].astype(int) if len(counts) else pd.Series([], dtype=int)


def ranked_holders(
    store: PatentStore, rq_name: str, role: str, scope: Scope, *, limit: int | None, counts: pd.Series | None = None
) -> pd.DataFrame:
    """Run a ranking query (patents per applicant or inventor); with a limit, the top ``limit``.

    ``rq_name`` names the query: ``landscape_applicants.sql`` or ``landscape_inventors.sql``
    (the names of the former SPARQL files, ``landscape_applicants.rq`` …, mean the same). Holders
    are ranked by patents, ties broken by IRI (string order), and only the ``limit`` kept are
    named. ``role`` is the holders' role (``applicant``, ``inventor``); ``counts`` (from
    :func:`holder_counts`) is accepted for callers that have it, and not needed: the ranking
    counts, orders and cuts in one query.

    >>> from patentnav.graph.store import open_store
    >>> from patentnav.graph.bootstrap import ensure_seeded
    >>> s = open_store("memory://"); _ = ensure_seeded(s)
    >>> len(ranked_holders(s, "landscape_applicants.sql", "applicant", Scope(), limit=5))
    0
    """
    if role not in HOLDER_ROLES:
        raise InvalidParameterError(f"holder role must be one of {', '.join(HOLDER_ROLES)}, not {role!r}")
    name = rq_name.removesuffix(".rq").removesuffix(".sql")
    if name not in _RANKINGS:
        raise InvalidParameterError(f"ranking must be one of {', '.join(_RANKINGS)}, not {rq_name!r}")
    return run_sql(store, f"{name}.sql", scope, limit=limit)


def top_applicants(store: PatentStore, scope: Scope, *, limit: int | None = 20) -> pd.DataFrame:
    """Applicants ranked by patents, with their normalised name and share of the scope's patents.

    Returns
    -------
    DataFrame with columns ``applicant`` (IRI), ``name`` (normalised name), ``patents``,
    ``share`` (patents / distinct patents in scope; shares may add up to more than 1
    because co-applied patents count for each applicant).
    """
    total = require_patents(store, scope)
    return _shares(ranked_holders(store, "landscape_applicants.sql", "applicant", scope, limit=limit), total)


def _shares(df: pd.DataFrame, total: int) -> pd.DataFrame:
    """``patents`` as int and ``share`` of the scope's ``total`` patents."""
    df["patents"] = df["patents"].astype(int)
    df["share"] = df["patents"] / total
    return df


def top_inventors(store: PatentStore, scope: Scope, *, limit: int | None = 20) -> pd.DataFrame:
    """Inventors ranked by patents. Columns ``inventor`` (IRI), ``name``, ``patents``, ``share``."""
    total = require_patents(store, scope)
    return _shares(ranked_holders(store, "landscape_inventors.sql", "inventor", scope, limit=limit), total)


def concentration_from_counts(counts: pd.Series | list[int], ns: tuple[int, ...] = (4, 8)) -> dict[str, float]:
    """CRn and HHI from per-applicant patent counts.

    Shares are ``s_i = c_i / sum(c)``, so they add up to 1 even when patents are
    co-applied. ``CRn`` is the sum of the ``n`` largest shares; ``HHI = sum((100 s_i)^2)``
    on the 0-10,000 scale (Herfindahl 1950; Hirschman 1964).

    >>> concentration_from_counts([5, 3, 2], ns=(1, 2))
    {'applicants': 3, 'CR1': 0.5, 'CR2': 0.8, 'HHI': 3800.0}
    """
    values = sorted((int(c) for c in counts), reverse=True)
    total = sum(values)
    if total == 0:
        raise InvalidParameterError("no applicant counts to measure concentration on")
    shares = [v / total for v in values]
    result: dict[str, float] = {"applicants": len(values)}
    for n in ns:
        result[f"CR{n}"] = round(sum(shares[:n]), 12)
    result["HHI"] = round(sum((100 * s) ** 2 for s in shares), 6)
    return result


def applicant_concentration(store: PatentStore, scope: Scope, *, ns: tuple[int, ...] = (4, 8)) -> pd.DataFrame:
    """Applicant concentration: CR4, CR8 and HHI of the scope's patents.

    Definitions
    -----------
    See :func:`concentration_from_counts`. Thresholds commonly read on the HHI: below 1,500
    unconcentrated, 1,500-2,500 moderately, above 2,500 highly concentrated (U.S. DOJ & FTC,
    Horizontal Merger Guidelines, 2010, section 5.3).

    Returns
    -------
    One-row DataFrame with columns ``patents, applicants, CR4, CR8, HHI``.
    """
    return _concentration(store, scope, require_patents(store, scope), ns)


def _concentration(store: PatentStore, scope: Scope, total: int, ns: tuple[int, ...] = (4, 8)) -> pd.DataFrame:
    row = {"patents": total, **concentration_from_counts(holder_counts(store, "applicant", scope), ns)}
    return pd.DataFrame([row])


def ipc_breakdown(
    store: PatentStore, scope: Scope, *, level: str = "subclass", limit: int | None = None
) -> pd.DataFrame:
    """Patents per IPC subclass (``B66C``) or main group (``B66C23-00``).

    Returns
    -------
    DataFrame with columns ``code, patents, share`` (share of the scope's distinct patents;
    a patent in several fields counts in each, so shares may add up to more than 1) and
    ``title``: WIPO's English title of the code when the optional ``ipc-titles`` extra is
    installed (:mod:`patentnav.graph.ipc_titles`), else ``""`` (also for a code WIPO has no
    line for); Chinese titles are not available.
    """
    if level not in IPC_LEVELS:
        raise InvalidParameterError(f"IPC level must be one of {', '.join(IPC_LEVELS)}, not {level!r}")
    return _ipc(store, scope, level, limit, require_patents(store, scope))


def _ipc(store: PatentStore, scope: Scope, level: str, limit: int | None, total: int) -> pd.DataFrame:
    df = _shares(run_sql(store, "landscape_ipc.sql", scope, level=level, limit=limit), total)
    df["title"] = [title_for(code) or "" for code in df["code"]]
    return df


def legal_status_mix(store: PatentStore, scope: Scope) -> pd.DataFrame:
    """Legal-status mix: columns ``patentType, legalStatus, patents, share`` (share of the scope's patents)."""
    total = require_patents(store, scope)
    return _shares(run_sql(store, "landscape_legal_status.sql", scope), total)


def _stage(f_ratio: float, a_ratio: float, previous: str | None, tolerance: float) -> str:
    up, down = 1 + tolerance, 1 - tolerance
    if f_ratio > up and a_ratio > up:
        return "recovery" if previous == "decline" else "growth"
    if f_ratio < down and a_ratio < down:
        return "decline"
    if f_ratio < down:
        return "decline"
    return "mature"


def life_cycle(
    store: PatentStore,
    scope: Scope,
    *,
    window: int = _WINDOW,
    tolerance: float = _TOLERANCE,
    min_filings: int = _MIN_FILINGS,
    lag_months: int = _LAG_MONTHS,
    as_of: date | None = None,
) -> pd.DataFrame:
    """Technology life-cycle stage from applicants versus filings over time.

    Definitions
    -----------
    For each year ``t`` the mean yearly filings ``F`` and mean yearly distinct applicants
    ``A`` over the ``window`` years ending at ``t`` are compared with the ``window`` years
    before: ``f = F_t / F_{t-window}``, ``a = A_t / A_{t-window}``. With ``up = 1 + tolerance``
    and ``down = 1 - tolerance``:

    * ``emerging`` (萌芽期): fewer than ``min_filings`` filings in the earlier window;
    * ``growth`` (成长期): ``f > up`` and ``a > up`` -- more filers, more filings;
      ``recovery`` (复苏期) when that follows a decline;
    * ``mature`` (成熟期): filings hold (``f >= down``) while applicants stop growing;
    * ``decline`` (衰退期): filings fall (``f < down``).

    Years flagged incomplete by the publication lag get no stage (``None``). This is the
    applicants-versus-applications reading of the patent life cycle (Ernst, H. 1997, "The use
    of patent data for technological forecasting", Small Business Economics 9, 361-381),
    as used in patent navigation reports.

    Returns
    -------
    DataFrame with columns ``year, filings, applicants, filings_ratio, applicants_ratio,
    incomplete, stage``.
    """
    require_patents(store, scope)
    cutoff = as_of or data_cutoff(store, scope) or date.today()
    return _life_cycle(yearly_counts(store, scope), cutoff, window, tolerance, min_filings, lag_months)


def _life_cycle(
    yearly: pd.DataFrame,
    cutoff: date,
    window: int = _WINDOW,
    tolerance: float = _TOLERANCE,
    min_filings: int = _MIN_FILINGS,
    lag_months: int = _LAG_MONTHS,
) -> pd.DataFrame:
    df = yearly.loc[yearly["filings"].notna(), ["year", "filings", "applicants"]]
    df = df.astype({"year": int, "filings": int, "applicants": int})
    years = range(int(df["year"].min()), int(df["year"].max()) + 1)
    df = df.set_index("year").reindex(years, fill_value=0).rename_axis("year").reset_index()
    complete_until = _months_before(cutoff, lag_months)
    df["incomplete"] = [date(int(y), 12, 31) > complete_until for y in df["year"]]
    f_ratios, a_ratios, stages = [], [], []
    previous: str | None = None
    for i in range(len(df)):
        stage = f_ratio = a_ratio = None
        if not df.loc[i, "incomplete"] and i + 1 >= 2 * window:
            now = df.iloc[i + 1 - window : i + 1]
            before = df.iloc[i + 1 - 2 * window : i + 1 - window]
            if before["filings"].sum() < min_filings:
                stage = "emerging"
            else:
                f_ratio = now["filings"].mean() / before["filings"].mean()
                a_ratio = now["applicants"].mean() / max(before["applicants"].mean(), 1e-9)
                stage = _stage(f_ratio, a_ratio, previous, tolerance)
            previous = stage
        f_ratios.append(f_ratio)
        a_ratios.append(a_ratio)
        stages.append(stage)
    df["filings_ratio"] = f_ratios
    df["applicants_ratio"] = a_ratios
    df["stage"] = stages
    df.attrs.update(as_of=cutoff.isoformat(), window=window, tolerance=tolerance)
    return df[["year", "filings", "applicants", "filings_ratio", "applicants_ratio", "incomplete", "stage"]]


def regional_distribution(store: PatentStore, scope: Scope, *, level: str = "prefecture") -> pd.DataFrame:
    """Patents per applicant region at one administrative level.

    A patent counts for each region one of its applicants is located in (districts roll up
    to their city and province through ``pnav:partOfRegion``).

    Returns
    -------
    DataFrame with columns ``region`` (IRI), ``code``, ``name``, ``patents``, ``share`` (of the
    scope's distinct patents).
    """
    if level not in REGION_LEVELS:
        raise InvalidParameterError(f"region level must be one of {', '.join(REGION_LEVELS)}, not {level!r}")
    total = require_patents(store, scope)
    return _shares(run_sql(store, "landscape_regions.sql", scope, level=level), total)


def applicant_origin(store: PatentStore, scope: Scope) -> pd.DataFrame:
    """Shares of the market's patents held at home, out of region and abroad.

    The market is the scope without its region (same industry and period, all regions);
    home is the scope's region. Requires a region.

    Definitions
    -----------
    home
        Patents with at least one applicant located in the region (or below it).
    out_of_region
        Patents with no home applicant (held entirely by others).
    domestic_out
        Patents with at least one Chinese applicant located outside the region (or with
        country CN and no region); categories overlap on co-applied patents.
    foreign
        Patents with at least one applicant whose ``pnav:country`` is not ``CN``.
    unknown
        Patents none of whose applicants has a known region or country.

    Returns
    -------
    DataFrame with columns ``category, patents, share`` (share of the market's patents).
    """
    if not scope.region:
        raise InvalidParameterError("applicant origin needs a home region (--region)")
    market = scope.without_region()
    row = run_sql(store, "landscape_origin.sql", market, home=home_regions(scope)).iloc[0]
    total = int(row["total"])
    if total == 0:
        require_patents(store, market)  # raises EmptyScopeError, saying which scope is empty
    data = [
        ("home", row["home"]),
        ("out_of_region", row["outOfRegion"]),
        ("domestic_out", row["domesticOut"]),
        ("foreign", row["foreign"]),
        ("unknown", row["unknownOnly"]),
    ]
    df = pd.DataFrame([(c, int(v or 0)) for c, v in data], columns=["category", "patents"])
    df["share"] = df["patents"] / total
    df.attrs.update(market_patents=total, home_region=scope.region)
    return df


def landscape(store: PatentStore, scope: Scope, *, top: int = 20, as_of: date | None = None) -> dict[str, pd.DataFrame]:
    """All landscape tables for a scope, by name (the CLI's and API's ``landscape``)."""
    as_of = as_of or data_cutoff(store, scope) or date.today()  # found once for trend and life cycle
    total = require_patents(store, scope)  # counted once; the tables below are what the functions return
    yearly = yearly_counts(store, scope)  # one pass for the trend and the life cycle
    tables = {
        "trend": _trend(yearly, as_of),
        "applicants": _shares(ranked_holders(store, "landscape_applicants.sql", "applicant", scope, limit=top), total),
        "inventors": _shares(ranked_holders(store, "landscape_inventors.sql", "inventor", scope, limit=top), total),
        "concentration": _concentration(store, scope, total),
        "ipc_subclass": _ipc(store, scope, "subclass", top, total),
        "ipc_main_group": _ipc(store, scope, "main_group", top, total),
        "legal_status": _shares(run_sql(store, "landscape_legal_status.sql", scope), total),
        "life_cycle": _life_cycle(yearly, as_of),
        "regions": _shares(run_sql(store, "landscape_regions.sql", scope, level="prefecture"), total),
    }
    if scope.region:
        tables["origin"] = applicant_origin(store, scope)
    return tables
