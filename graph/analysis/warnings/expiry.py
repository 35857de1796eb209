"""The expiry early warning: the scope's patents in force reaching the end of their statutory term.

It looks at the scope's own patents (the region's, when one is given).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from patentnav.graph.analysis.scope import Scope, run_sql
from patentnav.graph.analysis.warnings.model import (
    DESIGN_15_YEARS_FROM,
    PATENT_TERMS,
    EarlyWarning,
    Evidence,
    WarningThresholds,
)
from patentnav.graph.store import PatentStore

__all__ = ["add_years", "expiry_window"]


def add_years(day: date, years: int) -> date:
    """``day`` moved by whole ``years`` (29 February to the 28th in a common year).

    >>> add_years(date(2024, 2, 29), 1)
    datetime.date(2025, 2, 28)
    """
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
    end = add_years(as_of, years)
    rows = []
    for ptype, term in PATENT_TERMS.items():
        lo, hi = add_years(as_of, -term), add_years(end, -term)
        if ptype == "design":
            hi = min(hi, date.fromordinal(DESIGN_15_YEARS_FROM.toordinal() - 1))
            lo15, hi15 = max(add_years(as_of, -15), DESIGN_15_YEARS_FROM), add_years(end, -15)
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
            metric=f"share of patents in force expiring by {add_years(as_of, t.expiry_years)}",
            value=round(share, 6),
            threshold=t.expiry_share,
            message=(
                f"{expiring} of {in_force} patents in force ({share:.0%}) reach the end of their term "
                f"between {as_of} and {add_years(as_of, t.expiry_years)}"
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
                            add_years(
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
