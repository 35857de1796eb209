"""Exports that come compressed: a gzip file (``cn_2021.csv.gz``) or a ZIP archive of export files.

Download services hand exports out zipped (a batch of incoPat or CNIPA sheets in one ``.zip``), and large
datasets such as the yearly CN research dataset travel as ``.csv.gz``. :func:`unpack` writes the exports an
archive holds into a folder, as plain files, so every reader reads them as it reads any file; what it is told
by is the file's first bytes, whatever its name (an XLSX is a ZIP too, and is not unpacked here).

What is taken from a ZIP: its files ending in :data:`~patentnav.graph.ingest.tabular.EXPORT_SUFFIXES` or a
web page's or XML spreadsheet's suffix, in the archive's order; folders, hidden files, Excel's ``~$`` lock files
and macOS ``__MACOSX`` copies are passed over, and so are archives inside the archive (unpack those first).
Member names written by Chinese Windows tools in GBK, without ZIP's UTF-8 flag, are read as GBK.

Bounds, all checked before a byte is written where the archive states its sizes, and again as it is unpacked:
what all of it unpacks to (``XlsxLimits.max_archive_bytes``: :data:`ARCHIVE_MAX_BYTES`, 4 GiB, or the setting
``PATENTNAV_ARCHIVE_MAX_BYTES``) and the compression ratio (``XlsxLimits.max_ratio``, the XLSX bound: real CSV
and sheets are 3-20:1). A password-protected member, a compression method the standard library cannot unpack
(Windows' Deflate64), a damaged or truncated archive, an archive inside the archive and a tar archive are each a
one-line :class:`~patentnav.graph.ingest.records.FileError`.

>>> import gzip, tempfile
>>> folder = Path(tempfile.mkdtemp())
>>> _ = (folder / "cn.csv.gz").write_bytes(gzip.compress("申请号,名称\\n".encode()))
>>> archive_kind(folder / "cn.csv.gz"), archive_kind(folder / "missing.csv")
('gzip', None)
>>> [(m.name, m.path.read_text("utf-8")) for m in unpack(folder / "cn.csv.gz", folder / "out")]
[('cn.csv', '申请号,名称\\n')]

References
----------
RFC 1952, GZIP file format: https://www.rfc-editor.org/rfc/rfc1952 ; PKWARE APPNOTE.TXT (the ZIP format, general
purpose flag bit 11 for UTF-8 names): https://pkware.cachefly.net/webdocs/casestudies/APPNOTE.TXT
"""

from __future__ import annotations

import gzip
import tempfile
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Literal

from patentnav.graph.ingest.records import FileError
from patentnav.graph.ingest.tabular import (
    ARCHIVE_MAX_BYTES,
    EXPORT_SUFFIXES,
    XLSX_MAX_PARTS,
    FileLimitError,
    FileTooLargeError,
    XlsxLimits,
    _size,
    zip_entries,
)

__all__ = ["ARCHIVE_MAX_BYTES", "Member", "archive_kind", "single_export", "unpack", "unpack_folder"]

_SUFFIXES = (*EXPORT_SUFFIXES, ".htm", ".html", ".xml")
_NESTED = (".zip", ".gz", ".tgz", ".7z", ".rar", ".tar", ".bz2", ".xz")
_BLOCK = 1 << 20


@dataclass(frozen=True)
class Member:
    """One export unpacked: the plain file written, its name in the archive, and what to call it in messages and
    as a source (``label``: ``cn_2021.csv.gz`` for a gzip file, ``batch.zip/导出/incopat.xls`` for a ZIP member)."""

    path: Path
    name: str
    label: str


def archive_kind(path: Path) -> Literal["gzip", "zip"] | None:
    """``"gzip"`` or ``"zip"`` when ``path`` is an archive of exports (told by its first bytes), else ``None``.

    A ZIP holding a workbook (``[Content_Types].xml`` or ``xl/``: an XLSX, whatever its name) is no archive here,
    and neither is one listing more files than a workbook's parts may be (``XLSX_MAX_PARTS``), whose index is not
    read (the XLSX reader refuses it by the count its end record states, before reading the index).
    """
    try:
        with path.open("rb") as fh:
            head = fh.read(4)
            if head[:2] == b"\x1f\x8b":
                return "gzip"
            if head not in (b"PK\x03\x04", b"PK\x05\x06"):
                return None
            entries = zip_entries(fh)
            if entries is None or entries > XLSX_MAX_PARTS:
                return None
            fh.seek(0)
            with zipfile.ZipFile(fh) as archive:
                names = archive.namelist()
    except (OSError, zipfile.BadZipFile, ValueError):
        return None
    workbook = any(n == "[Content_Types].xml" or n.startswith("xl/") for n in names)
    return None if workbook else "zip"


def unpack_folder() -> Path:
    """A new folder to unpack into where no store is at hand (``inspect``, the CLI's archives of several exports):
    in the user's cache folder, on disk, since the system's temporary folder may be memory (tmpfs). The caller
    deletes it.

    >>> folder = unpack_folder(); folder.is_dir(), folder.name.startswith("unpack-")
    (True, True)
    >>> folder.rmdir()
    """
    from platformdirs import user_cache_path

    parent = user_cache_path("patentnav")
    parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix="unpack-", dir=parent))


def unpack(path: Path, folder: Path, limits: XlsxLimits | None = None) -> list[Member]:
    """Write the exports of the archive at ``path`` into ``folder`` (made if missing); return them in order.

    ``folder`` should be a fresh folder of the caller's; the files are named by their position, never by the
    archive's names. Raises :class:`~patentnav.graph.ingest.records.FileError` (one line, no folder) for what the
    module docstring lists, and when the archive holds no export.
    """
    limits = limits or XlsxLimits()
    folder.mkdir(parents=True, exist_ok=True)
    kind = archive_kind(path)
    if kind is None:
        raise FileError(f"{path.name} is not a gzip file or ZIP archive")
    members = [_gunzip(path, folder, limits)] if kind == "gzip" else _unzip(path, folder, limits)
    for member in members:  # one level only: an archive that holds itself would otherwise never end
        if archive_kind(member.path) is not None:
            raise FileError(f"{path.name}: {member.name} is an archive inside the archive: unpack it first")
    return members


def _gunzip(path: Path, folder: Path, limits: XlsxLimits) -> Member:
    name = path.name[: -len(path.suffix)] if path.suffix.lower() in (".gz", ".gzip") else path.name
    name = name[:-4] + ".tar" if name.lower().endswith(".tgz") else name
    target = folder / f"0000{PurePosixPath(name).suffix[:16]}"
    written = 0
    with path.open("rb") as raw, gzip.GzipFile(fileobj=raw) as unpacked, target.open("wb") as out:
        try:
            while block := unpacked.read(_BLOCK):
                written += len(block)
                _check_growth(name, written, raw.tell(), limits)
                out.write(block)
        except (OSError, EOFError, zlib.error) as exc:  # gzip.BadGzipFile is an OSError
            raise FileError(f"{path.name}: the gzip file is damaged or truncated ({exc})") from None
    _refuse_tar(target, name)
    return Member(target, name, path.name)


def _unzip(path: Path, folder: Path, limits: XlsxLimits) -> list[Member]:
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            if len(infos) > limits.max_parts:
                raise FileLimitError(f"{path.name} lists {len(infos)} files (limit {limits.max_parts}): not unpacked")
            chosen = [(info, _member_name(info)) for info in infos if _wanted(_member_name(info))]
            if not chosen:
                nested = [n for n in (_member_name(i) for i in infos) if n.lower().endswith(_NESTED)]
                what = f"only archives ({', '.join(nested[:3])}): unpack them first" if nested else "no export file"
                raise FileError(f"{path.name} holds {what} ({' '.join(_SUFFIXES)})")
            total = sum(info.file_size for info, _ in chosen)
            if total > limits.max_archive_bytes:
                raise FileTooLargeError(
                    f"{path.name} unpacks to {_size(total)}, more than the limit of {_size(limits.max_archive_bytes)} "
                    "(PATENTNAV_ARCHIVE_MAX_BYTES)"
                )
            for info, name in chosen:
                if info.flag_bits & 0x1:
                    raise FileError(f"{path.name}: {name} is password-protected: unpack it with its password first")
                _check_growth(name, info.file_size, info.compress_size, limits)
            targets = [folder / f"{i:04d}{PurePosixPath(name).suffix[:16]}" for i, (_, name) in enumerate(chosen)]
            return [
                Member(_extract(archive, info, name, target, limits), name, f"{path.name}/{name}")
                for (info, name), target in zip(chosen, targets, strict=True)
            ]
    except zipfile.BadZipFile as exc:
        raise FileError(f"{path.name}: the ZIP archive is damaged or truncated ({exc})") from None


def _extract(archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str, target: Path, limits: XlsxLimits) -> Path:
    written = 0
    try:
        with archive.open(info) as source, target.open("wb") as out:
            while block := source.read(_BLOCK):
                written += len(block)
                _check_growth(name, written, max(info.compress_size, 1), limits, stated=info.file_size)
                out.write(block)
    except NotImplementedError:
        raise FileError(
            f"{name} is compressed with a method Python cannot unpack (Deflate64?): unpack the archive first"
        ) from None
    except (zipfile.BadZipFile, EOFError, zlib.error) as exc:
        raise FileError(f"{name}: the ZIP archive is damaged or truncated ({exc})") from None
    return target


def _check_growth(name: str, unpacked: int, packed: int, limits: XlsxLimits, *, stated: int | None = None) -> None:
    """Refuse what unpacks past the size limit, past what the archive stated, or like a decompression bomb."""
    if unpacked > limits.max_archive_bytes:
        raise FileTooLargeError(
            f"{name} unpacks to more than the limit of {_size(limits.max_archive_bytes)} (PATENTNAV_ARCHIVE_MAX_BYTES)"
        )
    if stated is not None and unpacked > stated:
        raise FileLimitError(f"{name} unpacks to more than the archive says it holds: not read (damaged or forged)")
    if unpacked >= limits.ratio_min_bytes and unpacked > limits.max_ratio * max(packed, 1):
        raise FileLimitError(
            f"{name} is compressed {unpacked // max(packed, 1)}:1, far more than real exports are "
            f"(limit {limits.max_ratio:g}:1): not read (a decompression bomb?)"
        )


def _refuse_tar(target: Path, name: str) -> None:
    with target.open("rb") as fh:
        fh.seek(257)
        if fh.read(5) == b"ustar":
            raise FileError(f"{name} is a tar archive: unpack it first")


def _member_name(info: zipfile.ZipInfo) -> str:
    """The member's name as its maker wrote it: without ZIP's UTF-8 flag, GBK (what Chinese Windows writes)."""
    name = info.filename
    if not info.flag_bits & 0x800:
        try:
            raw = name.encode("cp437")  # how zipfile decoded the bytes
        except UnicodeEncodeError:
            return name
        for encoding in ("utf-8", "gb18030"):
            try:
                return raw.decode(encoding)
            except UnicodeDecodeError:
                continue
    return name


def _wanted(name: str) -> bool:
    parts = PurePosixPath(name.replace("\\", "/")).parts
    if not parts or name.endswith(("/", "\\")) or parts[0] == "__MACOSX":
        return False
    base = parts[-1]
    return not base.startswith((".", "~$")) and base.lower().endswith(_SUFFIXES)


def single_export(path: Path, folder: Path, limits: XlsxLimits | None = None) -> Member:
    """The one export of the archive at ``path``, unpacked into ``folder``, for a caller that reads one file
    (``POST /ingest``).

    An archive of several exports is a :class:`~patentnav.graph.ingest.records.FileError` naming them.
    """
    members = unpack(path, folder, limits)
    if len(members) > 1:
        names = ", ".join(m.name for m in members[:3]) + (", …" if len(members) > 3 else "")
        raise FileError(
            f"{path.name} holds {len(members)} exports ({names}): give the archive to `patentnav ingest`, which "
            "loads each as a file of its own, or send them one at a time"
        )
    return members[0]
