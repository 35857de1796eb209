"""The report's key-patent and operations sections (issue 17): the same first key patent and transfer counts as
the JSON of the analyses for a scope with incoPat-like data; a source without events said to lack them, not zeros.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest

from patentnav.graph.analysis.service import records, run_topic
from patentnav.graph.bootstrap import ensure_seeded
from patentnav.graph.ingest.loader import ingest_file
from patentnav.graph.store import open_store
from patentnav.graph.viz.report import build_report
from tests.support import layouts

SCOPE = {"industry": "construction-machinery", "region": "430100"}
SAMPLE = Path(__file__).resolve().parents[3] / "data" / "samples" / "synthetic_cnipa.csv"
NOT_AVAILABLE = "not available in the loaded sources"


class Tables(HTMLParser):
    """The tables of a page by id: header and rows of cell texts."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, dict[str, list]] = {}
        self._id: str | None = None
        self._row: list[str] | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self._id = dict(attrs).get("id")
            self.tables[self._id] = {"header": [], "rows": []}
        elif tag == "tr" and self._id is not None:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self._row.append("".join(self._cell).strip())
            self._cell = None
        elif tag == "tr" and self._row is not None:
            table = self.tables[self._id]
            if table["header"]:
                table["rows"].append(self._row)
            else:
                table["header"] = self._row
            self._row = None
        elif tag == "table":
            self._id = None


def section(html: str, zh: str) -> str:
    """The body of the report section whose heading begins with ``zh``."""
    start = html.index(f"<h2>{zh} ")
    return html[start : html.index("</section>", start)]


def table(html: str, table_id: str) -> list[dict[str, str]]:
    parser = Tables()
    parser.feed(html)
    t = parser.tables[table_id]
    return [dict(zip(t["header"], row, strict=True)) for row in t["rows"]]


@pytest.fixture(scope="module")
def incopat(tmp_path_factory):
    store = open_store("memory://")
    ensure_seeded(store)
    path = layouts.write_layout("incopat", tmp_path_factory.mktemp("report") / "synthetic_incopat.xlsx", rows=200,
                                seed=3)  # fmt: skip
    ingest_file(store, path)
    return store, build_report(store, **SCOPE)


def test_sections_hold_the_first_key_patent_and_the_transfer_counts_of_the_json(incopat):
    store, html = incopat
    kp, ops = section(html, "核心专利"), section(html, "专利运营")
    assert "Key patents" in kp and "Patent operations" in ops
    ranking = records(run_topic(store, "key-patents", **SCOPE)["key_patents"])
    shown = table(kp, "report-key-patents")
    assert shown[0]["rank"] == "1" and shown[0]["application_number"] == ranking[0]["application_number"]
    assert [r["application_number"] for r in shown] == [r["application_number"] for r in ranking]
    assert float(shown[0]["composite"]) == pytest.approx(ranking[0]["composite"], rel=1e-3)
    # the vendor's score is labelled as the vendor's, apart from the composite
    vendor = [c for c in shown[0] if "vendor" in c]
    assert vendor == ["厂商评分 vendor's score: 合享价值度 (incoPat (合享))"]
    assert float(shown[0][vendor[0]]) == ranking[0]["vendor_score"]
    assert table(kp, "report-most-cited-orgs") and table(kp, "report-families-outbound")

    transfers = records(run_topic(store, "operations", **SCOPE)["transfers"])
    assert transfers, "the incoPat sample gives Changsha transfers"
    for section_name, table_id in (("by_year", "report-transfers-by-year"), ("by_type", "report-transfers-by-type")):
        expected = [(str(r["patents"]), str(r["events"])) for r in transfers if r["section"] == section_name]
        assert [(r["patents"], r["events"]) for r in table(ops, table_id)] == expected, section_name
    directions = {r["direction"] for r in table(ops, "report-transfers-by-region")}
    assert directions <= {"within", "out of", "into", "outside", "not known"}
    # the sample has no licence event: said, with no licence table
    assert NOT_AVAILABLE in ops and "许可 licence" in ops and "report-licences" not in ops
    # offline: nothing in the sections points anywhere
    assert "http" not in kp + ops and "<script" not in kp + ops


def test_a_source_without_events_says_they_are_not_available_instead_of_zeros():
    store = open_store("memory://")
    ensure_seeded(store)
    ingest_file(store, SAMPLE)
    html = build_report(store, industry="construction-machinery")
    ops = section(html, "专利运营")
    assert NOT_AVAILABLE in ops and "No events in the loaded sources" in ops
    for kind in ("transfer", "licence", "pledge", "litigation", "invalidation"):
        assert kind in ops, kind
    assert "<table" not in ops and "<td>0</td>" not in ops
    # the key patents rank on what the sample gives; the event flags, citations and families are said to be missing
    kp = section(html, "核心专利")
    header = table(kp, "report-key-patents")[0].keys()
    assert "events" not in header and "forward_citations" not in header and "claims" not in header
    assert not any("vendor" in c for c in header)
    assert "litigated / invalidated / licensed / transferred / pledged" in kp
    assert "report-most-cited-orgs" not in kp and "report-families-outbound" not in kp
