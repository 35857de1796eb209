"""``POST /policy``: load one policy workbook (needs the ingest token); ``GET /policy``: the loaded plans.

The request is ``multipart/form-data`` with the workbook (XLSX, or YAML with the same tables) in
``file`` and ``Authorization: Bearer <PATENTNAV_INGEST_TOKEN>``, as for ``POST /ingest``.
A workbook with problems answers 400 with problem JSON whose ``errors`` lists each one (sheet,
row, column, reason); a plan already loaded from another file answers 409. Nothing is loaded then.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, File, UploadFile
from pydantic import BaseModel, Field

from patentnav.api.deps import QueryPoolDep, SettingsDep, StoreDep
from patentnav.api.problems import Problem, ProblemModel
from patentnav.api.security import require_ingest_token
from patentnav.api.uploads import file_problem, one_file, saved_upload, upload_name
from patentnav.settings import xlsx_limits_from

__all__ = ["router"]

router = APIRouter(tags=["policy"])


class PlanSummary(BaseModel):
    """What one ``POST /policy`` did."""

    plan: str = Field(description="The plan's id")
    file: str
    sha256: str
    graph: str = Field(description="IRI of the plan's named graph")
    already_loaded: bool = Field(description="The same file was loaded before: nothing changed")
    replaced: bool = Field(description="An earlier version of the same file's plan was replaced")
    fictitious: bool
    rows: dict[str, int] = Field(description="Rows per sheet")
    triples: int
    industry_links: int = Field(description="Patents already in the store linked to the plan's industries (IPC)")


class PlanListing(BaseModel):
    """One loaded plan."""

    id: str
    label_zh: str | None
    label_en: str | None
    fictitious: bool
    tasks: int
    targets: int
    file: str | None = Field(description="The workbook the plan was loaded from")
    sha256: str | None
    loaded: str | None
    graph: str


class WorkbookProblem(BaseModel):
    """One thing wrong with a workbook."""

    sheet: str | None
    row: int | None
    column: str | None
    reason: str


class WorkbookProblemModel(ProblemModel):
    """Problem details of a workbook that cannot be loaded, with each problem."""

    errors: list[WorkbookProblem] = Field(default_factory=list)


@router.get("/policy", response_model=list[PlanListing], summary="The loaded plans")
def get_policy(store: StoreDep) -> list[PlanListing]:
    """Every plan in the store (the bundled Hunan pilot and those loaded with ``POST /policy``), with its
    workbook file; the ids are what ``/views/overview?plan=`` takes."""
    from patentnav.graph.policy import list_plans

    return [PlanListing(**{k: v for k, v in p.items() if k != "plan"}) for p in list_plans(store)]


@router.post(
    "/policy",
    response_model=PlanSummary,
    responses={
        400: {"model": WorkbookProblemModel},
        401: {"model": ProblemModel},
        403: {"model": ProblemModel},
        409: {"model": WorkbookProblemModel},
        413: {"model": ProblemModel},
    },
    summary="Load one policy workbook (needs the ingest token)",
    dependencies=[Depends(require_ingest_token), Depends(one_file)],
)
def post_policy(
    store: StoreDep,
    settings: SettingsDep,
    pool: QueryPoolDep,
    file: Annotated[UploadFile, File(description="A policy workbook: .xlsx, or .yaml with the same tables")],
) -> PlanSummary:
    """Load the workbook's plan into its own named graph; the same file again changes nothing.

    Everything is checked first (sheets, columns, ids, every id a row names, GB/T 2260 codes,
    numbers, years, comparators, targets' values and units, then the SHACL shapes); a workbook
    with any problem answers 400 and loads nothing. A changed file of the same name replaces its
    plan; a plan id loaded from another file answers 409 naming that file. Get the template with
    ``patentnav policy template -o plan.xlsx``.
    """
    from patentnav.graph.ingest.records import FileError
    from patentnav.graph.policy import PlanConflictError, PlanInputError, add_plan

    name = upload_name(file.filename)
    with saved_upload(store, file) as path:
        try:
            result = add_plan(store, path, display_name=name, xlsx_limits=xlsx_limits_from(settings))
        except PlanInputError as exc:
            status, title = (
                (409, "Plan already loaded")
                if isinstance(exc, PlanConflictError)
                else (400, "Cannot load the workbook")
            )
            more = f" (and {len(exc.problems) - 1} more, see errors)" if len(exc.problems) > 1 else ""
            raise Problem(
                status,
                title,
                f"{name}: {exc.problems[0]}{more}; nothing loaded",
                errors=[p.as_dict() for p in exc.problems],
            ) from None
        except FileError as exc:
            raise file_problem(name, exc) from None
    if not result.already_loaded:
        pool.refresh()  # SPARQL workers reopen the store and see the plan
    return PlanSummary(
        plan=result.plan,
        file=result.file,
        sha256=result.sha256,
        graph=result.graph,
        already_loaded=result.already_loaded,
        replaced=result.replaced,
        fictitious=result.fictitious,
        rows=result.rows,
        triples=result.quads,
        industry_links=result.industry_links,
    )
