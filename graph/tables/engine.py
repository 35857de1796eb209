"""Run SQL over a store's analytic tables with DuckDB, with IRIs as integers that sort as the IRIs do.

Analyses keep their SQL in ``.sql`` files beside the module that runs them and fill it one way
only: DuckDB's own named parameters (``$region``, ``$regions`` for a list, ``$start``), bound by
the driver, never pasted into the text. :meth:`Tables.frame` returns a pandas DataFrame.

How the tables are held. On the first query after the tables changed, every fact table is copied
from the graphs' Parquet files into a DuckDB database beside them (``analytics.duckdb``, rebuilt
when the catalog changes, opened read-only by every process after that, so a fresh process answers
at once) as the union of the graphs (one row per distinct fact: the graph's union semantics), and
every IRI is replaced by its number in a dictionary of all IRIs sorted (``iri_dict``; columns of
type ``UBIGINT``). Joins, ``DISTINCT`` and
``GROUP BY`` then work on 8-byte integers instead of 40-to-60-byte strings, and because the numbers
follow the IRIs' order, ``ORDER BY`` and ``MIN`` mean what they meant on the IRIs. The engine
translates both ways, so the SQL is written with IRIs in mind:

* a parameter that is an IRI (a string starting ``http://``, ``https://`` or ``urn:``), or a list of
  them, is bound as its number (an IRI no table holds as 0, which matches nothing);
* every ``UBIGINT`` column of a result is turned back into IRIs;
* in the SQL, ``iri_id('…')`` is the number of an IRI constant and ``iri_text(x)`` the IRI of a number.

The module stays whole: most of it is :class:`Tables`, one object whose build, IRI binding and decoding,
caches and queries keep the same database and IRI dictionary in step.

>>> from patentnav.graph.store import open_store
>>> store = open_store("memory://")
>>> _ = store.load_graph("urn:g", '<urn:p> <https://w3id.org/patentnav/ontology#applicant> <urn:o> .')
>>> tables = analytic_tables(store)
>>> int(tables.frame("SELECT COUNT(DISTINCT patent) AS n FROM applicant").n[0])
1
>>> tables.frame("SELECT org FROM applicant WHERE patent = $p", p="urn:p").org.tolist()
['urn:o']
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import threading
import time
import uuid
from collections.abc import Callable, Hashable
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar, cast

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa

from patentnav.graph.store import PatentStore
from patentnav.graph.tables.answers import Answers
from patentnav.graph.tables.catalog import SyncReport, TableCatalog, tables_of
from patentnav.graph.tables.extract import arrow_schema
from patentnav.graph.tables.facts import FACTS, Fact, duckdb_connection
from patentnav.graph.tables.scopes import COMMENT, PARAMETER, ScopeCache, scope_keys

__all__ = ["Tables", "analytic_tables", "load_sql"]

_DUCK_TYPES = {"string": "VARCHAR", "date32[day]": "DATE", "int64": "BIGINT", "int32": "INTEGER",
               "double": "DOUBLE", "bool": "BOOLEAN"}  # fmt: skip
#: Table syncs remembered for :meth:`Tables.changes_since`.
_CHANGES_KEPT = 100
#: Scopes whose patents are kept computed at once (graph/tables/scopes.py); past it the least recently used go.
_SCOPE_CACHE = 32
#: IRIs whose numbers (and numbers whose IRIs) are remembered between queries; past it the memory starts again.
_NAME_CACHE = 500_000
#: ``-- derived: name[, name]`` in a query names the derived tables it reads (see :meth:`Tables.run`).
_DERIVED = re.compile(r"^--\s*derived:\s*(.+)$", re.M)
#: Up to this many numbers are turned into IRIs by one point lookup each; more, by the dictionary read into memory.
_POINT_LOOKUPS = 96
#: At most this many queries of :meth:`Tables._query` execute at once (one per core, at least two; the scopes and
#: derived tables they read are computed before, outside the count): past that, six workspace panels with their
#: parallel checks (a dozen queries, each with DuckDB's threads) only take turns on the cores. Measured at 1M patents
#: on two cores, six topics at once in one process: a new scope in 2.5-3.2 s with two at a time against 3.1-3.2 s
#: without a limit and 3.2-3.5 s with one (benchmarks/README.md, session 10).
_AT_ONCE = max(2, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 2)
_RUNNING = threading.BoundedSemaphore(_AT_ONCE)
_IRI = ("http://", "https://", "urn:")
_T = TypeVar("_T")
_PATENT_CLASS = "https://w3id.org/patentnav/ontology#Patent"
#: What DuckDB may hold in memory while it builds the numbered database (it spills the rest to disk).
_BUILD_MEMORY = "1500MB"


def load_sql(package: str, name: str) -> str:
    """Read a ``.sql`` file shipped beside a module of ``package``."""
    return resources.files(package).joinpath(name).read_text(encoding="utf-8")


def _quote(path: str) -> str:
    return "'" + path.replace("'", "''") + "'"


def _iri_columns(fact: Fact) -> list[str]:
    """The columns of a fact's table that hold IRIs: the subject always, the object for node-valued facts."""
    return [fact.subject, fact.object] if fact.kind == "iri" else [fact.subject]


def _statements(text: str) -> list[str]:
    return [s for s in text.split(";\n") if s.strip(" \n;") and not all(
        line.startswith("--") for line in s.strip().splitlines())]  # fmt: skip


#: Bumped when the numbered database's layout changes, so old files are rebuilt.
_SCHEMA_VERSION = 3


def _build(catalog: TableCatalog, path: Path) -> None:
    """Write the numbered database: every fact table as the union of the graphs' Parquet, IRIs as numbers.

    The numbers come from ``iri_dict``, every IRI of every table sorted; each table is then the Parquet
    rows joined to it (one row per distinct fact). DuckDB may spill to disk beside the tables rather
    than hold everything in memory while it sorts and joins.
    """
    con = duckdb_connection(str(path), threads=2, memory_limit=_BUILD_MEMORY)
    try:
        con.execute(f"SET temp_directory = {_quote(str(path.parent / '.duckdb-spill'))}")
        sources: dict[str, str] = {}
        for name in FACTS:
            files = catalog.files(name)
            if files:
                sources[name] = "read_parquet([" + ", ".join(_quote(str(f)) for f in files) + "])"
        parts = [f'SELECT DISTINCT "{c}" AS iri FROM {sources[n]}' for n in sources for c in _iri_columns(FACTS[n])]
        parts.append(f"SELECT '{_PATENT_CLASS}' AS iri")
        con.execute(
            "CREATE TABLE iri_dict AS SELECT * FROM (SELECT iri, (row_number() OVER (ORDER BY iri))::UBIGINT AS id "
            f"FROM (SELECT DISTINCT iri FROM ({' UNION ALL '.join(parts)}) WHERE iri IS NOT NULL)) ORDER BY id"
        )
        # Stored in number order, so a number is found by the zone maps (one segment read); an IRI by this index
        # (string statistics keep 8 bytes, the same "https://" for every IRI: without it every lookup reads all).
        con.execute("CREATE UNIQUE INDEX iri_dict_iri ON iri_dict (iri)")
        for name, fact in FACTS.items():
            schema = arrow_schema(fact)
            iris = set(_iri_columns(fact))
            if name in sources:
                select, joins = [], []
                for i, field in enumerate(schema):
                    if field.name in iris:
                        select.append(f'd{i}.id AS "{field.name}"')
                        joins.append(f'JOIN iri_dict d{i} ON d{i}.iri = r."{field.name}"')
                    else:
                        select.append(f'r."{field.name}"')
                # Stored in subject order: the subjects of one kind (patents, organisations, persons …) have
                # neighbouring numbers, so a look-up of a few (the names of the top 20 applicants) reads the row
                # groups of their range by the zone maps instead of the whole table (label: 2.3M rows at 1M).
                source = (
                    f"SELECT DISTINCT {', '.join(select)} FROM {sources[name]} r {' '.join(joins)} "
                    f'ORDER BY "{fact.subject}"'
                )
            else:
                source = "SELECT " + ", ".join(
                    f'NULL::{"UBIGINT" if f.name in iris else _DUCK_TYPES[str(f.type)]} AS "{f.name}"' for f in schema
                ) + " WHERE false"  # fmt: skip
            con.execute(f'CREATE TABLE "{name}" AS {source}')
        con.execute(
            'CREATE TABLE patent_set AS SELECT DISTINCT t.entity AS patent FROM "type" t '
            f"JOIN iri_dict d ON d.id = t.class WHERE d.iri = '{_PATENT_CLASS}' ORDER BY patent"
        )
        # Each IPC class with its local id and its fields at both levels (macros.sql, ipc_field, says how they
        # are cut), so a query joins them instead of cutting strings per row.
        con.execute(
            "CREATE TABLE ipc_code AS SELECT ipc, symbol, substr(symbol, 1, 4) AS subclass, "
            "CASE WHEN contains(symbol, '-') THEN split_part(symbol, '-', 1) || '-00' ELSE symbol END AS main_group "
            "FROM (SELECT id AS ipc, substr(iri, 35) AS symbol FROM iri_dict "
            "WHERE starts_with(iri, 'https://w3id.org/patentnav/id/ipc/'))"
        )
        con.execute("CHECKPOINT")
    finally:
        con.close()


class Tables:
    """A DuckDB database holding the catalog's tables (see the module docstring), kept in step with the store.

    Each call first syncs the catalog (builds what is missing, rebuilds what a write made stale);
    :attr:`last_sync` says what that did, for an analysis's ``meta``.
    """

    def __init__(self, catalog: TableCatalog) -> None:
        self.catalog = catalog
        self._con = duckdb_connection(":memory:", threads=2)
        self._lock = threading.Lock()
        self._version = -1
        self._scopes = ScopeCache(_SCOPE_CACHE)
        self._derived: set[str] = set()
        self._signature_now = ""
        self._id_cache: dict[str, int] = {}
        self._iri_cache: dict[int, str] = {}
        self._names_by_number: pa.StringArray | None = None
        self._names_lock = threading.Lock()
        self._answers = Answers()
        self.last_sync = SyncReport()
        #: How many syncs changed something so far (a mark for :meth:`changes_since`), and the recent ones.
        self.change_count = 0
        self._changes: list[tuple[int, SyncReport]] = []
        #: Seconds the last change of tables took to reach the views, and to build the numbered database.
        self.last_load_seconds = 0.0
        self.last_build_seconds = 0.0

    # ------------------------------------------------------------ loading

    def _load(self) -> None:
        """Make the numbered database match the catalog (build it if needed) and point the views at it."""
        self.last_sync = self.catalog.sync()
        if self.last_sync.changed():
            self.change_count += 1
            self._changes.append((self.change_count, self.last_sync))
            del self._changes[:-_CHANGES_KEPT]  # a long-running server: only the recent ones matter
        if self.catalog.version == self._version:
            return
        started = time.perf_counter()
        folder = self.catalog.folder
        signature = self._signature()
        database = folder / "analytics.duckdb"
        marker = folder / "analytics.signature"
        if not (database.is_file() and marker.is_file() and marker.read_text(encoding="utf-8") == signature):
            partial = folder / f".analytics-{uuid.uuid4().hex[:8]}.duckdb"
            try:
                _build(self.catalog, partial)
                os.replace(partial, database)
            finally:
                partial.unlink(missing_ok=True)
            tmp = folder / f".analytics-{uuid.uuid4().hex[:8]}.signature"
            tmp.write_text(signature, encoding="utf-8")
            os.replace(tmp, marker)
            self.last_build_seconds = time.perf_counter() - started
        con = self._con
        if self._version >= 0:
            con.execute("DETACH analytics")
        con.execute(f"ATTACH {_quote(str(database))} AS analytics (READ_ONLY)")
        for name in (*FACTS, "iri_dict", "ipc_code", "patent_set"):
            con.execute(f'CREATE OR REPLACE VIEW "{name}" AS SELECT * FROM analytics."{name}"')
        con.execute("CREATE OR REPLACE TABLE scope_cache (k UBIGINT, patent UBIGINT)")
        if self._version < 0:  # DuckDB binds macros to the tables they read when they are made: after the first copy
            for statement in _statements(load_sql(__package__, "macros.sql")):
                con.execute(statement)
        self._scopes.reset()
        for name in self._derived:
            con.execute(f'DROP TABLE IF EXISTS "{name}"')
        self._derived.clear()
        self._id_cache.clear()
        self._iri_cache.clear()
        self._names_by_number = None
        self._answers.clear()
        self._version = self.catalog.version
        self._signature_now = signature
        self.last_load_seconds = time.perf_counter() - started

    def _signature(self) -> str:
        """What the numbered database is made of: every graph's tables (key and build token) and the fact list."""
        graphs = sorted((g, e["key"], e.get("build", e["built"])) for g, e in self.catalog.graphs().items())
        text = json.dumps({"schema": _SCHEMA_VERSION, "facts": sorted(FACTS), "graphs": graphs})
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    # ------------------------------------------------------------ translating

    def _remember(self, pairs: list[tuple[str, int]]) -> None:
        """Note IRI <-> number pairs in both memories (each starts again past ``_NAME_CACHE``)."""
        if len(self._id_cache) > _NAME_CACHE:
            self._id_cache.clear()
        if len(self._iri_cache) > _NAME_CACHE:
            self._iri_cache.clear()
        for iri, number in pairs:
            self._id_cache[iri] = number
            if number:
                self._iri_cache[number] = iri

    def _ids(self, cursor: duckdb.DuckDBPyConnection, iris: set[str]) -> dict[str, int]:
        """The numbers of ``iris`` (looked up once per state of the tables: a parameter repeats across queries).

        The lookup goes through the index on ``iri_dict.iri``; an IRI no table holds is 0.
        """
        known = {i: self._id_cache[i] for i in iris if i in self._id_cache}
        missing = sorted(iris - known.keys())
        if missing:
            rows = cursor.execute("SELECT iri, id FROM iri_dict WHERE iri IN (SELECT unnest($x))", {"x": missing})
            found = dict(rows.fetchall())
            fresh = [(i, int(found.get(i, 0))) for i in missing]
            self._remember(fresh)
            known.update(fresh)
        return known

    def _iris(self, cursor: duckdb.DuckDBPyConnection, numbers: list[int]) -> dict[int, str | None]:
        """The IRIs of ``numbers`` (remembered between queries, as :meth:`_ids`); ``None`` for a number that is none.

        A few are looked up one by one; past :data:`_POINT_LOOKUPS` at once, the whole dictionary is read into
        memory in number order (:meth:`_names`, ~120 MiB of text at 1M patents, once per state of the tables),
        and from then on every number is its IRI's position in it.
        """
        wanted = {int(n) for n in numbers}
        names = self._names_by_number
        if names is None and len(wanted) > _POINT_LOOKUPS:
            names = self._names(cursor)
        if names is not None:
            ids = np.fromiter(wanted, dtype=np.int64, count=len(wanted))
            ids = ids[(ids >= 1) & (ids <= len(names))]
            found = dict(zip(ids.tolist(), names.take(pa.array(ids - 1)).to_pylist(), strict=True))
            return {n: found.get(n) for n in wanted}
        known = {n: self._iri_cache[n] for n in wanted if n in self._iri_cache}
        missing = sorted(wanted - known.keys())
        if 0 < len(missing) <= _POINT_LOOKUPS:
            # One lookup per number: iri_dict is stored in number order, so each reads one segment; a join with
            # the list would read the whole IRI column (~0.1 s at 2M IRIs) for a handful of names.
            sql = " UNION ALL ".join(f"SELECT id, iri FROM iri_dict WHERE id = $n{i}" for i in range(len(missing)))
            found_rows = cursor.execute(sql, {f"n{i}": n for i, n in enumerate(missing)}).fetchall()
        elif missing:  # a dictionary numbered with gaps (not one _build wrote): one scan of it
            sql = "SELECT id, iri FROM iri_dict WHERE id IN (SELECT unnest($ids))"
            found_rows = cursor.execute(sql, {"ids": missing}).fetchall()
        else:
            found_rows = []
        if found_rows:
            self._remember([(iri, int(n)) for n, iri in found_rows])
            known.update((int(n), iri) for n, iri in found_rows)
        return {n: known.get(n) for n in wanted}

    def _names(self, cursor: duckdb.DuckDBPyConnection) -> pa.StringArray | None:
        """Every IRI of the dictionary in number order (number ``n`` at position ``n - 1``), read once per state."""
        with self._names_lock:
            if self._names_by_number is not None:
                return self._names_by_number
            version = self._version
            count, top = cursor.execute("SELECT COUNT(*), COALESCE(MAX(id), 0) FROM iri_dict").fetchone() or (0, 0)
            if count != top:  # not numbered 1..N without gaps, as _build numbers them
                return None
            own = cursor.cursor()  # a relation of its own: ``cursor`` may hold the result being decoded
            try:
                chunks = own.sql("SELECT iri FROM iri_dict ORDER BY id").to_arrow_table().column(0)
            finally:
                own.close()
            names: pa.StringArray = chunks.combine_chunks()
            with self._lock:  # kept only for the state it was read from (a write meanwhile made new numbers)
                if self._version == version:
                    self._names_by_number = names
            return names

    def iris(self, numbers: list[int]) -> dict[int, str | None]:
        """The IRIs of numbers that a query returned as ``BIGINT`` (selected as ``column::BIGINT``, which
        :meth:`frame` leaves as numbers), for a caller that works on the numbers and shows a few of them.

        >>> from patentnav.graph.store import open_store
        >>> store = open_store("memory://")
        >>> _ = store.load_graph("urn:g", '<urn:p> <https://w3id.org/patentnav/ontology#applicant> <urn:o> .')
        >>> tables = analytic_tables(store)
        >>> n = int(tables.frame("SELECT org::BIGINT AS n FROM applicant").n[0])
        >>> tables.iris([n])[n]
        'urn:o'
        """
        with self._lock:
            self._load()
            cursor = self._con.cursor()
        try:
            return self._iris(cursor, list(numbers))
        finally:
            cursor.close()

    def _bind(self, cursor: duckdb.DuckDBPyConnection, params: dict[str, Any]) -> dict[str, Any]:
        """Parameters with every IRI (alone or in a list) replaced by its number."""
        wanted: set[str] = set()
        for value in params.values():
            if isinstance(value, str) and value.startswith(_IRI):
                wanted.add(value)
            elif (
                isinstance(value, list | tuple)
                and value
                and all(isinstance(v, str) and v.startswith(_IRI) for v in value)
            ):
                wanted.update(value)
        ids = self._ids(cursor, wanted)
        out: dict[str, Any] = {}
        for key, value in params.items():
            if isinstance(value, str) and value in wanted:
                out[key] = ids.get(value, 0)
            elif isinstance(value, list | tuple) and value and all(isinstance(v, str) and v in wanted for v in value):
                out[key] = [ids.get(v, 0) for v in value]
            else:
                out[key] = list(value) if isinstance(value, tuple) else value
        return out

    def _decode(self, cursor: duckdb.DuckDBPyConnection, frame: pd.DataFrame, types: list[str]) -> pd.DataFrame:
        """Turn every number column (``UBIGINT``) of a result back into IRIs."""
        columns = [frame.columns[i] for i, t in enumerate(types) if t == "UBIGINT"]
        if not columns or frame.empty:
            for column in columns:
                frame[column] = frame[column].astype(object)
            return frame
        numbers = pd.unique(pd.concat([frame[c].dropna() for c in columns]).astype("uint64"))
        names = pd.Series(self._iris(cursor, [int(n) for n in numbers]), dtype=object)
        for column in columns:
            frame[column] = frame[column].map(names).astype(object).where(frame[column].notna(), None)
        return frame

    # ------------------------------------------------------------ querying

    def _derive(self, derived: dict[str, str]) -> None:
        """Create the derived tables a query reads that this state of the tables does not hold yet.

        Each is kept beside the numbered database as ``derived-<name>-<state>.parquet``, so the next process
        (a CLI call, a restarted server) reads it instead of computing it again (``<state>``: the tables' state
        and the query's text); a file of an earlier state is removed. Where the folder cannot be written, the
        table is only held in memory.
        """
        for name, text in derived.items():
            if name in self._derived:
                continue
            if PARAMETER.search(COMMENT.sub("", text)):
                raise ValueError(f"the derived table {name} must not take parameters")
            state = hashlib.sha256(f"{self._signature_now}\n{text}".encode()).hexdigest()[:16]
            saved = self.catalog.folder / f"derived-{name}-{state}.parquet"
            if saved.is_file():
                source = f"SELECT * FROM read_parquet({_quote(str(saved))})"
                self._con.execute(f'CREATE OR REPLACE TABLE "{name}" AS {source}')
            else:
                self._con.execute(f'CREATE OR REPLACE TABLE "{name}" AS {text.strip().rstrip(";")}')
                self._save_derived(name, saved)
            self._derived.add(name)

    def _save_derived(self, name: str, saved: Path) -> None:
        partial = saved.with_name(f".{saved.name}.{uuid.uuid4().hex[:8]}")
        try:
            self._con.execute(f'COPY "{name}" TO {_quote(str(partial))} (FORMAT parquet)')
            os.replace(partial, saved)
            for old in saved.parent.glob(f"derived-{name}-*.parquet"):
                if old != saved:
                    old.unlink(missing_ok=True)
        except (OSError, duckdb.Error):  # a read-only folder: the table stays in memory for this process
            partial.unlink(missing_ok=True)

    def forget_answers(self) -> None:
        """Forget the kept query answers (:mod:`patentnav.graph.tables.answers`), so the next calls count again:
        for a benchmark that times the counting itself rather than a revisit."""
        self._answers.clear()

    def kept(self, key: Hashable, compute: Callable[[], _T], cells: Callable[[_T], int]) -> _T:
        """``compute()``'s result for ``key``, kept like the query answers: computed once per state of the tables
        however many ask (a second caller waits for the first), forgotten when the tables change.

        For a result that depends only on the tables and on what ``key`` holds (an analysis over a resolved
        scope, with its parameters and the day it counts from). ``cells(result)`` is its size against the
        answers' bound. The kept object itself is returned: a caller that changes it copies it first.

        >>> from patentnav.graph.store import open_store
        >>> store = open_store("memory://")
        >>> tables = analytic_tables(store)
        >>> calls = []
        >>> [tables.kept("k", lambda: calls.append(1) or 42, lambda r: 1) for _ in range(2)], len(calls)
        ([42, 42], 1)
        """
        with self._lock:
            self._load()
            full = ("kept", key)
            pending = self._answers.get(full)
            if pending is None:
                answer = self._answers.begin(full)
        if pending is not None:
            return cast("_T", pending.result())  # what compute() gave for this key
        try:
            result = compute()
        except BaseException as error:
            self._answers.fail(full, answer, error)
            raise
        self._answers.keep(full, answer, result, cells=cells(result))
        return result

    def frame(self, sql: str, **params: Any) -> pd.DataFrame:
        """Run ``sql`` with named parameters (``$name``) and return the rows as a DataFrame (IRIs as text).

        Parameters the text does not name are left out (a caller may pass the whole scope to a query
        that uses part of it); a ``$name`` without a value is DuckDB's error.
        """
        return self._query(sql, params, {})

    def _query(self, sql: str, params: dict[str, Any], derived: dict[str, str]) -> pd.DataFrame:
        used = set(PARAMETER.findall(sql))
        with self._lock:
            self._load()
            self._derive(derived)
            bound = {k: v for k, v in self._bind(self._con, params).items() if k in used}
            key = (sql, repr(sorted(bound.items())))
            kept = self._answers.get(key)
            if kept is None:
                answer = self._answers.begin(key)
                cursor = self._con.cursor()
        if kept is not None:  # the same query with the same values on the same tables: its answer, once it is there
            return kept.result().copy()
        held = []
        try:
            held = self._scopes.hold(cursor, scope_keys(sql, bound))
            with _RUNNING:  # the scopes above are computed outside it: they wait on other queries' scopes
                result = cursor.execute(sql, bound or None)
                types = [str(d[1]) for d in result.description]
                raw = result.df()
            frame = self._decode(cursor, raw, types)
        except BaseException as error:
            self._answers.fail(key, answer, error)
            raise
        finally:
            self._scopes.release(held)
            cursor.close()
        self._answers.keep(key, answer, frame)
        return frame.copy()

    def changes_since(self, mark: int) -> SyncReport:
        """What the syncs after ``mark`` (a former :attr:`change_count`) built, rebuilt and dropped, together."""
        out = SyncReport()
        for _, report in (c for c in self._changes if c[0] > mark):
            out.built += report.built
            out.rebuilt += report.rebuilt
            out.dropped += report.dropped
        return out

    def run(self, package: str, name: str, **params: Any) -> pd.DataFrame:
        """Run the ``.sql`` file ``name`` of ``package`` (see :func:`load_sql`) with its parameters.

        A file may read **derived tables**: results that do not depend on its parameters and cost too much
        to compute per call (every patent's cohort percentiles, say). A line ``-- derived: name`` in it names
        them; each is the file ``name.sql`` of the same package, without parameters, and becomes the table
        ``name``, computed on first use and again after the tables change, like the scopes' patents.
        """
        sql = load_sql(package, name)
        derived = {
            n.strip(): load_sql(package, f"{n.strip()}.sql")
            for line in _DERIVED.findall(sql)
            for n in line.split(",")
            if n.strip()
        }
        return self._query(sql, params, derived)


_ENGINES_LOCK = threading.Lock()


def analytic_tables(store: PatentStore) -> Tables:
    """The DuckDB view of ``store``'s analytic tables (one per store object)."""
    with _ENGINES_LOCK:
        engine = store.__dict__.get("_analytic_tables")
        if engine is None:
            engine = Tables(tables_of(store))
            store.__dict__["_analytic_tables"] = engine
        return engine
