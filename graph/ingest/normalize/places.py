"""Where an applicant sits: addresses, region names and codes resolved to GB/T 2260 regions with cpca.

>>> AddressResolver().resolve("湖南省长沙市岳麓区麓山南路1号").code
'430104'
"""

from __future__ import annotations

import contextlib
import io
import logging
import re
import unicodedata
import warnings
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["AddressResolver", "Place", "parse_country_province"]


@dataclass(frozen=True)
class Place:
    """Where an applicant sits: the most specific GB/T 2260 code known, or a country.

    ``chain`` lists ``(code, name, level)`` from the province down to ``code``.
    """

    country: str | None
    code: str | None = None
    chain: tuple[tuple[str, str, str], ...] = ()


_MUNICIPALITIES = {"11", "12", "31", "50"}
_PROVINCE_NAMES: dict[str, str] = {}
_COUNTRY_WORDS = {
    "日本": "JP", "美国": "US", "韩国": "KR", "德国": "DE", "法国": "FR", "英国": "GB", "瑞士": "CH",
    "瑞典": "SE", "荷兰": "NL", "芬兰": "FI", "意大利": "IT", "加拿大": "CA", "新加坡": "SG", "台湾": "TW",
    "香港": "HK", "澳门": "MO", "印度": "IN", "澳大利亚": "AU", "以色列": "IL", "丹麦": "DK", "奥地利": "AT",
}  # fmt: skip
_COUNTRY_CODE = re.compile(r"^([A-Z]{2})(?:\d{0,2})?$")


def _quiet_import_cpca():
    # cpca 0.5.5 imports pkg_resources (deprecated) and jieba, which log and warn on import.
    logging.getLogger("jieba").setLevel(logging.ERROR)
    with warnings.catch_warnings(), contextlib.redirect_stderr(io.StringIO()):
        warnings.simplefilter("ignore")
        import cpca
    return cpca


class AddressResolver:
    """Resolve Chinese addresses to GB/T 2260 regions with ``cpca``, in batches, cached.

    cpca costs about a millisecond per call, so :meth:`resolve_many` sends only
    addresses not seen before, in one batch.

    >>> r = AddressResolver()
    >>> r.resolve("湖南省长沙市岳麓区麓山南路1号").code
    '430104'
    >>> r.resolve("", province_code="43").chain
    (('430000', '湖南省', 'province'),)
    >>> r.resolve("東京都千代田区", country_hint="JP").country
    'JP'
    """

    def __init__(self) -> None:
        self._cpca = _quiet_import_cpca()
        self._cache: dict[str, str | None] = {}
        self._chains: dict[str, tuple[tuple[str, str, str], ...]] = {}  # a few thousand GB/T 2260 codes at most

    def resolve_many(self, addresses: Iterable[str]) -> None:
        """Resolve and cache every address not yet seen (one cpca call)."""
        todo = sorted({a for a in addresses if a and a not in self._cache})
        if not todo:
            return
        # cpca's public API; its DataFrame costs ~15 µs per address once pandas is imported (the first call).
        codes = list(self._cpca.transform(todo)["adcode"])
        for address, adcode in zip(todo, codes, strict=True):
            self._cache[address] = str(adcode) if isinstance(adcode, str) and adcode.isdigit() else None

    def name(self, code: str) -> str | None:
        """The region's name from cpca's GB/T 2260 table."""
        return self._cpca.adcode_name(code)

    def chain(self, code: str) -> tuple[tuple[str, str, str], ...]:
        """``(code, name, level)`` from the province down to ``code``.

        Municipalities (Beijing, Tianjin, Shanghai, Chongqing) skip the "市辖区" level.
        """
        chain = self._chains.get(code)
        if chain is None:
            chain = self._chains[code] = self._chain(code)
        return chain

    def _chain(self, code: str) -> tuple[tuple[str, str, str], ...]:
        out: list[tuple[str, str, str]] = []
        for level, cut in (("province", 2), ("prefecture", 4), ("county", 6)):
            part = code[:cut].ljust(6, "0")
            if level == "prefecture" and code[:2] in _MUNICIPALITIES:
                continue
            if part in {c for c, _, _ in out}:
                continue
            if level != "province" and part[cut - 2 : cut] == "00":
                break
            name = self.name(part)
            if name is None:
                break
            out.append((part, name, level))
            if part == code:
                break
        return tuple(out)

    def resolve(
        self, address: str | None, *, province_code: str | None = None, country_hint: str | None = None
    ) -> Place:
        """Resolve one address; ``province_code`` (CNIPA 国省代码) and ``country_hint`` help.

        A foreign country (from the hint, or a country named in the address) gives a
        place with only ``country``.
        """
        hint = (country_hint or "").strip().upper()
        if hint and hint != "CN" and len(hint) == 2:
            return Place(country=hint)
        text = (address or "").strip()
        for word, cc in _COUNTRY_WORDS.items():
            if text.startswith(word):
                return Place(country=cc)
        code = None
        if text:
            if text not in self._cache:
                self.resolve_many([text])
            code = self._cache[text]
        if code is None and province_code and province_code.isdigit() and len(province_code) == 2:
            code = province_code + "0000"
        if code is None:
            return Place(country="CN" if (text or hint == "CN") else None)
        chain = self.chain(code)
        return Place(country="CN", code=chain[-1][0] if chain else None, chain=chain)

    def resolve_names(
        self, province: str | None, city: str | None = None, district: str | None = None
    ) -> tuple[Place | None, str | None]:
        """Resolve region *names* from separate columns (province, city, district) to a place.

        Returns the place (``None`` when nothing resolves) and, when the most specific name
        given did not resolve, that name (for the row's notice; the place is then the level
        above it).

        >>> r = AddressResolver()
        >>> place, unresolved = r.resolve_names("湖南省", "长沙市", "岳麓区")
        >>> place.code, unresolved
        ('430104', None)
        >>> place, unresolved = r.resolve_names("湖南", "火星市")
        >>> place.code, unresolved
        ('430000', '火星市')
        """
        names = [(n or "").strip() for n in (province, city, district)]
        given = [(level, n) for level, n in zip(("province", "prefecture", "county"), names, strict=True) if n]
        if not given:
            return None, None
        place = self.resolve("".join(n for _, n in given))
        if place.code is None:
            return None, given[-1][1]
        reached = {level for _, _, level in place.chain}
        deepest_level, deepest_name = given[-1]
        # Municipalities have no prefecture level in the chain: their city column names the province itself.
        if deepest_level not in reached and not (deepest_level == "prefecture" and place.code[:2] in _MUNICIPALITIES):
            return place, deepest_name
        return place, None


def parse_country_province(raw: str | None) -> tuple[str | None, str | None]:
    """Split a CNIPA 国省代码 cell into ``(country, province code)``.

    >>> parse_country_province("43"), parse_country_province("湖南;43"), parse_country_province("JP")
    (('CN', '43'), ('CN', '43'), ('JP', None))
    """
    if not raw:
        return None, None
    text = unicodedata.normalize("NFKC", str(raw)).strip().upper()
    digits = re.search(r"(?<!\d)(\d{2})(?!\d)", text)
    if digits:
        return "CN", digits.group(1)
    match = re.search(r"\b([A-Z]{2})\b", text)
    if match:
        return match.group(1), None
    return None, None
