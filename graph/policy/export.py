"""A loaded plan back as workbook tables, read from its named graph.

The inverse of :mod:`~patentnav.graph.policy.writer`: each entity of the plan's graph becomes a
row of its sheet, each predicate a column, in the order the rows had in the workbook
(``pnav:rowOrder`` of the workbook's node). What the writer added by rule is left out again
(classes, ``hasTask``, ``skos:prefLabel``, a ``sources`` cell equal to the plan's source, the
default industry scheme, the industry links of patents), so ``template → filled → add → export``
gives the tables that were added. Lists are sets: they come back sorted.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict

import pyoxigraph as ox

from patentnav.graph.policy.check import default_observation_id, default_scheme_id, default_scheme_labels
from patentnav.graph.policy.model import SHEETS, Column, Row, Workbook
from patentnav.graph.policy.writer import SHEET_CLASSES
from patentnav.graph.store import PatentStore
from patentnav.ontology import PNAV, PREFIXES, parse_entity_iri

__all__ = ["export_workbook"]

_RDF, _RDFS, _SKOS, _PROV = PREFIXES["rdf"], PREFIXES["rdfs"], PREFIXES["skos"], PREFIXES["prov"]
_DCT, _XSD = PREFIXES["dct"], PREFIXES["xsd"]


def _local(iri: str) -> str:
    parsed = parse_entity_iri(iri)
    return parsed[1] if parsed else iri


class _Graph:
    """A plan graph's triples by subject."""

    def __init__(self, quads: list[ox.Quad]) -> None:
        self.by_subject: dict[str, list[tuple[str, ox.NamedNode | ox.BlankNode | ox.Literal]]] = defaultdict(list)
        self.types: dict[str, set[str]] = defaultdict(set)
        for quad in quads:
            subject, obj = quad.subject, quad.object
            if isinstance(subject, ox.Triple) or isinstance(obj, ox.Triple):
                continue  # RDF-star quoted triples: no plan writes them
            s, p = subject.value, quad.predicate.value
            self.by_subject[s].append((p, obj))
            if p == _RDF + "type":
                self.types[s].add(obj.value)

    def objects(self, s: str, p: str) -> list[ox.NamedNode | ox.BlankNode | ox.Literal]:
        return [o for pred, o in self.by_subject.get(s, ()) if pred == p]

    def one(self, s: str, p: str) -> str | None:
        values = sorted(o.value for o in self.objects(s, p))
        return values[0] if values else None

    def of_class(self, cls: str) -> list[str]:
        return sorted(s for s, types in self.types.items() if cls in types)


def _cell(graph: _Graph, s: str, column: Column) -> str | tuple[str, ...] | None:
    objects = graph.objects(s, column.predicate or "")
    if column.kind in ("text", "texts"):
        texts = sorted(
            o.value for o in objects if isinstance(o, ox.Literal) and (o.language or None) == (column.lang or None)
        )
        if column.kind == "texts":
            return tuple(texts) or None
        return "; ".join(texts) if texts else None
    if column.kind in ("ref", "refs"):
        ids = sorted(_local(o.value) for o in objects if isinstance(o, ox.NamedNode))
        if column.kind == "refs":
            return tuple(ids) or None
        return ids[0] if ids else None
    if column.kind == "bool":
        values = [o.value for o in objects]
        return ("true" if values[0] in ("true", "1") else "false") if values else None
    if column.kind == "number":
        numbers = sorted(_number(o) for o in objects if isinstance(o, ox.Literal))
        return numbers[0] if numbers else None
    values = sorted(o.value for o in objects)
    return values[0] if values else None


def _number(literal: ox.Literal) -> str:
    """A number's text; an ``xsd:decimal`` keeps a decimal point (the store writes 24.0 as 24), so it reads back so."""
    text = literal.value
    if literal.datatype.value == _XSD + "decimal" and not any(c in text for c in ".eE"):
        return text + ".0"
    return text


def export_workbook(store: PatentStore, plan_id: str, graph: str) -> Workbook:
    """The tables of the plan ``plan_id`` as its graph ``graph`` holds them."""
    g = _Graph(list(store.quads_for_pattern(graph=ox.NamedNode(graph))))
    plan_iri = next((s for s in g.of_class(PNAV.Plan) if _local(s) == plan_id), None)
    if plan_iri is None:
        raise LookupError(f"graph {graph} holds no plan {plan_id!r}")
    workbook_nodes = [o.value for o in g.objects(graph, _PROV + "wasDerivedFrom") if g.one(o.value, PNAV.fileName)]
    order: dict[str, list[str]] = {}
    for node in workbook_nodes:
        for literal in g.objects(node, PNAV.rowOrder):
            sheet, _, ids = literal.value.partition(": ")
            order[sheet] = ids.split()
    plan_source = g.one(plan_iri, _PROV + "wasDerivedFrom") or ""
    scheme_nodes = g.of_class(_SKOS + "ConceptScheme")
    minted: dict[str, str] = {}  # source IRI -> sheet whose source_title cells made it
    if _local(plan_source) == plan_id:
        minted[plan_source] = "plan"
    for obs in g.of_class(PNAV.Observation):
        source = g.one(obs, _PROV + "wasDerivedFrom")
        if source and _is_minted_statistics(g, plan_id, source):
            minted[source] = "observations"
    skip = set(workbook_nodes) | set(scheme_nodes) | set(minted) | {graph}

    workbook = Workbook(name=f"{plan_id} (exported)")
    for name, spec in SHEETS.items():
        subjects = [s for s in g.of_class(SHEET_CLASSES[name]) if s not in skip]
        if name == "industries":
            subjects += sorted(
                s
                for s, pairs in g.by_subject.items()
                if PNAV.Industry not in g.types.get(s, ()) and any(p == PNAV.industryIPC for p, _ in pairs)
            )
        rank = {local: i for i, local in enumerate(order.get(name, []))}
        subjects.sort(key=lambda s: (rank.get(_local(s), len(rank)), _local(s)))
        rows = [_row(g, name, s, i + 1, plan_id, plan_source, minted, scheme_nodes) for i, s in enumerate(subjects)]
        workbook.sheets[name] = rows
        workbook.headers[name] = spec.names
    return workbook


def _is_minted_statistics(g: _Graph, plan_id: str, source: str) -> bool:
    title = next((o.value for o in g.objects(source, _DCT + "title")), None)
    url = g.one(source, _DCT + "source")
    digest = hashlib.sha256(f"{title or ''}\n{url or ''}".encode()).hexdigest()[:8]
    return _local(source) == f"{plan_id}-statistics-{digest}"


def _row(
    g: _Graph,
    sheet: str,
    s: str,
    number: int,
    plan_id: str,
    plan_source: str,
    minted: dict[str, str],
    schemes: list[str],
) -> Row:
    spec = SHEETS[sheet]
    row = Row(number)
    local = _local(s)
    row.values[spec.key] = local
    for column in spec.columns:
        if column.predicate is None or column.name == spec.key:
            continue
        value = _cell(g, s, column)
        if value:
            row.values[column.name] = value
    for literal in g.objects(s, PNAV.note):
        header, _, value = literal.value.partition(": ")
        row.notes[header] = value
    cited = tuple(sorted(_local(o.value) for o in g.objects(s, _PROV + "wasDerivedFrom")))
    if sheet not in ("plan", "sources", "observations") and cited and cited != (_local(plan_source),):
        row.values["sources"] = cited
    if sheet == "plan":
        _plan_row(g, row, s, plan_source, minted, schemes)
    elif sheet == "industries":
        symbols = sorted(g.one(o.value, _SKOS + "notation") or _local(o.value) for o in g.objects(s, PNAV.industryIPC))
        if symbols:
            row.values["ipc"] = tuple(symbols)
    elif sheet == "observations":
        day = g.one(s, PNAV.observationDate)
        if day and day.endswith("-12-31"):
            row.values["year"] = day[:4]
        elif day:
            row.values["date"] = day
        indicator, region = row.values.get("indicator"), row.values.get("region")
        if local == default_observation_id(plan_id, indicator, region, day):
            del row.values["id"]
        source = g.one(s, _PROV + "wasDerivedFrom")
        if source in minted:
            _shorthand(g, row, source, with_date=False)
        elif source and source != plan_source:
            row.values["source"] = _local(source)
    return row


def _shorthand(g: _Graph, row: Row, source: str, *, with_date: bool) -> None:
    title = next((o.value for o in g.objects(source, _DCT + "title")), None)
    if title:
        row.values["source_title"] = title
    url = g.one(source, _DCT + "source")
    if url:
        row.values["source_url"] = url
    day = g.one(source, _DCT + "issued")
    if with_date and day:
        row.values["source_date"] = day


def _plan_row(g: _Graph, row: Row, s: str, plan_source: str, minted: dict[str, str], schemes: list[str]) -> None:
    if plan_source in minted:
        _shorthand(g, row, plan_source, with_date=True)
    elif plan_source:
        row.values["source"] = _local(plan_source)
    if schemes:
        scheme = schemes[0]
        labels = {
            o.language: o.value for o in g.objects(scheme, _RDFS + "label") if isinstance(o, ox.Literal) and o.language
        }
        plan_id = row.values["id"]
        assert isinstance(plan_id, str)
        defaults = default_scheme_labels(row.values.get("label_zh"), row.values.get("label_en"))  # type: ignore[arg-type]
        if _local(scheme) != default_scheme_id(plan_id) or labels != defaults:
            row.values["industry_scheme"] = _local(scheme)
            for lang, label in labels.items():
                row.values[f"industry_scheme_label_{lang}"] = label
