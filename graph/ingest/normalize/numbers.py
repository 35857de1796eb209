"""Multi-valued cells, application and publication numbers, and the patent type they imply.

>>> normalize_application_number("CN201510123456.7")
'CN201510123456'
"""

from __future__ import annotations

import re
import unicodedata

from patentnav.graph.ingest.normalize.errors import NormalizeError

__all__ = [
    "normalize_application_number",
    "normalize_publication_number",
    "patent_type_from",
    "publication_key",
    "split_multi",
]

_SPLIT = re.compile(r"\s*(?:;;|[;；|\n])\s*")


def split_multi(value: str | None, pattern: re.Pattern[str] = _SPLIT) -> list[str]:
    """Split a multi-valued cell on the usual separators (``;``, ``；``, ``|``, ``;;``).

    >>> split_multi("甲公司; 乙大学 | 丙")
    ['甲公司', '乙大学', '丙']
    """
    if not value:
        return []
    text = str(value).strip()
    if pattern is _SPLIT and ";" not in text and "；" not in text and "|" not in text and "\n" not in text:
        return [text] if text else []  # one value, the usual cell: no regular expression needed
    # The pattern eats the blanks around separators, so stripping the ends is enough.
    return [part for part in pattern.split(text) if part]


# ------------------------------------------------------------------ numbers

_CN_APP = re.compile(r"^(?:CN|ZL)?(\d{8}|\d{12})(?:\.?[\dX])?$")
_GENERIC_APP = re.compile(r"^([A-Z]{2})([0-9A-Z]+)$")
_APP_NOISE = re.compile(r"[\s,/\-]")


def normalize_application_number(raw: str, default_country: str = "CN") -> str:
    """Normalise an application number: country prefix, no check digit, no dot.

    Chinese numbers come as ``201510123456.7``, ``CN201510123456.7``,
    ``ZL201510123456.7``, ``2015101234567`` (check digit appended) or without the
    check digit; all give ``CN201510123456``. Pre-2003 numbers have 8 digits.
    Other offices' numbers keep their country code and lose spaces, ``/`` and ``,``.

    >>> normalize_application_number("ZL 2015 1012 3456.7")
    'CN201510123456'
    >>> normalize_application_number("98123456.X")
    'CN98123456'
    >>> normalize_application_number("US 15/123,456")
    'US15123456'
    """
    text = _APP_NOISE.sub("", unicodedata.normalize("NFKC", str(raw)).upper())
    if not text:
        raise NormalizeError("application number is empty")
    match = _CN_APP.match(text)
    if match and (text.startswith(("CN", "ZL")) or default_country == "CN"):
        return "CN" + match.group(1)
    if text.isdigit() and len(text) in (9, 13) and default_country == "CN":
        return "CN" + text[:-1]
    text = text.split(".")[0]
    if text[:1].isdigit():
        text = default_country + text
    if not _GENERIC_APP.match(text) or len(text) > 40:
        raise NormalizeError(f"application number {raw!r} is not a patent application number")
    return text


_PUB = re.compile(r"^([A-Z]{2})(\d[0-9A-Z]*?\d)([A-Z]\d?)?$")
_PUB_NOISE = re.compile(r"[\s\-.,/]")


def normalize_publication_number(raw: str) -> tuple[str, str | None]:
    """Return ``(number with kind code, kind code)`` for a publication number.

    >>> normalize_publication_number("CN 105000000 A")
    ('CN105000000A', 'A')
    >>> normalize_publication_number("US-10000000-B2")
    ('US10000000B2', 'B2')
    """
    text = str(raw)
    match = _PUB.match(text) if text.isascii() else None  # already clean (ASCII, upper case, no separators)
    if match:
        return text, match.group(3)
    text = _PUB_NOISE.sub("", unicodedata.normalize("NFKC", text).upper())
    match = _PUB.match(text)
    if not match:
        raise NormalizeError(f"publication number {raw!r} is not of the form CC123456A")
    return text, match.group(3)


def publication_key(number: str) -> str:
    """The publication number without its kind code (A and B share it in CN).

    >>> publication_key("CN105000000B")
    'CN105000000'
    """
    match = _PUB.match(number)
    return match.group(1) + match.group(2) if match else number


_KIND_TYPES = {"A": "invention", "B": "invention", "C": "invention", "U": "utility", "Y": "utility"}
_KIND_TYPES |= {"S": "design", "D": "design"}
_CN_TYPE_DIGIT = {"1": "invention", "8": "invention", "2": "utility", "9": "utility", "3": "design"}
_TYPE_WORDS = {"发明": "invention", "实用新型": "utility", "外观": "design", "utility": "utility", "design": "design"}
_TYPE_WORDS |= {"invention": "invention", "plant": "invention", "reissue": "invention"}


def patent_type_from(
    application_number: str | None = None, kind: str | None = None, stated: str | None = None
) -> str | None:
    """Guess ``invention``/``utility``/``design`` from a stated type, a CN number or a kind code.

    >>> patent_type_from("CN201520123456")
    'utility'
    >>> patent_type_from(stated="发明授权")
    'invention'
    """
    if stated:
        low = stated.strip().lower()
        for word, kind_name in _TYPE_WORDS.items():
            if word in low:
                return kind_name
    if application_number and application_number.startswith("CN"):
        digits = application_number[2:]
        digit = digits[4] if len(digits) == 12 else digits[2] if len(digits) == 8 else None
        if digit in _CN_TYPE_DIGIT:
            return _CN_TYPE_DIGIT[digit]
    if kind and application_number and application_number.startswith("CN"):
        return _KIND_TYPES.get(kind[0])
    if kind and kind[0] == "S":
        return "design"
    return None
