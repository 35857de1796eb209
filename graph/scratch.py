"""Writer locks and scratch folders beside a store, so a live writer is never mistaken for a dead one.

An ingest holds an exclusive lock on its graph (``graph-<key>.lock``) from the moment it
checks whether the file is loaded until its graph is complete or removed. Whoever finds a
graph without its completion mark asks for that lock *without waiting*: if it is free, the
writer is gone (killed, crashed) and the graph may be removed; if it is held, the writer is
alive and the graph is left alone. The locks are ``flock`` locks, which the kernel releases
when the holder dies, so a killed writer never leaves a lock behind; they work across
threads (each lock opens its own file description) and processes on one machine.

Scratch folders (an ingest's N-Quads spool, an uploaded file) live in the same work folder,
each with a lock of its own, so a folder left by a killed process is found and deleted when
the store is next opened (:func:`remove_stale_scratch`), and a live one never is.

Where the work folder is:

* an on-disk store ``oxigraph:///data/store``: ``/data/store.work`` (beside the store);
* ``memory://``: a temporary folder of that store object, deleted with it;
* a SPARQL endpoint: ``<temp dir>/patentnav-work-<uid>/<hash of the URL>``, so writers on
  this machine coordinate. Writers on *other* machines cannot be seen: point one machine's
  ingests at a shared endpoint, or run them one after another.

>>> import tempfile
>>> from patentnav.graph.store import open_store
>>> store = open_store(f"oxigraph://{tempfile.mkdtemp()}/store")
>>> with graph_lock(store, "abc") as mine:
...     with graph_lock(store, "abc", wait=False) as theirs:
...         mine, theirs
(True, False)
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import tempfile
import uuid
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlparse

if TYPE_CHECKING:
    from patentnav.graph.store import PatentStore

__all__ = ["graph_lock", "remove_stale_scratch", "scratch_folder", "work_folder"]

_SCRATCH_SUFFIX = ".scratch"


def work_folder(store: PatentStore) -> Path:
    """The folder holding ``store``'s writer locks and scratch folders (created on first use)."""
    parsed = urlparse(store.url)
    if parsed.scheme == "oxigraph":
        path = Path(unquote(parsed.netloc + parsed.path)).expanduser()
        folder = path.with_name(path.name + ".work")
    elif parsed.scheme == "memory":
        held: Path | None = getattr(store, "_work_folder", None)
        if held is None:
            held = Path(tempfile.mkdtemp(prefix="patentnav-work-"))
            store._work_folder = held  # type: ignore[attr-defined]  # one per in-memory store, gone with it
            weakref.finalize(store, shutil.rmtree, held, True)
        folder = held
    else:
        digest = hashlib.sha256(store.url.encode("utf-8")).hexdigest()[:16]
        folder = Path(tempfile.gettempdir()) / f"patentnav-work-{os.getuid()}" / digest
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _lock(path: Path, wait: bool) -> int | None:
    """Open and lock ``path``; the file descriptor, or ``None`` when someone else holds it and ``wait`` is false."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        return None
    except BaseException:
        os.close(fd)
        raise
    return fd


def _unlock(fd: int) -> None:
    fcntl.flock(fd, fcntl.LOCK_UN)
    os.close(fd)


@contextmanager
def graph_lock(store: PatentStore, key: str, *, wait: bool = True) -> Iterator[bool]:
    """Hold the writer lock of graph ``key``; yield whether it was obtained.

    With ``wait`` (the default) this blocks until the lock is free and yields ``True``;
    without, it yields ``False`` at once when another writer holds it.
    """
    fd = _lock(work_folder(store) / f"graph-{key}.lock", wait)
    try:
        yield fd is not None
    finally:
        if fd is not None:
            _unlock(fd)


@contextmanager
def scratch_folder(store: PatentStore, kind: str) -> Iterator[Path]:
    """A new, locked folder for temporary files of one job (``kind``: ``spool``, ``upload``); deleted after."""
    folder = work_folder(store) / f"{kind}-{uuid.uuid4().hex[:12]}{_SCRATCH_SUFFIX}"
    fd = _lock(folder.with_suffix(".lock"), wait=True)
    assert fd is not None
    try:
        folder.mkdir()
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        folder.with_suffix(".lock").unlink(missing_ok=True)
        _unlock(fd)


def remove_stale_scratch(store: PatentStore) -> list[str]:
    """Delete scratch folders whose job is gone (killed or crashed); return their names.

    >>> import tempfile
    >>> from patentnav.graph.store import open_store
    >>> store = open_store(f"oxigraph://{tempfile.mkdtemp()}/store")
    >>> with scratch_folder(store, "spool") as live:
    ...     remove_stale_scratch(store)
    []
    """
    removed = []
    for folder in sorted(work_folder(store).glob(f"*{_SCRATCH_SUFFIX}")):
        lock = folder.with_suffix(".lock")
        fd = _lock(lock, wait=False)
        if fd is None:
            continue  # its job is running
        try:
            if folder.exists():
                shutil.rmtree(folder, ignore_errors=True)
                removed.append(folder.name)
            lock.unlink(missing_ok=True)
        finally:
            _unlock(fd)
    return removed
