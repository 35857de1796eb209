"""Clean the values patent exports hold: numbers, dates, IPC codes, names, addresses.

Every function takes the raw text of one cell and returns a normalised value, or
raises :class:`NormalizeError` whose message says, in words, what is wrong. Readers
call these; the RDF writer only ever sees normalised values.

>>> normalize_application_number("CN201510123456.7")
'CN201510123456'
>>> parse_date("2015年3月1日")
datetime.date(2015, 3, 1)
>>> parse_ipc("B66C 23/64 (2006.01)").symbol
'B66C23/64'
>>> normalize_name("三一重工股份有限公司　")
'三一重工股份有限公司'
"""

from __future__ import annotations

import contextlib
import csv
import io
import logging
import re
import unicodedata
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from importlib import resources
from pathlib import Path

__all__ = [
    "AddressResolver",
    "IPCCode",
    "NormalizeError",
    "Place",
    "guess_organization_type",
    "load_aliases",
    "normalize_application_number",
    "normalize_legal_status",
    "normalize_name",
    "normalize_publication_number",
    "parse_date",
    "parse_ipc",
    "patent_type_from",
    "split_multi",
]


class NormalizeError(ValueError):
    """A cell's value cannot be normalised; the message says why."""


# ------------------------------------------------------------------ multi-valued cells

_SPLIT = re.compile(r"\s*(?:;;|[;；|\n])\s*")


def split_multi(value: str | None, pattern: re.Pattern[str] = _SPLIT) -> list[str]:
    """Split a multi-valued cell on the usual separators (``;``, ``；``, ``|``, ``;;``).

    >>> split_multi("甲公司; 乙大学 | 丙")
    ['甲公司', '乙大学', '丙']
    """
    if not value:
        return []
    # The pattern eats the blanks around separators, so stripping the ends is enough.
    return [part for part in pattern.split(str(value).strip()) if part]


# ------------------------------------------------------------------ numbers

_CN_APP = re.compile(r"^(?:CN|ZL)?(\d{8}|\d{12})(?:\.?[\dX])?$")
_GENERIC_APP = re.compile(r"^([A-Z]{2})([0-9A-Z]+)$")


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
    text = unicodedata.normalize("NFKC", str(raw)).upper()
    text = re.sub(r"[\s,/\-]", "", text)
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


def normalize_publication_number(raw: str) -> tuple[str, str | None]:
    """Return ``(number with kind code, kind code)`` for a publication number.

    >>> normalize_publication_number("CN 105000000 A")
    ('CN105000000A', 'A')
    >>> normalize_publication_number("US-10000000-B2")
    ('US10000000B2', 'B2')
    """
    text = re.sub(r"[\s\-.,/]", "", unicodedata.normalize("NFKC", str(raw)).upper())
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


# ------------------------------------------------------------------ dates

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
    patentnav.graph.normalize.NormalizeError: impossible date '2015-02-30': day is out of range for month
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


# ------------------------------------------------------------------ IPC


@dataclass(frozen=True)
class IPCCode:
    """A parsed IPC (or CPC) symbol, down to the level the source gives.

    >>> c = parse_ipc("H04L9/32")
    >>> c.section, c.ipc_class, c.subclass, c.main_group, c.symbol
    ('H', 'H04', 'H04L', 'H04L9/00', 'H04L9/32')
    >>> [a.symbol for a in c.ancestors()]
    ['H04L9/00', 'H04L', 'H04', 'H']
    """

    section: str
    class_digits: str | None = None
    subclass_letter: str | None = None
    group: str | None = None
    subgroup: str | None = None

    @property
    def ipc_class(self) -> str | None:
        return self.section + self.class_digits if self.class_digits else None

    @property
    def subclass(self) -> str | None:
        return self.ipc_class + self.subclass_letter if self.subclass_letter and self.ipc_class else None

    @property
    def main_group(self) -> str | None:
        return f"{self.subclass}{self.group}/00" if self.group and self.subclass else None

    @property
    def symbol(self) -> str:
        """The notation, e.g. ``B66C23/64``."""
        if self.group:
            return f"{self.subclass}{self.group}/{self.subgroup or '00'}"
        return self.subclass or self.ipc_class or self.section

    @property
    def local_id(self) -> str:
        """The IRI local id: ``/`` becomes ``-`` (``B66C23-64``)."""
        return self.symbol.replace("/", "-")

    def parent(self) -> IPCCode | None:
        """The next broader level: subgroup -> main group -> subclass -> class -> section."""
        if self.group and self.subgroup not in (None, "00"):
            return IPCCode(self.section, self.class_digits, self.subclass_letter, self.group, "00")
        if self.group:
            return IPCCode(self.section, self.class_digits, self.subclass_letter)
        if self.subclass_letter:
            return IPCCode(self.section, self.class_digits)
        if self.class_digits:
            return IPCCode(self.section)
        return None

    def ancestors(self) -> list[IPCCode]:
        """Every broader level, nearest first."""
        out, node = [], self.parent()
        while node is not None:
            out.append(node)
            node = node.parent()
        return out


_IPC = re.compile(
    r"^([A-H])(?:(\d{2})(?:([A-Z])(?:\s*0*(\d{1,4})\s*/\s*(\d{1,6}))?)?)?"
    r"\s*(?:\(\d{4}\.\d{2}\)|\[\d{4}\.\d{2}\])?\s*[A-Z]?$"
)
_IPC_PACKED = re.compile(r"^([A-H])(\d{2})([A-Z])(\d{4})(\d{6})$")


@lru_cache(maxsize=65536)
def parse_ipc(raw: str) -> IPCCode:
    """Parse and validate one IPC/CPC symbol; raise :class:`NormalizeError` if malformed.

    Accepts ``B66C23/64``, ``B66C 23/64``, ``B66C0023640000`` (packed, 14 characters),
    a version suffix ``(2006.01)``, and coarser levels (``B66C``, ``B66``, ``B``).
    Trailing zeros of a subgroup are dropped (``23/640`` is ``23/64``) except ``/00``.

    >>> parse_ipc("B66C0023640000").symbol
    'B66C23/64'
    >>> parse_ipc("Z99Q1/00")
    Traceback (most recent call last):
    ...
    patentnav.graph.normalize.NormalizeError: malformed IPC code 'Z99Q1/00': expected a symbol such as H04L9/32
    """
    text = unicodedata.normalize("NFKC", str(raw)).strip().upper()
    packed = _IPC_PACKED.match(text)
    if packed:
        section, digits, letter, group, sub = packed.groups()
        group, sub = str(int(group)), sub.rstrip("0").ljust(2, "0")
        return IPCCode(section, digits, letter, group, sub)
    match = _IPC.match(text)
    if not match or not text:
        raise NormalizeError(f"malformed IPC code {raw!r}: expected a symbol such as H04L9/32")
    section, digits, letter, group, sub = match.groups()
    if group is not None:
        group = str(int(group))
        sub = sub.rstrip("0").ljust(2, "0") if len(sub) > 2 else sub.ljust(2, "0")
    return IPCCode(section, digits, letter, group, sub)


# ------------------------------------------------------------------ legal status

_ACTIVE = ("有效", "授权", "维持", "恢复", "active", "granted", "patented", "in force", "alive")
_PENDING = ("审中", "审查", "公开", "申请中", "pending", "published", "filed", "searching")
_INACTIVE = ("失效", "驳回", "撤回", "未缴", "届满", "放弃", "无效", "终止", "inactive", "expired", "lapsed")
_INACTIVE += ("ceased", "revoked", "withdrawn", "abandoned", "discontinued", "rejected", "dead")


@lru_cache(maxsize=4096)
def normalize_legal_status(raw: str | None) -> str:
    """Map a legal status as written to ``active``/``pending``/``inactive``/``unknown``.

    Inactive words win over active ones (``授权后失效`` is inactive).

    >>> [normalize_legal_status(s) for s in ("有效", "实质审查", "未缴年费", "EXPIRED", "?")]
    ['active', 'pending', 'inactive', 'inactive', 'unknown']
    """
    if not raw:
        return "unknown"
    low = str(raw).strip().lower()
    for words, status in ((_INACTIVE, "inactive"), (_ACTIVE, "active"), (_PENDING, "pending")):
        if any(w in low for w in words):
            return status
    return "unknown"


# ------------------------------------------------------------------ names

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


_ENTERPRISE_END = re.compile(
    r"(公司|厂|集团|商行|合作社|事务所|店|(?<![a-z])(ltd\.?|inc\.?|corp\.?|llc|gmbh|ag|s\.a\.|co\.|kk|plc|n\.v\.|b\.v\.|s\.p\.a\.))$",
    re.I,
)
_RULES = (
    ("university", re.compile(r"大学|(?<!科)学院|学校|university|college|school|institute of technology", re.I)),
    (
        "research institute",
        re.compile(r"研究院|研究所|研究中心|科学院|实验室|设计院|research|academy|laborator|institut", re.I),
    ),
    (
        "government",
        re.compile(r"政府|委员会|管理局|(?<!公司)局$|部$|厅$|ministry|bureau|government|agency|administration", re.I),
    ),
    ("enterprise", re.compile(r"公司|企业|集团|科技|有限|co\.|company|corporation|gmbh|industries|technologies", re.I)),
)
_PERSON_ZH = re.compile(rf"^[{_CJK}·]{{2,4}}$")
_PERSON_EN = re.compile(r"^[A-Z][a-zA-Z'\-]+,? [A-Z][a-zA-Z'\-.]+(?: [A-Z][a-zA-Z'\-.]+)?$")


@lru_cache(maxsize=131072)
def guess_organization_type(name: str) -> str:
    """Guess an applicant's type from its name (a guess: the graph says so).

    Returns ``enterprise``, ``university``, ``research institute``, ``government``,
    ``individual`` or ``other``. A company suffix wins (``长沙矿冶研究院有限责任公司`` is an
    enterprise); a two-to-four character Chinese name with no organisation word is an
    individual.

    >>> [guess_organization_type(n) for n in ("中南大学", "长沙矿冶研究院有限公司", "张三", "湖南省知识产权局")]
    ['university', 'enterprise', 'individual', 'government']
    """
    text = name.strip()
    if _ENTERPRISE_END.search(text):
        return "enterprise"
    for kind, pattern in _RULES:
        if pattern.search(text):
            return kind
    if _PERSON_ZH.match(text) or _PERSON_EN.match(text):
        return "individual"
    return "other"


# ------------------------------------------------------------------ addresses


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

    def resolve_many(self, addresses: Iterable[str]) -> None:
        """Resolve and cache every address not yet seen (one cpca call)."""
        todo = sorted({a for a in addresses if a and a not in self._cache})
        if not todo:
            return
        one = getattr(self._cpca, "_get_one_addr", None)
        if one is not None:
            # cpca's per-address matcher, the one transform() runs, without building a pandas
            # DataFrame (importing pandas alone costs seconds); transform() where it is absent.
            codes = [one(address, False, {})["adcode"] for address in todo]
        else:
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
        out = []
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
