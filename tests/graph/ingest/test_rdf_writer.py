"""The writer writes every field of a record as the shared RDF terms: small hand-built records, parsed back."""

from __future__ import annotations

import io
from datetime import date

import pyoxigraph as ox
import pytest

from patentnav.graph.bootstrap import ensure_seeded
from patentnav.graph.ingest.normalize import AddressResolver
from patentnav.graph.ingest.rdf import GraphWriter, org_iri, patent_iri, person_iri
from patentnav.graph.ingest.records import (
    Applicant,
    FamilyLink,
    Inventor,
    LegalEvent,
    Notice,
    PatentRecord,
    Priority,
    VendorClass,
    VendorScore,
)
from patentnav.graph.ingest.reference import ensure_reference
from patentnav.graph.store import open_store
from patentnav.graph.validate import validate_store
from patentnav.ontology import PNAV, PREFIXES

G = "urn:test:graph"
RDF_TYPE, LABEL = PREFIXES["rdf"] + "type", PREFIXES["rdfs"] + "label"
XSD = PREFIXES["xsd"]
# Check digits computed by hand (GB 32100-2015, weights 3^i mod 31).
CODE_A, CODE_B = "91430100MA4L00000F", "91430100MA4L00001J"


class Written:
    """The quads one writer wrote, parsed back by pyoxigraph."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.quads = list(ox.parse(text, format=ox.RdfFormat.N_QUADS))
        assert {q.graph_name.value for q in self.quads} <= {G}

    @staticmethod
    def _p(name: str) -> str:
        return {"a": RDF_TYPE, "label": LABEL}.get(name) or PNAV.term(name)

    def objects(self, subject: str, predicate: str) -> list[ox.NamedNode | ox.Literal]:
        p = self._p(predicate)
        return [q.object for q in self.quads if q.subject.value == subject and q.predicate.value == p]

    def values(self, subject: str, predicate: str) -> list[str]:
        """The objects' values, sorted, duplicates kept (a duplicate line shows as two values)."""
        return sorted(o.value for o in self.objects(subject, predicate))

    def subjects(self, predicate: str, obj: str) -> list[str]:
        p = self._p(predicate)
        return sorted(q.subject.value for q in self.quads if q.predicate.value == p and q.object.value == obj)


def write(records: list[PatentRecord], **options) -> tuple[Written, GraphWriter]:
    """Write records as the loader does (first row of a patent in the file first) and finish the file."""
    out = io.StringIO()
    writer = GraphWriter(out, G, concordance=None, resolver=options.pop("resolver", None), **options)
    seen: set[str] = set()
    for record in records:
        iri = patent_iri(record.key)
        writer.patent(record, iri, first_in_file=iri not in seen)
        seen.add(iri)
    writer.finish()
    return Written(out.getvalue()), writer


@pytest.fixture(scope="module")
def resolver() -> AddressResolver:
    return AddressResolver()


def org(name: str, org_type: str = "enterprise", **fields) -> Applicant:
    return Applicant(raw_name=fields.pop("raw_name", name), name=name, org_type=org_type, **fields)


P1, P2 = patent_iri("CN201510000001"), patent_iri("CN201510000002")


def test_current_holders_are_their_own_relation_beside_the_applicants() -> None:
    record = PatentRecord(
        line=2, application_number="CN201510000001", applicants=[org("甲公司")], current_holders=[org("乙公司")]
    )
    w, _ = write([record])
    assert w.values(P1, "applicant") == [org_iri("甲公司")]
    assert w.values(P1, "currentHolder") == [org_iri("乙公司")]
    assert w.values(org_iri("乙公司"), "a") == [PNAV.Organization]
    assert w.values(org_iri("乙公司"), "rawName") == ["乙公司"]


def test_agency_is_an_organization_of_stated_type_agency_and_agents_are_persons_per_agency() -> None:
    record = PatentRecord(
        line=2,
        application_number="CN201510000001",
        agency="长沙合成专利事务所",
        agents=[Inventor("王五"), Inventor("赵六")],
    )
    w, _ = write([record])
    agency = org_iri("长沙合成专利事务所")
    assert w.values(P1, "agency") == [agency]
    assert w.values(agency, "organizationType") == ["agency"]
    assert w.values(agency, "organizationTypeGuessed") == ["false"]
    agents = [person_iri("王五", "长沙合成专利事务所"), person_iri("赵六", "长沙合成专利事务所")]
    assert w.values(P1, "agent") == sorted(agents)
    assert w.values(agents[0], "a") == [PNAV.Person]
    assert w.values(agents[0], "label") == ["王五"]


def test_two_spellings_sharing_a_credit_code_are_one_organization() -> None:
    first = org("合成样例重工有限公司", credit_code=CODE_A, raw_name="合成样例重工有限责任公司")
    second = org("合成样例重工股份有限公司", credit_code=CODE_A)
    records = [
        PatentRecord(line=2, application_number="CN201510000001", applicants=[first]),
        PatentRecord(line=3, application_number="CN201510000002", applicants=[second]),
        # the second spelling again, without the code: it stays with the code's node
        PatentRecord(line=4, application_number="CN201510000003", applicants=[org("合成样例重工股份有限公司")]),
    ]
    w, writer = write(records)
    node = org_iri("合成样例重工有限公司")
    assert {q.subject.value for q in w.quads if q.object.value == PNAV.Organization} == {node}
    for patent in ("CN201510000001", "CN201510000002", "CN201510000003"):
        assert w.values(patent_iri(patent), "applicant") == [node]
    # Each raw spelling once per node (rows 3 and 4 give the same one: one triple in the store either way).
    assert w.values(node, "rawName") == ["合成样例重工有限责任公司", "合成样例重工股份有限公司"]
    assert w.values(node, "label") == ["合成样例重工有限公司", "合成样例重工股份有限公司"]
    assert w.values(node, "normalizedName") == ["合成样例重工有限公司"]  # the name the IRI was minted from
    assert w.values(node, "creditCode") == [CODE_A]
    assert writer.credit_codes == {CODE_A: node}


def test_a_spelling_written_before_its_code_is_merged_into_the_codes_node_once_loaded(
    resolver: AddressResolver,
) -> None:
    late = "合成样例重工股份有限公司"
    records = [
        # the spelling first as a co-applicant: no code yet, so it gets its own node (typed and placed by the file)
        PatentRecord(
            line=2,
            application_number="CN201510000001",
            applicants=[
                org("甲公司"),
                org(late, "enterprise", org_type_source="file", address="湖南省株洲市天元区合成路1号"),
            ],
        ),
        PatentRecord(
            line=3, application_number="CN201510000002", applicants=[org("合成样例重工有限公司", credit_code=CODE_A)]
        ),
        PatentRecord(line=4, application_number="CN201510000003", applicants=[org(late, credit_code=CODE_A)]),
        PatentRecord(
            line=5, application_number="CN201510000004", events=[LegalEvent("transfer", (late,), ("甲公司",))]
        ),
    ]
    w, writer = write(records, resolver=resolver)
    node, stray = org_iri("合成样例重工有限公司"), org_iri(late)
    assert writer.merges == {stray: node}
    store = open_store("memory://")
    store.add_quads(w.quads)
    store.update(writer.merge_update())
    after = Written("".join(f"{q} .\n" for q in store.quads_for_pattern(None, None, None, None)))
    assert [q for q in after.quads if stray in (q.subject.value, q.object.value)] == []
    for patent in ("CN201510000001", "CN201510000002", "CN201510000003"):
        assert node in after.values(patent_iri(patent), "applicant")
    [event] = after.values(patent_iri("CN201510000004"), "legalEvent")
    assert after.values(event, "fromParty") == [node]
    assert set(after.values(node, "rawName")) == {"合成样例重工有限公司", late}
    assert after.values(node, "label") == ["合成样例重工有限公司", late]
    assert after.values(node, "normalizedName") == ["合成样例重工有限公司"]
    # the code's node had only a guess and no place: the file's type and the stray's place move over
    assert after.values(node, "organizationType") == ["enterprise"]
    assert after.values(node, "organizationTypeGuessed") == ["false"]
    assert after.values(node, "locatedIn") == ["https://w3id.org/patentnav/id/region/430211"]
    assert after.values(node, "placedBy") == ["address"]
    assert after.values(node, "creditCode") == [CODE_A]


def test_a_prefilled_credit_code_links_to_the_stores_organization() -> None:
    stored = org_iri("合成样例机械有限公司")
    codes = {CODE_B: stored}
    record = PatentRecord(
        line=2, application_number="CN201510000001", applicants=[org("合成样例机械股份公司", credit_code=CODE_B)]
    )
    w, _ = write([record], credit_codes=codes)
    assert w.values(P1, "applicant") == [stored]
    # the node is complete in this file's graph, labelled with this file's spelling; its normalised name is
    # the store's, which this file does not know
    assert w.values(stored, "a") == [PNAV.Organization]
    assert w.values(stored, "label") == ["合成样例机械股份公司"]
    assert w.values(stored, "normalizedName") == []
    assert codes == {CODE_B: stored}


def test_a_type_from_the_file_beats_a_guess_whichever_row_comes_first() -> None:
    records = [
        PatentRecord(line=2, application_number="CN201510000001", applicants=[org("合成样例研究院", "enterprise")]),
        PatentRecord(
            line=3,
            application_number="CN201510000002",
            applicants=[org("合成样例研究院", "research institute", org_type_source="file"), org("张三", "individual")],
        ),
        # a later file type does not overwrite the first one
        PatentRecord(
            line=4,
            application_number="CN201510000003",
            applicants=[org("合成样例研究院", "university", org_type_source="file")],
        ),
    ]
    w, _ = write(records)
    institute = org_iri("合成样例研究院")
    assert w.values(institute, "organizationType") == ["research institute"]
    assert w.values(institute, "organizationTypeGuessed") == ["false"]
    assert w.values(org_iri("张三"), "organizationType") == ["individual"]
    assert w.values(org_iri("张三"), "organizationTypeGuessed") == ["true"]
    guessed = w.objects(org_iri("张三"), "organizationTypeGuessed")[0]
    assert guessed.datatype == ox.NamedNode(XSD + "boolean")


def test_guessed_types_are_written_once_by_finish_or_lines() -> None:
    out = io.StringIO()
    writer = GraphWriter(out, G, concordance=None, resolver=None)
    writer.patent(PatentRecord(line=2, application_number="CN201510000001", applicants=[org("甲公司")]), P1)
    assert "organizationType" not in out.getvalue()
    assert writer.lines([]) == 2  # the loader's last call (the source node) finishes the file
    assert writer.finish() == 0
    assert Written(out.getvalue()).values(org_iri("甲公司"), "organizationType") == ["enterprise"]
    assert writer.quads == len(out.getvalue().splitlines())


def test_citations_link_both_directions_and_reference_nodes_are_not_patents() -> None:
    known = patent_iri("CN201510000002")
    record = PatentRecord(
        line=2,
        application_number="CN201510000001",
        cited=["CN105000001A", "US9999999B2", "CN105000009A"],
        citing=["CN106000001A"],
    )
    other = PatentRecord(line=3, application_number="CN201510000002", cited=["US9999999B2"])
    w, _ = write([record, other], reference_iri=lambda n: known if n == "CN105000009A" else patent_iri(n))
    assert w.values(P1, "cites") == sorted([patent_iri("CN105000001A"), patent_iri("US9999999B2"), known])
    assert w.subjects("cites", P1) == [patent_iri("CN106000001A")]
    reference = patent_iri("US9999999B2")
    assert w.values(reference, "publicationNumber") == ["US9999999B2"]  # once per file, though cited twice
    assert w.values(reference, "a") == []
    assert w.values(known, "publicationNumber") == ["CN105000009A"]  # the resolved patent gets the number too
    assert w.values(known, "a") == [PNAV.Patent]


def test_an_unusable_reference_number_is_a_notice_and_the_patent_is_kept() -> None:
    notices: list[Notice] = []
    record = PatentRecord(line=7, application_number="CN201510000001", cited=["CN 105000001A", "CN105000002A"])
    w, _ = write([record], on_notice=notices.append)
    assert w.values(P1, "cites") == [patent_iri("CN105000002A")]
    assert [(n.line, n.field) for n in notices] == [(7, "cited")]
    assert "'CN 105000001A'" in notices[0].reason


def test_families_link_members_with_sizes_on_the_first_row_only() -> None:
    family = FamilyLink("simple", members=("CN105000001A", "US2016000001A1", "CN105000001A"), size=3)
    record = PatentRecord(
        line=2,
        application_number="CN201510000001",
        publication_numbers=["CN105000001A"],
        families=[family, FamilyLink("docdb", members=("EP3000001A1",)), FamilyLink("extended", size=7)],
    )
    again = PatentRecord(
        line=3, application_number="CN201510000001", families=[FamilyLink("simple", ("JP2016000001A",), size=4)]
    )
    # the loader resolves a family member that is this very patent to its IRI: no self link
    w, _ = write([record, again], reference_iri=lambda n: P1 if n == "CN105000001A" else patent_iri(n))
    assert w.values(P1, "simpleFamilyMember") == sorted([patent_iri("US2016000001A1"), patent_iri("JP2016000001A")])
    assert w.values(P1, "docdbFamilyMember") == [patent_iri("EP3000001A1")]
    assert w.values(P1, "simpleFamilySize") == ["3"]
    assert w.values(P1, "extendedFamilySize") == ["7"]
    assert w.values(P1, "dwpiFamilySize") == []
    assert w.objects(P1, "simpleFamilySize")[0].datatype == ox.NamedNode(XSD + "integer")


def test_priorities_and_the_earliest_priority_date() -> None:
    record = PatentRecord(
        line=2,
        application_number="CN201510000001",
        priorities=[
            Priority("US62000001", date(2014, 6, 1)),
            Priority("US62000002", date(2014, 3, 2)),
            Priority("JP1"),
        ],
    )
    w, _ = write([record])
    assert w.values(P1, "priorityNumber") == ["JP1", "US62000001", "US62000002"]
    assert w.values(P1, "priorityDate") == ["2014-03-02", "2014-06-01"]
    assert w.values(P1, "earliestPriorityDate") == ["2014-03-02"]
    assert w.objects(P1, "earliestPriorityDate")[0].datatype == ox.NamedNode(XSD + "date")


COUNT_PREDICATES = {
    "backward": "citesCount",
    "forward": "citedByCount",
    "forward_5y": "citedByCount5y",
    "backward_self": "citesSelfCount",
    "backward_other": "citesOtherCount",
    "forward_self": "citedBySelfCount",
    "forward_other": "citedByOtherCount",
    "family_backward": "familyCitesCount",
    "family_forward": "familyCitedByCount",
    "npl": "nplCitationCount",
}


def test_counts_claims_and_term_are_single_valued_facts_of_the_first_row() -> None:
    counts = {kind: i for i, kind in enumerate(COUNT_PREDICATES, start=1)}
    record = PatentRecord(
        line=2,
        application_number="CN201510000001",
        title="一种合成样例起重机",
        citation_counts=counts,
        claims_count=10,
        independent_claims_count=2,
        first_claim='一种起重机，其特征在于"臂架"',
        lapse_date=date(2035, 3, 1),
        life_months=240,
    )
    again = PatentRecord(
        line=3,
        application_number="CN201510000001",
        citation_counts={"backward": 99},
        claims_count=11,
        first_claim="另一权利要求",
        lapse_date=date(2030, 1, 1),
        life_months=1,
    )
    w, _ = write([record, again])
    for kind, predicate in COUNT_PREDICATES.items():
        assert w.values(P1, predicate) == [str(counts[kind])], predicate
        assert w.objects(P1, predicate)[0].datatype == ox.NamedNode(XSD + "integer")
    assert w.values(P1, "claimsCount") == ["10"]
    assert w.values(P1, "independentClaimsCount") == ["2"]
    [claim] = w.objects(P1, "firstClaim")
    assert (claim.value, claim.language) == ('一种起重机，其特征在于"臂架"', "zh")
    assert w.values(P1, "lapseDate") == ["2035-03-01"]
    assert w.values(P1, "patentLifeMonths") == ["240"]


def test_legal_events_are_nodes_with_parties_count_date_and_detail() -> None:
    transfer = LegalEvent(
        "transfer",
        from_parties=("合成样例重工有限公司",),
        to_parties=("合成样例机械有限公司", "李四"),
        count=2,
        dates=(date(2019, 5, 6), date(2021, 1, 4)),
        raw=("合成样例重工有限责任公司", "合成样例机械有限公司", "李四"),
    )
    licence = LegalEvent("licence", from_parties=("合成样例重工有限公司",), to_parties=("乙公司",), detail="独占许可")
    record = PatentRecord(line=2, application_number="CN201510000001", events=[transfer, licence])
    # a later row of the same patent: the first row's transfer event stands
    again = PatentRecord(line=3, application_number="CN201510000001", events=[LegalEvent("transfer", count=5)])
    w, _ = write([record, again])
    events = w.values(P1, "legalEvent")
    assert len(events) == 2
    by_type = {w.values(e, "eventType")[0]: e for e in events}
    assert set(by_type) == {"transfer", "licence"}
    t = by_type["transfer"]
    assert w.values(t, "a") == [PNAV.LegalEvent]
    assert w.values(t, "eventOf") == [P1]
    assert w.values(t, "label") == ["transfer of CN201510000001"]
    assert w.values(t, "eventCount") == ["2"]
    assert sorted(w.values(t, "eventDate")) == ["2019-05-06", "2021-01-04"]  # one per transfer listed
    assert w.values(t, "fromParty") == [org_iri("合成样例重工有限公司")]
    assert w.values(t, "toParty") == sorted([org_iri("合成样例机械有限公司"), org_iri("李四")])
    assert w.values(by_type["licence"], "eventDetail") == ["独占许可"]
    assert w.values(by_type["licence"], "eventCount") == []
    # parties are organizations like applicants: raw spelling kept, type guessed from the name
    party = org_iri("合成样例重工有限公司")
    assert w.values(party, "rawName") == ["合成样例重工有限公司", "合成样例重工有限责任公司"]
    assert w.values(org_iri("李四"), "organizationType") == ["individual"]
    assert w.values(org_iri("李四"), "organizationTypeGuessed") == ["true"]


def test_vendor_classes_and_scores_say_who_stated_them() -> None:
    record = PatentRecord(
        line=2,
        application_number="CN201510000001",
        vendor_classes=[VendorClass("战略新兴产业分类", "高端装备制造产业", "PatSnap")],
        vendor_scores=[VendorScore("合享价值度", 8.5, "incoPat"), VendorScore("tiny", 1e-05, "incoPat")],
    )
    w, _ = write([record])
    [cls] = w.values(P1, "vendorClassification")
    assert w.values(cls, "a") == [PNAV.VendorClassification]
    assert w.values(cls, "classificationScheme") == ["战略新兴产业分类"]
    assert w.values(cls, "classValue") == ["高端装备制造产业"]
    assert w.values(cls, "statedBy") == ["PatSnap"]
    scores = {w.values(s, "scoreIndicator")[0]: s for s in w.values(P1, "vendorScore")}
    value = w.objects(scores["合享价值度"], "scoreValue")[0]
    assert (value.value, value.datatype) == ("8.5", ox.NamedNode(XSD + "decimal"))
    assert w.values(scores["tiny"], "scoreValue") == ["0.00001"]  # xsd:decimal has no exponent
    assert w.values(scores["合享价值度"], "statedBy") == ["incoPat"]
    assert w.values(scores["合享价值度"], "a") == [PNAV.VendorScore]


def test_a_score_that_is_not_a_number_is_a_notice() -> None:
    notices: list[Notice] = []
    record = PatentRecord(
        line=5, application_number="CN201510000001", vendor_scores=[VendorScore("合享价值度", float("nan"), "incoPat")]
    )
    w, _ = write([record], on_notice=notices.append)
    assert w.values(P1, "vendorScore") == []
    assert [(n.line, n.field) for n in notices] == [(5, "vendor_scores")]


def test_region_columns_place_an_organization_and_say_so(resolver: AddressResolver) -> None:
    a = org("甲公司", region_names=("湖南省", "长沙市", "岳麓区"))
    w, _ = write([PatentRecord(line=2, application_number="CN201510000001", applicants=[a])], resolver=resolver)
    node = org_iri("甲公司")
    assert w.values(node, "locatedIn") == ["https://w3id.org/patentnav/id/region/430104"]
    assert w.values(node, "placedBy") == ["region columns"]
    assert w.values(node, "country") == ["CN"]
    assert w.values("https://w3id.org/patentnav/id/region/430100", "regionCode") == ["430100"]


def test_which_field_placed_each_organization(resolver: AddressResolver) -> None:
    applicants = [
        org("甲公司", address="湖南省株洲市天元区合成路1号", region_names=("湖南省", "长沙市", None)),
        org("乙公司", province_code="43"),
        org("丙公司", country_hint="JP"),
        org("丁公司", address="合成样例路1号", region_names=("湖南省", "长沙市", None)),  # address does not resolve
    ]
    w, _ = write([PatentRecord(line=2, application_number="CN201510000001", applicants=applicants)], resolver=resolver)
    region = "https://w3id.org/patentnav/id/region/"
    placed = {
        n: (w.values(org_iri(n), "placedBy"), w.values(org_iri(n), "locatedIn"))
        for n in ("甲公司", "乙公司", "丙公司", "丁公司")
    }
    assert placed == {
        "甲公司": (["address"], [region + "430211"]),
        "乙公司": (["province code"], [region + "430000"]),
        "丙公司": (["country"], []),
        "丁公司": (["region columns"], [region + "430100"]),
    }
    assert w.values(org_iri("丙公司"), "country") == ["JP"]


def test_a_region_name_that_does_not_resolve_is_a_notice_and_the_patent_is_kept(resolver: AddressResolver) -> None:
    notices: list[Notice] = []
    a = org("甲公司", region_names=("湖南省", "火星市", None))
    w, _ = write(
        [PatentRecord(line=9, application_number="CN201510000001", applicants=[a])],
        resolver=resolver,
        on_notice=notices.append,
    )
    assert w.values(P1, "a") == [PNAV.Patent]
    assert w.values(org_iri("甲公司"), "locatedIn") == ["https://w3id.org/patentnav/id/region/430000"]
    assert [(n.line, n.field) for n in notices] == [(9, "region")]
    assert "'火星市'" in notices[0].reason


def test_without_a_resolver_region_names_are_skipped_quietly() -> None:
    notices: list[Notice] = []
    a = org("甲公司", region_names=("湖南省", "火星市", None))
    w, _ = write([PatentRecord(line=2, application_number="CN201510000001", applicants=[a])], on_notice=notices.append)
    assert w.values(org_iri("甲公司"), "locatedIn") == [] and w.values(org_iri("甲公司"), "placedBy") == []
    assert notices == []


def full_record() -> PatentRecord:
    """A record with every field the writer writes."""
    return PatentRecord(
        line=2,
        application_number="CN201510000001",
        publication_numbers=["CN105000001A"],
        application_date=date(2015, 3, 1),
        patent_type="invention",
        title="一种合成样例起重机",
        first_claim="一种起重机",
        applicants=[org("合成样例重工有限公司", "enterprise", org_type_source="file", credit_code=CODE_A)],
        current_holders=[org("合成样例机械有限公司", credit_code=CODE_B)],
        inventors=[Inventor("张三")],
        agency="长沙合成专利事务所",
        agents=[Inventor("王五")],
        priorities=[Priority("CN201410000001", date(2014, 3, 1))],
        families=[FamilyLink(kind, (f"US{i}000001A1",), size=2) for i, kind in enumerate(("simple", "extended"), 1)]
        + [FamilyLink(kind, (f"EP{i}000001A1",), size=2) for i, kind in enumerate(("docdb", "dwpi"), 1)],
        cited=["CN104000001A"],
        citing=["CN106000001A"],
        citation_counts={kind: 1 for kind in COUNT_PREDICATES},
        claims_count=8,
        independent_claims_count=1,
        lapse_date=date(2035, 3, 1),
        life_months=240,
        events=[
            LegalEvent(
                "transfer", ("合成样例重工有限公司",), ("合成样例机械有限公司",), count=1, dates=(date(2019, 1, 1),)
            ),
            LegalEvent("licence", ("合成样例重工有限公司",), ("乙公司",), count=1, detail="普通许可"),
        ],
        vendor_classes=[VendorClass("战略新兴产业分类", "高端装备制造产业", "PatSnap")],
        vendor_scores=[VendorScore("合享价值度", 9.0, "incoPat")],
    )


def test_a_record_with_every_field_conforms_to_the_shapes(resolver: AddressResolver) -> None:
    record = full_record()
    record.applicants = [
        org(
            "合成样例重工有限公司",
            "enterprise",
            org_type_source="file",
            credit_code=CODE_A,
            region_names=("湖南省", "长沙市", None),
        )
    ]
    w, _ = write([record], resolver=resolver)
    store = open_store("memory://")
    ensure_seeded(store)  # the pilot graph and the reference graph (GB/T 2260 source, industries), as ingest has
    ensure_reference(store)
    store.add_quads(w.quads)
    report = validate_store(store)
    assert report.conforms, "\n".join(str(v) for v in report.violations[:10])


def test_a_wrong_credit_code_and_an_unknown_event_type_are_violations() -> None:
    record = PatentRecord(
        line=2,
        application_number="CN201510000001",
        applicants=[org("甲公司", credit_code="91430100MA4L0000I")],  # 17 characters, with an I
        events=[LegalEvent("merger")],
    )
    w, _ = write([record])
    store = open_store("memory://")
    store.add_quads(w.quads)
    report = validate_store(store)
    assert not report.conforms
    paths = {v.path for v in report.violations}
    assert paths == {"pnav:creditCode", "pnav:eventType"}, report.violations
