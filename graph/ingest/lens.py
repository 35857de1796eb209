"""Lens.org patent CSV exports (``Lens ID, Jurisdiction, Kind, Display Key, …``).

Multi-valued cells are joined with ``;;``. Application numbers come with a kind
(``CN 201510123456 A``), which is dropped; a "Granted Patent" row's publication date
is its grant date.

>>> lens_application_number("CN 201510123456 A")
'CN201510123456'
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from patentnav.graph.ingest.base import ColumnSpec, ReadContext, Row, parse_ipc_list, read_records, split_lens
from patentnav.graph.ingest.records import Applicant, Inventor, PatentRecord, RowError
from patentnav.graph.ingest.tabular import Table
from patentnav.graph.normalize import (
    guess_organization_type,
    normalize_application_number,
    normalize_legal_status,
    normalize_name,
    normalize_publication_number,
    parse_date,
    patent_type_from,
)

__all__ = ["SPEC", "lens_application_number", "read"]

NAME = "lens"

SPEC = ColumnSpec(
    NAME,
    {
        "lens_id": ("Lens ID",),
        "jurisdiction": ("Jurisdiction",),
        "kind": ("Kind",),
        "display_key": ("Display Key",),
        "publication_date": ("Publication Date",),
        "application_number": ("Application Number",),
        "application_date": ("Application Date",),
        "title": ("Title",),
        "abstract": ("Abstract",),
        "applicants": ("Applicants",),
        "inventors": ("Inventors",),
        "owners": ("Owners",),
        "document_type": ("Document Type",),
        "cpc": ("CPC Classifications",),
        "ipc": ("IPCR Classifications", "IPC Classifications"),
        "legal_status": ("Legal Status",),
    },
    required=("display_key", "jurisdiction"),
    signature=("lens_id", "jurisdiction"),
)

_WITH_KIND = re.compile(r"^([A-Z]{2})\s*(.+?)\s+[A-Z]\d?$")


def lens_application_number(value: str) -> str:
    """Lens writes ``CC number kind``; return the normalised application number."""
    text = value.strip().upper()
    match = _WITH_KIND.match(text)
    if match:
        text = match.group(1) + match.group(2)
    return normalize_application_number(text, default_country=text[:2] if text[:2].isalpha() else "CN")


def read(table: Table, ctx: ReadContext) -> Iterator[PatentRecord | RowError]:
    """Yield one record (or row error) per data row."""
    return read_records(table, SPEC, lambda row: _record(row, ctx), ctx)


def _record(row: Row, ctx: ReadContext) -> PatentRecord:
    if not row["display_key"]:
        raise RowError("Display Key (publication number) is empty")
    number, kind = normalize_publication_number(row["display_key"])
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
    )


def _type_word(doc_type: str) -> str | None:
    for word in ("utility", "design"):
        if word in doc_type:
            return word
    return "invention" if "patent" in doc_type else None
