"""Look at an export before loading it: its format and why, each column's field, what is missing, sample records.

:func:`inspect_file` opens a file the way ingest does (:func:`~patentnav.graph.ingest.formats.detect_export`),
reads its first few records with the very reader and header mapping ingest would use, and loads nothing.
The :class:`InspectReport` says

- the format and why (which headers told it), the layout (which tool made the file), the encoding,
  the header row (title rows above it are skipped) and, for XLSX, the sheets read and the others;
- for every column, the field it gives and how it was matched (``alias``, ``normalised``, ``known``,
  ``suggested``, ``user``, ``duplicate``, ``ignored``), with a note (see :mod:`~patentnav.graph.ingest.columns`);
- the fields a navigation analysis would miss: the ones the format can carry but the file lacks, each with
  the analysis that needs it (:data:`ANALYSIS_NEEDS`) and the header that would give it;
- a few parsed records (IPC codes with their English titles when the ``ipc-titles`` extra is installed;
  applicants with where ingest would place them) and the row errors met on the way, with their lines.

The module stays whole: the report's dataclasses, :func:`inspect_file` and its sample-reading and applicant-
placing helpers make one report, and nothing else uses the helpers.

>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "export.csv"
>>> _ = p.write_text("申请号,名称,申请人名称,序号\\n201510123456.7,一种起重机,合成样例重工有限公司,1\\n", "utf-8")
>>> report = inspect_file(p, place=False)
>>> report.format, report.header_line, [(c.header, c.field, c.how) for c in report.columns]
('cnipa', 1, [('申请号', 'application_number', 'alias'), ('名称', 'title', 'alias'), \
('申请人名称', 'applicants', 'alias'), ('序号', None, 'known')])
>>> report.samples[0].record["application_number"]
'CN201510123456'
"""

from __future__ import annotations

import dataclasses
import io
import shutil
from collections.abc import Iterable, Mapping
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from patentnav.graph.ingest.archives import archive_kind, single_export, unpack_folder
from patentnav.graph.ingest.base import ReadContext
from patentnav.graph.ingest.cnipa import layout_of, vendor_of
from patentnav.graph.ingest.formats import detect_export, export_path
from patentnav.graph.ingest.normalize import IPCCode, Place, load_aliases
from patentnav.graph.ingest.records import Applicant, PatentRecord, RowError
from patentnav.graph.ipc_titles import ipc_title

__all__ = [
    "ANALYSIS_NEEDS",
    "ColumnReport",
    "InspectReport",
    "MissingField",
    "SampleError",
    "SampleRecord",
    "inspect_file",
]

_REGION = "region analyses (home/foreign shares, RTA, weak fields, dependence, targets)"
_OPERATIONS = "patent operations (transfers, licences, pledges)"
_DISPUTES = "dispute early warning (litigation, invalidation, reexamination)"
_FAMILY = "outbound layout (family members abroad)"
_KEY = "key patents (forward citations)"

#: What each analysis needs, as groups of fields: an analysis misses its data only when *no* field of its
#: group is in the file (an address places an applicant as well as province/city columns do). Only fields
#: the chosen format can carry are reported (a Google Patents CSV never has addresses).
ANALYSIS_NEEDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        _REGION,
        (
            "address",
            "holder_address",
            "province",
            "city",
            "district",
            "province_code",
            "country",
            "applicant_countries",
            "applicant_province",
            "applicant_city",
            "applicant_district",
            "applicant_country",
        ),
    ),
    ("technology transfer by applicant type (enterprise, university, institute)", ("applicant_type", "holder_type")),
    ("current holders (who owns the patent now)", ("current_holders", "current_holders_standardized")),
    ("organisation identity (one node per company, whatever its spelling)", ("credit_code",)),
    (_KEY, ("citing", "citing_count", "citing_count_5y", "family_citing_count")),
    ("citation network (backward citations)", ("cited", "cited_count")),
    (
        _FAMILY,
        (
            "simple_family",
            "extended_family",
            "docdb_family",
            "dwpi_family",
            "simple_family_size",
            "extended_family_size",
            "docdb_family_size",
            "dwpi_family_size",
        ),
    ),
    (
        _OPERATIONS,
        (
            "transferors",
            "transferees",
            "transfer_count",
            "licensors",
            "licensees",
            "licence_count",
            "pledgors",
            "pledgees",
            "pledge_count",
            "legal_events",
        ),
    ),
    (
        _DISPUTES,
        (
            "plaintiffs",
            "defendants",
            "litigation_count",
            "invalidation_requesters",
            "invalidation_count",
            "reexamination_requesters",
            "reexamination_count",
        ),
    ),
    (
        "operations and disputes by year (event dates)",
        ("transfer_dates", "licence_dates", "pledge_dates", "invalidation_dates", "reexamination_dates"),
    ),
    ("expiry warnings (lapse date, patent life)", ("lapse_date", "life_months")),
    ("priority and filing routes", ("priority_numbers", "priority_dates", "earliest_priority_date")),
    ("agency analysis (who files for whom)", ("agency", "agents")),
    ("claim breadth (claims counts, first claim)", ("claims_count", "independent_claims_count", "first_claim")),
    ("industry assignment (IPC -> industry) and technology fields", ("ipc", "ipc_main", "cpc")),
    ("legal status shares (valid, pending, lapsed)", ("legal_status",)),
)
#: Field -> the analysis that needs it (the table above, by field).
FIELD_NEEDS: dict[str, str] = {f: analysis for analysis, fields in ANALYSIS_NEEDS for f in fields}


@dataclass
class ColumnReport:
    """One column: its header, the field it gives (``None``: not read), how it was matched, why."""

    index: int
    header: str
    field: str | None
    how: str
    note: str = ""


@dataclass
class MissingField:
    """A field the format can carry and the file lacks: the analysis it would feed, the header that gives it."""

    field: str
    needed_for: str
    header: str


@dataclass
class SampleRecord:
    """One parsed record as plain values (dates ISO, IPC codes with titles, applicants with their place)."""

    line: int | str
    record: dict[str, Any]
    notices: list[str] = field(default_factory=list)


@dataclass
class SampleError:
    """A row the reader rejected: where and why (ingest would skip and report it)."""

    line: int | str | None
    reason: str


@dataclass
class InspectReport:
    """What ingest would make of a file, before anything is loaded (see the module docstring)."""

    file: str
    path: str
    format: str
    reason: str
    layout: str
    vendor: str | None
    encoding: str
    header_line: int
    sheets: list[str]
    other_sheets: list[str]
    columns: list[ColumnReport]
    missing: list[MissingField]
    samples: list[SampleRecord]
    errors: list[SampleError]
    #: Header rows met again among the rows read (skipped by ingest).
    repeated_headers: int = 0
    #: Whether English IPC titles were available (the ``ipc-titles`` extra).
    ipc_titles: bool = False

    @property
    def title_rows(self) -> int:
        """Rows above the header (title rows the header search skipped; for XLSX, in its sheet)."""
        return max(0, self.header_line - 1)

    def used(self) -> list[ColumnReport]:
        """The columns read."""
        return [c for c in self.columns if c.field is not None]

    def unused(self) -> list[ColumnReport]:
        """The columns not read (ignored, known-unneeded, duplicates, dropped by the user)."""
        return [c for c in self.columns if c.field is None]

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON-ready values (``json.dumps(report.to_dict(), ensure_ascii=False)``).

        >>> InspectReport("a.csv", "/a.csv", "cnipa", "", "generic", None, "utf-8", 1, [], [], [], [], [], []
        ...               ).to_dict()["header_line"]
        1
        """
        out = dataclasses.asdict(self)
        out["title_rows"] = self.title_rows
        out["counts"] = {
            "columns": len(self.columns),
            "read": len(self.used()),
            **{how: sum(1 for c in self.columns if c.how == how) for how in sorted({c.how for c in self.columns})},
        }
        return out


def inspect_file(
    path: Path | str,
    fmt: str = "auto",
    column_map: Mapping[str, str] | None = None,
    samples: int = 3,
    *,
    alias_files: Iterable[Path | str] = (),
    place: bool = True,
) -> InspectReport:
    """Report what ingest would make of ``path`` (an export, or a PatentsView folder), loading nothing.

    ``fmt`` forces the export format (``auto`` tells it from the header row), ``column_map`` is the
    user's ``HEADER -> field`` map (``--map`` / ``--columns``), ``samples`` the number of records to
    parse (0: none). ``place`` resolves where the sample applicants sit, as ingest would (cpca).
    Raises :class:`~patentnav.graph.ingest.records.FileError` when ingest would refuse the file,
    with the same message.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "e.csv"
    >>> rows = "申请号,名称,申请人,申请人地址\\n201510123456.7,一种起重机,某公司,湖南省长沙市岳麓区\\n"
    >>> _ = p.write_text(rows, "utf-8")
    >>> r = inspect_file(p)
    >>> r.samples[0].record["applicants"][0]["placed"]["code"], [m.field for m in r.missing][:2]
    ('430104', ['applicant_type', 'holder_type'])
    """
    path = export_path(path)
    if path.is_file() and archive_kind(path) is not None:  # a .csv.gz, or a ZIP holding one export
        folder = unpack_folder()
        try:
            member = single_export(path, folder)
            report = inspect_file(member.path, fmt, column_map, samples, alias_files=alias_files, place=place)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        return dataclasses.replace(report, file=member.label, path=str(path))
    user = dict(column_map or {})
    detection, table = detect_export(path, fmt, user)
    export = detection.format
    ctx = ReadContext(aliases=load_aliases(alias_files), column_map=user, mapping=detection.mapping)
    if export.name == "cnipa":
        ctx.layout = layout_of(table.headers)
        ctx.vendor = vendor_of(ctx.layout, table.headers)
    else:
        ctx.layout = export.name
    columns = [ColumnReport(c.index, c.header, c.field, c.how, c.note) for c in detection.mapping.columns]
    present = set(detection.mapping.fields)
    missing = [
        MissingField(fname, analysis, export.spec.aliases[fname][0])
        for analysis, fields in ANALYSIS_NEEDS
        if not present.intersection(fields)
        for fname in fields
        if fname in export.spec.aliases
    ]
    read, errors = _read_samples(export.read(table, ctx), samples)
    # Ingest resolves addresses and region names for Chinese-header files only; other readers place applicants.
    placer = _Placer(resolve=export.name == "cnipa") if place and any(_locatable(r) for r in read) else None
    titles: dict[str, str | None] = {}
    report_samples = []
    for record in read:
        notices = [f"{n.field}: {n.reason}" for n in record.notices]
        plain = _record(record, placer, titles, notices)
        report_samples.append(SampleRecord(record.line, plain, notices))
    sheets = [s for s in (table.sheet or "").split(", ") if s]
    return InspectReport(
        file=path.name,
        path=str(path),
        format=export.name,
        reason=detection.reason,
        layout=ctx.layout,
        vendor=ctx.vendor,
        encoding=table.encoding,
        header_line=table.header_line,
        sheets=sheets,
        other_sheets=list(table.other_sheets),
        columns=columns,
        missing=missing,
        samples=report_samples,
        errors=errors,
        repeated_headers=ctx.repeated_headers,
        ipc_titles=any(t is not None for t in titles.values()),
    )


def _read_samples(
    items: Iterable[PatentRecord | RowError], wanted: int
) -> tuple[list[PatentRecord], list[SampleError]]:
    """The first ``wanted`` records and the errors before them (at most ``max(wanted, 10)``); the reader is closed."""
    records: list[PatentRecord] = []
    errors: list[SampleError] = []
    iterator = iter(items)
    try:
        if wanted <= 0:
            return records, errors
        for item in iterator:
            if isinstance(item, RowError):
                errors.append(SampleError(item.line, item.reason))
                if len(errors) >= max(wanted, 10):
                    break
                continue
            records.append(item)
            if len(records) >= wanted:
                break
    finally:
        close = getattr(iterator, "close", None)
        if close is not None:
            with suppress(Exception):
                close()  # an XLSX reader holds the workbook open until its rows are closed
    return records, errors


def _locatable(record: PatentRecord) -> bool:
    return any(
        a.place is not None or a.address or a.region_names or a.province_code or a.country_hint
        for a in (*record.applicants, *record.current_holders)
    )


class _Placer:
    """Where ingest's writer would place an applicant (its own rule, on a writer that writes nowhere)."""

    def __init__(self, *, resolve: bool) -> None:
        from patentnav.graph.ingest.normalize import AddressResolver
        from patentnav.graph.ingest.rdf import GraphWriter

        self.notices: list[str] = []
        self.writer = GraphWriter(
            io.StringIO(),
            "urn:patentnav:inspect",
            concordance=None,
            resolver=AddressResolver() if resolve else None,
            on_notice=lambda n: self.notices.append(f"{n.field}: {n.reason}"),
        )

    def place(self, applicant: Applicant, line: int | str, notices: list[str]) -> dict[str, Any] | None:
        locate = getattr(self.writer, "_locate", None)
        if locate is None:
            return None
        place, placed_by = locate(applicant, line)
        notices.extend(self.notices)
        self.notices.clear()
        return _place(place, placed_by)


def _place(place: Place | None, placed_by: str) -> dict[str, Any] | None:
    if place is None:
        return None
    return {
        "code": place.code,
        "name": "".join(name for _, name, _ in place.chain) or None,
        "country": place.country,
        "by": placed_by,
    }


def _record(
    record: PatentRecord, placer: _Placer | None, titles: dict[str, str | None], notices: list[str]
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in dataclasses.fields(record):
        if f.name in ("line", "notices") or (f.name == "title_lang" and not record.title):
            continue
        value = getattr(record, f.name)
        if f.name in ("applicants", "current_holders"):
            plain = [_applicant(a, record.line, placer, notices) for a in value]
        else:
            plain = _plain(value, titles)
        if plain not in (None, "", [], {}):
            out[f.name] = plain
    return out


def _applicant(a: Applicant, line: int | str, placer: _Placer | None, notices: list[str]) -> dict[str, Any]:
    out = _plain(a, {})
    if placer is not None:
        placed = placer.place(a, line, notices)
        if placed is not None:
            out["placed"] = placed
    return out


def _plain(value: Any, titles: dict[str, str | None]) -> Any:
    """A record value as JSON-ready data: dataclasses as dicts of their non-empty fields, dates ISO."""
    if isinstance(value, IPCCode):
        symbol = value.symbol
        if symbol not in titles:
            titles[symbol] = ipc_title(value)
        return {"symbol": symbol, "title": titles[symbol]}
    if isinstance(value, date):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out = {}
        for f in dataclasses.fields(value):
            plain = _plain(getattr(value, f.name), titles)
            if plain not in (None, "", [], {}, ()):
                out[f.name] = plain
        return out
    if isinstance(value, list | tuple):
        return [_plain(v, titles) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v, titles) for k, v in value.items()}
    return value
