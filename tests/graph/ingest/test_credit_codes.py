"""One unified social credit code is one organisation, whatever the spellings and their order in the file."""

from __future__ import annotations

from pathlib import Path

from patentnav.graph.ingest.loader import ingest_file
from patentnav.graph.ingest.normalize import CREDIT_CODE_CHARS, valid_credit_code
from patentnav.graph.store import select

_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def _code(body: str) -> str:
    """A synthetic code: 17 characters plus the GB 32100-2015 check character (computed here, independently)."""
    total = sum(CREDIT_CODE_CHARS.index(c) * w for c, w in zip(body, _WEIGHTS, strict=True))
    return body + CREDIT_CODE_CHARS[(31 - total % 31) % 31]


def test_a_spelling_met_before_its_code_is_merged_into_the_code_organisation(tmp_path: Path, empty_store) -> None:
    code = _code("91430100PN0000001")
    assert valid_credit_code(code)
    path = tmp_path / "synthetic_codes.csv"
    path.write_text(
        "申请号,名称,申请人,统一社会信用代码\n"
        "CN201910000001.1,一种合成样例装置,合成样例重工股份有限公司0001,\n"  # spelling A, no code yet
        f"CN201910000002.1,一种合成样例机构,合成样例重工有限公司0001,{code}\n"  # spelling B with the code
        f"CN201910000003.1,一种合成样例方法,合成样例重工股份有限公司0001,{code}\n",  # A with the code: A is B
        encoding="utf-8",
    )
    result = ingest_file(empty_store, path)
    assert result.rows_rejected == 0
    orgs = select(
        empty_store,
        "SELECT ?o (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p pnav:applicant ?o } GROUP BY ?o",
    )
    assert [row["n"] for row in orgs] == [3]  # one organisation holds all three patents
    raw = select(empty_store, "SELECT ?r WHERE { ?o pnav:creditCode ?c ; pnav:rawName ?r } ORDER BY ?r")
    assert [row["r"] for row in raw] == ["合成样例重工有限公司0001", "合成样例重工股份有限公司0001"]
    codes = select(empty_store, "SELECT DISTINCT ?o WHERE { ?o pnav:creditCode ?c }")
    assert len(codes) == 1


def test_an_invalid_code_is_a_notice_and_the_row_loads(tmp_path: Path, empty_store) -> None:
    path = tmp_path / "synthetic_bad_code.csv"
    path.write_text(
        "申请号,名称,申请人,统一社会信用代码\nCN201910000009.1,一种合成样例装置,合成样例重工有限公司0009,91430100PN00000019\n",
        encoding="utf-8",
    )
    result = ingest_file(empty_store, path)
    assert result.patents_added == 1
    assert [(n.field, "not a valid unified social credit code" in n.reason) for n in result.notices] == [
        ("credit_code", True)
    ]
    assert select(empty_store, "SELECT ?c WHERE { ?o pnav:creditCode ?c }") == []
