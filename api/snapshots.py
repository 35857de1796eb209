"""Immutable, versioned checkpoints of the live store, for query workers to read.

pyoxigraph calls a read-only view beside a live writer undefined behaviour (the writer's
compaction deletes files the view lists). So query workers never open the live store:
after each committed write the serving process takes a checkpoint
(:meth:`OxigraphStore.checkpoint`, RocksDB hard links — cheap) into
``<store>.snapshots/v<N>``; workers open the newest one read-only and reopen when the
version changes. Nothing ever writes a snapshot, so reading it is well defined.

A snapshot is deleted as soon as it is neither the newest nor open in a worker, so at
most ``workers + 1`` exist, and they share unchanged files through hard links.

>>> import tempfile
>>> from patentnav.graph.store import open_store
>>> root = tempfile.mkdtemp()
>>> snaps = Snapshots(open_store(f"oxigraph://{root}/store"), snapshot_root(f"{root}/store"))
>>> first = snaps.current
>>> snaps.take() != first, snaps.prune(in_use=set()), len(snaps.on_disk())
(True, None, 1)
"""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

from patentnav.graph.store import OxigraphStore, PatentStore

__all__ = ["Snapshots", "snapshot_root"]


def snapshot_root(store_path: str | Path) -> Path:
    """Where the snapshots of the store at ``store_path`` live: a sibling, so hard links work."""
    path = Path(store_path)
    return path.with_name(path.name + ".snapshots")


class Snapshots:
    """Versioned checkpoints of ``store`` under ``root``; ``current`` is the newest one's path."""

    def __init__(self, store: PatentStore, root: Path) -> None:
        if not isinstance(store, OxigraphStore) or not store.url.startswith("oxigraph://"):
            raise ValueError(f"snapshots need an on-disk store, not {store.url}")
        self.store, self.root = store, root
        # Only the one process that holds the store's write lock gets here, so whatever
        # is left under root is from an earlier run and nobody reads it.
        shutil.rmtree(self.root, ignore_errors=True)
        self.root.mkdir(parents=True)
        self._lock = threading.Lock()
        self._version = 0
        self.current = ""
        self.take()

    def take(self) -> str:
        """Checkpoint the store as the new current snapshot; return its path."""
        with self._lock:
            self._version += 1
            target = self.root / f"v{self._version}"
            self.store.checkpoint(target)
            self.current = str(target)
            return self.current

    def prune(self, in_use: set[str]) -> None:
        """Delete every snapshot that is not current and not in ``in_use`` (paths open in workers)."""
        with self._lock:
            keep = in_use | {self.current}
            for path in self.on_disk():
                if str(path) not in keep:
                    shutil.rmtree(path, ignore_errors=True)

    def on_disk(self) -> list[Path]:
        """The snapshot directories that exist now."""
        return sorted(p for p in self.root.iterdir() if p.is_dir())

    def remove_all(self) -> None:
        """Delete every snapshot (when the pool stops)."""
        with self._lock:
            shutil.rmtree(self.root, ignore_errors=True)
