"""``patentnav ingest`` with folders, several files, ``--map`` / ``--columns`` and ``--only``."""

from __future__ import annotations

import csv
import gc
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from patentnav.cli import app
from patentnav.graph.ingest import loader
from patentnav.graph.ingest.normalize import parse_ipc
from patentnav.graph.ingest.reference import Concordance
from patentnav.graph.ingest.synthetic import CNIPA_HEADER, write_export
from tests.support.xls import write_xls

runner = CliRunner()
needs_filter = pytest.mark.skipif(not hasattr(loader, "IngestFilter"), reason="the loader has no IngestFilter yet")


def _invoke(args: list[str]) -> tuple[int, str]:
    # A failed run's exception frames hold the store (and its lock) until collected.
    result = runner.invoke(app, args)
    code, output = result.exit_code, result.output
    del result
    gc.collect()
    return code, output


def _sources(url: str) -> dict[str, dict]:
    listed = runner.invoke(app, ["sources", "--store", url, "--format", "json"])
    return {r["file"]: r for r in json.loads(listed.stdout)}


def _summary_numbers(output: str, name: str) -> tuple[int, int]:
    """(rows read, rows the --only filter skipped) from a file's summary."""
    read = int(re.search(rf"{re.escape(name)} \([^)]*\)[^:]*: (\d+) rows read", output).group(1))
    skipped = re.search(r"--only: (\d+) rows outside the scope skipped", output.split(name, 1)[1])
    return read, int(skipped.group(1)) if skipped else 0


def test_a_folder_gives_its_export_files_sorted_each_its_own_graph(tmp_path: Path) -> None:
    url = f"oxigraph://{tmp_path / 'store'}"
    folder = tmp_path / "exports"
    write_export("lens", folder / "b_synthetic_lens.csv", rows=4, seed=2)
    write_export("cnipa", folder / "a_synthetic_cnipa.csv", rows=5, seed=1)
    write_export("patentsview", folder / "c_patentsview" / "g_patent.tsv", rows=3, seed=3)
    (folder / "notes.docx").write_text("not an export", encoding="utf-8")
    write_xls(
        folder / "d_old.xls", {"专利": [["申请号", "标题", "申请人"], ["CN201810123456.7", "一种起重机", "三一重工"]]}
    )
    code, output = _invoke(["ingest", "--store", url, str(folder)])
    assert code == 0, output
    names = ("a_synthetic_cnipa.csv (", "b_synthetic_lens.csv (", "g_patent.tsv (", "d_old.xls (")
    order = [output.index(name) for name in names]
    assert order == sorted(order)
    assert "skipped notes.docx (not .csv .tsv .txt .xls .xlsx .zip .gz)" in output
    sources = _sources(url)
    assert {name: s["rows"] for name, s in sources.items()} == {
        "a_synthetic_cnipa.csv": 5,
        "b_synthetic_lens.csv": 4,
        "g_patent.tsv": 3,
        "d_old.xls": 1,
    }
    assert len({s["graph"] for s in sources.values()}) == 4


def test_a_folder_without_exports_is_one_line(tmp_path: Path) -> None:
    folder = tmp_path / "empty"
    folder.mkdir()
    (folder / "notes.docx").write_text("x", encoding="utf-8")
    code, output = _invoke(["ingest", "--store", f"oxigraph://{tmp_path / 'store'}", str(folder)])
    assert code == 1
    assert [line for line in output.splitlines() if line.strip()] == [
        f"error: {folder}: is a folder without export files (.csv .tsv .txt .xls .xlsx) or g_patent.tsv: "
        "expected an export file, or a PatentsView folder holding g_patent.tsv"
    ]


def _variant(tmp_path: Path) -> Path:
    """A CNIPA export whose address column is spelled 申请人所在地址 (not read unless mapped) plus a row number."""
    source = write_export("cnipa", tmp_path / "source.csv", rows=30, seed=4)
    header = [*CNIPA_HEADER, "序号"]
    header[header.index("申请人地址")] = "申请人所在地址"
    header[header.index("国省代码")] = "国省代码备用"
    with source.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))[1:]
    path = tmp_path / "synthetic_variant.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows([*row, str(i)] for i, row in enumerate(rows, start=1))
    return path


def test_summary_ends_with_the_columns_not_read(tmp_path: Path) -> None:
    code, output = _invoke(["ingest", "--store", f"oxigraph://{tmp_path / 'store'}", str(_variant(tmp_path))])
    assert code == 0, output
    last = [line for line in output.splitlines() if line.strip()][-1]
    assert last.startswith("  columns not read (2): ") and "申请人所在地址: as close to applicants" in last
    assert "序号: a row number" in last


def test_columns_file_and_map_make_ingest_read_columns(tmp_path: Path) -> None:
    url = f"oxigraph://{tmp_path / 'store'}"
    columns = tmp_path / "headers.csv"
    columns.write_bytes("header,field\n申请人所在地址,address\n国省代码备用,province_code\n".encode("utf-8-sig"))
    other = write_export("lens", tmp_path / "synthetic_lens.csv", rows=3, seed=9)  # has none of those headers
    code, output = _invoke(
        [
            "ingest",
            "--store",
            url,
            str(_variant(tmp_path)),
            str(other),
            "--columns",
            str(columns),
            "--map",
            "序号=ignore",
        ]
    )
    assert code == 0, output
    variant_summary = output.split("synthetic_lens.csv")[0]
    assert "columns not read (1): 序号: dropped by --map" in variant_summary  # the others are read now
    assert "--columns: no file has" not in output
    from patentnav.graph.store import open_store, select

    del output
    gc.collect()
    store = open_store(url)
    placed = select(
        store,
        "SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { ?p pnav:applicant ?o . ?o pnav:placedBy ?by }",
    )[0]["n"]
    assert placed > 0  # the address column, read through --columns, placed applicants


def test_map_header_no_file_has_is_an_error_before_anything_loads(tmp_path: Path) -> None:
    url = f"oxigraph://{tmp_path / 'store'}"
    lens = write_export("lens", tmp_path / "synthetic_lens.csv", rows=2, seed=1)
    code, output = _invoke(["ingest", "--store", url, str(_variant(tmp_path)), str(lens), "--map", "序列号=ignore"])
    assert code == 2
    assert [line for line in output.splitlines() if line.strip()] == [
        "error: --map names the header '序列号', which none of the files has"
    ]
    assert _sources(url) == {}


def test_map_naming_an_unknown_field_loads_nothing_and_exits_2(tmp_path: Path) -> None:
    url = f"oxigraph://{tmp_path / 'store'}"
    code, output = _invoke(["ingest", "--store", url, str(_variant(tmp_path)), "--map", "申请人所在地址=adress"])
    assert code == 2
    assert [line for line in output.splitlines() if line.strip()] == [
        "error: --map 申请人所在地址=adress: unknown field 'adress'; did you mean address or holder_address? "
        "(`patentnav inspect --fields` lists them; ignore drops a column)"
    ]


def test_export_format_is_as_and_the_old_format_spelling_still_works(tmp_path: Path) -> None:
    url = f"oxigraph://{tmp_path / 'store'}"
    lens = write_export("lens", tmp_path / "synthetic_lens.csv", rows=2, seed=1)
    cnipa = write_export("cnipa", tmp_path / "synthetic_cnipa.csv", rows=2, seed=1)
    assert _invoke(["ingest", "--store", url, str(lens), "--as", "lens"])[0] == 0
    assert _invoke(["ingest", "--store", url, str(cnipa), "--format", "cnipa"])[0] == 0
    code, output = _invoke(["ingest", "--store", url, str(cnipa), "--as", "lens"])
    assert code == 1 and "expected lens: Lens ID, Jurisdiction" in output


def _expected_rows(path: Path, *, city: str | None = None, industry: str | None = None) -> int:
    """Rows of the synthetic CNIPA file in scope, counted from the CSV itself (address text, concordance)."""
    concordance = Concordance.bundled()
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    kept = 0
    for row in rows:
        if city and not row["申请人地址"].startswith(city):
            continue
        codes = [parse_ipc(c) for c in row["IPC分类号"].split(";") if c]
        if industry and not any(industry in concordance.industries(c) for c in codes):
            continue
        kept += 1
    return kept


@needs_filter
def test_only_region_and_industry_keep_the_rows_of_the_scope(tmp_path: Path) -> None:
    path = write_export("cnipa", tmp_path / "synthetic_cnipa.csv", rows=120, seed=5)
    cases = [
        (["region=430100"], _expected_rows(path, city="湖南省长沙市")),
        (["industry=construction-machinery"], _expected_rows(path, industry="construction-machinery")),
        (
            ["region=430100", "industry=construction-machinery"],
            _expected_rows(path, city="湖南省长沙市", industry="construction-machinery"),
        ),
    ]
    for index, (only, expected) in enumerate(cases):
        url = f"oxigraph://{tmp_path / f'store{index}'}"
        args = ["ingest", "--store", url, str(path)]
        for value in only:
            args += ["--only", value]
        code, output = _invoke(args)
        assert code == 0, (only, output)
        read, skipped = _summary_numbers(output, "synthetic_cnipa.csv")
        assert 0 < expected < read, (only, expected, read)
        assert (read, read - skipped) == (120, expected), (only, output)
        assert "Only rows of: " in output


@needs_filter
def test_bad_only_values_are_one_line_and_exit_2(tmp_path: Path) -> None:
    url = f"oxigraph://{tmp_path / 'store'}"
    path = write_export("cnipa", tmp_path / "synthetic_cnipa.csv", rows=3, seed=1)
    cases = {
        "industry=spaceships": "--only industry=spaceships: unknown industry; known: construction-machinery, ",
        "region=湖南": "a region is a 6-digit GB/T 2260 code, e.g. region=430000 (湖南省); for 湖南省 write region=430000",
        "region=999999": "--only region=999999: not a GB/T 2260 region code",
        "city=430100": "--only 'city=430100': write region=CODE (GB/T 2260, e.g. 430000) or industry=ID",
    }
    for value, expected in cases.items():
        code, output = _invoke(["ingest", "--store", url, str(path), "--only", value])
        lines = [line for line in output.splitlines() if line.strip() and not line.startswith("Empty store")]
        assert code == 2 and len(lines) == 1 and expected in lines[0], (value, lines)
    assert _sources(url) == {}  # nothing loaded


def test_archives_in_a_folder_give_the_exports_they_hold_each_its_own_graph(tmp_path: Path) -> None:
    """A batch download (a ZIP of several exports) and a .csv.gz, in a folder or named: every export is its own
    source, named as in the archive; `inspect` reports each member."""
    import gzip
    import zipfile

    url = f"oxigraph://{tmp_path / 'store'}"
    folder = tmp_path / "downloads"
    folder.mkdir()
    a = write_export("cnipa", tmp_path / "a_synthetic_cnipa.csv", rows=5, seed=1)
    b = write_export("lens", tmp_path / "b_synthetic_lens.csv", rows=4, seed=2)
    c = write_export("cnipa", tmp_path / "c_synthetic_cnipa.csv", rows=6, seed=3)
    with zipfile.ZipFile(folder / "batch.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(a, "导出/a_synthetic_cnipa.csv")
        archive.write(b, "导出/b_synthetic_lens.csv")
    (folder / "c_synthetic_cnipa.csv.gz").write_bytes(gzip.compress(c.read_bytes()))
    code, output = _invoke(["ingest", "--store", url, str(folder)])
    assert code == 0, output
    sources = _sources(url)
    assert {n: sources[n]["rows"] for n in sources if "synthetic" in n} == {
        "batch.zip/导出/a_synthetic_cnipa.csv": 5, "batch.zip/导出/b_synthetic_lens.csv": 4,
        "c_synthetic_cnipa.csv.gz": 6,
    }  # fmt: skip
    code, output = _invoke(["inspect", str(folder / "batch.zip"), "--format", "json"])
    assert code == 0, output
    assert [(r["file"], r["format"]) for r in json.loads(output)] == [
        ("batch.zip/导出/a_synthetic_cnipa.csv", "cnipa"), ("batch.zip/导出/b_synthetic_lens.csv", "lens"),
    ]  # fmt: skip


def test_every_export_format_can_be_named_with_as() -> None:
    """`ingest --as` offers every format ingest reads (a new reader is not left out of the CLI)."""
    from patentnav.commands.ingest import ExportFormatChoice
    from patentnav.graph.ingest.formats import FORMATS

    assert {c.value for c in ExportFormatChoice} == {"auto", *FORMATS}


def test_a_folder_loaded_in_bulk_parts_compacts_the_store_once(tmp_path: Path, monkeypatch) -> None:
    """A compaction rewrites the whole store (about 35 s at a million patents, whatever a file added), so a
    folder of exports compacts once, after its last file, not once per file; every file is still loaded."""
    from patentnav.graph.store import OxigraphStore

    calls: list[str] = []
    real = OxigraphStore.optimize
    monkeypatch.setattr(OxigraphStore, "optimize", lambda self: (calls.append(self.url), real(self))[1])
    monkeypatch.setenv("PATENTNAV_INGEST_TRANSACTION_LIMIT", "0")  # every file, however small, in bulk parts
    url = f"oxigraph://{tmp_path / 'store'}"
    folder = tmp_path / "exports"
    for seed in (1, 2, 3):
        write_export("cnipa", folder / f"{seed}_synthetic_cnipa.csv", rows=8, seed=seed)
    code, output = _invoke(["ingest", "--store", url, str(folder)])
    assert code == 0, output
    assert calls == [url]
    assert {n: r["rows"] for n, r in _sources(url).items() if "synthetic" in n} == {
        f"{seed}_synthetic_cnipa.csv": 8 for seed in (1, 2, 3)
    }


def test_ingest_file_compacts_unless_its_caller_will(tmp_path: Path) -> None:
    from patentnav.graph.ingest.loader import ingest_file
    from patentnav.graph.store import open_store

    store = open_store(f"oxigraph://{tmp_path / 'store'}")
    a = write_export("cnipa", tmp_path / "a_synthetic_cnipa.csv", rows=5, seed=1)
    b = write_export("cnipa", tmp_path / "b_synthetic_cnipa.csv", rows=5, seed=2)
    assert ingest_file(store, a, transaction_limit=0).compaction_due is False
    assert ingest_file(store, b, transaction_limit=0, compact=False).compaction_due is True
    assert ingest_file(store, b, transaction_limit=0, compact=False).already_loaded  # and nothing was lost
