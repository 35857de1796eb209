"""Chinese-header exports: CNIPA patent search, incoPat, PatSnap (智慧芽), 大为 and similar.

The tools name the same columns differently; :data:`SPEC` lists every spelling seen,
so a new tool usually needs a new alias here, not new code.

>>> SPEC.matches(["申请号", "名称", "申请(专利权)人"])
True
"""

from __future__ import annotations

from collections.abc import Iterator

from patentnav.graph.ingest.base import ColumnSpec, ReadContext, Row, parse_ipc_list, read_records
from patentnav.graph.ingest.records import Applicant, Inventor, PatentRecord, RowError
from patentnav.graph.ingest.tabular import Table
from patentnav.graph.normalize import (
    guess_organization_type,
    normalize_application_number,
    normalize_legal_status,
    normalize_name,
    normalize_publication_number,
    parse_country_province,
    parse_date,
    parse_ipc,
    patent_type_from,
    split_multi,
)

__all__ = ["SPEC", "read"]

NAME = "cnipa"
#: CN kind codes of a grant announcement (the rest, A, are applications published).
GRANT_KINDS = frozenset("BCUYS")

SPEC = ColumnSpec(
    NAME,
    {
        "application_number": ("申请号", "申请号(专利号)", "专利申请号", "申请号码", "申请号/专利号"),
        "publication_number": ("公开(公告)号", "公开公告号", "公开号", "公告号", "公开(公告)号码", "文献号"),
        "application_date": ("申请日", "申请日期"),
        "publication_date": ("公开(公告)日", "公开公告日", "公开日", "公告日", "公开日期"),
        "grant_date": ("授权日", "授权公告日", "授权日期"),
        "title": ("名称", "标题", "发明名称", "专利名称", "标题(中文)", "名称(中文)"),
        "abstract": ("摘要", "摘要(中文)", "中文摘要"),
        "applicants": ("申请(专利权)人", "申请人", "专利权人", "当前专利权人", "申请人/专利权人", "当前申请(专利权)人"),
        "address": ("申请人地址", "地址", "申请(专利权)人地址", "第一申请人地址"),
        "inventors": ("发明(设计)人", "发明人", "设计人", "发明人/设计人"),
        "ipc": ("IPC分类号", "IPC", "分类号", "IPC分类"),
        "ipc_main": ("主分类号", "IPC主分类号", "IPC主分类", "主IPC"),
        "cpc": ("CPC分类号", "CPC", "CPC分类"),
        "legal_status": ("当前法律状态", "法律状态", "简单法律状态", "法律状态/事件", "有效性"),
        "province": ("国省代码", "申请人国省代码", "申请人省市代码", "省市代码"),
        "country": ("申请人国家", "申请人国别", "国别"),
        "patent_type": ("专利类型", "类型", "文献类型"),
    },
    required=("application_number",),
    signature=("title", "applicants"),
)


def read(table: Table, ctx: ReadContext) -> Iterator[PatentRecord | RowError]:
    """Yield one record (or row error, with ``.line`` set) per data row."""
    return read_records(table, SPEC, lambda row: _record(row, ctx))


def _record(row: Row, ctx: ReadContext) -> PatentRecord:
    if not row["application_number"]:
        raise RowError("申请号 (application number) is empty")
    app = normalize_application_number(row["application_number"])
    pubs, kind = [], None
    for part in split_multi(row["publication_number"]):
        number, kind_code = normalize_publication_number(part)
        pubs.append(number)
        kind = kind or kind_code
    ipc = parse_ipc_list(row["ipc"])
    main = parse_ipc(split_multi(row["ipc_main"])[0]) if row["ipc_main"] else (ipc[0] if ipc else None)
    if main is not None and main not in ipc:
        ipc.insert(0, main)
    country, province = parse_country_province(row["province"])
    country = row["country"] or country
    addresses = split_multi(row["address"])
    applicants = []
    for i, raw in enumerate(split_multi(row["applicants"])):
        name = normalize_name(raw, ctx.aliases)
        applicants.append(
            Applicant(
                raw_name=raw,
                name=name,
                org_type=guess_organization_type(name),
                # The address and 国省代码 columns describe the first applicant.
                address=addresses[i] if i < len(addresses) else None,
                country_hint=country if i == 0 else None,
                province_code=province if i == 0 else None,
            )
        )
    status_raw = row["legal_status"] or None
    publication_date = parse_date(row["publication_date"])
    grant_date = parse_date(row["grant_date"])
    if grant_date is None and pubs and pubs[-1][-1:] in GRANT_KINDS:
        grant_date = publication_date  # a B/C/U/Y/S publication is the grant announcement (公告)
    return PatentRecord(
        line=row.line,
        application_number=app,
        publication_numbers=pubs,
        kind=kind,
        application_date=parse_date(row["application_date"]),
        publication_date=publication_date,
        grant_date=grant_date,
        patent_type=patent_type_from(app, kind, row["patent_type"]),
        title=row["title"] or None,
        title_lang="zh",
        abstract=row["abstract"] or None,
        applicants=applicants,
        inventors=[Inventor(normalize_name(n)) for n in split_multi(row["inventors"])],
        ipc_main=main,
        ipc=ipc,
        cpc=parse_ipc_list(row["cpc"]),
        legal_status=normalize_legal_status(status_raw),
        legal_status_raw=status_raw,
        country="CN" if app.startswith("CN") else app[:2],
    )
