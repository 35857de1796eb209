"""Google Patents (priority date) and PatentsView (num_claims, g_us_patent_citation) record fields."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

from patentnav.graph.ingest.base import ReadContext
from patentnav.graph.ingest.formats import detect_export, export_path, open_export
from patentnav.graph.ingest.patentsview import companion_files
from patentnav.graph.ingest.records import PatentRecord, Priority

GOOGLE_HEADER = ["id", "title", "assignee", "inventor/author", "priority date", "filing/creation date",
                 "publication date", "grant date", "result link", "representative figure link"]  # fmt: skip


def _google(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["search URL:", "https://patents.google.com/?q=synthetic"])
        writer.writerow(GOOGLE_HEADER)
        writer.writerows(rows)
    return path


def test_google_priority_date_and_every_other_field(tmp_path: Path) -> None:
    path = _google(
        tmp_path / "google.csv",
        [
            ["CN-105000000-B", "一种合成样例起重机", "合成样例机械有限公司0001, Example Co., Ltd.", "赵伟, 钱芳",
             "2014-11-05", "2015-03-20", "2015-10-28", "2017-06-02",
             "https://patents.google.com/patent/CN105000000B/zh", ""],
            ["US-10123456-B2", "Synthetic crane", "Example Inc", "Ada Crane", "", "2016-01-02", "2018-03-04",
             "2018-03-04", "https://patents.google.com/patent/US10123456B2/en", ""],
        ],
    )  # fmt: skip
    detection, _ = detect_export(path)
    assert detection.format.name == "google"
    assert {c.header: c.how for c in detection.mapping.columns}["representative figure link"] == "known"
    fmt, table = open_export(path)
    first, second = list(fmt.read(table, ReadContext()))
    assert isinstance(first, PatentRecord) and isinstance(second, PatentRecord)
    assert (first.application_number, first.publication_numbers, first.kind) == (None, ["CN105000000B"], "B")
    assert [a.name for a in first.applicants] == ["合成样例机械有限公司0001", "Example Co., Ltd."]
    assert [i.name for i in first.inventors] == ["赵伟", "钱芳"]
    assert (first.application_date, first.publication_date, first.grant_date) == (
        date(2015, 3, 20),
        date(2015, 10, 28),
        date(2017, 6, 2),
    )
    assert first.priorities == [Priority("", date(2014, 11, 5))]
    assert (first.patent_type, first.title_lang, first.country) == ("invention", "zh", "CN")
    assert second.priorities == [] and second.title_lang == "en"
    assert first.notices == second.notices == []


def test_google_bad_priority_date_is_a_notice(tmp_path: Path) -> None:
    path = _google(
        tmp_path / "google.csv",
        [["CN-105000000-A", "x", "合成样例机械有限公司0001", "", "2014-02-30", "", "", "", "https://x.invalid/", ""]],
    )
    fmt, table = open_export(path)
    (r,) = list(fmt.read(table, ReadContext()))
    assert isinstance(r, PatentRecord) and r.priorities == []
    assert [n.field for n in r.notices] == ["priority_dates"]


def _tsv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter="\t")
        writer.writerow(header)
        writer.writerows(rows)


def _patentsview(folder: Path, *, citations: bool) -> Path:
    folder.mkdir()
    _tsv(
        folder / "g_patent.tsv",
        ["patent_id", "patent_type", "patent_date", "patent_title", "patent_abstract", "wipo_kind", "num_claims",
         "withdrawn", "filename"],
        [["10123456", "utility", "2018-11-13", "Synthetic crane", "Synthetic.", "B2", "17", "0", "ipg181113.xml"],
         ["10123457", "utility", "2018-11-13", "Synthetic hoist", "Synthetic.", "B1", "many", "0", "ipg181113.xml"]],
    )  # fmt: skip
    _tsv(
        folder / "g_application.tsv",
        ["application_id", "patent_id", "patent_application_type", "filing_date", "series_code", "rule_47_flag"],
        [
            ["15/123456", "10123456", "15", "2016-05-02", "15", "0"],
            ["15/123457", "10123457", "15", "2016-05-03", "15", "0"],
        ],
    )
    if citations:
        _tsv(
            folder / "g_us_patent_citation.tsv",
            ["patent_id", "citation_sequence", "citation_patent_id", "citation_date", "record_name", "wipo_kind",
             "citation_category"],
            [["10123456", "1", "5123456", "1992-06-01", "Smith", "A", "cited by examiner"],
             ["10123456", "0", "10123457", "2018-11-13", "Jones", "B1", "cited by applicant"],
             ["10123456", "2", "5123456", "1992-06-01", "Smith", "A", "cited by applicant"],
             ["10123456", "3", "NULL", "", "", "", "cited by other"],
             ["10123457", "0", "D800123", "2017-01-01", "Lee", "S1", "cited by examiner"]],
        )  # fmt: skip
    return folder / "g_patent.tsv"


def test_patentsview_claims_and_cited_patents_resolve_to_its_own_numbers(tmp_path: Path) -> None:
    main = _patentsview(tmp_path / "pv", citations=True)
    assert export_path(main.parent) == main
    assert main.with_name("g_us_patent_citation.tsv") in companion_files(main)
    detection, _ = detect_export(main)
    assert detection.format.name == "patentsview"
    assert {c.header: c.how for c in detection.mapping.columns}["filename"] == "known"
    fmt, table = open_export(main)
    first, second = list(fmt.read(table, ReadContext()))
    assert isinstance(first, PatentRecord) and isinstance(second, PatentRecord)
    assert first.publication_numbers == ["US10123456B2"] and first.claims_count == 17
    # In citation_sequence order, each once; the cited PatentsView patent in its own publication number's form.
    assert first.cited == ["US10123457B1", "US5123456A"]
    assert second.cited == ["USD800123S1"]
    assert second.cited[0] != first.publication_numbers[0]
    assert first.cited[0] == second.publication_numbers[0]
    assert [n.field for n in first.notices] == ["g_us_patent_citation.tsv"]  # 'NULL' is not a patent id
    assert second.claims_count is None and [n.field for n in second.notices] == ["claims_count"]


def test_patentsview_without_the_citation_table(tmp_path: Path) -> None:
    main = _patentsview(tmp_path / "pv", citations=False)
    fmt, table = open_export(main)
    first, _ = list(fmt.read(table, ReadContext()))
    assert isinstance(first, PatentRecord) and first.cited == [] and first.claims_count == 17


def test_synthetic_patentsview_export_reads_num_claims(exports) -> None:
    fmt, table = open_export(exports["patentsview"])
    records = list(fmt.read(table, ReadContext()))
    assert len(records) == 300 and all(isinstance(r, PatentRecord) and r.claims_count == 10 for r in records)
