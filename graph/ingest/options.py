"""What a user tells ingest about a file: column maps and the ``--only`` scope, checked once for the CLI and the API.

``patentnav ingest`` / ``inspect`` (``--map``, ``--columns``, ``--only``) and ``POST /ingest``
(the form fields ``map``, ``columns``, ``only``) read the same values through these functions,
so a mistake gets the same one-line :class:`OptionError` everywhere.

>>> column_map(["申请人名称=applicants"], [b"header,field\\n\\xe5\\xba\\x8f\\xe5\\x8f\\xb7,ignore\\n"])
{'序号': 'ignore', '申请人名称': 'applicants'}
>>> parse_only(["region=430000", "industry=rail-transit"], industries={"rail-transit": "Advanced rail transit"},
...            region_name={"430000": "湖南省"}.get)
IngestFilter(regions=('430000',), industries=('rail-transit',))
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path

import pyoxigraph as ox

from patentnav.graph.ingest.columns import IGNORE, header_key, parse_column_map
from patentnav.graph.ingest.loader import IngestFilter
from patentnav.graph.ingest.records import FileError
from patentnav.graph.ingest.tabular import ARCHIVE_SUFFIXES, EXPORT_SUFFIXES
from patentnav.graph.store import PatentStore

__all__ = [
    "EXPORT_SUFFIXES",
    "OptionError",
    "check_map_fields",
    "column_map",
    "export_files",
    "fit_maps",
    "known_industries",
    "parse_only",
    "read_column_file",
    "region_name",
]

_HEADER_WORDS = {"header", "headers", "column", "表头", "列名", "字段名"}
_CODE = re.compile(r"^\d{6}$")


class OptionError(ValueError):
    """A ``--map``, ``--columns`` or ``--only`` value that cannot be used (one line, says what to write)."""


def read_column_file(source: Path | str | bytes, *, name: str = "--columns") -> dict[str, str]:
    """A two-column CSV ``HEADER,field`` (UTF-8 or UTF-8 with BOM) as a column map.

    ``source`` is a path, or the file's content (``bytes``, or ``str`` text as a form field
    sends it). A first row ``header,field`` is a title and skipped, as are empty rows and
    rows starting with ``#``. ``field`` may be ``ignore`` (drop the column). Raises
    :class:`OptionError` naming the line for anything else.

    >>> read_column_file("header,field\\n# PatSnap\\n[标]当前申请(专利权)人,current_holders_standardized\\n")
    {'[标]当前申请(专利权)人': 'current_holders_standardized'}
    """
    if isinstance(source, Path):
        try:
            data: bytes | str = source.read_bytes()
        except OSError as exc:
            raise OptionError(f"{name} {source}: cannot read it: {exc.strerror or type(exc).__name__}") from None
        label = f"{name} {source}"
    else:
        data, label = source, name
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise OptionError(f"{label}: not UTF-8; save it as CSV UTF-8 (with or without BOM)") from None
    else:
        text = data.removeprefix("\ufeff")
    out: dict[str, str] = {}
    for number, row in enumerate(csv.reader(io.StringIO(text)), start=1):
        cells = [c.strip() for c in row]
        while cells and not cells[-1]:
            cells.pop()
        if not cells or cells[0].startswith("#"):
            continue
        if number == 1 and cells[0].lower() in _HEADER_WORDS:
            continue
        if len(cells) != 2 or not cells[0] or not cells[1]:
            raise OptionError(f"{label} line {number}: write two cells, HEADER,field (or HEADER,{IGNORE}); got {row!r}")
        header, target = cells
        if header in out and out[header] != target:
            raise OptionError(f"{label} line {number}: {header!r} is mapped twice ({out[header]} and {target})")
        out[header] = target
    return out


def column_map(pairs: Sequence[str] = (), files: Iterable[Path | str | bytes] = ()) -> dict[str, str]:
    """The user's column map: ``--columns`` files first, then ``--map 'HEADER=field'`` pairs, which win.

    Headers are compared as the readers compare them (NFKC, spaces, case), so ``--map`` overrides a
    file's entry even when spelled with full-width brackets.

    >>> column_map(["申请人（名称）=applicants"], ["申请人(名称),ignore\\n"])
    {'申请人（名称）': 'applicants'}
    """
    merged: dict[str, str] = {}
    for source in files:
        merged.update(read_column_file(source))
    try:
        explicit = parse_column_map(list(pairs))
    except FileError as exc:
        raise OptionError(str(exc)) from None
    keys = {header_key(h) for h in explicit}
    merged = {h: t for h, t in merged.items() if header_key(h) not in keys}
    merged.update(explicit)
    return merged


def fit_maps(
    paths: Sequence[Path], fmt: str, explicit: Mapping[str, str], from_files: Mapping[str, str]
) -> list[tuple[dict[str, str], list[str]]]:
    """The map to read each of ``paths`` with, and the ``--columns`` headers each lacks.

    One run may read exports of several layouts, so each map entry applies to the files that have
    its header: a ``--map`` entry must name a header of at least one file (else it is a typo, and
    :class:`OptionError` says so before anything is read); a ``--columns`` entry may match none
    (a column file may be kept for many layouts). A file whose header row is not found even without
    the map gets the whole map, and ingest's own error says what does not fit.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.csv").write_text("申请号,名称,申请人,序号\\n1,x,y,1\\n", "utf-8")
    >>> fit_maps([folder / "a.csv"], "auto", {"序号": "ignore"}, {"发明人姓名": "inventors"})
    [({'序号': 'ignore'}, ['发明人姓名'])]
    >>> fit_maps([folder / "a.csv"], "auto", {"无此列": "title"}, {})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    patentnav.graph.ingest.options.OptionError: --map names the header '无此列', which the file does not have; ...
    """
    full = {**from_files, **explicit}
    if not full:
        return [({}, []) for _ in paths]
    found = [_headers_with_any(path, fmt, (full, dict(explicit), {})) for path in paths]
    if all(headers is not None for headers in found):
        seen = {header_key(h) for headers in found for h in headers or ()}
        for header in explicit:
            if header_key(header) not in seen:
                shown = ", ".join(found[0] or ())[:300]
                which = (
                    f"which the file does not have; its headers: {shown}"
                    if len(paths) == 1
                    else "which none of the files has"
                )
                raise OptionError(f"--map names the header {header!r}, {which}")
    out: list[tuple[dict[str, str], list[str]]] = []
    for headers in found:
        if headers is None:
            out.append((dict(full), []))
            continue
        keys = {header_key(h) for h in headers}
        out.append(
            (
                {h: t for h, t in full.items() if header_key(h) in keys},
                [h for h in from_files if header_key(h) not in keys],
            )
        )
    return out


def _headers_with_any(path: Path, fmt: str, maps: Iterable[Mapping[str, str]]) -> list[str] | None:
    """The header row found with the first of ``maps`` that lets detection succeed."""
    tried: list[Mapping[str, str]] = []
    for user in maps:
        if user in tried:
            continue
        tried.append(user)
        headers = _headers(path, fmt, user)
        if headers is not None:
            return headers
    return None


def _headers(path: Path, fmt: str, user: Mapping[str, str]) -> list[str] | None:
    """The header row ingest finds in ``path`` with ``user``, or ``None`` when it finds none."""
    from patentnav.graph.ingest.formats import detect_export, export_path

    try:
        detection, table = detect_export(export_path(path), fmt, user)
    except FileError:
        return None
    rows = table.rows()
    try:
        next(rows, None)  # started, so that closing it closes the file (an XLSX reader holds the workbook)
    except FileError:
        pass
    finally:
        close = getattr(rows, "close", None)
        if close is not None:
            close()
    return [c.header for c in detection.mapping.columns]


def check_map_fields(user_map: Mapping[str, str], fmt: str = "auto") -> None:
    """Raise :class:`OptionError` for a map naming a field no candidate format has (with the closest names).

    Checked before the file is opened: a map with an unknown field would otherwise make no header row fit.

    >>> check_map_fields({"申请人所在地址": "adress"})
    Traceback (most recent call last):
    ...
    patentnav.graph.ingest.options.OptionError: --map 申请人所在地址=adress: unknown field 'adress'; did you mean ...
    """
    import difflib

    from patentnav.graph.ingest.formats import FORMATS

    chosen = list(FORMATS.values()) if fmt == "auto" else [FORMATS[fmt]] if fmt in FORMATS else []
    fields = {name for f in chosen for name in f.spec.aliases}
    for header, target in user_map.items():
        if target == IGNORE or target in fields:
            continue
        close = difflib.get_close_matches(target, sorted(fields), n=3, cutoff=0.6)
        hint = f"did you mean {' or '.join(close)}? " if close else ""
        where = "" if fmt == "auto" else f" in {fmt}"
        raise OptionError(
            f"--map {header}={target}: unknown field {target!r}{where}; {hint}"
            f"(`patentnav inspect --fields` lists them; {IGNORE} drops a column)"
        )


def known_industries(store: PatentStore) -> dict[str, str]:
    """Industry id -> English label (else any label), of the industries the store knows."""
    query = (
        "SELECT ?i (SAMPLE(?en) AS ?label_en) (SAMPLE(?any) AS ?label) WHERE { ?i a pnav:Industry "
        'OPTIONAL { ?i rdfs:label ?en FILTER(LANGMATCHES(LANG(?en), "en")) } OPTIONAL { ?i rdfs:label ?any } } '
        "GROUP BY ?i ORDER BY ?i"
    )
    out: dict[str, str] = {}
    result = store.query(query, prefixes=True)
    assert isinstance(result, ox.QuerySolutions)  # a SELECT query
    for row in result:
        iri = row["i"].value
        label = row["label_en"] or row["label"]
        out[iri.rstrip("/").rsplit("/", 1)[-1]] = label.value if label is not None else ""
    return out


def region_name(code: str) -> str | None:
    """The GB/T 2260 name of a region code (cpca's table), or ``None`` for a code that is not one."""
    from patentnav.graph.ingest.normalize import AddressResolver

    return AddressResolver().name(code) if _CODE.match(code) else None


def _region_hint(value: str) -> str:
    """For a region given by name: the code to write instead, when the name resolves."""
    from patentnav.graph.ingest.normalize import AddressResolver

    try:
        place = AddressResolver().resolve(value)
    except Exception:  # cpca's failures on odd text are not the user's concern here
        return ""
    if place.code and place.chain:
        return f"; for {place.chain[-1][1]} write region={place.code}"
    return ""


def parse_only(
    values: Sequence[str],
    *,
    industries: Mapping[str, str] | Iterable[str],
    region_name: Callable[[str], str | None] = region_name,
    has_concordance: Callable[[str], bool] | None = None,
) -> IngestFilter | None:
    """``--only`` values (``region=430000``, ``industry=construction-machinery``) as an :class:`IngestFilter`.

    Several regions: a row in any of them; several industries: any of them; regions and
    industries together: both must hold. A region is a 6-digit GB/T 2260 code (a province or
    city code covers what lies below it); an industry is the id of one the store knows
    (``industries``), and, when ``has_concordance`` is given, one the IPC -> industry
    concordance maps codes to (else no row could match). ``None`` when ``values`` is empty.

    >>> parse_only(["industry=spaceships"], industries=["rail-transit"])
    Traceback (most recent call last):
    ...
    patentnav.graph.ingest.options.OptionError: --only industry=spaceships: unknown industry; known: rail-transit
    """
    if not values:
        return None
    known = dict(industries) if isinstance(industries, Mapping) else dict.fromkeys(industries, "")
    regions: list[str] = []
    chosen: list[str] = []
    for value in values:
        kind, sep, target = (p.strip() for p in value.partition("="))
        kind = kind.lower()
        if not sep or not target or kind not in ("region", "industry"):
            raise OptionError(f"--only {value!r}: write region=CODE (GB/T 2260, e.g. 430000) or industry=ID")
        if kind == "region":
            if not _CODE.match(target):
                raise OptionError(
                    f"--only region={target}: a region is a 6-digit GB/T 2260 code, e.g. region=430000 (湖南省)"
                    + _region_hint(target)
                )
            if region_name(target) is None:
                raise OptionError(f"--only region={target}: not a GB/T 2260 region code")
            if target not in regions:
                regions.append(target)
        else:
            target = target.removeprefix("industry:").removeprefix("industry/")
            if target not in known:
                listed = ", ".join(known) or "none (the store has no industries)"
                raise OptionError(f"--only industry={target}: unknown industry; known: {listed}")
            if has_concordance is not None and not has_concordance(target):
                raise OptionError(
                    f"--only industry={target}: the IPC -> industry concordance maps no IPC code to it, so no row "
                    "could match"
                )
            if target not in chosen:
                chosen.append(target)
    return IngestFilter(regions=tuple(regions), industries=tuple(chosen))


def export_files(path: Path) -> tuple[list[Path], list[str]]:
    """What a command-line path stands for: the export files to read, and what a folder's listing skipped.

    A file is itself; a PatentsView folder (holding ``g_patent.tsv``) is itself; any other
    folder gives, sorted by name, its files ending in :data:`EXPORT_SUFFIXES` or ``ARCHIVE_SUFFIXES`` and its
    PatentsView subfolders (not deeper). Hidden files, Excel's ``~$`` lock files and other
    suffixes are skipped, each named with why in the second list.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> for name in ("b.xlsx", "a.csv", "c.XLS", "notes.docx", "~$b.xlsx"):
    ...     _ = (folder / name).write_text("x")
    >>> files, skipped = export_files(folder)
    >>> [f.name for f in files]
    ['a.csv', 'b.xlsx', 'c.XLS']
    >>> skipped
    ['notes.docx (not .csv .tsv .txt .xls .xlsx .zip .gz)', '~$b.xlsx (an Excel lock file)']
    """
    if not path.is_dir() or (path / "g_patent.tsv").is_file():
        return [path], []
    files: list[Path] = []
    skipped: list[str] = []
    for entry in sorted(path.iterdir(), key=lambda p: p.name):
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            if (entry / "g_patent.tsv").is_file():
                files.append(entry)
            else:
                skipped.append(f"{entry.name}/ (a folder without g_patent.tsv: not read)")
            continue
        if entry.name.startswith("~$"):
            skipped.append(f"{entry.name} (an Excel lock file)")
        elif entry.suffix.lower() in (*EXPORT_SUFFIXES, *ARCHIVE_SUFFIXES):
            files.append(entry)
        else:
            skipped.append(f"{entry.name} (not {' '.join((*EXPORT_SUFFIXES, *ARCHIVE_SUFFIXES))})")
    return files, skipped
