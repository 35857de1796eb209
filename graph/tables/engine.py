"""Run SQL over a store's analytic tables with DuckDB: one view per fact table, over every graph's Parquet.

Analyses keep their SQL in ``.sql`` files beside the module that runs them and fill it one way
only: DuckDB's own named parameters (``$region``, ``$regions`` for a list, ``$start``), bound by
the driver, never pasted into the text. :meth:`Tables.frame` returns a pandas DataFrame.

The views are the union of all graphs (``UNION ALL`` of their files): a fact stated in two files
is two rows, so queries count ``DISTINCT``, exactly as the SPARQL over the union graph does.

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

import re
import threading
from importlib import resources
from typing import Any

import duckdb
import pandas as pd

from patentnav.graph.store import PatentStore
from patentnav.graph.tables.catalog import SyncReport, TableCatalog, tables_of
from patentnav.graph.tables.extract import arrow_schema
from patentnav.graph.tables.facts import FACTS

__all__ = ["Tables", "analytic_tables", "load_sql"]

_DUCK_TYPES = {"string": "VARCHAR", "date32[day]": "DATE", "int64": "BIGINT", "int32": "INTEGER",
               "double": "DOUBLE", "bool": "BOOLEAN"}  # fmt: skip


_PARAMETER = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")


def load_sql(package: str, name: str) -> str:
    """Read a ``.sql`` file shipped beside a module of ``package``."""
    return resources.files(package).joinpath(name).read_text(encoding="utf-8")


def _quote(path: str) -> str:
    return "'" + path.replace("'", "''") + "'"


class Tables:
    """A DuckDB connection whose views are the catalog's tables, kept in step with the store.

    Each call first syncs the catalog (builds what is missing, rebuilds what a write made stale);
    :attr:`last_sync` says what that did, for an analysis's ``meta``.
    """

    def __init__(self, catalog: TableCatalog) -> None:
        self.catalog = catalog
        self._con = duckdb.connect(":memory:", config={"threads": 2})
        self._lock = threading.Lock()
        self._version = -1
        self.last_sync = SyncReport()

    def _refresh(self) -> None:
        self.last_sync = self.catalog.sync()
        if self.catalog.version == self._version:
            return
        for name, fact in FACTS.items():
            files = self.catalog.files(name)
            if files:
                # Only file paths the catalog made go into the text (quoted); values go in as parameters.
                source = "SELECT * FROM read_parquet([" + ", ".join(_quote(str(f)) for f in files) + "])"  # noqa: S608
            else:
                columns = ", ".join(
                    f"NULL::{_DUCK_TYPES[str(field.type)]} AS {field.name}" for field in arrow_schema(fact)
                )
                source = f"SELECT {columns} WHERE false"
            self._con.execute(f'CREATE OR REPLACE VIEW "{name}" AS {source}')
        if self._version < 0:
            for statement in load_sql(__package__, "macros.sql").split(";\n"):
                if statement.strip(" \n;") and not all(
                    line.startswith("--") for line in statement.strip().splitlines()
                ):
                    self._con.execute(statement)
        self._version = self.catalog.version

    def frame(self, sql: str, **params: Any) -> pd.DataFrame:
        """Run ``sql`` with named parameters (``$name``) and return the rows as a DataFrame.

        Parameters the text does not name are left out (a caller may pass the whole scope to a query
        that uses part of it); a ``$name`` without a value is DuckDB's error.
        """
        used = set(_PARAMETER.findall(sql))
        with self._lock:
            self._refresh()
            cursor = self._con.cursor()
        try:
            return cursor.execute(sql, {k: v for k, v in params.items() if k in used} or None).df()
        finally:
            cursor.close()

    def run(self, package: str, name: str, **params: Any) -> pd.DataFrame:
        """Run the ``.sql`` file ``name`` of ``package`` (see :func:`load_sql`) with its parameters."""
        return self.frame(load_sql(package, name), **params)


_ENGINES_LOCK = threading.Lock()


def analytic_tables(store: PatentStore) -> Tables:
    """The DuckDB view of ``store``'s analytic tables (one per store object)."""
    with _ENGINES_LOCK:
        engine = store.__dict__.get("_analytic_tables")
        if engine is None:
            engine = Tables(tables_of(store))
            store.__dict__["_analytic_tables"] = engine
        return engine
