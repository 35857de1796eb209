"""Read an old Excel workbook (``.xls``: BIFF8 in an OLE2 compound file) with python-calamine, in a child process.

incoPat and CNIPA-derived tools still hand out ``.xls``. :func:`read_workbook` gives every worksheet's
rows as text, the way the XLSX reader gives them (:mod:`~patentnav.graph.ingest.xlsx_stream`, which
reads as python-calamine does): whole numbers without ``.0`` (``20180526.0`` is ``"20180526"``),
date-formatted cells as ISO dates (``"2018-05-26T00:00:00"``), booleans as ``"True"``, error cells
empty, a merged range's cells all its top-left cell, rows numbered from 1 as Excel shows them.
:func:`~patentnav.graph.ingest.tabular.open_table` then finds the header and the patents' sheet as for
an XLSX.

Why a child process: calamine trusts the sizes a file states. A 14-byte ``DIMENSIONS`` record that
claims 100 million rows makes it reserve a terabyte, and the allocator then aborts the whole process
(measured with python-calamine 0.9.1): in the API, the server. Short records make it panic, which
pyo3 raises as a ``BaseException``. So the workbook is parsed by ``python -P -c`` in a child whose
address space is capped (:func:`memory_cap`: a ``LABELSST`` record of 14 bytes copies a string of up
to 64 KiB, so a small file could otherwise ask for gigabytes). The child writes the rows as JSON
lines and exits; whatever happens to it becomes a one-line
:class:`~patentnav.graph.ingest.records.FileError` here, with no path and no traceback. A BIFF
sheet has at most 65,536 rows, so the text of a workbook is held whole: 1.2 to 1.5 times the file's
size, in one buffer, each row decoded only when read.

>>> memory_cap(10 << 20) == (1 << 30) + 20 * (10 << 20)
True
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from patentnav.graph.ingest.records import FileError
from patentnav.graph.ingest.xlsx_stream import MergedRange, _text, fill_merged

__all__ = ["XlsWorkbook", "memory_cap", "read_workbook"]

#: The stream an encrypted OOXML file (a password-protected .xlsx) keeps its zip in, as its directory names it.
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
_CANNOT = "cannot read this .xls workbook"
_LOCKED = (
    "the workbook is password-protected (encrypted): open it in Excel or WPS, remove the password and save it as .xlsx"
)
#: How the child says the workbook cannot be read: its exit code, and one JSON line on stdout.
_REFUSED = 3
_CHILD = "import sys; from patentnav.graph.ingest.xls import _child; sys.exit(_child(sys.argv[1:]))"


def memory_cap(size: int) -> int:
    """Bytes of address space the child may map for a file of ``size`` bytes: 1 GiB and 20 times the file.

    Measured (peak address space of the child, 60,000 or 30,000 rows written by xlwt): 6.5 times the file for
    long Chinese text, 7.7 for decimals, 11.4 for incoPat-like short text, 14.8 for integers (a 16 MB
    file); the interpreter maps some 25 MiB before reading a byte, and a sheet that states the largest
    ``DIMENSIONS`` BIFF allows (65,536 x 256 cells) makes calamine reserve 0.7 GiB more, never touched.
    """
    return (1 << 30) + 20 * size


class XlsWorkbook:
    """The worksheets of a read ``.xls`` and their rows, as ``tabular`` reads a workbook (see :func:`read_workbook`).

    ``data`` holds every sheet's rows as JSON lines; ``spans`` where each sheet's lines start and end.
    """

    def __init__(self, worksheets: list[str], data: bytes | bytearray, spans: list[tuple[int, int]]) -> None:
        self.worksheets = worksheets
        self._data = data
        self._spans = dict(zip(worksheets, spans, strict=True))

    def rows(self, name: str, max_row: int | None = None) -> Iterator[tuple[int, list[str]]]:
        """``(row number, cell texts)`` of the non-empty rows of sheet ``name``, from column A, trailing empty cells
        dropped."""
        data = self._data
        start, end = self._spans[name]
        while start < end:
            stop = data.find(b"\n", start, end)
            stop = end if stop < 0 else stop
            number, cells = json.loads(data[start:stop])
            if max_row is not None and number > max_row:
                return
            yield number, cells
            start = stop + 1


def read_workbook(path: Path) -> XlsWorkbook:
    """The worksheets of the ``.xls`` (or other calamine workbook) at ``path``, read in a child process.

    Raises :class:`~patentnav.graph.ingest.records.FileError` (one line, no path) when the file is
    encrypted, damaged, or makes the reader fail in any way. The caller checks the file's size first.
    """
    path = Path(path)
    cap = memory_cap(path.stat().st_size)
    env = {**os.environ, "RUST_BACKTRACE": "0"}  # an abort's backtrace would only be thrown away
    try:
        child = subprocess.Popen(  # this interpreter, a constant program, the path as an argument
            [sys.executable, "-P", "-c", _CHILD, str(path), str(cap)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=env,
        )
    except OSError as exc:
        raise FileError(f"{_CANNOT}: its reader could not be started ({exc.strerror or type(exc).__name__})") from None
    with child:
        out = _read_all(child.stdout)
    code = child.wait()
    # The last line is the index (or why the workbook was refused); the rows come before it.
    start = out.rfind(b"\n", 0, len(out) - 1) + 1 if out.endswith(b"\n") else len(out)
    try:
        tail = json.loads(out[start:]) if start < len(out) else None
    except ValueError:
        tail = None
    if code == 0 and isinstance(tail, list):
        del out[start:]  # the rows stay, without the index, and are not copied
        names, spans, offset = [], [], 0
        for name, length in tail:
            names.append(str(name))
            spans.append((offset, offset + length))
            offset += length
        return XlsWorkbook(names, out, spans)
    if code == _REFUSED and isinstance(tail, dict):
        kind, message = tail.get("refused"), str(tail.get("message") or "")
        if kind == "password" or _encrypted(path):
            raise FileError(_LOCKED)
        if kind == "memory":
            raise FileError(f"{_CANNOT}: {message}")
        raise FileError(f"{_CANNOT} (damaged or truncated?): {_one_line(message, path)}")
    if _encrypted(path):
        raise FileError(_LOCKED)
    raise FileError(f"{_CANNOT}: {_stopped(code)}")


def _read_all(stream: Any) -> bytearray:
    """Everything the child writes, in one growing buffer (``communicate`` would hold it twice while joining)."""
    out = bytearray()
    chunk = bytearray(1 << 20)
    view = memoryview(chunk)
    raw = stream.raw if hasattr(stream, "raw") else stream
    while n := raw.readinto(view):
        out += view[:n]
    return out


def _stopped(code: int) -> str:
    if code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        why = f"it was stopped by {name}"
    else:
        why = f"it exited with code {code}"
    return (
        f"the reader failed ({why}): the file is damaged, or asks for more memory than a real workbook needs; "
        "open it in Excel or WPS and save it as .xlsx"
    )


def _one_line(message: str, path: Path) -> str:
    text = message.replace(str(path), path.name).replace(str(path.parent), "")
    text = " ".join(text.split()) or "the reader gave no reason"
    return text if len(text) <= 240 else text[:239] + "…"


def _encrypted(path: Path) -> bool:
    """Whether the compound file's directory names an ``EncryptedPackage`` stream (a password-protected .xlsx)."""
    carry = b""
    try:
        with path.open("rb") as fh:
            while block := fh.read(1 << 20):
                if _ENCRYPTED_PACKAGE in carry + block:
                    return True
                carry = block[-len(_ENCRYPTED_PACKAGE) :]
    except OSError:
        return False
    return False


# --- the child process -------------------------------------------------------------------------------------------


def _child(argv: list[str]) -> int:
    """Read the workbook ``argv[0]`` and write its worksheets to stdout; the address space is capped at ``argv[1]``.

    Writes one JSON line naming each worksheet and the length of its block, then the blocks: one JSON line
    ``[row number, [cell texts]]`` per non-empty row. A workbook that cannot be read exits with
    :data:`_REFUSED` after a line ``{"refused": kind, "message": …}``.
    """
    path, cap = argv[0], int(argv[1])
    try:
        import resource

        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard == resource.RLIM_INFINITY or cap < hard:
            resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    except (ImportError, ValueError, OSError):  # no rlimits here: the parent survives the child either way
        pass
    out = sys.stdout.buffer
    try:
        index = _write_rows(path, out)
    except BaseException as exc:  # pyo3 raises Rust panics as BaseException; all of them mean "cannot read"
        if isinstance(exc, KeyboardInterrupt | SystemExit):
            raise
        kind = "password" if type(exc).__name__ == "PasswordError" else "damaged"
        message = str(exc) or type(exc).__name__
        if isinstance(exc, MemoryError):
            kind, message = "memory", "it asks for more memory than a real workbook needs (damaged, or built to)"
        out.write(b"\n" + json.dumps({"refused": kind, "message": message}, ensure_ascii=False).encode() + b"\n")
        out.flush()
        return _REFUSED
    out.write(json.dumps(index, ensure_ascii=False).encode() + b"\n")
    out.flush()
    return 0


#: Suffixes python-calamine reads with another reader whatever the content (it picks one by the suffix, and
#: sniffs the content only for a suffix it does not know).
_OTHER_READERS = frozenset((".xlsx", ".xlsm", ".xlsb", ".xlam", ".ods"))


def _write_rows(path: str, out: Any) -> list[tuple[str, int]]:
    """Every worksheet's non-empty rows written to ``out`` as JSON lines; each sheet's name and bytes written."""
    from python_calamine import CalamineWorkbook, SheetTypeEnum

    if Path(path).suffix.lower() in _OTHER_READERS:  # read by content, whatever the name says (a copy in memory)
        with open(path, "rb") as fh:
            book = CalamineWorkbook.from_filelike(fh)
    else:  # read from the file, without a copy of it in memory
        book = CalamineWorkbook.from_path(path)
    index = []
    with book:
        for name in [m.name for m in book.sheets_metadata if m.typ == SheetTypeEnum.WorkSheet]:
            written = 0
            for number, cells in _sheet_rows(book.get_sheet_by_name(name)):
                if cells:
                    line = json.dumps([number, cells], ensure_ascii=False).encode() + b"\n"
                    out.write(line)
                    written += len(line)
            index.append((name, written))
    return index


def _sheet_rows(sheet: Any) -> Iterator[tuple[int, list[str]]]:
    """A calamine sheet's rows as the XLSX reader reads an XLSX sheet (``tests/support/calamine_reference.py``, the
    rules :mod:`~patentnav.graph.ingest.xlsx_stream` is checked against): cells from column A, merged ranges
    filled with their top-left cell, trailing empty cells dropped."""
    start = sheet.start
    if start is None:  # an empty sheet
        return
    pad = [""] * start[1]
    starts: dict[int, list[tuple[int, int, int]]] = {}
    for (r0, c0), (r1, c1) in sheet.merged_cell_ranges or ():
        starts.setdefault(r0 + 1, []).append((r1 + 1, c0 + 1, c1 + 1))
    active: list[MergedRange] = []
    for number, values in enumerate(sheet.iter_rows(), start=1):
        cells = [v if v.__class__ is str else _cell_text(v) for v in values]
        if pad:
            cells[:0] = pad
        if starts or active:
            active = fill_merged(number, cells, starts, active)
        while cells and not cells[-1]:
            cells.pop()
        yield number, cells


def _cell_text(value: Any) -> str:
    """A cell that is not text, as the XLSX reader writes it (:func:`~patentnav.graph.ingest.xlsx_stream._text`).

    BIFF strings are taken as they stand: ``_xHHHH_`` is an escape of OOXML only.
    """
    return "" if value is None else _text(value)
