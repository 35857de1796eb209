"""The one RDF writer: patent records -> N-Quads lines in a file's named graph.

It writes text directly (terms are built from validated ids and escaped literals),
which is several times faster than building pyoxigraph term objects one by one; the
store's N-Quads parser checks every line again when the graph is loaded. The module is over
400 lines because it is that one writer: :class:`GraphWriter` and the term builders it shares
state with (minted organisations, places, IPC nodes, organisation merges).

>>> import io
>>> from patentnav.graph.ingest.records import PatentRecord
>>> out = io.StringIO()
>>> w = GraphWriter(out, "urn:g", concordance=None, resolver=None)
>>> w.patent(PatentRecord(line=2, application_number="CN201510123456"), "https://w3id.org/patentnav/id/patent/CN201510123456")
2
>>> print(out.getvalue().splitlines()[1])
<https://w3id.org/patentnav/id/patent/CN201510123456> <https://w3id.org/patentnav/ontology#applicationNumber> "CN201510123456" <urn:g> .
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from functools import cache, lru_cache
from typing import Protocol

from patentnav.graph.ingest.normalize import AddressResolver, IPCCode, Place, guess_organization_type
from patentnav.graph.ingest.records import (
    FAMILY_KINDS,
    Applicant,
    LegalEvent,
    Notice,
    PatentRecord,
    VendorClass,
    VendorScore,
)
from patentnav.graph.ingest.reference import GBT2260_SOURCE, IPC_SCHEME, Concordance, ipc_iri
from patentnav.ontology import ID, PNAV, PREFIXES, entity_iri

__all__ = ["GraphWriter", "TextSink", "literal", "org_iri", "patent_iri", "person_iri"]

_XSD = PREFIXES["xsd"]
_A = f"<{PREFIXES['rdf']}type>"
_LABEL = f"<{PREFIXES['rdfs']}label>"
_NOTATION = f"<{PREFIXES['skos']}notation>"
_IN_SCHEME = f"<{PREFIXES['skos']}inScheme>"
_BROADER = f"<{PREFIXES['skos']}broader>"
_DERIVED = f"<{PREFIXES['prov']}wasDerivedFrom>"


@cache
def _p(name: str) -> str:
    return f"<{PNAV.term(name)}>"


_PATENT = f"<{PNAV.Patent}>"
# Predicates with their trailing space, joined to the subject and object without more formatting.
_APP_NUMBER, _PUB_NUMBER = _p("applicationNumber") + " ", _p("publicationNumber") + " "
_APP_DATE, _PUB_DATE, _GRANT_DATE = _p("applicationDate") + " ", _p("publicationDate") + " ", _p("grantDate") + " "
_KIND, _CPC, _TYPE = _p("kindCode") + " ", _p("cpcSymbol") + " ", _p("patentType") + " "
_STATUS, _STATUS_RAW, _COUNTRY = _p("legalStatus") + " ", _p("legalStatusRaw") + " ", _p("country") + " "
_MAIN_CLASS, _CLASSIFIED, _IN_INDUSTRY = (
    _p("mainClassification") + " ",
    _p("classifiedIn") + " ",
    _p("inIndustry") + " ",
)
_APPLICANT, _FIRST_APPLICANT, _INVENTOR = _p("applicant") + " ", _p("firstApplicant") + " ", _p("inventor") + " "
_HOLDER, _AGENCY, _AGENT = _p("currentHolder") + " ", _p("agency") + " ", _p("agent") + " "
_PRIORITY_NUMBER, _PRIORITY_DATE = _p("priorityNumber") + " ", _p("priorityDate") + " "
_CITES = _p("cites") + " "
_FAMILY_MEMBER = {kind: _p(f"{kind}FamilyMember") + " " for kind in FAMILY_KINDS}
_FAMILY_SIZE = {kind: _p(f"{kind}FamilySize") + " " for kind in FAMILY_KINDS}
#: Citation count kind (records.CITATION_COUNT_KINDS) -> predicate.
_COUNT = {
    kind: _p(name) + " "
    for kind, name in {
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
    }.items()
}
_ORGANIZATION, _PERSON = f"<{PNAV.Organization}>", f"<{PNAV.Person}>"
_GUESSED = _p("organizationTypeGuessed") + " "
_RAW_NAME = _p("rawName") + " "
_TRUE, _FALSE = f'"true"^^<{_XSD}boolean>', f'"false"^^<{_XSD}boolean>'

_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def literal(value: str, *, lang: str | None = None, datatype: str | None = None) -> str:
    """An N-Triples literal, escaped.

    >>> literal('a "b"\\n', lang="zh")
    '"a \\\\"b\\\\"\\\\n"@zh'
    """
    value = value if type(value) is str else str(value)
    if "\\" in value or '"' in value or "\n" in value or "\r" in value:  # four scans cost less than translate
        value = value.translate(_ESCAPES)
    text = '"' + value + '"'
    if lang:
        return f"{text}@{lang}"
    if datatype:
        return f"{text}^^<{datatype}>"
    return text


@lru_cache(maxsize=65536)
def _date(value: date) -> str:
    return f'"{value.isoformat()}"^^<{_XSD}date>'


@lru_cache(maxsize=4096)
def _plain(value: str) -> str:
    """A plain literal of a value from a small vocabulary (kinds, types, statuses)."""
    return literal(value)


@lru_cache(maxsize=4096)
def _int(value: int) -> str:
    return f'"{int(value)}"^^<{_XSD}integer>'


def _decimal_text(value: float) -> str | None:
    """The lexical form of an xsd:decimal (never in exponent notation); ``None`` for NaN or infinity."""
    if not math.isfinite(value):
        return None
    return format(Decimal(repr(float(value))), "f")


@lru_cache(maxsize=4096)
def _agency(name: str) -> Applicant:
    """A patent agency as an organization whose type the file states (it is in the agency column)."""
    return Applicant(raw_name=name, name=name, org_type="agency", org_type_source="file")


@lru_cache(maxsize=4096)  # a file states a few hundred distinct classes, on every row
def _vendor_class_tails(scheme: str, value: str, vendor: str, g: str) -> tuple[str, ...]:
    """What follows a vendor class node's subject on its lines: type, label, scheme, value, vendor."""
    return (
        f"{_A} <{PNAV.VendorClassification}>{g}",
        f"{_LABEL} {literal(f'{scheme}: {value}')}{g}",
        f"{_p('classificationScheme')} {_plain(scheme)}{g}",
        f"{_p('classValue')} {_plain(value)}{g}",
        f"{_p('statedBy')} {_plain(vendor)}{g}",
    )


@lru_cache(maxsize=4096)  # a vendor's scores take few values
def _vendor_score_tails(indicator: str, value: str, vendor: str, g: str) -> tuple[str, ...]:
    """What follows a vendor score node's subject on its lines: type, label, indicator, value, vendor."""
    return (
        f"{_A} <{PNAV.VendorScore}>{g}",
        f"{_LABEL} {literal(f'{indicator} {value}')}{g}",
        f"{_p('scoreIndicator')} {_plain(indicator)}{g}",
        f"{_p('scoreValue')} {literal(value, datatype=_XSD + 'decimal')}{g}",
        f"{_p('statedBy')} {_plain(vendor)}{g}",
    )


def _hash_id(prefix: str, text: str) -> str:
    return prefix + hashlib.blake2b(text.encode("utf-8"), digest_size=8).hexdigest()


def _hashed_iri(entity_type: str, prefix: str, text: str) -> str:
    """``entity_iri(entity_type, _hash_id(prefix, text))`` without checking the id: a letter and hex digits are one."""
    return f"{ID}{entity_type}/{_hash_id(prefix, text)}"


@lru_cache(maxsize=65536)
def _ipc_iri(code: IPCCode) -> str:
    return ipc_iri(code)


def patent_iri(key: str) -> str:
    """IRI of a patent from its normalised application (or publication) number.

    >>> patent_iri("CN105123456A")
    'https://w3id.org/patentnav/id/patent/CN105123456A'
    """
    return entity_iri("patent", key)


@lru_cache(maxsize=65536)
def _default_reference(number: str) -> str:
    return patent_iri(number)


@lru_cache(maxsize=65536)
def org_iri(normalized_name: str) -> str:
    """IRI of the organization node of a normalised name (case-insensitive).

    >>> org_iri("ACME Ltd.") == org_iri("acme ltd.")
    True
    """
    return _hashed_iri("org", "o", normalized_name.casefold())


@lru_cache(maxsize=65536)
def person_iri(name: str, first_applicant: str | None) -> str:
    """IRI of an inventor: one node per name *and* first applicant (homonyms at different applicants differ).

    Agents are minted the same way, with their agency in place of the first applicant.

    >>> person_iri("张三", "甲公司") == person_iri("张三", "乙公司")
    False
    """
    return _hashed_iri("person", "p", f"{name.casefold()}|{(first_applicant or '').casefold()}")


class TextSink(Protocol):
    """Where :class:`GraphWriter` writes N-Quads: a text file, a ``StringIO``, the loader's spool of part files."""

    def write(self, text: str, /) -> object: ...


class GraphWriter:
    """Write the patents of one file, with everything they link to, as N-Quads in the file's graph.

    Nodes other than patents (organizations, persons, IPC classes, regions, reference
    nodes, events, vendor nodes) are written once per file (the writer remembers which),
    so each file's graph is complete on its own and removing one file never orphans
    another. ``known_region`` says which region nodes already exist elsewhere (the pilot
    graph), so they are linked but not written again.

    ``reference_iri`` maps a publication number a record cites, is cited by or has in a
    family to the IRI of the patent node to link (default :func:`patent_iri` of the
    number); a node reached only that way gets ``pnav:publicationNumber`` and no class.
    ``credit_codes`` maps unified social credit codes to organization IRIs: the first IRI
    seen for a code wins, so a second spelling with that code joins the first node (it
    adds its label and raw name). The writer adds to the map; the caller may pre-fill it.
    A spelling that earlier rows wrote on its own node before a row tied it to a code's
    node is listed in :attr:`merges`; :meth:`merge_update` merges it once the graph is loaded.
    ``on_notice`` receives what a row said that could not be used (a region name that
    does not resolve); the row itself is written.

    An organization's type stated by the file wins over a type guessed from its name,
    whichever row comes first: a file type is written when first seen; guessed types wait
    until :meth:`finish` (also run by :meth:`lines`, which writes the source node last)
    and are written only for organizations no row gave a type for.

    >>> import io
    >>> from patentnav.graph.ingest.records import Applicant, PatentRecord
    >>> out = io.StringIO()
    >>> w = GraphWriter(out, "urn:g", concordance=None, resolver=None)
    >>> acme = Applicant(raw_name="ACME", name="ACME", org_type="enterprise", credit_code="91430100MA4L0XXX1A")
    >>> _ = w.patent(PatentRecord(line=2, application_number="CN1", applicants=[acme]), patent_iri("CN1"))
    >>> w.credit_codes["91430100MA4L0XXX1A"] == org_iri("ACME")
    True
    >>> w.finish()
    2
    """

    def __init__(
        self,
        out: TextSink,
        graph: str,
        *,
        concordance: Concordance | None,
        resolver: AddressResolver | None,
        known_region: Callable[[str], bool] = lambda code: False,
        reference_iri: Callable[[str], str] | None = None,
        credit_codes: dict[str, str] | None = None,
        on_notice: Callable[[Notice], None] | None = None,
    ) -> None:
        self.out = out
        self.g = f" <{graph}> .\n"
        self.concordance = concordance
        self.resolver = resolver
        self.known_region = known_region
        self.reference_iri = reference_iri or _default_reference
        self.credit_codes = credit_codes if credit_codes is not None else {}
        self.on_notice = on_notice
        self._orgs: set[str] = set()
        self._placed: set[str] = set()
        self._tried: set[tuple] = set()
        self._persons: set[str] = set()
        self._ipc: set[str] = set()
        self._regions: set[str] = set()
        self._refs: set[str] = set()
        self._nodes: set[str] = set()  # event and vendor nodes written
        self._typed: set[str] = set()  # organizations whose type the file stated (written)
        # Organization -> guessed type, written by finish() unless a later row states the type.
        self._guessed: dict[str, str] = {}
        self._coded: set[str] = set()  # organizations whose credit code is written
        self._spellings: set[tuple[str, str]] = set()  # (org, name) of names joined to another name's node
        self._raws: set[tuple[str, str]] = set()  # (org, raw name) written
        self._unnamed: set[str] = set()  # orgs first written under another spelling than the one they were minted from
        self._aliases: dict[str, str] = {}  # normalised name -> org IRI it joined through a credit code
        #: Organization nodes of this file to merge into a credit code's node once loaded (see merge_update).
        self.merges: dict[str, str] = {}
        self._move_type: set[str] = set()
        self._move_place: set[str] = set()
        self._ipc_tails: dict[IPCCode, str] = {}
        self._industries: dict[IPCCode, tuple[str, ...]] = {}
        self.quads = 0

    def _emit(self, lines: list[str]) -> int:
        self.out.write("".join(lines))
        self.quads += len(lines)
        return len(lines)

    def _notice(self, line: int | str, field: str, reason: str) -> None:
        if self.on_notice is not None:
            self.on_notice(Notice(line, field, reason))

    def patent(self, record: PatentRecord, iri: str, *, first_in_file: bool = True) -> int:
        """Write one record's triples on patent ``iri``; return how many quads were written.

        Single-valued facts (dates, type, main class, first applicant, counts, claims,
        lapse date) are written only for the first row of a patent in the file, so a
        duplicate row cannot give a patent two application dates.
        """
        g = self.g
        s = f"<{iri}> "
        lines: list[str] = []
        add = lines.append
        if first_in_file:
            add(f"{s}{_A} {_PATENT}{g}")
        if record.application_number:
            add(f"{s}{_APP_NUMBER}{literal(record.application_number)}{g}")
        for number in record.publication_numbers:
            add(f"{s}{_PUB_NUMBER}{literal(number)}{g}")
        if record.publication_date:
            add(f"{s}{_PUB_DATE}{_date(record.publication_date)}{g}")
        if record.grant_date:  # often only on a later (B/U) row of the same patent
            add(f"{s}{_GRANT_DATE}{_date(record.grant_date)}{g}")
        if record.kind:
            add(f"{s}{_KIND}{_plain(record.kind)}{g}")
        for code in record.cpc:
            add(f"{s}{_CPC}{_plain(code.symbol)}{g}")
        if first_in_file:
            self._first_row(record, s, lines)
        self._parties(record, s, lines, first_in_file=first_in_file)
        self._classes(record, s, lines)
        for priority in record.priorities:
            if priority.number:  # Google and Lens may give a priority date without its number
                add(f"{s}{_PRIORITY_NUMBER}{literal(priority.number)}{g}")
            if priority.date:
                add(f"{s}{_PRIORITY_DATE}{_date(priority.date)}{g}")
        if record.families or record.cited or record.citing:
            self._links(record, iri, lines)
        for event in record.events:
            self._event(event, record, iri, lines)
        for vendor_class in record.vendor_classes:
            self._vendor_class(vendor_class, iri, lines)
        for score in record.vendor_scores:
            self._vendor_score(score, record, iri, lines)
        return self._emit(lines)

    def _first_row(self, record: PatentRecord, s: str, lines: list[str]) -> None:
        """The first row's single-valued facts: filing date or year, type, status, country, title, main class..."""
        g = self.g
        add = lines.append
        if record.application_date:
            add(f"{s}{_APP_DATE}{_date(record.application_date)}{g}")
        elif record.application_year:
            add(f'{s}{_p("applicationYear")} "{record.application_year:04d}"^^<{_XSD}gYear>{g}')
        if record.patent_type:
            add(f"{s}{_TYPE}{_plain(record.patent_type)}{g}")
        if record.legal_status:
            add(f"{s}{_STATUS}{_plain(record.legal_status)}{g}")
        if record.legal_status_raw:
            add(f"{s}{_STATUS_RAW}{_plain(record.legal_status_raw)}{g}")
        if record.country:
            add(f"{s}{_COUNTRY}{_plain(record.country)}{g}")
        if record.title:
            add(f"{s}{_LABEL} {literal(record.title, lang=record.title_lang)}{g}")
        if record.abstract:
            add(f"{s}{_p('abstract')} {literal(record.abstract, lang=record.title_lang)}{g}")
        if record.ipc_main is not None:
            add(f"{s}{_MAIN_CLASS}<{_ipc_iri(record.ipc_main)}>{g}")
        self._single_valued(record, s, lines)

    def _parties(self, record: PatentRecord, s: str, lines: list[str], *, first_in_file: bool) -> None:
        """Applicants (the first one also as first applicant), current holders, inventors, agency and agents."""
        g = self.g
        add = lines.append
        first_name = record.applicants[0].name if record.applicants else None
        for i, applicant in enumerate(record.applicants):
            org = self._org(applicant, lines, record.line)
            add(f"{s}{_APPLICANT}<{org}>{g}")
            if i == 0 and first_in_file:
                add(f"{s}{_FIRST_APPLICANT}<{org}>{g}")
        for holder in record.current_holders:
            add(f"{s}{_HOLDER}<{self._org(holder, lines, record.line)}>{g}")
        for inventor in record.inventors:
            add(f"{s}{_INVENTOR}<{self._person(inventor.name, first_name, lines)}>{g}")
        if record.agency:
            add(f"{s}{_AGENCY}<{self._org(_agency(record.agency), lines, record.line)}>{g}")
        for agent in record.agents:
            add(f"{s}{_AGENT}<{self._person(agent.name, record.agency, lines)}>{g}")

    def _classes(self, record: PatentRecord, s: str, lines: list[str]) -> None:
        """The IPC codes, each with its node, and the industries they fall in (each once)."""
        add = lines.append
        if len(record.ipc) == 1:
            add(s + self._ipc_tail(record.ipc[0], lines))
            for tail in self._industry_tails(record.ipc[0]):
                add(s + tail)
        elif record.ipc:
            industries: dict[str, None] = {}
            for code in record.ipc:
                add(s + self._ipc_tail(code, lines))
                industries.update(dict.fromkeys(self._industry_tails(code)))
            lines += [s + tail for tail in industries]

    def _single_valued(self, record: PatentRecord, s: str, lines: list[str]) -> None:
        """The new single-valued facts of the first row: counts, claims, lapse, earliest priority, family sizes."""
        g = self.g
        add = lines.append
        for kind, count in record.citation_counts.items():
            add(f"{s}{_COUNT[kind]}{_int(count)}{g}")
        if record.claims_count is not None:
            add(f"{s}{_p('claimsCount')} {_int(record.claims_count)}{g}")
        if record.independent_claims_count is not None:
            add(f"{s}{_p('independentClaimsCount')} {_int(record.independent_claims_count)}{g}")
        if record.first_claim:
            add(f"{s}{_p('firstClaim')} {literal(record.first_claim, lang=record.title_lang)}{g}")
        if record.lapse_date:
            add(f"{s}{_p('lapseDate')} {_date(record.lapse_date)}{g}")
        if record.life_months is not None:
            add(f"{s}{_p('patentLifeMonths')} {_int(record.life_months)}{g}")
        dates = [p.date for p in record.priorities if p.date]
        if dates:
            add(f"{s}{_p('earliestPriorityDate')} {_date(min(dates))}{g}")
        for family in record.families:
            if family.size is not None:
                add(f"{s}{_FAMILY_SIZE[family.kind]}{_int(family.size)}{g}")

    def _links(self, record: PatentRecord, iri: str, lines: list[str]) -> None:
        """Family members and citations, both directions, with the reference nodes they need."""
        g = self.g
        s = f"<{iri}> "
        add = lines.append
        for family in record.families:
            predicate = _FAMILY_MEMBER[family.kind]
            for number in family.members:
                other = self._reference(number, record.line, "families", lines)
                if other is not None and other != iri:
                    add(f"{s}{predicate}<{other}>{g}")
        for number in record.cited:
            other = self._reference(number, record.line, "cited", lines)
            if other is not None and other != iri:
                add(f"{s}{_CITES}<{other}>{g}")
        for number in record.citing:
            other = self._reference(number, record.line, "citing", lines)
            if other is not None and other != iri:
                add(f"<{other}> {_CITES}<{iri}>{g}")

    def _reference(self, number: str, line: int | str, field: str, lines: list[str]) -> str | None:
        """IRI of the patent node a cited, citing or family number names; its publication number once per file."""
        try:
            iri = self.reference_iri(number)
        except ValueError as exc:
            self._notice(line, field, f"publication number {number!r} cannot name a patent node ({exc}); not linked")
            return None
        if iri not in self._refs:
            self._refs.add(iri)
            # A real patent already has this triple (a duplicate is one triple in the store).
            lines.append(f"<{iri}> {_PUB_NUMBER}{literal(number)}{self.g}")
        return iri

    def _event(self, event: LegalEvent, record: PatentRecord, iri: str, lines: list[str]) -> None:
        node = _hashed_iri("event", "e", f"{iri}|{event.kind}")
        if node in self._nodes:  # one event per patent and kind: the first row that gives it wins
            return
        self._nodes.add(node)
        g = self.g
        s = f"<{node}> "
        add = lines.append
        add(f"<{iri}> {_p('legalEvent')} <{node}>{g}")
        add(f"{s}{_A} <{PNAV.LegalEvent}>{g}")
        add(f"{s}{_p('eventType')} {_plain(event.kind)}{g}")
        add(f"{s}{_p('eventOf')} <{iri}>{g}")
        add(f"{s}{_LABEL} {literal(f'{event.kind} of {record.key}', lang='en')}{g}")
        if event.count is not None:
            add(f"{s}{_p('eventCount')} {_int(event.count)}{g}")
        for when in event.dates:
            add(f"{s}{_p('eventDate')} {_date(when)}{g}")
        if event.detail:
            add(f"{s}{_p('eventDetail')} {literal(event.detail)}{g}")
        names = event.from_parties + event.to_parties
        # ``raw`` pairs with the parties only when it has one spelling per party (from parties first).
        raws = event.raw if len(event.raw) == len(names) else names
        for i, (name, raw) in enumerate(zip(names, raws, strict=True)):
            party = Applicant(raw_name=raw, name=name, org_type=guess_organization_type(name))
            predicate = _p("fromParty") if i < len(event.from_parties) else _p("toParty")
            add(f"{s}{predicate} <{self._org(party, lines, record.line)}>{g}")

    def _vendor_class(self, vendor_class: VendorClass, iri: str, lines: list[str]) -> None:
        node = _hashed_iri("vendor-class", "c", f"{iri}|{vendor_class.scheme}|{vendor_class.value}")
        if node in self._nodes:
            return
        self._nodes.add(node)
        s = f"<{node}> "
        lines.append(f"<{iri}> {_p('vendorClassification')} <{node}>{self.g}")
        tails = _vendor_class_tails(vendor_class.scheme, vendor_class.value, vendor_class.vendor, self.g)
        lines += [s + tail for tail in tails]

    def _vendor_score(self, score: VendorScore, record: PatentRecord, iri: str, lines: list[str]) -> None:
        value = _decimal_text(score.value)
        if value is None:
            self._notice(
                record.line, "vendor_scores", f"{score.indicator} {score.value} is not a finite number; not kept"
            )
            return
        node = _hashed_iri("vendor-score", "s", f"{iri}|{score.indicator}|{score.vendor}")
        if node in self._nodes:  # one value per patent, indicator and vendor: the first row's
            return
        self._nodes.add(node)
        s = f"<{node}> "
        lines.append(f"<{iri}> {_p('vendorScore')} <{node}>{self.g}")
        lines += [s + tail for tail in _vendor_score_tails(score.indicator, value, score.vendor, self.g)]

    def _person(self, name: str, context: str | None, lines: list[str]) -> str:
        person = person_iri(name, context)
        if person not in self._persons:
            self._persons.add(person)
            lines.append(f"<{person}> {_A} {_PERSON}{self.g}")
            lines.append(f"<{person}> {_LABEL} {literal(name)}{self.g}")
        return person

    def _org_iri(self, applicant: Applicant) -> str:
        """The node of an applicant: its credit code's node when the code is known, else its name's."""
        own = self._aliases.get(applicant.name) or org_iri(applicant.name)
        code = applicant.credit_code
        if not code:
            return own
        iri = self.credit_codes.setdefault(code, own)
        if iri != own and own not in self._coded:
            # This spelling belongs to the code's node: later rows of it (without the code) go there too.
            self._aliases[applicant.name] = iri
            if own in self._orgs:  # ... and what earlier rows wrote on its own node moves there after loading
                self.merges.setdefault(own, iri)
        return iri

    def _org(self, applicant: Applicant, lines: list[str], line: int | str) -> str:
        iri = self._org_iri(applicant)
        g = self.g
        s = f"<{iri}> "
        name = applicant.name
        minted = iri == org_iri(name)
        if iri not in self._orgs:
            self._orgs.add(iri)
            lines += [f"{s}{_A} {_ORGANIZATION}{g}", f"{s}{_LABEL} {literal(name)}{g}"]
            if minted:
                lines.append(f"{s}{_p('normalizedName')} {literal(name)}{g}")
            else:  # a node named by a credit code (another spelling, or the store's node)
                self._unnamed.add(iri)
                self._spellings.add((iri, name))
        elif not minted:
            if (iri, name) not in self._spellings:
                self._spellings.add((iri, name))
                lines.append(f"{s}{_LABEL} {literal(name)}{g}")
        elif iri in self._unnamed:  # the name the node was minted from, after another spelling wrote it
            self._unnamed.discard(iri)
            lines += [f"{s}{_LABEL} {literal(name)}{g}", f"{s}{_p('normalizedName')} {literal(name)}{g}"]
        if iri not in self._typed:
            if applicant.org_type_source == "file":
                self._typed.add(iri)
                self._guessed.pop(iri, None)
                lines += [f"{s}{_p('organizationType')} {_plain(applicant.org_type)}{g}", f"{s}{_GUESSED}{_FALSE}{g}"]
            elif iri not in self._guessed:
                self._guessed[iri] = applicant.org_type
        if applicant.credit_code and iri not in self._coded:
            self._coded.add(iri)
            lines.append(f"{s}{_p('creditCode')} {literal(applicant.credit_code)}{g}")
        # Placed on the first row that gives a place, not only on the first row that names
        # the organization: a co-applicant (no address column) may come first as an applicant later.
        if iri not in self._placed:
            self._place(iri, applicant, lines, line)
        # Every raw spelling is kept, each once per node (the same raw twice would be one triple in the store).
        raw = (iri, applicant.raw_name)
        if raw not in self._raws:
            self._raws.add(raw)
            lines.append(f"{s}{_RAW_NAME}{literal(applicant.raw_name)}{g}")
        return iri

    def _place(self, iri: str, applicant: Applicant, lines: list[str], line: int | str) -> None:
        tried = (iri, applicant.address, applicant.province_code, applicant.country_hint, applicant.region_names)
        if tried in self._tried:  # what did not place the organization once will not place it again
            return
        self._tried.add(tried)
        place, placed_by = self._locate(applicant, line)
        if place is None or not (place.code or place.country):
            return
        self._placed.add(iri)
        g = self.g
        s = f"<{iri}> "
        if place.country:
            lines.append(f"{s}{_p('country')} {literal(place.country)}{g}")
        if place.code:
            self._region_nodes(place, lines)
            lines.append(f"{s}{_p('locatedIn')} <{entity_iri('region', place.code)}>{g}")
        lines.append(f"{s}{_p('placedBy')} {_plain(placed_by)}{g}")

    def _locate(self, applicant: Applicant, line: int | str) -> tuple[Place | None, str]:
        """Where an applicant sits and which field said so: address, region columns, province code, country.

        The address comes first (it is the most specific), then the region name columns,
        then CNIPA's province code; a country alone is the last resort.
        """
        if applicant.place is not None:
            return applicant.place, "region columns" if applicant.place.code else "country"
        resolver = self.resolver
        if resolver is None:
            return None, ""
        hint = (applicant.country_hint or "").strip().upper()
        place = None
        if applicant.address or hint:
            place = resolver.resolve(applicant.address, country_hint=applicant.country_hint)
            if place.code:
                return place, "address"
            if place.country and place.country != "CN":  # a foreign country hint, or one named in the address
                return place, "country" if hint == place.country else "address"
        if applicant.region_names:
            found, unresolved = resolver.resolve_names(*applicant.region_names)
            if unresolved:
                where = f"placed in {found.code}" if found is not None and found.code else "not placed by it"
                self._notice(
                    line, "region", f"region name {unresolved!r} does not resolve to a GB/T 2260 code; {where}"
                )
            if found is not None and found.code:
                return found, "region columns"
        if applicant.province_code:
            found = resolver.resolve(None, province_code=applicant.province_code)
            if found.code:
                return found, "province code"
        if place is not None and place.country:
            return place, "address" if applicant.address else "country"
        return None, ""

    def _ipc_tail(self, code: IPCCode, lines: list[str]) -> str:
        """``pnav:classifiedIn <class> <graph> .`` of a code; writes the class node the first time."""
        tail = self._ipc_tails.get(code)
        if tail is None:
            self._ipc_node(code, lines)
            tail = self._ipc_tails[code] = f"{_CLASSIFIED}<{_ipc_iri(code)}>{self.g}"
        return tail

    def _industry_tails(self, code: IPCCode) -> tuple[str, ...]:
        """``pnav:inIndustry <industry> <graph> .`` for each industry of a code (the concordance, cached)."""
        tails = self._industries.get(code)
        if tails is None:
            found = self.concordance.industries(code) if self.concordance is not None else ()
            tails = self._industries[code] = tuple(f"{_IN_INDUSTRY}<{self._industry_iri(i)}>{self.g}" for i in found)
        return tails

    @staticmethod
    @lru_cache(maxsize=64)
    def _industry_iri(industry: str) -> str:
        return entity_iri("industry", industry)

    def _region_nodes(self, place: Place, lines: list[str]) -> None:
        g = self.g
        parent = None
        for code, name, level in place.chain:
            iri = entity_iri("region", code)
            if code not in self._regions and not self.known_region(code):
                self._regions.add(code)
                s = f"<{iri}> "
                lines += [
                    f"{s}{_A} <{PNAV.Region}>{g}",
                    f"{s}{_LABEL} {literal(name, lang='zh')}{g}",
                    f"{s}{_p('regionCode')} {literal(code)}{g}",
                    f"{s}{_p('adminLevel')} {literal(level)}{g}",
                    f"{s}{_DERIVED} <{GBT2260_SOURCE}>{g}",
                ]
                if parent is not None:
                    lines.append(f"{s}{_p('partOfRegion')} <{entity_iri('region', parent)}>{g}")
            parent = code

    def _ipc_node(self, code: IPCCode, lines: list[str]) -> None:
        g = self.g
        node: IPCCode | None = code
        while node is not None and node.symbol not in self._ipc:
            self._ipc.add(node.symbol)
            s = f"<{ipc_iri(node)}> "
            lines += [
                f"{s}{_A} <{PNAV.IPCClass}>{g}",
                f"{s}{_NOTATION} {literal(node.symbol)}{g}",
                f"{s}{_IN_SCHEME} <{IPC_SCHEME}>{g}",
            ]
            parent = node.parent()
            if parent is not None:
                lines.append(f"{s}{_BROADER} <{ipc_iri(parent)}>{g}")
            node = parent

    def finish(self) -> int:
        """Write what waits for the end of the file: guessed types of organizations no row gave a type for.

        Returns how many quads were written; a second call writes nothing. Decides what
        :meth:`merge_update` moves, so call it first.
        """
        for node, target in self.merges.items():
            self._guessed.pop(node, None)  # the node goes; its guess with it
            if node in self._typed and target not in self._typed:  # a type from the file beats a guess
                self._typed.add(target)
                self._guessed.pop(target, None)
                self._move_type.add(node)
            if node in self._placed and target not in self._placed:
                self._placed.add(target)
                self._move_place.add(node)
        g = self.g
        lines = []
        for iri, org_type in self._guessed.items():
            lines += [f"<{iri}> {_p('organizationType')} {_plain(org_type)}{g}", f"<{iri}> {_GUESSED}{_TRUE}{g}"]
        self._typed.update(self._guessed)
        self._guessed.clear()
        return self._emit(lines)

    def merge_update(self) -> str | None:
        """SPARQL update that merges, in the loaded graph, organization nodes a credit code revealed too late.

        A spelling written on its own node before a row gave it a credit code whose node is
        another one (:attr:`merges`) cannot be rewritten in append-only output. After the
        file's graph is loaded, this update moves every link to such a node onto the code's
        node, with its labels and raw names, its type when the file stated it and the code's
        node has none, and its place when the code's node has none; then it deletes the
        node. ``None`` when there is nothing to merge. Run it after :meth:`finish`.

        >>> import io
        >>> w = GraphWriter(io.StringIO(), "urn:g", concordance=None, resolver=None)
        >>> w.merge_update() is None
        True
        """
        if not self.merges:
            return None
        # Only IRIs go into the text: nodes minted by entity_iri (checked ids) and the file's graph IRI.
        graph = self.g.strip()[:-1].strip()

        def values(nodes) -> str:
            return " ".join(f"(<{n}> <{self.merges[n]}>)" for n in sorted(nodes))

        every = values(self.merges)
        ops = [
            f"DELETE {{ GRAPH {graph} {{ ?s ?p ?n }} }} INSERT {{ GRAPH {graph} {{ ?s ?p ?c }} }} "  # noqa: S608
            f"WHERE {{ VALUES (?n ?c) {{ {every} }} GRAPH {graph} {{ ?s ?p ?n }} }}",
            self._copy(graph, every, (_LABEL, _p("rawName"))),
        ]
        if self._move_type:
            ops.append(self._copy(graph, values(self._move_type), (_p("organizationType"), _GUESSED.strip())))
        if self._move_place:
            place = (_p("locatedIn"), _p("country"), _p("placedBy"))
            ops.append(self._copy(graph, values(self._move_place), place))
        ops.append(
            f"DELETE {{ GRAPH {graph} {{ ?n ?p ?o }} }} "
            f"WHERE {{ VALUES (?n ?c) {{ {every} }} GRAPH {graph} {{ ?n ?p ?o }} }}"
        )
        return " ;\n".join(ops)

    @staticmethod
    def _copy(graph: str, pairs: str, predicates: tuple[str, ...]) -> str:
        return (
            f"INSERT {{ GRAPH {graph} {{ ?c ?p ?o }} }} WHERE {{ VALUES (?n ?c) {{ {pairs} }} "  # noqa: S608
            f"GRAPH {graph} {{ ?n ?p ?o }} FILTER(?p IN ({', '.join(predicates)})) }}"
        )

    def lines(self, lines: list[str]) -> int:
        """Write extra prepared lines (the source node, written last), after :meth:`finish`."""
        return self.finish() + self._emit(lines)
