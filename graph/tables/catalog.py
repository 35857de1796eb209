"""Where a store's analytic tables live, which graphs they cover, and which are stale.

One folder per named graph (``<tables>/<hash of the graph IRI>/<table>.parquet``) and a catalog
file saying, per graph, how its tables were made (``ingest`` or ``rebuild``) and whether a later
write made them stale. The folder is ``<store>.tables`` beside an on-disk store, a temporary
folder for ``memory://``, and ``<temp>/patentnav-work-<uid>/<hash of the URL>/tables`` for a
SPARQL endpoint (the tables can be rebuilt from any store: :meth:`TableCatalog.rebuild`).

Writes through the store object mark the graphs they touch stale (a listener on the store); an
analysis calls :meth:`TableCatalog.sync` first, which builds the tables of graphs that have none,
rebuilds stale ones and drops those of graphs that are gone — so an analysis never reads stale
tables silently. Tables of one graph are written to a new folder and swapped in whole, so a reader
never sees half of them.

>>> from patentnav.graph.store import open_store
>>> store = open_store("memory://")
>>> _ = store.load_graph("urn:g", '<urn:p> <https://w3id.org/patentnav/ontology#applicant> <urn:o> .')
>>> catalog = tables_of(store)
>>> catalog.sync().built
['urn:g']
>>> sorted(p.stem for p in catalog.files("applicant"))
['applicant']
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import threading
import uuid
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import unquote, urlparse

import pyarrow.parquet as pq

from patentnav.graph.scratch import work_folder
from patentnav.graph.store import PatentStore
from patentnav.graph.tables.extract import extract_batches
from patentnav.graph.tables.facts import FACTS
from patentnav.graph.tables.streamed import StreamedFacts

__all__ = ["SyncReport", "TableCatalog", "tables_folder", "tables_of"]

_CATALOG = "catalog.json"


def tables_folder(store: PatentStore) -> Path:
    """The folder of ``store``'s analytic tables (created on first use)."""
    parsed = urlparse(store.url)
    if parsed.scheme == "oxigraph":
        path = Path(unquote(parsed.netloc + parsed.path)).expanduser()
        folder = path.with_name(path.name + ".tables")
    else:
        folder = work_folder(store) / "tables"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _key(graph: str) -> str:
    return hashlib.sha256(graph.encode("utf-8")).hexdigest()[:16]


@dataclass
class SyncReport:
    """What :meth:`TableCatalog.sync` did: graphs whose tables were built, rebuilt (stale) or dropped."""

    built: list[str] = field(default_factory=list)
    rebuilt: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)

    def changed(self) -> bool:
        return bool(self.built or self.rebuilt or self.dropped)


class TableCatalog:
    """The analytic tables of one store (see the module docstring)."""

    def __init__(self, store: PatentStore) -> None:
        # Weak: the store holds its catalog (and the catalog's listener), and an on-disk store must be freed —
        # its files unlocked — as soon as its last user lets go, not at some later garbage collection.
        self._store = weakref.ref(store)
        self.folder = tables_folder(store)
        self._lock = threading.RLock()
        self._entries: dict[str, dict] = self._read()
        #: Graphs written since their tables were made (by this process).
        self._stale: set[str] = {g for g, e in self._entries.items() if e.get("stale")}
        self._everything_stale = False
        #: Bumped on every change, so engines know when to re-create their views.
        self.version = 0

    @property
    def store(self) -> PatentStore:
        store = self._store()
        if store is None:
            raise RuntimeError("the store of these tables was closed")
        return store

    # ------------------------------------------------------------ state

    def _read(self) -> dict[str, dict]:
        path = self.folder / _CATALOG
        if not path.is_file():
            return {}
        try:
            return dict(json.loads(path.read_text(encoding="utf-8")).get("graphs", {}))
        except (OSError, ValueError):
            return {}  # an unreadable catalog: every graph's tables are built again

    def _write(self) -> None:
        for graph, entry in self._entries.items():
            entry["stale"] = graph in self._stale
        tmp = self.folder / f".{_CATALOG}.{uuid.uuid4().hex[:8]}"
        tmp.write_text(json.dumps({"version": 1, "graphs": self._entries}, ensure_ascii=False, indent=1), "utf-8")
        os.replace(tmp, self.folder / _CATALOG)

    def graphs(self) -> dict[str, dict]:
        """Graph IRI -> ``{"key", "how", "built", "build", "stale"}`` for every graph with tables
        (``build``: a token new at every build, so two builds within one second differ)."""
        with self._lock:
            return {g: {**e, "stale": g in self._stale or self._everything_stale} for g, e in self._entries.items()}

    def is_current(self) -> bool:
        """Whether the tables match the store as they stand: every named graph has tables, none is stale and
        none is gone (what :meth:`sync` would do nothing for). Builds nothing.

        >>> from patentnav.graph.store import open_store
        >>> store = open_store("memory://")
        >>> _ = store.load_graph("urn:g", '<urn:p> <urn:q> <urn:o> .')
        >>> catalog = tables_of(store)
        >>> catalog.is_current(), catalog.sync().built, catalog.is_current()
        (False, ['urn:g'], True)
        """
        with self._lock:
            if self._everything_stale or self._stale:
                return False
            return set(self.store.named_graphs()) == set(self._entries)

    def mark_stale(self, graphs: set[str] | None) -> None:
        """Note that ``graphs`` were written (``None``: not known which, so every graph)."""
        with self._lock:
            if graphs is None:
                self._everything_stale = True
            else:
                self._stale |= {g for g in graphs if g}
            self.version += 1

    # ------------------------------------------------------------ building

    def build(self, graph: str, *, how: str = "rebuild") -> None:
        """Extract ``graph``'s tables from the store and swap them in (a graph without triples: dropped).

        Each table is written as its rows come (record batches into one Parquet writer per table), so
        memory holds one batch, never the graph's tables.
        """
        self._install(graph, how, lambda fresh: self._extract(graph, fresh))

    def install_streamed(self, graph: str, facts: StreamedFacts, *, how: str = "ingest") -> None:
        """Swap in the tables an ingest gathered from the lines it wrote (:mod:`.streamed`), as :meth:`build` would."""
        self._install(graph, how, facts.write)

    def _extract(self, graph: str, fresh: Path) -> None:
        for name, fact in FACTS.items():
            writer = None
            try:
                for batch in extract_batches(self.store, graph, fact):
                    if writer is None:
                        writer = pq.ParquetWriter(fresh / f"{name}.parquet", batch.schema, compression="zstd")
                    writer.write_batch(batch)
            finally:
                if writer is not None:
                    writer.close()

    def _install(self, graph: str, how: str, fill: Callable[[Path], object]) -> None:
        """Fill a fresh folder with ``graph``'s tables, then swap it in for the graph's former tables."""
        key = _key(graph)
        fresh = self.folder / f".{key}.{uuid.uuid4().hex[:8]}"
        fresh.mkdir()
        try:
            fill(fresh)
        except BaseException:
            shutil.rmtree(fresh, ignore_errors=True)
            raise
        with self._lock:
            target = self.folder / key
            old = None
            if target.exists():
                old = self.folder / f".{key}.old.{uuid.uuid4().hex[:8]}"
                os.replace(target, old)
            os.replace(fresh, target)
            if old is not None:
                shutil.rmtree(old, ignore_errors=True)  # open readers keep their files (unlinked, not gone)
            built = datetime.now(UTC).isoformat(timespec="seconds")
            self._entries[graph] = {"key": key, "how": how, "built": built, "build": uuid.uuid4().hex}
            self._stale.discard(graph)
            self._write()
            self.version += 1

    def drop(self, graph: str) -> None:
        """Delete ``graph``'s tables."""
        with self._lock:
            entry = self._entries.pop(graph, None)
            self._stale.discard(graph)
            if entry is not None:
                shutil.rmtree(self.folder / entry["key"], ignore_errors=True)
            self._write()
            self.version += 1

    def rebuild(self, graphs: list[str] | None = None) -> list[str]:
        """Build the tables of ``graphs`` (default: every named graph of the store) from the store again."""
        targets = self.store.named_graphs() if graphs is None else graphs
        for graph in targets:
            self.build(graph)
        return list(targets)

    def sync(self) -> SyncReport:
        """Make the tables match the store: build missing, rebuild stale, drop those of graphs gone."""
        report = SyncReport()
        with self._lock:
            present = set(self.store.named_graphs())
            everything = self._everything_stale
            for graph in sorted(set(self._entries) - present):
                self.drop(graph)
                report.dropped.append(graph)
            for graph in sorted(present):
                if graph not in self._entries:
                    self.build(graph)
                    report.built.append(graph)
                elif everything or graph in self._stale:
                    self.build(graph)
                    report.rebuilt.append(graph)
            self._everything_stale = False
            if everything:
                self._write()
        return report

    # ------------------------------------------------------------ reading

    def files(self, table: str) -> list[Path]:
        """The Parquet files of ``table``, one per graph that has rows of it."""
        with self._lock:
            entries = list(self._entries.values())
        return [p for e in entries if (p := self.folder / e["key"] / f"{table}.parquet").is_file()]


_CATALOGS_LOCK = threading.Lock()


def tables_of(store: PatentStore) -> TableCatalog:
    """The store's table catalog, one per store object, listening to its writes."""
    with _CATALOGS_LOCK:
        catalog = store.__dict__.get("_table_catalog")
        if catalog is None:
            catalog = TableCatalog(store)
            store.__dict__["_table_catalog"] = catalog
            store.add_write_listener(catalog.mark_stale)
        return catalog
