"""Exports that come compressed: a ``.csv.gz`` or a ZIP of exports reads as the files it holds, and a damaged,
hostile or password-protected archive is one line and loads nothing."""

from __future__ import annotations

import gzip
import tarfile
import zipfile
from pathlib import Path

import pytest

from patentnav.graph.ingest.archives import archive_kind, unpack
from patentnav.graph.ingest.inspect import inspect_file
from patentnav.graph.ingest.loader import ingest_file
from patentnav.graph.ingest.records import FileError
from patentnav.graph.ingest.synthetic import write_export
from patentnav.graph.ingest.tabular import FileLimitError, FileTooLargeError, XlsxLimits
from patentnav.graph.store import open_store, select
from tests.support.messages import one_line


class _GbkName(zipfile.ZipInfo):
    """A member named in GBK without ZIP's UTF-8 flag, as Chinese Windows archivers write it."""

    def _encodeFilenameFlags(self) -> tuple[bytes, int]:  # zipfile's own hook, hence its name
        return self.filename.encode("gbk"), self.flag_bits


def _zip(path: Path, members: dict[str, bytes], *, gbk: bool = False) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            info = _GbkName(name) if gbk else zipfile.ZipInfo(name)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return path


def _patents(store) -> int:
    return int(select(store, "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a pnav:Patent }")[0]["n"])


@pytest.fixture
def export(tmp_path: Path) -> Path:
    return write_export("cnipa", tmp_path / "synthetic_cnipa.csv", rows=30, seed=5)


def test_a_gzip_export_is_the_same_source_as_the_file_it_holds(tmp_path: Path, export: Path) -> None:
    packed = tmp_path / "synthetic_cnipa.csv.gz"
    packed.write_bytes(gzip.compress(export.read_bytes()))
    store = open_store("memory://")
    result = ingest_file(store, packed)
    assert (result.file, result.rows_read, result.patents_added, result.rows_rejected) == (packed.name, 30, 30, 0)
    plain = ingest_file(store, export)
    assert plain.already_loaded and plain.graph == result.graph  # the same bytes: one source, whatever the wrapping
    assert result.synthetic and _patents(store) == 30


def test_a_zip_of_one_export_is_read_under_its_name_in_the_archive(tmp_path: Path, export: Path) -> None:
    archive = _zip(tmp_path / "下载.zip", {"导出/synthetic_cnipa.csv": export.read_bytes(), "__MACOSX/._x.csv": b"x"})
    store = open_store("memory://")
    result = ingest_file(store, archive)
    assert (result.file, result.patents_added) == ("下载.zip/导出/synthetic_cnipa.csv", 30)
    report = inspect_file(archive, place=False)
    assert (report.file, report.format, report.header_line) == ("下载.zip/导出/synthetic_cnipa.csv", "cnipa", 1)


def test_gbk_member_names_are_read_as_gbk(tmp_path: Path, export: Path) -> None:
    archive = _zip(tmp_path / "batch.zip", {"专利导出/一.csv": export.read_bytes()}, gbk=True)
    assert not zipfile.ZipFile(archive).infolist()[0].flag_bits & 0x800  # really written without the flag
    (member,) = unpack(archive, tmp_path / "out")
    assert member.name == "专利导出/一.csv" and member.path.read_bytes() == export.read_bytes()


def test_a_zip_of_several_exports_is_refused_by_name_where_one_file_is_expected(tmp_path: Path) -> None:
    a = write_export("cnipa", tmp_path / "a.csv", rows=3, seed=1).read_bytes()
    b = write_export("lens", tmp_path / "b.csv", rows=3, seed=2).read_bytes()
    archive = _zip(tmp_path / "two.zip", {"a.csv": a, "b.csv": b, "readme.md": b"# notes"})
    assert [m.name for m in unpack(archive, tmp_path / "out")] == ["a.csv", "b.csv"]
    store = open_store("memory://")
    with pytest.raises(FileError) as caught:
        ingest_file(store, archive)
    assert "holds 2 exports (a.csv, b.csv)" in one_line(caught, tmp_path)
    assert _patents(store) == 0


def test_an_xlsx_is_a_workbook_not_an_archive(tmp_path: Path) -> None:
    xlsx = write_export("cnipa-xlsx", tmp_path / "synthetic.xlsx", rows=3, seed=1)
    renamed = tmp_path / "synthetic.zip"
    renamed.write_bytes(xlsx.read_bytes())
    assert archive_kind(xlsx) is None and archive_kind(renamed) is None
    assert ingest_file(open_store("memory://"), renamed).patents_added == 3


def _bomb(size: int = 64 << 20) -> bytes:
    return b"0" * size  # zeros: deflate packs them about 1000:1


@pytest.mark.parametrize("kind", ["gzip", "zip"])
def test_a_decompression_bomb_is_refused_and_nothing_is_written_past_the_bound(tmp_path: Path, kind: str) -> None:
    header = "申请号,名称,申请人\n".encode()
    if kind == "gzip":
        path = tmp_path / "bomb.csv.gz"
        path.write_bytes(gzip.compress(header + _bomb(), compresslevel=9))
    else:
        path = _zip(tmp_path / "bomb.zip", {"bomb.csv": header + _bomb()})
    store = open_store("memory://")
    with pytest.raises(FileLimitError) as caught:
        ingest_file(store, path)
    assert "a decompression bomb?" in one_line(caught, tmp_path)
    assert _patents(store) == 0


@pytest.mark.parametrize("kind", ["gzip", "zip"])
def test_an_archive_over_the_size_limit_is_refused(tmp_path: Path, export: Path, kind: str) -> None:
    data = export.read_bytes()
    path = tmp_path / ("big.csv.gz" if kind == "gzip" else "big.zip")
    path.write_bytes(gzip.compress(data)) if kind == "gzip" else _zip(path, {"big.csv": data})
    limits = XlsxLimits(max_archive_bytes=len(data) // 2)
    with pytest.raises(FileTooLargeError, match="more than the limit"):
        ingest_file(open_store("memory://"), path, xlsx_limits=limits)


def test_damaged_nested_protected_and_tar_archives_are_one_line_each(tmp_path: Path, export: Path) -> None:
    cut = tmp_path / "cut.csv.gz"
    cut.write_bytes(gzip.compress(export.read_bytes())[:-40])
    nested = _zip(tmp_path / "nested.zip", {"inner.csv": _zip(tmp_path / "inner.zip", {"a.csv": b"x"}).read_bytes()})
    protected = _zip(tmp_path / "protected.zip", {"a.csv": export.read_bytes()})
    data = bytearray(protected.read_bytes())  # set the "encrypted" flag bit as an encrypting archiver writes it:
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):  # in the local and the central header
        data[data.index(signature) + offset] |= 0x1
    protected.write_bytes(bytes(data))
    tarred = tmp_path / "exports.tar.gz"
    with tarfile.open(tarred, "w:gz") as tar:
        tar.add(export, arcname="a.csv")
    only_docs = _zip(tmp_path / "docs.zip", {"说明.pdf": b"%PDF"})
    expected = {
        cut: "the gzip file is damaged or truncated",
        nested: "inner.csv is an archive inside the archive: unpack it first",
        protected: "a.csv is password-protected",
        tarred: "is a tar archive: unpack it first",
        only_docs: "holds no export file",
    }
    store = open_store("memory://")
    for path, reason in expected.items():
        with pytest.raises(FileError) as caught:
            ingest_file(store, path)
        assert reason in one_line(caught, tmp_path), path.name
    assert _patents(store) == 0


def test_unpacked_files_are_named_by_position_never_by_the_archive(tmp_path: Path) -> None:
    archive = _zip(tmp_path / "evil.zip", {"../../escape.csv": b"a,b\n", "/abs/x.csv": b"a,b\n"})
    members = unpack(archive, tmp_path / "out")
    assert [m.path.parent for m in members] == [tmp_path / "out"] * 2
    assert not (tmp_path / "escape.csv").exists() and [m.name for m in members] == ["../../escape.csv", "/abs/x.csv"]


def test_gzip_of_a_gzip_is_refused(tmp_path: Path) -> None:
    twice = tmp_path / "twice.csv.gz"
    twice.write_bytes(gzip.compress(gzip.compress(b"a,b\n")))
    with pytest.raises(FileError, match="an archive inside the archive"):
        unpack(twice, tmp_path / "out")
    assert archive_kind(tmp_path / "none.csv") is None


def test_a_zip_listing_too_many_files_is_left_to_the_workbook_reader_which_refuses_it(tmp_path: Path) -> None:
    """Its index is never read as an archive's (that is what the XLSX reader's part count guards against)."""
    many = tmp_path / "many.zip"
    with zipfile.ZipFile(many, "w") as archive:
        for i in range(10_001):
            archive.writestr(f"{i}.csv", b"")
    assert archive_kind(many) is None
    with pytest.raises(FileLimitError, match="10001 parts"):
        ingest_file(open_store("memory://"), many)
