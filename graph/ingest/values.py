"""Cell values the navigation fields need: applicant types as tools state them, counts, credit codes.

>>> organization_type_from("大专院校"), organization_type_from("Corporate"), organization_type_from("？")
('university', 'enterprise', None)
>>> parse_count("12"), parse_count("1,204"), parse_count("n/a")
(12, 1204, None)
>>> valid_credit_code("91430100MA4L16JQ9D"), valid_credit_code("91430100MA4L16JQ9C")
(True, False)

References
----------
GB 32100-2015, 法人和其他组织统一社会信用代码编码规则 (coding rules of the unified social credit code):
18 characters from a 31-character set, the last a check character over the first 17.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["CREDIT_CODE_CHARS", "organization_type_from", "parse_count", "valid_credit_code"]

#: Applicant type words of PatSnap, incoPat, the CNIPA system, the yearly dataset, Derwent and Lens -> patentnav's.
_TYPES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("university", ("大专院校", "高校", "大学", "院校", "高等院校", "university", "college", "academic")),
    ("research institute", ("科研单位", "科研院所", "研究机构", "研究院所", "科研机构", "institute", "research")),
    ("individual", ("个人", "自然人", "individual", "person", "inventor")),
    ("government", ("机关团体", "机关", "政府", "团体", "事业单位", "government", "public")),
    ("hospital", ("医院", "医疗机构", "hospital")),
    ("enterprise", ("企业", "公司", "工矿企业", "corporate", "company", "industry", "commercial", "enterprise")),
)


def organization_type_from(value: str | None) -> str | None:
    """patentnav's organisation type for a type the export states; ``None`` when the word is unknown."""
    text = unicodedata.normalize("NFKC", value or "").strip().lower()
    if not text:
        return None
    for kind, words in _TYPES:
        if any(w in text for w in words):
            return kind
    return None


_NUMBER = re.compile(r"^\d+(?:\.0+)?$")


def parse_count(value: str | None) -> int | None:
    """A non-negative count from a cell (thousands separators allowed); ``None`` when it is not one."""
    text = unicodedata.normalize("NFKC", value or "").strip().replace(",", "")
    if not _NUMBER.match(text):
        return None
    return int(float(text))


#: The 31 characters of GB 32100-2015 (no I, O, S, V, Z), in the order their values run.
CREDIT_CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def valid_credit_code(code: str) -> bool:
    """Whether ``code`` is a well-formed unified social credit code with the right check character."""
    text = unicodedata.normalize("NFKC", code or "").strip().upper()
    if len(text) != 18 or any(c not in CREDIT_CODE_CHARS for c in text) or not text[2:8].isdigit():
        return False
    total = sum(CREDIT_CODE_CHARS.index(c) * w for c, w in zip(text[:17], _WEIGHTS, strict=True))
    return CREDIT_CODE_CHARS[(31 - total % 31) % 31] == text[17]
