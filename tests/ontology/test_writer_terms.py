"""Every pnav: term the RDF writer can emit is declared in the ontology, labelled in English and Chinese."""

from __future__ import annotations

import inspect
import io
import re
from datetime import date

import pyoxigraph as ox
import rdflib

from patentnav.graph.ingest import rdf
from patentnav.graph.ingest.normalize import Place
from patentnav.graph.ingest.records import (
    CITATION_COUNT_KINDS,
    FAMILY_KINDS,
    Applicant,
    FamilyLink,
    Inventor,
    LegalEvent,
    PatentRecord,
    Priority,
    VendorClass,
    VendorScore,
)
from patentnav.ontology import PNAV, ontology_path

OWL = rdflib.OWL


def _sample() -> set[str]:
    """The pnav: predicates and classes of a record with every field, as written."""
    holder = Applicant(
        raw_name="乙公司",
        name="乙公司",
        org_type="enterprise",
        credit_code="91430100MA4L00001J",
        org_type_source="file",
    )
    record = PatentRecord(
        line=2,
        application_number="CN201510000001",
        publication_numbers=["CN105000001A"],
        application_date=date(2015, 3, 1),
        publication_date=date(2016, 3, 1),
        grant_date=date(2017, 3, 1),
        kind="A",
        patent_type="invention",
        title="一种合成样例起重机",
        abstract="摘要",
        legal_status="active",
        legal_status_raw="有效",
        country="CN",
        applicants=[
            Applicant(raw_name="甲公司", name="甲公司", org_type="enterprise", place=Place("CN", None)),
        ],
        current_holders=[holder],
        inventors=[Inventor("张三")],
        agency="长沙合成专利事务所",
        agents=[Inventor("王五")],
        priorities=[Priority("CN201410000001", date(2014, 3, 1))],
        families=[FamilyLink(kind, ("US2016000001A1",), size=2) for kind in FAMILY_KINDS],
        cited=["CN104000001A"],
        citing=["CN106000001A"],
        citation_counts=dict.fromkeys(CITATION_COUNT_KINDS, 1),
        claims_count=8,
        independent_claims_count=1,
        first_claim="一种起重机",
        lapse_date=date(2035, 3, 1),
        life_months=240,
        events=[LegalEvent("transfer", ("甲公司",), ("乙公司",), count=1, dates=(date(2019, 1, 1),), detail="x")],
        vendor_classes=[VendorClass("战略新兴产业分类", "高端装备制造产业", "PatSnap")],
        vendor_scores=[VendorScore("合享价值度", 9.0, "incoPat")],
    )
    out = io.StringIO()
    writer = rdf.GraphWriter(out, "urn:g", concordance=None, resolver=None)
    writer.patent(record, rdf.patent_iri(record.key))
    writer.finish()
    terms = set()
    for quad in ox.parse(out.getvalue(), format=ox.RdfFormat.N_QUADS):
        terms.add(quad.predicate.value)
        if quad.predicate.value.endswith("#type"):
            terms.add(quad.object.value)
    return {t for t in terms if t.startswith(PNAV)}


def _in_source() -> set[str]:
    """The pnav: names the writer's source spells out (``_p("name")``) and its prebuilt predicate tables."""
    names = set(re.findall(r"""_p\(["'](\w+)["']\)""", inspect.getsource(rdf)))
    terms = {PNAV.term(n) for n in names}
    for value in vars(rdf).values():
        items = value.values() if isinstance(value, dict) else [value]
        terms |= {v.strip()[1:-1] for v in items if isinstance(v, str) and v.strip().startswith(f"<{PNAV}")}
    return terms


def test_every_term_the_writer_emits_is_declared_with_en_and_zh_labels() -> None:
    g = rdflib.Graph().parse(ontology_path(), format="turtle")
    sample, source = _sample(), _in_source()
    assert {PNAV.LegalEvent, PNAV.VendorScore, PNAV.creditCode, PNAV.citedByCount5y} <= sample
    assert {PNAV.dwpiFamilyMember, PNAV.nplCitationCount, PNAV.placedBy} <= source
    declared = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty}
    for term in sorted(sample | source):
        node = rdflib.URIRef(term)
        assert set(g.objects(node, rdflib.RDF.type)) & declared, f"{term} is not declared in patentnav.ttl"
        langs = {label.language for label in g.objects(node, rdflib.RDFS.label)}
        assert {"en", "zh"} <= langs, f"{term} lacks an en or zh label: {langs}"
        if (node, rdflib.RDF.type, OWL.Class) not in g:
            assert set(g.objects(node, rdflib.RDFS.range)), f"{term} has no rdfs:range"


def test_vendor_terms_say_they_are_the_vendors() -> None:
    g = rdflib.Graph().parse(ontology_path(), format="turtle")
    for name in ("VendorClassification", "VendorScore", "vendorClassification", "vendorScore", "scoreValue"):
        comment = str(g.value(rdflib.URIRef(PNAV.term(name)), rdflib.RDFS.comment))
        assert "as stated by the vendor, not computed by patentnav" in comment, name
