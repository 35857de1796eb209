"""The CNIPA-family reader on columns of the vendors' full layouts (hand-written rows, hand-computed values).

PatSnap writes ``-`` in every empty cell and has region columns for the applicants as filed (原始申请(专利权)人州/省 …)
beside the current holders' ones; incoPat's full column list has event dates (转让执行日, 许可合同备案日期, 质押期限,
无效决定日, 复审请求日) and separate re-examination and invalidation requesters. Column lists as public code that
reads these exports spells them; the rows are synthetic.
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

from patentnav.graph.ingest.base import ReadContext
from patentnav.graph.ingest.formats import open_export
from patentnav.graph.ingest.inspect import inspect_file
from patentnav.graph.ingest.loader import ingest_file
from patentnav.graph.ingest.records import LegalEvent, PatentRecord
from patentnav.graph.store import open_store, select

PATSNAP = [
    "公开(公告)号", "受理局", "标题", "申请号", "申请日", "公开(公告)日", "优先权国家", "[标]原始申请(专利权)人",
    "原始申请(专利权)人", "[标]当前申请(专利权)人", "当前申请(专利权)人", "原始申请(专利权)人州/省",
    "原始申请(专利权)人地市", "原始申请(专利权)人区县", "当前申请(专利权)人州/省", "当前申请(专利权)人地市",
    "当前申请(专利权)人区县", "[标]原始申请(专利权)人类型", "IPC分类号", "IPC主分类号", "IPC主分类号(小类)", "[标]代理机构",
    "工商统一社会信用代码", "质押人", "质权人",
]  # fmt: skip
INCOPAT = [
    "标题", "申请人", "公开（公告）号", "申请号", "申请日", "IPC", "当前权利人", "转让次数", "转让执行日", "转让人", "受让人",
    "许可次数", "许可合同备案日期", "许可人", "被许可人", "质押次数", "质押期限", "出质人", "质权人", "复审请求人",
    "复审请求日", "无效请求人", "无效决定日", "诉讼次数", "原告", "被告", "诉讼类型",
]  # fmt: skip


def _write(path: Path, header: list[str], rows: list[dict[str, str]], *, empty: str = "") -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows([row.get(h, empty) for h in header] for row in rows)
    return path


def _records(path: Path) -> list[PatentRecord]:
    fmt, table = open_export(path)
    out = list(fmt.read(table, ReadContext()))
    assert all(isinstance(r, PatentRecord) for r in out), out
    return out


def _patsnap(tmp_path: Path) -> Path:
    moved = {  # filed in Changsha, held now in Beijing
        "公开(公告)号": "CN900000001A", "受理局": "CN", "标题": "合成样例液压系统", "申请号": "CN201710000001.X",
        "申请日": "2017-12-01", "公开(公告)日": "2018-05-08", "[标]原始申请(专利权)人": "合成样例重工有限公司",
        "原始申请(专利权)人": "合成样例重工有限公司", "[标]当前申请(专利权)人": "合成样例投资有限公司",
        "当前申请(专利权)人": "合成样例投资有限公司", "原始申请(专利权)人州/省": "湖南省", "原始申请(专利权)人地市": "长沙市",
        "原始申请(专利权)人区县": "长沙县", "当前申请(专利权)人州/省": "北京市", "当前申请(专利权)人地市": "北京市",
        "当前申请(专利权)人区县": "昌平区", "[标]原始申请(专利权)人类型": "COMPANY", "IPC分类号": "E02F9/22 | F15B11/16",
        "IPC主分类号": "E02F9/22", "IPC主分类号(小类)": "E02F",
    }  # fmt: skip
    bare = {  # PatSnap's "-" in every cell it has nothing for, the IPC cells included
        "公开(公告)号": "CN900000002U", "受理局": "CN", "标题": "合成样例起重机", "申请号": "CN201820000002.5",
        "申请日": "2018-01-02", "公开(公告)日": "2018-09-08", "原始申请(专利权)人": "合成样例机械有限公司",
        "原始申请(专利权)人州/省": "湖南", "原始申请(专利权)人地市": "株洲",
    }  # fmt: skip
    return _write(tmp_path / "patsnap.csv", PATSNAP, [moved, bare], empty="-")


def test_patsnap_dash_cells_are_empty(tmp_path: Path) -> None:
    """A ``-`` cell is no value: no agency, pledge, credit-code notice or priority made of it, and a row whose IPC
    cells are ``-`` loads (its patent simply has no IPC code)."""
    moved, bare = _records(_patsnap(tmp_path))
    for r in (moved, bare):
        assert (r.agency, r.events, r.priorities, r.notices) == (None, [], [], [])
    assert [c.symbol for c in moved.ipc] == ["E02F9/22", "F15B11/16"] and bare.ipc == []
    assert [a.org_type_source for a in bare.applicants] == ["guess"]  # its type cell was "-": no notice, a guess


def test_patsnap_applicants_and_holders_have_their_own_region_columns(tmp_path: Path) -> None:
    """原始申请(专利权)人州/省/地市/区县 place the applicants as filed, 当前申请(专利权)人… the current holders."""
    moved, bare = _records(_patsnap(tmp_path))
    assert moved.applicants[0].region_names == ("湖南省", "长沙市", "长沙县")
    assert moved.current_holders[0].region_names == ("北京市", "北京市", "昌平区")
    assert bare.applicants[0].region_names == ("湖南", "株洲", "")
    store = open_store("memory://")
    ingest_file(store, tmp_path / "patsnap.csv")
    rows = select(
        store,
        """SELECT ?name ?region WHERE { ?o pnav:rawName ?name ; pnav:locatedIn ?r .
           BIND(STRAFTER(STR(?r), "/region/") AS ?region) }""",
    )
    assert {(r["name"], r["region"]) for r in rows} == {
        ("合成样例重工有限公司", "430121"),
        ("合成样例投资有限公司", "110114"),
        ("合成样例机械有限公司", "430200"),
    }


def test_patsnap_columns_that_are_not_fields_are_known(tmp_path: Path) -> None:
    """优先权国家 is not taken for priority numbers, nor IPC主分类号(小类) for anything: inspect says what they are."""
    report = inspect_file(_patsnap(tmp_path), samples=0)
    how = {c.header: (c.field, c.how) for c in report.columns}
    assert how["优先权国家"] == (None, "known") and how["IPC主分类号(小类)"] == (None, "known")
    assert how["原始申请(专利权)人地市"] == ("applicant_city", "alias") and how["质押人"] == ("pledgors", "alias")


def test_incopat_event_dates_and_requesters(tmp_path: Path) -> None:
    """One date per listed transfer (20200101; 20210305), a licence's filing date, the start of a pledge term
    (2019.01.01-2022.01.01); 复审请求人 makes a re-examination event and 无效请求人 an invalidation event, each with
    its own date; a date cell that holds no date is a notice and the event keeps its parties; 诉讼类型 details a suit
    as 许可类型 details a licence."""
    row = {
        "标题": "合成样例挖掘机", "申请人": "合成样例重工有限公司", "公开（公告）号": "CN900000003B", "申请号": "CN201710000003.0",
        "申请日": "20171201", "IPC": "E02F9/22", "当前权利人": "合成样例投资有限公司0002", "转让次数": "2",
        "转让执行日": "20200101; 20210305", "转让人": "合成样例重工有限公司; 合成样例投资有限公司0001",
        "受让人": "合成样例投资有限公司0001; 合成样例投资有限公司0002", "许可次数": "1", "许可合同备案日期": "20190301",
        "许可人": "合成样例重工有限公司", "被许可人": "合成样例制造有限公司", "质押次数": "1",
        "质押期限": "2019.01.01-2022.01.01", "出质人": "合成样例重工有限公司", "质权人": "合成样例商业银行股份有限公司",
        "复审请求人": "合成样例重工有限公司", "复审请求日": "20180606", "无效请求人": "合成样例检测有限公司",
        "无效决定日": "不详", "诉讼次数": "1", "原告": "合成样例重工有限公司", "被告": "合成样例贸易有限公司",
        "诉讼类型": "侵权纠纷",
    }  # fmt: skip
    (r,) = _records(_write(tmp_path / "incopat.csv", INCOPAT, [row]))
    events = {e.kind: e for e in r.events}
    assert events["transfer"].dates == (date(2020, 1, 1), date(2021, 3, 5)) and events["transfer"].count == 2
    assert events["licence"].dates == (date(2019, 3, 1),)
    assert events["pledge"].dates == (date(2019, 1, 1),)
    assert events["reexamination"] == LegalEvent(
        "reexamination", ("合成样例重工有限公司",), dates=(date(2018, 6, 6),), raw=("合成样例重工有限公司",)
    )
    assert events["invalidation"].from_parties == ("合成样例检测有限公司",) and events["invalidation"].dates == ()
    assert (events["litigation"].detail, events["litigation"].to_parties) == ("侵权纠纷", ("合成样例贸易有限公司",))
    assert [(n.field, n.reason.split(":")[0]) for n in r.notices] == [("invalidation_dates", "unreadable date '不详'")]


def test_cells_kept_as_text_for_a_spreadsheet_are_read_as_their_text(tmp_path: Path) -> None:
    """Exporters that write ``="…"`` (so that Excel keeps the digits) or Excel's ``'`` text prefix give the numbers
    inside: both rows load, neither is rejected for its application number."""
    header = ["申请号", "标题", "申请人", "申请日"]
    rows = [
        {
            "申请号": '="CN201710000001.X"',
            "标题": "合成样例甲",
            "申请人": "合成样例重工有限公司",
            "申请日": '="20171201"',
        },
        {"申请号": "'201710000002.1", "标题": "合成样例乙", "申请人": "合成样例机械有限公司", "申请日": "'2017-12-02"},
    ]
    first, second = _records(_write(tmp_path / "escaped.csv", header, rows))
    assert (first.application_number, first.application_date) == ("CN201710000001", date(2017, 12, 1))
    assert (second.application_number, second.application_date) == ("CN201710000002", date(2017, 12, 2))


def test_a_patent_list_without_titles_is_recognised(tmp_path: Path) -> None:
    """申请号 and 申请人 tell a Chinese patent list as well as a title does (the analyses never need the title);
    题名, the bibliographic word for a title, is one."""
    bare = _write(
        tmp_path / "bare.csv",
        ["申请号", "申请人", "申请日"],
        [{"申请号": "CN201710000001.X", "申请人": "合成样例重工有限公司"}],
    )
    titled = _write(
        tmp_path / "titled.csv",
        ["题名", "申请号", "申请人"],
        [{"题名": "合成样例", "申请号": "CN201710000002.1", "申请人": "合成样例重工有限公司"}],
    )
    (r,) = _records(bare)
    assert (r.application_number, r.title, [a.name for a in r.applicants]) == (
        "CN201710000001",
        None,
        ["合成样例重工有限公司"],
    )
    (t,) = _records(titled)
    assert t.title == "合成样例"


def test_incopat_value_score_and_its_three_components(tmp_path: Path) -> None:
    """合享价值度 and the three scores it is made of (技术稳定性, 技术先进性, 保护范围) are four incoPat scores; each
    component is named after the overall score, which stays the key-patent table's headline; a cell that is not a
    number is a notice naming its column. In another tool's file, 保护范围 is not read as a score."""
    header = ["标题", "申请人", "申请号", "申请日", "IPC", "合享价值度", "技术稳定性", "技术先进性", "保护范围"]
    row = {"标题": "合成样例液压系统", "申请人": "合成样例重工有限公司", "申请号": "CN201710000001.X",
           "申请日": "2017-12-01", "IPC": "E02F9/22", "合享价值度": "8", "技术稳定性": "9", "技术先进性": "7",
           "保护范围": "6"}  # fmt: skip
    bad = {**row, "申请号": "CN201710000002.X", "技术先进性": "高"}
    path = _write(tmp_path / "synthetic_incopat.csv", header, [row, bad])
    first, second = _records(path)
    assert [(s.indicator, s.value, s.vendor) for s in first.vendor_scores] == [
        ("合享价值度", 8.0, "incoPat (合享)"),
        ("合享价值度·技术稳定性", 9.0, "incoPat (合享)"),
        ("合享价值度·技术先进性", 7.0, "incoPat (合享)"),
        ("合享价值度·保护范围", 6.0, "incoPat (合享)"),
    ]
    assert [s.indicator for s in second.vendor_scores] == ["合享价值度", "合享价值度·技术稳定性", "合享价值度·保护范围"]
    assert [(n.field, n.reason) for n in second.notices] == [("vendor_advancement", "'高' is not a number: left out")]

    from patentnav.graph.analysis.key_patents import key_patents
    from patentnav.graph.analysis.scope import Scope

    store = open_store("memory://")
    ingest_file(store, path)
    ranked = key_patents(store, Scope(), limit=5)["key_patents"].set_index("application_number")
    headline = ranked.loc["CN201710000001"]  # the check digit is not part of the number
    assert (headline["vendor_indicator"], headline["vendor_score"]) == ("合享价值度", 8.0)
    assert headline["vendor_scores"].count("(incoPat (合享))") == 4

    held = {"公开(公告)号": "CN900000001A", "标题": "合成样例液压系统", "申请号": "CN201710000001.X",
            "申请日": "2017-12-01", "[标]当前申请(专利权)人": "合成样例重工有限公司", "当前申请(专利权)人州/省": "湖南省",
            "IPC分类号": "E02F9/22", "保护范围": "一种液压系统"}  # fmt: skip
    patsnap = _write(tmp_path / "synthetic_patsnap.csv", list(held), [held])
    (record,) = _records(patsnap)
    assert record.vendor_scores == [] and not record.notices


def test_inspect_and_ingest_say_an_incopat_score_column_is_not_read_in_another_tools_file(tmp_path: Path) -> None:
    """What a user is told matches what is read: 保护范围 is a mapped score in an incoPat file and a known, unread
    column (with why) in a PatSnap file, in `inspect` and in the ingest summary alike."""
    header = ["标题", "申请人", "申请号", "申请日", "IPC", "合享价值度", "保护范围"]
    row = {"标题": "合成样例液压系统", "申请人": "合成样例重工有限公司", "申请号": "CN201710000001.X",
           "申请日": "2017-12-01", "IPC": "E02F9/22", "合享价值度": "8", "保护范围": "6"}  # fmt: skip
    incopat = _write(tmp_path / "synthetic_incopat.csv", header, [row])
    held = {"公开(公告)号": "CN900000001A", "标题": "合成样例液压系统", "申请号": "CN201710000001.X",
            "申请日": "2017-12-01", "[标]当前申请(专利权)人": "合成样例重工有限公司", "IPC分类号": "E02F9/22",
            "保护范围": "一种液压系统"}  # fmt: skip
    patsnap = _write(tmp_path / "synthetic_patsnap.csv", list(held), [held])

    def protection(path: Path) -> tuple[str | None, str, str]:
        (column,) = [c for c in inspect_file(path, place=False).columns if c.header == "保护范围"]
        return column.field, column.how, column.note

    assert protection(incopat) == ("vendor_protection", "alias", "")
    assert protection(patsnap) == (None, "known", "an incoPat score, read only in incoPat files")
    ignored = ingest_file(open_store("memory://"), patsnap).columns_ignored
    assert "保护范围: an incoPat score, read only in incoPat files" in ignored
    assert not any(c.startswith("保护范围") for c in ingest_file(open_store("memory://"), incopat).columns_ignored)
