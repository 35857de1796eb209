"""Tell UTF-16 text without a byte order mark from its first bytes, for every text reader of ingest.

Windows tools write UTF-16 with a mark, but some export scripts and web systems write it without one.
UTF-8 and GBK text never holds a zero byte, and in UTF-16 every ASCII character (commas, digits, tags, line
ends) has one. Which byte of each pair is the high one is told by what the pairs then are: read in the
right order, nearly every pair of a Chinese export is ASCII or Latin-1, a CJK ideograph, CJK punctuation or
kana, or a full-width form; read in the wrong order, or in a binary file, about a third are. (Counting zero
bytes per side alone would not do: 一, U+4E00, is the same pair of bytes as a big-endian ``N``.)

>>> utf16_without_mark("申请号,名称\\n".encode("utf-16-le")), utf16_without_mark("<table>".encode("utf-16-be"))
('utf-16-le', 'utf-16-be')
>>> utf16_without_mark("申请号,名称".encode("utf-8")) is None, utf16_without_mark(bytes(range(256)) * 4) is None
(True, True)

References
----------
The Unicode Standard, section 3.10 (encoding schemes UTF-16BE and UTF-16LE): https://www.unicode.org/versions/latest/
"""

from __future__ import annotations

import codecs

__all__ = ["utf16_encoding", "utf16_without_mark"]

#: How many of the first bytes are looked at.
_WINDOW = 4096
#: The share of pairs that must read as likely text in the order chosen.
_LIKELY_SHARE = 0.8
#: High bytes of likely characters besides ASCII and Latin-1: general punctuation (U+20xx), CJK punctuation and
#: kana (U+30xx), CJK ideographs (U+4E00-U+9FFF), Hangul syllables (U+AC00-U+D7FF) and full-width forms (U+FFxx).
_LIKELY_HIGH = frozenset((0x20, 0x30, *range(0x4E, 0xA0), *range(0xAC, 0xD8), 0xFF))
#: Low bytes of a likely character whose high byte is zero: tab, line ends, printable ASCII and Latin-1.
_LIKELY_LOW = frozenset((0x09, 0x0A, 0x0D, *range(0x20, 0x7F), *range(0xA0, 0x100)))


def _likely(high: bytes, low: bytes) -> int:
    return sum(1 for h, lo in zip(high, low, strict=True) if h in _LIKELY_HIGH or (h == 0 and lo in _LIKELY_LOW))


def utf16_encoding(prefix: bytes) -> str | None:
    """The codec of UTF-16 text from a file's first bytes: ``"utf-16"`` after a byte order mark (which the codec
    reads and drops), ``"utf-16-le"`` or ``"utf-16-be"`` without one (:func:`utf16_without_mark`); ``None`` for
    anything else.

    >>> utf16_encoding("\\ufeff申请号".encode("utf-16-le")), utf16_encoding("申请号,\\n".encode("utf-16-be"))
    ('utf-16', 'utf-16-be')
    """
    if prefix.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    return utf16_without_mark(prefix)


def utf16_without_mark(prefix: bytes) -> str | None:
    """``"utf-16-le"`` or ``"utf-16-be"`` when ``prefix`` (a file's first bytes) is UTF-16 text without a byte
    order mark, else ``None`` (a file with a mark is told by the mark itself).

    The text must also decode, without a NUL character, in the order found.
    """
    head = prefix[:_WINDOW]
    head = head[: len(head) - len(head) % 2]
    if len(head) < 2 or 0 not in head:
        return None
    even, odd = head[0::2], head[1::2]
    little, big = _likely(odd, even), _likely(even, odd)
    if max(little, big) < _LIKELY_SHARE * len(even):
        return None
    encoding = "utf-16-le" if little > big else "utf-16-be"
    try:
        text = head.decode(encoding)
    except UnicodeDecodeError:  # a surrogate pair cut at the window's end is not a reason to refuse
        text = head[:-2].decode(encoding, errors="replace")
    return None if "\x00" in text or "\ufffd" in text else encoding
