"""Synthetic patents as N-Triples, for benchmarks only -- clearly labelled synthetic.

Everything here is made up by code with a fixed seed, except the reference vocabulary it
draws on: IPC symbols (WIPO IPC scheme, real subclasses and main groups of the five pilot
industries) and GB/T 2260 region codes. Applicant names are obviously synthetic
("合成申请人 000042 / Synthetic Applicant 000042") and Zipf-distributed (a few file much,
most file little, as real applicant counts are); the source node carries
``pnav:synthetic true`` and every patent cites it with ``prov:wasDerivedFrom``.

Shape per patent: type, application and publication numbers, title, application date
(2010-2023, more recent years more likely), grant date for most invention patents, patent
type, legal status, one to three applicants, one to four inventors, one to three IPC
groups (the first is the main classification) and the industry they fall in. About
13 triples per patent plus the applicants, inventors and IPC classes.

>>> import io
>>> buf = io.StringIO()
>>> n = write_ntriples(buf, patents=3, seed=1)
>>> n > 30 and "synthetic" in buf.getvalue()
True
"""

from __future__ import annotations

import bisect
import random
from collections.abc import Iterator
from typing import TextIO

__all__ = [
    "IPC_BY_INDUSTRY",
    "REGIONS",
    "SOURCE",
    "applicant_count",
    "applicant_id",
    "graph_for",
    "publication_number",
    "write_ntriples",
]

ID = "https://w3id.org/patentnav/id/"
PNAV = "https://w3id.org/patentnav/ontology#"
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
PROV = "http://www.w3.org/ns/prov#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SOURCE = ID + "source/synthetic-benchmark"

#: Real IPC main groups (WIPO IPC) by pilot industry, used as classification symbols.
IPC_BY_INDUSTRY: dict[str, list[str]] = {
    "rail-transit": ["B61D17/00", "B61F5/00", "B61L27/00", "B60L13/00", "B61C3/00", "H02K41/02"],
    "construction-machinery": ["B66C23/00", "E02F3/00", "E02F9/00", "E01C19/00", "B28C5/00", "F15B11/00"],
    "new-materials": ["C22C38/00", "C04B35/00", "C01B32/00", "B22F3/00", "C08L101/00", "H01M4/00"],
    "cultural-creative": ["G06T13/00", "H04N21/00", "A63F13/00", "G06Q50/10", "B41M5/00", "G10H1/00"],
    "new-generation-it": ["G06F9/00", "H04L67/00", "G06N3/00", "H04W4/00", "H01L21/00", "G06F16/00"],
}

#: GB/T 2260 codes: Hunan and its cities, plus a few outside the province (for out-of-region shares).
REGIONS: list[tuple[str, float]] = [
    ("430100", 0.30),  # Changsha
    ("430200", 0.10),  # Zhuzhou
    ("430300", 0.08),  # Xiangtan
    ("430400", 0.04),  # Hengyang
    ("430600", 0.03),  # Yueyang
    ("430700", 0.02),  # Changde
    ("110000", 0.12),  # Beijing
    ("310000", 0.08),  # Shanghai
    ("440300", 0.12),  # Shenzhen
    ("320100", 0.06),  # Nanjing
    ("420100", 0.05),  # Wuhan
]
_STATUS = ["有效", "审中", "失效"]


def graph_for(name: str) -> str:
    """The named graph a benchmark loads into."""
    return f"https://w3id.org/patentnav/graph/{name}"


def _lit(value: str, datatype: str | None = None, lang: str | None = None) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    if lang:
        return f'"{escaped}"@{lang}'
    if datatype:
        return f'"{escaped}"^^<{XSD}{datatype}>'
    return f'"{escaped}"'


def applicant_count(patents: int) -> int:
    """How many synthetic applicants share ``patents`` patents (Zipf-distributed)."""
    return max(200, patents // 8)


def applicant_id(rank: int) -> str:
    """Entity id of the synthetic applicant of Zipf rank ``rank`` (0 files most)."""
    return f"synthetic-{rank:06d}"


def kind_code(i: int) -> str:
    """Kind code of synthetic patent ``i``: half inventions (A), 40% utility models (U), 10% designs (S)."""
    return "AAAAAUUUUS"[i % 10]


def publication_number(i: int) -> str:
    """Publication number of synthetic patent ``i`` (``CN9…``, a range no real CN number uses)."""
    return f"CN9{i:08d}{kind_code(i)}"


def _zipf_cdf(n: int, s: float = 1.07) -> list[float]:
    total, cdf = 0.0, []
    for rank in range(1, n + 1):
        total += 1.0 / rank**s
        cdf.append(total)
    return [c / total for c in cdf]


def _ipc_id(symbol: str) -> str:
    return symbol.replace("/", "-")


def write_ntriples(out: TextIO, *, patents: int, seed: int = 20161) -> int:
    """Write ``patents`` synthetic patents as N-Triples to ``out``; return the triple count."""
    rng = random.Random(seed)
    applicants = applicant_count(patents)
    cdf = _zipf_cdf(applicants)
    region_codes = [c for c, _ in REGIONS]
    region_weights = [w for _, w in REGIONS]
    industries = list(IPC_BY_INDUSTRY)
    count = 0

    def emit(lines: Iterator[str] | list[str]) -> None:
        nonlocal count
        for line in lines:
            out.write(line)
            out.write(" .\n")
            count += 1

    src = f"<{SOURCE}>"
    emit(
        [
            f"{src} {RDF_TYPE} <{PNAV}Source>",
            f"{src} {RDF_TYPE} <{PROV}Entity>",
            f"{src} <{PNAV}synthetic> {_lit('true', 'boolean')}",
            f"{src} {LABEL} {_lit('合成基准数据（非真实）', lang='zh')}",
            f"{src} {LABEL} {_lit('Synthetic benchmark data (not real)', lang='en')}",
        ]
    )
    for industry, symbols in IPC_BY_INDUSTRY.items():
        for symbol in symbols:
            ipc = f"<{ID}ipc/{_ipc_id(symbol)}>"
            emit(
                [
                    f"{ipc} {RDF_TYPE} <{PNAV}IPCClass>",
                    f"{ipc} <http://www.w3.org/2004/02/skos/core#notation> {_lit(symbol)}",
                    f"<{ID}industry/{industry}> <{PNAV}industryIPC> {ipc}",
                ]
            )
    applicant_region = [rng.choices(region_codes, region_weights)[0] for _ in range(applicants)]
    for a in range(applicants):
        org = f"<{ID}org/synthetic-{a:06d}>"
        emit(
            [
                f"{org} {RDF_TYPE} <{PNAV}Organization>",
                f"{org} {LABEL} {_lit(f'合成申请人 {a:06d}', lang='zh')}",
                f"{org} {LABEL} {_lit(f'Synthetic Applicant {a:06d}', lang='en')}",
                f"{org} <{PNAV}normalizedName> {_lit(f'合成申请人{a:06d}')}",
                f"{org} <{PNAV}locatedIn> <{ID}region/{applicant_region[a]}>",
                f"{org} <{PROV}wasDerivedFrom> {src}",
            ]
        )
    years = list(range(2010, 2024))
    year_weights = [1.0 + 0.15 * i for i in range(len(years))]
    for i in range(patents):
        industry = industries[rng.randrange(len(industries))]
        kind = kind_code(i)
        ptype = {"A": "发明", "U": "实用新型", "S": "外观设计"}[kind]
        year = rng.choices(years, year_weights)[0]
        app_no = f"CN{year}{1 + (i % 3)}{i:07d}"
        pub = publication_number(i)
        p = f"<{ID}patent/{pub}>"
        month, day = rng.randint(1, 12), rng.randint(1, 28)
        status = rng.choices(_STATUS, [0.55, 0.25, 0.2])[0]
        lines = [
            f"{p} {RDF_TYPE} <{PNAV}Patent>",
            f"{p} <{PNAV}applicationNumber> {_lit(app_no)}",
            f"{p} <{PNAV}publicationNumber> {_lit(pub)}",
            f"{p} {LABEL} {_lit(f'合成专利 {i} （{industry}）', lang='zh')}",
            f"{p} <{PNAV}applicationDate> {_lit(f'{year}-{month:02d}-{day:02d}', 'date')}",
            f"{p} <{PNAV}patentType> {_lit(ptype)}",
            f"{p} <{PNAV}legalStatus> {_lit(status)}",
            f"{p} <{PNAV}inIndustry> <{ID}industry/{industry}>",
            f"{p} <{PROV}wasDerivedFrom> {src}",
        ]
        if kind == "A" and status != "审中" and year < 2022:
            lines.append(f"{p} <{PNAV}grantDate> {_lit(f'{year + rng.randint(1, 3)}-{month:02d}-{day:02d}', 'date')}")
        for rank in {
            bisect.bisect_left(cdf, rng.random()) for _ in range(rng.choices([1, 2, 3], [0.8, 0.15, 0.05])[0])
        }:
            lines.append(f"{p} <{PNAV}applicant> <{ID}org/synthetic-{min(rank, applicants - 1):06d}>")
        for _ in range(rng.randint(1, 4)):
            person = f"<{ID}person/synthetic-{rng.randrange(patents * 2):08d}>"
            lines.append(f"{p} <{PNAV}inventor> {person}")
        symbols = rng.sample(IPC_BY_INDUSTRY[industry], rng.randint(1, 3))
        lines.append(f"{p} <{PNAV}mainClassification> <{ID}ipc/{_ipc_id(symbols[0])}>")
        lines.extend(f"{p} <{PNAV}classifiedIn> <{ID}ipc/{_ipc_id(s)}>" for s in symbols)
        emit(lines)
    return count


if __name__ == "__main__":
    import sys

    write_ntriples(sys.stdout, patents=int(sys.argv[1]) if len(sys.argv) > 1 else 10)
