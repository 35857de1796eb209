"""Espacenet (EPO) result-list exports: ``No;Title;Inventors;Applicants;Publication number;…;Family number``.

Espacenet lists one row per DOCDB family. The export is semicolon-separated, has lines of its own above the
header and ends every line with a separator (an unnamed last column); several values of a cell stand one a
line. Applicants and inventors are written ``NAME [CC]`` (the country in brackets), CPC symbols may carry a
bracketed note after them. Headers come in the interface's language: English and French are read
(:data:`SPEC`; the public sources of the spellings are in docs/ingest.md).

What a row gives: the publications of the family (the first is the patent the row stands for; all of them are
its DOCDB family members), their publication dates (the first is the patent's), the title, applicants with
their countries, inventors, IPC and CPC, the earliest priority date (kept as a priority without a number: the
export gives none) and the DOCDB family. There is no application number, application date, legal status or
citation column: a patent from this export is identified by its publication number, as a Google Patents one is.

>>> split_party("SANY HEAVY IND CO LTD [CN]")
('SANY HEAVY IND CO LTD', 'CN')
>>> SPEC.matches(["No", "Title", "Applicants", "Publication number", "Earliest priority", "Family number"])
True
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from patentnav.graph.ingest.base import ColumnSpec, ReadContext, Row, noted_ipc_codes, read_records
from patentnav.graph.ingest.normalize import (
    IPCCode,
    NormalizeError,
    Place,
    guess_organization_type,
    normalize_name,
    normalize_publication_number,
    parse_date,
    patent_type_from,
    split_multi,
)
from patentnav.graph.ingest.records import Applicant, FamilyLink, Inventor, Notice, PatentRecord, Priority, RowError
from patentnav.graph.ingest.tabular import Table

__all__ = ["SPEC", "read", "split_party"]

NAME = "espacenet"

#: English spellings first, then the French interface's.
SPEC = ColumnSpec(
    NAME,
    {
        "title": ("Title", "Titre"),
        "inventors": ("Inventors", "Inventeurs"),
        "applicants": ("Applicants", "Demandeurs"),
        "publication_number": ("Publication number", "Numéro de publication"),
        "earliest_priority_date": ("Earliest priority", "Priorité la plus ancienne"),
        "ipc": ("IPC", "CIB"),
        "cpc": ("CPC",),
        "publication_date": ("Publication date", "Date de publication"),
        "earliest_publication_date": ("Earliest publication", "Publication la plus ancienne"),
        "family_number": ("Family number", "Numéro de famille"),
    },
    required=("publication_number",),
    signature=("publication_number", "family_number", ("earliest_priority_date", "earliest_publication_date")),
    known={"No": "a row number"},
)

_PARTY = re.compile(r"^(.*?)\s*\[([A-Z]{2})\]$")
#: Publication numbers and classification symbols: one a line, or blank- or semicolon-separated.
_WORDS = re.compile(r"[\s;]+")
#: A bracketed note after a symbol (``B66C23/64 (CN)``).
_NOTE = re.compile(r"\([^)]*\)")


def split_party(value: str) -> tuple[str, str | None]:
    """An applicant or inventor as Espacenet writes it, ``NAME [CC]``, as (name, country code or ``None``).

    >>> split_party("Example Inc")
    ('Example Inc', None)
    """
    match = _PARTY.match(value.strip())
    return (match.group(1), match.group(2)) if match else (value.strip(), None)


def read(table: Table, ctx: ReadContext) -> Iterator[PatentRecord | RowError]:
    """Yield one record (or row error, with ``.line`` set) per data row."""
    if ctx.layout == "generic":
        ctx.layout = NAME
    return read_records(table, SPEC, lambda row: _record(row, ctx), ctx)


def _record(row: Row, ctx: ReadContext) -> PatentRecord:
    notices: list[Notice] = []
    members = _publications(row, notices)
    if not members:
        raise RowError("Publication number is empty")
    number, kind = normalize_publication_number(members[0])
    dates = [_date(row, "publication_date", text, notices) for text in split_multi(row["publication_date"])]
    publication_date = dates[0] if dates else _date(row, "earliest_publication_date", "", notices)
    title = row["title"] or None
    earliest = _date(row, "earliest_priority_date", row["earliest_priority_date"], notices)
    return PatentRecord(
        line=row.line,
        application_number=None,
        publication_numbers=[number],
        kind=kind,
        publication_date=publication_date,
        grant_date=publication_date if _granted(number, kind) else None,
        patent_type=patent_type_from(None, kind),
        title=title,
        title_lang="zh" if title and re.search(r"[\u3400-\u9fff]", title) else "en",
        applicants=_parties(row, ctx),
        inventors=[Inventor(normalize_name(split_party(n)[0])) for n in split_multi(row["inventors"])],
        ipc_main=None,  # Espacenet does not mark the main IPC
        ipc=_codes(row, "ipc", notices),
        cpc=_codes(row, "cpc", notices),
        country=number[:2],
        priorities=[Priority("", earliest)] if earliest else [],
        families=[FamilyLink("docdb", tuple(dict.fromkeys(members)))] if len(members) > 1 else [],
        notices=notices,
    )


def _publications(row: Row, notices: list[Notice]) -> list[str]:
    """The family's publication numbers, normalised, in the order listed; an unreadable one is noted."""
    out: list[str] = []
    for part in _WORDS.split(row["publication_number"]):
        if not part:
            continue
        try:
            number, _ = normalize_publication_number(part)
        except NormalizeError:
            notices.append(Notice(row.line, "publication_number", f"{part!r} is not a publication number: left out"))
            continue
        if number not in out:
            out.append(number)
    return out


def _parties(row: Row, ctx: ReadContext) -> list[Applicant]:
    out: list[Applicant] = []
    seen: set[str] = set()
    for part in split_multi(row["applicants"]):
        raw, country = split_party(part)
        name = normalize_name(raw, ctx.aliases)
        if name and name not in seen:
            seen.add(name)
            out.append(
                Applicant(
                    raw_name=raw,
                    name=name,
                    org_type=guess_organization_type(name),
                    place=Place(country=country) if country else None,  # the country Espacenet states: [CN]
                )
            )
    return out


def _codes(row: Row, fname: str, notices: list[Notice]) -> list[IPCCode]:
    """IPC or CPC symbols without their bracketed notes; a malformed one is noted and left out."""
    return noted_ipc_codes((p for p in _WORDS.split(_NOTE.sub(" ", row[fname])) if p), row.line, fname, notices)


def _granted(number: str, kind: str | None) -> bool:
    """Whether a publication is a grant: a CN B, C, U, Y or S document, another office's B (EP B1, US B2 …)."""
    first = (kind or "")[:1]
    return first in "BCUYS" if number.startswith("CN") else first == "B"


def _date(row: Row, fname: str, text: str, notices: list[Notice]) -> date | None:
    """A date cell's date (``text``, else the field's whole cell); an unreadable one is noted and left out."""
    try:
        return parse_date(text or row[fname])
    except NormalizeError as exc:
        notices.append(Notice(row.line, fname, f"{exc}: left out"))
        return None
