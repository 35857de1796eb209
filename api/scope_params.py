"""The query parameters that name an analysis scope, shared by the analysis routes and the workspace.

>>> from typing import get_args
>>> get_args(From)[1].alias
'from'
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Query

__all__ = ["From", "Industry", "Plan", "Region", "To", "Top"]

Industry = Annotated[str | None, Query(description="Industry id, IRI or label, e.g. construction-machinery")]
Region = Annotated[str | None, Query(description="Region code, id, IRI or label, e.g. 430100 or changzhutan")]
From = Annotated[str | None, Query(alias="from", description="First application date: YYYY[-MM[-DD]]")]
To = Annotated[str | None, Query(alias="to", description="Last application date: YYYY[-MM[-DD]]")]
Top = Annotated[int, Query(ge=1, le=1000, description="Rows in ranked tables")]
Plan = Annotated[
    str | None,
    Query(
        max_length=200,
        description="targets: id of a loaded plan (GET /policy, GET /analysis/options), e.g. "
        "hunan-ip-strong-province-pilot; default every plan's density targets",
    ),
]
