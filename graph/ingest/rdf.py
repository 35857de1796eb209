"""The one RDF writer: patent records -> N-Quads lines in a file's named graph.

It writes text directly (terms are built from validated ids and escaped literals),
which is several times faster than building pyoxigraph term objects one by one; the
store's N-Quads parser checks every line again when the graph is loaded.

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
from collections.abc import Callable
from datetime import date
from functools import cache, lru_cache
from typing import TextIO

from patentnav.graph.ingest.records import Applicant, PatentRecord
from patentnav.graph.ingest.reference import GBT2260_SOURCE, IPC_SCHEME, Concordance, ipc_iri
from patentnav.graph.normalize import AddressResolver, IPCCode, Place
from patentnav.ontology import PNAV, PREFIXES, entity_iri

__all__ = ["GraphWriter", "literal", "org_iri", "patent_iri", "person_iri"]

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

_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def literal(value: str, *, lang: str | None = None, datatype: str | None = None) -> str:
    """An N-Triples literal, escaped.

    >>> literal('a "b"\\n', lang="zh")
    '"a \\\\"b\\\\"\\\\n"@zh'
    """
    text = '"' + str(value).translate(_ESCAPES) + '"'
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


def _hash_id(prefix: str, text: str) -> str:
    return prefix + hashlib.blake2b(text.encode("utf-8"), digest_size=8).hexdigest()


@lru_cache(maxsize=65536)
def _ipc_iri(code: IPCCode) -> str:
    return ipc_iri(code)


def patent_iri(key: str) -> str:
    """IRI of a patent from its normalised application (or publication) number."""
    return entity_iri("patent", key)


@lru_cache(maxsize=65536)
def org_iri(normalized_name: str) -> str:
    """IRI of the organization node of a normalised name (case-insensitive)."""
    return entity_iri("org", _hash_id("o", normalized_name.casefold()))


@lru_cache(maxsize=65536)
def person_iri(name: str, first_applicant: str | None) -> str:
    """IRI of an inventor: one node per name *and* first applicant (homonyms at different applicants differ)."""
    return entity_iri("person", _hash_id("p", f"{name.casefold()}|{(first_applicant or '').casefold()}"))


class GraphWriter:
    """Write patents, applicants, inventors, IPC classes and regions of one file as N-Quads.

    Nodes other than patents are written once per file (the writer remembers which), so
    each file's graph is complete on its own and removing one file never orphans another.
    ``known_region`` says which region nodes already exist elsewhere (the pilot graph),
    so they are linked but not written again.
    """

    def __init__(
        self,
        out: TextIO,
        graph: str,
        *,
        concordance: Concordance | None,
        resolver: AddressResolver | None,
        known_region: Callable[[str], bool] = lambda code: False,
    ) -> None:
        self.out = out
        self.g = f" <{graph}> .\n"
        self.concordance = concordance
        self.resolver = resolver
        self.known_region = known_region
        self._orgs: set[str] = set()
        self._placed: set[str] = set()
        self._tried: set[tuple[str, str | None, str | None, str | None]] = set()
        self._persons: set[str] = set()
        self._ipc: set[str] = set()
        self._regions: set[str] = set()
        self._ipc_tails: dict[IPCCode, str] = {}
        self._industries: dict[IPCCode, tuple[str, ...]] = {}
        self.quads = 0

    def _emit(self, lines: list[str]) -> int:
        self.out.write("".join(lines))
        self.quads += len(lines)
        return len(lines)

    def patent(self, record: PatentRecord, iri: str, *, first_in_file: bool = True) -> int:
        """Write one record's triples on patent ``iri``; return how many quads were written.

        Single-valued facts (dates, type, main class, first applicant) are written only
        for the first row of a patent in the file, so a duplicate row cannot give a
        patent two application dates.
        """
        g = self.g
        s = f"<{iri}> "
        lines = []
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
            if record.application_date:
                add(f"{s}{_APP_DATE}{_date(record.application_date)}{g}")
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
        first_name = record.applicants[0].name if record.applicants else None
        for i, applicant in enumerate(record.applicants):
            org = self._org(applicant, lines)
            add(f"{s}{_APPLICANT}<{org}>{g}")
            if i == 0 and first_in_file:
                add(f"{s}{_FIRST_APPLICANT}<{org}>{g}")
        for inventor in record.inventors:
            person = person_iri(inventor.name, first_name)
            if person not in self._persons:
                self._persons.add(person)
                add(f"<{person}> {_A} <{PNAV.Person}>{g}")
                add(f"<{person}> {_LABEL} {literal(inventor.name)}{g}")
            add(f"{s}{_INVENTOR}<{person}>{g}")
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
        return self._emit(lines)

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

    def _org(self, applicant: Applicant, lines: list[str]) -> str:
        iri = org_iri(applicant.name)
        g = self.g
        s = f"<{iri}> "
        if iri not in self._orgs:
            self._orgs.add(iri)
            lines += [
                f"{s}{_A} <{PNAV.Organization}>{g}",
                f"{s}{_LABEL} {literal(applicant.name)}{g}",
                f"{s}{_p('normalizedName')} {literal(applicant.name)}{g}",
                f"{s}{_p('organizationType')} {literal(applicant.org_type)}{g}",
                f"{s}{_p('organizationTypeGuessed')} {literal('true', datatype=_XSD + 'boolean')}{g}",
            ]
        # Placed on the first row that gives an address, not only on the first row that names
        # the organization: a co-applicant (no address column) may come first as an applicant later.
        tried = (iri, applicant.address, applicant.province_code, applicant.country_hint)
        if iri not in self._placed and tried not in self._tried:
            self._tried.add(tried)  # an address that did not resolve once will not resolve again
            place = applicant.place or self._resolve(applicant)
            if place is not None:
                self._placed.add(iri)
                if place.country:
                    lines.append(f"{s}{_p('country')} {literal(place.country)}{g}")
                if place.code:
                    self._region_nodes(place, lines)
                    lines.append(f"{s}{_p('locatedIn')} <{entity_iri('region', place.code)}>{g}")
        # Every raw spelling is kept (the same raw twice is one triple in the store).
        lines.append(f"{s}{_p('rawName')} {literal(applicant.raw_name)}{g}")
        return iri

    def _resolve(self, applicant: Applicant) -> Place | None:
        if self.resolver is None or not (applicant.address or applicant.province_code or applicant.country_hint):
            return None
        return self.resolver.resolve(
            applicant.address, province_code=applicant.province_code, country_hint=applicant.country_hint
        )

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

    def lines(self, lines: list[str]) -> int:
        """Write extra prepared lines (the source node)."""
        return self._emit(lines)
