"""Read one named graph's facts from any store into Arrow tables, one per predicate (:data:`~.facts.FACTS`).

It rebuilds the tables from any store (``patentnav index rebuild``, a stale graph, a graph that
came without them), embedded or a SPARQL endpoint: it reads
:meth:`~patentnav.graph.store.PatentStore.quads_for_pattern` per predicate, restricted to the graph,
in record batches (:func:`extract_batches`), which :meth:`~.catalog.TableCatalog.build` writes as they
come. Ingest builds a file's tables the same way right after its graph is loaded, so what the graph
holds (merges included) is what the tables hold.

>>> from patentnav.graph.store import open_store
>>> store = open_store("memory://")
>>> _ = store.load_graph("urn:g", '<urn:p> <https://w3id.org/patentnav/ontology#applicant> <urn:o> .')
>>> tables = extract_graph(store, "urn:g")
>>> tables["applicant"].to_pylist()
[{'patent': 'urn:p', 'org': 'urn:o'}]
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pyarrow as pa
import pyoxigraph as ox

from patentnav.graph.store import PatentStore
from patentnav.graph.tables.facts import FACTS, Fact

__all__ = ["TEXT_KINDS", "arrow_schema", "convert", "extract_batches", "extract_fact", "extract_graph"]

_TYPES = {
    "iri": pa.string(),
    "string": pa.string(),
    "lang": pa.string(),
    "date": pa.date32(),
    "int": pa.int64(),
    "float": pa.float64(),
    "bool": pa.bool_(),
    "year": pa.int32(),
}


def arrow_schema(fact: Fact) -> pa.Schema:
    """The Arrow schema of a fact's table."""
    fields = [pa.field(fact.subject, pa.string()), pa.field(fact.object, _TYPES[fact.kind])]
    if fact.kind == "lang":
        fields.append(pa.field("lang", pa.string()))
    return pa.schema(fields)


#: The kinds whose column holds the term's text as it is (an IRI, a literal's lexical form).
TEXT_KINDS = frozenset({"iri", "string", "lang"})


def convert(text: str, kind: str) -> object:
    """A term's value (an IRI, a literal's lexical form) as the table's column type; ``None`` when it is not one.

    >>> convert("2018-05-26", "date"), convert("12", "int"), convert("x", "int"), convert("1", "bool")
    (datetime.date(2018, 5, 26), 12, None, True)
    """
    try:
        if kind in TEXT_KINDS:
            return text
        if kind == "date":
            return date.fromisoformat(text[:10])
        if kind == "int":
            return int(text)
        if kind == "year":
            return int(text[:4]) if text[:4].isdigit() else None
        if kind == "float":
            return float(text)
        if kind == "bool":
            return text in ("true", "1")
    except ValueError:
        return None
    return text


def extract_batches(store: PatentStore, graph: str, fact: Fact, batch_rows: int = 1 << 16) -> Iterator[pa.RecordBatch]:
    """The rows of one predicate in one graph, ``batch_rows`` at a time (so a big table is never held whole)."""
    schema = arrow_schema(fact)
    lang = fact.kind == "lang"
    subjects: list[str] = []
    objects: list = []
    langs: list[str] = []

    def batch() -> pa.RecordBatch:
        columns = [subjects, objects] + ([langs] if lang else [])
        return pa.RecordBatch.from_arrays(
            [pa.array(c, type=f.type) for c, f in zip(columns, schema, strict=True)], schema=schema
        )

    quads = store.quads_for_pattern(None, ox.NamedNode(fact.predicate), None, ox.NamedNode(graph))
    for quad in quads:
        obj, subject = quad.object, quad.subject
        if isinstance(obj, ox.Triple) or isinstance(subject, ox.Triple):
            continue  # an RDF-star quoted triple is no table's fact
        if fact.kind == "iri" and isinstance(obj, ox.Literal):
            continue  # a literal where a node belongs: not this table's fact
        if fact.kind != "iri" and not isinstance(obj, ox.Literal):
            continue
        value = convert(obj.value, fact.kind)
        if value is None:
            continue
        subjects.append(subject.value)
        objects.append(value)
        if lang:
            langs.append((obj.language or "") if isinstance(obj, ox.Literal) else "")
        if len(subjects) >= batch_rows:
            yield batch()
            subjects, objects, langs = [], [], []
    if subjects:
        yield batch()


def extract_fact(store: PatentStore, graph: str, fact: Fact) -> pa.Table:
    """The rows of one predicate in one graph."""
    return pa.Table.from_batches(list(extract_batches(store, graph, fact)), schema=arrow_schema(fact))


def extract_graph(store: PatentStore, graph: str) -> dict[str, pa.Table]:
    """Every fact table of ``graph`` that has rows (tables without rows are left out)."""
    out = {}
    for name, fact in FACTS.items():
        table = extract_fact(store, graph, fact)
        if table.num_rows:
            out[name] = table
    return out
