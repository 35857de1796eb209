"""Lens.org patent CSV exports (``#, Jurisdiction, Kind, Display Key, Lens ID, …``).

Multi-valued cells are joined with ``;;``. Application and priority numbers come with a
kind (``CN 201510123456 A``), which is dropped; a "Granted Patent" row's publication date
is its grant date.

What a row gives beyond the bibliography: the current owners (``Owners``, each
``Name (YYYY-MM-DD)``: the owners with the latest date are the current holders), priority
numbers and the earliest priority date, the counts of patents cited and citing and of
non-patent literature cited, and the simple and extended families (sizes, and members as
Lens display keys, e.g. ``US 2016/0123456 A1``).

>>> lens_application_number("CN 201510123456 A")
'CN201510123456'
>>> split_owner("SANY HEAVY IND CO LTD (2016-05-01)")
('SANY HEAVY IND CO LTD', datetime.date(2016, 5, 1))
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from patentnav.graph.ingest.base import ColumnSpec, ReadContext, Row, parse_ipc_list, read_records, split_lens
from patentnav.graph.ingest.normalize import (
    NormalizeError,
    guess_organization_type,
    normalize_application_number,
    normalize_legal_status,
    normalize_name,
    normalize_publication_number,
    parse_count,
    parse_date,
    patent_type_from,
)
from patentnav.graph.ingest.records import Applicant, FamilyLink, Inventor, Notice, PatentRecord, Priority, RowError
from patentnav.graph.ingest.tabular import Table

__all__ = ["SPEC", "lens_application_number", "priorities_with_earliest", "read", "split_owner"]

NAME = "lens"

SPEC = ColumnSpec(
    NAME,
    {
        "lens_id": ("Lens ID",),
        "jurisdiction": ("Jurisdiction",),
        "kind": ("Kind",),
        "publication_number": ("Display Key",),
        "publication_date": ("Publication Date",),
        "application_number": ("Application Number",),
        "application_date": ("Application Date",),
        "priority_numbers": ("Priority Numbers", "Priority Number"),
        "priority_dates": ("Earliest Priority Date", "Priority Date"),
        "title": ("Title",),
        "abstract": ("Abstract",),
        "applicants": ("Applicants",),
        "inventors": ("Inventors",),
        "current_holders": ("Owners",),
        "document_type": ("Document Type",),
        "cited_count": ("Cites Patent Count",),
        "citing_count": ("Cited by Patent Count",),
        "npl_count": ("NPL Citation Count",),
        "simple_family_size": ("Simple Family Size",),
        "simple_family": ("Simple Family Members",),
        "extended_family_size": ("Extended Family Size",),
        "extended_family": ("Extended Family Members",),
        "cpc": ("CPC Classifications",),
        "ipc": ("IPCR Classifications", "IPC Classifications"),
        "legal_status": ("Legal Status",),
    },
    required=("publication_number", "jurisdiction"),
    signature=("lens_id", "jurisdiction"),
    known={
        "#": "a row number",
        "Publication Year": "derived from Publication Date",
        "URL": "a link to the Lens.org record",
        "Has Full Text": "whether Lens holds the full text: not used",
        "Simple Family Member Jurisdictions": "derived from Simple Family Members",
        "Extended Family Member Jurisdictions": "derived from Extended Family Members",
        "Sequence Count": "biological sequences listed: not used",
        "US Classifications": "USPC classes (US only, retired in 2015): the IPC and CPC are read",
        "NPL Resolved Citation Count": "the part of NPL Citation Count that Lens resolved: the full count is read",
        "NPL Resolved Lens ID(s)": "Lens scholarly-work ids of cited literature: not patents",
        "NPL Resolved External ID(s)": "DOIs / PubMed ids of cited literature: not patents",
        "NPL Citations": "the text of cited non-patent literature: its count is read from NPL Citation Count",
    },
)

_WITH_KIND = re.compile(r"^([A-Z]{2})\s*(.+?)\s+[A-Z]\d?$")
_OWNER = re.compile(r"^(.*?)\s*\(\s*(\d{4}-\d{1,2}-\d{1,2})\s*\)$")
_LENS_ID = re.compile(r"^\d{3}-\d{3}-\d{3}-\d{3}-\d{3}$")
_YEAR = re.compile(r"^[A-Z]{2}(\d{4})")


def lens_application_number(value: str) -> str:
    """Lens writes ``CC number kind``; return the normalised application number.

    >>> lens_application_number("US 15/123456 A"), lens_application_number("WO 2015CN000123 W")
    ('US15123456', 'WO2015CN000123')
    """
    text = value.strip().upper()
    match = _WITH_KIND.match(text)
    if match:
        text = match.group(1) + match.group(2)
    return normalize_application_number(text, default_country=text[:2] if text[:2].isalpha() else "CN")


def split_owner(value: str) -> tuple[str, date | None]:
    """An ``Owners`` entry ``Name (YYYY-MM-DD)`` as (name, the date it became owner); no date gives ``None``.

    A date that is not a calendar date raises :class:`~patentnav.graph.ingest.normalize.errors.NormalizeError`.

    >>> split_owner("Example Inc")
    ('Example Inc', None)
    """
    match = _OWNER.match(value.strip())
    if not match:
        return value.strip(), None
    return match.group(1).strip(), parse_date(match.group(2))


def priorities_with_earliest(numbers: list[str], earliest: date | None) -> list[Priority]:
    """Priorities from numbers and the one earliest priority date an export states.

    The date goes to the only number, or to the one number whose year is the earliest date's
    year; when it cannot be told which number it belongs to, it is kept as a priority without a
    number (the earliest priority date is still known).

    >>> [(p.number, p.date) for p in priorities_with_earliest(["CN201510123456", "US201662000001"],
    ...                                                       date(2015, 3, 1))]
    [('CN201510123456', datetime.date(2015, 3, 1)), ('US201662000001', None)]
    """
    if earliest is None:
        return [Priority(n) for n in numbers]
    if len(numbers) == 1:
        return [Priority(numbers[0], earliest)]
    same_year = [n for n in numbers if (m := _YEAR.match(n)) and int(m.group(1)) == earliest.year]
    if len(same_year) == 1:
        return [Priority(n, earliest if n == same_year[0] else None) for n in numbers]
    return [*(Priority(n) for n in numbers), Priority("", earliest)]


def read(table: Table, ctx: ReadContext) -> Iterator[PatentRecord | RowError]:
    """Yield one record (or row error) per data row."""
    if ctx.layout == "generic":
        ctx.layout = NAME
    return read_records(table, SPEC, lambda row: _record(row, ctx), ctx)


def _record(row: Row, ctx: ReadContext) -> PatentRecord:
    if not row["publication_number"]:
        raise RowError("Display Key (publication number) is empty")
    notices: list[Notice] = []
    number, kind = normalize_publication_number(row["publication_number"])
    kind = row["kind"] or kind
    app = lens_application_number(row["application_number"]) if row["application_number"] else None
    applicants = []
    for raw in split_lens(row["applicants"]):
        name = normalize_name(raw, ctx.aliases)
        applicants.append(Applicant(raw_name=raw, name=name, org_type=guess_organization_type(name)))
    doc_type = row["document_type"].lower()
    publication_date = parse_date(row["publication_date"])
    ipc = parse_ipc_list(row["ipc"], split_lens)
    title = row["title"] or None
    status_raw = row["legal_status"] or None
    jurisdiction = row["jurisdiction"].upper() or number[:2]
    return PatentRecord(
        line=row.line,
        application_number=app,
        publication_numbers=[number],
        kind=kind,
        application_date=parse_date(row["application_date"]),
        publication_date=publication_date,
        grant_date=publication_date if "granted" in doc_type else None,
        patent_type=patent_type_from(app, kind, _type_word(doc_type)),
        title=title,
        title_lang="zh" if title and re.search(r"[\u3400-\u9fff]", title) else "en",
        abstract=row["abstract"] or None,
        applicants=applicants,
        inventors=[Inventor(normalize_name(n)) for n in split_lens(row["inventors"])],
        ipc_main=None,  # Lens does not mark the main IPC; the first one is not it
        ipc=ipc,
        cpc=parse_ipc_list(row["cpc"], split_lens),
        legal_status=normalize_legal_status(status_raw),
        legal_status_raw=status_raw,
        country=jurisdiction,
        current_holders=_holders(row, ctx, notices),
        priorities=_priorities(row, notices),
        families=_families(row, number, notices),
        citation_counts=_counts(row, notices),
        notices=notices,
    )


def _type_word(doc_type: str) -> str | None:
    for word in ("utility", "design"):
        if word in doc_type:
            return word
    return "invention" if "patent" in doc_type else None


def _holders(row: Row, ctx: ReadContext, notices: list[Notice]) -> list[Applicant]:
    """The owners with the latest date (Lens lists every owner with the date it became one)."""
    owners: list[tuple[str, date | None]] = []
    for part in split_lens(row["current_holders"]):
        match = _OWNER.match(part)
        name, since = (match.group(1).strip(), None) if match else (part, None)
        if match:
            try:
                since = parse_date(match.group(2))
            except NormalizeError as exc:
                notices.append(Notice(row.line, "current_holders", f"{exc}: the owner {name!r} is kept undated"))
        if name:
            owners.append((name, since))
    dated = [since for _, since in owners if since is not None]
    latest = max(dated, default=None)
    out: list[Applicant] = []
    seen: set[str] = set()
    for raw, since in owners:
        if latest is not None and since != latest:
            continue  # an earlier owner, or an undated one beside dated ones: not the current holder
        name = normalize_name(raw, ctx.aliases)
        if name not in seen:
            seen.add(name)
            out.append(Applicant(raw_name=raw, name=name, org_type=guess_organization_type(name)))
    return out


def _priorities(row: Row, notices: list[Notice]) -> list[Priority]:
    numbers = []
    for part in split_lens(row["priority_numbers"]):
        try:
            number = lens_application_number(part)
        except NormalizeError:
            number = re.sub(r"\s+", "", part)  # kept as written: a priority number need not be ours to parse
        if number not in numbers:
            numbers.append(number)
    earliest = None
    if row["priority_dates"]:
        try:
            earliest = parse_date(split_lens(row["priority_dates"])[0])
        except NormalizeError as exc:
            notices.append(Notice(row.line, "priority_dates", f"{exc}: left out"))
    return priorities_with_earliest(numbers, earliest)


def _count(row: Row, fname: str, notices: list[Notice]) -> int | None:
    value = row[fname]
    if not value:
        return None
    number = parse_count(value)
    if number is None:
        notices.append(Notice(row.line, fname, f"{value!r} is not a count: left out"))
    return number


def _counts(row: Row, notices: list[Notice]) -> dict[str, int]:
    counts = {}
    for kind, fname in (("backward", "cited_count"), ("forward", "citing_count"), ("npl", "npl_count")):
        value = _count(row, fname, notices)
        if value is not None:
            counts[kind] = value
    return counts


def _members(row: Row, fname: str, own: str, notices: list[Notice]) -> tuple[str, ...]:
    """Family members (Lens display keys), normalised, without the patent itself; bad ones noted."""
    out: list[str] = []
    for part in split_lens(row[fname]):
        if _LENS_ID.match(part):
            notices.append(Notice(row.line, fname, f"{part!r} is a Lens ID, not a publication number: left out"))
            continue
        try:
            number, _ = normalize_publication_number(part)
        except NormalizeError:
            notices.append(Notice(row.line, fname, f"{part!r} is not a publication number: left out"))
            continue
        if number != own and number not in out:
            out.append(number)
    return tuple(out)


def _families(row: Row, own: str, notices: list[Notice]) -> list[FamilyLink]:
    out = []
    for kind in ("simple", "extended"):
        members = _members(row, f"{kind}_family", own, notices)
        size = _count(row, f"{kind}_family_size", notices)
        if members or size is not None:
            out.append(FamilyLink(kind, members, size))
    return out
