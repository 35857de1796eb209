"""Uploaded files (``POST /ingest``, ``POST /policy``): the name one is saved under in the scratch folder.

>>> upload_name("../../etc/passwd"), upload_name("专利 导出 (1).xlsx"), upload_name(None)
('passwd', '专利_导出_(1).xlsx', 'upload')
"""

from __future__ import annotations

import re
from pathlib import Path

__all__ = ["upload_name"]


def upload_name(name: str | None) -> str:
    """The client's file name without folders, every character outside ``\\w.-()（）`` made ``_``, at most 120."""
    base = Path(name or "upload").name
    return re.sub(r"[^\w.\-()（）]+", "_", base)[:120] or "upload"
