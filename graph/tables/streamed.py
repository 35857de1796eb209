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
import pyarrow.compute as pc
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


def _nodes(terms: pa.Array) -> pa.Array:
    """:func:`_node` of each term."""
    iri = pc.starts_with(terms, "<")
    if iri.false_count == 0:
        return pc.utf8_slice_codeunits(terms, 1, -1)
    return pc.if_else(iri, pc.utf8_slice_codeunits(terms, 1, -1), pc.utf8_slice_codeunits(terms, 2))


#: A literal term: its quoted text (up to the last quote) and what follows it (a language tag or a datatype).
_LITERAL = r'^"(?P<text>.*)"(?P<tail>[^"]*)$'


def _literals(terms: pa.Array, *, with_lang: bool) -> tuple[pa.Array, pa.Array | None]:
    """:func:`_literal` of each term: the lexical forms and (``with_lang``) the language tags."""
    if not pc.match_substring(terms, "\\").true_count:
        # No escapes, so a term's only quotes are its own two. One predicate's literals mostly share what follows
        # the closing quote (nothing, a language tag, a datatype): then the text is a slice.
        first = terms[0].as_py()
        tail = first[first.rfind('"') :]
        if pc.ends_with(terms, tail).true_count == len(terms):
            text = pc.utf8_slice_codeunits(terms, 1, -len(tail))
            if not with_lang:
                return text, None
            return text, pa.array([tail[2:] if tail.startswith('"@') else ""] * len(terms), pa.string())
    parts = pc.extract_regex(terms, _LITERAL)
    text, tail = parts.field("text"), parts.field("tail")
    if text.null_count or pc.match_substring(text, "\\").true_count:  # escapes, or a term the pattern missed
        pairs = [_literal(term) for term in terms.to_pylist()]
        text = pa.array([t for t, _ in pairs], pa.string())
        return text, pa.array([lang for _, lang in pairs], pa.string()) if with_lang else None
    if not with_lang:
        return text, None
    return text, pc.if_else(pc.starts_with(tail, "@"), pc.utf8_slice_codeunits(tail, 1), "")


def _typed(text: pa.Array, kind: str, type_: pa.DataType) -> pa.Array:
    """Lexical forms as ``kind``'s column type (null: not one), each distinct text through :func:`~.extract.convert`.

    A file repeats few distinct dates and counts, so converting the distinct ones costs little and types every
    value exactly as a rebuild from the store does.
    """
    encoded = pc.dictionary_encode(text)
    distinct = [convert(value, kind) for value in encoded.dictionary.to_pylist()]
    return pc.take(pa.array(distinct, type_), encoded.indices)


class StreamedFacts:
    """The table facts of one named graph's N-Quads lines, gathered into scratch Parquet files as they come.

    Lines are taken in blocks of about ``batch_bytes`` bytes and split into subject, predicate and
    object by Arrow's compute kernels, not one by one in Python; each distinct literal of a typed kind goes
    through :func:`~.extract.convert`, so the rows are those a rebuild from the store gives.

    Parameters
    ----------
    graph
        The named graph whose lines count; lines of other graphs are ignored.
    scratch
        A folder for the batches (its ``*.rows.parquet`` files are this object's).
    batch_rows
        Rows held per table before they go to its scratch file.
    batch_bytes
        Bytes (UTF-8) of lines held before they are split into the tables' rows.
    """

    def __init__(self, graph: str, scratch: Path, batch_rows: int = 1 << 13, batch_bytes: int = 1 << 23) -> None:
        self._suffix = f" <{graph}> ."
        self._scratch = scratch
        self._batch_rows = batch_rows
        self._batch_bytes = batch_bytes
        self._text: list[bytes] = []
        self._bytes = 0
        self._rows: dict[str, list[list[pa.Array]]] = {}
        self._counts: dict[str, int] = {}
        self._writers: dict[str, pq.ParquetWriter] = {}

    def feed(self, text: str | bytes) -> None:
        """Take whole N-Quads lines (as the writer writes them; text, or its UTF-8 bytes as ``str.encode`` gives
        them) and keep the rows of the tables' predicates."""
        data = text.encode("utf-8") if isinstance(text, str) else text
        self._text.append(data)
        self._bytes += len(data)
        if self._bytes >= self._batch_bytes:
            self._split()

    def _split(self) -> None:
        """Split the lines held so far into the rows of each table's predicate (in the order of the lines)."""
        if not self._text:
            return
        joined = b"".join(self._text)
        self._text, self._bytes = [], 0
        # One string over the joined bytes, not copied, and not checked again: it is UTF-8 (str.encode wrote it),
        # and checking costs more than all the splitting below.
        large = len(joined) >= 1 << 31  # past what 32-bit offsets reach (no block of the writer's comes near it)
        offsets = pa.array([0, len(joined)], pa.int64() if large else pa.int32()).buffers()[1]
        data = pa.Array.from_buffers(
            pa.large_string() if large else pa.string(), 1, [None, offsets, pa.py_buffer(joined)]
        )
        lines = pc.split_pattern(data, "\n").flatten()
        del data, joined  # each copy goes as soon as the next is made: a block's memory is a few times its size
        if len(lines) and not lines[-1].as_py():  # what follows the last line's end
            lines = lines.slice(0, len(lines) - 1)
        ours = pc.ends_with(lines, self._suffix)  # all, as the ingest's writer writes
        if ours.false_count:
            lines = lines.filter(ours)
        if not len(lines):
            return
        parts = pc.split_pattern(pc.utf8_slice_codeunits(lines, 0, -len(self._suffix)), " ", max_splits=2)
        subjects, predicates, terms = (pc.list_element(parts, i) for i in range(3))
        del parts, lines
        # An RDF-star quoted triple, as subject or object, is no table's fact.
        quoted = pc.or_(pc.starts_with(subjects, "<<"), pc.starts_with(terms, "<<"))
        if quoted.true_count:
            keep = pc.invert(quoted)
            subjects, predicates, terms = subjects.filter(keep), predicates.filter(keep), terms.filter(keep)
        # The lines of each predicate together, in their order (a stable sort), one slice per predicate.
        encoded = pc.dictionary_encode(predicates)
        order = pc.array_sort_indices(encoded.indices)
        subjects, terms = subjects.take(order), terms.take(order)
        is_literal = pc.starts_with(terms, '"')
        # Counted in the sorted codes' order (0, 1, ...), the dictionary's.
        counts = pc.value_counts(encoded.indices.take(order)).field("counts").to_pylist()
        start = 0
        for predicate, count in zip(encoded.dictionary.to_pylist(), counts, strict=True):
            for fact in _BY_PREDICATE.get(predicate, ()):
                self._add(fact, subjects.slice(start, count), terms.slice(start, count), is_literal.slice(start, count))
            start += count

    def _add(self, fact: Fact, subject: pa.Array, term: pa.Array, is_literal: pa.Array) -> None:
        """Type one predicate's terms for ``fact`` and hold the rows (a literal where a node belongs is left out)."""
        kind = fact.kind
        literals = is_literal.true_count
        if literals != (0 if kind == "iri" else len(term)):
            mask = pc.invert(is_literal) if kind == "iri" else is_literal
            subject, term = subject.filter(mask), term.filter(mask)
        if not len(term):
            return
        lang = None
        if kind == "iri":
            value = _nodes(term)
        else:
            value, lang = _literals(term, with_lang=kind == "lang")
            if kind not in TEXT_KINDS:
                value = _typed(value, kind, arrow_schema(fact).field(1).type)
                if value.null_count:
                    valid = pc.is_valid(value)
                    subject, value = subject.filter(valid), value.filter(valid)
                    if not len(value):
                        return
        columns = [_nodes(subject), value] + ([lang] if lang is not None else [])
        held = self._rows.setdefault(fact.table, [[] for _ in columns])
        for column, array, type_ in zip(held, columns, arrow_schema(fact).types, strict=True):
            column.append(array.cast(type_))  # one type per column, whatever the block's offsets were
        self._counts[fact.table] = self._counts.get(fact.table, 0) + len(value)
        if self._counts[fact.table] >= self._batch_rows:
            self._flush(fact)

    def _flush(self, fact: Fact) -> None:
        columns = self._rows.pop(fact.table, None)
        self._counts.pop(fact.table, None)
        if not columns or not columns[0]:
            return
        schema = arrow_schema(fact)
        batch = pa.RecordBatch.from_arrays([pa.concat_arrays(c) for c in columns], schema=schema)
        writer = self._writers.get(fact.table)
        if writer is None:
            writer = pq.ParquetWriter(self._scratch / f"{fact.table}.rows.parquet", schema)
            self._writers[fact.table] = writer
        writer.write_batch(batch)

    def write(self, folder: Path) -> list[str]:
        """Write each table with rows to ``folder/<table>.parquet``, every fact once; return the tables' names."""
        self._split()
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
