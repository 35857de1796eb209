"""The scope an analysis covers (industry x region x period) and how it reaches SPARQL.

Every analysis takes a :class:`Scope`. :func:`resolve_scope` turns what a user typed
(``construction-machinery``, ``430100``, ``2015``) into checked IRIs and dates, and
refuses what cannot be right: an unknown industry or region, a reversed period. An
analysis that finds no patent in its scope raises :class:`EmptyScopeError` rather than
return an empty table that would read as "no risk".

The analyses count in DuckDB over the analytic tables: :func:`run_sql` runs a ``.sql`` file
with the scope as the named parameters of its ``scope_patents`` macro. The few SPARQL tables
left (targets, plans and observations) run through :func:`rq_table`, their values bound as
typed terms by :func:`patentnav.graph.store.select`'s bindings, the one way to fill a query.

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
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pandas as pd
import pyoxigraph as ox

from patentnav.graph.errors import AnalysisError, EmptyScopeError, InvalidParameterError, UnknownEntityError
from patentnav.graph.store import Binding, PatentStore, StoreError, load_rq, select, term_value
from patentnav.ontology import ENTITY_TYPES, ID, PNAV, entity_iri

__all__ = [
    "AnalysisError",
    "EmptyScopeError",
    "InvalidParameterError",
    "Scope",
    "UnknownEntityError",
    "count_patents",
    "parse_period_bound",
    "region_members",
    "require_patents",
    "resolve_scope",
    "rq_table",
    "run_sql",
    "scope_parameters",
]


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


def rq_table(store: PatentStore, rq_name: str, *, package: str | None = None, **bindings: Binding) -> pd.DataFrame:
    """Run a ``.rq`` file beside ``package`` (default: this one) and return its rows as a DataFrame.

    Bindings and rows are those of :func:`patentnav.graph.store.select`. It reads the query's
    variables itself, because a DataFrame names its columns also when no row comes back, and
    ``select``'s rows cannot tell them then.
    """
    result = store.query(load_rq(package or __package__, rq_name), substitutions=bindings or None, prefixes=True)
    if not isinstance(result, ox.QuerySolutions):
        raise StoreError(f"{rq_name} is not a SELECT query")
    names = [v.value for v in result.variables]
    return pd.DataFrame([{n: term_value(row[n]) for n in names} for row in result], columns=names)


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
