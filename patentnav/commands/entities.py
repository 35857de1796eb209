"""``patentnav search``, ``show`` and ``related``: look up entities from a shell."""

from __future__ import annotations

from typing import Annotated

import typer

from patentnav.commands.common import FormatOption, StoreOption, err, fail, open_cli_store
from patentnav.graph.entities import MAX_DEPTH, MAX_LINKS_SHOWN, describe, links_page, property_iri, related, search
from patentnav.graph.errors import UnknownEntityError
from patentnav.graph.paths import resolve_ref
from patentnav.graph.store import PatentStore
from patentnav.ontology import ENTITY_TYPES, PREFIXES
from patentnav.output import OutputFormat, print_rows

EntityArg = Annotated[
    str,
    typer.Argument(
        help="An entity: its IRI, TYPE/ID (e.g. industry/construction-machinery, region/430200), "
        "or label text to search for (e.g. 工程机械)."
    ),
]


def _short(iri: str) -> str:
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns):
            return f"{prefix}:{iri[len(ns) :]}"
    return iri


def resolve_entity(store: PatentStore, ref: str) -> str:
    """Turn an IRI, ``type/id`` or label text into an entity IRI (best search hit)."""
    try:
        return resolve_ref(ref)
    except ValueError:
        pass
    hits = search(store, ref, limit=1)
    if not hits:
        fail(f"no entity matches {ref!r}; try `patentnav search TEXT`")
    return hits[0].entity.iri


def search_cmd(
    text: Annotated[str, typer.Argument(help="Text in a Chinese or English label, e.g. 轨道 or machinery.")],
    store: StoreOption = None,
    entity_type: Annotated[
        list[str] | None, typer.Option("--type", "-t", help=f"Keep only these types: {', '.join(ENTITY_TYPES)}.")
    ] = None,
    limit: Annotated[int, typer.Option(min=1, max=1000, help="Most results to show.")] = 20,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Find entities by label in Chinese or English, best match first."""
    s = open_cli_store(store)
    try:
        hits = search(s, text, limit=limit, types=entity_type)
    except ValueError as exc:
        fail(str(exc))
    rows = [
        {
            "type": h.entity.type,
            "label_zh": h.entity.label_zh,
            "label_en": h.entity.label_en,
            "iri": h.entity.iri,
            "score": h.score,
        }
        for h in hits
    ]
    print_rows(rows, fmt, ["type", "label_zh", "label_en", "iri", "score"])


def show(
    entity: EntityArg,
    store: StoreOption = None,
    links: Annotated[
        str | None,
        typer.Option(
            "--links",
            help="List every link of one property instead, a page at a time: in:PROPERTY (entities linking to "
            "this one, e.g. in:applicant for an organisation's patents) or out:PROPERTY.",
        ),
    ] = None,
    offset: Annotated[int, typer.Option(min=0, help="With --links: links to skip, in the store's order.")] = 0,
    limit: Annotated[int, typer.Option(min=1, max=MAX_LINKS_SHOWN, help="With --links: links to list.")] = 100,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Show one entity: its properties and its links in and out.

    An organisation with thousands of patents lists the first few and says how many there are; --links reads
    all of them, page by page.

    Examples: `patentnav show region/430200`,
    `patentnav show 三一重工 --links in:applicant --offset 100 --limit 100 --format csv`
    """
    s = open_cli_store(store)
    iri = resolve_entity(s, entity)
    if links is not None:
        _show_links(s, iri, links, offset, limit, fmt)
        return
    try:
        d = describe(s, iri)
    except UnknownEntityError:
        fail(f"unknown entity {iri}")
    rows = [{"direction": "", "property": _short(p), "value": o.value, "lang": o.language} for p, o in d.properties]
    rows += [{"direction": "out", "property": _short(p), "value": r.label(), "iri": r.iri} for p, r in d.links_out]
    rows += [{"direction": "in", "property": _short(p), "value": r.label(), "iri": r.iri} for p, r in d.links_in]
    print_rows(rows, fmt, ["direction", "property", "value", "lang", "iri"], title=f"{d.entity.label()} <{iri}>")
    for c in d.link_counts:
        if c.shown < c.count:
            err.print(
                f"{c.direction} {_short(c.predicate)}: {c.count:,} linked, {c.shown:,} listed "
                f"(all of them: --links {c.direction}:{_short(c.predicate).removeprefix('pnav:')})",
                markup=False,
            )


def _show_links(store: PatentStore, iri: str, links: str, offset: int, limit: int, fmt: OutputFormat) -> None:
    """One page of one property's links (``in:PROPERTY`` or ``out:PROPERTY``), and where the next page starts."""
    direction, _, name = links.partition(":")
    if direction not in ("in", "out") or not name:
        fail(f"--links takes in:PROPERTY or out:PROPERTY, e.g. in:applicant; got {links!r}")
    try:
        page = links_page(store, iri, property_iri(name), direction, offset=offset, limit=limit)
    except UnknownEntityError:
        fail(f"unknown entity {iri}")
    except ValueError as exc:
        fail(str(exc))
    rows = [{"type": r.type, "label": r.label(), "iri": r.iri} for r in page.items]
    title = f"{page.entity.label()} <{iri}> {direction}:{_short(page.predicate)}"
    print_rows(rows, fmt, ["type", "label", "iri"], title=title)
    shown = f"{offset + 1:,}-{offset + len(rows):,}" if rows else "none"
    more = f"; next page: --offset {page.next_offset}" if page.next_offset is not None else ""
    err.print(f"{shown} of {page.count:,} listed{more}", markup=False)


def related_cmd(
    entity: EntityArg,
    store: StoreOption = None,
    depth: Annotated[int, typer.Option(min=1, max=MAX_DEPTH, help="How many hops to walk (1-3).")] = 1,
    entity_type: Annotated[
        list[str] | None, typer.Option("--type", "-t", help="Keep only related entities of these types.")
    ] = None,
    relation: Annotated[
        list[str] | None,
        typer.Option("--relation", "-r", help="Walk only these relations, e.g. concernsIndustry, servesIndustry."),
    ] = None,
    lang: Annotated[str, typer.Option(help="Label language: zh or en.")] = "zh",
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """List entities related to ENTITY within --depth hops, with the relation path to each.

    Example: `patentnav related 工程机械 --depth 2 --type region`
    """
    s = open_cli_store(store)
    iri = resolve_entity(s, entity)
    try:
        hits = related(s, iri, depth=depth, types=entity_type, relations=relation)
    except UnknownEntityError:
        fail(f"unknown entity {iri}")
    except ValueError as exc:
        fail(str(exc))
    rows = [
        {
            "depth": h.depth,
            "type": h.entity.type,
            "label": h.entity.label(lang),
            "path": " / ".join(f"{'→' if d == 'out' else '←'}{_short(p)}" for d, p in h.steps(iri)),
            "iri": h.entity.iri,
        }
        for h in hits
    ]
    print_rows(rows, fmt, ["depth", "type", "label", "path", "iri"])
    if hits.truncated:
        err.print(f"{len(hits):,} listed; more are related (a walk stops at 500 results and 2,000 links per hop)")


def register(app: typer.Typer) -> None:
    app.command("search", rich_help_panel="Explore")(search_cmd)
    app.command(rich_help_panel="Explore")(show)
    app.command("related", rich_help_panel="Explore")(related_cmd)
