"""``patentnav query``: run SPARQL against the store."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import pyoxigraph as ox
import typer

from patentnav.commands.common import FormatOption, StoreOption, fail, open_cli_store
from patentnav.ontology import sparql_prefixes
from patentnav.output import OutputFormat, print_rows

_RESULT_FORMATS = {OutputFormat.json: ox.QueryResultsFormat.JSON, OutputFormat.csv: ox.QueryResultsFormat.CSV}


def _read_query(query_or_file: str) -> str:
    if query_or_file == "-":
        return sys.stdin.read()
    if len(query_or_file) < 4096 and "\n" not in query_or_file:
        path = Path(query_or_file)
        if path.suffix in {".rq", ".sparql", ".txt"} or path.is_file():
            try:
                return path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                fail(f"cannot read query file {path}: {exc}")
    return query_or_file


def query(
    query_or_file: Annotated[
        str, typer.Argument(help="A SPARQL query, a .rq file holding one, or - to read standard input.")
    ],
    store: StoreOption = None,
    fmt: FormatOption = OutputFormat.table,
    no_prefixes: Annotated[
        bool, typer.Option("--no-prefixes", help="Do not prepend the pnav:, id:, skos:, org:, prov: … prefixes.")
    ] = False,
) -> None:
    """Run a SPARQL query. The project prefixes (pnav:, id:, rdfs:, skos:, org:, prov:, dct:) are predeclared.

    `--format json` prints the SPARQL 1.1 JSON results format, `--format csv` the SPARQL CSV format;
    CONSTRUCT/DESCRIBE print Turtle (table) or N-Triples (csv) or JSON-LD (json).

    Example: `patentnav query "SELECT ?i ?l WHERE { ?i a pnav:Industry ; rdfs:label ?l }"`
    """
    text = _read_query(query_or_file)
    s = open_cli_store(store)
    try:
        result = s.query(text if no_prefixes else sparql_prefixes() + text)
        if isinstance(result, ox.QueryTriples):
            rdf = {OutputFormat.json: ox.RdfFormat.JSON_LD, OutputFormat.csv: ox.RdfFormat.N_TRIPLES}
            sys.stdout.write((result.serialize(format=rdf.get(fmt, ox.RdfFormat.TURTLE)) or b"").decode())
            return
        if isinstance(result, ox.QueryBoolean):
            if fmt == OutputFormat.table:
                print("true" if bool(result) else "false")
            else:
                sys.stdout.write((result.serialize(format=_RESULT_FORMATS[fmt]) or b"").decode() + "\n")
            return
        if fmt != OutputFormat.table:
            sys.stdout.write((result.serialize(format=_RESULT_FORMATS[fmt]) or b"").decode())  # bytes without output
            return
        names = [v.value for v in result.variables]
        rows = [{n: _show(row[n]) for n in names} for row in result]
        print_rows(rows, fmt, names)
    except SyntaxError as exc:
        fail(f"SPARQL syntax error: {exc}")
    except (OSError, RuntimeError, ValueError) as exc:
        fail(f"query failed: {exc}")


def _show(term: object) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.Literal):
        return f"{term.value}@{term.language}" if term.language else term.value
    return getattr(term, "value", str(term))


def register(app: typer.Typer) -> None:
    app.command(rich_help_panel="Query")(query)
