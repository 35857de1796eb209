"""Uploaded files (``POST /ingest``, ``POST /policy``): saved in the store's scratch folder, and the problem
answered for one that cannot be read.

>>> upload_name("../../etc/passwd"), upload_name("专利 导出 (1).xlsx"), upload_name(None), upload_name("..")
('passwd', '专利_导出_(1).xlsx', 'upload', 'upload')
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from fastapi import Request, UploadFile

from patentnav.api.problems import Problem
from patentnav.graph.ingest.records import FileError
from patentnav.graph.ingest.tabular import FileLimitError, FileTooLargeError
from patentnav.graph.scratch import scratch_folder
from patentnav.graph.store import PatentStore

__all__ = ["file_problem", "one_file", "saved_upload", "upload_name"]


def upload_name(name: str | None) -> str:
    """The client's file name without folders, every character outside ``\\w.-()（）`` made ``_``, at most 120;
    ``upload`` when nothing is left but dots (``..`` would name the folder above)."""
    base = re.sub(r"[^\w.\-()（）]+", "_", Path(name or "upload").name)[:120]
    return base if base.strip(".") else "upload"


async def one_file(request: Request) -> None:
    """Dependency: the form holds one ``file`` part at most. A route reads one; a second would be left out
    without a word, so a request with several is refused (400) and nothing is loaded."""
    parts = len((await request.form()).getlist("file"))  # the form FastAPI already parsed, not read again
    if parts > 1:
        raise Problem(
            400, "One file per request", f"the form holds {parts} 'file' parts; send one per request; nothing loaded"
        )


@contextmanager
def saved_upload(store: PatentStore, file: UploadFile) -> Iterator[Path]:
    """The upload saved under :func:`upload_name` beside the store, in a locked scratch folder (deleted after the
    block; one left by a killed server is deleted at the next start)."""
    with scratch_folder(store, "upload") as tmp:
        path = tmp / upload_name(file.filename)
        with path.open("wb") as out:
            shutil.copyfileobj(file.file, out, 1 << 20)
        yield path


def file_problem(name: str, exc: FileError) -> Problem:
    """One line for a file that cannot be read as a whole, whatever a library put in the message: 413 over the
    unpacked-size limit, 400 for a refused (bomb-like) or unreadable file."""
    detail = " ".join(f"{name}: {exc}; nothing loaded".split())
    if isinstance(exc, FileTooLargeError):
        return Problem(413, "File too large", detail)
    if isinstance(exc, FileLimitError):
        return Problem(400, "File refused", detail)
    return Problem(400, "Cannot read the file", detail)
