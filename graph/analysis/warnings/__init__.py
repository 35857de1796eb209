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

The checks live by family in the submodules -- :mod:`.market`, :mod:`.expiry`, :mod:`.key_patents` and
:mod:`.operations` -- beside their vocabulary (:mod:`.model`); this package runs them all and re-exports
every public name.

>>> WarningThresholds().hhi
2500.0
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict
from datetime import date
from typing import Any

from patentnav.graph.analysis.scope import AnalysisError, Scope, count_patents, require_patents
from patentnav.graph.analysis.warnings.expiry import expiry_window
from patentnav.graph.analysis.warnings.key_patents import key_patent_expiry, key_patent_transfer_out
from patentnav.graph.analysis.warnings.market import competitor_surge, concentration_risk, dependence, weak_key_fields
from patentnav.graph.analysis.warnings.model import (
    PATENT_TERMS,
    SEVERITIES,
    Check,
    CheckNotApplicable,
    EarlyWarning,
    Evidence,
    Findings,
    WarningReport,
    WarningThresholds,
)
from patentnav.graph.analysis.warnings.operations import licence_dependence, litigation_rising
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
    scope_size = count_patents(store, scope)
    no_region = "needs a region (--region)" if not scope.region else None
    small = (
        f"only {market_size} market patents (< {t.concentration_min_patents}): HHI not meaningful"
        if market_size < t.concentration_min_patents
        else None
    )
    no_scope_patent = None if scope_size else "the region holds no patent of the market"
    # Key patents and patent operations (issue 17): the region's key patents and the market's legal events.
    no_key = no_region or no_scope_patent
    plan: list[tuple[str, Any, str | None, dict[str, Any]]] = [
        ("competitor_surge", competitor_surge, None, {}),
        ("dependence", dependence, no_region, {}),
        ("concentration", concentration_risk, small, {}),
        ("weak_key_field", weak_key_fields, no_region, {}),
        ("expiry", expiry_window, no_scope_patent, {"as_of": as_of}),
        ("key_patent_expiry", key_patent_expiry, no_key, {"as_of": as_of}),
        ("key_patent_transfer_out", key_patent_transfer_out, no_key, {"as_of": as_of}),
        ("litigation_rising", litigation_rising, no_region, {}),
        ("licence_dependence", licence_dependence, no_region, {}),
    ]
    checks: list[Check] = []
    warnings: list[EarlyWarning] = []
    # The checks are independent: they run side by side (DuckDB counts outside the GIL), reported in plan order.
    with ThreadPoolExecutor(max_workers=4, thread_name_prefix="warnings") as pool:
        running = [
            (kind, reason, None if reason else pool.submit(fn, store, scope, t, **kw)) for kind, fn, reason, kw in plan
        ]
        for kind, reason, job in running:
            if job is None:
                checks.append(Check(kind, "not applicable", reason or ""))
                continue
            try:
                found = job.result()
            except AnalysisError as exc:
                checks.append(Check(kind, "not applicable", str(exc)))
                continue
            warnings.extend(found)
            said = getattr(found, "detail", "")  # what a check assessed (Findings), beside the count
            detail = f"{len(found)} warning(s)" + (f"; {said}" if said else "")
            checks.append(Check(kind, "fired" if found else "clear", detail))
    order = {s: i for i, s in enumerate(SEVERITIES)}
    warnings.sort(key=lambda w: (order.get(w.severity, 9), w.kind, -abs(w.value)))
    return WarningReport(scope=scope.describe(), thresholds=asdict(t), checks=checks, warnings=warnings)
