"""大为 innojoy exports (issue 15): told as the innojoy layout and read into the same fields, checked against pandas.

The file comes from :func:`tests.support.layouts.write_layout` (labelled synthetic), under innojoy's own field
labels (:data:`tests.support.layouts.INNOJOY_HEADER`). pandas reads it on its own; a small city -> GB/T 2260 table
stands for the independent side's geography. What is checked is what an analyst would: applicants and current
holders apart, each placed by its own province / city / district columns, and the counts, dates and events.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

from patentnav.graph.ingest.formats import detect_export
from patentnav.graph.ingest.loader import ingest_file
from patentnav.graph.store import open_store, select
from tests.support import layouts

ROWS, SEED = 150, 13
SEP = ";"
#: Prefecture cities the generator uses -> the first four digits of their GB/T 2260 code (municipalities: two).
CITY_PREFIX = {
    "长沙市": "4301", "株洲市": "4302", "湘潭市": "4303", "衡阳市": "4304", "岳阳市": "4306", "深圳市": "4403",
    "苏州市": "3205", "武汉市": "4201", "北京市": "11", "上海市": "31",
}  # fmt: skip


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory):
    path = layouts.write_layout("innojoy", tmp_path_factory.mktemp("innojoy") / "synthetic_innojoy.xlsx", rows=ROWS)
    store = open_store("memory://")
    result = ingest_file(store, path)
    df = pd.read_excel(path, sheet_name="innojoy", dtype=str, engine="openpyxl").fillna("")
    return path, store, result, df


def split(cell: str) -> list[str]:
    return [part.strip() for part in str(cell).split(SEP) if part.strip()]


def app_key(raw: str) -> str:
    return raw.split(".")[0]


def test_told_as_innojoy_and_every_analysis_column_read(ingested) -> None:
    path, _, result, _ = ingested
    detection, _ = detect_export(path)
    assert (result.format, result.layout) == ("cnipa", "innojoy")
    ignored = [c.header for c in detection.mapping.columns if c.how == "ignored"]
    assert ignored == []
    fields = {c.header: c.field for c in detection.mapping.columns}
    assert fields["申请人（省市）"] == "applicant_province" and fields["当前专利权人（地市）"] == "city"
    assert fields["标准当前专利权人"] == "current_holders_standardized" and fields["权利失效日"] == "lapse_date"


def test_applicants_and_holders_agree_with_pandas(ingested) -> None:
    _, store, result, df = ingested
    assert result.rows_rejected == 0 and result.patents_added == ROWS == df["申请号"].nunique()
    for role, column in (("pnav:applicant", "申请(专利权)人"), ("pnav:currentHolder", "当前专利权人")):
        expected = Counter(name for cell in df[column] for name in dict.fromkeys(split(cell)))
        got = select(
            store,
            f"""SELECT ?r (COUNT(DISTINCT ?p) AS ?n) WHERE {{ ?p a pnav:Patent ; {role} ?o . ?o pnav:rawName ?r }}
                GROUP BY ?r""",
        )
        assert {r["r"]: r["n"] for r in got} == dict(expected), role


def test_each_side_is_placed_by_its_own_region_columns(ingested) -> None:
    """The first applicant sits in 申请人（地市）, the first holder in 当前专利权人（地市）: after a transfer they differ."""
    _, store, _, df = ingested
    places = {
        (r["side"].rsplit("#", 1)[-1].rsplit("/", 1)[-1], r["r"], r["code"].rsplit("/", 1)[1])
        for r in select(
            store,
            """SELECT ?side ?r ?code WHERE { ?p a pnav:Patent ; ?side ?o . ?o pnav:rawName ?r ; pnav:locatedIn ?code .
               VALUES ?side { pnav:applicant pnav:currentHolder } }""",
        )
    }
    placed = {(side, name): code for side, name, code in places}
    checked = moved = 0
    for _, row in df.iterrows():
        for side, names, city in (
            ("applicant", row["申请(专利权)人"], row["申请人（地市）"]),
            ("currentHolder", row["当前专利权人"], row["当前专利权人（地市）"]),
        ):
            if city:
                assert placed[(side, split(names)[0])].startswith(CITY_PREFIX[city]), (side, names, city)
                checked += 1
        moved += bool(row["转让人"]) and row["申请人（地市）"] != row["当前专利权人（地市）"]
    assert checked > ROWS and moved > 0


def test_dates_counts_and_events_agree_with_pandas(ingested) -> None:
    _, store, _, df = ingested
    got = select(
        store,
        """SELECT ?n ?claims ?ind ?lapse WHERE { ?p a pnav:Patent ; pnav:applicationNumber ?n ;
           pnav:claimsCount ?claims ; pnav:independentClaimsCount ?ind OPTIONAL { ?p pnav:lapseDate ?lapse } }""",
    )
    assert {r["n"]: (int(r["claims"]), int(r["ind"]), r["lapse"]) for r in got} == {
        app_key(row["申请号"]): (int(row["权项数"]), int(row["独权数"]), row["权利失效日"] or None)
        for _, row in df.iterrows()
    }
    for kind, column in (("transfer", "转让人"), ("licence", "许可人"), ("pledge", "出质人")):
        (count,) = select(
            store,
            f"""SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE {{ ?p pnav:legalEvent ?e . ?e pnav:eventType "{kind}" }}""",
        )
        assert count["n"] == int((df[column] != "").sum()), kind


def test_chinese_layouts_still_told_as_before(tmp_path: Path) -> None:
    for layout, expected in (
        ("patsnap-csv", "patsnap"),
        ("patsnap-english", "patsnap"),
        ("incopat", "incopat"),
        ("cnipa-search", "cnipa"),
        ("cn-yearly", "cn-yearly"),
        ("header-variants", "generic"),
    ):
        path = layouts.write_layout(layout, tmp_path / layouts.LAYOUT_FILES[layout], rows=5, seed=2)
        store = open_store("memory://")
        assert ingest_file(store, path).layout == expected, layout
