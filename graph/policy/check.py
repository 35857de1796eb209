"""Check a workbook's tables against the model and the graph; parse every cell.

Everything wrong is collected, one :class:`~patentnav.graph.policy.model.InputProblem` per
thing (sheet, row, column, reason), and raised together as
:class:`~patentnav.graph.policy.model.PlanInputError`: nothing is loaded from a workbook with
a problem. The checks:

* the ``plan`` sheet is there with one row; each sheet has its required columns, each row its
  required values and a label (``label_zh`` or ``label_en``);
* ids are well formed and unique within their sheet; an entity another loaded plan defines is
  not defined again (an ``industries`` row without labels for such an industry adds IPC codes);
* every id a row names (industries, regions, zones, agencies, tasks, centers, indicators,
  sources) is a row of the workbook or an entity of that type in the graph;
* a region code is a GB/T 2260 code (six digits, known to the ``cpca`` table), or the id of a
  group of regions with ``includes``;
* numbers, years, dates, booleans, URLs, IPC codes, comparators and statuses parse; a target
  has a value and a unit unless its comparator is ``among`` (a standing such as "among the
  national IP-advanced cities", which has none).

The result, :class:`CheckedPlan`, holds each row as an :class:`Entry` with parsed values:
IRIs for ids, ``(lexical, datatype)`` for numbers, canonical text for choices. Cells are parsed by
:mod:`~patentnav.graph.policy.cells`; the rest stays one module over 400 lines because every check
(rows, references, sources, targets, scheme) reports into the one checker's list of problems.

>>> from patentnav.graph.policy.model import Row, Workbook
>>> wb = Workbook({"plan": [Row(2, {"id": "p", "label_en": "P", "regions": ("999999",), "source_title": "T"})]})
>>> try:
...     check_workbook(wb, [], None)
... except PlanInputError as exc:
...     print(exc.problems[0])
plan, row 2, column regions: region 999999 is not a GB/T 2260 code, and neither the regions sheet nor the graph has it
"""

from __future__ import annotations

import difflib
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from patentnav.graph.policy.cells import ID, NOT_AN_ID, gbt2260_name, parse_cell, parse_date, parse_number
from patentnav.graph.policy.model import (
    SHEETS,
    Column,
    InputProblem,
    PlanInputError,
    Row,
    SheetSpec,
    Workbook,
)
from patentnav.graph.store import select_chunks
from patentnav.ontology import ENTITY_TYPES, PNAV, entity_iri, parse_entity_iri

if TYPE_CHECKING:
    from patentnav.graph.store import PatentStore

__all__ = [
    "CheckedPlan",
    "Entry",
    "check_workbook",
    "default_observation_id",
    "default_scheme_id",
    "default_scheme_labels",
    "gbt2260_name",
    "loaded_plans",
    "parse_date",
    "parse_number",
]

#: Classes of the entity types a workbook defines or names.
_CLASS = {
    t: PNAV.term(ENTITY_TYPES[t])
    for t in (
        "plan",
        "source",
        "agency",
        "region",
        "zone",
        "industry",
        "task",
        "target",
        "center",
        "indicator",
        "observation",
    )
}
_LISTED_PLANS = """SELECT ?g ?plan ?file WHERE { GRAPH ?g { ?plan a pnav:Plan .
  OPTIONAL { ?g prov:wasDerivedFrom ?wb . ?wb pnav:fileName ?file } } }"""


@dataclass
class Entry:
    """One row, checked: the entity it describes and its parsed cells.

    ``values`` holds, per column, a ``str`` (text, choices, dates, years, URLs), a ``tuple`` (lists;
    IRIs for ``refs``, :class:`IPCCode` s for ``ipc``), an IRI for ``ref``, ``(lexical, datatype)``
    for numbers and ``bool`` for booleans. ``extends`` marks an ``industries`` row that only adds
    IPC codes to an industry defined elsewhere; ``minted`` a source made from ``source_title`` cells.
    """

    sheet: str
    row: int
    iri: str
    id: str
    values: dict[str, Any] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)
    extends: bool = False
    minted: bool = False


@dataclass
class CheckedPlan:
    """A workbook that passed every check, ready for the writer."""

    plan_id: str
    plan_iri: str
    entries: dict[str, list[Entry]]
    #: IRI of the plan's source: the default ``prov:wasDerivedFrom`` of every row.
    source: str
    #: The concept scheme of the workbook's new industries: ``(iri, id, {lang: label})``, or ``None``.
    scheme: tuple[str, str, dict[str, str]] | None
    #: Entities the workbook names that the graph holds: IRI -> their classes there.
    external: dict[str, set[str]]
    fictitious: bool = False

    def all_entries(self) -> Iterable[Entry]:
        for entries in self.entries.values():
            yield from entries

    def located(self) -> dict[str, tuple[str, int]]:
        """Entity IRI -> (sheet, row) of the row that defines it."""
        return {e.iri: (e.sheet, e.row) for e in self.all_entries() if not e.minted and not e.extends}


def _store_types(store: PatentStore | None, iris: Iterable[str]) -> dict[str, set[tuple[str, str]]]:
    """IRI -> {(class, graph)} of those the store holds."""
    found: dict[str, set[tuple[str, str]]] = {}
    items = sorted(set(iris))
    if store is None:
        return found
    query = "SELECT ?e ?t ?g WHERE { VALUES ?e { } GRAPH ?g { ?e a ?t } }"
    for row in select_chunks(store, query, "e", [ox.NamedNode(i) for i in items], chunk=400):
        found.setdefault(row["e"], set()).add((row["t"], row["g"]))
    return found


def loaded_plans(store: PatentStore | None) -> dict[str, tuple[str, str | None]]:
    """Plan graphs in the store: graph IRI -> (plan IRI, workbook file name or ``None``)."""
    if store is None:
        return {}
    out: dict[str, tuple[str, str | None]] = {}
    result = store.query(_LISTED_PLANS, prefixes=True)
    assert isinstance(result, ox.QuerySolutions)  # a SELECT query
    for row in result:
        file = row["file"].value if row["file"] is not None else None
        out[row["g"].value] = (row["plan"].value, file)
    return out


def _ids_of_type(store: PatentStore | None, entity_type: str) -> list[str]:
    """Ids of the store's entities of a type (for "did you mean" hints; only asked when a reference fails)."""
    if store is None:
        return []
    query = f"SELECT DISTINCT ?e WHERE {{ ?e a <{_CLASS[entity_type]}> }} LIMIT 20000"
    ids = []
    result = store.query(query)
    assert isinstance(result, ox.QuerySolutions)  # a SELECT query
    for row in result:
        parsed = parse_entity_iri(row["e"].value)
        if parsed and parsed[0] == entity_type:
            ids.append(parsed[1])
    return ids


class _Checker:
    def __init__(
        self, workbook: Workbook, problems: list[InputProblem], store: PatentStore | None, gbt: bool = True
    ) -> None:
        self.wb, self.problems, self.store, self.gbt = workbook, problems, store, gbt
        self.entries: dict[str, list[Entry]] = {}
        self.defined: dict[str, Entry] = {}  # IRI -> entry defining it
        self.refs: list[tuple[Entry, Column, str, str]] = []  # (entry, column, id as written, IRI)
        self._hints: dict[str, list[str]] = {}

    def problem(self, sheet: str | None, row: int | None, column: str | None, reason: str) -> None:
        self.problems.append(InputProblem(sheet, row, column, reason))

    # ------------------------------------------------------------ cells

    def parse(self, spec: SheetSpec, column: Column, row: Row, value: Any, entry: Entry) -> Any:
        """A cell parsed (:func:`~patentnav.graph.policy.cells.parse_cell`); references recorded for the graph."""
        where = (spec.name, row.number, column.name)
        if column.kind in ("ref", "refs"):
            out = []
            for item in value if isinstance(value, tuple) else (value,):
                iri = self.iri(column.ref, item, where)
                if iri is not None:
                    self.refs.append((entry, column, item, iri))
                    out.append(iri)
            return tuple(dict.fromkeys(out)) if column.kind == "refs" else (out[0] if out else None)
        parsed, reasons = parse_cell(column, value)
        for reason in reasons:
            self.problem(*where, reason)
        return parsed

    def iri(self, entity_type: str | None, local: str, where: tuple[str, int | None, str | None]) -> str | None:
        assert entity_type is not None
        if not ID.match(local):
            self.problem(*where, f"{local!r} {NOT_AN_ID}")
            return None
        return entity_iri(entity_type, local)

    # ------------------------------------------------------------ rows

    def rows(self) -> None:
        for spec in SHEETS.values():
            if spec.name not in self.wb.sheets:
                if spec.required:
                    self.problem(
                        spec.name, None, None, f"sheet missing: the workbook needs a {spec.name} ({spec.zh}) sheet"
                    )
                continue
            rows = self.wb.sheets[spec.name]
            header = self.wb.headers.get(spec.name)
            missing = [c for c in spec.columns if c.required and header is not None and rows and c.name not in header]
            if spec.name == "observations":
                missing = [c for c in missing if c.name != "id"]
            for column in missing:
                self.problem(spec.name, None, column.name, f"required column missing ({column.zh}): add it")
            unlabelled = spec.labelled and header is not None and rows and not {"label_zh", "label_en"} & set(header)
            if unlabelled:
                self.problem(spec.name, None, "label_zh", "required column missing: label_zh or label_en")
                missing.append(spec["label_zh"])
            if spec.single and len(rows) > 1:
                self.problem(spec.name, None, None, f"must have exactly one row, not {len(rows)}")
            elif spec.single and not rows:
                self.problem(
                    spec.name,
                    None,
                    None,
                    "has no row: fill one (rows starting with # are comments, such as the template's example row)",
                )
            seen: dict[str, int] = {}
            for row in rows:
                entry = self.row(spec, row, {c.name for c in missing})
                if entry is None or not entry.iri:
                    continue
                if entry.id in seen:
                    self.problem(
                        spec.name, row.number, spec.key, f"duplicate id {entry.id!r}: row {seen[entry.id]} has it too"
                    )
                    continue
                seen[entry.id] = row.number
                self.entries.setdefault(spec.name, []).append(entry)
                if entry.iri in self.defined:  # a minted observation id equal to a given one
                    self.problem(spec.name, row.number, spec.key, f"duplicate id {entry.id!r}")
                self.defined[entry.iri] = entry

    def row(self, spec: SheetSpec, row: Row, missing: set[str]) -> Entry | None:
        key = row.get(spec.key)
        if spec.name == "observations" and not key:
            key = "-"  # minted below, once the cells are parsed
        if not key:
            if spec.key not in missing:
                self.problem(spec.name, row.number, spec.key, f"{spec.key} is empty: every row needs one")
            return None
        assert isinstance(key, str)
        if spec.name == "regions":
            if not self.region_code(row, key):
                return None
        elif key != "-" and not ID.match(key):
            self.problem(spec.name, row.number, spec.key, f"{key!r} {NOT_AN_ID}")
            return None
        entry = Entry(
            spec.name, row.number, entity_iri(spec.entity, key) if key != "-" else "", key, notes=dict(row.notes)
        )
        for column in spec.columns:
            if column.name == spec.key:
                continue
            value = row.get(column.name)
            if value in (None, "", ()):
                if column.required and column.name not in missing:
                    self.problem(spec.name, row.number, column.name, f"{column.name} ({column.zh}) is empty: required")
                continue
            parsed = self.parse(spec, column, row, value, entry)
            if parsed is not None and parsed != ():
                entry.values[column.name] = parsed
        labels = {"label_zh", "label_en"} & entry.values.keys()
        if spec.labelled and not labels and spec.name != "industries" and "label_zh" not in missing:
            self.problem(spec.name, row.number, "label_zh", "needs a name: fill label_zh or label_en")
        if spec.name == "observations":
            self.observation(entry, row)
        return entry

    def region_code(self, row: Row, code: str) -> bool:
        if code.isdigit():
            if not re.fullmatch(r"[1-9]\d{5}", code) or (self.gbt and gbt2260_name(code) is None):
                self.problem(
                    "regions",
                    row.number,
                    "code",
                    f"{code!r} is not a GB/T 2260 code (six digits, e.g. 440100 for 广州市)",
                )
                return False
            return True
        if not ID.match(code):
            self.problem("regions", row.number, "code", f"{code!r} is neither a GB/T 2260 code nor an id")
            return False
        if not row.get("includes"):
            self.problem(
                "regions",
                row.number,
                "code",
                f"{code!r} is not a GB/T 2260 code: a group of regions (such as a city group) needs includes",
            )
            return False
        return True

    def observation(self, entry: Entry, row: Row) -> None:
        values = entry.values
        day, year = values.pop("date", None), values.pop("year", None)
        if day is None and year is None and not (row.get("year") or row.get("date")):
            self.problem("observations", row.number, "year", "an observation needs its year or date")
        when = day or (f"{year}-12-31" if year else None)
        if when:
            values["date"] = when
        if entry.id == "-":
            local = default_observation_id(self.wb.plan_id() or "plan", row.get("indicator"), row.get("region"), when)
            entry.id = local
            entry.iri = entity_iri("observation", local) if ID.match(local) else ""

    # ------------------------------------------------------------ the graph

    def hint(self, entity_type: str, local: str) -> str:
        if entity_type not in self._hints:
            known = {e.id for e in self.entries.get(_SHEET_OF[entity_type], [])} | set(
                _ids_of_type(self.store, entity_type)
            )
            self._hints[entity_type] = sorted(known)
        close = difflib.get_close_matches(local, self._hints[entity_type], n=1, cutoff=0.75)
        return f" (did you mean {close[0]}?)" if close else ""


_SHEET_OF = {spec.entity: spec.name for spec in SHEETS.values()}


def check_workbook(
    workbook: Workbook,
    problems: list[InputProblem],
    store: PatentStore | None,
    *,
    own_graph: str | None = None,
    gbt: bool = True,
) -> CheckedPlan:
    """Check the tables (and the reader's ``problems``) against the model and ``store``; raise if anything is wrong.

    ``own_graph`` is the graph this plan is already loaded in (its entities are being replaced, so they
    are not "defined by another plan"); ``gbt=False`` skips looking region codes up in the GB/T 2260
    table (for the bundled pilot, whose codes the tests check). Raises :class:`PlanInputError`
    listing every problem.
    """
    checker = _Checker(workbook, list(problems), store, gbt)
    checker.rows()
    entries = checker.entries
    plan_entries = entries.get("plan", [])
    plan = plan_entries[0] if len(plan_entries) == 1 else None
    plan_id = plan.id if plan else (workbook.plan_id() or "plan")

    source_iri = _sources(checker, plan, plan_id)
    plans = loaded_plans(store)
    other_plans = {g: p for g, p in plans.items() if g != own_graph}
    named = {iri for _, _, _, iri in checker.refs} | set(checker.defined)
    held = _store_types(store, named)
    _defined_elsewhere(checker, held, other_plans, own_graph)
    external = _external_refs(checker, held, own_graph)
    _targets(checker, entries.get("targets", []))
    scheme = _scheme(checker, plan, entries) if plan is not None else None
    if checker.problems:
        raise PlanInputError(workbook.name or "workbook", checker.problems)
    assert plan is not None
    return CheckedPlan(
        plan_id=plan.id,
        plan_iri=plan.iri,
        entries=entries,
        source=source_iri,
        scheme=scheme,
        external=external,
        fictitious=bool(plan.values.get("fictitious")),
    )


def _sources(checker: _Checker, plan: Entry | None, plan_id: str) -> str:
    """The plan's source (an id, or a source made from the source_title/url/date cells) and the observations'."""
    entries = checker.entries
    source_iri = ""
    if plan is not None:
        for source in entries.get("sources", []):
            if source.id == plan.id:
                checker.problem(
                    "sources",
                    source.row,
                    "id",
                    f"{source.id!r} is the plan's id, which names the "
                    "source its source_title makes: give this source another id",
                )
        source_iri = _plan_source(checker, plan, entries)
    _observation_sources(checker, plan_id, entries)
    return source_iri


def _defined_elsewhere(
    checker: _Checker,
    held: dict[str, set[tuple[str, str]]],
    other_plans: dict[str, tuple[str, str | None]],
    own_graph: str | None,
) -> None:
    """Entities another loaded plan defines are named, not defined again (an industry without labels extends)."""
    for iri, entry in checker.defined.items():
        cls = _CLASS[SHEETS[entry.sheet].entity]
        where = [g for c, g in held.get(iri, ()) if c == cls and g in other_plans]
        if entry.sheet == "industries" and not {"label_zh", "label_en"} & entry.values.keys():
            if any(c == cls for c, g in held.get(iri, ()) if g != own_graph):
                entry.extends = True
                if "ipc" not in entry.values:
                    checker.problem(
                        entry.sheet,
                        entry.row,
                        "ipc",
                        f"industry {entry.id!r} is in the graph already: "
                        "a row for it without labels adds IPC codes; fill ipc or remove the row",
                    )
            else:
                checker.problem(
                    entry.sheet,
                    entry.row,
                    "label_zh",
                    "needs a name: fill label_zh or label_en (only "
                    "an industry already in the graph may be listed without one, to add IPC codes)",
                )
            continue
        if where:
            other = other_plans[where[0]]
            plan_name = other[0].rsplit("/", 1)[-1]
            loaded = f" (loaded from {other[1]})" if other[1] else ""
            checker.problem(
                entry.sheet,
                entry.row,
                SHEETS[entry.sheet].key,
                f"{SHEETS[entry.sheet].entity} {entry.id!r} is already defined by plan {plan_name}"
                f"{loaded}: name it by its id in other rows and leave this row out",
            )


def _external_refs(
    checker: _Checker, held: dict[str, set[tuple[str, str]]], own_graph: str | None
) -> dict[str, set[str]]:
    """Every id a row names is a row of the workbook or an entity of that type in the graph: those in the graph."""
    external: dict[str, set[str]] = {}
    for entry, column, local, iri in checker.refs:
        assert column.ref is not None  # only ref/refs columns record references
        cls = _CLASS[column.ref]
        if iri in checker.defined and SHEETS[checker.defined[iri].sheet].entity == column.ref:
            continue
        classes = {c for c, g in held.get(iri, ()) if g != own_graph}
        if cls in classes:
            external.setdefault(iri, set()).update(classes)
            continue
        checker.problem(entry.sheet, entry.row, column.name, _unknown(checker, column, local))
    return external


def _unknown(checker: _Checker, column: Column, local: str) -> str:
    entity_type = column.ref or ""
    sheet = SHEETS[_SHEET_OF[entity_type]]
    if entity_type == "region" and local.isdigit():
        name = gbt2260_name(local)
        if name is None:
            return (
                f"region {local} is not a GB/T 2260 code, and neither the regions sheet nor the graph has it"
                f"{checker.hint('region', local)}"
            )
        return (
            f"region {local} ({name} in GB/T 2260) is neither in the regions sheet nor in the graph: add a row for it"
        )
    return (
        f"{entity_type} {local!r} is neither in the {sheet.name} sheet ({sheet.zh}) nor in the graph"
        f"{checker.hint(entity_type, local)}"
    )


def _mint_source(
    checker: _Checker, sheet: str, row: int, local: str, title: str | None, url: str | None, day: str | None
) -> Entry:
    """A source made from ``source_title``/``source_url`` cells (a row of the sources sheet in all but name)."""
    entry = Entry("sources", row, entity_iri("source", local), local, minted=True)
    label = title or url or local
    lang = "zh" if re.search(r"[\u3400-\u9fff]", label) else "en"
    entry.values[f"label_{lang}"] = label
    if title:
        entry.values[f"title_{lang}"] = title
    if url:
        entry.values["url"] = url
    if day:
        entry.values["date"] = day
    entry.values["minted_from"] = sheet
    if entry.iri in checker.defined and not checker.defined[entry.iri].minted:
        checker.problem(
            "sources",
            checker.defined[entry.iri].row,
            "id",
            f"source id {local!r} is the one {sheet}'s source_title makes: choose another id",
        )
    checker.defined.setdefault(entry.iri, entry)
    return entry


def _plan_source(checker: _Checker, plan: Entry, entries: dict[str, list[Entry]]) -> str:
    shorthand = [c for c in ("source_title", "source_url", "source_date") if c in plan.values]
    if plan.values.get("source"):
        if shorthand:
            checker.problem(
                "plan",
                plan.row,
                shorthand[0],
                "give the plan's source either as source (an id) or as source_title/source_url/source_date, not both",
            )
        return plan.values["source"]
    if not shorthand:
        checker.problem(
            "plan",
            plan.row,
            "source",
            "the plan needs its source: fill source_title (and source_url) "
            "or source (the id of a row of the sources sheet)",
        )
        return ""
    entry = _mint_source(
        checker,
        "plan",
        plan.row,
        plan.id,
        plan.values.get("source_title"),
        plan.values.get("source_url"),
        plan.values.get("source_date"),
    )
    entries.setdefault("sources", []).append(entry)
    return entry.iri


def _observation_sources(checker: _Checker, plan_id: str, entries: dict[str, list[Entry]]) -> None:
    for entry in entries.get("observations", []):
        title, url = entry.values.get("source_title"), entry.values.get("source_url")
        if entry.values.get("source"):
            if title or url:
                checker.problem(
                    "observations",
                    entry.row,
                    "source_title",
                    "give the source either as source (an id) or as source_title/source_url, not both",
                )
            continue
        if not (title or url):
            continue  # the plan's source
        digest = hashlib.sha256(f"{title or ''}\n{url or ''}".encode()).hexdigest()[:8]
        local = f"{plan_id}-statistics-{digest}"
        if entity_iri("source", local) not in checker.defined:
            entries.setdefault("sources", []).append(
                _mint_source(checker, "observations", entry.row, local, title, url, None)
            )
        entry.values["source"] = entity_iri("source", local)


def _targets(checker: _Checker, targets: list[Entry]) -> None:
    for entry in targets:
        values = entry.values
        if values.get("comparator") == "among":
            continue
        broken = {p.column for p in checker.problems if p.sheet == "targets" and p.row == entry.row}
        if "value" not in values and "value" not in broken:
            checker.problem(
                "targets",
                entry.row,
                "value",
                "a target needs a value (or comparator among, for a "
                "standing such as 'among the national IP-advanced cities')",
            )
        if "unit" not in values and "value" in values:
            checker.problem("targets", entry.row, "unit", "a target with a value needs its unit (件/万人, 家, % …)")
        if "baseline_multiple" in values and "baseline_region" not in values:
            checker.problem("targets", entry.row, "baseline_region", "a multiple needs the region it multiplies")


def _scheme(checker: _Checker, plan: Entry, entries: dict[str, list[Entry]]) -> tuple[str, str, dict[str, str]] | None:
    new = [e for e in entries.get("industries", []) if not e.extends]
    given = plan.values.get("industry_scheme")
    labels = {
        lang: plan.values[f"industry_scheme_label_{lang}"]
        for lang in ("zh", "en")
        if f"industry_scheme_label_{lang}" in plan.values
    }
    if not new:
        if given or labels:
            checker.problem(
                "plan",
                plan.row,
                "industry_scheme",
                "names an industry scheme, but the industries sheet defines no industry",
            )
        return None
    local = given or default_scheme_id(plan.id)
    if not labels:
        labels = default_scheme_labels(plan.values.get("label_zh"), plan.values.get("label_en"))
    iri = entity_iri("industry", local)
    if iri in checker.defined:
        checker.problem("plan", plan.row, "industry_scheme", f"{local!r} is the id of an industry of this workbook")
    return iri, local, labels


def default_observation_id(plan_id: str, indicator: object, region: object, when: str | None) -> str:
    """The id of an observation row without one: ``<plan>-<indicator>-<region>-<date>``.

    >>> default_observation_id("p", "invention-patents-per-10k-population", "440100", "2024-12-31")
    'p-invention-patents-per-10k-population-440100-2024-12-31'
    """
    return "-".join(str(part) for part in (plan_id, indicator, region, when) if part)[:200]


def default_scheme_id(plan_id: str) -> str:
    """The id of a plan's industry scheme when the plan sheet names none.

    >>> default_scheme_id("example-plan")
    'example-plan-industries'
    """
    return f"{plan_id}-industries"[:200]


def default_scheme_labels(label_zh: str | None, label_en: str | None) -> dict[str, str]:
    """The labels of a plan's industry scheme when the plan sheet gives none (from the plan's labels).

    >>> default_scheme_labels("示例方案", "Example plan")
    {'zh': '示例方案·产业', 'en': 'Industries of: Example plan'}
    """
    labels = {}
    if label_zh:
        labels["zh"] = f"{label_zh}·产业"
    if label_en:
        labels["en"] = f"Industries of: {label_en}"
    return labels
