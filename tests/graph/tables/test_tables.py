"""The analytic tables follow the graph: written at ingest, equal to a rebuild from the store, kept in step by writes."""

from __future__ import annotations

import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from patentnav.graph.ingest.loader import ingest_file, remove_source
from patentnav.graph.ingest.synthetic import write_export
from patentnav.graph.store import select
from patentnav.graph.tables.catalog import tables_of
from patentnav.graph.tables.engine import Tables, analytic_tables
from patentnav.graph.tables.extract import extract_graph
from patentnav.graph.tables.facts import FACTS


def _rows(table) -> set[tuple]:
    return {tuple(row.values()) for row in table.to_pylist()}


@pytest.fixture(scope="module")
def export(tmp_path_factory) -> Path:
    return write_export("cnipa", tmp_path_factory.mktemp("tables") / "synthetic_tables.csv", rows=400, seed=21)


#: Cells the writer must escape (quotes, backslashes, line breaks, a tab) and what looks like an escape already.
_TRICKY = (
    "申请号,名称,摘要,申请(专利权)人,申请日\n"
    '201910000001.1,"一种""带引号""的合成样例装置 \\ 反斜杠 \\n 不是换行",摘要,"合成样例""引号""重工\\有限公司0001",2019-01-02\n'
    '201910000002.1,"第一行\n第二行\r\n第三行\t制表","a \\"" b",合成样例机械有限公司0002,2019-02-03\n'
    "201910000003.1,一种合成样例方法 \\u0041 \\\\,摘要,合成样例机械有限公司0002,2019-03-04\n"
)


def _credit_code(body: str) -> str:
    from patentnav.graph.ingest.normalize import CREDIT_CODE_CHARS

    weights = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
    total = sum(CREDIT_CODE_CHARS.index(c) * w for c, w in zip(body, weights, strict=True))
    return body + CREDIT_CODE_CHARS[(31 - total % 31) % 31]


@pytest.fixture(scope="module")
def exports(tmp_path_factory, export) -> dict[str, Path]:
    """Files whose tables must equal a rebuild: the CNIPA sample, the widest layouts, escapes, and a file with merges."""
    from tests.support.layouts import write_layout

    folder = tmp_path_factory.mktemp("tables-layouts")
    tricky = folder / "synthetic_tricky.csv"
    tricky.write_text(_TRICKY, encoding="utf-8")
    code = _credit_code("91430100PN0000001")
    merges = folder / "synthetic_merges.csv"
    merges.write_text(  # spelling A first without the code, then B with it, then A with it: A's node is merged into B's
        "申请号,名称,申请人,统一社会信用代码\n"
        "CN201910000001.1,一种合成样例装置,合成样例重工股份有限公司0001,\n"
        f"CN201910000002.1,一种合成样例机构,合成样例重工有限公司0001,{code}\n"
        f"CN201910000003.1,一种合成样例方法,合成样例重工股份有限公司0001,{code}\n",
        encoding="utf-8",
    )
    return {
        "cnipa": export,
        # incoPat with all its columns (XLSX): events, vendor scores (decimals), counts, families, dates.
        "incopat": write_layout("incopat", folder / "synthetic_incopat.xlsx", rows=150, seed=5),
        # Derwent: English titles, application years (gYear) where there is no application date.
        "derwent": write_layout("derwent", folder / "synthetic_derwent.csv", rows=150, seed=5),
        "cn-yearly": write_layout("cn-yearly", folder / "synthetic_cn_yearly.csv", rows=150, seed=5),
        "tricky": tricky,
        "merges": merges,
    }


@pytest.mark.parametrize("name", ["cnipa", "incopat", "derwent", "cn-yearly", "tricky", "merges"])
def test_tables_written_at_ingest_equal_a_rebuild_from_the_store(store, exports, name) -> None:
    """On the embedded store and on Virtuoso: what ingest wrote is what the store holds, table by table
    (credit-code merges included, which change the graph after its parts are loaded)."""
    result = ingest_file(store, exports[name])
    assert result.rows_rejected == 0 and result.patents_added
    catalog = tables_of(store)
    entry = catalog.graphs()[result.graph]
    assert (entry["how"], entry["stale"]) == ("ingest", False)
    written = {p.stem: pq.read_table(p) for p in (catalog.folder / entry["key"]).glob("*.parquet")}
    rebuilt = extract_graph(store, result.graph)
    assert sorted(written) == sorted(rebuilt)
    for table in written:
        assert written[table].schema == rebuilt[table].schema, table
        assert written[table].num_rows == len(_rows(written[table])), f"{table}: a fact written twice"
        assert _rows(written[table]) == _rows(rebuilt[table]), table
    kinds = {FACTS[t].kind for t in written}
    assert {"applicant", "label", "normalized_name"} <= set(written)
    if name == "cnipa":
        assert {"application_date", "classified_in", "in_industry", "located_in"} <= set(written)
    if name == "incopat":
        assert {"iri", "string", "lang", "date", "int", "float", "bool"} <= kinds
        assert {"legal_event", "event_count", "score_value", "simple_family_size"} <= set(written)
    if name == "derwent":
        assert "application_year" in written and "en" in set(written["label"].column("lang").to_pylist())
    if name == "tricky":
        labels = set(written["label"].column("label").to_pylist())
        assert '一种"带引号"的合成样例装置 \\ 反斜杠 \\n 不是换行' in labels
        assert "第一行\n第二行\r\n第三行\t制表" in labels and "一种合成样例方法 \\u0041 \\\\" in labels
        assert '合成样例"引号"重工\\有限公司0001' in set(written["normalized_name"].column("name").to_pylist())


def test_a_table_holds_exactly_the_triples_of_its_predicate(store, export) -> None:
    """Checked against the graph by SPARQL, independently of the extraction code."""
    result = ingest_file(store, export)
    tables = analytic_tables(store)
    got = set(map(tuple, tables.frame("SELECT patent, org FROM applicant").itertuples(index=False)))
    want = {
        (r["p"], r["o"])
        for r in select(store, f"SELECT ?p ?o WHERE {{ GRAPH <{result.graph}> {{ ?p pnav:applicant ?o }} }}")
    }
    assert got == want and len(want) > 400
    dates = tables.frame("SELECT COUNT(*) AS n FROM application_date").n[0]
    assert dates == select(store, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?p pnav:applicationDate ?d } }")[0]["n"]


def test_writes_through_the_store_are_seen_by_the_next_query(store, export) -> None:
    """A SPARQL Update marks the graph it writes stale; the next query rebuilds it and says so; remove drops it."""
    result = ingest_file(store, export)
    tables = analytic_tables(store)
    before = int(tables.frame("SELECT COUNT(DISTINCT patent) AS n FROM applicant").n[0])
    store.update(
        f"INSERT DATA {{ GRAPH <{result.graph}> {{ <urn:test:p> <{FACTS['applicant'].predicate}> <urn:test:o> }} }}"
    )
    assert tables_of(store).graphs()[result.graph]["stale"]
    after = int(tables.frame("SELECT COUNT(DISTINCT patent) AS n FROM applicant").n[0])
    assert after == before + 1 and result.graph in tables.last_sync.rebuilt
    remove_source(store, result.file)
    assert result.graph not in tables_of(store).graphs()
    assert int(tables.frame("SELECT COUNT(DISTINCT patent) AS n FROM applicant").n[0]) == 0


def test_a_fact_stated_in_two_graphs_is_one_fact(empty_store) -> None:
    """Union semantics: the tables are the union of the graphs, one row per distinct fact, as the union graph is."""
    triple = f"<urn:p> <{FACTS['applicant'].predicate}> <urn:o> ."
    empty_store.load_graph("urn:a", triple)
    empty_store.load_graph("urn:b", triple)
    frame = analytic_tables(empty_store).frame("SELECT COUNT(*) AS n, COUNT(DISTINCT patent) AS d FROM applicant")
    assert (int(frame.n[0]), int(frame.d[0])) == (1, 1)


def test_each_table_is_stored_in_subject_order(store, export) -> None:
    """The numbered tables are stored sorted by their subject, so a look-up of a few subjects (the names of the top
    applicants) reads only the row groups of their range: every table, read as stored, has its subjects in order."""
    ingest_file(store, export)
    tables = analytic_tables(store)
    unordered = []
    for name, fact in FACTS.items():
        subjects = tables.frame(f'SELECT "{fact.subject}"::BIGINT AS s FROM "{name}"')["s"]
        if not subjects.is_monotonic_increasing:
            unordered.append(name)
    assert len(tables.frame('SELECT entity FROM "label"')) > 100
    assert unordered == []


def test_duckdb_shows_no_progress_bar(store, export) -> None:
    """DuckDB's progress bar goes to stdout (a 100k-row ingest wrote it into ``--format json``): off everywhere."""
    ingest_file(store, export)
    tables = analytic_tables(store)
    tables.frame("SELECT 1 AS n")
    assert tables._con.execute("SELECT current_setting('enable_progress_bar')").fetchone() == (False,)


def test_a_derived_table_is_computed_again_after_the_tables_change(store, export, tmp_path, monkeypatch) -> None:
    """A query's ``-- derived:`` table never answers from the tables as they were before a write."""
    package = tmp_path / "derived_sql_pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "counts.sql").write_text("-- every applicant link\nSELECT COUNT(*) AS n FROM applicant;\n")
    (package / "query.sql").write_text("-- derived: counts\nSELECT n FROM counts;\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "derived_sql_pkg", raising=False)  # another parameter's package
    result = ingest_file(store, export)
    tables = analytic_tables(store)
    before = int(tables.run("derived_sql_pkg", "query.sql").n[0])
    assert before == int(tables.frame("SELECT COUNT(*) AS n FROM applicant").n[0]) > 0
    store.update(
        f"INSERT DATA {{ GRAPH <{result.graph}> {{ <urn:test:p> <{FACTS['applicant'].predicate}> <urn:test:o> }} }}"
    )
    assert int(tables.run("derived_sql_pkg", "query.sql").n[0]) == before + 1
    # kept beside the tables for the next process, which reads it for the same state and text only
    (saved,) = tables_of(store).folder.glob("derived-counts-*.parquet")
    assert pq.read_table(saved).column("n").to_pylist() == [before + 1]
    fresh = Tables(tables_of(store))
    assert int(fresh.run("derived_sql_pkg", "query.sql").n[0]) == before + 1
    (package / "counts.sql").write_text("SELECT COUNT(*) + 1000 AS n FROM applicant;\n")
    assert int(Tables(tables_of(store)).run("derived_sql_pkg", "query.sql").n[0]) == before + 1001


def test_many_numbers_turn_back_into_their_iris_and_after_a_write_into_the_new_ones(empty_store) -> None:
    predicate = FACTS["applicant"].predicate
    empty_store.load_graph("urn:g1", "\n".join(f"<urn:p{i:03d}> <{predicate}> <urn:o{i % 7}> ." for i in range(150)))
    tables = analytic_tables(empty_store)
    query = "SELECT patent, org FROM applicant ORDER BY patent"
    pairs = tables.frame(query)  # 157 IRIs to turn back at once: past the one-by-one lookups
    assert list(zip(pairs.patent, pairs.org, strict=True)) == [(f"urn:p{i:03d}", f"urn:o{i % 7}") for i in range(150)]
    few = tables.frame("SELECT org FROM applicant WHERE patent = $p", p="urn:p010")
    assert few.org.tolist() == ["urn:o3"]
    empty_store.load_graph("urn:g2", f"<urn:a> <{predicate}> <urn:b> .")  # every number moves up by two
    again = tables.frame(query)
    assert again.patent.tolist()[:2] == ["urn:a", "urn:p000"] and again.org.tolist()[:2] == ["urn:b", "urn:o0"]


def test_a_graph_written_before_its_tables_are_opened_is_counted_as_it_is_now(tmp_path) -> None:
    """Another store object (a later process) replaces a graph, then analyses: the tables kept from before are stale."""
    import gc

    from patentnav.graph.store import open_store

    predicate = FACTS["applicant"].predicate
    url = f"oxigraph://{tmp_path / 'store'}"
    first = open_store(url)
    first.load_graph("urn:g", f"<urn:p1> <{predicate}> <urn:o> .")
    assert int(analytic_tables(first).frame("SELECT COUNT(*) AS n FROM applicant").n[0]) == 1
    first.close()
    del first
    gc.collect()  # the store's files are unlocked once nothing holds it
    later = open_store(url)
    later.load_graph("urn:g", "\n".join(f"<urn:p{i}> <{predicate}> <urn:o> ." for i in range(3)))
    assert int(analytic_tables(later).frame("SELECT COUNT(*) AS n FROM applicant").n[0]) == 3
    later.close()
