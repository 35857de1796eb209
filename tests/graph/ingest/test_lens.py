"""Lens.org: the full export header is read field by field (hand-written rows, hand-computed values)."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

from patentnav.graph.ingest.base import ReadContext
from patentnav.graph.ingest.formats import detect_export, open_export
from patentnav.graph.ingest.records import FamilyLink, PatentRecord, Priority

LENS_HEADER = [
    "#", "Jurisdiction", "Kind", "Display Key", "Lens ID", "Publication Date", "Publication Year",
    "Application Number", "Application Date", "Priority Numbers", "Earliest Priority Date", "Title", "Abstract",
    "Applicants", "Inventors", "Owners", "URL", "Document Type", "Has Full Text", "Cites Patent Count",
    "Cited by Patent Count", "Simple Family Size", "Simple Family Members", "Simple Family Member Jurisdictions",
    "Extended Family Size", "Extended Family Members", "Extended Family Member Jurisdictions", "Sequence Count",
    "CPC Classifications", "IPCR Classifications", "US Classifications", "NPL Citation Count",
    "NPL Resolved Citation Count", "NPL Resolved Lens ID(s)", "NPL Resolved External ID(s)", "NPL Citations",
    "Legal Status",
]  # fmt: skip


def _row(**cells: str) -> list[str]:
    return [cells.get(h, "") for h in LENS_HEADER]


def _write(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(LENS_HEADER)
        writer.writerows(rows)
    return path


def _records(path: Path) -> list[PatentRecord]:
    fmt, table = open_export(path)
    assert fmt.name == "lens"
    out = list(fmt.read(table, ReadContext()))
    assert all(isinstance(r, PatentRecord) for r in out), out
    return out


FULL = _row(
    **{
        "#": "1",
        "Jurisdiction": "CN",
        "Kind": "B",
        "Display Key": "CN 105000000 B",
        "Lens ID": "900-001-002-003-000",
        "Publication Date": "2017-06-02",
        "Publication Year": "2017",
        "Application Number": "CN 201510123456 A",
        "Application Date": "2015-03-20",
        "Priority Numbers": "CN 201510123456 A;;US 201462000001 P",
        "Earliest Priority Date": "2014-11-05",
        "Title": "一种合成样例起重机",
        "Abstract": "合成样例摘要（合成数据）",
        "Applicants": "合成样例机械有限公司0001;;合成样例大学0002",
        "Inventors": "赵伟;;钱芳",
        "Owners": "合成样例机械有限公司0001 (2016-01-10);;合成样例控股有限公司0003 (2019-04-01);;"
        "合成样例投资有限公司0004 (2019-04-01)",
        "URL": "https://lens.org/900-001-002-003-000",
        "Document Type": "Granted Patent",
        "Has Full Text": "false",
        "Cites Patent Count": "7",
        "Cited by Patent Count": "1,204",
        "Simple Family Size": "3",
        "Simple Family Members": "CN 105000000 A;;CN 105000000 B;;US 2016/0123456 A1",
        "Simple Family Member Jurisdictions": "CN;;US",
        "Extended Family Size": "4",
        "Extended Family Members": "CN 105000000 A;;US 2016/0123456 A1;;US 10123456 B2",
        "Extended Family Member Jurisdictions": "CN;;US",
        "Sequence Count": "0",
        "CPC Classifications": "B66C23/64;;B66C13/18",
        "IPCR Classifications": "B66C23/64;;B66C13/18",
        "US Classifications": "",
        "NPL Citation Count": "2",
        "NPL Resolved Citation Count": "1",
        "NPL Resolved Lens ID(s)": "000-111-222-333-444",
        "NPL Resolved External ID(s)": "10.1000/synthetic",
        "NPL Citations": "SYNTHETIC AUTHOR, a synthetic reference",
        "Legal Status": "ACTIVE",
    }
)


def test_full_header_is_detected_as_lens_with_every_column_accounted_for(tmp_path: Path) -> None:
    path = _write(tmp_path / "lens.csv", [FULL])
    detection, _ = detect_export(path)
    assert detection.format.name == "lens"
    how = {c.header: c.how for c in detection.mapping.columns}
    assert "ignored" not in how.values(), how
    assert "suggested" not in how.values(), how
    for header in ("#", "URL", "Has Full Text", "Sequence Count", "US Classifications", "Publication Year",
                   "NPL Resolved Lens ID(s)", "NPL Resolved External ID(s)", "NPL Citations",
                   "Simple Family Member Jurisdictions", "NPL Resolved Citation Count"):  # fmt: skip
        assert how[header] == "known", header
    fields = detection.mapping.fields
    for field in ("current_holders", "priority_numbers", "priority_dates", "cited_count", "citing_count", "npl_count",
                  "simple_family", "simple_family_size", "extended_family", "extended_family_size"):  # fmt: skip
        assert field in fields, field


def test_every_field_of_a_full_row(tmp_path: Path) -> None:
    (r,) = _records(_write(tmp_path / "lens.csv", [FULL]))
    assert r.application_number == "CN201510123456"
    assert r.publication_numbers == ["CN105000000B"]
    assert (r.kind, r.country, r.patent_type) == ("B", "CN", "invention")
    assert (r.application_date, r.publication_date, r.grant_date) == (
        date(2015, 3, 20),
        date(2017, 6, 2),
        date(2017, 6, 2),
    )
    assert (r.title, r.title_lang) == ("一种合成样例起重机", "zh")
    assert [a.name for a in r.applicants] == ["合成样例机械有限公司0001", "合成样例大学0002"]
    assert [i.name for i in r.inventors] == ["赵伟", "钱芳"]
    # Owners: the two who became owners on the latest date are the current holders, without their dates.
    assert [h.name for h in r.current_holders] == ["合成样例控股有限公司0003", "合成样例投资有限公司0004"]
    assert [h.raw_name for h in r.current_holders] == ["合成样例控股有限公司0003", "合成样例投资有限公司0004"]
    # Two priority numbers, one earliest date: it is the one whose year is 2014.
    assert r.priorities == [Priority("CN201510123456"), Priority("US201462000001", date(2014, 11, 5))]
    assert r.citation_counts == {"backward": 7, "forward": 1204, "npl": 2}
    # Members as normalised publication numbers, the patent itself left out; sizes as stated.
    assert r.families == [
        FamilyLink("simple", ("CN105000000A", "US20160123456A1"), 3),
        FamilyLink("extended", ("CN105000000A", "US20160123456A1", "US10123456B2"), 4),
    ]
    assert [c.symbol for c in r.ipc] == ["B66C23/64", "B66C13/18"]
    assert [c.symbol for c in r.cpc] == ["B66C23/64", "B66C13/18"]
    assert (r.legal_status, r.legal_status_raw) == ("active", "ACTIVE")
    assert r.notices == []


def test_owners_without_dates_are_all_current_holders_and_one_priority_takes_the_date(tmp_path: Path) -> None:
    row = _row(
        Jurisdiction="US",
        Kind="B2",
        **{
            "Display Key": "US 10123456 B2",
            "Lens ID": "900-001-002-003-001",
            "Application Number": "US 15/123456 A",
            "Priority Numbers": "US 201562111111 P",
            "Earliest Priority Date": "2015-01-02",
            "Owners": "Example Inc;;Other Corp",
            "Applicants": "Example Inc",
            "Document Type": "Granted Patent",
        },
    )
    (r,) = _records(_write(tmp_path / "lens.csv", [row]))
    assert r.application_number == "US15123456"
    assert [h.name for h in r.current_holders] == ["Example Inc.", "Other Corp."]
    assert r.priorities == [Priority("US201562111111", date(2015, 1, 2))]
    assert (r.families, r.citation_counts) == ([], {})


def test_bad_counts_members_and_dates_are_notices_and_the_row_loads(tmp_path: Path) -> None:
    row = _row(
        Jurisdiction="CN",
        Kind="A",
        **{
            "Display Key": "CN 105000001 A",
            "Lens ID": "900-001-002-003-002",
            "Cites Patent Count": "a few",
            "Cited by Patent Count": "3",
            "Simple Family Size": "two",
            "Simple Family Members": "CN 105000001 A;;123-456-789-012-345;;not a number;;US 2016/0123457 A1",
            "Owners": "合成样例机械有限公司0001 (2019-02-30)",
            "Earliest Priority Date": "2015-13-01",
            "Priority Numbers": "CN 201510000001 A;;CN 201510000002 A",
        },
    )
    (r,) = _records(_write(tmp_path / "lens.csv", [row]))
    assert r.citation_counts == {"forward": 3}
    assert r.families == [FamilyLink("simple", ("US20160123457A1",), None)]
    assert [h.name for h in r.current_holders] == ["合成样例机械有限公司0001"]
    assert r.priorities == [Priority("CN201510000001"), Priority("CN201510000002")]
    reasons = {(n.field, n.reason.split(":")[0]) for n in r.notices}
    assert ("cited_count", "'a few' is not a count") in reasons
    assert ("simple_family_size", "'two' is not a count") in reasons
    assert ("simple_family", "'123-456-789-012-345' is a Lens ID, not a publication number") in reasons
    assert ("simple_family", "'not a number' is not a publication number") in reasons
    assert any(n.field == "current_holders" and "kept undated" in n.reason for n in r.notices)
    assert any(n.field == "priority_dates" for n in r.notices)
    assert len(r.notices) == 6


def test_earliest_date_that_fits_no_single_number_is_kept_without_one(tmp_path: Path) -> None:
    row = _row(
        Jurisdiction="CN",
        **{
            "Display Key": "CN 105000002 A",
            "Lens ID": "900-001-002-003-003",
            "Priority Numbers": "CN 201510000001 A;;CN 201510000002 A",
            "Earliest Priority Date": "2015-01-02",
        },
    )
    (r,) = _records(_write(tmp_path / "lens.csv", [row]))
    assert r.priorities == [Priority("CN201510000001"), Priority("CN201510000002"), Priority("", date(2015, 1, 2))]


def test_the_short_lens_header_still_reads(exports) -> None:
    # The synthetic Lens export of the other tests (a subset of the full header) reads without rejections.
    fmt, table = open_export(exports["lens"])
    records = list(fmt.read(table, ReadContext()))
    assert fmt.name == "lens"
    assert len(records) == 300 and all(isinstance(r, PatentRecord) for r in records)
    first = records[0]
    assert first.current_holders and first.priorities and "forward" in first.citation_counts
