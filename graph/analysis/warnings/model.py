"""The early warnings' vocabulary: thresholds, findings with their evidence, checks and the report.

A check returns :class:`EarlyWarning` items (or :class:`Findings`, which also say what was assessed),
or raises :class:`CheckNotApplicable` when the loaded data cannot answer it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

import pandas as pd

from patentnav.graph.analysis.scope import AnalysisError

__all__ = [
    "CONTEST_KINDS", "DESIGN_15_YEARS_FROM", "NOT_AVAILABLE", "PATENT_TERMS", "SEVERITIES", "Check",
    "CheckNotApplicable", "EarlyWarning", "Evidence", "Findings", "WarningReport", "WarningThresholds",
]  # fmt: skip

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
