"""Template -> filled -> add -> export gives the tables that were added, as XLSX and as YAML."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from patentnav.graph.bootstrap import ensure_seeded
from patentnav.graph.policy import add_plan, export_plan, read_workbook, write_workbook
from patentnav.graph.policy.files import README_TITLE, write_template
from patentnav.graph.policy.model import EXAMPLE_MARK, SHEETS
from patentnav.graph.store import PatentStore, open_store
from tests.graph.policy.helpers import FILLED, filled_xlsx, yaml_file


@pytest.fixture
def seeded() -> PatentStore:
    store = open_store("memory://")
    ensure_seeded(store)
    return store


def test_the_template_has_every_sheet_header_an_example_and_a_readme(tmp_path: Path) -> None:
    path = tmp_path / "plan.xlsx"
    write_template(path)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == [README_TITLE, *SHEETS]
    for name, spec in SHEETS.items():
        ws = book[name]
        assert [c.value for c in ws[1]] == list(spec.names)
        example = [c.value for c in ws[2]]
        assert str(example[0]).startswith(EXAMPLE_MARK), name  # marked, and so never read
        assert ws.max_row == 2
    readme = "\n".join(" ".join(str(v) for v in row if v) for row in book[README_TITLE].iter_rows(values_only=True))
    for spec in SHEETS.values():
        assert spec.zh in readme
        for column in spec.columns:
            assert column.help_en in readme and column.help_zh in readme, column.name
    wb, problems = read_workbook(path)
    assert problems == [] and wb.tables() == {}


@pytest.mark.parametrize("suffix", [".xlsx", ".yaml"])
def test_template_filled_added_exported_gives_identical_tables(seeded: PatentStore, tmp_path: Path, suffix) -> None:
    source = filled_xlsx(tmp_path / "plan.xlsx")
    added, problems = read_workbook(source)
    assert problems == []
    assert {name for name, rows in added.sheets.items() if rows} == set(SHEETS)
    result = add_plan(seeded, source)
    assert not result.already_loaded and result.rows["tasks"] == 2
    out = tmp_path / f"exported{suffix}"
    write_workbook(export_plan(seeded, "test-city-plan"), out)
    back, problems = read_workbook(out)
    assert problems == []
    assert back.tables() == added.tables()
    # rows keep their order; the unknown column comes back as a column
    assert [r.values["id"] for r in back.rows("tasks")] == ["test-navigation", "test-centers"]
    assert back.rows("plan")[0].notes == {"owner 负责人": "测试"}


def test_yaml_tables_round_trip_and_keep_decimals(seeded: PatentStore, tmp_path: Path) -> None:
    source = yaml_file(tmp_path / "plan.yaml", FILLED)
    added, _ = read_workbook(source)
    add_plan(seeded, source)
    out = tmp_path / "exported.yaml"
    write_workbook(export_plan(seeded, "test-city-plan"), out)
    back, _ = read_workbook(out)
    assert back.tables() == added.tables()
    target = next(r for r in back.rows("targets") if r.values["id"] == "test-density")
    assert target.values["value"] == "24.0"  # stays an xsd:decimal, as written
    rows = seeded.query(
        "SELECT ?v WHERE { <https://w3id.org/patentnav/id/target/test-density> pnav:targetValue ?v }", prefixes=True
    )
    assert [r["v"].datatype.value.rsplit("#", 1)[-1] for r in rows] == ["decimal"]


def test_chinese_sheet_and_column_names_read_as_the_english_ones(tmp_path: Path) -> None:
    english = filled_xlsx(tmp_path / "en.xlsx")
    book = openpyxl.load_workbook(english)
    for name, spec in SHEETS.items():
        ws = book[name]
        for cell in ws[1]:
            column = spec.column(str(cell.value))
            if column is not None:
                cell.value = column.zh
        ws.title = spec.zh
    chinese = tmp_path / "zh.xlsx"
    book.save(chinese)
    assert read_workbook(chinese)[0].tables() == read_workbook(english)[0].tables()


def test_the_same_file_twice_changes_nothing_and_a_changed_file_replaces_its_plan(
    seeded: PatentStore, tmp_path: Path
) -> None:
    path = yaml_file(tmp_path / "plan.yaml", FILLED)
    first = add_plan(seeded, path)
    before = (len(seeded), seeded.named_graphs())
    again = add_plan(seeded, path)
    assert again.already_loaded and (len(seeded), seeded.named_graphs()) == before
    changed = {**FILLED, "tasks": FILLED["tasks"][:1], "centers": []}
    changed["plan"] = [{**FILLED["plan"][0]}]
    yaml_file(path, changed)
    replaced = add_plan(seeded, path)
    assert replaced.replaced and replaced.graph == first.graph
    ids = {r["t"].value for r in seeded.query("SELECT ?t WHERE { ?t a pnav:PolicyTask }", prefixes=True)}
    assert "https://w3id.org/patentnav/id/task/test-centers" not in ids
    assert "https://w3id.org/patentnav/id/task/test-navigation" in ids
    workbook_sha = seeded.query(
        "SELECT ?sha WHERE { GRAPH ?g { ?g prov:wasDerivedFrom ?wb . ?wb pnav:sha256 ?sha } }",
        prefixes=True,
        default_graph=None,
        named_graphs=[first.graph],
    )
    assert [r["sha"].value for r in workbook_sha] == [replaced.sha256]
