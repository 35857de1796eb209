"""PatSnap's English user interface: its exports are read as PatSnap, into the same records and triples as the same
rows under PatSnap's Chinese headers.

The files come from :func:`tests.support.layouts.write_patsnap_english` (labelled synthetic): the same rows once
under the English headers and once under the Chinese column each English header is PatSnap's label of. The
counts against an independent pandas reading of the English file are in ``test_layouts.py`` (layout
``patsnap-english``).
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from patentnav.graph.ingest.base import ReadContext
from patentnav.graph.ingest.cnipa import PATSNAP_ENGLISH, SPEC, layout_of, vendor_of
from patentnav.graph.ingest.formats import FORMATS, detect_export
from patentnav.graph.ingest.loader import ingest_file
from patentnav.graph.ingest.records import PatentRecord
from patentnav.graph.store import open_store
from tests.support import layouts

ROWS, SEED = 120, 11

#: Each English header of the synthetic layout and the field it is read as, written out here (not taken from the
#: alias table) so a spelling moved to another field fails.
FIELDS = {
    "Publication Number": "publication_number", "Application Number": "application_number", "Title": "title",
    "Abstract": "abstract", "Application Date": "application_date", "Publication Date": "publication_date",
    "Inventor Name": "inventors", "Std. Current Assignee": "current_holders_standardized",
    "Original Assignee (Applicant)": "applicants", "Std. Current Assignee Type": "holder_type",
    "Current Assignee State/Province": "province", "Current Assignee Address": "holder_address",
    "Current Assignee Region": "country", "Agency": "agency", "Attorney": "agents", "IPC": "ipc", "Main IPC": "ipc_main",
    "Simple Legal Status": "legal_status", "Cited By Patent": "citing", "Cite Patent": "cited",
    "Cited By Count": "citing_count", "Cites Count": "cited_count", "Simple Family": "simple_family",
    "INPADOC Family": "extended_family", "Priority Number": "priority_numbers", "Priority Date": "priority_dates",
    "Claim Count": "claims_count", "Independent Claims": "first_claim",
}  # fmt: skip


@pytest.fixture(scope="module")
def twins(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The same synthetic rows under the English headers and under their Chinese twins."""
    root = tmp_path_factory.mktemp("patsnap-english")
    out = {}
    for lang, chinese in (("en", False), ("zh", True)):
        path = root / f"synthetic_patsnap_{lang}.csv"
        layouts.write_patsnap_english(path, ROWS, SEED, chinese=chinese)
        out[lang] = path
    return out


def _records(path: Path) -> list[PatentRecord]:
    detection, table = detect_export(path)
    ctx = ReadContext(mapping=detection.mapping)
    ctx.layout = layout_of(table.headers)
    ctx.vendor = vendor_of(ctx.layout, table.headers)
    out = list(detection.format.read(table, ctx))
    assert all(isinstance(r, PatentRecord) for r in out)
    return out  # type: ignore[return-value]


def test_english_spellings_are_fields_of_the_table() -> None:
    """Every English spelling belongs to a field of the Chinese table, after that field's Chinese spellings."""
    for fname, english in PATSNAP_ENGLISH.items():
        assert SPEC.aliases[fname][-len(english) :] == english, fname
        assert all(any("\u3400" <= ch <= "\u9fff" for ch in s) for s in SPEC.aliases[fname][: -len(english)]), fname


def test_detected_as_patsnap(twins) -> None:
    """An English header row below English title rows is the Chinese reader's PatSnap layout (not Derwent's, which
    shares Publication Number and Title), every column mapped by alias, vendor classes attributed to PatSnap."""
    detection, table = detect_export(twins["en"])
    assert detection.format.name == "cnipa" and table.header_line == 3
    assert layout_of(table.headers) == "patsnap"
    assert vendor_of("patsnap", table.headers) == "PatSnap (智慧芽)"
    assert {c.header: (c.field, c.how) for c in detection.mapping.columns} == {
        h: (f, "alias") for h, f in FIELDS.items()
    }


def test_same_records_under_chinese_and_english_headers(twins) -> None:
    """The rows give the same records (lines included) under either header row."""
    english, chinese = _records(twins["en"]), _records(twins["zh"])
    assert len(english) == ROWS and english == chinese
    assert any(r.current_holders and r.current_holders[0].org_type_source == "file" for r in english)
    assert any(r.current_holders and r.current_holders[0].region_names for r in english)


def _triples(path: Path) -> set[tuple[str, str, str]]:
    """The file's graph with source nodes' own facts (file name, hash, time …) left out and the source and graph
    IRIs (derived from the file's hash) written as placeholders."""
    store = open_store("memory://")
    result = ingest_file(store, path)
    assert result.rows_rejected == 0
    out = set()
    for q in store.quads_for_pattern():
        if str(q.subject).startswith(f"<{result.source.rsplit('/', 1)[0]}/"):
            continue  # a source node's own facts: this file's, and the concordance's (with its load time)
        out.add(
            tuple(
                str(term).replace(result.source, "SOURCE").replace(result.graph, "GRAPH")
                for term in (q.subject, q.predicate, q.object)
            )
        )
    return out


def test_same_triples_under_chinese_and_english_headers(twins) -> None:
    """Ingested, both files give the same triples, except the source node's own facts (the file name)."""
    english, chinese = _triples(twins["en"]), _triples(twins["zh"])
    assert len(english) > ROWS * 10
    assert english == chinese


def test_inspect_says_what_each_english_column_became(twins) -> None:
    """``patentnav inspect`` names the PatSnap layout and, on each English header's line, the field it became."""
    from typer.testing import CliRunner

    from patentnav.cli import app

    result = CliRunner().invoke(app, ["inspect", str(twins["en"])], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "cnipa (layout patsnap)" in result.output and "PatSnap" in result.output
    lines = result.output.splitlines()
    for header, fname in FIELDS.items():
        found = [line for line in lines if f" {header} " in line]
        assert any(fname in line for line in found), (header, fname, found)


def _write(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([header, *rows])
    return path


def test_a_few_english_columns_are_enough(tmp_path: Path) -> None:
    """A short English export (number, title, current assignee) is PatSnap, not Derwent; Derwent, Lens and
    Google headers stay theirs although some of their headers are PatSnap's English spellings too."""
    path = _write(
        tmp_path / "short.csv",
        ["Publication Number", "Application Number", "Title", "Current Assignee"],
        [["CN900000001A", "CN202190000001.1", "一种合成样例方法", "合成样例有限公司0001"]],
    )
    detection, table = detect_export(path)
    assert (detection.format.name, layout_of(table.headers)) == ("cnipa", "generic")
    derwent = ["Publication Number", "Title", "Application Number", "Abstract", "Assignee/Applicant", "Legal Status"]
    lens = ["#", "Jurisdiction", "Display Key", "Lens ID", "Title", "Application Number", "Applicants", "Legal Status"]
    for name, header in (("derwent", derwent), ("lens", lens)):
        row = ["CN900000001A" if "Publication Number" in h or h == "Display Key" else "x" for h in header]
        assert detect_export(_write(tmp_path / f"{name}.csv", header, [row]))[0].format.name == name
    assert FORMATS["google"].spec.matches(["id", "title", "assignee", "result link"])


def test_an_english_title_is_english(tmp_path: Path) -> None:
    """A US patent in an English export: its English title (and abstract) are ``en``, its holder's region ``US`` and
    type code ``COMPANY`` are read as stated; a Chinese title in the same file stays ``zh``."""
    header = ["Publication Number", "Application Number", "Title", "Abstract", "Std. Current Assignee",
              "Std. Current Assignee Type", "Current Assignee Region", "Simple Legal Status"]  # fmt: skip
    rows = [
        ["US9900001B2", "US16/990001", "Synthetic example crane", "A synthetic example (not a real patent).",
         "SYNTHETIC EXAMPLE INC", "COMPANY", "US", "Active"],
        ["CN900000001A", "CN202190000001.1", "一种合成样例起重机", "-", "合成样例有限公司0001", "COMPANY", "CN", "Pending"],
    ]  # fmt: skip
    us, cn = _records(_write(tmp_path / "synthetic_mixed.csv", header, rows))
    assert (us.title_lang, us.legal_status, us.country) == ("en", "active", "US")
    holder = us.current_holders[0]
    assert (holder.raw_name, holder.org_type, holder.org_type_source, holder.country_hint) == (
        "SYNTHETIC EXAMPLE INC", "enterprise", "file", "US",
    )  # fmt: skip
    assert (cn.title_lang, cn.legal_status, cn.abstract) == ("zh", "pending", None)
