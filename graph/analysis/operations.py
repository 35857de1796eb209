"""Patent operations: transfers, licences, pledges, litigation and invalidation requests.

:func:`operations` returns five tables for a :class:`~patentnav.graph.analysis.scope.Scope`: ``transfers``,
``licences``, ``pledges``, ``litigation`` and ``checks``. Each of the first four is one long table whose
``section`` column says what a row answers (:data:`OPERATION_COLUMNS` are the columns of all four):

``by_year``
    Per ``kind`` and ``year``: ``patents`` (distinct patents with such an event), ``events`` and the distinct
    organisations on each side (``from_parties``, ``to_parties``).
``by_type``
    Per (``from_type`` -> ``to_type``): transferor -> transferee, licensor -> licensee, pledgor -> pledgee,
    plaintiff -> defendant. ``technology_transfer`` marks university or research institute -> enterprise
    transfers (科技成果转化).
``by_region``
    Per (``from_region`` -> ``to_region``) at an administrative ``level`` (default prefecture), with the
    ``direction`` relative to the scope's region: ``within``, ``out of``, ``into``, ``outside`` or
    ``not known`` (``None`` without a region).
``by_licence_type`` (licences)
    Per stated licence type (独占许可, 排他许可, 普通许可 …) in ``detail``.
``top_<role>``
    The organisations with most patents in a role (``top_transferor``, ``top_transferee``, ``top_licensor``,
    ``top_licensee``, ``top_pledgor``, ``top_pledgee``, ``top_plaintiff``, ``top_defendant``,
    ``top_requester``, ``invalidation_target``), each with ``org_type`` and where the type comes from
    (``type_source``: ``stated by the file`` or ``guessed from the name``), ``region`` and ``home``.
``home_defendant``, ``home_invalidation_target`` (litigation, with a region)
    Home enterprises sued, and home holders whose patents face invalidation or re-examination requests.

Definitions
-----------
Event
    One ``pnav:LegalEvent`` per patent and kind (transfer 转让, licence 许可, pledge 质押, litigation 诉讼,
    invalidation 无效宣告请求, reexamination 复审请求), as ingest writes it: exports list each kind's parties in
    one cell per side, without pairing them, with a stated count (转让次数 …).
``events``
    The sum of the stated counts, at least 1 per event (an event node with no stated count happened at least
    once); ``patents`` counts each patent once per row.
Year
    The year of the event date when an export gives one. Events without a date are counted in one row with
    ``year`` ``None`` and ``year_basis`` ``date not given`` -- not by application year: a transfer, licence
    or suit can happen at any time in the patent's life, and dating it by filing would move it by years and
    fake a trend. incoPat's full layout dates transfers (转让执行日), licences (许可合同备案日期), pledges (质押期限)
    and requests (无效决定日, 复审请求日); an event with several dates counts in the year of the first.
The scope's events
    Without a region: the events of the scope's patents. With a region, the events of the market's patents
    (the scope's industry and period over all regions) whose patent has an applicant in the region or whose
    parties include an organisation located there: a transfer into the region concerns a patent applied for
    elsewhere.
Parties on both sides
    Since parties are not paired, an event counts once for every combination of a from-party type (or place)
    and a to-party type (or place) it shows; a party on both sides (the middle holder of a transfer chain) is
    not paired with itself unless that is all the event has. ``party not given`` / ``type not given`` mark a
    side without a party or a party without a type.
Organisation type
    ``pnav:organizationType``: stated by the file (申请人类型, ``pnav:organizationTypeGuessed false``) or
    guessed from the name (:func:`patentnav.graph.ingest.normalize.guess_organization_type`); ``type_source`` and
    ``*_type_source`` say which (``stated by the file + guessed from the name`` when a row mixes both).
Place
    ``pnav:locatedIn`` rolled up through ``pnav:partOfRegion`` to ``level``; a party without a region has
    only its country (``from_country``/``to_country``); ``home`` = located in the scope's region (or below).

Technology transfer from universities and research institutes to enterprises is what the reform of how
public research results are used and disposed of aims at (Law of the PRC on Promoting the Transformation of
Scientific and Technological Achievements, 2015 amendment); pledges are patent-backed financing (知识产权质押融资);
suits and invalidation requests show where rights are contested.

The counting runs in DuckDB over the analytic tables (the ``operations_*.sql`` files beside this module, run
by :func:`~patentnav.graph.analysis.scope.run_sql`); pandas only arranges the rows.

>>> ROLES[("transfer", "from")], ROLES[("litigation", "to")]
('transferor', 'defendant')
>>> from patentnav.graph.store import open_store
>>> from patentnav.graph.bootstrap import ensure_seeded
>>> store = open_store("memory://"); _ = ensure_seeded(store)
>>> operations(store, Scope())  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
patentnav.graph.errors.EmptyScopeError: no patents in scope (the whole store): ...
"""

from __future__ import annotations

import pandas as pd

from patentnav.graph.analysis.key_patents import terminal_columns
from patentnav.graph.analysis.landscape import REGION_LEVELS
from patentnav.graph.analysis.scope import InvalidParameterError, Scope, require_patents, run_sql
from patentnav.graph.ingest.records import EVENT_KINDS
from patentnav.graph.store import PatentStore

__all__ = [
    "OPERATION_CHECK_COLUMNS",
    "OPERATION_COLUMNS",
    "ROLES",
    "TABLE_KINDS",
    "TECHNOLOGY_SOURCES",
    "operation_checks",
    "operation_table",
    "operations",
]

#: The event kinds of each table.
TABLE_KINDS = {
    "transfers": ("transfer",),
    "licences": ("licence",),
    "pledges": ("pledge",),
    "litigation": ("litigation", "invalidation", "reexamination"),
}
#: (kind, side) -> the role's name.
ROLES = {
    ("transfer", "from"): "transferor",
    ("transfer", "to"): "transferee",
    ("licence", "from"): "licensor",
    ("licence", "to"): "licensee",
    ("pledge", "from"): "pledgor",
    ("pledge", "to"): "pledgee",
    ("litigation", "from"): "plaintiff",
    ("litigation", "to"): "defendant",
    ("invalidation", "from"): "requester",
    ("invalidation", "holder"): "invalidation_target",
    ("reexamination", "from"): "requester",
    ("reexamination", "holder"): "invalidation_target",
}
#: Transferor types whose transfers to enterprises are technology transfer.
TECHNOLOGY_SOURCES = ("university", "research institute")
NOT_AVAILABLE = "not available in the loaded sources"
AVAILABLE = "available"

OPERATION_COLUMNS = [
    "section", "kind", "year", "year_basis", "detail", "from_type", "from_type_source", "to_type",
    "to_type_source", "technology_transfer", "from_region", "from_region_name", "from_country", "from_home",
    "to_region", "to_region_name", "to_country", "to_home", "direction", "role", "rank", "org", "name",
    "org_type", "type_source", "region", "region_name", "country", "home", "patents", "events", "from_parties",
    "to_parties",
]  # fmt: skip
OPERATION_CHECK_COLUMNS = ["table", "kind", "field", "status", "count", "of", "coverage", "note"]


def _with(df: pd.DataFrame, section: str) -> pd.DataFrame:
    df = df.copy()
    df.insert(0, "section", section)
    return df


def _concat(parts: list[pd.DataFrame]) -> pd.DataFrame:
    parts = [p.astype(object) for p in parts if len(p)]
    df = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=OPERATION_COLUMNS)
    df = df.reindex(columns=OPERATION_COLUMNS).astype(object)
    return df.where(df.notna(), None)


def _parties(
    store: PatentStore,
    scope: Scope,
    kinds: list[str],
    sides: list[str],
    *,
    limit: int | None,
    home_only: bool = False,
) -> pd.DataFrame:
    df = run_sql(store, "operations_parties.sql", scope, kinds=kinds, sides=sides, home_only=home_only, limit=limit)
    df["role"] = [ROLES.get((k, s), s) for k, s in zip(df["kind"], df["side"], strict=True)]
    return df.drop(columns="side")


def _top_sections(parties: pd.DataFrame) -> list[pd.DataFrame]:
    """One ``top_<role>`` section per role, in the order the roles first appear (``rank`` is per kind)."""
    out: list[pd.DataFrame] = []
    if "role" not in parties:
        return out
    for role in dict.fromkeys(parties["role"]):
        rows = parties[parties["role"] == role]
        name = role if role == "invalidation_target" else f"top_{role}"
        out.append(_with(rows, name))
    return out


def _check(limit: int | None, level: str) -> None:
    if level not in REGION_LEVELS:
        raise InvalidParameterError(f"region level must be one of {', '.join(REGION_LEVELS)}, not {level!r}")
    if limit is not None and (not isinstance(limit, int) or isinstance(limit, bool) or limit < 1):
        raise InvalidParameterError(f"limit must be a positive whole number, not {limit!r}")


def _frames(
    store: PatentStore, scope: Scope, kinds: list[str], *, limit: int | None, level: str
) -> dict[str, pd.DataFrame]:
    """The counts of every section for ``kinds`` at once (one query per section, split by kind later)."""
    by_year = run_sql(store, "operations_by_year.sql", scope, kinds=kinds)
    by_year["year_basis"] = ["event date" if pd.notna(y) else "date not given" for y in by_year["year"]]
    by_type = run_sql(store, "operations_by_type.sql", scope, kinds=kinds)
    by_type["technology_transfer"] = [
        (f in TECHNOLOGY_SOURCES and t == "enterprise") if k == "transfer" else None
        for k, f, t in zip(by_type["kind"], by_type["from_type"], by_type["to_type"], strict=True)
    ]
    frames = {
        "by_year": by_year,
        "by_type": by_type,
        "by_region": run_sql(store, "operations_by_region.sql", scope, kinds=kinds, level=level),
        "by_licence_type": run_sql(store, "operations_details.sql", scope, kinds=[k for k in kinds if k == "licence"]),
        "parties": _parties(store, scope, kinds, ["from", "to"], limit=limit),
    }
    contested = [k for k in kinds if k in ("invalidation", "reexamination")]
    frames["targets"] = _parties(store, scope, contested, ["holder"], limit=limit)
    if scope.region and "litigation" in kinds:
        sued = _parties(store, scope, ["litigation"], ["to"], limit=None, home_only=True)
        sued = sued[sued["org_type"] == "enterprise"].head(limit)
        frames["home_defendant"] = sued.assign(rank=range(1, len(sued) + 1))
    if scope.region and contested:
        frames["home_targets"] = _parties(store, scope, contested, ["holder"], limit=limit, home_only=True)
    return frames


def _table(frames: dict[str, pd.DataFrame], table: str, attrs: dict) -> pd.DataFrame:
    kinds = TABLE_KINDS[table]

    def of(name: str) -> pd.DataFrame:
        df = frames.get(name)
        return df[df["kind"].isin(kinds)] if df is not None else pd.DataFrame()

    parts = [_with(of("by_year"), "by_year"), _with(of("by_type"), "by_type"), _with(of("by_region"), "by_region")]
    if table == "licences":
        parts.append(_with(of("by_licence_type"), "by_licence_type"))
    parts += _top_sections(of("parties"))
    if table == "litigation":
        parts += _top_sections(of("targets"))
        parts.append(_with(of("home_defendant"), "home_defendant"))
        parts.append(_with(of("home_targets"), "home_invalidation_target"))
    df = _concat(parts)
    for c in ("year", "rank", "patents", "events", "from_parties", "to_parties"):
        df[c] = pd.Series([int(v) if v is not None else None for v in df[c]], index=df.index, dtype=object)
    df.attrs.update(attrs, kinds=list(kinds), terminal_columns=terminal_columns(df))
    return df


def operation_table(
    store: PatentStore, scope: Scope, table: str, *, limit: int | None = 20, level: str = "prefecture"
) -> pd.DataFrame:
    """One of the operations tables (``transfers``, ``licences``, ``pledges``, ``litigation``).

    See the module docstring for the sections and definitions. ``limit`` caps each ``top_*`` section per
    kind (``None``: every organisation); ``level`` is the administrative level of ``by_region``.

    Returns
    -------
    DataFrame with the columns of :data:`OPERATION_COLUMNS`; no rows when the scope has no event of the
    table's kinds (the ``checks`` table says whether the sources carry them).
    """
    if table not in TABLE_KINDS:
        raise InvalidParameterError(f"operations table must be one of {', '.join(TABLE_KINDS)}, not {table!r}")
    _check(limit, level)
    require_patents(store, scope)
    frames = _frames(store, scope, list(TABLE_KINDS[table]), limit=limit, level=level)
    return _table(frames, table, {"level": level, "limit": limit})


def operation_checks(store: PatentStore, scope: Scope) -> pd.DataFrame:
    """What the loaded sources give for each operations table, kind and field.

    One row per (table, kind, field): ``events`` (patents with an event of the kind), ``event dates``,
    ``from parties``, ``to parties``, ``stated counts``, ``party types`` and ``party places``. ``status`` is
    ``available`` when the count is above 0, else ``not available in the loaded sources`` -- never a zero
    standing in for missing data: then the table has no row for the kind. ``count`` is the number of
    patents (``events``), events (dates, parties, counts) or organisations (types, places) with the field,
    ``of`` what it is counted over, ``coverage`` = count / of.

    Returns
    -------
    DataFrame with columns ``table, kind, field, status, count, of, coverage, note``.
    """
    scope_patents = require_patents(store, scope)
    found = run_sql(store, "operations_checks.sql", scope, kinds=list(EVENT_KINDS)).set_index("kind")
    rows = []
    for table, kinds in TABLE_KINDS.items():
        for kind in kinds:
            if kind not in found.index:
                rows.append((table, kind, "events", 0, scope_patents,
                             f"no {kind} event for the scope's patents: the loaded exports may not carry {kind} "
                             "columns (CNIPA search exports and the yearly dataset carry none)"))  # fmt: skip
                for field in ("event dates", "from parties", "to parties", "stated counts", "party types",
                              "party places"):  # fmt: skip
                    rows.append((table, kind, field, 0, 0, f"no {kind} event"))
                continue
            f = found.loc[kind]
            n, parties = int(f["patents"]), int(f["parties"])
            guessed = int(f["typed_guess"])
            rows += [
                (table, kind, "events", n, scope_patents, "patents with an event of the kind"),
                (table, kind, "event dates", int(f["dated"]), n,
                 "events without a date are counted in the 'date not given' row of by_year"),
                (table, kind, "from parties", int(f["with_from"]), n, "events naming a from-party"),
                (table, kind, "to parties", int(f["with_to"]), n, "events naming a to-party"),
                (table, kind, "stated counts", int(f["counted"]), n, "events without a stated count count once"),
                (table, kind, "party types", int(f["typed_file"]) + guessed, parties,
                 f"stated by the file for {int(f['typed_file'])}, guessed from the name for {guessed}"),
                (table, kind, "party places", int(f["placed"]), parties,
                 "organisations with a region, or a country other than CN"),
            ]  # fmt: skip
    return pd.DataFrame(
        [
            {
                "table": table,
                "kind": kind,
                "field": field,
                "status": AVAILABLE if count > 0 else NOT_AVAILABLE,
                "count": count,
                "of": of,
                "coverage": count / of if of else None,
                "note": note,
            }
            for table, kind, field, count, of, note in rows
        ],
        columns=OPERATION_CHECK_COLUMNS,
    )


def operations(
    store: PatentStore, scope: Scope, *, limit: int | None = 20, level: str = "prefecture"
) -> dict[str, pd.DataFrame]:
    """All operations tables for a scope, by name: ``transfers``, ``licences``, ``pledges``, ``litigation``,
    ``checks`` (see :func:`operation_table` and :func:`operation_checks`)."""
    _check(limit, level)
    checks = operation_checks(store, scope)  # raises EmptyScopeError first
    frames = _frames(store, scope, list(EVENT_KINDS), limit=limit, level=level)
    tables = {name: _table(frames, name, {"level": level, "limit": limit}) for name in TABLE_KINDS}
    tables["checks"] = checks
    return tables
