"""Legal status as the tools word it, reduced to active, pending, inactive or unknown."""

from __future__ import annotations

from functools import lru_cache

__all__ = ["normalize_legal_status"]

_ACTIVE: tuple[str, ...] = ("有效", "授权", "维持", "恢复", "active", "granted", "patented", "in force", "alive")
_PENDING = ("审中", "审查", "公开", "申请中", "pending", "published", "filed", "searching")
_INACTIVE: tuple[str, ...] = ("失效", "驳回", "撤回", "未缴", "届满", "放弃", "无效", "终止", "inactive", "expired")
_INACTIVE += ("lapsed", "ceased", "revoked", "withdrawn", "abandoned", "discontinued", "rejected", "dead")


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
