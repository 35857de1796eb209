"""Espacenet result-list exports (issue 15): detected, read and checked against an independent pandas reading.

The files come from :func:`tests.support.layouts.write_layout` (labelled synthetic): the English and French
interface's CSV (semicolon-separated, lines above the header, a trailing separator, one value a line) and the
same rows as XLSX. pandas reads each file on its own terms (its own header row, its own splitting of ``NAME [CC]``
and of the one-value-a-line cells); the store is queried with SPARQL.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

from patentnav.graph.ingest.formats import detect_export
from patentnav.graph.ingest.loader import ingest_file
from patentnav.graph.store import open_store, select
from tests.support import layouts

ROWS, SEED = 120, 11
#: Layout -> how pandas reads it, and the French interface's names of the columns the checks use.
READ = {"espacenet": "csv", "espacenet-french": "csv", "espacenet-xlsx": "xlsx"}
FRENCH = {
    "Titre": "Title", "Demandeurs": "Applicants", "Numéro de publication": "Publication number", "CIB": "IPC",
    "Date de publication": "Publication date", "Priorité la plus ancienne": "Earliest priority",
}  # fmt: skip


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("espacenet")
    return {name: layouts.write_layout(name, root / layouts.LAYOUT_FILES[name], rows=ROWS, seed=SEED) for name in READ}


def frame(layout: str, path: Path) -> pd.DataFrame:
    """The data rows as pandas reads them (all text), with the English column names."""
    if READ[layout] == "xlsx":
        df = pd.read_excel(path, dtype=str, engine="openpyxl").fillna("")
    else:
        skip = layouts.TITLE_ROWS[layout]
        df = pd.read_csv(path, sep=";", skiprows=skip, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    return df.rename(columns=FRENCH)


def lines(cell: str) -> list[str]:
    return [part.strip() for part in str(cell).splitlines() if part.strip()]


def without_country(entry: str) -> tuple[str, str]:
    name, country = re.fullmatch(r"(.*) \[([A-Z]{2})\]", entry).groups()
    return name, country


@pytest.mark.parametrize("layout", list(READ))
def test_detected_as_espacenet_with_every_needed_column_read(files, layout) -> None:
    detection, table = detect_export(files[layout])
    assert detection.format.name == "espacenet"
    used = {c.header: c.field for c in detection.mapping.columns if c.field}
    wanted = {"applicants", "publication_number", "publication_date", "ipc", "cpc", "earliest_priority_date"}
    assert wanted <= set(used.values()), used
    assert table.header_line == (1 if READ[layout] == "xlsx" else layouts.TITLE_ROWS[layout] + 1)


@pytest.mark.parametrize("layout", list(READ))
def test_records_agree_with_pandas(files, layout) -> None:
    df = frame(layout, files[layout])
    store = open_store("memory://")
    result = ingest_file(store, files[layout])
    assert (result.format, result.layout) == ("espacenet", "espacenet")
    assert result.rows_rejected == 0
    first_pub = {lines(row["Publication number"])[0]: row for _, row in df.iterrows()}
    assert result.patents_added == len(first_pub) == ROWS

    # Every patent, by the first publication number of its row, with its publication date and earliest priority.
    got = select(
        store,
        """SELECT ?n ?d ?e WHERE { ?p a pnav:Patent ; pnav:publicationNumber ?n ; pnav:publicationDate ?d
           OPTIONAL { ?p pnav:earliestPriorityDate ?e } }""",
    )
    dates = {r["n"]: (r["d"], r["e"]) for r in got if r["n"] in first_pub}
    expected = {
        n: (lines(row["Publication date"])[0], row["Earliest priority"]) for n, row in first_pub.items()
    }  # fmt: skip
    assert dates == expected

    # Patents per applicant, named as written without the country; every applicant placed in its stated country.
    counts = Counter(without_country(a)[0] for _, row in df.iterrows() for a in dict.fromkeys(lines(row["Applicants"])))
    got = select(
        store,
        """SELECT ?r ?c (COUNT(DISTINCT ?p) AS ?k) WHERE { ?p a pnav:Patent ; pnav:applicant ?o .
           ?o pnav:rawName ?r . OPTIONAL { ?o pnav:country ?c } } GROUP BY ?r ?c""",
    )
    assert {r["r"]: r["k"] for r in got} == dict(counts)
    countries = {without_country(a) for _, row in df.iterrows() for a in lines(row["Applicants"])}
    assert {(r["r"], r["c"]) for r in got} == countries

    # IPC symbols per patent.
    got = select(
        store,
        "SELECT ?n ?c WHERE { ?p a pnav:Patent ; pnav:publicationNumber ?n ; pnav:classifiedIn ?c }",
    )
    ipc = {(r["n"], r["c"].rsplit("/", 1)[1]) for r in got if r["n"] in first_pub}
    assert ipc == {(n, code.replace("/", "-")) for n, row in first_pub.items() for code in lines(row["IPC"])}

    # The row's other publications are the patent's DOCDB family members.
    got = select(
        store,
        """SELECT ?n ?m WHERE { ?p pnav:publicationNumber ?n ; pnav:docdbFamilyMember ?q .
           ?q pnav:publicationNumber ?m }""",
    )
    links = {(r["n"], r["m"]) for r in got if r["n"] in first_pub}
    expected_links = {(n, m) for n, row in first_pub.items() for m in lines(row["Publication number"])[1:]}
    assert expected_links <= links


def triples(path: Path) -> set[tuple[str, ...]]:
    """The file's graph without source nodes' own facts (file name, hash, times …), source and graph IRIs as
    placeholders."""
    store = open_store("memory://")
    result = ingest_file(store, path)
    out = set()
    for q in store.quads_for_pattern():
        if not str(q.subject).startswith(f"<{result.source.rsplit('/', 1)[0]}/"):
            terms = (q.subject, q.predicate, q.object)
            out.add(tuple(str(t).replace(result.source, "SOURCE").replace(result.graph, "GRAPH") for t in terms))
    return out


def test_french_and_english_headers_give_the_same_triples(files) -> None:
    english, french = triples(files["espacenet"]), triples(files["espacenet-french"])
    assert len(english) > ROWS * 10
    assert english == french


def test_cpc_notes_and_kind_codes(tmp_path: Path) -> None:
    """A CPC symbol's bracketed note is dropped; EP, WO and CN numbers keep their kind codes; a B is a grant."""
    path = tmp_path / "synthetic_espacenet_numbers.csv"
    path.write_text(
        "No;Title;Inventors;Applicants;Publication number;Earliest priority;IPC;CPC;Publication date;"
        "Earliest publication;Family number;\n"
        '1;Synthetic example (not a real patent);"DOE JANE [US]";"EXAMPLE INC [US]\nSYNTHETIC EXAMPLE GMBH [DE]";'
        '"EP9123456B1\nWO2099123456A1\nCN990123456A";2019-03-01;"B66C23/64\nB66C13/18";'
        '"B66C23/64 (EP, US)\nB66C2700/03 (EP)";"2021-05-05\n2020-09-10\n2020-10-01";2020-09-10;99000001;\n',
        encoding="utf-8",
    )
    store = open_store("memory://")
    result = ingest_file(store, path)
    assert (result.patents_added, result.rows_rejected) == (1, 0)
    got = select(
        store,
        """SELECT ?k ?g ?cpc WHERE { ?p pnav:publicationNumber "EP9123456B1" ; pnav:kindCode ?k ; pnav:grantDate ?g ;
           pnav:cpcSymbol ?cpc }""",
    )
    assert {(r["k"], r["g"]) for r in got} == {("B1", "2021-05-05")}
    assert {r["cpc"] for r in got} == {"B66C23/64", "B66C2700/03"}
    members = select(
        store,
        """SELECT ?m WHERE { ?p pnav:publicationNumber "EP9123456B1" ; pnav:docdbFamilyMember ?q .
           ?q pnav:publicationNumber ?m }""",
    )
    assert {r["m"] for r in members} == {"WO2099123456A1", "CN990123456A"}


def test_other_formats_are_still_detected_as_before(tmp_path: Path) -> None:
    for layout, expected in (("derwent", "derwent"), ("lens-full", "lens"), ("patsnap-english", "cnipa")):
        path = layouts.write_layout(layout, tmp_path / layouts.LAYOUT_FILES[layout], rows=5, seed=1)
        assert detect_export(path)[0].format.name == expected, layout
