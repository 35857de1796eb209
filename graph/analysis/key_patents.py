"""Key patents: a transparent composite of value indicators, citations between organisations, and families.

:func:`key_patents` returns four tables for a :class:`~patentnav.graph.analysis.scope.Scope`:

``key_patents``
    The scope's patents ranked by a weighted composite, every indicator shown beside the rank
    (:func:`rank_key_patents`).
``citations``
    Most-cited patents and organisations, who cites the key patents, self-citation shares and
    citation links between organisations (:func:`citation_overview`).
``families``
    Outbound layout per applicant (family members abroad) and foreign families entering China
    (:func:`family_overview`).
``checks``
    One row per indicator or field: available in the loaded sources or not (:func:`key_patent_checks`).

Missing data are never zeros: an indicator the loaded files do not give for a patent is null
(``None``/NaN), and the ``checks`` table says which fields no loaded source carries. The counting
runs in DuckDB over the analytic tables (the ``key_patents_*.sql`` files beside this module, run by
:func:`~patentnav.graph.analysis.scope.run_sql`); pandas only derives shares from aggregated rows.

The module stays whole: its four tables share the indicator definitions of this docstring (a good part of its
length), the scope and the helpers that shape their sections.

Indicators
----------
Cohort
    Patents of the same IPC subclass (of the main classification, else the smallest subclass the patent
    is classified in) and application year, over **every loaded patent** (not only the scope's), so a
    patent's scores do not change when the scope is narrowed. Citation, family and claim counts depend
    strongly on field and age; comparing a patent with its cohort is how Squicciarini, Dernis & Criscuolo
    (2013) normalise their indicators (cohorts of the same filing year and technology field).
Percentile (``*_pct``)
    The mid-rank percentile of a count within its cohort, over the cohort's patents for which the count is
    known: ``(patents below + half of the patents equal, itself included) / patents known``, in (0, 1]. A
    patent alone in its cohort, or tied with all of it, scores 0.5. Percentiles are robust to the heavy
    skew of citation counts.
``forward_citations``
    Citations received (Trajtenberg 1990; Squicciarini et al. 2013, "forward citations"): the larger of the
    largest count an export states (``pnav:citedByCount``: 被引证次数, Cited by Patent Count …) and the
    number of citing documents the files list (``pnav:cites`` links, loaded patents or reference nodes). Both
    are lower bounds of the true count. Null for a patent with neither a stated count nor a listed citation
    in either direction. Counts are not limited to a window after filing (the exports do not say when each
    citation was made), which is why they are compared within the cohort (same application year).
``family_size``, ``family_countries``, ``member_countries``
    The patent's family (Harhoff, Scherer & Vopel 2003; Squicciarini et al. 2013, "family size"): the first
    kind the files give for it, in the order simple (简单同族: the same priorities), DocDB, extended
    (INPADOC), DWPI (``family_kind`` says which). ``family_size`` is the larger of the stated size and the
    listed members plus the patent itself. ``family_countries`` counts the distinct offices of the members
    (the two letters their publication numbers begin with: CN, US, EP, WO …) together with the patent's own
    country (``pnav:country``, else its own number's office) — the OECD's family size as "the number of
    patent offices at which a given invention has been protected". ``member_countries`` lists them. Null
    when the files give no family fact for the patent (an export that lists only the patent itself as its
    family leaves no fact, so that patent reads as unknown, not as a family of one).
``claims``, ``independent_claims``
    Number of claims and of independent claims as stated (权利要求数量, 独立权利要求数量; Tong & Frame 1994;
    Squicciarini et al. 2013, "claims"): more claims, broader protection.
``term_years``, ``term_end``, ``remaining_years``, ``remaining_term_score``
    The term of protection runs from the filing date (Patent Law of the PRC as amended in 2020, Art. 42):
    20 years for an invention, 10 for a utility model, 10 for a design, 15 for a design filed on or after
    2021-06-01 (when the amendment took effect). ``term_end`` is the lapse date when an export gives one
    (失效日), else the filing date plus the term. ``remaining_years`` = years from ``as_of`` to
    ``term_end`` (days / 365.25, at least 0) for a patent in force; 0 for a patent not in force (lapsed,
    or an application not yet granted); 0 for a patent of unknown status whose lapse date has passed; else
    null. ``remaining_term_score`` = ``remaining_years / term_years`` (at most 1; 0 when nothing remains).
    Renewal of the right until late in its term is the classic revealed measure of value (Pakes &
    Schankerman 1984; Squicciarini et al. 2013, "patent renewal").
``in_force``
    1 for legal status ``active`` (granted, in force), 0 for ``inactive`` and ``pending``, null when the
    status is not known.
``litigated``, ``invalidated``, ``licensed``, ``transferred``, ``pledged``
    1 when the patent has a legal event of that kind (``invalidated``: an invalidation or re-examination
    request), else 0 — when the scope's sources carry legal events at all; null for every patent when no
    scope patent has any event (the ``checks`` table says so). Litigation (Lanjouw & Schankerman 2001) and
    oppositions or invalidation requests (Harhoff, Scherer & Vopel 2003) are fought over valuable patents;
    transfers (Serrano 2010), licences and pledges as loan collateral (Fischer & Ringler 2014) show a
    market paying for the right.
``composite``
    ``sum(w_i * s_i) / sum(w_i)`` over the indicators known for the patent, with the scores ``s_i`` in
    [0, 1]: the cohort percentiles of forward citations, family countries, claims and independent claims;
    the remaining-term score; ``in_force`` and the five event flags as 0/1. The weights ``w_i`` are
    :class:`KeyPatentWeights`. ``weight_covered`` = the known indicators' weight / all weight: a composite
    built on little data shows a low ``weight_covered``. Patents are ranked by composite, then
    ``weight_covered``, then IRI (``rank`` 1 is the best).
``vendor_score``, ``vendor_indicator``, ``vendor``, ``vendor_scores``
    A score a vendor computed and the export states (incoPat's 合享价值度 …), attributed to the vendor
    (``pnav:statedBy``) and never part of the composite: its method is the vendor's. ``vendor_scores``
    lists every vendor score of the patent as ``indicator value (vendor)``.

References
----------
Squicciarini, M., Dernis, H. & Criscuolo, C. (2013). Measuring Patent Quality: Indicators of Technological
and Economic Value. OECD Science, Technology and Industry Working Papers 2013/03, OECD Publishing, Paris.
Trajtenberg, M. (1990). A penny for your quotes: patent citations and the value of innovations. RAND
Journal of Economics 21(1), 172-187.
Hall, B. H., Jaffe, A. & Trajtenberg, M. (2005). Market value and patent citations. RAND Journal of
Economics 36(1), 16-38 (self-citations).
Harhoff, D., Scherer, F. M. & Vopel, K. (2003). Citations, family size, opposition and the value of patent
rights. Research Policy 32(8), 1343-1363.
Tong, X. & Frame, J. D. (1994). Measuring national technological performance with patent claims data.
Research Policy 23(2), 133-141.
Pakes, A. & Schankerman, M. (1984). The rate of obsolescence of patents, research gestation lags, and the
private rate of return to research resources. In Z. Griliches (ed.), R&D, Patents, and Productivity,
University of Chicago Press, 73-88.
Lanjouw, J. O. & Schankerman, M. (2001). Characteristics of patent litigation: a window on competition.
RAND Journal of Economics 32(1), 129-151.
Serrano, C. J. (2010). The dynamics of the transfer and renewal of patents. RAND Journal of Economics
41(4), 686-708.
Fischer, T. & Ringler, P. (2014). What patents are used as collateral? An empirical analysis of patent
reassignment data. Journal of Business Venturing 29(5), 633-650.
Patent Law of the People's Republic of China (2020 amendment, in force 2021-06-01), Art. 42.

>>> KeyPatentWeights().total
1.0
>>> statutory_term("design", date(2021, 6, 1)), statutory_term("design", date(2021, 5, 31))
(15, 10)
>>> from patentnav.graph.store import open_store
>>> from patentnav.graph.bootstrap import ensure_seeded
>>> store = open_store("memory://"); _ = ensure_seeded(store)
>>> key_patents(store, Scope())  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
patentnav.graph.errors.EmptyScopeError: no patents in scope (the whole store): ...
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, fields
from datetime import date
from typing import Any

import pandas as pd

from patentnav.graph.analysis.landscape import home_regions
from patentnav.graph.analysis.scope import InvalidParameterError, Scope, require_patents, run_sql
from patentnav.graph.store import PatentStore

__all__ = [
    "CITATION_COLUMNS",
    "DESIGN_LONG_TERM_FROM",
    "DESIGN_LONG_TERM_YEARS",
    "FAMILY_COLUMNS",
    "NOT_AVAILABLE",
    "TERMINAL_COLUMNS",
    "TERM_YEARS",
    "KeyPatentWeights",
    "citation_overview",
    "family_overview",
    "key_patent_checks",
    "key_patents",
    "rank_key_patents",
    "statutory_term",
    "terminal_columns",
]

#: Terms of protection in years from the filing date (Patent Law of the PRC, Art. 42).
TERM_YEARS = {"invention": 20, "utility": 10, "design": 10}
#: Designs filed on or after this day (the 2020 amendment in force) are protected for 15 years.
DESIGN_LONG_TERM_FROM = date(2021, 6, 1)
DESIGN_LONG_TERM_YEARS = 15
#: The ``checks`` status of a field no loaded source gives.
NOT_AVAILABLE = "not available in the loaded sources"
AVAILABLE = "available"

CITATION_COLUMNS = [
    "section", "rank", "patent", "application_number", "publication_number", "title", "org", "name",
    "cited_org", "cited_name", "patents", "with_data", "cited_patents", "forward_citations", "stated", "listed",
    "citations", "citing_patents", "attributed", "self_citations", "self_share", "self", "basis",
]  # fmt: skip
FAMILY_COLUMNS = [
    "section", "rank", "org", "name", "origin", "patents", "with_family_data", "abroad", "share_abroad",
    "countries", "foreign_applicant", "foreign_priority", "earlier_member_abroad", "home_coapplicant", "market",
    "share",
]  # fmt: skip
CHECK_COLUMNS = ["indicator", "field", "status", "patents", "of", "coverage", "note"]
#: The columns a terminal table of the ranking shows (``attrs["terminal_columns"]``; JSON and CSV have them all).
TERMINAL_COLUMNS = [
    "rank", "application_number", "applicant_name", "year", "forward_citations", "family_countries", "claims",
    "remaining_years", "in_force", "composite", "weight_covered", "vendor_score",
]  # fmt: skip


def terminal_columns(df: pd.DataFrame) -> list[str]:
    """The columns of a sectioned table that hold a value in some row (what a terminal table shows).

    >>> terminal_columns(pd.DataFrame({"section": ["a"], "x": [None], "y": [1]}))
    ['section', 'y']
    """
    return [c for c in df.columns if df[c].notna().any()]


@dataclass(frozen=True)
class KeyPatentWeights:
    """Weights of the key-patent composite (see the module docstring), with their defaults.

    Any non-negative numbers, not all zero; the composite divides by the weights of the indicators
    known for each patent, so they need not add up to 1 (the defaults do).

    Attributes
    ----------
    forward_citations : 0.30
        Cohort percentile of forward citations: the most studied value indicator.
    family_countries : 0.15
        Cohort percentile of the offices the family reaches.
    claims : 0.10
        Cohort percentile of the number of claims.
    independent_claims : 0.05
        Cohort percentile of the number of independent claims.
    remaining_term : 0.15
        Share of the term of protection still to run.
    in_force : 0.10
        1 when in force.
    litigated, invalidated, licensed, transferred, pledged : 0.04, 0.03, 0.04, 0.02, 0.02
        1 when the patent has an event of the kind.

    >>> KeyPatentWeights(forward_citations=1, family_countries=0).parameters()["w_forward_citations"]
    1.0
    >>> KeyPatentWeights(claims=-1)
    Traceback (most recent call last):
    ...
    patentnav.graph.errors.InvalidParameterError: weight claims must be a finite number >= 0, not -1
    """

    forward_citations: float = 0.30
    family_countries: float = 0.15
    claims: float = 0.10
    independent_claims: float = 0.05
    remaining_term: float = 0.15
    in_force: float = 0.10
    litigated: float = 0.04
    invalidated: float = 0.03
    licensed: float = 0.04
    transferred: float = 0.02
    pledged: float = 0.02

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if not isinstance(value, int | float) or isinstance(value, bool) or not math.isfinite(value) or value < 0:
                raise InvalidParameterError(f"weight {f.name} must be a finite number >= 0, not {value!r}")
        if self.total <= 0:
            raise InvalidParameterError("the key-patent weights are all 0: give at least one a positive weight")

    @property
    def total(self) -> float:
        """The sum of the weights."""
        return round(sum(float(getattr(self, f.name)) for f in fields(self)), 12)

    def parameters(self) -> dict[str, Any]:  # Any: spread into run_sql's keyword parameters
        """The weights as the SQL's named parameters (``$w_forward_citations`` …)."""
        return {f"w_{k}": float(v) for k, v in asdict(self).items()}


def statutory_term(patent_type: str | None, filed: date | None) -> int | None:
    """Years of protection from the filing date for a patent type (Patent Law of the PRC, Art. 42).

    >>> statutory_term("invention", date(2015, 3, 1)), statutory_term("utility", None), statutory_term(None, None)
    (20, 10, None)
    """
    if patent_type == "design" and filed is not None and filed >= DESIGN_LONG_TERM_FROM:
        return DESIGN_LONG_TERM_YEARS
    return TERM_YEARS.get(patent_type or "")


def _term_parameters() -> dict[str, Any]:
    return {
        "invention_years": TERM_YEARS["invention"],
        "utility_years": TERM_YEARS["utility"],
        "design_years": TERM_YEARS["design"],
        "design_long_years": DESIGN_LONG_TERM_YEARS,
        "design_long_from": DESIGN_LONG_TERM_FROM,
    }


def _dates(df: pd.DataFrame, columns: list[str]) -> None:
    """Timestamps to :class:`datetime.date` (``None`` when missing), in place."""
    for c in columns:
        df[c] = pd.Series([v.date() if pd.notna(v) else None for v in df[c]], index=df.index, dtype=object)


def _ints(df: pd.DataFrame, columns: list[str]) -> None:
    """Whole-number columns as Python ints, ``None`` where missing (not NaN floats), in place."""
    for c in columns:
        if c in df:
            df[c] = pd.Series([int(v) if pd.notna(v) else None for v in df[c]], index=df.index, dtype=object)


#: The ranking is read for at least this many patents and cut to the caller's ``limit``: the workspace's key-patents
#: panel (20) and the early warnings' key patents (50) then share one query over the scope (0.2 s at 1M patents).
_RANKED_AT_LEAST = 50


def _check_limit(limit: int | None) -> int | None:
    if limit is not None and (not isinstance(limit, int) or limit < 1):
        raise InvalidParameterError(f"limit must be a positive whole number, not {limit!r}")
    return limit


def rank_key_patents(
    store: PatentStore,
    scope: Scope,
    *,
    weights: KeyPatentWeights | None = None,
    limit: int | None = 50,
    as_of: date | None = None,
) -> pd.DataFrame:
    """The scope's patents ranked by the key-patent composite, each indicator beside the rank.

    Definitions are in the module docstring. ``limit`` keeps the best ``limit`` patents (``None``: all).

    Parameters
    ----------
    weights : KeyPatentWeights, optional
        The composite's weights (default :class:`KeyPatentWeights`).
    limit : int or None, default 50
    as_of : date, optional
        The day the remaining term is counted from (default today).

    Returns
    -------
    DataFrame with columns ``rank, patent, application_number, publication_number, title, applicant``
    (first applicant's IRI), ``applicant_name, application_date, year, patent_type, legal_status,
    cohort_subclass, cohort_size, forward_citations, forward_citations_pct, family_kind, family_size,
    family_countries, member_countries, family_countries_pct, claims, claims_pct, independent_claims,
    independent_claims_pct, term_years, term_end, remaining_years, remaining_term_score, in_force, litigated,
    invalidated, licensed, transferred, pledged, composite, weight_covered, vendor_score, vendor_indicator,
    vendor, vendor_scores``. Unknown values are ``None``/NaN. ``attrs`` hold the weights and ``as_of``.
    """
    weights = weights or KeyPatentWeights()
    limit = _check_limit(limit)
    as_of = as_of or date.today()
    require_patents(store, scope)
    read = None if limit is None else max(limit, _RANKED_AT_LEAST)
    df = run_sql(
        store, "key_patents_ranking.sql", scope, as_of=as_of, limit=read, **_term_parameters(), **weights.parameters()
    )
    if limit is not None and len(df) > limit:
        df = df.head(limit).copy()  # the best ``limit``: the ranking's order and rank numbers are the same
    _dates(df, ["application_date", "term_end"])
    _ints(df, ["year", "cohort_size", "forward_citations", "family_size", "family_countries", "claims",
               "independent_claims", "term_years", "in_force", "litigated", "invalidated", "licensed",
               "transferred", "pledged"])  # fmt: skip
    df.attrs.update(as_of=as_of.isoformat(), weights=asdict(weights), limit=limit, terminal_columns=TERMINAL_COLUMNS)
    return df


def _section(df: pd.DataFrame, name: str, columns: list[str], *, ranked: bool = True) -> pd.DataFrame:
    df = df.copy()
    df.insert(0, "section", name)
    if ranked:
        df.insert(1, "rank", range(1, len(df) + 1))
    return df.reindex(columns=columns)


def _share(num: Any, den: Any) -> float | None:
    if num is None or den is None or pd.isna(num) or pd.isna(den) or den == 0:
        return None
    return float(num) / float(den)


def _concat(parts: list[pd.DataFrame], columns: list[str]) -> pd.DataFrame:
    """Sections one under the other, in ``columns``; missing values are ``None``."""
    parts = [p.astype(object) for p in parts if len(p)]
    df = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=columns)
    df = df.reindex(columns=columns).astype(object)
    return df.where(df.notna(), None)


def citation_overview(
    store: PatentStore, scope: Scope, *, key: list[str] | None = None, limit: int | None = 50
) -> pd.DataFrame:
    """Most-cited patents and organisations, who cites the key patents, self-citation and organisation links.

    One table, one ``section`` per question:

    ``most_cited_patent``
        The scope's patents cited at least once, by ``forward_citations`` (as in :func:`rank_key_patents`;
        ``stated`` = the largest count an export states, ``listed`` = citing documents the files list).
    ``most_cited_org``
        Each applicant of a scope patent with the ``forward_citations`` its scope patents receive (whole
        counting), ``patents``, ``with_data`` (with citation data), ``cited_patents`` (cited at least once);
        ``attributed`` = listed citations from loaded patents with an applicant, ``self_citations`` = of those,
        from the organisation's own patents, ``self_share`` = self_citations / attributed.
    ``citing_org``
        Who builds on whom: organisations (``org``) whose patents cite the key patents ``key`` (default: the
        best ``limit`` of :func:`rank_key_patents`), by the cited patent's applicant (``cited_org``):
        ``citations`` (citing-cited patent pairs), ``citing_patents``, ``cited_patents``, ``self``.
    ``self_citation``
        The scope's self-citation share on two ``basis`` rows: ``listed links`` (a listed citation whose
        citing patent shares an applicant with the cited patent, over the attributed citations) and ``stated
        counts`` (self / (self + other) forward counts an export states, 被自引次数 / 被他引次数). Self-citations
        signal cumulative in-house development (Hall, Jaffe & Trajtenberg 2005).
    ``org_link``
        Citation links between organisations: every listed citation between loaded patents with applicants,
        one of them in the scope, per (citing ``org``, ``cited_org``) pair: ``citations``, ``self``.

    Only citations the files list by number (``pnav:cites``) can be attributed to organisations; the citing
    documents outside the loaded files (reference nodes) have no applicant. ``limit`` caps every ranked
    section (``None``: no cap).

    Returns
    -------
    DataFrame with the columns of :data:`CITATION_COLUMNS`.
    """
    limit = _check_limit(limit)
    require_patents(store, scope)
    if key is None:
        key = rank_key_patents(store, scope, limit=limit)["patent"].tolist()
    cited = run_sql(store, "key_patents_cited.sql", scope, limit=limit)
    orgs = run_sql(store, "key_patents_cited_orgs.sql", scope, limit=limit)
    orgs["self_share"] = [_share(s, a) for s, a in zip(orgs["self_citations"], orgs["attributed"], strict=True)]
    citing = run_sql(store, "key_patents_citing_orgs.sql", scope, key=list(key), limit=limit)
    self_rows = run_sql(store, "key_patents_self_citation.sql", scope)
    self_rows["self_share"] = [
        _share(s, c) for s, c in zip(self_rows["self_citations"], self_rows["citations"], strict=True)
    ]
    links = run_sql(store, "key_patents_org_links.sql", scope, limit=limit)
    df = _concat(
        [
            _section(cited, "most_cited_patent", CITATION_COLUMNS),
            _section(orgs, "most_cited_org", CITATION_COLUMNS),
            _section(citing, "citing_org", CITATION_COLUMNS),
            _section(self_rows, "self_citation", CITATION_COLUMNS, ranked=False),
            _section(links, "org_link", CITATION_COLUMNS),
        ],
        CITATION_COLUMNS,
    )
    df.attrs.update(limit=limit, key_patents=len(key), terminal_columns=terminal_columns(df))
    return df


def family_overview(store: PatentStore, scope: Scope, *, limit: int | None = 50) -> pd.DataFrame:
    """Outbound layout per applicant and foreign families entering China (inbound).

    ``outbound_scope`` (one row: the whole scope) and ``outbound`` (per applicant of the scope's patents,
    whole counting, ranked by ``abroad``, then ``patents``)
        ``patents``, ``with_family_data`` (patents with a family fact), ``abroad`` (patents with a family
        member at another office than the patent's own country; the family kind as in
        :func:`rank_key_patents`), ``share_abroad`` = abroad / with_family_data, ``countries`` = the offices
        abroad with the number of patents reaching each (``US 3, EP 1``).
    ``inbound_total`` (one row) and ``inbound`` (per ``origin``)
        Foreign families entering China, in the *market* of the scope (its industry and period over all
        regions: a Chinese patent covers the whole country, and foreign applicants are located in no Chinese
        region, so a region's own patents could not show them). A market patent of the Chinese office is
        inbound when

        * ``foreign_applicant``: some applicant has a country other than CN and no applicant is Chinese
          (country CN or located in a Chinese region); or
        * ``foreign_priority``: it claims the priority of an application filed at another office (a priority
          number beginning with another office's two letters: the first filing was abroad, Paris Convention
          Art. 4); or
        * ``earlier_member_abroad``: a member of its family (any kind, linked either way) is a loaded patent
          of another office with an earlier application date (the family's earliest member is abroad).

        ``origin`` is the foreign priority's office, else the earlier member's office, else the applicants'
        country. ``patents`` counts inbound patents (each once, so the three reason columns may add up to
        more), ``home_coapplicant`` those with an applicant in the scope's region, ``market`` the market's
        Chinese patents and ``share`` = patents / market.

    Returns
    -------
    DataFrame with the columns of :data:`FAMILY_COLUMNS`.
    """
    limit = _check_limit(limit)
    require_patents(store, scope)
    out = run_sql(store, "key_patents_outbound.sql", scope, limit=limit).drop(columns="k")
    out["share_abroad"] = [_share(a, w) for a, w in zip(out["abroad"], out["with_family_data"], strict=True)]
    inbound = run_sql(store, "key_patents_inbound.sql", scope.without_region(), home=home_regions(scope))
    inbound["share"] = [_share(p, m) for p, m in zip(inbound["patents"], inbound["market"], strict=True)]
    df = _concat(
        [
            _section(out.iloc[:1], "outbound_scope", FAMILY_COLUMNS, ranked=False),
            _section(out.iloc[1:], "outbound", FAMILY_COLUMNS),
            _section(inbound.iloc[:1], "inbound_total", FAMILY_COLUMNS, ranked=False),
            _section(inbound.iloc[1:], "inbound", FAMILY_COLUMNS),
        ],
        FAMILY_COLUMNS,
    )
    df.attrs.update(
        limit=limit, market="the scope's industry and period over all regions", terminal_columns=terminal_columns(df)
    )
    return df


def key_patent_checks(store: PatentStore, scope: Scope, *, as_of: date | None = None) -> pd.DataFrame:
    """What the loaded sources give for each indicator: one row per indicator or field.

    ``status`` is ``available`` when at least one scope patent has the field, else
    ``not available in the loaded sources`` (:data:`NOT_AVAILABLE`), and then the indicator's
    columns are null in every table, never 0. ``patents`` counts the scope patents with the field,
    ``of`` the patents it is counted over (the scope's, or the market's for priorities),
    ``coverage`` = patents / of; ``note`` says what is used and what a missing value means. ``as_of``
    (default today) is the day the remaining term is counted from, as in :func:`rank_key_patents`.

    Returns
    -------
    DataFrame with columns ``indicator, field, status, patents, of, coverage, note``.
    """
    require_patents(store, scope)
    c = run_sql(store, "key_patents_checks.sql", scope, as_of=as_of or date.today()).iloc[0]
    n, market = int(c["patents"]), int(c["market"])
    rows = [
        ("cohort_subclass", "pnav:classifiedIn / pnav:mainClassification", c["ipc"], n,
         "patents without an IPC class form the cohort of unclassified patents of their year"),
        ("cohort_year", "pnav:applicationDate / pnav:applicationYear", c["filed"], n,
         "patents without an application year form a cohort of their own"),
        ("forward_citations", "pnav:citedByCount, pnav:cites", c["citation_data"], n,
         f"stated counts for {int(c['stated_forward'])}, listed citing documents for {int(c['listed_forward'])}; "
         "the larger is used; null without either"),
        ("citing_organisations", "pnav:cites from loaded patents with an applicant", c["attributed"], n,
         "who builds on whom and organisation links need listed citation numbers that resolve to loaded patents"),
        ("self_citation_stated", "pnav:citedBySelfCount + pnav:citedByOtherCount", c["stated_self"], n,
         "the stated self-citation basis of the citations table"),
        ("family_size / family_countries", "pnav:*FamilyMember, pnav:*FamilySize", c["family"], n,
         "simple, DocDB, extended or DWPI family, the first the files give; null without one"),
        ("claims", "pnav:claimsCount", c["claims"], n, "null when not stated"),
        ("independent_claims", "pnav:independentClaimsCount", c["independent_claims"], n, "null when not stated"),
        ("remaining_term", "pnav:legalStatus + pnav:patentType + pnav:applicationDate, or pnav:lapseDate",
         c["remaining_term"], n,
         f"lapse dates stated for {int(c['lapse_date'])} patents, the statutory term from the filing date otherwise; "
         "null when the legal status is unknown (unless the lapse date has passed)"),
        ("in_force", "pnav:legalStatus", c["legal_status"], n, "null when the status is unknown"),
        ("litigated / invalidated / licensed / transferred / pledged", "pnav:legalEvent", c["events"], n,
         "0/1 per patent when the scope's sources carry legal events; all null when none does"),
        ("vendor_score", "pnav:vendorScore", c["vendor_scores"], n,
         "as stated by the vendor, shown apart and never part of the composite"),
        ("foreign_priority (inbound)", "pnav:priorityNumber", c["priority_numbers"], market,
         "counted over the market (all regions); without priorities inbound rests on applicants and family dates"),
    ]  # fmt: skip
    df = pd.DataFrame(
        [
            {
                "indicator": indicator,
                "field": field,
                "status": AVAILABLE if int(have) > 0 else NOT_AVAILABLE,
                "patents": int(have),
                "of": int(of),
                "coverage": _share(int(have), int(of)),
                "note": note,
            }
            for indicator, field, have, of, note in rows
        ],
        columns=CHECK_COLUMNS,
    )
    return df


def key_patents(
    store: PatentStore,
    scope: Scope,
    *,
    weights: KeyPatentWeights = KeyPatentWeights(),
    limit: int | None = 50,
    as_of: date | None = None,
) -> dict[str, pd.DataFrame]:
    """All key-patent tables for a scope, by name: ``key_patents``, ``citations``, ``families``, ``checks``.

    ``limit`` caps the ranked tables (the key patents whose citing organisations are shown are the
    ``limit`` best). See :func:`rank_key_patents`, :func:`citation_overview`, :func:`family_overview` and
    :func:`key_patent_checks`.
    """
    ranked = rank_key_patents(store, scope, weights=weights, limit=limit, as_of=as_of)
    return {
        "key_patents": ranked,
        "citations": citation_overview(store, scope, key=ranked["patent"].tolist(), limit=limit),
        "families": family_overview(store, scope, limit=limit),
        "checks": key_patent_checks(store, scope, as_of=as_of),
    }
