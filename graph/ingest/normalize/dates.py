"""Dates as exports write them: 2015-03-01, 20150301, 2015.03.01, 2015/3/1, 2015年3月1日.

>>> parse_date("2015年3月1日")
datetime.date(2015, 3, 1)
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from functools import lru_cache

from patentnav.graph.ingest.normalize.errors import NormalizeError

__all__ = ["parse_date"]

_DATE_PATTERNS = (
    re.compile(r"^(\d{4})[-./年](\d{1,2})[-./月](\d{1,2})日?(?:[ T]\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?)?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)


def parse_date(raw: str | date | datetime | None) -> date | None:
    """Parse a date cell; ``None`` for an empty cell; :class:`NormalizeError` if impossible.

    >>> parse_date("20150301"), parse_date("2015/3/1"), parse_date("")
    (datetime.date(2015, 3, 1), datetime.date(2015, 3, 1), None)
    >>> parse_date("2015-02-30")
    Traceback (most recent call last):
    ...
    patentnav.graph.ingest.normalize.errors.NormalizeError: impossible date '2015-02-30': day is out of range for month
    """
    if raw is None:
        return None
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    return _parse_date_text(str(raw))


@lru_cache(maxsize=65536)
def _parse_date_text(raw: str) -> date | None:
    # Exports repeat the same few thousand dates, so each spelling is parsed once.
    text = unicodedata.normalize("NFKC", raw).strip()
    if not text:
        return None
    for pattern in _DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            year, month, day = (int(g) for g in match.groups())
            try:
                value = date(year, month, day)
            except ValueError as exc:
                raise NormalizeError(f"impossible date {raw!r}: {exc}") from None
            if not 1800 <= year <= 2100:
                raise NormalizeError(f"impossible date {raw!r}: year {year} is out of range")
            return value
    raise NormalizeError(f"unreadable date {raw!r}: expected YYYY-MM-DD, YYYYMMDD, YYYY.MM.DD or YYYY年M月D日")
