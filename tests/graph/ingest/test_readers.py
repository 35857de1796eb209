"""Every format is read and its counts agree with an independent pandas reading of the file."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from patentnav.graph.ingest.formats import open_export
from patentnav.graph.ingest.loader import ingest_file
from patentnav.graph.ingest.synthetic import write_export
from patentnav.graph.store import select

ROWS = 300  # as in conftest.exports


def _pandas_unique_patents(fmt: str, path: Path) -> tuple[int, int]:
    """(rows, distinct patents) read by pandas, independently of patentnav's readers."""
    if fmt == "cnipa":
        df = pd.read_csv(path, dtype=str)
        numbers = df["申请号"].str.upper().str.replace("CN", "", regex=False).str.split(".").str[0]
        return len(df), numbers.nunique()
    if fmt == "cnipa-xlsx":
        df = pd.read_excel(path, sheet_name="专利列表", dtype=str)
        numbers = df["申请号"].str.upper().str.replace("CN", "", regex=False).str.split(".").str[0]
        return len(df), numbers.nunique()
    if fmt == "google":
        df = pd.read_csv(path, skiprows=1, dtype=str)
        return len(df), df["id"].nunique()
    if fmt == "lens":
        df = pd.read_csv(path, dtype=str)
        return len(df), df["Application Number"].nunique()
    df = pd.read_csv(path, sep="\t", dtype=str)
    return len(df), df["patent_id"].nunique()


@pytest.mark.parametrize("fmt", ["cnipa", "cnipa-xlsx", "google", "lens", "patentsview"])
def test_each_format_is_detected_and_counts_match_pandas(fmt: str, exports, empty_store, patent_count) -> None:
    path = exports[fmt]
    export, _ = open_export(path)
    assert export.name == fmt.removesuffix("-xlsx")
    result = ingest_file(empty_store, path)
    rows, distinct = _pandas_unique_patents(fmt, path)
    assert result.rows_read == rows == ROWS
    assert result.rows_rejected == 0
    assert result.patents_added == distinct
    assert result.patents_added + result.duplicates_merged == rows
    assert patent_count(empty_store) == distinct
    assert result.synthetic is True


def test_cnipa_record_content(exports, empty_store) -> None:
    ingest_file(empty_store, exports["cnipa"])
    df = pd.read_csv(exports["cnipa"], dtype=str)
    first = df.iloc[0]
    app = "CN" + first["申请号"].upper().replace("CN", "").split(".")[0]
    rows = select(
        empty_store,
        """SELECT ?title ?date ?main ?status ?type ?first WHERE {
             ?p pnav:applicationNumber ?app ; rdfs:label ?title ; pnav:applicationDate ?date ;
                pnav:mainClassification/skos:notation ?main ; pnav:legalStatusRaw ?status ;
                pnav:patentType ?type ; pnav:firstApplicant/pnav:normalizedName ?first }""",
        app=__import__("pyoxigraph").Literal(app),
    )
    assert len(rows) == 1
    row = rows[0]
    assert row["title"] == first["名称"]
    assert row["main"] == first["主分类号"]
    assert row["status"] == first["法律状态"]
    assert row["first"] == first["申请(专利权)人"].split(";")[0]
    assert row["date"] == pd.to_datetime(first["申请日"].replace(".", "-")).date().isoformat()


def test_applicants_link_to_regions_and_industries(exports, store) -> None:
    ingest_file(store, exports["cnipa"])
    regions = select(
        store,
        """SELECT ?code (COUNT(DISTINCT ?p) AS ?n) WHERE {
             ?p pnav:applicant/pnav:locatedIn/pnav:partOfRegion* ?r . ?r pnav:regionCode ?code
           } GROUP BY ?code""",
    )
    by_code = {r["code"]: r["n"] for r in regions}
    assert by_code["430000"] >= by_code["430100"] > 0  # districts roll up to Changsha and Hunan
    foreign = select(store, "SELECT DISTINCT ?c WHERE { ?o a pnav:Organization ; pnav:country ?c }")
    assert {r["c"] for r in foreign} >= {"CN", "JP"}
    industries = select(store, "SELECT DISTINCT ?i WHERE { ?p pnav:inIndustry ?i }")
    assert len(industries) == 5
    # every ingested region chains up to a province
    orphans = select(
        store,
        """SELECT ?r WHERE { ?r a pnav:Region ; pnav:adminLevel "county" .
             FILTER NOT EXISTS { ?r pnav:partOfRegion+/pnav:adminLevel "province" } }""",
    )
    assert orphans == []


def test_ipc_classes_form_a_skos_chain_in_the_scheme(exports, empty_store) -> None:
    ingest_file(empty_store, exports["lens"])
    chain = select(
        empty_store,
        """SELECT DISTINCT ?n WHERE { <https://w3id.org/patentnav/id/ipc/B66C23-00> skos:broader* ?c .
             ?c skos:notation ?n ; skos:inScheme <https://w3id.org/patentnav/id/ipc/scheme> }""",
    )
    assert sorted(r["n"] for r in chain) == ["B", "B66", "B66C", "B66C23/00"]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "utf-16", "utf-16-le", "utf-16-be"])
def test_cnipa_csv_in_every_encoding(tmp_path: Path, encoding: str, empty_store) -> None:
    # utf-16 writes a byte order mark; utf-16-le and utf-16-be do not, as some export scripts write them
    path = write_export("cnipa", tmp_path / f"synthetic_{encoding}.csv", rows=20, seed=3, encoding=encoding)
    result = ingest_file(empty_store, path)
    assert (result.rows_read, result.rows_rejected) == (20, 0)
    titles = select(empty_store, "SELECT DISTINCT ?t WHERE { ?p a pnav:Patent ; rdfs:label ?t }")
    # every title decoded to the Chinese the generator wrote (no mojibake, whatever order the engine returns)
    assert titles and all("合成" in row["t"] for row in titles)


def test_header_aliases_of_other_tools(tmp_path: Path, empty_store) -> None:
    # PatSnap-style spellings: 标题, 当前专利权人, 发明人, IPC, 当前法律状态, full-width brackets.
    path = tmp_path / "patsnap.csv"
    path.write_text(
        "序号,标题,申请号,申请日,公开（公告）号,当前专利权人,发明人,IPC,当前法律状态\n"
        "1,一种合成样例装置,CN201919000001.1,2019-01-02,CN900000001A,合成样例机械有限公司0001,赵伟,B66C23/00,审中\n",
        encoding="utf-8",
    )
    result = ingest_file(empty_store, path)
    assert (result.format, result.patents_added, result.rows_rejected) == ("cnipa", 1, 0)
