"""Derwent Innovation (Clarivate; formerly Thomson Innovation) CSV exports.

Title rows come above the header (``Derwent Innovation Patent Export …``); multi-valued
cells are joined with `` | ``. Beside the columns as filed (``Title``, ``Assignee/Applicant``)
Derwent adds its own editorial ones: ``Title - DWPI`` and ``Abstract - DWPI`` (rewritten
English title and abstract), ``Optimized Assignee`` (its standardised assignee names, used
here as the normalised names when they line up one to one with ``Assignee/Applicant``) and
``Ultimate Parent`` (the corporate parent, kept as a vendor classification attributed to
Clarivate Derwent, never as patentnav's own).

What a row gives: publication and application numbers (Derwent writes application
numbers with a kind letter, ``CN201510123456A``, which is dropped), dates, titles and
abstracts, applicants and their countries, current US assignees (``Assignee - Current US``)
as current holders, inventors, IPC and CPC, priorities, cited and citing patents and their
counts, DWPI and INPADOC families, the claims count, and the DWPI class.

The module stays whole: it is the reader of one export format, and each helper parses one group of Derwent's
columns into the record :func:`read` yields.

>>> derwent_application_number("CN201510123456A"), derwent_application_number("US2016123456A")
('CN201510123456', 'US2016123456')
>>> SPEC.matches(["Publication Number", "Title - DWPI", "Assignee/Applicant"])
True
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from patentnav.graph.ingest.base import ColumnSpec, ReadContext, Row, noted_ipc_codes, read_records
from patentnav.graph.ingest.lens import priorities_with_earliest
from patentnav.graph.ingest.normalize import (
    IPCCode,
    NormalizeError,
    guess_organization_type,
    normalize_application_number,
    normalize_legal_status,
    normalize_name,
    normalize_publication_number,
    parse_count,
    parse_date,
    patent_type_from,
    split_multi,
)
from patentnav.graph.ingest.records import (
    Applicant,
    FamilyLink,
    Inventor,
    Notice,
    PatentRecord,
    Priority,
    RowError,
    VendorClass,
)
from patentnav.graph.ingest.tabular import Table

__all__ = ["SPEC", "VENDOR", "derwent_application_number", "read"]

NAME = "derwent"
#: Who Derwent's editorial classifications (Ultimate Parent, DWPI Class) are attributed to.
VENDOR = "Clarivate Derwent"

SPEC = ColumnSpec(
    NAME,
    {
        "publication_number": ("Publication Number",),
        "publication_date": ("Publication Date",),
        "publication_country": ("Publication Country Code",),
        "application_number": ("Application Number",),
        "application_date": ("Application Date",),
        "application_year": ("Application Year",),
        "title": ("Title", "Title (English)", "Title (Original language)"),
        "title_dwpi": ("Title - DWPI",),
        "abstract": ("Abstract", "Abstract (English)", "Abstract (Original Language)"),
        "abstract_dwpi": ("Abstract - DWPI",),
        "applicants": ("Assignee/Applicant", "Assignee - Original"),
        "applicants_standardized": ("Optimized Assignee", "Assignee - Standardized"),
        "applicant_countries": ("Assignee - Original - Country/Region",),
        "current_holders": ("Assignee - Current US",),
        "ultimate_parent": ("Ultimate Parent",),
        "inventors": ("Inventor", "Inventor - DWPI"),
        "ipc": ("IPC - Current", "IPC - Current - DWPI"),
        "cpc": ("CPC - Current", "CPC - Current - DWPI"),
        "dwpi_class": ("DWPI Class",),
        "legal_status": ("Legal Status",),
        "priority_numbers": ("Priority Number", "Priority Number - DWPI"),
        "priority_dates": ("Priority Date",),
        "earliest_priority_date": ("Priority Date - Earliest",),
        "cited": ("Cited Refs - Patent",),
        "citing": ("Citing Patents",),
        "cited_count": ("Count of Cited Refs - Patent",),
        "citing_count": ("Count of Citing Patents",),
        "family_citing_count": ("Count of Citing Patents - DPCI",),
        "npl_count": ("Count of Cited Refs - Non-patent",),
        "dwpi_family": ("DWPI Family Members",),
        "dwpi_family_size": ("DWPI Count of Family Members", "Count of DWPI Family Members"),
        "extended_family": ("INPADOC Family Members",),
        "extended_family_size": ("Count of INPADOC Family Members", "INPADOC Count of Family Members"),
        "claims_count": ("Claims Count",),
        "accession_number": ("DWPI Accession Number",),
    },
    required=("publication_number",),
    signature=(
        "publication_number",
        (
            "title_dwpi",
            "abstract_dwpi",
            "applicants",
            "applicants_standardized",
            "ultimate_parent",
            "current_holders",
            "dwpi_family",
            "accession_number",
        ),
    ),
    known={
        "Publication Year": "derived from Publication Date",
        "Application Country": "derived from Application Number",
        "Assignee/Applicant First": "the first of Assignee/Applicant",
        "Inventor First": "the first of the inventors",
        "Assignee - DWPI": "Derwent's assignee names and codes: Optimized Assignee is read as the standardised name",
        "Assignee - Original w/address": "names and addresses run together: Assignee/Applicant is read",
        "Title Terms - DWPI": "index terms derived from Title - DWPI",
        "Front Page Drawing": "a link to the drawing: not used",
        "Front Page Image": "a link to the drawing: not used",
        "US Class": "USPC classes (US only, retired in 2015): the IPC and CPC are read",
        "Cited Refs - Non-patent": "the text of cited literature: Count of Cited Refs - Non-patent is read",
        "DWPI Family Members Alive/Dead": "per-member status: the patent's own status is read",
        "DWPI Count of Family Countries/Regions": "derived from DWPI Family Members",
        "Assignee Count": "derived from Assignee/Applicant",
        "Inventor Count": "derived from the inventors",
        "IPC Count": "derived from the IPC column",
        "IPC - Current Count": "derived from IPC - Current",
        "Legal Years Remaining": "Derwent's estimate: not used",
        "Claims": "the full claims text: not kept (Claims Count is read)",
        "Claims (English)": "the full claims text: not kept (Claims Count is read)",
        "Independent Claims": "the text of the independent claims: not kept (Claims Count is read)",
        "Expiration Date": "Derwent's expected expiry of a live patent, not a lapse: not used",
    },
)

_APP_KIND = re.compile(r"^([A-Z]{2}[0-9A-Z]*\d)[A-Z]$")
_TRAILING_DATE = re.compile(r"^(.*?)\s+(\d{4}-\d{1,2}-\d{1,2}|\d{8})$")


def derwent_application_number(value: str) -> str:
    """An application number as Derwent writes it (a kind letter at the end), normalised.

    Raises :class:`~patentnav.graph.ingest.normalize.errors.NormalizeError` when it is not one.

    >>> derwent_application_number("CN2015101234567"), derwent_application_number("EP15001234A")
    ('CN201510123456', 'EP15001234')
    """
    text = re.sub(r"[\s,/\-]", "", value).upper()
    match = _APP_KIND.match(text)
    if match:
        text = match.group(1)
    return normalize_application_number(text, default_country=text[:2] if text[:2].isalpha() else "CN")


def read(table: Table, ctx: ReadContext) -> Iterator[PatentRecord | RowError]:
    """Yield one record (or row error, with ``.line`` set) per data row."""
    if ctx.layout == "generic":
        ctx.layout = NAME
    vendor = ctx.vendor or VENDOR
    return read_records(table, SPEC, lambda row: _record(row, ctx, vendor), ctx)


# ------------------------------------------------------------------ one row


def _record(row: Row, ctx: ReadContext, vendor: str) -> PatentRecord:
    notices: list[Notice] = []
    parts = split_multi(row["publication_number"])
    if not parts:
        raise RowError("Publication Number is empty")
    if len(parts) > 1:
        notices.append(Notice(row.line, "publication_number", f"{len(parts)} numbers given: the first is read"))
    number, kind = normalize_publication_number(parts[0])
    app = _application(row, notices)
    applicants = _applicants(row, ctx, notices)
    title = row["title"] or row["title_dwpi"] or None
    abstract = row["abstract"] or row["abstract_dwpi"] or None
    status_raw = row["legal_status"] or None
    country = (row["publication_country"] or number[:2]).upper()[:2]
    return PatentRecord(
        line=row.line,
        application_number=app,
        publication_numbers=[number],
        kind=kind,
        application_date=parse_date(row["application_date"]),
        application_year=_year(row, notices),
        publication_date=parse_date(row["publication_date"]),
        patent_type=patent_type_from(app, kind),
        title=title,
        title_lang="zh" if title and re.search(r"[\u3400-\u9fff]", title) else "en",
        abstract=abstract,
        applicants=applicants,
        inventors=[Inventor(normalize_name(n)) for n in split_multi(row["inventors"])],
        ipc_main=None,  # Derwent does not mark the main IPC
        ipc=_codes(row, "ipc", notices),
        cpc=_codes(row, "cpc", notices),
        legal_status=normalize_legal_status(status_raw),
        legal_status_raw=status_raw,
        country=country,
        current_holders=_holders(row, ctx, applicants),
        priorities=_priorities(row, notices),
        families=_families(row, number, notices),
        cited=_numbers(row, "cited", number, notices),
        citing=_numbers(row, "citing", number, notices),
        citation_counts=_counts(row, notices),
        claims_count=_count(row, "claims_count", notices),
        vendor_classes=[
            VendorClass(scheme, value, vendor)
            for fname, scheme in (("ultimate_parent", "Ultimate Parent"), ("dwpi_class", "DWPI Class"))
            for value in dict.fromkeys(split_multi(row[fname]))
        ],
        notices=notices,
    )


def _application(row: Row, notices: list[Notice]) -> str | None:
    """The application number; ``None`` (the publication number identifies the patent) when absent or unreadable."""
    parts = split_multi(row["application_number"])
    if not parts:
        return None
    try:
        return derwent_application_number(parts[0])
    except NormalizeError as exc:
        notices.append(Notice(row.line, "application_number", f"{exc}: the publication number identifies the patent"))
        return None


def _applicants(row: Row, ctx: ReadContext, notices: list[Notice]) -> list[Applicant]:
    """Applicants as filed, named by Optimized Assignee where the two lists line up one to one."""
    raw = split_multi(row["applicants"])
    standard = split_multi(row["applicants_standardized"])
    if standard and (len(standard) == len(raw) or not raw):
        pairs = [(raw[i] if i < len(raw) else s, s) for i, s in enumerate(standard)]
    else:
        if standard:
            notices.append(
                Notice(
                    row.line,
                    "applicants_standardized",
                    f"{len(standard)} optimized names for {len(raw)} applicants: the names as filed are used",
                )
            )
        pairs = [(r, r) for r in raw]
    countries = split_multi(row["applicant_countries"])
    out, seen = [], set()
    for i, (raw_name, std) in enumerate(pairs):
        name = normalize_name(std, ctx.aliases)
        if name in seen:
            continue
        seen.add(name)
        cc = countries[i].strip().upper() if i < len(countries) else ""
        out.append(
            Applicant(
                raw_name=raw_name,
                name=name,
                org_type=guess_organization_type(name),
                country_hint=cc if re.fullmatch(r"[A-Z]{2}", cc) else None,
            )
        )
    return out


def _holders(row: Row, ctx: ReadContext, applicants: list[Applicant]) -> list[Applicant]:
    """The current US assignees (Assignee - Current US), as current holders.

    A holder spelled as one of the applicants (as filed) gets that applicant's optimized name,
    so both name one organisation.
    """
    optimized = {normalize_name(a.raw_name, ctx.aliases): a.name for a in applicants}
    out, seen = [], set()
    for raw in split_multi(row["current_holders"]):
        name = normalize_name(raw, ctx.aliases)
        name = optimized.get(name, name)
        if name not in seen:
            seen.add(name)
            out.append(Applicant(raw_name=raw, name=name, org_type=guess_organization_type(name)))
    return out


def _codes(row: Row, fname: str, notices: list[Notice]) -> list[IPCCode]:
    """IPC or CPC symbols; a malformed one is noted and left out (the row still loads)."""
    parts = (re.sub(r"(?<=^[A-H]\d\d[A-Z])-", "", part) for part in split_multi(row[fname]))
    return noted_ipc_codes(parts, row.line, fname, notices)


def _count(row: Row, fname: str, notices: list[Notice]) -> int | None:
    value = row[fname]
    if not value:
        return None
    number = parse_count(value)
    if number is None:
        notices.append(Notice(row.line, fname, f"{value!r} is not a count: left out"))
    return number


_COUNT_FIELDS = {
    "backward": "cited_count",
    "forward": "citing_count",
    # DPCI (Derwent Patent Citation Index) counts citations family to family.
    "family_forward": "family_citing_count",
    "npl": "npl_count",
}


def _counts(row: Row, notices: list[Notice]) -> dict[str, int]:
    counts = {}
    for kind, fname in _COUNT_FIELDS.items():
        value = _count(row, fname, notices)
        if value is not None:
            counts[kind] = value
    return counts


def _without_date(part: str) -> str:
    """A listed number without the date Derwent may write after it (``CN105000000A 2015-10-28``)."""
    match = _TRAILING_DATE.match(part.strip())
    return match.group(1) if match else part


def _numbers(row: Row, fname: str, own: str, notices: list[Notice]) -> list[str]:
    """Publication numbers listed in a cell, normalised, without the patent itself; bad ones noted."""
    out: list[str] = []
    for part in split_multi(row[fname]):
        try:
            number, _ = normalize_publication_number(_without_date(part))
        except NormalizeError:
            notices.append(Notice(row.line, fname, f"{part!r} is not a publication number: left out"))
            continue
        if number != own and number not in out:
            out.append(number)
    return out


def _families(row: Row, own: str, notices: list[Notice]) -> list[FamilyLink]:
    out = []
    for kind, members_field, size_field in (
        ("dwpi", "dwpi_family", "dwpi_family_size"),
        ("extended", "extended_family", "extended_family_size"),
    ):
        members = tuple(_numbers(row, members_field, own, notices))
        size = _count(row, size_field, notices) if size_field else None
        if members or size is not None:
            out.append(FamilyLink(kind, members, size))
    return out


def _priorities(row: Row, notices: list[Notice]) -> list[Priority]:
    """Priority numbers (each perhaps followed by its date), the Priority Date column, the earliest date."""
    numbers: list[str] = []
    dated: dict[str, date] = {}
    for part in split_multi(row["priority_numbers"]):
        text = part.strip()
        match = _TRAILING_DATE.match(text)
        if match:
            text = match.group(1)
        try:
            number = derwent_application_number(text)
        except NormalizeError:
            number = re.sub(r"\s+", "", text)  # kept as written: a priority number need not be ours to parse
        if number in numbers:
            continue
        numbers.append(number)
        if match:
            when = _date(row, "priority_numbers", match.group(2), notices)
            if when:
                dated[number] = when
    dates = split_multi(row["priority_dates"])
    if dates and len(dates) == len(numbers):
        for number, text in zip(numbers, dates, strict=True):
            when = _date(row, "priority_dates", text, notices)
            if when and number not in dated:
                dated[number] = when
    elif dates and not numbers:
        return [Priority("", when) for text in dates if (when := _date(row, "priority_dates", text, notices))]
    if dated:
        return [Priority(n, dated.get(n)) for n in numbers]
    earliest_text = row["earliest_priority_date"] or (dates[0] if len(dates) == 1 else "")
    earliest = _date(row, "earliest_priority_date", earliest_text, notices) if earliest_text else None
    return priorities_with_earliest(numbers, earliest)


def _date(row: Row, fname: str, text: str, notices: list[Notice]) -> date | None:
    try:
        return parse_date(text)
    except NormalizeError as exc:
        notices.append(Notice(row.line, fname, f"{exc}: left out"))
        return None


def _year(row: Row, notices: list[Notice]) -> int | None:
    """The application year as stated, when it is a plausible year."""
    text = row["application_year"]
    if not text:
        return None
    if text.isdigit() and 1800 <= int(text) <= 2100:
        return int(text)
    notices.append(Notice(row.line, "application_year", f"{text!r} is not a year: left out"))
    return None
