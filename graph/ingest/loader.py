"""Load export files into the store: atomically, idempotently, one named graph per file.

The file is read, cleaned and written to a temporary N-Quads spool in parts. Up to
``transaction_limit`` quads (small files) the store is touched only once everything is
read: the spool is loaded in one transaction (all or nothing, even if the process is
killed). Bigger files are bulk-loaded (several times faster, bounded memory) part by
part on a second thread while the rest of the file is still being read (pyoxigraph
releases the GIL while it loads, so parsing and loading use two cores), and marked
complete last (``pnav:ingestComplete``). A file that fails midway has its graph removed
again; a graph left without the mark by a killed process is removed by
:func:`recover_interrupted`, which every ingest, listing and removal runs first, and so
do the CLI and the API when they open a store.

Concurrent writers never take each other's work: an ingest holds its graph's writer lock
(:func:`patentnav.graph.scratch.graph_lock`) from the check "is this file loaded?" until its
graph is complete, and recovery removes a graph without its mark only when that lock is free,
that is when its writer is gone. Two ingests of the same file therefore run one after the
other (the second finds the file loaded); ingests of different files run side by side. The
spool lives in a locked scratch folder beside the store, so a killed ingest's spool is deleted
when the store is next opened.

The graph is keyed by the file's SHA-256, so the same file again changes nothing.

The module is over 400 lines because it holds that pipeline end to end (reading, spool, background
loader, completion mark, recovery), whose parts the tests and the ingest benchmark reach as
attributes of this module (``SPOOL_PART_CHARS``, ``_load_spool``, the profiled function names).

>>> from patentnav.graph.store import open_store
>>> list_sources(open_store("memory://"))
[]
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import io
import queue
import re
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from patentnav.graph.ingest.archives import archive_kind, single_export
from patentnav.graph.ingest.base import ReadContext
from patentnav.graph.ingest.cnipa import layout_of, vendor_of
from patentnav.graph.ingest.formats import detect_export, export_path
from patentnav.graph.ingest.normalize import AddressResolver, load_aliases
from patentnav.graph.ingest.patentsview import companion_files
from patentnav.graph.ingest.plan_links import refresh_links
from patentnav.graph.ingest.rdf import GraphWriter, literal, patent_iri
from patentnav.graph.ingest.records import FileError, Notice, PatentRecord, RowError
from patentnav.graph.ingest.reference import Concordance, ensure_reference
from patentnav.graph.ingest.tabular import XlsxLimits
from patentnav.graph.scratch import graph_lock, remove_stale_scratch, scratch_folder
from patentnav.graph.store import PatentStore, load_rq, select
from patentnav.graph.tables.catalog import tables_of
from patentnav.graph.tables.streamed import StreamedFacts
from patentnav.ontology import GRAPH, PNAV, PREFIXES, entity_iri, graph_iri

__all__ = [
    "IngestFilter",
    "IngestResult",
    "Rejection",
    "SourceNotFoundError",
    "ingest_file",
    "list_sources",
    "recover_interrupted",
    "remove_source",
]

READER_VERSION = "patentnav-ingest/1"
SOURCE_GRAPH_PREFIX = GRAPH + "source/"
#: Above this many quads a file is bulk-loaded (fast, bounded memory, completion mark)
#: instead of in one transaction (atomic by itself, but about three times slower). The CLI and the API pass
#: the setting ``PATENTNAV_INGEST_TRANSACTION_LIMIT`` (:class:`patentnav.settings.Settings`), whose default this is.
TRANSACTION_LIMIT = 50_000
_CHUNK = 2000
#: Characters per spool part file (about 100k quads): each part is one bulk load, so this bounds
#: its memory, and parts are loaded while later ones are still being written. Measured on the yearly
#: dataset's 432k quads: 8M-character parts took 3.4-4.0 CPU-s to load and peaked at 69 MiB, 16M ones
#: 3.0-3.3 CPU-s and 104 MiB, one bulk load of it all 2.8-3.2 CPU-s and 356 MiB (and it grows faster than the
#: input: four times those quads in one load took 14.8 CPU-s and 1,153 MiB).
SPOOL_PART_CHARS = 16_000_000
_PILOT_GRAPH = graph_iri("hunan-pilot")
_XSD = PREFIXES["xsd"]
_INGEST_GRAPH = re.compile(re.escape(SOURCE_GRAPH_PREFIX) + "[0-9a-f]{16}")
_STORED_PATENTS = load_rq("patentnav.graph.ingest", "stored_patents.rq")


class SourceNotFoundError(LookupError):
    """No loaded source matches what the user named."""


class _NothingInScope(Exception):  # noqa: N818 - a signal, not an error the user sees
    """Every row of the file was left out by the ingest filter."""


@dataclass(frozen=True)
class IngestFilter:
    """Keep only the rows that concern a scope (``--only``): a province cut from a national dataset.

    A row is kept when any applicant or current holder is located in one of ``regions``
    (GB/T 2260 codes; a province or city code covers the regions below it) — known from its
    address or region columns — and, with ``industries``, when one of its IPC codes falls in
    one of those industries (the IPC -> industry concordance). Both given: both must hold.
    """

    regions: tuple[str, ...] = ()
    industries: tuple[str, ...] = ()

    def region_prefixes(self) -> tuple[str, ...]:
        """Code prefixes: 430000 -> 43, 430100 -> 4301, 430104 -> 430104."""
        return tuple(
            code[:2] if code.endswith("0000") else code[:4] if code.endswith("00") else code for code in self.regions
        )


@dataclass(frozen=True)
class Rejection:
    """A row that was not loaded: where it is and why."""

    file: str
    line: int | str
    reason: str


@dataclass
class IngestResult:
    """What one ingest did, for the closing summary and the API."""

    file: str
    sha256: str
    source: str
    graph: str
    format: str | None = None
    already_loaded: bool = False
    rows_read: int = 0
    patents_added: int = 0
    duplicates_merged: int = 0
    rows_rejected: int = 0
    quads: int = 0
    seconds: float = 0.0
    synthetic: bool = False
    rejections: list[Rejection] = field(default_factory=list)
    #: Rows loaded with something changed (control characters removed …), and the first 10,000 notices
    #: (at least ``keep_rejections``); each names the row's line and the field.
    rows_with_notices: int = 0
    notices: list[Notice] = field(default_factory=list)
    #: Rows left out by an :class:`IngestFilter` (not errors: they concern another scope).
    rows_filtered: int = 0
    #: Headers not read, each with why ("SN: a row number", "X: nothing close") — the summary ends with them.
    columns_ignored: list[str] = field(default_factory=list)
    #: The tool the headers say made the file (patsnap, incopat, cnipa, cn-yearly, lens, derwent …).
    layout: str | None = None
    #: Header rows met again below the header and skipped.
    repeated_headers: int = 0
    #: True when the filter left out every row: nothing was loaded and no graph was written.
    out_of_scope: bool = False
    #: True when the file was loaded in bulk parts and the store was not compacted after it (``compact=False``):
    #: the caller compacts once (:meth:`~patentnav.graph.store.PatentStore.optimize`) after its last file.
    compaction_due: bool = False


def file_digest(paths: Iterable[Path]) -> str:
    """SHA-256 over the bytes of ``paths`` in order (one file, or g_patent plus companions)."""
    digest = hashlib.sha256()
    for path in paths:
        with Path(path).open("rb") as fh:
            while block := fh.read(1 << 20):
                digest.update(block)
    return digest.hexdigest()


def source_ids(sha256: str) -> tuple[str, str]:
    """``(source node IRI, named graph IRI)`` of a file with this digest."""
    short = sha256[:16]
    return entity_iri("source", short), SOURCE_GRAPH_PREFIX + short


def _is_complete(store: PatentStore, source: str, graph: str) -> bool:
    pattern = store.quads_for_pattern(
        ox.NamedNode(source), ox.NamedNode(PNAV.ingestComplete), None, ox.NamedNode(graph)
    )
    return next(iter(pattern), None) is not None


def recover_interrupted(store: PatentStore) -> list[str]:
    """Remove source graphs whose ingest was killed before their completion mark; return their IRIs.

    A graph without its mark whose writer still holds the graph's lock is being loaded right
    now, by this process or another one: it is left alone. Scratch folders of killed jobs (an
    ingest's spool, an upload) are deleted too.
    """
    if store.read_only:
        return []
    removed = []
    for graph in store.named_graphs():
        # Only the graphs ingest names (a SHA-256 prefix); others under the prefix are not ours.
        if _INGEST_GRAPH.fullmatch(graph):
            key = graph[len(SOURCE_GRAPH_PREFIX) :]
            source = entity_iri("source", key)
            if _is_complete(store, source, graph):
                continue
            with graph_lock(store, key, wait=False) as writer_gone:
                # Checked again under the lock: the writer may have finished in between.
                if writer_gone and store.has_graph(graph) and not _is_complete(store, source, graph):
                    store.remove_graph(graph)
                    removed.append(graph)
    remove_stale_scratch(store)
    return removed


def ingest_file(
    store: PatentStore,
    path: Path | str,
    *,
    fmt: str = "auto",
    alias_files: Iterable[Path | str] = (),
    synthetic: bool | None = None,
    on_reject: Callable[[Rejection], None] | None = None,
    on_progress: Callable[[int], None] | None = None,
    keep_rejections: int = 1000,
    transaction_limit: int | None = None,
    display_name: str | None = None,
    column_map: Mapping[str, str] | None = None,
    only: IngestFilter | None = None,
    xlsx_limits: XlsxLimits | None = None,
    compact: bool = True,
) -> IngestResult:
    """Read one export file into its own named graph; return what happened.

    ``column_map`` maps headers to fields (``--map``; ``ignore`` drops a column); ``only``
    keeps the rows of one scope (``--only``; see :class:`IngestFilter`); ``xlsx_limits`` bounds what a
    workbook may unpack to (the API and CLI pass the ``PATENTNAV_XLSX_*`` settings).

    ``path`` is an export file, or a PatentsView folder (its ``g_patent.tsv`` is read).

    ``compact=False`` leaves the store uncompacted after a load in bulk parts (``compaction_due`` says so), for a
    caller that loads several files and compacts once after the last: a compaction rewrites the whole store's
    files, so at a million patents it costs more than loading a small file.

    ``on_reject`` is called for every rejected row (the CLI writes them to the
    ``--report`` CSV); the first ``keep_rejections`` are also kept on the result.
    ``on_progress`` receives the number of rows read so far. ``synthetic`` defaults to
    whether the file name says ``synthetic``. Raises :class:`FileError` (nothing
    loaded) when the file as a whole cannot be read.

    >>> import tempfile, pathlib
    >>> from patentnav.graph.store import open_store
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "synthetic_cnipa.csv"
    >>> _ = p.write_text("申请号,名称,申请(专利权)人,申请日\\n201510123456.7,一种起重机,合成样例重工有限公司0001,2015-03-01\\n")
    >>> store = open_store("memory://")
    >>> r = ingest_file(store, p)
    >>> r.rows_read, r.patents_added, r.duplicates_merged, r.rows_rejected
    (1, 1, 0, 0)
    >>> ingest_file(store, p).already_loaded
    True
    """
    started = time.perf_counter()
    path = export_path(path)
    if path.is_file() and archive_kind(path) is not None:  # a .csv.gz, or a ZIP holding one export
        with scratch_folder(store, "unpack") as folder:
            member = single_export(path, folder, xlsx_limits)
            return ingest_file(
                store, member.path, fmt=fmt, alias_files=alias_files, synthetic=synthetic, on_reject=on_reject,
                on_progress=on_progress, keep_rejections=keep_rejections, transaction_limit=transaction_limit,
                display_name=display_name or member.label, column_map=column_map, only=only, xlsx_limits=xlsx_limits,
                compact=compact,
            )  # fmt: skip
    name = display_name or path.name
    recover_interrupted(store)
    export, table, parts, result, ctx = _prepare(
        path,
        name,
        fmt=fmt,
        column_map=column_map,
        xlsx_limits=xlsx_limits,
        alias_files=alias_files,
        synthetic=synthetic,
    )
    graph, source = result.graph, result.source
    sha = result.sha256
    # Held until the graph is complete: a concurrent ingest of the same file waits here and then
    # finds it loaded, and recovery elsewhere sees a live writer, not an interrupted one.
    with graph_lock(store, sha[:16]):
        if store.has_graph(graph):
            if _is_complete(store, source, graph):
                result.already_loaded = True
                result.seconds = time.perf_counter() - started
                return result
            store.remove_graph(graph)  # an interrupted ingest of this file: we hold its lock, its writer is gone
        try:
            _load_file(
                store,
                export,
                table,
                parts,
                result,
                ctx=ctx,
                only=only,
                on_reject=on_reject,
                on_progress=on_progress,
                keep_rejections=keep_rejections,
                transaction_limit=transaction_limit,
                compact=compact,
            )
        except _NothingInScope:
            result.out_of_scope = True  # every row concerns another scope: no graph is written, and that is no error
    if not result.out_of_scope:
        _link_plan_industries(store, graph)
    result.seconds = time.perf_counter() - started
    return result


def _prepare(
    path: Path,
    name: str,
    *,
    fmt: str,
    column_map: Mapping[str, str] | None,
    xlsx_limits: XlsxLimits | None,
    alias_files: Iterable[Path | str],
    synthetic: bool | None,
) -> tuple[Any, Any, list[Path], IngestResult, ReadContext]:
    """Open the export: its format and table, the files it is made of, the result so far and the read context."""
    detection, table = detect_export(path, fmt, column_map, xlsx_limits=xlsx_limits)
    export = detection.format
    parts = [path, *companion_files(path)] if export.name == "patentsview" else [path]
    sha = file_digest(parts)
    source, graph = source_ids(sha)
    # The file name (or, for PatentsView's fixed names, its folder) says "synthetic".
    is_synthetic = ("synthetic" in f"{path.parent.name}/{name}".lower()) if synthetic is None else synthetic
    result = IngestResult(file=name, sha256=sha, source=source, graph=graph, format=export.name, synthetic=is_synthetic)
    ctx = ReadContext(aliases=load_aliases(alias_files), column_map=dict(column_map or {}), mapping=detection.mapping)
    if export.name == "cnipa":
        ctx.layout = layout_of(table.headers)
        ctx.vendor = vendor_of(ctx.layout, table.headers)
    else:
        ctx.layout = export.name
    result.layout = ctx.layout
    result.columns_ignored = [f"{c.header}: {c.note or c.how}" for c in detection.mapping.unused() if c.header.strip()]
    return export, table, parts, result, ctx


def _link_plan_industries(store: PatentStore, graph: str | None = None) -> None:
    """Keep the plans' industry links current: the new file's patents (``graph``), or all after a removal.

    A plan loaded with ``patentnav policy add`` may define industries by IPC codes; its
    ``pnav:inIndustry`` links live in the plan's graph (:mod:`patentnav.graph.ingest.plan_links`).
    """
    refresh_links(store, added_graph=graph)


def _load_file(
    store: PatentStore,
    export,
    table,
    parts: list[Path],
    result: IngestResult,
    *,
    ctx: ReadContext,
    only: IngestFilter | None,
    on_reject: Callable[[Rejection], None] | None,
    on_progress: Callable[[int], None] | None,
    keep_rejections: int,
    transaction_limit: int | None,
    compact: bool,
) -> None:
    """Read the open export into the spool and load it into ``result.graph`` (the caller holds the graph's lock)."""
    graph, source = result.graph, result.source
    concordance = Concordance.bundled()
    resolver = AddressResolver() if export.name in ("cnipa", "derwent") or only is not None else None
    known_region = _region_lookup(store)

    limit = TRANSACTION_LIMIT if transaction_limit is None else transaction_limit
    with scratch_folder(store, "spool") as tmp, _PartLoader(store, graph) as background:

        def part_written(part: Path) -> None:
            # Past the limit the file is bulk-loaded anyway: start on the parts written so far.
            if writer.quads > limit:
                background.submit(out.parts)

        facts = StreamedFacts(graph, tmp)  # the file's analytic tables, gathered from the lines as they are written
        with _Spool(tmp, on_part=part_written, on_text=facts.feed) as out:
            links = _Links(store, result)
            noted = _NotedRows(result, keep_rejections)
            writer = GraphWriter(
                out,
                graph,
                concordance=concordance,
                resolver=resolver,
                known_region=known_region,
                reference_iri=links.reference_iri,
                credit_codes=links.credit_codes,
                on_notice=lambda notice: noted.add([notice]),
            )
            keep = _Scope(only, resolver, concordance) if only is not None else None
            _write_records(
                store, export.read(table, ctx), writer, result, resolver, on_reject, on_progress, keep_rejections,
                links=links, keep_row=keep, noted=noted,
            )  # fmt: skip
            result.repeated_headers = ctx.repeated_headers
            writer.finish()  # what the writer holds back until every row is seen (e.g. guessed org types)
            merges = writer.merge_update()
            _check_rows(result)
            writer.lines(_source_lines(result, parts, export, table, complete=limit >= writer.quads and not merges))
            result.quads = writer.quads
        ensure_reference(store, concordance)  # only now: a file that fails leaves the store as it was
        bulk = result.quads > limit
        _load_spool(store, out.parts, background, source, bulk=bulk, after=merges)
        if bulk and compact:
            store.optimize()  # the bulk parts left many small files behind; later queries read fewer after this
        result.compaction_due = bulk and not compact
        store.flush()
        # The file's analytic tables: the lines it wrote are what its graph holds, unless merges changed the graph
        # after loading; then they are read back from the store. Analyses count on them from now on.
        if merges:
            tables_of(store).build(graph, how="ingest")
        else:
            tables_of(store).install_streamed(graph, facts, how="ingest")


def _region_lookup(store: PatentStore) -> Callable[[str], bool]:
    """A cached "is this GB/T 2260 code a region of the pilot graph?" for the writer."""
    known_regions: dict[str, bool] = {}

    def known_region(code: str) -> bool:
        if code not in known_regions:
            pattern = store.quads_for_pattern(
                ox.NamedNode(entity_iri("region", code)), None, None, ox.NamedNode(_PILOT_GRAPH)
            )
            known_regions[code] = next(iter(pattern), None) is not None
        return known_regions[code]

    return known_region


def _check_rows(result: IngestResult) -> None:
    """Refuse a file whose rows all fell out of the ``--only`` scope (no error), none, or all rejected."""
    if result.rows_read == result.rows_filtered + result.rows_rejected and result.rows_filtered:
        raise _NothingInScope
    if result.rows_read == 0:
        raise FileError("the file has a header but no data rows")
    if result.rows_read == result.rows_rejected:
        first = result.rejections[0] if result.rejections else None
        hint = f" (line {first.line}: {first.reason})" if first else ""
        raise FileError(f"every one of the {result.rows_read} rows was rejected{hint}; nothing loaded")


def _keys(record: PatentRecord) -> list[str]:
    return ([record.application_number] if record.application_number else []) + record.publication_numbers


def _write_records(
    store,
    records,
    writer,
    result,
    resolver,
    on_reject,
    on_progress,
    keep,
    *,
    links: _Links,
    keep_row: _Scope | None,
    noted: _NotedRows,
) -> None:
    seen = links.seen
    written: set[str] = set()

    def flush(chunk: list[PatentRecord]) -> None:
        if resolver is not None:
            resolver.resolve_many(
                {a.address for r in chunk for p in (r.applicants, r.current_holders) for a in p if a.address}
            )
        if keep_row is not None:
            kept = [r for r in chunk if keep_row.covers(r)]
            result.rows_filtered += len(chunk) - len(kept)
            chunk = kept
        links.prefetch(chunk)
        for record in chunk:
            keys = _keys(record)
            iri = next((seen[k] for k in keys if k in seen), None)
            if iri is None:
                iri, real = links.stored_patent(keys)
                if iri is None:
                    iri = patent_iri(record.key)
                if real:
                    result.duplicates_merged += 1
                else:
                    result.patents_added += 1  # new, or a reference node another row or file cited: now described
            else:
                result.duplicates_merged += 1
            for key in keys:
                seen[key] = iri
            first_in_file = iri not in written
            written.add(iri)
            writer.patent(record, iri, first_in_file=first_in_file)

    chunk: list[PatentRecord] = []
    with _young_collections() as collect:
        for item in records:
            result.rows_read += 1
            if isinstance(item, RowError):
                result.rows_rejected += 1
                rejection = Rejection(result.file, item.line if item.line is not None else "?", item.reason)
                if len(result.rejections) < keep:
                    result.rejections.append(rejection)
                if on_reject:
                    on_reject(rejection)
                continue
            if item.notices:
                noted.add(item.notices)
            chunk.append(item)
            if len(chunk) >= _CHUNK:
                flush(chunk)
                noted.chunk_written()
                chunk = []
                collect()
                if on_progress:
                    on_progress(result.rows_read)
        flush(chunk)
    if on_progress:
        on_progress(result.rows_read)


@contextlib.contextmanager
def _young_collections() -> Iterator[Callable[[], object]]:
    """The automatic garbage collector paused while a file's rows are read and written; the function it gives
    collects the two young generations, once per chunk.

    A chunk's records live until it is written, so the collections their allocations set off promoted them and
    ran full passes over everything the process holds (a fifth of the reading thread's CPU on the yearly
    dataset). Records hold no cycles, so reference counting frees them; a cycle made meanwhile (by this or
    another thread) is still found by the next chunk's collection unless it is old. Only a caller that had the
    collector on gets it back on, and only then are chunks collected.
    """
    enabled = gc.isenabled()
    if enabled:
        gc.disable()
    try:
        yield (lambda: gc.collect(1)) if enabled else (lambda: None)
    finally:
        if enabled:
            gc.enable()


class _NotedRows:
    """Each row with a notice counted once (``rows_with_notices``), its notices kept for the report: the reader
    notes a row as it reads it, the writer (a region name that does not resolve …) as it writes the row's chunk."""

    def __init__(self, result: IngestResult, keep: int) -> None:
        self.result, self.keep = result, keep
        self._lines: set[int | str] = set()  # the rows of the chunk being read and written that are counted

    def add(self, notices: list[Notice]) -> None:
        new = {n.line for n in notices} - self._lines
        self.result.rows_with_notices += len(new)
        self._lines |= new
        _add_notices(self.result, notices, self.keep)

    def chunk_written(self) -> None:
        self._lines.clear()


def _add_notices(result: IngestResult, notices: list[Notice], keep: int) -> None:
    room = max(keep, 10_000) - len(result.notices)  # notices have no callback: keep enough for a report
    result.notices.extend(notices[: max(0, room)])


class _Links:
    """Which node a number or a credit code stands for: this file's patents, the store's, or a new reference node.

    Cited, citing and family numbers are resolved when their row is written: to a patent of
    this file met before (``seen``), to a node the store holds, else to a reference node
    ``patent_iri(number)`` that a later row or file describing that patent merges into. Credit
    codes the store already holds map to their organisation node, so one code is one node.
    """

    def __init__(self, store: PatentStore, result: IngestResult) -> None:
        self.store = store
        self.seen: dict[str, str] = {}
        self.references: dict[str, str] = {}  # number -> reference node minted in this file
        self.credit_codes: dict[str, str] = {}
        self._stored: dict[str, tuple[str, bool]] = {}
        # One bounded query per chunk finds what other files already hold; a store with no
        # patents at all (the usual first ingest) needs none.
        self._lookup = _has_patents(store)
        self._orgs = self._lookup and _has_credit_codes(store)

    def prefetch(self, chunk: list[PatentRecord]) -> None:
        """Look up, in one query each, the chunk's numbers and credit codes the store holds."""
        if self._lookup:
            numbers = {k for r in chunk for k in _keys(r)} | {n for r in chunk for n in _referenced(r)}
            self._stored = _stored_patents(self.store, numbers - self.seen.keys() - self.references.keys())
        if self._orgs:
            codes = {
                a.credit_code for r in chunk for p in (r.applicants, r.current_holders) for a in p if a.credit_code
            }
            self.credit_codes.update(_stored_credit_codes(self.store, codes - self.credit_codes.keys()))

    def stored_patent(self, keys: list[str]) -> tuple[str | None, bool]:
        """The node a patent's numbers already have (stored, or a reference of this file), and whether it is a patent."""
        for key in keys:
            if key in self._stored:
                return self._stored[key]
        for key in keys:
            if key in self.references:
                return self.references[key], False
        return None, False

    def reference_iri(self, number: str) -> str:
        """The node a cited, citing or family number links to."""
        if number in self.seen:
            return self.seen[number]
        if number in self._stored:
            return self._stored[number][0]
        return self.references.setdefault(number, patent_iri(number))


def _referenced(record: PatentRecord) -> list[str]:
    return [*record.cited, *record.citing, *(m for f in record.families for m in f.members)]


class _Scope:
    """The rows an :class:`IngestFilter` keeps (see there)."""

    def __init__(self, only: IngestFilter, resolver: AddressResolver | None, concordance: Concordance) -> None:
        self.prefixes = only.region_prefixes()
        self.industries = set(only.industries)
        self.resolver = resolver
        self.concordance = concordance

    def covers(self, record: PatentRecord) -> bool:
        if self.industries and not any(self.industries & set(self.concordance.industries(c)) for c in record.ipc):
            return False
        if not self.prefixes:
            return True
        return any(
            code is not None and code.startswith(self.prefixes)
            for party in (*record.applicants, *record.current_holders)
            for code in (self._code(party),)
        )

    def _code(self, party) -> str | None:
        if party.place is not None:
            return party.place.code
        if self.resolver is None:
            return None
        if party.region_names:
            place, _ = self.resolver.resolve_names(*party.region_names)
            if place is not None:
                return place.code
        if party.address or party.province_code:
            return self.resolver.resolve(
                party.address, province_code=party.province_code, country_hint=party.country_hint
            ).code
        return None


def _has_patents(store: PatentStore) -> bool:
    for predicate in (PNAV.applicationNumber, PNAV.publicationNumber):
        if next(iter(store.quads_for_pattern(None, ox.NamedNode(predicate), None, None)), None) is not None:
            return True
    return False


def _has_credit_codes(store: PatentStore) -> bool:
    return next(iter(store.quads_for_pattern(None, ox.NamedNode(PNAV.creditCode), None, None)), None) is not None


def _stored_patents(store: PatentStore, keys: set[str]) -> dict[str, tuple[str, bool]]:
    """Nodes the store already has for these application/publication numbers, and whether each is a patent."""
    if not keys:
        return {}
    rows = select(store, _STORED_PATENTS, key=[ox.Literal(k) for k in sorted(keys)])
    return {row["key"]: (row["patent"], row["real"] == 1) for row in rows}


def _stored_credit_codes(store: PatentStore, codes: set[str]) -> dict[str, str]:
    """Organisation nodes the store already has for these credit codes."""
    if not codes:
        return {}
    query = "SELECT ?code (SAMPLE(?org) AS ?o) WHERE { VALUES ?code { } ?org pnav:creditCode ?code } GROUP BY ?code"
    return {row["code"]: row["o"] for row in select(store, query, code=[ox.Literal(c) for c in sorted(codes)])}


def _source_lines(result: IngestResult, parts: list[Path], export, table, *, complete: bool) -> list[str]:
    g = f"<{result.graph}> .\n"
    s = f"<{result.source}> "
    p = PNAV.term
    integer, boolean = _XSD + "integer", _XSD + "boolean"
    label = f"{result.file} ({export.name} export{', synthetic' if result.synthetic else ''})"
    lines = [
        f"{s}<{PREFIXES['rdf']}type> <{PNAV.Source}> {g}",
        f"{s}<{PREFIXES['rdf']}type> <{PREFIXES['prov']}Entity> {g}",
        f"{s}<{PREFIXES['rdfs']}label> {literal(label, lang='en')} {g}",
        f"{s}<{p('fileName')}> {literal(result.file)} {g}",
        f"{s}<{p('sha256')}> {literal(result.sha256)} {g}",
        f"{s}<{p('exportFormat')}> {literal(export.name)} {g}",
        f"{s}<{p('readerVersion')}> {literal(f'{READER_VERSION} {export.name}/{export.version}')} {g}",
        f"{s}<{p('ingestedAt')}> {literal(datetime.now(UTC).isoformat(timespec='seconds'), datatype=_XSD + 'dateTime')} {g}",
        f"{s}<{p('rowsRead')}> {literal(str(result.rows_read), datatype=integer)} {g}",
        f"{s}<{p('rowsRejected')}> {literal(str(result.rows_rejected), datatype=integer)} {g}",
        f"{s}<{p('patentsAdded')}> {literal(str(result.patents_added), datatype=integer)} {g}",
        f"{s}<{p('duplicatesMerged')}> {literal(str(result.duplicates_merged), datatype=integer)} {g}",
        f"{s}<{p('synthetic')}> {literal('true' if result.synthetic else 'false', datatype=boolean)} {g}",
    ]
    if result.layout:
        lines.append(f"{s}<{p('exportLayout')}> {literal(result.layout)} {g}")
    if result.rows_filtered:
        lines.append(f"{s}<{p('rowsFiltered')}> {literal(str(result.rows_filtered), datatype=integer)} {g}")
    if result.rows_with_notices:
        lines.append(f"{s}<{p('rowsWithNotices')}> {literal(str(result.rows_with_notices), datatype=integer)} {g}")
    for column in result.columns_ignored:
        lines.append(f"{s}<{p('columnsIgnored')}> {literal(column)} {g}")
    for part in parts[1:]:
        lines.append(f"{s}<{PREFIXES['dct']}hasPart> {literal(part.name)} {g}")
    if table.sheet:
        lines.append(f"{s}<{PREFIXES['rdfs']}comment> {literal('sheets read: ' + table.sheet, lang='en')} {g}")
    if complete:
        lines.append(f"{s}<{p('ingestComplete')}> {literal('true', datatype=boolean)} {g}")
    return lines


class _Spool:
    """Text sink writing N-Quads to numbered part files of at most ``part_chars`` characters each.

    pyoxigraph's bulk load holds a whole input in memory while it sorts it, so parts keep
    peak memory flat however big the export is. Writes are whole lines, never split.
    ``on_part`` is called with each part once it is complete (closed), except the last; ``on_text`` with
    every text written, as its UTF-8 bytes.
    """

    def __init__(
        self,
        folder: Path,
        part_chars: int | None = None,
        on_part: Callable[[Path], None] | None = None,
        on_text: Callable[[bytes], None] | None = None,
    ) -> None:
        self.folder, self.part_chars = folder, part_chars or SPOOL_PART_CHARS
        self.on_part, self.on_text = on_part, on_text
        self.parts: list[Path] = []
        self._fh: io.BufferedWriter | None = None
        self._size = 0

    def __enter__(self) -> _Spool:
        self._next()
        return self

    def __exit__(self, *exc) -> None:
        self.on_part = self.on_text = None  # they refer back to the writer: no cycle keeps the store open
        if self._fh is not None:
            self._fh.close()
            self._fh = None

    def _next(self) -> None:
        if self._fh is not None:
            self._fh.close()
            if self.on_part is not None:
                self.on_part(self.parts[-1])
        self.parts.append(self.folder / f"part-{len(self.parts):04d}.nq")
        self._fh = self.parts[-1].open("wb")
        self._size = 0

    def write(self, text: str) -> None:
        if self._size >= self.part_chars:
            self._next()
        if self._fh is None:
            raise RuntimeError("the spool is written to outside its with block")
        data = text.encode("utf-8")  # once, for the part file and for on_text
        self._fh.write(data)
        self._size += len(text)
        if self.on_text is not None:
            self.on_text(data)


class _PartLoader:
    """Bulk-loads spool parts on a second thread, in order, while the file is still being read.

    :meth:`submit` takes every part written so far (those written before the file
    crossed the transaction limit too). Leaving the ``with`` block on an error stops the
    thread and removes whatever of the graph it had loaded, so a failed ingest leaves
    the store as it was.
    """

    def __init__(self, store: PatentStore, graph: str) -> None:
        self.store, self.graph = store, graph
        self.submitted: list[Path] = []
        self._queue: queue.Queue[Path | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._error: BaseException | None = None

    def __enter__(self) -> _PartLoader:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            return
        self._error = self._error or exc  # skip what is still queued
        self._join()
        if self.submitted:
            self.store.remove_graph(self.graph)

    def submit(self, parts: list[Path]) -> None:
        """Queue the parts of ``parts`` (the spool's list, in order) not queued yet."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="patentnav-ingest-load", daemon=True)
            self._thread.start()
        for part in parts[len(self.submitted) :]:
            self.submitted.append(part)
            self._queue.put(part)

    def finish(self) -> None:
        """Wait until every queued part is loaded; raise the first loading error."""
        self._join()
        if self._error is not None:
            raise self._error

    def _join(self) -> None:
        if self._thread is not None:
            self._queue.put(None)
            self._thread.join()
            self._thread = None

    def _run(self) -> None:
        while (part := self._queue.get()) is not None:
            if self._error is not None:
                continue
            try:
                self.store.load_quads_files([part], bulk=True, graph=self.graph)
                part.unlink()  # keep the disk the spool needs bounded too
            except BaseException as exc:  # handed to the reading thread by finish()
                self._error = exc


def _load_spool(
    store: PatentStore,
    parts: list[Path],
    background: _PartLoader,
    source: str,
    *,
    bulk: bool,
    after: str | None = None,
) -> None:
    """Load the spool: in one transaction, or (``bulk``) finish the background loads; then run ``after``
    (the writer's organisation merges) and mark the graph complete, unless the spool carried the mark."""
    if not bulk:
        store.load_quads_files(parts, graph=background.graph)
        if after is None:
            return  # the spool ends with the completion mark: one transaction, all or nothing
    else:
        background.submit(parts)
        background.finish()
    try:
        if after is not None:
            store.update(after)
        store.add_quads(
            [
                ox.Quad(
                    ox.NamedNode(source),
                    ox.NamedNode(PNAV.ingestComplete),
                    ox.Literal("true", datatype=ox.NamedNode(_XSD + "boolean")),
                    ox.NamedNode(background.graph),
                )
            ]
        )
    except BaseException:
        if not bulk:  # the background loader removes a bulk graph itself
            store.remove_graph(background.graph)
        raise


def list_sources(store: PatentStore) -> list[dict]:
    """Every loaded file: source, graph, file name, format, rows, time, synthetic flag."""
    return select(store, load_rq("patentnav.graph.ingest", "sources.rq"))


def remove_source(store: PatentStore, name: str) -> dict:
    """Remove one loaded file's graph, named by its file name, SHA-256 (prefix), source or graph IRI.

    Raises :class:`SourceNotFoundError` when nothing or more than one source matches.
    """
    recover_interrupted(store)
    sources = list_sources(store)
    matches = [
        s
        for s in sources
        if name in (s["source"], s["graph"], s["fileName"]) or (len(name) >= 6 and s["sha256"].startswith(name.lower()))
    ]
    if not matches:
        known = ", ".join(s["fileName"] for s in sources) or "none"
        raise SourceNotFoundError(f"no loaded source matches {name!r}; loaded: {known}")
    if len(matches) > 1:
        raise SourceNotFoundError(
            f"{name!r} matches {len(matches)} sources; name one by its SHA-256 prefix: "
            + ", ".join(f"{m['fileName']} ({m['sha256'][:12]})" for m in matches)
        )
    with graph_lock(store, matches[0]["sha256"][:16]):
        store.remove_graph(matches[0]["graph"])
        tables_of(store).drop(matches[0]["graph"])  # its analytic tables go with it
    _link_plan_industries(store)  # no plan keeps a link to a patent that left with the file
    store.flush()
    return matches[0]
