"""A graph's analytic tables from the N-Quads an ingest writes, as it writes them, instead of read back from the store.

Reading a file's facts back out of the store after it is loaded (:mod:`.extract`) costs about as much as
loading them: pyoxigraph turns every stored id back into its text. The ingest has that text already, one
line at a time, so :class:`StreamedFacts` reads the lines of the file's graph as they go to the spool,
keeps those of a table's predicate (:data:`~.facts.FACTS`) with the same typing as the extraction, and
writes each table's rows in record batches to a scratch Parquet file. :meth:`StreamedFacts.write` then
writes every table once, each fact once (a file states some facts on several rows), in the schema of
:func:`~.extract.arrow_schema`: the same tables a rebuild from the store gives, which
``tests/graph/tables/test_tables.py`` checks layout by layout.

It only sees what the writer writes: a graph that the ingest changes after loading it (credit-code merges)
has its tables extracted from the store instead (:func:`patentnav.graph.ingest.loader`).

>>> import tempfile
>>> from pathlib import Path
>>> facts = StreamedFacts("urn:g", Path(tempfile.mkdtemp()))
>>> facts.feed('<urn:p> <https://w3id.org/patentnav/ontology#applicant> <urn:o> <urn:g> .\\n')
>>> facts.feed('<urn:p> <https://w3id.org/patentnav/ontology#applicant> <urn:o> <urn:g> .\\n')
>>> out = Path(tempfile.mkdtemp())
>>> facts.write(out)
['applicant']
>>> import pyarrow.parquet as pq
>>> pq.read_table(out / "applicant.parquet").to_pylist()
[{'patent': 'urn:p', 'org': 'urn:o'}]
"""

from __future__ import annotations

import re
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from patentnav.graph.tables.extract import TEXT_KINDS, arrow_schema, convert
from patentnav.graph.tables.facts import FACTS, Fact, duckdb_connection

__all__ = ["StreamedFacts"]

#: The tables of each predicate, by the predicate as N-Quads writes it (``<iri>``).
_BY_PREDICATE: dict[str, list[Fact]] = {}
for _fact in FACTS.values():
    _BY_PREDICATE.setdefault(f"<{_fact.predicate}>", []).append(_fact)

_ESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))")
_SIMPLE = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}


def _unescape(text: str) -> str:
    """An N-Triples string's escapes (``\\n``, ``\\"``, ``\\uXXXX`` …) as the characters they stand for."""
    if "\\" not in text:
        return text

    def one(match: re.Match[str]) -> str:
        short, long, char = match.groups()
        if short or long:
            return chr(int(short or long, 16))
        return _SIMPLE.get(char, char)

    return _ESCAPE.sub(one, text)


def _node(text: str) -> str:
    """An IRI or blank node term's value (``<urn:a>`` -> ``urn:a``; ``_:b1`` -> ``b1``, as pyoxigraph gives it)."""
    return text[1:-1] if text.startswith("<") else text[2:]


def _literal(text: str) -> tuple[str, str]:
    """A literal term's lexical form and language tag ('' when none): ``"a"@zh`` -> ``("a", "zh")``."""
    end = text.rfind('"')
    tail = text[end + 1 :]
    return _unescape(text[1:end]), tail[1:] if tail.startswith("@") else ""


class StreamedFacts:
    """The table facts of one named graph's N-Quads lines, gathered into scratch Parquet files as they come.

    Parameters
    ----------
    graph
        The named graph whose lines count; lines of other graphs are ignored.
    scratch
        A folder for the batches (its ``*.rows.parquet`` files are this object's).
    batch_rows
        Rows held per table before they go to its scratch file.
    """

    def __init__(self, graph: str, scratch: Path, batch_rows: int = 1 << 13) -> None:
        self._suffix = f" <{graph}> ."
        self._scratch = scratch
        self._batch_rows = batch_rows
        self._rows: dict[str, list[list]] = {}
        self._writers: dict[str, pq.ParquetWriter] = {}

    def feed(self, text: str) -> None:
        """Take whole N-Quads lines (as the writer writes them) and keep the rows of the tables' predicates."""
        suffix, cut, rows = self._suffix, -len(self._suffix), self._rows
        for line in text.split("\n"):
            if not line.endswith(suffix):
                continue
            subject, predicate, rest = line.split(" ", 2)
            facts = _BY_PREDICATE.get(predicate)
            if facts is None or subject.startswith("<<"):
                continue  # not a table's predicate, or an RDF-star quoted triple (no table's fact)
            term = rest[:cut]
            is_literal = term.startswith('"')
            if is_literal:
                text, lang = _literal(term)
            elif term.startswith("<<"):
                continue
            else:
                text, lang = _node(term), ""
            node = _node(subject)
            for fact in facts:
                kind = fact.kind
                if (kind == "iri") == is_literal:
                    continue  # a literal where a node belongs, or a node where a literal belongs
                value = text if kind in TEXT_KINDS else convert(text, kind)  # no call for the commonest kinds
                if value is None:
                    continue
                columns = rows.get(fact.table)
                if columns is None:
                    columns = rows[fact.table] = [[], [], []] if kind == "lang" else [[], []]
                columns[0].append(node)
                columns[1].append(value)
                if kind == "lang":
                    columns[2].append(lang)
                if len(columns[0]) >= self._batch_rows:
                    self._flush(fact)

    def _flush(self, fact: Fact) -> None:
        columns = self._rows.pop(fact.table, None)
        if not columns or not columns[0]:
            return
        schema = arrow_schema(fact)
        batch = pa.RecordBatch.from_arrays(
            [pa.array(c, type=f.type) for c, f in zip(columns, schema, strict=True)], schema=schema
        )
        writer = self._writers.get(fact.table)
        if writer is None:
            writer = pq.ParquetWriter(self._scratch / f"{fact.table}.rows.parquet", schema)
            self._writers[fact.table] = writer
        writer.write_batch(batch)

    def write(self, folder: Path) -> list[str]:
        """Write each table with rows to ``folder/<table>.parquet``, every fact once; return the tables' names."""
        for name in list(self._rows):
            self._flush(FACTS[name])
        for writer in self._writers.values():
            writer.close()
        names = sorted(self._writers)
        self._writers.clear()
        # DuckDB finds each table's distinct rows within a small memory budget (spilling to the scratch folder);
        # they are written in batches.
        con = duckdb_connection(threads=1, memory_limit="128MB", temp_directory=str(self._scratch / "duckdb"))
        try:
            for name in names:
                rows = self._scratch / f"{name}.rows.parquet"
                schema = arrow_schema(FACTS[name])
                distinct = con.sql("SELECT DISTINCT * FROM read_parquet($path)", params={"path": str(rows)})
                with pq.ParquetWriter(folder / f"{name}.parquet", schema, compression="zstd") as writer:
                    for batch in distinct.to_arrow_reader(self._batch_rows):
                        writer.write_batch(batch.cast(schema))
                rows.unlink()
        finally:
            con.close()
        return names
