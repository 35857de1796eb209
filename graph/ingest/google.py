"""Google Patents CSV exports (``search URL:`` line, then ``id,title,assignee,…``).

Google's export has no application number, abstract, IPC or legal status: a patent
from it is identified by its publication number and merges with a patent from
another export that lists the same publication number. Its ``priority date`` is kept as
the (earliest) priority date, without a number: the export gives none.

>>> split_names("Sany Heavy Industry Co., Ltd., Example Inc")
['Sany Heavy Industry Co., Ltd.', 'Example Inc']
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from patentnav.graph.ingest.base import ColumnSpec, ReadContext, Row, read_records
from patentnav.graph.ingest.normalize import (
    NormalizeError,
    guess_organization_type,
    normalize_name,
    normalize_publication_number,
    parse_date,
    patent_type_from,
)
from patentnav.graph.ingest.records import Applicant, Inventor, Notice, PatentRecord, Priority, RowError
from patentnav.graph.ingest.tabular import Table

__all__ = ["SPEC", "read", "split_names"]

NAME = "google"

SPEC = ColumnSpec(
    NAME,
    {
        "publication_number": ("id",),
        "title": ("title",),
        "applicants": ("assignee",),
        "inventors": ("inventor/author", "inventor"),
        "priority_dates": ("priority date",),
        "application_date": ("filing/creation date", "filing date"),
        "publication_date": ("publication date",),
        "grant_date": ("grant date",),
        "result_link": ("result link",),
    },
    required=("publication_number",),
    signature=("publication_number", "applicants", "result_link"),
    known={"representative figure link": "a link to the front-page drawing: not used"},
)

# Google joins several names with ", ", which also appears inside "Co., Ltd.": a piece
# that is only a company suffix belongs to the name before it.
_SUFFIX_PIECE = re.compile(
    r"^(?:ltd\.?|limited|inc\.?|llc|l\.l\.c\.|corp\.?|co\.?|gmbh|ag|s\.a\.?|plc|n\.v\.|b\.v\.|kg|s\.p\.a\.|l\.p\.|ltda\.?)$",
    re.I,
)


def split_names(value: str) -> list[str]:
    """Split Google's comma-joined names, keeping company suffixes attached."""
    names: list[str] = []
    for piece in (p.strip() for p in (value or "").split(",")):
        if not piece:
            continue
        if names and _SUFFIX_PIECE.match(piece):
            names[-1] = f"{names[-1]}, {piece}"
        else:
            names.append(piece)
    return names


def read(table: Table, ctx: ReadContext) -> Iterator[PatentRecord | RowError]:
    """Yield one record (or row error) per data row."""
    if ctx.layout == "generic":
        ctx.layout = NAME
    return read_records(table, SPEC, lambda row: _record(row, ctx), ctx)


def _record(row: Row, ctx: ReadContext) -> PatentRecord:
    if not row["publication_number"]:
        raise RowError("id (publication number) is empty")
    notices: list[Notice] = []
    number, kind = normalize_publication_number(row["publication_number"])
    applicants = []
    for raw in split_names(row["applicants"]):
        name = normalize_name(raw, ctx.aliases)
        applicants.append(Applicant(raw_name=raw, name=name, org_type=guess_organization_type(name)))
    title = row["title"] or None
    has_cjk = bool(title and re.search(r"[\u3400-\u9fff]", title))
    return PatentRecord(
        line=row.line,
        application_number=None,
        publication_numbers=[number],
        kind=kind,
        application_date=parse_date(row["application_date"]),
        publication_date=parse_date(row["publication_date"]),
        grant_date=parse_date(row["grant_date"]),
        patent_type=patent_type_from(None, kind) if not number.startswith("CN") else _cn_type(kind),
        title=title,
        title_lang="zh" if has_cjk else "en",
        applicants=applicants,
        inventors=[Inventor(normalize_name(n)) for n in split_names(row["inventors"])],
        country=number[:2],
        priorities=_priorities(row, notices),
        notices=notices,
    )


def _priorities(row: Row, notices: list[Notice]) -> list[Priority]:
    """The priority date as a priority without a number (Google gives the date only)."""
    try:
        when = parse_date(row["priority_dates"])
    except NormalizeError as exc:
        notices.append(Notice(row.line, "priority_dates", f"{exc}: left out"))
        return []
    return [Priority("", when)] if when else []


def _cn_type(kind: str | None) -> str | None:
    return {"A": "invention", "B": "invention", "C": "invention", "U": "utility", "Y": "utility", "S": "design"}.get(
        (kind or "")[:1]
    )
