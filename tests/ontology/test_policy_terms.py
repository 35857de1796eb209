"""Every pnav: term the policy writer can emit is declared in the ontology, labelled in English and Chinese."""

from __future__ import annotations

from pathlib import Path

import rdflib

from patentnav.graph.bootstrap import ensure_seeded
from patentnav.graph.policy.check import check_workbook
from patentnav.graph.policy.model import SHEETS
from patentnav.graph.policy.reader import read_workbook
from patentnav.graph.policy.writer import plan_quads, prov_quads
from patentnav.graph.store import open_store
from patentnav.ontology import PNAV, ontology_path
from tests.graph.policy.helpers import FILLED, yaml_file


def test_every_term_the_policy_writer_emits_is_declared_with_en_and_zh_labels(tmp_path: Path) -> None:
    store = open_store("memory://")
    ensure_seeded(store)
    workbook, problems = read_workbook(yaml_file(tmp_path / "plan.yaml", FILLED))
    checked = check_workbook(workbook, problems, store)
    quads = plan_quads(checked, "urn:g") + prov_quads(
        checked, "urn:g", file="plan.yaml", sha256="0" * 64, row_order={"plan": ["x"]}, label="x"
    )
    terms = {q.predicate.value for q in quads} | {q.object.value for q in quads if q.predicate.value.endswith("#type")}
    terms |= {c.predicate for spec in SHEETS.values() for c in spec.columns if c.predicate}
    terms = {t for t in terms if t.startswith(PNAV)}
    assert {PNAV.issuedBy, PNAV.leadAgency, PNAV.note, PNAV.fictitious, PNAV.rowOrder, PNAV.sourceText} <= terms
    g = rdflib.Graph().parse(ontology_path(), format="turtle")
    declared = {rdflib.OWL.Class, rdflib.OWL.ObjectProperty, rdflib.OWL.DatatypeProperty}
    for term in sorted(terms):
        node = rdflib.URIRef(term)
        assert set(g.objects(node, rdflib.RDF.type)) & declared, f"{term} is not declared in patentnav.ttl"
        langs = {label.language for label in g.objects(node, rdflib.RDFS.label)}
        assert {"en", "zh"} <= langs, f"{term} lacks an en or zh label: {langs}"
