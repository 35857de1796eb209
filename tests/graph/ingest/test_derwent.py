"""Derwent Innovation: detection (title rows, not Lens or Google) and every field (hand-computed values)."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from patentnav.graph.ingest import derwent, google, lens
from patentnav.graph.ingest.base import ReadContext
from patentnav.graph.ingest.formats import FORMATS, detect_export, open_export
from patentnav.graph.ingest.records import FamilyLink, FileError, PatentRecord, Priority, RowError, VendorClass

#: The header of the issue's Derwent layout.
DERWENT_HEADER = [
    "Publication Number", "Title", "Title - DWPI", "Abstract - DWPI", "Application Number", "Application Year",
    "Assignee/Applicant", "Assignee - Current US", "Optimized Assignee", "Ultimate Parent", "Inventor - DWPI",
    "IPC - Current", "Cited Refs - Patent", "Count of Citing Patents", "DWPI Family Members",
]  # fmt: skip
#: Common extra columns of Derwent Innovation exports.
EXTRA_HEADER = [
    "Publication Date", "Application Date", "Priority Number", "Priority Date - Earliest", "DWPI Accession Number",
    "Count of Cited Refs - Patent", "Count of Cited Refs - Non-patent", "Citing Patents", "DWPI Count of Family Members",
    "INPADOC Family Members", "CPC - Current", "Claims Count", "DWPI Class", "Assignee - Original - Country/Region",
    "Publication Year", "Front Page Drawing",
]  # fmt: skip
TITLE_ROWS = [["Derwent Innovation Patent Export (synthetic example, not real patents)"], ["Search: synthetic"]]

ROW = {
    "Publication Number": "CN105000000A",
    "Title": "一种合成样例起重机",
    "Title - DWPI": "Synthetic example crane (synthetic, not a real patent)",
    "Abstract - DWPI": "NOVELTY - A synthetic example crane. USE - Test data.",
    "Application Number": "CN201510123456A",
    "Application Year": "2015",
    "Assignee/Applicant": "SYNTH HEAVY IND CO LTD | SYNTH AMERICA INC",
    "Assignee - Current US": "SYNTH AMERICA INC | SYNTH HOLDINGS LLC",
    "Optimized Assignee": "Synth Heavy Industry Co Ltd | Synth America Inc",
    "Ultimate Parent": "SYNTH GROUP CO LTD",
    "Inventor - DWPI": "ZHAO W | QIAN F",
    "IPC - Current": "B66C23/64 | B66C13/18 | B66C23/64",
    "Cited Refs - Patent": "US5123456A | CN101234567A | CN105000000A",
    "Count of Citing Patents": "12",
    "DWPI Family Members": "CN105000000A | CN105000000B | US20160123456A1",
}
EXTRA = {
    "Publication Date": "2015-10-28",
    "Application Date": "2015-03-20",
    "Priority Number": "CN201510123456A 2015-03-20 | US201462000001P 2014-11-05",
    "Priority Date - Earliest": "2014-11-05",
    "DWPI Accession Number": "2015-00001A",
    "Count of Cited Refs - Patent": "3",
    "Count of Cited Refs - Non-patent": "1",
    "Citing Patents": "CN106000000A | US10999999B2",
    "DWPI Count of Family Members": "3",
    "INPADOC Family Members": "CN105000000A | US20160123456A1 | EP3000000A1",
    "CPC - Current": "B66C23/64",
    "Claims Count": "10",
    "DWPI Class": "Q38",
    "Assignee - Original - Country/Region": "CN | US",
    "Publication Year": "2015",
    "Front Page Drawing": "https://example.invalid/drawing.png",
}


def _write(path: Path, header: list[str], rows: list[dict[str, str]], *, title: bool = True) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        if title:
            writer.writerows(TITLE_ROWS)
        writer.writerow(header)
        writer.writerows([[r.get(h, "") for h in header] for r in rows])
    return path


def _records(path: Path) -> list[PatentRecord | RowError]:
    fmt, table = open_export(path)
    assert fmt.name == "derwent"
    return list(fmt.read(table, ReadContext()))


def test_registered_and_detected_below_title_rows(tmp_path: Path) -> None:
    assert "derwent" in FORMATS
    path = _write(tmp_path / "derwent.csv", DERWENT_HEADER, [ROW])
    detection, table = detect_export(path)
    assert detection.format.name == "derwent"
    assert table.header_line == 3
    how = {c.header: c.how for c in detection.mapping.columns}
    assert all(h == "alias" for h in how.values()), how


def test_every_field_of_the_issue_layout(tmp_path: Path) -> None:
    (r,) = _records(_write(tmp_path / "derwent.csv", DERWENT_HEADER, [ROW]))
    assert isinstance(r, PatentRecord)
    assert r.application_number == "CN201510123456"  # the kind letter A dropped
    assert (r.publication_numbers, r.kind, r.country, r.patent_type) == (["CN105000000A"], "A", "CN", "invention")
    assert r.application_year == 2015  # Derwent's Application Year: the only filing date this layout gives
    # The title as filed first (Chinese); the DWPI abstract, as there is no other.
    assert (r.title, r.title_lang) == ("一种合成样例起重机", "zh")
    assert r.abstract == "NOVELTY - A synthetic example crane. USE - Test data."
    # Raw names as filed, normalised names from Optimized Assignee (one to one).
    assert [(a.raw_name, a.name) for a in r.applicants] == [
        ("SYNTH HEAVY IND CO LTD", "Synth Heavy Industry Co., Ltd."),
        ("SYNTH AMERICA INC", "Synth America Inc."),
    ]
    # Current US assignees: the one spelled as an applicant takes that applicant's optimized name.
    assert [(h.raw_name, h.name) for h in r.current_holders] == [
        ("SYNTH AMERICA INC", "Synth America Inc."),
        ("SYNTH HOLDINGS LLC", "SYNTH HOLDINGS LLC"),
    ]
    assert r.vendor_classes == [VendorClass("Ultimate Parent", "SYNTH GROUP CO LTD", "Clarivate Derwent")]
    assert [i.name for i in r.inventors] == ["ZHAO W", "QIAN F"]
    assert [c.symbol for c in r.ipc] == ["B66C23/64", "B66C13/18"]
    assert r.cited == ["US5123456A", "CN101234567A"]  # the patent itself left out
    assert r.citation_counts == {"forward": 12}
    assert r.families == [FamilyLink("dwpi", ("CN105000000B", "US20160123456A1"), None)]
    assert r.notices == []


def test_every_field_of_the_extra_columns(tmp_path: Path) -> None:
    (r,) = _records(_write(tmp_path / "derwent.csv", DERWENT_HEADER + EXTRA_HEADER, [ROW | EXTRA]))
    assert isinstance(r, PatentRecord)
    assert (r.publication_date, r.application_date) == (date(2015, 10, 28), date(2015, 3, 20))
    assert r.priorities == [
        Priority("CN201510123456", date(2015, 3, 20)),
        Priority("US201462000001", date(2014, 11, 5)),
    ]
    assert r.citing == ["CN106000000A", "US10999999B2"]
    assert r.citation_counts == {"backward": 3, "forward": 12, "npl": 1}
    assert r.families == [
        FamilyLink("dwpi", ("CN105000000B", "US20160123456A1"), 3),
        FamilyLink("extended", ("US20160123456A1", "EP3000000A1"), None),
    ]
    assert [c.symbol for c in r.cpc] == ["B66C23/64"]
    assert r.claims_count == 10
    assert r.vendor_classes == [
        VendorClass("Ultimate Parent", "SYNTH GROUP CO LTD", "Clarivate Derwent"),
        VendorClass("DWPI Class", "Q38", "Clarivate Derwent"),
    ]
    assert [a.country_hint for a in r.applicants] == ["CN", "US"]
    assert r.notices == []


def test_priority_numbers_without_dates_take_the_earliest(tmp_path: Path) -> None:
    row = ROW | {"Priority Number": "CN201510123456A", "Priority Date - Earliest": "2015-03-20"}
    (r,) = _records(_write(tmp_path / "derwent.csv", DERWENT_HEADER + EXTRA_HEADER, [row]))
    assert r.priorities == [Priority("CN201510123456", date(2015, 3, 20))]


def test_application_numbers_of_other_offices() -> None:
    assert derwent.derwent_application_number("US2016123456A") == "US2016123456"
    assert derwent.derwent_application_number("CN2015101234567") == "CN201510123456"
    assert derwent.derwent_application_number("WO2015CN000123A") == "WO2015CN000123"


def test_malformed_values_are_notices_and_the_row_loads(tmp_path: Path) -> None:
    row = ROW | {
        "Application Number": "??",
        "Count of Citing Patents": "many",
        "Cited Refs - Patent": "US5123456A | see attached",
        "DWPI Family Members": "CN105000000B | 12345",
        "IPC - Current": "B66C23/64 | Z99",
        "Optimized Assignee": "Synth Heavy Industry Co Ltd",  # one optimized name for two applicants
    }
    (r,) = _records(_write(tmp_path / "derwent.csv", DERWENT_HEADER, [row]))
    assert isinstance(r, PatentRecord)
    assert r.application_number is None and r.key == "CN105000000A"
    assert r.cited == ["US5123456A"]
    assert r.families == [FamilyLink("dwpi", ("CN105000000B",), None)]
    assert r.citation_counts == {}
    assert [c.symbol for c in r.ipc] == ["B66C23/64"]
    assert [a.name for a in r.applicants] == ["SYNTH HEAVY IND Co., Ltd.", "SYNTH AMERICA Inc."]
    fields = sorted(n.field for n in r.notices)
    assert fields == ["applicants_standardized", "application_number", "cited", "citing_count", "dwpi_family", "ipc"]


def test_an_empty_publication_number_rejects_the_row(tmp_path: Path) -> None:
    (r,) = _records(_write(tmp_path / "derwent.csv", DERWENT_HEADER, [ROW | {"Publication Number": ""}]))
    assert isinstance(r, RowError) and "Publication Number" in r.reason


def test_lens_google_and_derwent_headers_are_not_confused(tmp_path: Path) -> None:
    from tests.graph.ingest.test_lens import FULL, LENS_HEADER

    google_header = ["id", "title", "assignee", "inventor/author", "priority date", "filing/creation date",
                     "publication date", "grant date", "result link", "representative figure link"]  # fmt: skip
    headers = {"derwent": DERWENT_HEADER + EXTRA_HEADER, "lens": LENS_HEADER, "google": google_header}
    specs = {"derwent": derwent.SPEC, "lens": lens.SPEC, "google": google.SPEC}
    for name, header in headers.items():
        assert [other for other, spec in specs.items() if spec.matches(header)] == [name]
    lens_path = tmp_path / "lens.csv"
    with lens_path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([LENS_HEADER, FULL])
    assert detect_export(lens_path)[0].format.name == "lens"
    derwent_path = _write(tmp_path / "derwent.csv", DERWENT_HEADER, [ROW], title=False)
    assert detect_export(derwent_path)[0].format.name == "derwent"


def test_a_plain_english_header_without_derwent_columns_is_not_derwent(tmp_path: Path) -> None:
    path = _write(tmp_path / "plain.csv", ["Publication Number", "Title", "Inventor"], [{"Title": "x"}], title=False)
    with pytest.raises(FileError, match="unknown format"):
        detect_export(path)
