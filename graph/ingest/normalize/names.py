"""Applicant and inventor names: cleaned, company suffixes kept, known aliases mapped to one name.

>>> normalize_name("三一重工股份有限公司　")
'三一重工股份有限公司'
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from pathlib import Path

from patentnav.graph.ingest.normalize.errors import NormalizeError

__all__ = ["load_aliases", "normalize_name"]

_SUFFIXES = (
    (re.compile(r"有限责任公司$"), "有限公司"),
    (re.compile(r",?\s*(?:co\.?|company)\s*,?\s*(?:ltd\.?|limited)$", re.I), " Co., Ltd."),
    (re.compile(r",?\s*(?:inc\.?|incorporated)$", re.I), " Inc."),
    (re.compile(r",?\s*(?:corp\.?|corporation)$", re.I), " Corp."),
    (re.compile(r",?\s*(?:ltd\.?|limited)$", re.I), " Ltd."),
    (re.compile(r",?\s*(?:llc\.?|l\.l\.c\.)$", re.I), " LLC"),
    (re.compile(r",?\s*gmbh$", re.I), " GmbH"),
)
_EDGE_PUNCT = " \t\r\n.,;:;，。；：、\"'“”‘’*#"
_CJK = r"\u3400-\u9fff"


def normalize_name(raw: str, aliases: dict[str, str] | None = None) -> str:
    """Normalise an applicant's name; the raw form is kept separately by the caller.

    Full-width forms become half-width (NFKC), whitespace collapses (and disappears
    between Chinese characters), stray punctuation at the ends goes, company suffix
    spellings are unified (``有限责任公司`` -> ``有限公司``, ``Co.,Ltd`` -> ``Co., Ltd.``,
    ``Incorporated`` -> ``Inc.``), and a known alias is replaced by its canonical name.
    ``有限公司`` and ``股份有限公司`` are different legal forms and stay different
    (merge them with an alias when they are the same holder).

    >>> normalize_name("Ｓａｎｙ  Heavy Industry CO.,LTD")
    'Sany Heavy Industry Co., Ltd.'
    >>> normalize_name("中南 大学（湘雅）")
    '中南大学(湘雅)'
    """
    text = _clean_name(str(raw))
    if aliases:
        text = aliases.get(_alias_key(text), text)
    return text


@lru_cache(maxsize=131072)
def _clean_name(raw: str) -> str:
    text = unicodedata.normalize("NFKC", raw)
    text = re.sub(r"\s+", " ", text).strip(_EDGE_PUNCT)
    text = re.sub(rf"(?<=[{_CJK}()]) (?=[{_CJK}()])", "", text)
    for pattern, replacement in _SUFFIXES:
        new = pattern.sub(replacement, text)
        if new != text:
            text = new.strip()
            break
    if not text:
        raise NormalizeError(f"name {raw!r} is empty once cleaned")
    return text


@lru_cache(maxsize=131072)
def _alias_key(name: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", name)).strip().casefold()


def load_aliases(paths: Iterable[Path | str] = ()) -> dict[str, str]:
    """Read alias CSV files (``alias,canonical[,note]``): the bundled one, then ``paths``.

    Aliases and canonical names are normalised too, so a file may use any spelling.
    Later files override earlier ones.
    """
    texts = [resources.files("patentnav.data").joinpath("reference/applicant_aliases.csv").read_text("utf-8")]
    texts += [Path(p).read_text(encoding="utf-8-sig") for p in paths]
    table: dict[str, str] = {}
    for text in texts:
        for row in csv.DictReader(line for line in io.StringIO(text) if not line.startswith("#")):
            alias, canonical = (row.get("alias") or "").strip(), (row.get("canonical") or "").strip()
            if alias and canonical:
                table[_alias_key(normalize_name(alias))] = normalize_name(canonical)
    return table
