"""Loading: dedup across files and formats, idempotence, atomicity, sources and removal."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pyoxigraph as ox
import pytest

from patentnav.graph.ingest import loader
from patentnav.graph.ingest.loader import (
    SourceNotFoundError,
    ingest_file,
    list_sources,
    recover_interrupted,
    remove_source,
)
from patentnav.graph.ingest.records import FileError
from patentnav.graph.ingest.synthetic import write_export
from patentnav.graph.store import open_store, select


def test_same_patents_from_two_formats_are_one_node(exports, store, patent_count) -> None:
    first = ingest_file(store, exports["cnipa"])
    second = ingest_file(store, exports["lens"])
    third = ingest_file(store, exports["google"])
    assert first.patents_added == 300
    assert (second.patents_added, second.duplicates_merged) == (0, 300)
    assert (third.patents_added, third.duplicates_merged) == (0, 300)
    assert patent_count(store) == 300
    # a merged patent is described by both graphs
    graphs = select(
        store,
        """SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?p pnav:applicationNumber ?a } }""",
    )
    assert graphs[0]["n"] == 2


def test_google_first_then_cnipa_still_merges_by_publication_number(exports, empty_store, patent_count) -> None:
    ingest_file(empty_store, exports["google"])
    result = ingest_file(empty_store, exports["cnipa"])
    assert result.duplicates_merged == 300
    assert patent_count(empty_store) == 300


def test_same_file_twice_changes_nothing(exports, store) -> None:
    ingest_file(store, exports["cnipa"])
    size, graphs = len(store), store.named_graphs()
    again = ingest_file(store, exports["cnipa"])
    assert again.already_loaded
    assert (len(store), store.named_graphs()) == (size, graphs)


def test_each_file_is_its_own_graph_with_provenance(exports, store) -> None:
    result = ingest_file(store, exports["lens"])
    [source] = list_sources(store)
    assert source["graph"] == result.graph and source["sha256"] == result.sha256
    assert (source["fileName"], source["format"], source["rowsRead"], source["synthetic"]) == (
        "synthetic_lens.csv", "lens", 300, True
    )  # fmt: skip
    version = select(store, "SELECT ?v WHERE { ?s pnav:readerVersion ?v }")
    assert version[0]["v"].startswith("patentnav-ingest/1 lens/")


def test_remove_takes_one_file_out_and_keeps_the_other(exports, store, patent_count) -> None:
    ingest_file(store, exports["cnipa"])
    before_lens = len(store)
    ingest_file(store, exports["lens"])
    removed = remove_source(store, "synthetic_lens.csv")
    assert removed["format"] == "lens"
    assert patent_count(store) == 300  # the CNIPA graph still holds every patent
    # all that lens added is gone (the reference graph was loaded by the first ingest)
    assert len(store) == before_lens
    with pytest.raises(SourceNotFoundError, match="no loaded source"):
        remove_source(store, "synthetic_lens.csv")


def test_a_failure_while_writing_leaves_the_store_unchanged(exports, store, monkeypatch) -> None:
    before = len(store)
    calls = {"n": 0}
    original = loader.GraphWriter.patent

    def flaky(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 150:
            raise OSError("disk full (simulated)")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(loader.GraphWriter, "patent", flaky)
    with pytest.raises(OSError, match="simulated"):
        ingest_file(store, exports["cnipa"])
    assert len(store) == before


def test_a_failure_after_bulk_load_removes_the_graph(exports, store, monkeypatch) -> None:
    before = len(store)

    def fail(*args, **kwargs):
        raise OSError("simulated crash before the completion mark")

    monkeypatch.setattr(type(store), "add_quads", fail)
    with pytest.raises(OSError, match="simulated"):
        ingest_file(store, exports["lens"], transaction_limit=0)
    # the reference graph may have been loaded; no source graph is left behind
    assert not [g for g in store.named_graphs() if "/graph/source/" in g]
    assert len(store) >= before


def test_interrupted_bulk_graph_is_recovered(exports, store) -> None:
    ingest_file(store, exports["lens"], transaction_limit=0)
    assert list_sources(store)
    graph = list_sources(store)[0]["graph"]
    # simulate a kill between bulk load and completion mark
    store.update(f"DELETE WHERE {{ GRAPH <{graph}> {{ ?s <https://w3id.org/patentnav/ontology#ingestComplete> ?o }} }}")
    assert recover_interrupted(store) == [graph]
    assert not store.has_graph(graph)


_KILL_SCRIPT = """
import sys
from patentnav.graph import store as store_module
from patentnav.graph.ingest import loader
from patentnav.graph.store import open_store

url, path, stage = sys.argv[1:4]
loader.SPOOL_PART_CHARS = 200_000  # several parts, so "some parts loaded" exists


def stop_here(what):
    print(what, flush=True)
    sys.stdin.readline()  # never answered: the parent kills us here


store = open_store(url)
if stage == "reading":
    progress = lambda rows: rows >= 1000 and stop_here("reading")
    limit = 10**9
else:
    progress = None
if stage == "transaction":  # inside the one transaction that loads a small file's spool
    limit = 10**9
    read = store_module._JoinedFiles.readinto
    calls = []

    def readinto(self, buffer):
        calls.append(1)
        if len(calls) == 3:
            stop_here("loading")
        return read(self, buffer)

    store_module._JoinedFiles.readinto = readinto
if stage == "bulk":  # a part bulk-loaded, the completion mark not yet written
    limit = 0
    load = store.load_quads_files

    def watched(paths, *, bulk=False, **kwargs):
        load(paths, bulk=bulk, **kwargs)
        stop_here("part loaded")

    store.load_quads_files = watched
print("ready", flush=True)
loader.ingest_file(store, path, transaction_limit=limit, on_progress=progress)
print("done", flush=True)
"""


@pytest.mark.parametrize(
    ("stage", "event"), [("reading", "reading"), ("transaction", "loading"), ("bulk", "part loaded")]
)
def test_kill_mid_ingest_leaves_the_store_as_it_was(tmp_path: Path, stage: str, event: str) -> None:
    """SIGKILL while reading, inside the one load transaction, or between bulk parts: afterwards the store
    holds nothing of the file, and the killed ingest's spool is deleted when the store is next opened.

    The child stops at the stage's event and waits for a line that never comes, so the kill always lands
    there, whatever the machine's speed.
    """
    from patentnav.graph.bootstrap import ensure_seeded
    from patentnav.graph.scratch import work_folder

    url = f"oxigraph://{tmp_path / 'store'}"
    path = write_export("cnipa", tmp_path / "synthetic_kill.csv", rows=3000, seed=5)
    store = open_store(url)
    ensure_seeded(store)
    before = len(store)
    graphs_before = set(store.named_graphs())
    store.close()
    del store
    proc = subprocess.Popen(
        [sys.executable, "-c", _KILL_SCRIPT, url, str(path), stage],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )
    assert proc.stdout.readline().strip() == b"ready"
    assert proc.stdout.readline().strip() == event.encode()
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=60)
    store = open_store(url)
    spools = list(work_folder(store).glob("spool-*"))
    assert len(spools) == 2  # the killed ingest's scratch folder and its lock file
    recover_interrupted(store)
    assert list(work_folder(store).glob("spool-*")) == []
    assert list_sources(store) == []
    assert not [g for g in store.named_graphs() if "/graph/source/" in g]
    # only the small reference graph (IPC scheme, concordance) may have been added before the kill
    reference = [ox.NamedNode(g) for g in store.named_graphs() if "/graph/reference/" in g and g not in graphs_before]
    extra = sum(1 for g in reference for _ in store.inner.quads_for_pattern(None, None, None, g))
    assert len(store) == before + extra


@pytest.mark.embedded_only  # the parts exist for pyoxigraph's bulk_load; the comparison store is embedded too
@pytest.mark.parametrize("limit", [0, 10**9])
def test_a_spool_split_in_parts_loads_the_same_graph(exports, empty_store, monkeypatch, limit) -> None:
    """Big files are spooled (and bulk-loaded) in parts to bound memory; the graph is the same."""
    whole = ingest_file(empty_store, exports["lens"], transaction_limit=limit)
    triples = {
        str(q)[: str(q).rindex(" ")]
        for q in empty_store.quads_for_pattern(graph=ox.NamedNode(whole.graph))
        if "ingestedAt" not in str(q)
    }
    parts: list[int] = []
    original = loader._load_spool

    def counting(store, spool_parts, *args, **kwargs):
        parts.append(len(spool_parts))
        return original(store, spool_parts, *args, **kwargs)

    monkeypatch.setattr(loader, "SPOOL_PART_CHARS", 20_000)
    monkeypatch.setattr(loader, "_load_spool", counting)
    split_store = open_store("memory://")
    split = ingest_file(split_store, exports["lens"], transaction_limit=limit)
    assert parts and parts[0] > 10
    assert split.quads == whole.quads and list_sources(split_store)
    assert {
        str(q)[: str(q).rindex(" ")]
        for q in split_store.quads_for_pattern(graph=ox.NamedNode(split.graph))
        if "ingestedAt" not in str(q)
    } == triples


def _watch_loads(store, monkeypatch) -> threading.Event:
    """An event set once the store has bulk-loaded a spool part."""
    loaded = threading.Event()
    original = store.load_quads_files

    def watched(paths, *, bulk=False, **kwargs):
        original(paths, bulk=bulk, **kwargs)
        if bulk:
            loaded.set()

    monkeypatch.setattr(store, "load_quads_files", watched)
    return loaded


@pytest.mark.embedded_only
def test_a_big_file_is_loaded_while_it_is_still_being_read(exports, store, monkeypatch) -> None:
    """Parts past the transaction limit are bulk-loaded before the last rows are read (two cores at once)."""
    monkeypatch.setattr(loader, "SPOOL_PART_CHARS", 20_000)
    monkeypatch.setattr(loader, "_CHUNK", 50)
    loaded = _watch_loads(store, monkeypatch)
    seen_loaded_before_the_end: list[bool] = []

    def progress(rows: int) -> None:
        if rows == 250:  # several parts are written by now; one must be loaded while reading goes on
            seen_loaded_before_the_end.append(loaded.wait(timeout=20))

    result = ingest_file(store, exports["lens"], transaction_limit=0, on_progress=progress)
    assert seen_loaded_before_the_end == [True]
    assert result.rows_read == 300 and [s["fileName"] for s in list_sources(store)] == [exports["lens"].name]


@pytest.mark.embedded_only
def test_a_file_failing_after_parts_were_loaded_leaves_the_store_as_it_was(
    exports, store, tmp_path, monkeypatch
) -> None:
    """The last row is cut off: parts already bulk-loaded in the background are removed again."""
    monkeypatch.setattr(loader, "SPOOL_PART_CHARS", 20_000)
    monkeypatch.setattr(loader, "_CHUNK", 50)
    loaded = _watch_loads(store, monkeypatch)
    cut = tmp_path / "synthetic_cut.csv"
    text = exports["lens"].read_text(encoding="utf-8").rstrip("\n")
    cut.write_text(text[: text.rindex("\n") + 30], encoding="utf-8")  # header + 298 rows + 30 chars of one
    before = len(store)
    with pytest.raises(FileError, match="truncated"):
        ingest_file(store, cut, transaction_limit=0, on_progress=lambda rows: rows == 250 and loaded.wait(timeout=20))
    assert loaded.is_set(), "nothing was loaded before the failure: the test tests nothing"
    assert not [g for g in store.named_graphs() if "/graph/source/" in g]
    assert len(store) == before


def test_a_file_with_no_row_in_the_only_scope_loads_nothing_and_is_no_error(exports, store) -> None:
    """--only cutting a province from several files: a file with none of it is skipped, not failed."""
    from patentnav.graph.ingest.loader import IngestFilter

    graphs = set(store.named_graphs())
    result = ingest_file(store, exports["cnipa"], only=IngestFilter(regions=("650000",)))  # Xinjiang: none there
    assert result.out_of_scope and result.rows_filtered == result.rows_read == 300
    assert result.patents_added == 0 and not store.has_graph(result.graph)
    assert {g for g in store.named_graphs() if "/graph/source/" in g} == {g for g in graphs if "/graph/source/" in g}


def test_rows_noted_by_the_writer_count_once_each(tmp_path: Path, store) -> None:
    """A region name that does not resolve is noted when the row is written, not read: the row counts among the
    rows with notices (the summary shows them), once even when the reader noted it too, and the patent loads."""
    path = tmp_path / "regions.csv"
    path.write_text(
        "申请号,标题,申请人,申请人地区,申请人城市,引证次数\n"
        "CN201710000001.X,合成样例甲,合成样例重工有限公司,火星省,奥林匹斯市,3\n"  # the writer's notice only
        "CN201710000002.1,合成样例乙,合成样例机械有限公司,火星省,奥林匹斯市,几次\n"  # the reader's and the writer's
        "CN201710000003.5,合成样例丙,合成样例制造有限公司,湖南省,长沙市,1\n",  # none
        encoding="utf-8",
    )
    result = ingest_file(store, path)
    assert (result.patents_added, result.rows_rejected, result.rows_with_notices) == (3, 0, 2)
    assert sorted((n.line, n.field) for n in result.notices) == [(2, "region"), (3, "cited_count"), (3, "region")]
