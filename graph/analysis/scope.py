"""The scope an analysis covers (industry x region x period) and how it reaches SPARQL.

Every analysis takes a :class:`Scope`. :func:`resolve_scope` turns what a user typed
(``construction-machinery``, ``430100``, ``2015``) into checked IRIs and dates, and
refuses what cannot be right: an unknown industry or region, a reversed period. An
analysis that finds no patent in its scope raises :class:`EmptyScopeError` rather than
return an empty table that would read as "no risk".

The ``.rq`` files beside this module carry a ``# SCOPE`` marker inside their WHERE
clause. Run as they are (e.g. from the SPARQL UI) they cover the whole store;
:func:`scoped_query` replaces the marker's line with the scope's patent set, one
``SELECT DISTINCT ?patent`` sub-query whose only variable parts are typed terms bound by
:func:`patentnav.graph.store.bind_variables`. A pattern written before the marker on the
same line (``?patent a pnav:Patent .  # SCOPE``) is what the query runs unscoped; a
scope replaces it, because every scope pattern implies a patent (the domains of
``pnav:inIndustry``, ``pnav:applicant`` and ``pnav:applicationDate``).

Why a sub-query: pyoxigraph joins a pattern to the rows before it by one index lookup
per row. Finding the scope's patents once, as a set, and leaving out the redundant
``a pnav:Patent`` join makes scoped queries much faster on a large store (figures in
``benchmarks/README.md``).

>>> from patentnav.graph.store import open_store
>>> from patentnav.graph.bootstrap import ensure_seeded
>>> store = open_store("memory://"); _ = ensure_seeded(store)
>>> scope = resolve_scope(store, industry="construction-machinery", region="430100", start="2015", end="2020")
>>> scope.industry_id, scope.region_id, str(scope.start), str(scope.end)
('construction-machinery', '430100', '2015-01-01', '2020-12-31')
"""

from __future__ import annotations

import calendar
import contextlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pandas as pd
import pyoxigraph as ox

from patentnav.graph.errors import AnalysisError, EmptyScopeError, InvalidParameterError, UnknownEntityError
from patentnav.graph.store import PatentStore, load_rq, select
from patentnav.ontology import ENTITY_TYPES, ID, PNAV, entity_iri

__all__ = [
    "AnalysisError",
    "EmptyScopeError",
    "InvalidParameterError",
    "Scope",
    "UnknownEntityError",
    "count_patents",
    "in_list",
    "parse_period_bound",
    "region_members",
    "require_patents",
    "resolve_scope",
    "run_sql",
    "run_table",
    "scope_parameters",
    "scoped_query",
    "term_list",
]

XSD_DATE = ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")
# The marker's line: an optional unscoped pattern (group 1 starts it), then "# SCOPE".
_SCOPE_LINE = re.compile(r"^[ \t]*(.*?)# SCOPE[^\n]*$", re.MULTILINE)


@dataclass(frozen=True)
class Scope:
    """What an analysis covers. ``None`` means "no restriction".

    Attributes
    ----------
    industry : IRI of a ``pnav:Industry`` (patents linked by ``pnav:inIndustry``).
    region : IRI of a ``pnav:Region``; a patent is in it when any applicant is located in
        the region or any region below it (``pnav:partOfRegion`` / ``pnav:includesRegion``).
    start, end : inclusive bounds on the application date.
    region_set : the region and every region below it (filled by :func:`resolve_scope`).
    """

    industry: str | None = None
    region: str | None = None
    start: date | None = None
    end: date | None = None
    region_set: tuple[str, ...] = field(default=(), compare=False)

    @property
    def industry_id(self) -> str | None:
        return self.industry.rsplit("/", 1)[-1] if self.industry else None

    @property
    def region_id(self) -> str | None:
        return self.region.rsplit("/", 1)[-1] if self.region else None

    def without_region(self) -> Scope:
        """The same scope over all regions: the market a region is compared with."""
        return Scope(industry=self.industry, start=self.start, end=self.end)

    def describe(self) -> dict[str, Any]:
        """Plain parameters, for result metadata."""
        return {
            "industry": self.industry,
            "region": self.region,
            "from": self.start.isoformat() if self.start else None,
            "to": self.end.isoformat() if self.end else None,
        }


_PERIOD = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


def parse_period_bound(value: str | int | date | None, *, end: bool = False) -> date | None:
    """Read ``2015``, ``2015-03`` or ``2015-03-01``; a year or month as an end bound means its last day.

    >>> parse_period_bound("2015", end=True)
    datetime.date(2015, 12, 31)
    >>> parse_period_bound("2016-02", end=True)
    datetime.date(2016, 2, 29)
    """
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    match = _PERIOD.match(str(value).strip())
    if not match:
        raise InvalidParameterError(f"period bound {value!r} is not a year, year-month or date (YYYY[-MM[-DD]])")
    year_text, month_text, day_text = match.groups()  # the year always matches
    year = int(year_text)
    month = int(month_text) if month_text else None
    day = int(day_text) if day_text else None
    try:
        if month is None:
            return date(year, 12, 31) if end else date(year, 1, 1)
        if day is None:
            return date(year, month, calendar.monthrange(year, month)[1] if end else 1)
        return date(year, month, day)
    except ValueError as exc:
        raise InvalidParameterError(f"period bound {value!r} is not a valid date: {exc}") from exc


def _entity(store: PatentStore, kind: str, value: str) -> str:
    """Resolve an id, IRI or exact label to the IRI of an entity of ``kind``."""
    cls = PNAV.term(ENTITY_TYPES[kind])
    value = value.strip()
    candidates: list[str] = []
    if value.startswith(ID):
        candidates.append(value)
    else:
        with contextlib.suppress(ValueError):
            candidates.append(entity_iri(kind, value))
    for iri in candidates:
        if select(
            store, "SELECT ?x WHERE { ?e a ?cls BIND(1 AS ?x) } LIMIT 1", e=ox.NamedNode(iri), cls=ox.NamedNode(cls)
        ):
            return iri
    rows = select(
        store,
        "SELECT DISTINCT ?e WHERE { ?e a ?cls ; rdfs:label|skos:prefLabel ?l . FILTER(STR(?l) = ?name) }",
        cls=ox.NamedNode(cls),
        name=ox.Literal(value),
    )
    if len(rows) == 1:
        return rows[0]["e"]
    known = select(store, "SELECT ?e WHERE { ?e a ?cls } ORDER BY ?e LIMIT 20", cls=ox.NamedNode(cls))
    ids = ", ".join(r["e"].rsplit("/", 1)[-1] for r in known) or "none loaded"
    raise UnknownEntityError(f"unknown {kind} {value!r}: known {kind} ids include {ids}")


def region_members(store: PatentStore, region: str) -> tuple[str, ...]:
    """The region and every region below it (districts of a city, cities of a city group).

    >>> from patentnav.graph.store import open_store
    >>> from patentnav.graph.bootstrap import ensure_seeded
    >>> s = open_store("memory://"); _ = ensure_seeded(s)
    >>> sorted(r[-6:] for r in region_members(s, "https://w3id.org/patentnav/id/region/changzhutan"))
    ['430100', '430200', '430300', 'zhutan']
    """
    rows = select(store, load_rq(__package__, "region_members.rq"), region=ox.NamedNode(region))
    return tuple(sorted({region, *(r["member"] for r in rows)}))


def resolve_scope(
    store: PatentStore,
    *,
    industry: str | None = None,
    region: str | None = None,
    start: str | int | date | None = None,
    end: str | int | date | None = None,
) -> Scope:
    """Check the parameters against the store and build a :class:`Scope`.

    Raises
    ------
    UnknownEntityError
        The industry or region is not in the store.
    InvalidParameterError
        A period bound is malformed, or ``start`` is after ``end``.
    """
    start_d = parse_period_bound(start)
    end_d = parse_period_bound(end, end=True)
    if start_d and end_d and start_d > end_d:
        raise InvalidParameterError(f"period is reversed: from {start_d} is after to {end_d}")
    industry_iri = _entity(store, "industry", industry) if industry else None
    region_iri = _entity(store, "region", region) if region else None
    members = region_members(store, region_iri) if region_iri else ()
    return Scope(industry=industry_iri, region=region_iri, start=start_d, end=end_d, region_set=members)


def in_list(iris: tuple[str, ...] | list[str]) -> str:
    """SPARQL list ``<a>, <b>`` of IRIs (typed terms, escaped by pyoxigraph)."""
    return ", ".join(str(ox.NamedNode(i)) for i in iris) or "<urn:patentnav:none>"


def term_list(terms: list[ox.NamedNode | ox.Literal]) -> str:
    """SPARQL list of typed terms, for ``?x IN (...)``; never empty."""
    return ", ".join(str(t) for t in terms) or "<urn:patentnav:none>"


def _literally(text: str) -> Callable[[re.Match[str]], str]:
    """A ``re.sub`` replacement that puts ``text`` as it is (no backslash escapes read)."""
    return lambda _match: text


def scoped_query(
    sparql: str,
    scope: Scope,
    *,
    use_region: bool = True,
    home: tuple[str, ...] = (),
    lists: dict[str, list[ox.NamedNode | ox.Literal]] | None = None,
) -> tuple[str, dict[str, ox.NamedNode | ox.Literal]]:
    """Put the scope's patterns at the ``# SCOPE`` marker; return the query and its bindings.

    ``?homeRegions`` in the query (used as ``?x IN (?homeRegions)``) becomes the list
    ``home`` (by default the scope's region set); each ``?name`` of ``lists`` likewise
    becomes its list of typed terms.
    """
    patterns: list[str] = []
    bindings: dict[str, ox.NamedNode | ox.Literal] = {}
    if scope.industry:
        patterns.append("?patent pnav:inIndustry ?scopeIndustry .")
        bindings["scopeIndustry"] = ox.NamedNode(scope.industry)
    if use_region and scope.region:
        values = " ".join(str(ox.NamedNode(i)) for i in scope.region_set)
        patterns.append(
            "{ SELECT DISTINCT ?patent WHERE { VALUES ?scopeLoc { " + values + " } "
            "?scopeOrg pnav:locatedIn ?scopeLoc . ?patent pnav:applicant ?scopeOrg . } }"
        )
    if scope.start or scope.end:
        patterns.append("?patent pnav:applicationDate ?scopeDate .")
        if scope.start:
            patterns.append("FILTER(?scopeDate >= ?scopeStart)")
            bindings["scopeStart"] = ox.Literal(scope.start.isoformat(), datatype=XSD_DATE)
        if scope.end:
            # Not "<=": Virtuoso 7.2 drops rows from a date "<=" filter (see targets_held.rq).
            patterns.append("FILTER(!(?scopeDate > ?scopeEnd))")
            bindings["scopeEnd"] = ox.Literal(scope.end.isoformat(), datatype=XSD_DATE)
    if patterns:
        if not _SCOPE_LINE.search(sparql):
            raise ValueError("query has no '# SCOPE' marker to put the scope at")
        patent_set = "{ SELECT DISTINCT ?patent WHERE { " + " ".join(patterns) + " } }"
        sparql = _SCOPE_LINE.sub(lambda m: m.group(0)[: m.start(1) - m.start()] + patent_set, sparql)
    if "?homeRegions" in sparql:
        sparql = sparql.replace("?homeRegions", in_list(home or scope.region_set))
    for name, terms in (lists or {}).items():
        sparql = re.sub(rf"\?{name}\b", _literally(term_list(terms)), sparql)
    return sparql, bindings


def run_table(
    store: PatentStore,
    rq_name: str,
    scope: Scope,
    *,
    use_region: bool = True,
    home: tuple[str, ...] = (),
    limit: int | None = None,
    lists: dict[str, list[ox.NamedNode | ox.Literal]] | None = None,
    package: str | None = None,
    markers: dict[str, str] | None = None,
    **bindings: ox.NamedNode | ox.Literal,
) -> pd.DataFrame:
    """Run a scoped ``.rq`` file and return its rows as a DataFrame (columns = variables).

    ``markers`` replaces comment lines such as ``# WINDOWS`` by generated SPARQL (VALUES
    blocks built from typed terms, never from user text).
    """
    sparql = load_rq(package or __package__, rq_name)
    for name, text in (markers or {}).items():
        sparql = sparql.replace(f"# {name}", text)
    sparql, scope_bindings = scoped_query(sparql, scope, use_region=use_region, home=home, lists=lists)
    if limit is not None:
        sparql += f"\nLIMIT {int(limit)}"
    result = store.query(sparql, substitutions={**scope_bindings, **bindings} or None, prefixes=True)
    assert isinstance(result, ox.QuerySolutions)  # the package's .rq tables are SELECT queries
    names = [v.value for v in result.variables]
    rows = select_rows(result, names)
    return pd.DataFrame(rows, columns=names)


def scope_parameters(scope: Scope, *, use_region: bool = True) -> dict[str, Any]:
    """The scope as the named parameters of the ``scope_patents`` SQL macro (``graph/tables/macros.sql``).

    >>> scope_parameters(Scope(industry="urn:i"))
    {'industry': 'urn:i', 'regions': None, 'start': None, 'end': None}
    """
    regions = list(scope.region_set or (scope.region,)) if use_region and scope.region else None
    return {"industry": scope.industry, "regions": regions, "start": scope.start, "end": scope.end}


def run_sql(
    store: PatentStore,
    sql_name: str,
    scope: Scope,
    *,
    use_region: bool = True,
    package: str | None = None,
    **params: Any,
) -> pd.DataFrame:
    """Run a ``.sql`` file over the analytic tables with the scope's parameters and ``params``.

    The file names the scope as ``scope_patents($industry, $regions, $start, $end)``; every
    other value is a named parameter too (``$home`` for a list of region IRIs, ``$limit`` …).
    This is the one way analyses fill their SQL (values are bound by DuckDB, never pasted).
    """
    from patentnav.graph.tables.engine import analytic_tables

    tables = analytic_tables(store)
    return tables.run(package or __package__, sql_name, **scope_parameters(scope, use_region=use_region), **params)


def select_rows(result: Any, names: list[str]) -> list[dict[str, Any]]:
    from patentnav.graph.store import term_value

    return [{n: term_value(row[n]) for n in names} for row in result]


def count_patents(store: PatentStore, scope: Scope, *, use_region: bool = True) -> int:
    """Distinct patents in the scope."""
    df = run_sql(store, "scope_count.sql", scope, use_region=use_region)
    return int(df.iloc[0]["patents"]) if len(df) else 0


def require_patents(store: PatentStore, scope: Scope, *, use_region: bool = True) -> int:
    """Count the scope's patents; raise :class:`EmptyScopeError` when there are none."""
    n = count_patents(store, scope, use_region=use_region)
    if n == 0:
        parts = [f"{k}={v}" for k, v in scope.describe().items() if v and (use_region or k != "region")]
        where = ", ".join(parts) or "the whole store"
        raise EmptyScopeError(f"no patents in scope ({where}): ingest patent exports first or widen the filters")
    return n
