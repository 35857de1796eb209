"""The streamed tables (graph/tables/streamed.py) equal an extraction from a store that loaded the same lines."""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq
import pytest

from patentnav.graph.store import open_store
from patentnav.graph.tables.extract import extract_graph
from patentnav.graph.tables.streamed import StreamedFacts
from patentnav.ontology import PNAV, PREFIXES

G = "urn:g"
_XSD = PREFIXES["xsd"]


def _line(subject: str, name: str, term: str, graph: str = G) -> str:
    return f"{subject} <{PNAV.term(name)}> {term} <{graph}> .\n"


def _lines(n: int) -> list[str]:
    """``n`` patents' worth of lines: every kind, escapes, language tags, values convert refuses, other graphs."""
    out = []
    for i in range(n):
        p = f"<urn:p{i}>"
        out += [
            f"{p} <{PREFIXES['rdf']}type> <{PNAV.Patent}> <{G}> .\n",
            _line(p, "applicationNumber", f'"CN{i:09d}"'),
            _line(p, "applicant", f"<urn:o{i % 7}>"),
            _line(p, "applicant", '"a literal where a node belongs"'),
            _line(p, "applicationDate", f'"2018-{i % 12 + 1:02d}-{i % 28 + 1:02d}"^^<{_XSD}date>'),
            _line(p, "grantDate", f'"2018-02-{29 + i % 3}"^^<{_XSD}date>'),  # 29 and 30 February are no dates
            _line(p, "lapseDate", f'"{i % 10:04d}-01-01"^^<{_XSD}date>'),  # year 0 is none either
            _line(p, "applicationYear", f'"{2000 + i % 20}"^^<{_XSD}gYear>'),
            _line(p, "claimsCount", f'"{i % 30}"^^<{_XSD}integer>'),
            _line(p, "citesCount", '"many"^^<' + _XSD + "integer>"),
            _line(p, "patentLifeMonths", f'"{-i}"^^<{_XSD}integer>'),
            _line(p, "inventor", f"<urn:person{i % 5}>"),
            _line(f"<urn:e{i}>", "eventType", '"transfer"'),
            _line(f"<urn:s{i}>", "scoreValue", f'"{i / 7:.6f}"^^<{_XSD}decimal>'),
            _line(f"<urn:o{i % 7}>", "organizationTypeGuessed", f'"{"true" if i % 2 else "false"}"^^<{_XSD}boolean>'),
            f'{p} <{PREFIXES["rdfs"]}label> "标题 {i}"@zh <{G}> .\n',
            f'{p} <{PREFIXES["rdfs"]}label> "title {i}"@en-gb <{G}> .\n',  # tags in lower case, as the store keeps them
            f'{p} <{PREFIXES["rdfs"]}label> "plain {i}" <{G}> .\n',
            _line(p, "normalizedName", '"合成样例\\"引号\\"重工\\\\有限公司 \\u0041\\n"'),
            _line(p, "applicant", "<urn:elsewhere>", graph="urn:other"),  # another graph's line
            _line(p, "rawName", '"not a table"'),  # no table's predicate
        ]
    return out


@pytest.mark.parametrize(("batch_bytes", "batch_rows"), [(1 << 22, 1 << 13), (3000, 7)])
def test_streamed_tables_equal_an_extraction_of_the_same_lines(tmp_path: Path, batch_bytes, batch_rows) -> None:
    """Blocks of any size (one block, or many blocks and small batches) give the store's rows, typed alike."""
    lines = _lines(60)
    facts = StreamedFacts(G, tmp_path, batch_rows=batch_rows, batch_bytes=batch_bytes)
    for i in range(0, len(lines), 5):  # as the writer feeds them: a few lines at a time
        facts.feed("".join(lines[i : i + 5]))
    out = tmp_path / "out"
    out.mkdir()
    names = facts.write(out)
    nq = tmp_path / "lines.nq"
    nq.write_text("".join(lines), encoding="utf-8")
    store = open_store("memory://")
    store.load_quads_files([nq])
    expected = {name: table for name, table in extract_graph(store, G).items() if table.num_rows}
    assert names == sorted(expected)
    for name in names:
        written = pq.read_table(out / f"{name}.parquet")
        assert written.schema == expected[name].schema, name
        assert sorted(written.to_pylist(), key=repr) == sorted(
            {tuple(r.items()): r for r in expected[name].to_pylist()}.values(), key=repr
        ), name
    assert {"grant_date", "lapse_date", "cites_count"} & set(names) == {"lapse_date"}  # only years 1..9 are dates


def test_blank_nodes_are_named_as_pyoxigraph_names_them(tmp_path: Path) -> None:
    """``_:b1`` -> ``b1`` (a store relabels blank nodes, so this is not compared with an extraction)."""
    facts = StreamedFacts(G, tmp_path)
    facts.feed(_line("_:e1", "eventType", '"transfer"') + _line("<urn:p>", "inventor", "_:b2"))
    out = tmp_path / "out"
    out.mkdir()
    assert facts.write(out) == ["event_type", "inventor"]
    assert pq.read_table(out / "event_type.parquet").to_pylist() == [{"event": "e1", "type": "transfer"}]
    assert pq.read_table(out / "inventor.parquet").to_pylist() == [{"patent": "urn:p", "person": "b2"}]
