"""``patentnav path A B``: the shortest relation paths between two entities."""

from __future__ import annotations

from typing import Annotated

import typer

from patentnav.commands.common import FormatOption, StoreOption, fail, open_cli_store
from patentnav.commands.entities import EntityArg, resolve_entity
from patentnav.graph.entities import entity_refs
from patentnav.graph.paths import MAX_LENGTH
from patentnav.output import OutputFormat, print_rows

COLUMNS = ["path", "step", "subject", "relation", "object", "direction"]
IRI_COLUMNS = ["subject_iri", "predicate", "object_iri"]


def path_cmd(
    source: EntityArg,
    target: EntityArg,
    store: StoreOption = None,
    max_length: Annotated[
        int, typer.Option("--max-length", min=1, max=MAX_LENGTH, help="Longest path to look for, in links.")
    ] = 4,
    max_paths: Annotated[int, typer.Option("--max-paths", min=1, max=100, help="Most paths to show.")] = 10,
    lang: Annotated[str, typer.Option(help="Label language: zh or en.")] = "zh",
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Show the shortest chains of relations linking SOURCE to TARGET, one row per link.

    Links are walked in either direction; each row gives the triple as stated and whether the
    path walks it forward (→) or backward (←). Exits with status 1 when no path of at most
    --max-length links exists.

    Example: `patentnav path industry/construction-machinery region/430200`
    """
    from patentnav.graph.analysis.scope import UnknownEntityError
    from patentnav.graph.network import NoPathError
    from patentnav.graph.paths import find_paths

    s = open_cli_store(store)
    src, dst = resolve_entity(s, source), resolve_entity(s, target)
    try:
        result = find_paths(s, src, dst, max_length=max_length, max_paths=max_paths)
    except NoPathError:
        refs = entity_refs(s, [src, dst])
        links = f"{max_length} link{'s' if max_length != 1 else ''}"
        fail(f"no path within {links} between {refs[src].label(lang)} and {refs[dst].label(lang)}")
    except UnknownEntityError as exc:
        fail(str(exc))
    except ValueError as exc:
        fail(str(exc))
    rows = [
        {
            "path": i,
            "step": j,
            "subject": h.subject.label(lang),
            "relation": h.predicate.label(lang),
            "object": h.object.label(lang),
            "direction": "→" if h.forward else "←",
            "subject_iri": h.subject.iri,
            "predicate": h.predicate.iri,
            "object_iri": h.object.iri,
        }
        for i, path in enumerate(result.paths, 1)
        for j, h in enumerate(path, 1)
    ]
    title = (
        f"{result.source.label(lang)} → {result.target.label(lang)}: "
        f"{len(result.paths)} shortest path(s) of {result.length} link(s)"
    )
    columns = COLUMNS if fmt == OutputFormat.table else COLUMNS + IRI_COLUMNS
    print_rows(rows, fmt, columns, title=title)


def register(app: typer.Typer) -> None:
    app.command("path", rich_help_panel="Explore")(path_cmd)
