"""Every bad input of a policy workbook: one line each (sheet, row, column, reason), and nothing loaded."""

from __future__ import annotations

import copy
from pathlib import Path

import openpyxl
import pytest

from patentnav.graph.bootstrap import ensure_seeded
from patentnav.graph.ingest.records import FileError
from patentnav.graph.policy import PlanConflictError, PlanInputError, add_plan
from patentnav.graph.policy.check import check_workbook
from patentnav.graph.policy.model import InputProblem
from patentnav.graph.policy.reader import read_workbook
from patentnav.graph.policy.shapes import shape_problems
from patentnav.graph.policy.writer import plan_quads
from patentnav.graph.store import PatentStore, open_store
from tests.graph.policy.helpers import yaml_file

#: A small plan that loads: it names pilot entities (an industry, a region, an indicator) by id.
GOOD: dict[str, list[dict[str, object]]] = {
    "plan": [
        {"id": "bad-input-plan", "label_en": "Bad input test plan", "regions": "430100", "source_title": "Test source"}
    ],
    "zones": [{"id": "bad-zone", "label_en": "A zone", "located_in": "430100"}],
    "industries": [{"id": "bad-industry", "label_en": "An industry", "ipc": "B25J"}],
    "tasks": [
        {
            "id": "bad-task-1",
            "label_en": "Task one",
            "industries": "rail-transit; bad-industry",
            "regions": "430100",
            "zones": "bad-zone",
        },
        {"id": "bad-task-2", "label_en": "Task two", "industries": "new-materials"},
    ],
    "targets": [
        {
            "id": "bad-target",
            "label_en": "A target",
            "indicator": "invention-patents-per-10k-population",
            "comparator": ">=",
            "value": 30,
            "unit": "件/万人",
            "deadline_year": 2027,
            "region": "430100",
        }
    ],
}


@pytest.fixture
def seeded() -> PatentStore:
    store = open_store("memory://")
    ensure_seeded(store)
    return store


def _problems(store: PatentStore, path: Path) -> list[InputProblem]:
    before = (len(store), store.named_graphs())
    with pytest.raises(PlanInputError) as caught:
        add_plan(store, path)
    assert (len(store), store.named_graphs()) == before, "nothing may be loaded"
    for line in caught.value.lines():
        assert "\n" not in line and line.startswith(path.name + ": ")
    return caught.value.problems


def _with(change) -> dict:
    tables = copy.deepcopy(GOOD)
    change(tables)
    return tables


def test_the_good_plan_loads(seeded: PatentStore, tmp_path: Path) -> None:
    result = add_plan(seeded, yaml_file(tmp_path / "good.yaml", GOOD))
    assert result.rows["tasks"] == 2 and not result.already_loaded


CASES = {
    "missing plan sheet": (lambda t: t.pop("plan"), ("plan", None, None), "sheet missing"),
    "missing required column": (
        lambda t: [row.pop("id") for row in t["tasks"]],
        ("tasks", None, "id"),
        "required column missing",
    ),
    "missing required value": (
        lambda t: t["targets"].append(
            {
                "id": "bad-target-2",
                "label_en": "T2",
                "indicator": "ip-strong-enterprises",
                "value": 1,
                "unit": "家",
                "region": "430000",
            }
        ),
        ("targets", 2, "deadline_year"),
        "deadline_year (目标年份) is empty: required",
    ),
    "duplicate id": (
        lambda t: t["tasks"].append({"id": "bad-task-1", "label_en": "Again"}),
        ("tasks", 3, "id"),
        "duplicate id 'bad-task-1': row 1 has it too",
    ),
    "task names an unknown industry": (
        lambda t: t["tasks"][0].update(industries="rail-trnsit"),
        ("tasks", 1, "industries"),
        "industry 'rail-trnsit' is neither in the industries sheet (产业) nor in the graph (did you mean rail-transit?)",
    ),
    "task names an unknown region": (
        lambda t: t["tasks"][1].update(regions="440100"),
        ("tasks", 2, "regions"),
        "region 440100 (广州市 in GB/T 2260) is neither in the regions sheet nor in the graph: add a row for it",
    ),
    "task names an unknown zone": (
        lambda t: t["tasks"][0].update(zones="no-such-zone"),
        ("tasks", 1, "zones"),
        "zone 'no-such-zone' is neither in the zones sheet (园区) nor in the graph",
    ),
    "region code not in GB/T 2260": (
        lambda t: t.update(regions=[{"code": "430199", "label_zh": "无此地"}]),
        ("regions", 1, "code"),
        "'430199' is not a GB/T 2260 code",
    ),
    "region reference that is no code": (
        lambda t: t["plan"][0].update(regions="999999"),
        ("plan", 1, "regions"),
        "region 999999 is not a GB/T 2260 code",
    ),
    "comparator that does not parse": (
        lambda t: t["targets"][0].update(comparator="≈"),
        ("targets", 1, "comparator"),
        "comparator '≈' does not parse",
    ),
    "year that does not parse": (
        lambda t: t["targets"][0].update(deadline_year="20x7"),
        ("targets", 1, "deadline_year"),
        "year '20x7' does not parse",
    ),
    "target without value": (lambda t: t["targets"][0].pop("value"), ("targets", 1, "value"), "a target needs a value"),
    "target without unit": (
        lambda t: t["targets"][0].pop("unit"),
        ("targets", 1, "unit"),
        "a target with a value needs its unit",
    ),
    "number that does not parse": (
        lambda t: t["targets"][0].update(value="30%"),
        ("targets", 1, "value"),
        "'30%' is not a number",
    ),
    "bad IPC code": (
        lambda t: t["industries"][0].update(ipc="B25J; Z99"),
        ("industries", 1, "ipc"),
        "IPC code 'Z99' does not parse",
    ),
    "bad id": (lambda t: t["zones"][0].update(id="园区一"), ("zones", 1, "id"), "is not an id"),
    "unknown sheet": (
        lambda t: t.update(taks=[{"id": "x"}]),
        ("taks", None, None),
        "is not a sheet of the policy workbook",
    ),
    "no name": (
        lambda t: t["zones"].append({"id": "unnamed-zone", "located_in": "430100"}),
        ("zones", 2, "label_zh"),
        "needs a name",
    ),
    "no source": (lambda t: t["plan"][0].pop("source_title"), ("plan", 1, "source"), "the plan needs its source"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_bad_input_is_one_line_with_sheet_row_column_and_reason(seeded: PatentStore, tmp_path: Path, case) -> None:
    change, where, reason = CASES[case]
    problems = _problems(seeded, yaml_file(tmp_path / "plan.yaml", _with(change)))
    found = [p for p in problems if (p.sheet, p.row, p.column) == where]
    assert found, problems
    assert any(reason in p.reason for p in found), found


def test_every_problem_is_reported_at_once(seeded: PatentStore, tmp_path: Path) -> None:
    def many(t):
        t["tasks"][0].update(industries="nope", zones="nope-zone")
        t["targets"][0].update(comparator="about", deadline_year="soon")

    problems = _problems(seeded, yaml_file(tmp_path / "plan.yaml", _with(many)))
    assert {(p.sheet, p.column) for p in problems} >= {
        ("tasks", "industries"),
        ("tasks", "zones"),
        ("targets", "comparator"),
        ("targets", "deadline_year"),
    }


def test_a_plan_loaded_from_another_file_is_refused_naming_it(seeded: PatentStore, tmp_path: Path) -> None:
    add_plan(seeded, yaml_file(tmp_path / "first.yaml", GOOD))
    before = len(seeded)
    other = _with(lambda t: t["tasks"].pop())
    with pytest.raises(PlanConflictError) as caught:
        add_plan(seeded, yaml_file(tmp_path / "second.yaml", other))
    (problem,) = caught.value.problems
    assert (problem.sheet, problem.column) == ("plan", "id")
    assert "already loaded from another file, first.yaml" in problem.reason
    assert len(seeded) == before


def test_an_entity_another_plan_defines_is_not_defined_again(seeded: PatentStore, tmp_path: Path) -> None:
    again = _with(lambda t: t["industries"].append({"id": "rail-transit", "label_en": "Rail"}))
    problems = _problems(seeded, yaml_file(tmp_path / "plan.yaml", again))
    assert any(
        (p.sheet, p.column) == ("industries", "id")
        and "already defined by plan hunan-ip-strong-province-pilot" in p.reason
        for p in problems
    ), problems


def test_a_row_without_labels_adds_ipc_codes_to_an_industry_of_the_graph(seeded: PatentStore, tmp_path: Path) -> None:
    extend = _with(lambda t: t["industries"].append({"id": "rail-transit", "ipc": "B61J"}))
    result = add_plan(seeded, yaml_file(tmp_path / "plan.yaml", extend))
    rows = seeded.query(
        "SELECT ?g WHERE { GRAPH ?g { industry:rail-transit pnav:industryIPC <https://w3id.org/patentnav/id/ipc/B61J> } }",
        prefixes=True,
    )
    assert [r["g"].value for r in rows] == [result.graph]
    labels = seeded.query(
        "SELECT ?l WHERE { GRAPH ?g { industry:rail-transit rdfs:label ?l } }",
        prefixes=True,
        named_graphs=[result.graph],
    )
    assert list(labels) == []  # the pilot's industry is not described again


def test_files_that_are_no_workbook_are_one_line(seeded: PatentStore, tmp_path: Path) -> None:
    for name, data, reason in (
        ("plan.csv", b"id,label\n", "not a policy workbook"),
        ("plan.xlsx", b"not a zip", "not a readable XLSX file"),
        ("plan.yaml", b"plan: [unclosed", "not valid YAML"),
        ("list.yaml", b"- a\n- b\n", "a YAML workbook is a mapping"),
    ):
        path = tmp_path / name
        path.write_bytes(data)
        with pytest.raises(FileError, match=reason):
            add_plan(seeded, path)


def test_xlsx_problems_name_spreadsheet_rows(seeded: PatentStore, tmp_path: Path) -> None:
    from patentnav.graph.policy.files import write_template

    path = tmp_path / "plan.xlsx"
    write_template(path)
    book = openpyxl.load_workbook(path)
    book["plan"].append(
        ["x-plan", None, "X plan", None, None, None, None, None, None, None, "Source", None, None, "430100"]
    )
    book["tasks"].append(["x-task", None, "X task", "no-such-industry"])
    book.save(path)
    problems = _problems(seeded, path)
    assert [(p.sheet, p.row, p.column) for p in problems] == [("tasks", 3, "industries")]  # row 2 is the example


def test_shapes_run_before_anything_is_written_and_map_back_to_rows(seeded: PatentStore, tmp_path: Path) -> None:
    """A violation the cell checks cannot produce (forced here) is reported by SHACL at its row and column."""
    tables = _with(
        lambda t: t.update(
            centers=[{"id": "bad-center", "label_en": "C", "industries": "bad-industry", "status": "planned"}]
        )
    )
    workbook, problems = read_workbook(yaml_file(tmp_path / "plan.yaml", tables))
    checked = check_workbook(workbook, problems, seeded)
    checked.entries["centers"][0].values["status"] = "demolished"
    found = shape_problems(checked, plan_quads(checked, "urn:test"))
    assert [(p.sheet, p.row, p.column) for p in found] == [("centers", 1, "status")]
    assert "planned, operating or closed" in found[0].reason
