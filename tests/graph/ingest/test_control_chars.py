"""Control characters in cells are removed at ingest; the row still loads and is reported as a notice."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from patentnav.graph.ingest.loader import ingest_file
from patentnav.graph.ingest.records import Notice
from patentnav.graph.ingest.synthetic import CNIPA_HEADER
from patentnav.graph.ingest.tabular import clean_text
from patentnav.graph.store import select
from tests.support.xlsx import write_workbook

# What XML 1.0 (SPARQL XML results, RDF/XML) cannot carry: C0 controls but tab, LF, CR; DEL; U+FFFE/F; surrogates.
_UNWANTED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")


def _row(app: str, title: str, abstract: str, applicant: str) -> list[str]:
    values = dict.fromkeys(CNIPA_HEADER, "")
    values.update(
        {
            "申请号": app,
            "申请日": "2019-01-02",
            "名称": title,
            "摘要": abstract,
            "申请(专利权)人": applicant,
            "IPC分类号": "B66C23/00",
        }
    )
    return [values[h] for h in CNIPA_HEADER]


def _literals(store, graph: str) -> list[str]:
    rows = select(store, f"SELECT ?o WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o FILTER(isLiteral(?o)) }} }}")
    return [str(r["o"]) for r in rows]


def _labels(store, graph: str) -> dict[str, str]:
    rows = select(
        store,
        f"""SELECT ?app ?title ?abstract ?org WHERE {{ GRAPH <{graph}> {{
              ?p pnav:applicationNumber ?app ; rdfs:label ?title ; pnav:applicant ?o .
              OPTIONAL {{ ?p pnav:abstract ?abstract }} }} ?o rdfs:label ?org }}""",
    )
    return {r["app"]: (r["title"], r["abstract"], r["org"]) for r in rows}


def _check(store, result, line: str | int, second: str | int) -> None:
    assert (result.rows_read, result.rows_rejected, result.patents_added) == (3, 0, 3)
    assert not [v for v in _literals(store, result.graph) if _UNWANTED.search(v)]
    labels = _labels(store, result.graph)
    assert labels["CN201919000001"][:2] == ("一种合成样例装置", "摘要 第二段")  # VT separates words: a space
    assert labels["CN201919000003"][2] == "合成样例机械有限公司0002"
    assert result.rows_with_notices == 2
    by_place = {(n.line, n.field): n for n in result.notices}
    assert set(by_place) == {(line, "名称"), (line, "摘要"), (second, "申请(专利权)人")}
    assert all(isinstance(n, Notice) for n in result.notices)
    title = by_place[(line, "名称")].reason
    assert "U+0000" in title and "U+0001" in title
    assert "U+000B" in by_place[(line, "摘要")].reason


def test_csv_cells_with_nul_and_control_characters(tmp_path: Path, store) -> None:
    rows = [
        CNIPA_HEADER,
        _row("CN201919000001.1", "一种\x01合成样例\x00装置", "摘要\x0b第二段", "合成样例机械有限公司0001"),
        _row("CN201919000002.1", "一种合成样例方法", "摘要", "合成样例机械有限公司0001"),
        _row("CN201919000003.1", "一种合成样例系统", "摘要", "合成样例机械\x00有限公司0002\x7f"),
    ]
    path = tmp_path / "controls.csv"
    path.write_bytes("\n".join(",".join(r) for r in rows).encode("utf-8") + b"\n")
    assert b"\x00" in path.read_bytes()
    result = ingest_file(store, path)
    _check(store, result, 2, 4)


def test_xlsx_cells_with_escaped_control_characters(tmp_path: Path, store) -> None:
    # XML cannot hold most control characters; Excel writes them as _xHHHH_ escapes, read back here.
    rows = [
        CNIPA_HEADER,
        _row("CN201919000001.1", "一种_x0001_合成样例_x0000_装置", "摘要_x000B_第二段", "合成样例机械有限公司0001"),
        _row("CN201919000002.1", "一种合成样例方法", "第一行_x000D_\n第二行", "合成样例机械有限公司0001"),
        _row("CN201919000003.1", "一种合成样例系统", "摘要", "合成样例机械_xD800_有限公司0002_xFFFE_"),
    ]
    result = ingest_file(store, write_workbook(tmp_path / "controls.xlsx", rows))
    _check(store, result, "Sheet1!2", "Sheet1!4")
    assert _labels(store, result.graph)["CN201919000002"][1] == "第一行\r\n第二行"  # an escaped CR is a CR


@pytest.mark.parametrize(
    ("text", "clean"),
    [("a\x00b", "ab"), ("a\x0bb\x0cc", "a b c"), ("tab\tnl\ncr\r", "tab\tnl\ncr\r"), ("\ud83d\ude00", "\U0001f600")],
)
def test_clean_text(text: str, clean: str) -> None:
    assert clean_text(text)[0] == clean
