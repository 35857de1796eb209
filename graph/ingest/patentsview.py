"""PatentsView bulk TSV (``g_patent.tsv`` and the tables joined to it on ``patent_id``).

``g_patent.tsv`` is the file users name; its companions are read from the same
folder when present: ``g_application.tsv`` (application number and filing date;
required), ``g_assignee_disambiguated.tsv`` and ``g_location_disambiguated.tsv``
(applicants and their country), ``g_inventor_disambiguated.tsv``,
``g_ipc_at_issue.tsv``, ``g_cpc_current.tsv`` and ``g_us_patent_citation.tsv`` (the US
patents each patent cites). Companion tables are indexed in a temporary SQLite file, so
memory stays bounded however big the tables are.

A patent's publication number is ``US`` + ``patent_id`` + ``wipo_kind`` (``US10123456B2``);
a cited patent's is built the same way from ``citation_patent_id`` and the citation row's
``wipo_kind``, so a cited patent of the same dataset resolves to that patent.

>>> us_number("10123456", "B2"), us_number("D800123", "S1"), us_number(" 4,123,456 ", "")
('US10123456B2', 'USD800123S1', 'US4123456')
"""

from __future__ import annotations

import csv
import re
import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from patentnav.graph.ingest.base import ColumnSpec, ReadContext, Row, read_records
from patentnav.graph.ingest.normalize import (
    IPCCode,
    NormalizeError,
    Place,
    guess_organization_type,
    normalize_name,
    parse_count,
    parse_date,
    parse_ipc,
    patent_type_from,
)
from patentnav.graph.ingest.records import Applicant, FileError, Inventor, Notice, PatentRecord, RowError
from patentnav.graph.ingest.tabular import Table, open_table

__all__ = ["COMPANIONS", "SPEC", "companion_files", "read", "us_number"]

NAME = "patentsview"

SPEC = ColumnSpec(
    NAME,
    {
        "patent_id": ("patent_id",),
        "patent_type": ("patent_type",),
        "patent_date": ("patent_date",),
        "title": ("patent_title",),
        "abstract": ("patent_abstract",),
        "wipo_kind": ("wipo_kind",),
        "claims_count": ("num_claims",),
        "withdrawn": ("withdrawn",),
    },
    required=("patent_id", "patent_date"),
    signature=("patent_id", "title", "patent_date"),
    known={"filename": "the USPTO bulk file the patent came from"},
)

#: companion file -> (columns kept, required?)
COMPANIONS: dict[str, tuple[tuple[str, ...], bool]] = {
    "g_application.tsv": (("patent_id", "application_id", "filing_date"), True),
    "g_assignee_disambiguated.tsv": (
        (
            "patent_id",
            "assignee_sequence",
            "disambig_assignee_individual_name_first",
            "disambig_assignee_individual_name_last",
            "disambig_assignee_organization",
            "location_id",
        ),
        False,
    ),
    "g_location_disambiguated.tsv": (("location_id", "disambig_city", "disambig_state", "disambig_country"), False),
    "g_inventor_disambiguated.tsv": (
        ("patent_id", "inventor_sequence", "disambig_inventor_name_first", "disambig_inventor_name_last"),
        False,
    ),
    "g_ipc_at_issue.tsv": (
        ("patent_id", "ipc_sequence", "section", "ipc_class", "subclass", "main_group", "subgroup"),
        False,
    ),
    "g_cpc_current.tsv": (("patent_id", "cpc_sequence", "cpc_group"), False),
    "g_us_patent_citation.tsv": (("patent_id", "citation_sequence", "citation_patent_id", "wipo_kind"), False),
}


def companion_files(main: Path) -> list[Path]:
    """The companion tables present beside ``g_patent.tsv`` (sorted, for hashing)."""
    return sorted(p for name in COMPANIONS if (p := main.with_name(name)).is_file())


def _table_name(file_name: str) -> str:
    return file_name.removesuffix(".tsv")


def _has_columns(columns: tuple[str, ...]) -> Callable[[list[str]], bool]:
    """A header test: the header names every one of ``columns``."""
    return lambda names: all(c in names for c in columns)


def _load_companions(main: Path, db: sqlite3.Connection) -> set[str]:
    present = set()
    for file_name, (columns, required) in COMPANIONS.items():
        path = main.with_name(file_name)
        if not path.is_file():
            if required:
                raise FileError(f"PatentsView needs {file_name} beside {main.name} (for application numbers and dates)")
            continue
        table = open_table(path, _has_columns(columns[:2]), delimiter="\t")
        index = {c: table.headers.index(c) for c in columns if c in table.headers}
        missing = [c for c in columns if c not in index]
        if missing:
            raise FileError(
                f"{file_name}: missing column(s) {', '.join(missing)}; headers seen: {', '.join(table.headers)}"
            )
        name = _table_name(file_name)
        db.execute(f"CREATE TABLE {name} ({', '.join(columns)})")
        placeholders = ", ".join("?" for _ in columns)
        batch = []
        for _, cells in table.rows():
            batch.append(tuple(cells[index[c]] if index[c] < len(cells) else "" for c in columns))
            if len(batch) >= 10_000:
                db.executemany(f"INSERT INTO {name} VALUES ({placeholders})", batch)  # noqa: S608
                batch.clear()
        db.executemany(f"INSERT INTO {name} VALUES ({placeholders})", batch)  # noqa: S608
        db.execute(f"CREATE INDEX {name}_key ON {name} ({columns[0]})")
        present.add(name)
    return present


def read(table: Table, ctx: ReadContext) -> Iterator[PatentRecord | RowError]:
    """Yield one record (or row error) per ``g_patent`` row, joined with its companions."""
    if ctx.layout == "generic":
        ctx.layout = NAME
    csv.field_size_limit(2**31 - 1)
    with tempfile.TemporaryDirectory(prefix="patentnav-pv-") as tmp:
        db = sqlite3.connect(Path(tmp) / "join.sqlite")
        try:
            present = _load_companions(table.path, db)
            yield from read_records(table, SPEC, lambda row: _record(row, ctx, db, present), ctx)
        finally:
            db.close()


def us_number(patent_id: str, kind: str | None) -> str:
    """A US publication number as this reader writes it: ``US`` + the patent id (letters and digits) + the kind."""
    return "US" + "".join(ch for ch in patent_id if ch.isalnum()).upper() + (kind or "").strip().upper()


_CJK_NAME = re.compile(r"^[\u3400-\u9fff·]+$")


def person_name(first: str | None, last: str | None) -> str:
    """Join a first/last name pair in the order the name is written.

    Chinese, Japanese and Korean names in Han characters put the family name first
    with no space (``郑`` + ``刚平`` is ``郑刚平``, as CNIPA writes it); others are
    ``first last``.

    >>> person_name("刚平", "郑"), person_name("Gangping", "Zheng"), person_name("", "Zheng")
    ('郑刚平', 'Gangping Zheng', 'Zheng')
    """
    first, last = (first or "").strip(), (last or "").strip()
    if first and last and _CJK_NAME.match(first) and _CJK_NAME.match(last):
        return last + first
    return " ".join(p for p in (first, last) if p)


_ASSIGNEES = (
    "SELECT a.disambig_assignee_organization, a.disambig_assignee_individual_name_first, "
    "a.disambig_assignee_individual_name_last, l.disambig_country FROM g_assignee_disambiguated a "
    "LEFT JOIN g_location_disambiguated l ON l.location_id = a.location_id "
    "WHERE a.patent_id = ? ORDER BY CAST(a.assignee_sequence AS INTEGER)"
)
_ASSIGNEES_NO_LOCATION = (
    "SELECT disambig_assignee_organization, disambig_assignee_individual_name_first, "
    "disambig_assignee_individual_name_last, NULL FROM g_assignee_disambiguated "
    "WHERE patent_id = ? ORDER BY CAST(assignee_sequence AS INTEGER)"
)


def _record(row: Row, ctx: ReadContext, db: sqlite3.Connection, present: set[str]) -> PatentRecord:
    """One ``g_patent.tsv`` row with what the companion tables (those ``present``) say of the patent."""
    patent_id = row["patent_id"]
    if not patent_id:
        raise RowError("patent_id is empty")
    app, filed = _application(db, patent_id)
    kind = row["wipo_kind"] or None
    number = us_number(patent_id, kind)
    notices: list[Notice] = []
    applicants = _assignees(db, patent_id, ctx, present) if "g_assignee_disambiguated" in present else []
    inventors = _inventors(db, patent_id) if "g_inventor_disambiguated" in present else []
    ipc = _ipc_at_issue(db, patent_id) if "g_ipc_at_issue" in present else []
    cpc = _cpc_current(db, patent_id) if "g_cpc_current" in present else []
    cited = _cited(db, patent_id, number, row.line, notices) if "g_us_patent_citation" in present else []
    claims = None
    if row["claims_count"]:
        claims = parse_count(row["claims_count"])
        if claims is None:
            notices.append(Notice(row.line, "claims_count", f"{row['claims_count']!r} is not a count: left out"))
    grant = parse_date(row["patent_date"])
    withdrawn = row["withdrawn"] in ("1", "true", "True")
    return PatentRecord(
        line=row.line,
        application_number=app,
        publication_numbers=[number],
        kind=kind,
        application_date=parse_date(filed),
        publication_date=grant,
        grant_date=grant,
        patent_type=patent_type_from(app, kind, row["patent_type"]),
        title=row["title"] or None,
        title_lang="en",
        abstract=row["abstract"] or None,
        applicants=applicants,
        inventors=inventors,
        ipc_main=ipc[0] if ipc else None,  # ipc_sequence 0 is the first-listed (main) IPC at issue
        ipc=ipc,
        cpc=cpc,
        legal_status="inactive" if withdrawn else "unknown",
        legal_status_raw="withdrawn" if withdrawn else None,
        country="US",
        cited=cited,
        claims_count=claims,
        notices=notices,
    )


def _application(db: sqlite3.Connection, patent_id: str) -> tuple[str, str | None]:
    """The patent's application number (``US`` prefixed when bare) and filing date, from ``g_application``."""
    app_row = db.execute(
        "SELECT application_id, filing_date FROM g_application WHERE patent_id = ?", (patent_id,)
    ).fetchone()
    if app_row is None:
        raise RowError(f"patent {patent_id} has no row in g_application.tsv")
    application_id = "".join(ch for ch in app_row[0] if ch.isalnum()).upper()
    if not application_id:
        raise RowError(f"patent {patent_id}: application_id is empty in g_application.tsv")
    app = application_id if application_id[:2].isalpha() else "US" + application_id
    return app, app_row[1]


def _assignees(db: sqlite3.Connection, patent_id: str, ctx: ReadContext, present: set[str]) -> list[Applicant]:
    """The patent's assignees, organisations or people, with their country when the locations table is there."""
    applicants = []
    query = _ASSIGNEES if "g_location_disambiguated" in present else _ASSIGNEES_NO_LOCATION
    for org, first, last, country in db.execute(query, (patent_id,)):
        raw = org or person_name(first, last)
        if not raw.strip():
            continue
        name = normalize_name(raw, ctx.aliases)
        kind_name = guess_organization_type(name) if org else "individual"
        cc = (country or "").strip().upper()[:2] or None
        applicants.append(
            Applicant(raw_name=raw, name=name, org_type=kind_name, place=Place(country=cc) if cc else None)
        )
    return applicants


def _inventors(db: sqlite3.Connection, patent_id: str) -> list[Inventor]:
    """The patent's inventors in their order."""
    inventors = []
    for first, last in db.execute(
        "SELECT disambig_inventor_name_first, disambig_inventor_name_last FROM g_inventor_disambiguated "
        "WHERE patent_id = ? ORDER BY CAST(inventor_sequence AS INTEGER)",
        (patent_id,),
    ):
        full = person_name(first, last)
        if full:
            inventors.append(Inventor(normalize_name(full)))
    return inventors


def _ipc_at_issue(db: sqlite3.Connection, patent_id: str) -> list[IPCCode]:
    """The patent's IPC codes at issue, in order, each once."""
    ipc: list[IPCCode] = []
    for section, klass, sub, group, subgroup in db.execute(
        "SELECT section, ipc_class, subclass, main_group, subgroup FROM g_ipc_at_issue WHERE patent_id = ? "
        "ORDER BY CAST(ipc_sequence AS INTEGER)",
        (patent_id,),
    ):
        klass = (klass or "").strip()
        klass = klass[1:] if klass[:1].isalpha() else klass.zfill(2)
        symbol = f"{section}{klass}{sub}{group}/{subgroup}" if group else f"{section}{klass}{sub}"
        _add_code(ipc, symbol, "g_ipc_at_issue.tsv")
    return ipc


def _cpc_current(db: sqlite3.Connection, patent_id: str) -> list[IPCCode]:
    """The patent's current CPC groups, in order, each once."""
    cpc: list[IPCCode] = []
    for (group,) in db.execute(
        "SELECT cpc_group FROM g_cpc_current WHERE patent_id = ? ORDER BY CAST(cpc_sequence AS INTEGER)",
        (patent_id,),
    ):
        _add_code(cpc, group, "g_cpc_current.tsv")
    return cpc


def _add_code(codes: list[IPCCode], symbol: str, table: str) -> None:
    """Append the parsed ``symbol`` to ``codes`` unless it is there; one that does not parse rejects the row."""
    try:
        code = parse_ipc(symbol)
    except NormalizeError as exc:
        raise RowError(f"{table}: {exc}") from None
    if code not in codes:
        codes.append(code)


def _cited(db: sqlite3.Connection, patent_id: str, number: str, line: int | str, notices: list[Notice]) -> list[str]:
    """The US patents the patent cites, by number, each once (not itself); ids that are not patents noticed."""
    cited: list[str] = []
    for cited_id, cited_kind in db.execute(
        "SELECT citation_patent_id, wipo_kind FROM g_us_patent_citation WHERE patent_id = ? "
        "ORDER BY CAST(citation_sequence AS INTEGER)",
        (patent_id,),
    ):
        if not any(ch.isdigit() for ch in cited_id or ""):
            if (cited_id or "").strip():
                notices.append(Notice(line, "g_us_patent_citation.tsv", f"{cited_id!r} is not a patent id: left out"))
            continue
        cited_number = us_number(cited_id, cited_kind)
        if cited_number not in cited and cited_number != number:
            cited.append(cited_number)
    return cited
