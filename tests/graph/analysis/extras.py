"""Facts the builder's records do not carry, as quads: publication numbers, citations, families, claims, lapse
dates, priorities, legal events, vendor scores and organisation-type sources -- written as ingest writes them
(graph/ingest/rdf.py), for the key-patent and operations tests' tiny graphs.
"""

from __future__ import annotations

from datetime import date

import pyoxigraph as ox

from patentnav.ontology import PNAV, entity_iri
from tests.graph.analysis.builder import GRAPH, LABEL, RDF_TYPE, XSD, Org, Pat, load


def patent(number: str) -> str:
    """The IRI of a builder patent (its application number)."""
    return entity_iri("patent", number)


def org(org_id: str) -> str:
    """The IRI of a builder organisation."""
    return entity_iri("org", org_id)


class Facts:
    """Collects quads; every method returns ``self`` so calls chain."""

    def __init__(self) -> None:
        self.quads: list[ox.Quad] = []
        self._n = 0

    def _add(self, s: str, p: str, o: ox.NamedNode | ox.Literal) -> None:
        self.quads.append(ox.Quad(ox.NamedNode(s), ox.NamedNode(p), o, GRAPH))

    def _int(self, s: str, p: str, value: int) -> None:
        self._add(s, p, ox.Literal(str(value), datatype=ox.NamedNode(XSD + "integer")))

    def _date(self, s: str, p: str, value: str) -> None:
        self._add(s, p, ox.Literal(value, datatype=ox.NamedNode(XSD + "date")))

    def reference(self, number: str) -> str:
        """A reference node: a publication number outside the loaded patents (no class)."""
        iri = entity_iri("patent", number)
        self._add(iri, PNAV.publicationNumber, ox.Literal(number))
        return iri

    def publication(self, number: str, pub: str) -> Facts:
        self._add(patent(number), PNAV.publicationNumber, ox.Literal(pub))
        return self

    def cites(self, citing: str, cited: str) -> Facts:
        """``citing`` cites ``cited`` (IRIs)."""
        self._add(citing, PNAV.cites, ox.NamedNode(cited))
        return self

    def family(self, number: str, members: list[str], kind: str = "simple", size: int | None = None) -> Facts:
        """Family links from a patent to member IRIs, and the stated size."""
        for m in members:
            self._add(patent(number), PNAV.term(f"{kind}FamilyMember"), ox.NamedNode(m))
        if size is not None:
            self._int(patent(number), PNAV.term(f"{kind}FamilySize"), size)
        return self

    def count(self, number: str, predicate: str, value: int) -> Facts:
        """An integer fact of a patent (``citedByCount``, ``claimsCount`` …)."""
        self._int(patent(number), PNAV.term(predicate), value)
        return self

    def lapse(self, number: str, day: str) -> Facts:
        self._date(patent(number), PNAV.lapseDate, day)
        return self

    def priority(self, number: str, priority_number: str) -> Facts:
        self._add(patent(number), PNAV.priorityNumber, ox.Literal(priority_number))
        return self

    def holder(self, number: str, org_id: str) -> Facts:
        self._add(patent(number), PNAV.currentHolder, ox.NamedNode(org(org_id)))
        return self

    def event(
        self,
        number: str,
        kind: str,
        from_orgs: tuple[str, ...] = (),
        to_orgs: tuple[str, ...] = (),
        *,
        count: int | None = None,
        day: str | None = None,
        detail: str | None = None,
    ) -> Facts:
        """A legal event of a patent with its parties (builder organisation ids)."""
        self._n += 1
        e = entity_iri("event", f"e{self._n}")
        self._add(patent(number), PNAV.legalEvent, ox.NamedNode(e))
        self._add(e, RDF_TYPE.value, ox.NamedNode(PNAV.LegalEvent))
        self._add(e, PNAV.eventType, ox.Literal(kind))
        self._add(e, PNAV.eventOf, ox.NamedNode(patent(number)))
        for o in from_orgs:
            self._add(e, PNAV.fromParty, ox.NamedNode(org(o)))
        for o in to_orgs:
            self._add(e, PNAV.toParty, ox.NamedNode(org(o)))
        if count is not None:
            self._int(e, PNAV.eventCount, count)
        if day is not None:
            self._date(e, PNAV.eventDate, day)
        if detail is not None:
            self._add(e, PNAV.eventDetail, ox.Literal(detail))
        return self

    def score(self, number: str, indicator: str, value: float, vendor: str) -> Facts:
        self._n += 1
        node = entity_iri("vendor-score", f"s{self._n}")
        self._add(patent(number), PNAV.vendorScore, ox.NamedNode(node))
        self._add(node, RDF_TYPE.value, ox.NamedNode(PNAV.VendorScore))
        self._add(node, LABEL.value, ox.Literal(f"{indicator} {value}"))
        self._add(node, PNAV.scoreIndicator, ox.Literal(indicator))
        self._add(node, PNAV.scoreValue, ox.Literal(str(value), datatype=ox.NamedNode(XSD + "decimal")))
        self._add(node, PNAV.statedBy, ox.Literal(vendor))
        return self

    def type_source(self, org_id: str, *, guessed: bool) -> Facts:
        """``pnav:organizationTypeGuessed`` of an organisation (the builder writes the type, not its source)."""
        value = "true" if guessed else "false"
        self._add(org(org_id), PNAV.organizationTypeGuessed, ox.Literal(value, datatype=ox.NamedNode(XSD + "boolean")))
        return self


def years_between(start: date, end: date) -> float:
    """Years as the analyses count them: days / 365.25."""
    return (end - start).days / 365.25


# ---- the tiny graph of the key-patent and operations tests (hand counts in their test files) ----------------

CM = ("construction-machinery",)
P1, P2, P3, P4, P5, P6, P7 = (
    "CN201510100001", "CN201510100002", "CN201520100003", "CN201610100004", "CN202130100005", "CN201510100006",
    "US201400000007",
)  # fmt: skip
KEY_ORGS = [
    Org("a-co", "甲机械有限公司", "430104"),
    Org("b-univ", "乙大学", "430100", kind="university"),
    Org("c-co", "丙机械有限公司", "440300"),
    Org("f-co", "Foreign Machinery Corp", None, country="JP"),
    Org("u-inst", "丁研究院", "430211", kind="research institute"),
    Org("g-bank", "戊银行股份有限公司", "430100"),
]
KEY_PATENTS = [
    Pat(P1, "2015-03-01", ("a-co",), ("B66C23/64",), CM, granted="2017-03-01"),
    Pat(P2, "2015-06-01", ("b-univ",), ("B66C23/64",), CM, granted="2017-06-01"),
    Pat(P3, "2015-09-01", ("c-co",), ("B66C1/00",), CM, type="utility", status="inactive"),
    Pat(P4, "2016-01-10", ("a-co", "b-univ"), ("E02F9/20",), CM, status="pending"),
    Pat(P5, "2021-07-01", ("f-co",), (), CM, type="design", granted="2022-01-01"),
    Pat(P6, "2015-12-01", ("u-inst",), ("B66C23/64",), CM, status="unknown"),
    Pat(P7, "2014-01-01", ("f-co",), ("F16H1/00",), ()),  # outside the industry: a family member abroad
]
PUBLICATIONS = {P1: "CN1000001B", P2: "CN1000002B", P3: "CN1000003U", P4: "CN1000004A", P5: "CN1000005S",
                P6: "CN1000006B", P7: "US9000007B2"}  # fmt: skip


def key_facts() -> Facts:
    f = Facts()
    for number, pub in PUBLICATIONS.items():
        f.publication(number, pub)
    for org_id, guessed in (("a-co", False), ("b-univ", False), ("c-co", True), ("f-co", True), ("u-inst", False),
                            ("g-bank", True)):  # fmt: skip
        f.type_source(org_id, guessed=guessed)
    # citations: P2, P3, P4 cite P1; P4 cites P2; a document outside the files cites P6
    for citing, cited in ((P2, P1), (P3, P1), (P4, P1), (P4, P2)):
        f.cites(patent(citing), patent(cited))
    f.cites(f.reference("US99000001B2"), patent(P6))
    f.count(P1, "citedByCount", 5).count(P1, "citedBySelfCount", 1).count(P1, "citedByOtherCount", 4)
    f.count(P6, "citedByCount", 2)
    # families
    f.family(P1, [f.reference("US99000011A"), f.reference("EP9000012A1")], size=4)
    f.family(P2, [f.reference("WO2099000013A1")], kind="extended")
    f.family(P3, [], size=1)
    f.family(P5, [f.reference("JP2099000014A")])
    f.family(P6, [patent(P1)], kind="docdb")
    f.family(P7, [patent(P3)])
    # claims, lapse dates, priorities
    for number, claims, independent in ((P1, 10, 2), (P2, 10, 1), (P3, 5, 1), (P4, 8, 3), (P6, 20, None)):
        f.count(number, "claimsCount", claims)
        if independent is not None:
            f.count(number, "independentClaimsCount", independent)
    f.lapse(P2, "2030-06-01").lapse(P6, "2020-01-01")
    f.priority(P2, "US2014000001").priority(P5, "JP2021000123")
    # legal events
    f.event(P1, "transfer", ("a-co",), ("c-co",), count=2)
    f.event(P1, "litigation", ("a-co",), ("c-co",), count=1)
    f.event(P2, "licence", ("b-univ",), ("a-co",), count=1, detail="独占许可")
    f.event(P2, "pledge", ("b-univ",), ("g-bank",))
    f.event(P3, "invalidation", ("c-co",))
    f.event(P5, "transfer", ("f-co",), ("a-co",), day="2022-05-01")
    f.event(P6, "transfer", ("u-inst",), ("a-co",))
    f.event(P6, "litigation", ("c-co",), ("a-co",), count=3)
    # vendor scores
    f.score(P1, "合享价值度", 9, "incoPat").score(P2, "合享价值度", 6, "incoPat").score(
        P2, "PatSnap value", 3.5, "PatSnap"
    )
    return f


def key_store(store=None):
    """The tiny graph, loaded (on top of the seeded pilot graph)."""
    store = load(KEY_PATENTS, KEY_ORGS, store)
    store.add_quads(key_facts().quads)
    return store
