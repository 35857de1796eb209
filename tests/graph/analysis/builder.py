"""Build small patent graphs in the agreed shape, straight as quads (no ingest needed).

Used by the analysis and network tests; each test states its patents as plain records,
loads them with :func:`load`, and checks the analyses against hand-computed values or an
independent pandas computation over :func:`frames` of the same records.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import quote

import pandas as pd
import pyoxigraph as ox

from patentnav.graph.bootstrap import ensure_seeded
from patentnav.graph.store import PatentStore, open_store
from patentnav.ontology import PNAV, PREFIXES, entity_iri, graph_iri

RDF_TYPE = ox.NamedNode(PREFIXES["rdf"] + "type")
LABEL = ox.NamedNode(PREFIXES["rdfs"] + "label")
XSD = PREFIXES["xsd"]
GRAPH = ox.NamedNode(graph_iri("source/testfixture"))

#: Regions the tests use beyond the pilot graph: code -> (zh name, level, parent code).
EXTRA_REGIONS = {
    "430104": ("岳麓区", "county", "430100"),
    "430211": ("天元区", "county", "430200"),
    "440000": ("广东省", "province", None),
    "440300": ("深圳市", "prefecture", "440000"),
    "110000": ("北京市", "province", None),
    "110108": ("海淀区", "county", "110000"),
}


@dataclass
class Org:
    id: str
    name: str
    region: str | None = None  # GB/T 2260 code
    country: str = "CN"
    kind: str = "enterprise"


@dataclass
class Pat:
    number: str
    filed: str
    applicants: tuple[str, ...]
    ipc: tuple[str, ...] = ()  # "B66C23/64"
    industries: tuple[str, ...] = ()
    granted: str | None = None
    published: str | None = None
    type: str = "invention"
    status: str = "active"
    inventors: tuple[str, ...] = field(default=())


def ipc_id(symbol: str) -> str:
    return symbol.replace("/", "-").replace(" ", "")


def _n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def _lit(value: str, dt: str | None = None, lang: str | None = None) -> ox.Literal:
    if lang:
        return ox.Literal(value, language=lang)
    return ox.Literal(value, datatype=_n(XSD + dt)) if dt else ox.Literal(value)


def quads(patents: list[Pat], orgs: list[Org], graph: ox.NamedNode = GRAPH) -> list[ox.Quad]:
    out: list[ox.Quad] = []

    def add(s: str, p: str, o: ox.NamedNode | ox.Literal) -> None:
        out.append(ox.Quad(_n(s), _n(p), o, graph))

    for code, (name, level, parent) in EXTRA_REGIONS.items():
        r = entity_iri("region", code)
        add(r, RDF_TYPE.value, _n(PNAV.Region))
        add(r, LABEL.value, _lit(name, lang="zh"))
        add(r, PNAV.regionCode, _lit(code))
        add(r, PNAV.adminLevel, _lit(level))
        if parent:
            add(r, PNAV.partOfRegion, _n(entity_iri("region", parent)))
    for org in orgs:
        o = entity_iri("org", org.id)
        add(o, RDF_TYPE.value, _n(PNAV.Organization))
        add(o, LABEL.value, _lit(org.name))
        add(o, PNAV.normalizedName, _lit(org.name))
        add(o, PNAV.organizationType, _lit(org.kind))
        add(o, PNAV.country, _lit(org.country))
        if org.region:
            add(o, PNAV.locatedIn, _n(entity_iri("region", org.region)))
    seen_ipc: set[str] = set()
    for p in patents:
        s = entity_iri("patent", p.number)
        add(s, RDF_TYPE.value, _n(PNAV.Patent))
        add(s, PNAV.applicationNumber, _lit(p.number))
        add(s, PNAV.applicationDate, _lit(p.filed, "date"))
        add(s, PNAV.patentType, _lit(p.type))
        add(s, PNAV.legalStatus, _lit(p.status))
        add(s, PNAV.country, _lit("CN"))
        add(s, LABEL.value, _lit(f"专利 {p.number}", lang="zh"))
        if p.published:
            add(s, PNAV.publicationDate, _lit(p.published, "date"))
        if p.granted:
            add(s, PNAV.grantDate, _lit(p.granted, "date"))
        for i, a in enumerate(p.applicants):
            add(s, PNAV.applicant, _n(entity_iri("org", a)))
            if i == 0:
                add(s, PNAV.firstApplicant, _n(entity_iri("org", a)))
        for person in p.inventors:
            pi = entity_iri("person", "inv-" + quote(person, safe=""))
            add(s, PNAV.inventor, _n(pi))
            add(pi, RDF_TYPE.value, _n(PNAV.Person))
            add(pi, LABEL.value, _lit(person))
        for i, sym in enumerate(p.ipc):
            c = entity_iri("ipc", ipc_id(sym))
            add(s, PNAV.classifiedIn, _n(c))
            if i == 0:
                add(s, PNAV.mainClassification, _n(c))
            if c not in seen_ipc:
                seen_ipc.add(c)
                add(c, RDF_TYPE.value, _n(PNAV.IPCClass))
                add(c, PREFIXES["skos"] + "notation", _lit(sym))
        for ind in p.industries:
            add(s, PNAV.inIndustry, _n(entity_iri("industry", ind)))
    return out


def load(patents: list[Pat], orgs: list[Org], store: PatentStore | None = None) -> PatentStore:
    store = open_store("memory://") if store is None else store
    ensure_seeded(store)
    store.add_quads(quads(patents, orgs))
    return store


def frames(patents: list[Pat], orgs: list[Org]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The same records as flat tables: one row per patent, one row per patent x applicant."""
    region_of = {o.id: o.region for o in orgs}
    country_of = {o.id: o.country for o in orgs}
    pats = pd.DataFrame(
        [
            {
                "patent": p.number,
                "filed": pd.Timestamp(p.filed),
                "year": int(p.filed[:4]),
                "granted": pd.Timestamp(p.granted) if p.granted else pd.NaT,
                "type": p.type,
                "status": p.status,
                "ipc": list(p.ipc),
                "industries": list(p.industries),
                "inventors": list(p.inventors),
            }
            for p in patents
        ]
    )
    links = pd.DataFrame(
        [
            {"patent": p.number, "applicant": a, "region": region_of[a], "country": country_of[a]}
            for p in patents
            for a in p.applicants
        ]
    )
    return pats, links


def random_sample(n: int = 400, seed: int = 7) -> tuple[list[Pat], list[Org]]:
    """A synthetic sample (labelled so here; never presented as real) for pandas cross-checks."""
    import random

    rng = random.Random(seed)
    regions = ["430104", "430100", "430211", "430300", "440300", "110108", None]
    orgs = [Org(f"org{i}", f"合成申请人{i}", rng.choice(regions), country="CN" if i % 9 else "US") for i in range(40)]
    for o in orgs:
        if o.country != "CN":
            o.region = None
    symbols = ["B66C23/64", "B66C1/00", "E02F9/20", "E02F3/00", "B61D1/00", "C04B35/00", "G06F16/00"]
    industries = ["construction-machinery", "rail-transit", "new-materials"]
    patents = []
    for i in range(n):
        year = rng.randint(2008, 2021)
        apps = tuple(dict.fromkeys(rng.choice(orgs).id for _ in range(rng.choice([1, 1, 1, 2, 3]))))
        ipc = tuple(dict.fromkeys(rng.choice(symbols) for _ in range(rng.randint(1, 3))))
        granted = f"{year + 2}-06-01" if rng.random() < 0.6 else None
        patents.append(
            Pat(
                f"CN{year}1{i:07d}",
                f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                apps,
                ipc,
                tuple(dict.fromkeys(rng.choice(industries) for _ in range(rng.randint(1, 2)))),
                granted=granted,
                published=f"{year + 1}-01-15",
                type=rng.choice(["invention", "invention", "utility"]),
                status="active" if granted else rng.choice(["pending", "inactive"]),
                inventors=tuple(f"inv{rng.randint(0, 60)}" for _ in range(rng.randint(1, 3))),
            )
        )
    return patents, orgs
