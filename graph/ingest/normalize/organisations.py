"""Organisation types (guessed from a name, or as an export states them), unified social credit codes, counts.

>>> guess_organization_type("中南大学"), organization_type_from("大专院校")
('university', 'university')
>>> valid_credit_code("91430100MA4L16JQ9D")
True

References
----------
GB 32100-2015, 法人和其他组织统一社会信用代码编码规则 (coding rules of the unified social credit code):
18 characters from a 31-character set, the last a check character over the first 17.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from patentnav.graph.ingest.normalize.names import _CJK

__all__ = ["CREDIT_CODE_CHARS", "guess_organization_type", "organization_type_from", "parse_count", "valid_credit_code"]

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


#: Applicant type words of PatSnap, incoPat, the CNIPA system, the yearly dataset, Derwent and Lens -> patentnav's.
_TYPES: tuple[tuple[str, tuple[str, ...]], ...] = (
    # PatSnap's English type codes: ACADEMY (its 院校/研究所), COMPANY, GOVERNMENT, PERSON, HOSPITAL, BANK.
    ("university", ("大专院校", "高校", "大学", "院校", "高等院校", "university", "college", "academic", "academy")),
    ("research institute", ("科研单位", "科研院所", "研究机构", "研究院所", "科研机构", "institute", "research")),
    ("individual", ("个人", "自然人", "individual", "person", "inventor")),
    ("government", ("机关团体", "机关", "政府", "团体", "事业单位", "government", "public")),
    ("hospital", ("医院", "医疗机构", "hospital")),
    (
        "enterprise",
        ("企业", "公司", "工矿企业", "银行", "corporate", "company", "industry", "commercial", "enterprise", "bank"),
    ),
)


def organization_type_from(value: str | None) -> str | None:
    """patentnav's organisation type for a type the export states; ``None`` when the word is unknown.

    >>> organization_type_from("大专院校"), organization_type_from(" Ｃｏｍｐａｎｙ "), organization_type_from("?")
    ('university', 'enterprise', None)
    >>> [organization_type_from(code) for code in ("ACADEMY", "BANK", "PERSON")]  # PatSnap's codes
    ['university', 'enterprise', 'individual']
    """
    return _organization_type(value or "")


@lru_cache(maxsize=4096)  # a file states a handful of distinct type words, in every row
def _organization_type(value: str) -> str | None:
    text = unicodedata.normalize("NFKC", value).strip().lower()
    if not text:
        return None
    for kind, words in _TYPES:
        if any(w in text for w in words):
            return kind
    return None


_NUMBER = re.compile(r"^\d+(?:\.0+)?$")


def parse_count(value: str | None) -> int | None:
    """A non-negative count from a cell (thousands separators allowed); ``None`` when it is not one.

    >>> parse_count("12"), parse_count("１,２００"), parse_count("3.0"), parse_count("x")
    (12, 1200, 3, None)
    """
    if value and len(value) <= 15 and value.isascii() and value.isdigit():
        return int(value)  # plain digits, the usual cell (up to 15 digits a float holds them exactly, as below)
    text = unicodedata.normalize("NFKC", value or "").strip().replace(",", "")
    if not _NUMBER.match(text):
        return None
    return int(float(text))


#: The 31 characters of GB 32100-2015 (no I, O, S, V, Z), in the order their values run.
CREDIT_CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def valid_credit_code(code: str) -> bool:
    """Whether ``code`` is a well-formed unified social credit code with the right check character."""
    return _valid_credit_code(code or "")


@lru_cache(maxsize=65536)  # an organisation's code comes back on each of its rows
def _valid_credit_code(code: str) -> bool:
    text = unicodedata.normalize("NFKC", code).strip().upper()
    if len(text) != 18 or any(c not in CREDIT_CODE_CHARS for c in text) or not text[2:8].isdigit():
        return False
    total = sum(CREDIT_CODE_CHARS.index(c) * w for c, w in zip(text[:17], _WEIGHTS, strict=True))
    return CREDIT_CODE_CHARS[(31 - total % 31) % 31] == text[17]
