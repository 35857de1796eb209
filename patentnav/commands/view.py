"""``patentnav view overview|entity|landscape|coapplicants|ipc|citations|transfers … -o FILE.html``: interactive HTML.

Each page is self-contained (opens from disk with no network) and is the same page the
API serves at ``/views/…`` with the same parameters.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from patentnav.commands.common import StoreOption, fail, open_cli_store
from patentnav.commands.entities import resolve_entity
from patentnav.graph.entities import MAX_DEPTH
from patentnav.graph.errors import UnknownEntityError
from patentnav.graph.viz.limits import DEFAULT_MAX_LINKS, DEFAULT_MAX_NODES, HARD_MAX_LINKS, HARD_MAX_NODES

view_app = typer.Typer(
    help="Write an interactive graph view as one self-contained HTML file (opens from disk, no network).",
    no_args_is_help=True,
)


class Lang(StrEnum):
    """Label language."""

    zh = "zh"
    en = "en"


OutputOption = Annotated[
    Path, typer.Option("--output", "-o", help="HTML file to write.", dir_okay=False, writable=True)
]
LangOption = Annotated[Lang, typer.Option("--lang", help="Label language at first (the page has a toggle).")]
MaxNodesOption = Annotated[
    int,
    typer.Option("--max-nodes", min=1, max=HARD_MAX_NODES, help="Cap: keep the nodes with most patents."),
]
IndustryOption = Annotated[
    str | None, typer.Option("--industry", help="Industry id or IRI, e.g. construction-machinery.")
]
RegionOption = Annotated[str | None, typer.Option("--region", help="Region id or IRI, e.g. 430100 or changzhutan.")]


class Level(StrEnum):
    """IPC level the classes are rolled up to."""

    main_group = "main_group"
    subclass = "subclass"


class CitationLevel(StrEnum):
    """Nodes of the citation network."""

    org = "org"
    patent = "patent"


class PlaceLevel(StrEnum):
    """Administrative level of the places of the transfer flows."""

    province = "province"
    prefecture = "prefecture"
    county = "county"


class FlowMode(StrEnum):
    """The flows a transfer page shows first."""

    type = "type"
    region = "region"


def _write(output: Path, build: Callable[[], str]) -> None:
    try:
        html = build()
    except UnknownEntityError as exc:
        fail(f"unknown entity {exc.args[0]}")
    except ValueError as exc:
        fail(str(exc))
    try:
        output.write_text(html, encoding="utf-8")
    except OSError as exc:
        fail(f"{output}: cannot write: {exc.strerror or exc}")
    Console(stderr=True).print(
        f"wrote {output} ({len(html.encode()) // 1024} KiB); open it in a browser", highlight=False
    )


@view_app.command()
def overview(
    output: OutputOption,
    store: StoreOption = None,
    lang: LangOption = Lang.zh,
    plan: Annotated[
        str | None,
        typer.Option("--plan", "-p", help="Id of a loaded plan (`patentnav policy list`); default the Hunan pilot."),
    ] = None,
) -> None:
    """Policy overview: plan -> tasks and targets -> industries -> support centers -> regions/zones -> agencies."""
    from patentnav.graph.viz.views import overview_view

    s = open_cli_store(store)
    _write(output, lambda: overview_view(s, lang=lang.value, plan=plan))


@view_app.command()
def entity(
    entity: Annotated[str, typer.Argument(help="IRI, TYPE/ID (e.g. industry/new-materials) or label text.")],
    output: OutputOption,
    store: StoreOption = None,
    depth: Annotated[int, typer.Option(min=1, max=MAX_DEPTH, help="Hops to walk (1-3).")] = 1,
    entity_type: Annotated[list[str] | None, typer.Option("--type", "-t", help="Keep only these types.")] = None,
    relation: Annotated[
        list[str] | None, typer.Option("--relation", "-r", help="Walk only these relations, e.g. servesIndustry.")
    ] = None,
    lang: LangOption = Lang.zh,
    max_nodes: MaxNodesOption = DEFAULT_MAX_NODES,
) -> None:
    """An entity's neighbourhood at depth 1-3, filtered by relation and type."""
    from patentnav.graph.viz.views import entity_view

    s = open_cli_store(store)
    iri = resolve_entity(s, entity)
    _write(
        output,
        lambda: entity_view(
            s, iri, depth=depth, types=entity_type, relations=relation, lang=lang.value, max_nodes=max_nodes
        ),
    )


@view_app.command()
def landscape(
    output: OutputOption,
    industry: Annotated[str, typer.Option("--industry", help="Industry id or IRI, e.g. construction-machinery.")],
    region: RegionOption = None,
    store: StoreOption = None,
    lang: LangOption = Lang.zh,
    max_nodes: MaxNodesOption = DEFAULT_MAX_NODES,
) -> None:
    """An industry x region landscape: applicants, IPC classes, support centers, sized by patent count."""
    from patentnav.graph.viz.views import landscape_view

    s = open_cli_store(store)
    _write(output, lambda: landscape_view(s, industry, region, lang=lang.value, max_nodes=max_nodes))


@view_app.command()
def coapplicants(
    output: OutputOption,
    industry: IndustryOption = None,
    region: RegionOption = None,
    store: StoreOption = None,
    lang: LangOption = Lang.zh,
    max_nodes: MaxNodesOption = DEFAULT_MAX_NODES,
) -> None:
    """Co-applicant network, coloured by Louvain community."""
    from patentnav.graph.viz.views import coapplicants_view

    s = open_cli_store(store)
    _write(output, lambda: coapplicants_view(s, industry=industry, region=region, lang=lang.value, max_nodes=max_nodes))


@view_app.command()
def ipc(
    output: OutputOption,
    industry: IndustryOption = None,
    region: RegionOption = None,
    store: StoreOption = None,
    lang: LangOption = Lang.zh,
    max_nodes: MaxNodesOption = DEFAULT_MAX_NODES,
    level: Annotated[Level, typer.Option("--level", help="Roll IPC classes up to main groups or subclasses.")] = (
        Level.main_group
    ),
) -> None:
    """IPC co-classification communities."""
    from patentnav.graph.viz.views import ipc_view

    s = open_cli_store(store)
    _write(
        output,
        lambda: ipc_view(s, industry=industry, region=region, lang=lang.value, max_nodes=max_nodes, level=level.value),
    )


@view_app.command()
def citations(
    output: OutputOption,
    industry: IndustryOption = None,
    region: RegionOption = None,
    store: StoreOption = None,
    lang: LangOption = Lang.zh,
    max_nodes: MaxNodesOption = DEFAULT_MAX_NODES,
    level: Annotated[
        CitationLevel, typer.Option("--level", help="Nodes: organisations (applicants) or patents.")
    ] = CitationLevel.org,
) -> None:
    """Citation network (citing -> cited) of organisations or patents: communities, size by forward citations."""
    from patentnav.graph.viz.views import citations_view

    s = open_cli_store(store)
    _write(
        output,
        lambda: citations_view(
            s, industry=industry, region=region, level=level.value, lang=lang.value, max_nodes=max_nodes
        ),
    )


@view_app.command()
def transfers(
    output: OutputOption,
    industry: IndustryOption = None,
    region: RegionOption = None,
    store: StoreOption = None,
    lang: LangOption = Lang.zh,
    level: Annotated[
        PlaceLevel, typer.Option("--level", help="Administrative level of the places.")
    ] = PlaceLevel.prefecture,
    max_links: Annotated[
        int, typer.Option("--max-links", min=1, max=HARD_MAX_LINKS, help="Cap: draw the widest flows.")
    ] = DEFAULT_MAX_LINKS,
    mode: Annotated[FlowMode, typer.Option("--mode", help="Flows shown first: by type or by place.")] = FlowMode.type,
) -> None:
    """Patent transfer flows (transferor -> transferee type or place) as a Sankey (ECharts inlined)."""
    from patentnav.graph.viz.views import transfers_view

    s = open_cli_store(store)
    _write(
        output,
        lambda: transfers_view(
            s,
            industry=industry,
            region=region,
            level=level.value,
            lang=lang.value,
            max_links=max_links,
            mode=mode.value,
        ),
    )


def register(app: typer.Typer) -> None:
    app.add_typer(view_app, name="view", rich_help_panel="Explore")
