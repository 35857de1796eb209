"""``POST /ingest``: load one patent export file, only when an ingest token is configured.

The request is ``multipart/form-data`` with the file in ``file`` and an
``Authorization: Bearer <PATENTNAV_INGEST_TOKEN>`` header. Without a configured token
the route answers 403: ingest is a write, and the API is read-only by default.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, File, Form, UploadFile
from pydantic import BaseModel, Field

from patentnav.api.deps import QueryPoolDep, SettingsDep, StoreDep
from patentnav.api.problems import Problem, ProblemModel
from patentnav.api.security import require_ingest_token
from patentnav.api.uploads import file_problem, one_file, saved_upload
from patentnav.graph.ingest.loader import IngestFilter, IngestResult, ingest_file
from patentnav.graph.ingest.options import (
    OptionError,
    check_map_fields,
    column_map,
    fit_maps,
    known_industries,
    parse_only,
    read_column_file,
)
from patentnav.graph.ingest.records import FileError
from patentnav.graph.ingest.reference import Concordance
from patentnav.settings import xlsx_limits_from

__all__ = ["router"]

router = APIRouter(tags=["ingest"])


class RejectedRow(BaseModel):
    """A row that was not loaded."""

    line: int | str
    reason: str


class RowNotice(BaseModel):
    """A row that was loaded with something changed, e.g. control characters removed from a cell."""

    line: int | str
    field: str = Field(description="The column, by its header")
    reason: str = Field(description="What was changed, e.g. 'removed U+0000, U+0001'")


class IngestSummary(BaseModel):
    """What one ingest did."""

    file: str
    format: str | None
    sha256: str
    source: str = Field(description="IRI of the pnav:Source node")
    graph: str = Field(description="IRI of the file's named graph")
    already_loaded: bool
    rows_read: int
    patents_added: int
    duplicates_merged: int
    rows_rejected: int
    synthetic: bool
    rejected: list[RejectedRow] = Field(description="The first rejected rows (at most 100)")
    layout: str | None = Field(None, description="The tool the headers say made the file (patsnap, incopat, lens …)")
    rows_filtered: int = Field(0, description="Rows left out by the `only` scope (not errors)")
    out_of_scope: bool = Field(False, description="True when --only left out every row: nothing loaded, no graph")
    columns_ignored: list[str] = Field([], description="Headers not read, each with why ('序号: a row number')")
    rows_with_notices: int = Field(description="Rows loaded with something changed (control characters removed …)")
    notices: list[RowNotice] = Field(description="What was changed in those rows, per cell (at most 100)")


def _choices(
    store, fmt: str, pairs: list[str], columns: UploadFile | str | None, only: list[str]
) -> tuple[dict[str, str], dict[str, str], IngestFilter | None]:
    """The ``map``, ``columns`` and ``only`` form fields, checked as the CLI checks them (400 otherwise)."""
    try:
        explicit = column_map(pairs)
        if columns is None or isinstance(columns, str):
            from_files = read_column_file(columns, name="columns") if columns and columns.strip() else {}
        else:
            from_files = read_column_file(columns.file.read(), name=f"columns ({columns.filename or 'upload'})")
        from_files = {h: t for h, t in from_files.items() if h not in explicit}
        check_map_fields({**from_files, **explicit}, fmt)
        concordance = {row.industry for row in Concordance.bundled().rows}
        scope = parse_only(only, industries=known_industries(store), has_concordance=concordance.__contains__)
    except OptionError as exc:
        raise _bad_options(exc) from None
    return explicit, from_files, scope


def _bad_options(exc: OptionError) -> Problem:
    """400 for a bad form field, in the CLI's words with the field names of the form (map, only)."""
    detail = " ".join(str(exc).replace("--map ", "map ").replace("--only ", "only ").split())
    return Problem(400, "Bad ingest options", detail)


@router.post(
    "/ingest",
    response_model=IngestSummary,
    responses={
        400: {"model": ProblemModel},
        401: {"model": ProblemModel},
        403: {"model": ProblemModel},
        413: {"model": ProblemModel},
    },
    summary="Load one patent export file (needs the ingest token)",
    dependencies=[Depends(require_ingest_token), Depends(one_file)],
)
def post_ingest(
    store: StoreDep,
    settings: SettingsDep,
    pool: QueryPoolDep,
    file: Annotated[
        UploadFile,
        File(
            description="A CNIPA/incoPat/PatSnap/大为 CSV, XLSX, old Excel .xls, or a web page (HTML table) or Excel "
            "2003 XML spreadsheet saved as .xls; Google/Lens/Derwent/Espacenet CSV; any of these gzipped (.gz) or "
            "as the one export of a ZIP archive"
        ),
    ],
    format: Annotated[
        Literal["auto", "cnipa", "derwent", "espacenet", "google", "lens", "patentsview"],
        Form(description="Export format"),
    ] = "auto",
    column_pairs: Annotated[
        list[str] | None,
        Form(alias="map", description="Repeatable `HEADER=field` (or `HEADER=ignore`): read that column as field"),
    ] = None,
    columns: Annotated[
        UploadFile | str | None,
        Form(
            description="A two-column CSV `HEADER,field` (UTF-8), uploaded or as text: one `map` per row; its "
            "rows apply when the file has that header. `map` wins."
        ),
    ] = None,
    only: Annotated[
        list[str] | None,
        Form(
            description="Repeatable scope: `region=430000` (GB/T 2260 code) or `industry=construction-machinery`; "
            "several regions (or industries) = any, a region and an industry = both"
        ),
    ] = None,
) -> IngestSummary:
    """Ingest the uploaded file into its own named graph; the same file again changes nothing.

    A file that cannot be read as a whole answers 400 with the reason and loads nothing; so
    does an XLSX compressed like a decompression bomb, and one that unpacks to more than
    ``XLSX_MAX_UNCOMPRESSED_BYTES`` answers 413. Both are refused from the zip index,
    before any of the file is parsed; an old Excel .xls over ``XLS_MAX_BYTES`` and a web page or
    Excel 2003 XML spreadsheet over ``MARKUP_MAX_BYTES`` answer 413 too, before they are parsed.
    Rows loaded with control characters removed are
    counted and listed in ``notices``.
    PatentsView needs its companion tables and is loaded with the CLI instead.

    The form fields `map`, `columns` and `only` are the CLI's `--map`, `--columns` and `--only`;
    a bad value answers 400 (problem JSON) before anything is read.
    """
    explicit, from_files, scope = _choices(store, format, column_pairs or [], columns, only or [])
    # Beside the store, in a locked scratch folder: an upload left by a killed server is deleted at the next start.
    with saved_upload(store, file) as path:
        try:
            try:
                ((user_map, _),) = fit_maps([path], format, explicit, from_files)
            except OptionError as exc:
                raise _bad_options(exc) from None
            result = ingest_file(
                store,
                path,
                fmt=format,
                keep_rejections=100,
                column_map=user_map,
                only=scope,
                xlsx_limits=xlsx_limits_from(settings),
                transaction_limit=settings.ingest_transaction_limit,
            )
        except FileError as exc:
            raise file_problem(path.name, exc) from None
    if not result.already_loaded:
        # SPARQL worker processes hold the store as it was when they opened it: make them reopen.
        pool.refresh()
    return _summary(result)


def _summary(result: IngestResult) -> IngestSummary:
    return IngestSummary(
        file=result.file,
        format=result.format,
        sha256=result.sha256,
        source=result.source,
        graph=result.graph,
        already_loaded=result.already_loaded,
        rows_read=result.rows_read,
        patents_added=result.patents_added,
        duplicates_merged=result.duplicates_merged,
        rows_rejected=result.rows_rejected,
        synthetic=result.synthetic,
        rejected=[RejectedRow(line=r.line, reason=r.reason) for r in result.rejections],
        layout=result.layout,
        rows_filtered=result.rows_filtered,
        out_of_scope=result.out_of_scope,
        columns_ignored=result.columns_ignored,
        rows_with_notices=result.rows_with_notices,
        notices=[RowNotice(line=n.line, field=n.field, reason=n.reason) for n in result.notices[:100]],
    )


#: The bundled synthetic sample that ``POST /ingest/samples`` loads (``data/samples/README.md``).
SAMPLE = "samples/synthetic_cnipa.csv"


@router.post(
    "/ingest/samples",
    response_model=IngestSummary,
    responses={401: {"model": ProblemModel}, 403: {"model": ProblemModel}},
    summary="Load the bundled synthetic sample export (needs the ingest token)",
    dependencies=[Depends(require_ingest_token)],
)
def post_ingest_samples(store: StoreDep, pool: QueryPoolDep) -> IngestSummary:
    """Ingest ``data/samples/synthetic_cnipa.csv`` (20 synthetic patents, marked ``pnav:synthetic``).

    What the home page's button calls when the store holds no patents, so that the workspace
    has something to show; the same as ``patentnav ingest data/samples/synthetic_cnipa.csv``.
    Loading it again changes nothing (``already_loaded``).
    """
    from patentnav.data import data_path

    result = ingest_file(store, data_path(SAMPLE), synthetic=True, keep_rejections=100)
    if not result.already_loaded:
        pool.refresh()
    return _summary(result)
