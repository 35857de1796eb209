"""Load plans into the store, one named graph per plan; list, remove and export them.

:func:`add_plan` follows the ingest's discipline (:mod:`patentnav.graph.ingest.loader`):

* **checked first**: the workbook is read and checked against the model and the graph
  (:mod:`~patentnav.graph.policy.check`), then the graph it becomes is validated with the SHACL
  shapes (:mod:`~patentnav.graph.policy.shapes`); any problem raises
  :class:`~patentnav.graph.policy.model.PlanInputError` with every problem, and nothing is written;
* **atomic**: the plan's graph (entities, provenance and the industry links of the patents already
  in the store) is written with one ``replace_graph``, one transaction;
* **idempotent**: the workbook's SHA-256 is kept in the graph's provenance; the same file again
  changes nothing, a changed file (same file name) replaces its plan's graph, and a workbook whose
  plan id is loaded from another file is refused (:class:`~patentnav.graph.policy.model.PlanConflictError`,
  naming that file);
* **one writer at a time**: every change to plans and their links holds the writer lock
  :data:`~patentnav.graph.ingest.plan_links.LINK_LOCK` (:func:`patentnav.graph.scratch.graph_lock`).

A plan's graph is ``…/graph/plan/<id>``; the bundled Hunan pilot keeps its historic
``…/graph/hunan-pilot`` (:func:`patentnav.graph.bootstrap.seed` loads it with ``graph=``).

>>> from patentnav.graph.store import open_store
>>> from patentnav.graph.bootstrap import ensure_seeded
>>> store = open_store("memory://"); _ = ensure_seeded(store)
>>> [(p["id"], p["file"]) for p in list_plans(store)]
[('hunan-ip-strong-province-pilot', 'hunan_pilot.yaml')]
"""

from __future__ import annotations

import copy
import functools
import hashlib
import time
from dataclasses import dataclass, field
from pathlib import Path

from patentnav.graph.ingest.plan_links import LINK_LOCK, compute_links, link_quads
from patentnav.graph.ingest.tabular import XlsxLimits
from patentnav.graph.policy.check import CheckedPlan, check_workbook, loaded_plans
from patentnav.graph.policy.model import InputProblem, PlanConflictError, PlanInputError, Workbook
from patentnav.graph.policy.reader import read_workbook
from patentnav.graph.policy.writer import plan_quads, prov_quads
from patentnav.graph.scratch import graph_lock
from patentnav.graph.store import PatentStore, select
from patentnav.ontology import graph_iri

__all__ = [
    "PILOT_PLAN",
    "PlanNotFoundError",
    "PlanResult",
    "add_plan",
    "export_plan",
    "find_plan",
    "list_plans",
    "plan_graph_iri",
    "plan_graphs",
    "plan_ntriples",
    "remove_plan",
]

#: Id of the bundled Hunan pilot plan.
PILOT_PLAN = "hunan-ip-strong-province-pilot"
_PILOT_GRAPH = graph_iri("hunan-pilot")
_LIST = """SELECT ?g ?plan (SAMPLE(?zh_) AS ?zh) (SAMPLE(?en_) AS ?en) (SAMPLE(?file_) AS ?file)
  (SAMPLE(?sha_) AS ?sha256) (SAMPLE(?at_) AS ?loaded) (SAMPLE(?fict_) AS ?fictitious)
  (COUNT(DISTINCT ?task) AS ?tasks) (COUNT(DISTINCT ?target) AS ?targets) WHERE {
  GRAPH ?g { ?plan a pnav:Plan .
    OPTIONAL { ?plan rdfs:label ?zh_ FILTER(LANG(?zh_) = "zh") }
    OPTIONAL { ?plan rdfs:label ?en_ FILTER(LANG(?en_) = "en") }
    OPTIONAL { ?plan pnav:fictitious ?fict_ }
    OPTIONAL { ?plan pnav:hasTask ?task } OPTIONAL { ?plan pnav:hasTarget ?target }
    OPTIONAL { ?g prov:wasDerivedFrom ?wb . ?wb pnav:fileName ?file_ ; pnav:sha256 ?sha_ .
               OPTIONAL { ?wb pnav:ingestedAt ?at_ } } }
} GROUP BY ?g ?plan ORDER BY ?plan"""


class PlanNotFoundError(LookupError):
    """No loaded plan has the id the user named."""


@dataclass
class PlanResult:
    """What one ``add_plan`` did (or, with ``check_only``, would do)."""

    plan: str
    file: str
    sha256: str
    graph: str = ""
    already_loaded: bool = False
    #: A previous version of the plan (an older copy of the same file) was replaced.
    replaced: bool = False
    #: True when nothing was written because only a check was asked for.
    checked_only: bool = False
    fictitious: bool = False
    #: Rows per sheet.
    rows: dict[str, int] = field(default_factory=dict)
    quads: int = 0
    #: ``pnav:inIndustry`` links from the plan's IPC rows to patents already in the store.
    industry_links: int = 0
    seconds: float = 0.0


def plan_graph_iri(plan_id: str) -> str:
    """The named graph a plan is loaded into.

    >>> plan_graph_iri("example-plan")
    'https://w3id.org/patentnav/graph/plan/example-plan'
    """
    return graph_iri(f"plan/{plan_id}")


def _digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while block := fh.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def list_plans(store: PatentStore) -> list[dict]:
    """Every plan in the store: id, labels, graph, workbook file and SHA-256, load time, counts."""
    out = []
    for row in select(store, _LIST):
        out.append(
            {
                "id": row["plan"].rsplit("/", 1)[-1],
                "label_zh": row["zh"],
                "label_en": row["en"],
                "fictitious": bool(row["fictitious"]),
                "tasks": int(row["tasks"] or 0),
                "targets": int(row["targets"] or 0),
                "file": row["file"],
                "sha256": row["sha256"],
                "loaded": row["loaded"],
                "graph": row["g"],
                "plan": row["plan"],
            }
        )
    return out


def find_plan(store: PatentStore, plan_id: str) -> dict:
    """The listing of one plan (see :func:`list_plans`); :class:`PlanNotFoundError` naming the loaded ones."""
    plans = list_plans(store)
    for plan in plans:
        if plan["id"] == plan_id:
            return plan
    known = ", ".join(p["id"] for p in plans) or "none"
    raise PlanNotFoundError(f"no loaded plan {plan_id!r}; loaded: {known}")


def _row_order(plan: CheckedPlan) -> dict[str, list[str]]:
    return {sheet: [e.id for e in entries if not e.minted] for sheet, entries in plan.entries.items()}


def add_plan(
    store: PatentStore,
    path: Path | str,
    *,
    display_name: str | None = None,
    graph: str | None = None,
    bundled: bool = False,
    force: bool = False,
    check_only: bool = False,
    xlsx_limits: XlsxLimits | None = None,
) -> PlanResult:
    """Load the plan of one workbook (XLSX or YAML) into its own named graph; return what happened.

    Parameters
    ----------
    store : PatentStore
        The store to load into.
    path : Path or str
        The workbook.
    display_name : str, optional
        The file's name as the user knows it (an upload's name); default ``path``'s name. A plan is
        replaced only by a file of the same name.
    graph : str, optional
        The graph for a plan not loaded yet (default ``…/graph/plan/<id>``).
    bundled : bool
        The workbook is the pilot shipped with patentnav, which the tests check in full: seeding a
        store skips the SHACL validation and the GB/T 2260 table (together about two seconds).
    force : bool
        Write the graph even when the same file is loaded already.
    check_only : bool
        Check everything, write nothing.
    xlsx_limits : XlsxLimits, optional
        What an XLSX may unpack to.

    Raises
    ------
    PlanInputError
        Every problem of the workbook (sheet, row, column, reason); nothing was written.
    PlanConflictError
        The plan's id is already loaded from another file.
    FileError
        The file cannot be read as a workbook at all.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from patentnav.graph.store import open_store
    >>> from patentnav.graph.bootstrap import ensure_seeded
    >>> store = open_store("memory://"); _ = ensure_seeded(store)
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "plan.yaml"
    >>> _ = p.write_text('''
    ... plan: {id: p1, label_en: Plan one, regions: 430100, source_title: A fictitious note}
    ... tasks: [{id: t1, label_en: Task one, industries: rail-transit}]
    ... ''')
    >>> r = add_plan(store, p)
    >>> r.graph, r.rows, r.already_loaded
    ('https://w3id.org/patentnav/graph/plan/p1', {'plan': 1, 'tasks': 1, 'sources': 1}, False)
    >>> add_plan(store, p).already_loaded
    True
    """
    started = time.perf_counter()
    path = Path(path)
    name = display_name or path.name
    sha = _digest(path)
    workbook, problems = _read(path, sha, xlsx_limits)
    workbook.name = name
    plan_id = workbook.plan_id() or ""
    result = PlanResult(plan=plan_id, file=name, sha256=sha)
    with graph_lock(store, LINK_LOCK):
        own = _loaded(store, plan_id) if plan_id else None
        if own is not None:
            result.graph = own["graph"]
            if own["sha256"] == sha and not force:
                result.already_loaded = True
                result.fictitious = own["fictitious"]
                result.seconds = time.perf_counter() - started
                return result
            if own["file"] is not None and own["file"] != name and not force:
                raise _conflict(workbook, name, own)
        checked = check_workbook(workbook, problems, store, own_graph=own["graph"] if own else None, gbt=not bundled)
        target = own["graph"] if own else (graph or plan_graph_iri(checked.plan_id))
        quads, links = _plan_graph(store, checked, target, name=name, sha=sha, bundled=bundled)
        result.graph, result.replaced = target, own is not None
        result.fictitious = checked.fictitious
        result.rows = {sheet: len(entries) for sheet, entries in checked.entries.items()}
        result.quads, result.industry_links = len(quads), len(links)
        if check_only:
            result.checked_only = True
        else:
            store.replace_graph(target, quads)
            store.flush()
    result.seconds = time.perf_counter() - started
    return result


def _conflict(workbook: Workbook, name: str, own: dict) -> PlanConflictError:
    """The error for a workbook whose plan id is loaded from another file (``own``, :func:`find_plan`)."""
    plan_id = workbook.plan_id()
    row = workbook.rows("plan")[0].number
    return PlanConflictError(
        name,
        [
            InputProblem(
                "plan",
                row,
                "id",
                f"plan {plan_id} is already loaded from another file, {own['file']} (SHA-256 "
                f"{own['sha256'][:12]}): add {own['file']} again to replace it, or remove it first "
                f"(patentnav policy remove {plan_id})",
            )
        ],
    )


def _plan_graph(
    store: PatentStore, checked: CheckedPlan, target: str, *, name: str, sha: str, bundled: bool
) -> tuple[list, set[tuple[str, str]]]:
    """The quads of a checked plan's graph (entities validated with SHACL unless bundled, provenance, industry
    links of the stored patents) and those links."""
    quads = plan_quads(checked, target)
    if not bundled:
        from patentnav.graph.policy.shapes import shape_problems

        shape = shape_problems(checked, quads)
        if shape:
            raise PlanInputError(name, shape)
    label = _label(checked)
    quads += prov_quads(checked, target, file=name, sha256=sha, row_order=_row_order(checked), label=label)
    links = compute_links(store, _ipc_rows(checked))
    quads += link_quads(links, target)
    return quads, links


@functools.lru_cache(maxsize=8)
def _read_cached(path: Path, sha: str, limits: XlsxLimits | None) -> tuple[Workbook, list[InputProblem]]:
    return read_workbook(path, xlsx_limits=limits)


def _read(path: Path, sha: str, limits: XlsxLimits | None) -> tuple[Workbook, list[InputProblem]]:
    """The file's tables, parsed once per content (seeding reads the bundled pilot for every new store)."""
    workbook, problems = _read_cached(path.resolve(), sha, limits)
    return copy.deepcopy(workbook), list(problems)


def _label(plan: CheckedPlan) -> str:
    row = plan.entries["plan"][0].values
    return str(row.get("label_en") or row.get("label_zh") or plan.plan_id)


def _ipc_rows(plan: CheckedPlan) -> dict[str, set[str]]:
    rows: dict[str, set[str]] = {}
    for entry in plan.entries.get("industries", []):
        for code in entry.values.get("ipc", ()):
            rows.setdefault(code.symbol, set()).add(entry.iri)
    return rows


def _loaded(store: PatentStore, plan_id: str) -> dict | None:
    try:
        return find_plan(store, plan_id)
    except PlanNotFoundError:
        return None


def remove_plan(store: PatentStore, plan_id: str) -> dict:
    """Remove a loaded plan's graph (its entities, provenance and industry links); return its listing.

    The bundled Hunan pilot is not removed: the reference statistics and the IPC -> industry
    concordance refer to its regions and industries.
    """
    with graph_lock(store, LINK_LOCK):
        plan = find_plan(store, plan_id)
        if plan["graph"] == _PILOT_GRAPH:
            raise PlanNotFoundError(
                f"{plan_id} is the bundled Hunan pilot, which the reference statistics and the IPC -> industry "
                "concordance refer to: it is not removed (load a changed copy of data/hunan_pilot.yaml to change it)"
            )
        store.remove_graph(plan["graph"])
        from patentnav.graph.tables.catalog import tables_of

        tables_of(store).drop(plan["graph"])
        store.flush()
    return plan


def export_plan(store: PatentStore, plan_id: str) -> Workbook:
    """The tables of a loaded plan, as a workbook to write with :func:`~patentnav.graph.policy.files.write_workbook`."""
    from patentnav.graph.policy.export import export_workbook

    plan = find_plan(store, plan_id)
    return export_workbook(store, plan_id, plan["graph"])


def plan_ntriples(path: Path | str) -> str:
    """The triples of a self-contained workbook's plan as N-Triples, without a store (and so without provenance).

    For tools that read RDF files (the benchmarks give the pilot to rdflib this way); a workbook
    that names entities of a graph cannot be read without that graph.

    >>> from patentnav.data import pilot_plan_path
    >>> len(plan_ntriples(pilot_plan_path()).splitlines())
    369
    """
    workbook, problems = read_workbook(path)
    checked = check_workbook(workbook, problems, None)
    return "".join(f"{q.subject} {q.predicate} {q.object} .\n" for q in plan_quads(checked, "urn:plan"))


def plan_graphs(store: PatentStore) -> dict[str, str]:
    """Plan id -> graph of every loaded plan."""
    return {iri.rsplit("/", 1)[-1]: g for g, (iri, _) in loaded_plans(store).items()}
