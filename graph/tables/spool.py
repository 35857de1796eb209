"""Build a file's analytic tables from the N-Quads spool ingest writes, while the quads are loaded.

Ingest writes a file's graph as N-Quads parts (:mod:`patentnav.graph.ingest.loader`) and loads them
one by one. :class:`SpoolTables` takes each part right after it is loaded, before it is deleted,
and DuckDB splits its lines into subject, predicate and object (one pass, in C++, with the GIL
released, so it runs on the loader's thread beside the reading one). The quads of the predicates
of :data:`~.facts.FACTS` are kept as raw text, partitioned by table, in a Parquet file per part.
:meth:`SpoolTables.finish` then writes each table once: the objects typed as
:func:`~.extract.arrow_schema` types them (as :func:`~.extract.extract_fact` reads them from the
store), one row per distinct fact, streamed from DuckDB in record batches into the same Parquet
writer the extraction uses, with bounded memory (DuckDB spills what does not fit), one table at a
time. The store is never read back.

The result equals what the extraction from the store gives, because the text is what the store
loaded: literals as :func:`patentnav.graph.ingest.rdf.literal` escapes them (``\\\\``, ``\\"``,
``\\n``, ``\\r``; ``\\t`` too), language tags lower-cased as the store keeps them, and typed values
compared as values. What the builder cannot read as the writer writes it (a line that is not
``<s> <p> object <g> .``, another escape such as ``\\u``) makes it give up: ingest then extracts
the tables from the store as before (:meth:`~.catalog.TableCatalog.build`), and so it does when
the graph changes after its spool is loaded (the writer's credit-code merges).

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> part = folder / "part-0000.nq"
>>> _ = part.write_text('<urn:p> <https://w3id.org/patentnav/ontology#applicant> <urn:o> <urn:g> .\\n'
...                     '<urn:o> <http://www.w3.org/2000/01/rdf-schema#label> "say \\\\"hi\\\\""@ZH <urn:g> .\\n')
>>> tables = SpoolTables(folder / "work")
>>> tables.add_part(part)
>>> out = tables.finish(folder / "out")
>>> import pyarrow.parquet as pq
>>> sorted(p.stem for p in out.glob("*.parquet")), pq.read_table(out / "label.parquet").to_pylist()
(['applicant', 'label'], [{'entity': 'urn:o', 'label': 'say "hi"', 'lang': 'zh'}])
"""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

from patentnav.graph.tables.extract import arrow_schema
from patentnav.graph.tables.facts import FACTS, Fact, duckdb_connection

__all__ = ["SpoolTables"]

#: One N-Quads line of the writer: ``<subject> <predicate> object <graph> .``
_LINE = r"^<([^>]*)> <([^>]*)> (.*) <[^>]*> \.$"
#: A literal object: its escaped lexical form, then a language tag or a datatype.
_LITERAL = r'^"(.*)"(?:@([^"]*)|\^\^<([^>]*)>)?$'
#: DuckDB's memory while it sorts the distinct rows of one table; past it, it spills to the work folder.
_MEMORY = "512MB"
#: Rows per record batch written: bounds what Python holds of one table at a time.
_BATCH_ROWS = 1 << 16


def _write(batches, schema, target: Path) -> None:
    """Stream record batches into ``target`` with the schema and the writer the extraction uses; nothing if no rows."""
    import pyarrow.parquet as pq

    writer = None
    try:
        for batch in batches:
            if not batch.num_rows:
                continue
            if writer is None:
                writer = pq.ParquetWriter(target, schema, compression="zstd")
            writer.write_batch(batch.cast(schema))
    finally:
        if writer is not None:
            writer.close()


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _unescape(expr: str) -> str:
    r"""SQL that undoes the writer's escapes in ``expr`` (split on ``\\`` first, so ``\\n`` stays a backslash and n)."""
    inner = "replace(replace(replace(replace(x, '\\\"', '\"'), '\\n', chr(10)), '\\r', chr(13)), '\\t', chr(9))"
    return (
        f"CASE WHEN contains({expr}, '\\') "
        f"THEN array_to_string(list_transform(string_split({expr}, '\\\\'), lambda x: {inner}), '\\') ELSE {expr} END"
    )


def _typed(fact: Fact, raw: str) -> str:
    """The query of a fact's distinct rows over the raw rows ``(s, o)`` of ``raw``, typed as ``arrow_schema`` does."""
    subject = f's AS "{fact.subject}"'
    if fact.kind == "iri":  # a literal where a node belongs is not this table's fact
        iri = f'substr(o, 2, length(o) - 2) AS "{fact.object}"'
        return f"SELECT DISTINCT {subject}, {iri} FROM {raw} WHERE o LIKE '<%'"  # noqa: S608 - names from FACTS
    lex = "l.lex"
    value = {
        "string": _unescape(lex),
        "lang": _unescape(lex),
        "date": f"TRY_CAST(substr({lex}, 1, 10) AS DATE)",
        "int": f"TRY_CAST({lex} AS BIGINT)",
        "float": f"TRY_CAST({lex} AS DOUBLE)",
        "bool": f"{lex} IN ('true', '1')",
        "year": f"CASE WHEN regexp_full_match(substr({lex}, 1, 4), '[0-9]+') "
        f"THEN CAST(substr({lex}, 1, 4) AS INTEGER) END",
    }[fact.kind]
    select = f'{subject}, {value} AS "{fact.object}"'
    if fact.kind == "lang":
        select += ', lower(l.lang) AS "lang"'  # the store keeps language tags in lower case
    parts = f"regexp_extract(o, {_quote(_LITERAL)}, ['lex', 'lang', 'dt']) AS l"
    literals = f"SELECT s, {parts} FROM {raw} WHERE o LIKE '\"%'"  # noqa: S608
    return f'SELECT DISTINCT * FROM (SELECT {select} FROM ({literals})) WHERE "{fact.object}" IS NOT NULL'  # noqa: S608


class SpoolTables:
    """The fact tables of one file's graph, gathered part by part from its spool (see the module docstring).

    :meth:`add_part` never raises: a part it cannot read, or an error of DuckDB, is kept in
    :attr:`failed` and the rest is skipped, so the caller extracts the tables from the store instead.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.raw = self.folder / "raw"
        #: Why the tables cannot be built from the spool (``None`` while they can).
        self.failed: str | None = None
        self.parts = 0
        self._con = None
        self._lock = threading.Lock()

    def _connection(self, threads: int):
        if self._con is None:
            self.folder.mkdir(parents=True, exist_ok=True)
            self._con = duckdb_connection(memory_limit=_MEMORY)
            self._con.execute(f"SET temp_directory = {_quote(str(self.folder / 'spill'))}")
            self._con.execute("SET preserve_insertion_order = false")
            self._con.execute("CREATE TEMP TABLE facts (t SMALLINT, predicate VARCHAR)")
            self._con.executemany(
                "INSERT INTO facts VALUES (?, ?)", [(i, f.predicate) for i, f in enumerate(FACTS.values())]
            )
        self._con.execute(f"SET threads = {threads}")
        return self._con

    def add_part(self, part: Path) -> None:
        """Keep the facts of one loaded spool part (call before the part is deleted)."""
        with self._lock:
            if self.failed is not None:
                return
            try:
                con = self._connection(1)  # on the loader's thread, beside the reading one: one core
                lines = "SELECT unnest(string_split(content, chr(10))) AS line FROM read_text(?)"
                split = f"regexp_extract(line, {_quote(_LINE)}, ['s', 'p', 'o']) AS m"
                table = f"CREATE OR REPLACE TEMP TABLE part AS SELECT {split} FROM ({lines}) WHERE line <> ''"  # noqa: S608
                con.execute(table, [str(part)])
                # Lines the builder cannot read as the writer writes them; literals with another escape than its own.
                odd = con.execute(
                    "SELECT count(*) FILTER (WHERE m.p = ''), count(*) FILTER (WHERE m.o LIKE '\"%' AND "
                    "regexp_matches(replace(m.o, '\\\\', ''), '\\\\[^\"nrt]')) FROM part"
                ).fetchone()
                if odd[0] or odd[1]:
                    what = "a line that is not <s> <p> object <g> ." if odd[0] else "an escape other than the writer's"
                    raise ValueError(f"{part.name} has {what}")
                facts = "SELECT f.t, m.s AS s, m.o AS o FROM part JOIN facts f ON f.predicate = m.p"
                options = "FORMAT parquet, PARTITION_BY (t), APPEND, COMPRESSION zstd"
                con.execute(f"COPY ({facts}) TO {_quote(str(self.raw))} ({options})")
                con.execute("DROP TABLE part")
                self.parts += 1
            except Exception as exc:  # any failure only means: extract from the store instead
                self.failed = f"{type(exc).__name__}: {exc}"

    def finish(self, out: Path, *, threads: int = 2) -> Path:
        """Write each table's distinct, typed rows to ``out/<table>.parquet`` (created); return ``out``.

        Tables without rows are not written (as :func:`~.extract.extract_graph` leaves them out).
        Raises when a part could not be read (:attr:`failed`): the caller extracts from the store.
        """
        with self._lock:
            if self.failed is not None:
                raise RuntimeError(f"the tables cannot be built from the spool: {self.failed}")
            out = Path(out)
            out.mkdir(parents=True, exist_ok=True)
            con = self._connection(threads)
            for t, (name, fact) in enumerate(FACTS.items()):
                source = self.raw / f"t={t}"
                if not source.is_dir():
                    continue
                query = _typed(fact, f"read_parquet({_quote(str(source / '*.parquet'))}, hive_partitioning = false)")
                _write(con.sql(query).to_arrow_reader(_BATCH_ROWS), arrow_schema(fact), out / f"{name}.parquet")
            return out

    def close(self) -> None:
        """Release DuckDB and delete the raw parts."""
        with self._lock:
            if self._con is not None:
                self._con.close()
                self._con = None
            shutil.rmtree(self.folder, ignore_errors=True)
