"""An organization named first as a co-applicant still gets the address of a later row."""

from __future__ import annotations

from patentnav.graph.ingest.loader import ingest_file
from patentnav.graph.store import open_store, select


def test_co_applicant_first_seen_without_address_is_placed_by_a_later_row(tmp_path):
    p = tmp_path / "synthetic_cnipa.csv"
    p.write_text(
        "申请号,名称,申请(专利权)人,申请人地址,申请日\n"
        "201519000001.6,一种合成样例起重机,合成样例重工有限公司0001;合成样例机械有限公司0002,"
        "湖南省株洲市天元区合成路1号,2015-03-01\n"
        "201519000002.X,一种合成样例泵车,合成样例机械有限公司0002,湖南省长沙市岳麓区合成路2号,2015-04-01\n",
        encoding="utf-8",
    )
    store = open_store("memory://")
    ingest_file(store, p)
    rows = select(store, "SELECT ?n ?loc WHERE { ?o pnav:normalizedName ?n ; pnav:locatedIn ?loc } ORDER BY ?n")
    assert [(r["n"], r["loc"].rsplit("/", 1)[-1]) for r in rows] == [
        ("合成样例机械有限公司0002", "430104"),
        ("合成样例重工有限公司0001", "430211"),
    ]
