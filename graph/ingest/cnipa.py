"""Chinese-header exports: PatSnap (智慧芽), incoPat, the CNIPA search and analysis system, the yearly CN
research dataset, 大为 innojoy and similar tools.

The tools name the same columns differently; :data:`SPEC` lists every spelling seen, so a new
tool usually needs a new alias here, not new code. PatSnap's English user interface writes the same columns
in English (:data:`PATSNAP_ENGLISH`), read into the same records. Which tool made a file (its *layout*) is told
from headers only one tool writes (:func:`layout_of`); it decides who vendor classifications and
scores are attributed to.

What a row gives, beyond the bibliography: applicants as filed and current holders, with their
types as the file states them (企业, 大专院校 …), credit codes, addresses or province/city/district
columns, agency and agents, priorities, simple/extended/DocDB families, cited and citing patents
and citation counts, claims, lapse date and patent life, and legal events (transfer, licence,
pledge, litigation, invalidation) with their parties and counts. The module is over 400 lines
because :data:`SPEC`, every column spelling seen, is about a hundred lines of data, and each of
those field families has its own small parser here.

>>> SPEC.matches(["申请号", "名称", "申请(专利权)人"])
True
>>> layout_of(["公开(公告)号", "[标]当前申请(专利权)人", "当前申请(专利权)人州/省"])
'patsnap'
>>> layout_of(["Publication Number", "Std. Current Assignee", "Current Assignee State/Province"])
'patsnap'
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import replace
from datetime import date
from functools import lru_cache

from patentnav.graph.ingest.base import EMPTY_MARKS, ColumnSpec, ReadContext, Row, parse_ipc_list, read_records
from patentnav.graph.ingest.columns import header_key
from patentnav.graph.ingest.normalize import (
    IPCCode,
    NormalizeError,
    guess_organization_type,
    normalize_application_number,
    normalize_legal_status,
    normalize_name,
    normalize_publication_number,
    organization_type_from,
    parse_count,
    parse_country_province,
    parse_date,
    parse_ipc,
    patent_type_from,
    split_multi,
    valid_credit_code,
)
from patentnav.graph.ingest.records import (
    Applicant,
    FamilyLink,
    Inventor,
    LegalEvent,
    Notice,
    PatentRecord,
    Priority,
    RowError,
    VendorClass,
    VendorScore,
)
from patentnav.graph.ingest.tabular import Table

__all__ = ["PATSNAP_ENGLISH", "SPEC", "layout_of", "read", "unread_fields", "vendor_of"]

NAME = "cnipa"
#: CN kind codes of a grant announcement (the rest, A, are applications published).
GRANT_KINDS = frozenset("BCUYS")

#: The Chinese headers; :data:`SPEC` adds PatSnap's English ones (:data:`PATSNAP_ENGLISH`).
_CHINESE = ColumnSpec(
    NAME,
    {
        "application_number": ("申请号", "申请号(专利号)", "专利申请号", "申请号码", "申请号/专利号"),
        "patent_number": ("专利号",),
        "publication_number": ("公开(公告)号", "公开公告号", "公开号", "公开(公告)号码", "文献号"),
        "grant_number": ("授权公告号", "公告号", "授权号"),
        "application_date": ("申请日", "申请日期"),
        "publication_date": ("公开(公告)日", "公开公告日", "公开日", "公开日期"),
        "grant_date": ("授权公告日", "授权日", "授权日期", "公告日", "颁证日"),
        "title": ("名称", "标题", "发明名称", "专利名称", "标题(中文)", "名称(中文)", "题名"),
        "title_translated": ("标题(译)(简体中文)", "标题(译)", "翻译标题", "标题(翻译)", "中文机翻标题"),
        "abstract": ("摘要", "摘要(中文)", "中文摘要", "摘要文本"),
        "first_claim": ("主权项", "主权项内容", "独立权利要求", "首项权利要求", "第一权利要求"),
        "applicants": ("申请(专利权)人", "申请人", "申请人/专利权人", "原始申请(专利权)人", "申请人名称"),
        "applicants_standardized": ("标准化申请人", "[标]原始申请(专利权)人", "[标]申请(专利权)人", "标准申请人"),
        "applicant_type": ("申请人类型", "[标]原始申请(专利权)人类型", "原始申请(专利权)人类型", "申请(专利权)人类型"),
        "current_holders": ("当前权利人", "当前申请(专利权)人", "当前专利权人", "专利权人"),
        "current_holders_standardized": (
            "标准化当前权利人",
            "[标]当前申请(专利权)人",
            "[标]当前权利人",
            "标准化当前专利权人",
            "标准当前专利权人",  # 大为 innojoy
        ),
        "holder_type": ("[标]当前申请(专利权)人类型", "当前申请(专利权)人类型", "专利权人类型", "当前权利人类型"),
        "address": ("申请人地址", "地址", "申请(专利权)人地址", "第一申请人地址", "原始申请(专利权)人地址"),
        "holder_address": ("当前专利权人地址", "当前权利人地址", "当前申请(专利权)人地址"),
        "province": (
            *("当前申请(专利权)人州/省", "申请人州/省", "申请人省份", "申请人地区", "申请人省"),
            "当前专利权人(省市)",  # 大为 innojoy: the current holders' (see _HOLDER_REGION_LAYOUTS)
        ),
        "city": (
            "当前申请(专利权)人地市",
            "中国申请人地市",
            "申请人城市",
            "申请人地市",
            "申请人市",
            "当前专利权人(地市)",
        ),
        "district": ("当前申请(专利权)人区县", "中国申请人区县", "申请人区县", "申请人区", "当前专利权人(区县)"),
        # PatSnap's and 大为 innojoy's region columns of the applicants as filed (the ones above are the current
        # holders' there).
        "applicant_province": ("原始申请(专利权)人州/省", "申请人(省市)"),
        "applicant_city": ("原始申请(专利权)人地市", "申请人(地市)"),
        "applicant_district": ("原始申请(专利权)人区县", "申请人(区县)"),
        "applicant_country": ("原始申请(专利权)人国家", "原始申请(专利权)人国家/地区", "申请人国家/地域"),
        "province_code": ("国省代码", "申请人国省代码", "申请人省市代码", "省市代码", "申请人所在国(省)"),
        "country": (
            *("申请人国家", "申请人国别", "国别", "当前申请(专利权)人国家", "申请人国家/地区", "申请人国别代码"),
            "当前申请(专利权)人区域",  # PatSnap's field ANC_COUNTRY: the holders' country or region, not a province
        ),
        "credit_code": ("工商统一社会信用代码", "统一社会信用代码", "申请人统一社会信用代码"),
        "agency": ("[标]代理机构", "代理机构", "专利代理机构"),
        "agents": ("代理人",),
        "inventors": ("发明(设计)人", "发明人", "设计人", "发明人/设计人"),
        "ipc": ("IPC分类号", "IPC", "分类号", "IPC分类"),
        "ipc_main": ("主分类号", "IPC主分类号", "IPC主分类", "主IPC"),
        "cpc": ("CPC分类号", "CPC", "CPC分类"),
        "legal_status": ("当前法律状态", "法律状态", "简单法律状态", "有效性", "专利有效性"),
        "legal_events": ("法律状态/事件", "法律事件"),
        "patent_type": ("专利类型", "类型", "文献类型"),
        "priority_numbers": ("优先权号", "优先权", "优先权信息"),
        "priority_dates": ("优先权日", "最早优先权日"),
        "cited": ("引证专利", "引用专利", "引证文献"),
        "citing": ("被引证专利", "被引用专利", "施引专利"),
        "cited_count": ("引证次数", "引用专利数量", "引证专利数量", "引证专利数"),
        "citing_count": ("被引证次数", "被引用专利数量", "被引用次数", "被引证数"),
        "citing_count_5y": ("5年内被引用数量", "5年内被引证次数"),
        "cited_self_count": ("自引次数",),
        "cited_other_count": ("他引次数",),
        "citing_self_count": ("被自引次数",),
        "citing_other_count": ("被他引次数",),
        "family_cited_count": ("家族引证次数",),
        "family_citing_count": ("家族被引证次数",),
        "simple_family": ("简单同族", "同族专利项", "简单同族成员", "同族/同族号"),
        "extended_family": ("扩展同族", "扩展同族成员", "INPADOC同族", "inpadoc同族"),
        "docdb_family": ("DocDB同族",),
        "simple_family_size": ("简单同族个数", "简单同族数量", "同族数量"),
        "extended_family_size": (
            *("扩展同族个数", "扩展同族数量", "inpadoc同族个数", "INPADOC同族个数"),
            *("INPADOC同族成员数量", "扩展同族成员数量"),
        ),
        "docdb_family_size": ("DocDB同族个数",),
        "claims_count": ("权利要求数量", "权利要求数", "权利要求项数", "权项数"),
        "independent_claims_count": ("独立权利要求数量", "独立权利要求数", "独权数"),
        "lapse_date": ("失效日", "失效日期", "权利失效日"),
        "life_months": ("专利寿命(月)", "专利寿命"),
        "transfer_count": ("转让次数",),
        "transferors": ("转让人",),
        "transferees": ("受让人",),
        "transfer_dates": ("转让执行日", "转让登记日", "转让生效日"),
        "licence_count": ("许可次数",),
        "licensors": ("许可人",),
        "licensees": ("被许可人",),
        "licence_type": ("许可类型",),
        "licence_dates": ("许可合同备案日期", "许可备案日", "许可生效日"),
        "pledge_count": ("质押次数",),
        "pledgors": ("出质人", "质押人"),
        "pledgees": ("质权人",),
        "pledge_dates": ("质押期限", "质押登记日", "质押生效日"),
        "litigation_count": ("诉讼次数",),
        "plaintiffs": ("原告",),
        "defendants": ("被告",),
        "litigation_type": ("诉讼类型",),
        "invalidation_requesters": ("复审/无效请求人", "无效请求人", "无效宣告请求人"),
        "invalidation_count": ("无效次数", "复审/无效次数"),
        "invalidation_dates": ("无效请求日", "无效宣告请求日", "无效决定日"),
        "reexamination_requesters": ("复审请求人",),
        "reexamination_count": ("复审次数",),
        "reexamination_dates": ("复审请求日", "复审决定日"),
        "emerging_industry_class": ("战略新兴产业分类", "新兴产业分类", "战略性新兴产业分类"),
        "national_economy_class": ("国民经济分类", "国民经济行业分类", "国民经济行业分类号"),
        "vendor_value": ("合享价值度",),
        "vendor_stability": ("技术稳定性",),
        "vendor_advancement": ("技术先进性",),
        "vendor_protection": ("保护范围",),
    },
    required=("application_number",),
    # A title or an application number, and someone who holds the patent: a list without titles is still a patent
    # list (the analyses never need the title).
    signature=(
        ("title", "application_number"),
        ("applicants", "applicants_standardized", "current_holders", "current_holders_standardized"),
    ),
    known={
        "序号": "a row number",
        "申请年": "derived from 申请日",
        "申请年份": "derived from 申请日",
        "公开年": "derived from 公开(公告)日",
        "公开公告年份": "derived from 公开公告日",
        "授权公告年份": "derived from 授权公告日",
        "申请人邮编": "a postcode: not used",
        "第一申请人": "the first of 申请人",
        "第一发明人": "the first of 发明人",
        "链接": "a link to the vendor's page",
        "专利链接": "a link to the vendor's page",
        "页数": "not used",
        "附图": "not used",
        "摘要附图": "not used",
        "文献代码": "not used",
        "公开国别": "derived from the publication number",
        "受理局": "derived from the application number",
        "标题(英文)": "an English title beside the Chinese one: not used",
        "摘要(英文)": "an English abstract: not used",
        "摘要(翻译)": "a translated abstract: not used",
        "标题(小语种原文)": "a title in its original language beside the Chinese one: not used",
        "摘要(小语种原文)": "an abstract in its original language: not used",
        "首权翻译": "a translated first claim: not used",
        "优先权国家": "derived from the priority numbers",
        "优先权国别": "derived from the priority numbers",
        "优先权国家/地区": "derived from the priority numbers",
        "申请人数量": "derived from 申请人",
        "发明人数量": "derived from 发明人",
        "当前申请(专利权)人数量": "derived from 当前申请(专利权)人",
        "首次公开日": "the first of the publication dates: not used",
        "同族国家/地区": "derived from the family members",
        "IPC主分类号(小类)": "derived from IPC主分类号",
        "IPC主分类号(大组)": "derived from IPC主分类号",
        "IPC主分类号(小组)": "derived from IPC主分类号",
        "当前被许可人": "the licensees of the licences in force: the licence event has all its licensees",
        "当前质权人": "the pledgees of the pledges in force: the pledge event has all its pledgees",
        "标准受让人": "the transferees as the vendor standardised them: not used",
        "复审无效决定日": "a decision date of a re-examination or an invalidation (the export does not say which)",
        "复审决定": "the text of a re-examination decision: not used",
        "复审无效法律依据": "the legal grounds of a decision: not used",
        "当前发明(专利权)人": "the inventors as recorded now: 发明人 is read",
        "当前发明人名称": "the inventors as recorded now: 发明人 is read",
        "IPC主分类号(小组)释义": "the vendor's title of the main IPC group: not used",
        "3年内被引用数量": "forward citations within 3 years: the total and the 5-year counts are read",
        "Patsnap同族专利申请数量": "the size of PatSnap's own family definition: not used",
        # 大为 innojoy's columns patentnav does not need.
        "主申请人": "the first of 申请(专利权)人",
        "当前主专利权人": "the first of 当前专利权人",
        "主发明人": "the first of 发明(设计)人",
        "申请人数": "derived from 申请(专利权)人",
        "发明人数": "derived from 发明(设计)人",
        "公开类型": "derived from the publication number",
        "INNOJOY同族": "innojoy's own family definition: not used",
        "INNOJOY同族数": "the size of innojoy's own family definition: not used",
        "预测专利权人": "innojoy's prediction of the holders: not used",
    },
)

#: PatSnap's English user interface: the same columns, each spelled as PatSnap's own English label of the field's
#: Chinese column (``Std. Current Assignee`` is its [标]当前申请(专利权)人, ``Cite Patent`` its 引用专利 …; the sources
#: are listed in docs/ingest.md). They come after the field's Chinese spellings, so a Chinese column wins a tie.
PATSNAP_ENGLISH: dict[str, tuple[str, ...]] = {
    "application_number": ("Application Number",),
    "publication_number": ("Publication Number",),
    "application_date": ("Application Date",),
    "publication_date": ("Publication Date",),
    "grant_date": ("Issue Date",),
    "title": ("Title",),
    "title_translated": ("Chinese Translated Title",),
    "abstract": ("Abstract",),
    "first_claim": ("Independent Claims",),
    "applicants": ("Original Assignee (Applicant)",),
    "applicants_standardized": ("Std. Original Assignee (Applicant)", "Standardized Original Assignee (Applicant)"),
    "current_holders": ("Current Assignee",),
    "current_holders_standardized": ("Std. Current Assignee", "Standardized Current Assignee"),
    "holder_type": ("Std. Current Assignee Type",),
    "holder_address": ("Current Assignee Address",),
    "province": ("Current Assignee State/Province",),
    "country": ("Current Assignee Region",),
    "agency": ("Agency",),
    "agents": ("Attorney",),
    "inventors": ("Inventor Name",),
    "ipc_main": ("Main IPC",),
    "legal_status": ("Legal Status", "Simple Legal Status"),
    "legal_events": ("Legal Events",),
    "patent_type": ("Patent Type",),
    "priority_numbers": ("Priority Number",),
    "priority_dates": ("Priority Date",),
    "cited": ("Cite Patent",),
    "citing": ("Cited By Patent",),
    "cited_count": ("Cites Count",),
    "citing_count": ("Cited By Count",),
    "simple_family": ("Simple Family",),
    "extended_family": ("INPADOC Family", "Extend Family"),
    "simple_family_size": ("Family Count",),
    "extended_family_size": ("INPADOC Family Count", "Extended Family Count"),
    "claims_count": ("Claim Count",),
    "licensors": ("Licensor",),
    "licensees": ("Licensee",),
    "pledgors": ("Pledgor",),
    "pledgees": ("Pledgee",),
    "pledge_dates": ("Pledge Effect Date",),
    "plaintiffs": ("Plaintiff Name",),
    "defendants": ("Defendant Name",),
    "invalidation_requesters": ("Reexam/Invalid Applicant",),
    "national_economy_class": ("Industrial classification for national economic activities",),
}
#: English columns patentnav does not need.
_PATSNAP_ENGLISH_KNOWN = {
    "First Current Assignee": "the first of Current Assignee",
    "First Inventor": "the first of the inventors",
    "Kind Code": "derived from the publication number",
    "Authority / Jurisdiction / Country": "derived from the application number",
    "Count of Original Assignees": "derived from Original Assignee (Applicant)",
    "Count of Current Assignees": "derived from Current Assignee",
    "Page Count": "not used",
    "English Translated Title": "an English machine translation of the title: not used",
    "English Translated Abstract": "an English machine translation of the abstract: not used",
    "Chinese Translated Abstract": "a translated abstract: not used",
}
SPEC = replace(
    _CHINESE,
    aliases={f: (*options, *PATSNAP_ENGLISH.get(f, ())) for f, options in _CHINESE.aliases.items()},
    known={**_CHINESE.known, **_PATSNAP_ENGLISH_KNOWN},
)

#: Headers only one tool writes, in the order they are tested (first hit decides).
_LAYOUT_MARKS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "patsnap",
        (
            *("[标]当前申请(专利权)人", "当前申请(专利权)人州/省", "简单法律状态", "5年内被引用数量", "法律状态/事件"),
            # The same columns in PatSnap's English user interface.
            *("Std. Current Assignee", "Standardized Current Assignee", "Std. Current Assignee Type"),
            *("Std. Original Assignee (Applicant)", "Current Assignee State/Province", "Simple Legal Status"),
        ),
    ),
    ("incopat", ("合享价值度", "标准化当前权利人", "中国申请人地市", "申请人省市代码", "DocDB同族", "专利寿命(月)")),
    (
        "innojoy",
        ("标准当前专利权人", "当前专利权人(省市)", "申请人(省市)", "INNOJOY同族", "INNOJOY同族数", "标准申请人"),
    ),
    ("cn-yearly", ("公开公告年份", "授权公告年份", "被他引次数", "摘要文本", "主权项内容")),
    ("cnipa", ("同族专利项", "颁证日", "申请人所在国(省)", "专利代理机构", "专利号")),
)
_VENDORS = {
    "patsnap": "PatSnap (智慧芽)",
    "incopat": "incoPat (合享)",
    "innojoy": "大为 innojoy",
    "cnipa": "CNIPA",
    "cn-yearly": None,
}
#: Layouts whose province / city / district (and country) columns describe the current holders, beside the
#: applicants' own columns: PatSnap's 当前申请(专利权)人州/省 …, innojoy's 当前专利权人(省市) ….
_HOLDER_REGION_LAYOUTS = frozenset({"patsnap", "innojoy"})


def layout_of(headers: list[str]) -> str:
    """Which tool's layout a header row is: ``patsnap``, ``incopat``, ``innojoy``, ``cn-yearly``, ``cnipa`` or
    ``generic``.

    >>> layout_of(["申请号", "名称", "申请(专利权)人", "当前专利权人(省市)", "专利代理机构"])
    'innojoy'
    """
    keys = {header_key(h) for h in headers}
    for layout, marks in _LAYOUT_MARKS:
        if any(header_key(m) in keys for m in marks):
            return layout
    return "generic"


def vendor_of(layout: str, headers: list[str]) -> str | None:
    """Who vendor classes and scores in such a file are attributed to (合享价值度 is incoPat's whatever the layout)."""
    if header_key("合享价值度") in {header_key(h) for h in headers}:
        return _VENDORS["incopat"] if layout in ("incopat", "generic") else _VENDORS.get(layout)
    return _VENDORS.get(layout)


def read(table: Table, ctx: ReadContext) -> Iterator[PatentRecord | RowError]:
    """Yield one record (or row error, with ``.line`` set) per data row."""
    if ctx.layout == "generic":
        ctx.layout = layout_of(table.headers)
    vendor = ctx.vendor or vendor_of(ctx.layout, table.headers) or "the export's vendor"
    return read_records(table, SPEC, lambda row: _record(row, ctx, vendor), ctx)


# ------------------------------------------------------------------ one row


def _record(row: Row, ctx: ReadContext, vendor: str) -> PatentRecord:
    """One row as a record; long because it maps the row's forty-odd fields one by one."""
    notices: list[Notice] = []
    number = row["application_number"] or row["patent_number"]
    if not number:
        raise RowError("申请号 (application number) is empty")
    app = normalize_application_number(number)
    pubs, kind = _publications(row)
    main, ipc = _ipc(row)
    publication_date = parse_date(row["publication_date"])
    grant_date = parse_date(row["grant_date"])
    if grant_date is None and pubs and pubs[-1][-1:] in GRANT_KINDS and not row["grant_number"]:
        grant_date = publication_date  # a B/C/U/Y/S publication is the grant announcement (公告)
    status_raw = row["legal_status"] or None
    title = row["title"] or row["title_translated"] or None
    applicants = _parties(row, ctx, notices, holders=False)
    holders = _parties(row, ctx, notices, holders=True)
    if not applicants and not (row["applicants"] or row["applicants_standardized"]):
        applicants = holders  # an export with holders only (当前专利权人): they are the parties the analyses count
    return PatentRecord(
        line=row.line,
        application_number=app,
        publication_numbers=pubs,
        kind=kind,
        application_date=parse_date(row["application_date"]),
        publication_date=publication_date,
        grant_date=grant_date,
        patent_type=patent_type_from(app, kind, row["patent_type"]),
        title=title,
        # A title without Han characters is in English (PatSnap's English interface exports US, EP … titles as
        # filed); the abstract and first claim are taken to be in the title's language.
        title_lang="zh" if title is None or _HAN.search(title) else "en",
        abstract=row["abstract"] or None,
        applicants=applicants,
        inventors=[Inventor(normalize_name(n)) for n in split_multi(row["inventors"])],
        ipc_main=main,
        ipc=ipc,
        cpc=parse_ipc_list(row["cpc"]),
        legal_status=normalize_legal_status(status_raw),
        legal_status_raw=status_raw,
        country="CN" if app.startswith("CN") else app[:2],
        current_holders=holders,
        agency=normalize_name(split_multi(row["agency"])[0], ctx.aliases) if row["agency"] else None,
        agents=[Inventor(normalize_name(n)) for n in split_multi(row["agents"])],
        priorities=_priorities(row, notices),
        families=_families(row, notices),
        cited=_numbers(row, "cited", notices),
        citing=_numbers(row, "citing", notices),
        citation_counts=_citation_counts(row, notices),
        claims_count=_count(row, "claims_count", notices),
        independent_claims_count=_count(row, "independent_claims_count", notices),
        first_claim=_first_claim(row["first_claim"]),
        lapse_date=_date(row, "lapse_date", notices),
        life_months=_count(row, "life_months", notices),
        events=_events(row, notices),
        vendor_classes=[
            VendorClass(scheme, value, vendor) for fname, scheme in _VENDOR_CLASSES for value in split_multi(row[fname])
        ],
        vendor_scores=_scores(row, vendor, notices),
        notices=notices,
    )


_HAN = re.compile(r"[\u3400-\u9fff]")
_CLAIM_SPLIT = re.compile(r"\s*(?:\n|\|)\s*")
_VENDOR_CLASSES = (("emerging_industry_class", "战略性新兴产业分类"), ("national_economy_class", "国民经济分类"))


def _first_claim(text: str) -> str | None:
    """The first claim of a claims cell (claims are split on new lines and ``|``); a single claim is not split."""
    if "\n" not in text and "|" not in text:
        return text or None  # the cell is stripped, as split_multi would strip it
    return next(iter(split_multi(text, _CLAIM_SPLIT)), None)


def _publications(row: Row) -> tuple[list[str], str | None]:
    """The publication and grant numbers, each once, and the first kind code they give."""
    pubs: list[str] = []
    kind = None
    for part in [*split_multi(row["publication_number"]), *split_multi(row["grant_number"])]:
        pub, kind_code = normalize_publication_number(part)
        if pub not in pubs:
            pubs.append(pub)
        kind = kind or kind_code
    return pubs, kind


def _ipc(row: Row) -> tuple[IPCCode | None, list[IPCCode]]:
    """The main IPC code (the ``ipc_main`` column, else the first listed) and every code, the main one first."""
    ipc = parse_ipc_list(row["ipc"])
    main = parse_ipc(split_multi(row["ipc_main"])[0]) if row["ipc_main"] else (ipc[0] if ipc else None)
    if main is not None and main not in ipc:
        ipc.insert(0, main)
    return main, ipc


#: Distinct name cells remembered per file (then forgotten all at once, so memory stays bounded).
_NAME_CELLS = 4096


def _names(value: str, ctx: ReadContext) -> tuple[tuple[str, str], ...]:
    """``(raw, normalised)`` names of a cell; a file repeats its applicants' cells, each is split and cleaned once."""
    if not value:
        return ()
    cache = ctx.name_cells
    names = cache.get(value)
    if names is None:
        if len(cache) >= _NAME_CELLS:
            cache.clear()
        names = cache[value] = tuple((raw, normalize_name(raw, ctx.aliases)) for raw in split_multi(value))
    return names


#: PatSnap's region columns of the applicants as filed (原始申请(专利权)人州/省 …), beside the holders' ones.
_APPLICANT_REGION = ("applicant_country", "applicant_province", "applicant_city", "applicant_district")
#: The cells a party list is read from: the side's own (names, standardised names, types, address), then those
#: both sides read (the holders' names, which say whose the region columns and codes are, and events).
_SHARED_PARTY_CELLS: tuple[str, ...] = ("current_holders", "current_holders_standardized", "credit_code")
_SHARED_PARTY_CELLS += ("transferees", "legal_events", "province_code", "country", "province", "city", "district")
_PARTY_CELLS = {
    side: (*own, *_SHARED_PARTY_CELLS)
    for side, own in (
        (False, ("applicants", "applicants_standardized", "applicant_type", "address", *_APPLICANT_REGION)),
        (True, ("current_holders", "current_holders_standardized", "holder_type", "holder_address")),
    )
}


def _parties(row: Row, ctx: ReadContext, notices: list[Notice], *, holders: bool) -> list[Applicant]:
    """Applicants as filed (``holders=False``) or current holders, with types, codes and places.

    A file repeats its parties' cells: each distinct set of the cells :data:`_PARTY_CELLS` names is read once
    (a bounded cache, forgotten all at once), and what it noted is noted again on each row that repeats it.
    """
    key = (holders, *map(row.get, _PARTY_CELLS[holders]))  # row.get: a column the file lacks is None
    cache = ctx.party_cells
    known = cache.get(key)
    if known is None:
        noted: list[Notice] = []
        if len(cache) >= _NAME_CELLS:
            cache.clear()
        known = cache[key] = (tuple(_read_parties(row, ctx, noted, holders=holders)), noted)
    parties, noted = known
    if noted:
        notices.extend(Notice(row.line, n.field, n.reason) for n in noted)
    return list(parties)


def _read_parties(row: Row, ctx: ReadContext, notices: list[Notice], *, holders: bool) -> list[Applicant]:
    """What :func:`_parties` returns, read from the row's cells."""
    raw_field, std_field, type_field = (
        ("current_holders", "current_holders_standardized", "holder_type")
        if holders
        else ("applicants", "applicants_standardized", "applicant_type")
    )
    names = _aligned_names(row, raw_field, std_field, ctx)
    types = split_multi(row[type_field])
    addresses = split_multi(row["holder_address" if holders else "address"])
    # Region columns, country and credit codes describe the current holders in PatSnap (当前申请(专利权)人州/省,
    # 当前申请(专利权)人国家 …) and innojoy (当前专利权人(省市) …), the applicants elsewhere. A PatSnap applicant
    # at the same position as a holder is that holder unless the patent changed hands, so it shares the holder's
    # credit code.
    holder_side = ctx.layout in _HOLDER_REGION_LAYOUTS and bool(
        row["current_holders"] or row["current_holders_standardized"]
    )
    described = holder_side == holders
    codes = split_multi(row["credit_code"])
    if not described:
        counterpart = _aligned_names(row, "current_holders", "current_holders_standardized", ctx)
        transferred = bool(row["transferees"]) or "transfer" in _event_words(row["legal_events"])
        codes = codes if holder_side and len(counterpart) == len(names) and not transferred else []
    country, province = parse_country_province(row["province_code"]) if described else (None, None)
    region_hint = None
    if described and province is None and _HAN.search(row["province_code"]):
        region_hint = row["province_code"]  # 申请人所在国(省) as a name: 湖南 …
    if described:
        country = row["country"] or country
    region_columns = (row["province"] or region_hint, row["city"], row["district"])
    if not holders and any(row[f] for f in _APPLICANT_REGION):  # the applicants' own columns come first
        described, region_columns = True, (row["applicant_province"], row["applicant_city"], row["applicant_district"])
        country = row["applicant_country"] or (None if holder_side else country)
    out = []
    for i, (raw_name, name) in enumerate(names):
        word = types[i] if i < len(types) and types[i] not in EMPTY_MARKS else ""  # PatSnap: "COMPANY | -"
        stated = organization_type_from(word) if word else None
        if word and stated is None:
            notices.append(Notice(row.line, type_field, f"unknown applicant type {word!r}: guessed from the name"))
        code = codes[i] if i < len(codes) else None
        if code is not None and not valid_credit_code(code):
            notices.append(Notice(row.line, "credit_code", f"{code!r} is not a valid unified social credit code"))
            code = None
        first = i == 0
        out.append(
            Applicant(
                raw_name=raw_name,
                name=name,
                org_type=stated or guess_organization_type(name),
                org_type_source="file" if stated else "guess",
                # The address, 国省代码 and region columns describe the first party.
                address=addresses[i] if i < len(addresses) else None,
                country_hint=country if first else None,
                province_code=province if first else None,
                credit_code=code,
                region_names=region_columns if first and described and any(region_columns) else None,
            )
        )
    return out


def _aligned_names(row: Row, raw_field: str, std_field: str, ctx: ReadContext) -> Sequence[tuple[str, str]]:
    """``(raw, normalised)`` names; the vendor's standardised names where given, aligned with the raw ones."""
    raw = _names(row[raw_field], ctx)
    standard = _names(row[std_field], ctx)
    if standard and (len(standard) == len(raw) or not raw):
        return [(raw[i][0] if i < len(raw) else s[0], s[1]) for i, s in enumerate(standard)]
    return raw


def _count(row: Row, fname: str, notices: list[Notice]) -> int | None:
    value = row[fname]
    if not value:
        return None
    number = parse_count(value)
    if number is None:
        notices.append(Notice(row.line, fname, f"{value!r} is not a count: left out"))
    return number


def _date(row: Row, fname: str, notices: list[Notice]) -> date | None:
    try:
        return parse_date(split_multi(row[fname])[0]) if row[fname] else None
    except NormalizeError as exc:
        notices.append(Notice(row.line, fname, f"{exc}: left out"))
        return None


def _numbers(row: Row, fname: str, notices: list[Notice]) -> list[str]:
    """Publication numbers listed in a cell (cited, citing, family members), normalised; bad ones noted."""
    value = row[fname]
    if not value:
        return []
    numbers, bad = _number_cell(value)
    for part in bad:
        notices.append(Notice(row.line, fname, f"{part!r} is not a publication number: left out"))
    return list(numbers)


@lru_cache(maxsize=4096)  # a row's three family cells are often one text, and cited numbers come back
def _number_cell(value: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The distinct normalised publication numbers of a cell, in order, and the parts that are none."""
    out: dict[str, None] = {}
    bad = []
    for part in split_multi(value):
        try:
            out[_publication_number(part)] = None
        except NormalizeError:
            bad.append(part)
    return tuple(out), tuple(bad)


@lru_cache(maxsize=4096)  # the numbers cells cite come back in other cells
def _publication_number(part: str) -> str:
    return normalize_publication_number(part)[0]


def _priorities(row: Row, notices: list[Notice]) -> list[Priority]:
    numbers = split_multi(row["priority_numbers"])
    dates = split_multi(row["priority_dates"])
    out = []
    for i, number in enumerate(numbers):
        when = None
        if i < len(dates):
            try:
                when = parse_date(dates[i])
            except NormalizeError as exc:
                notices.append(Notice(row.line, "priority_dates", f"{exc}: left out"))
        out.append(Priority(re.sub(r"\s+", "", number), when))
    if not numbers and dates:
        try:
            out.extend(Priority("", parse_date(d)) for d in dates)
        except NormalizeError as exc:
            notices.append(Notice(row.line, "priority_dates", f"{exc}: left out"))
    return out


def _families(row: Row, notices: list[Notice]) -> list[FamilyLink]:
    out = []
    for kind in ("simple", "extended", "docdb"):
        members = tuple(_numbers(row, f"{kind}_family", notices))
        size = _count(row, f"{kind}_family_size", notices)
        if members or size is not None:
            out.append(FamilyLink(kind, members, size))
    return out


_COUNT_FIELDS = {
    "backward": "cited_count",
    "forward": "citing_count",
    "forward_5y": "citing_count_5y",
    "backward_self": "cited_self_count",
    "backward_other": "cited_other_count",
    "forward_self": "citing_self_count",
    "forward_other": "citing_other_count",
    "family_backward": "family_cited_count",
    "family_forward": "family_citing_count",
}


def _citation_counts(row: Row, notices: list[Notice]) -> dict[str, int]:
    counts = {}
    for kind, fname in _COUNT_FIELDS.items():
        text = row.get(fname)
        if not text:  # empty, or not a column of this file
            continue
        # Plain digits, the usual cell, without a call (as parse_count reads them).
        value = int(text) if len(text) <= 15 and text.isascii() and text.isdigit() else _count(row, fname, notices)
        if value is not None:
            counts[kind] = value
    return counts


#: Event columns: kind -> (count field, from-parties field, to-parties field, dates field).
_EVENT_COLUMNS = {
    "transfer": ("transfer_count", "transferors", "transferees", "transfer_dates"),
    "licence": ("licence_count", "licensors", "licensees", "licence_dates"),
    "pledge": ("pledge_count", "pledgors", "pledgees", "pledge_dates"),
    "litigation": ("litigation_count", "plaintiffs", "defendants", None),
    "invalidation": ("invalidation_count", "invalidation_requesters", None, "invalidation_dates"),
    "reexamination": ("reexamination_count", "reexamination_requesters", None, "reexamination_dates"),
}
#: Event kind -> the field that details it (a licence's type: 独占许可 …; a suit's: 侵权纠纷 …).
_EVENT_DETAIL = {"licence": "licence_type", "litigation": "litigation_type"}
#: A date inside a longer text: the start of a period such as incoPat's 质押期限 ``2019.01.01-2022.01.01``.
_DATE_IN_TEXT = re.compile(r"\d{4}[-./年]\d{1,2}[-./月]\d{1,2}日?|(?<!\d)\d{8}(?!\d)")
#: Words of PatSnap's 法律状态/事件 that name an event kind.
_EVENT_WORDS = (
    ("transfer", ("权利转移", "转让", "专利权的转移")),
    ("licence", ("许可",)),
    ("pledge", ("质押", "质权")),
    ("litigation", ("诉讼",)),
    ("invalidation", ("无效",)),
    ("reexamination", ("复审",)),
)


def _events(row: Row, notices: list[Notice]) -> list[LegalEvent]:
    events = []
    for kind, (count_field, from_field, to_field, dates_field) in _EVENT_COLUMNS.items():
        if count_field not in row and from_field not in row and to_field not in row and dates_field not in row:
            continue  # none of the kind's columns is in this file
        count = _count(row, count_field, notices)
        sources = split_multi(row[from_field])
        targets = split_multi(row[to_field]) if to_field else []
        dates = _event_dates(row, dates_field, notices) if dates_field else ()
        if not (sources or targets or count or dates):
            continue
        if to_field and bool(sources) != bool(targets):
            missing = to_field if sources else from_field
            notices.append(Notice(row.line, missing, f"a {kind} with parties on one side only: {missing} is empty"))
        events.append(
            LegalEvent(
                kind,
                from_parties=tuple(normalize_name(n) for n in sources),
                to_parties=tuple(normalize_name(n) for n in targets),
                count=count,
                dates=dates,
                detail=(row[_EVENT_DETAIL[kind]] or None) if kind in _EVENT_DETAIL else None,
                raw=tuple(sources + targets),
            )
        )
    stated = {e.kind for e in events}
    for kind, count in _event_words(row["legal_events"]).items():
        if kind not in stated:
            events.append(LegalEvent(kind, count=count))
    return events


def _event_dates(row: Row, fname: str, notices: list[Notice]) -> tuple[date, ...]:
    """The distinct dates of an event-date cell, in order: one per listed event (转让执行日 of each transfer …);
    a part that holds a period gives its start; a part without a readable date is noted and left out."""
    out: dict[date, None] = {}
    for part in split_multi(row[fname]):
        found = _DATE_IN_TEXT.search(part)
        try:
            when = parse_date(part if found is None or found.group(0) == part else found.group(0))
        except NormalizeError as exc:
            notices.append(Notice(row.line, fname, f"{exc}: left out"))
            continue
        if when is not None:
            out[when] = None
    return tuple(out)


def _event_words(text: str) -> dict[str, int]:
    """Event kinds named in a legal-status-and-events cell, with how often each is named."""
    counts: dict[str, int] = {}
    for part in split_multi(text):
        for kind, words in _EVENT_WORDS:
            if any(w in part for w in words):
                counts[kind] = counts.get(kind, 0) + 1
                break
    return counts


#: incoPat's value score and the three scores it is made of (技术稳定性, 技术先进性, 保护范围, each 1–10 in its
#: exports): a component is named after the overall score, so the overall one sorts first and stays the headline.
#: The components are read only in an incoPat file: another tool's column of the same name need not be a score.
_SCORE_FIELDS = (
    ("vendor_value", "合享价值度"),
    ("vendor_stability", "合享价值度·技术稳定性"),
    ("vendor_advancement", "合享价值度·技术先进性"),
    ("vendor_protection", "合享价值度·保护范围"),
)


def unread_fields(headers: list[str]) -> dict[str, str]:
    """The fields :func:`read` leaves unread in a file with ``headers``, with why: 合享价值度's three components
    in a file incoPat did not make (another tool's 保护范围 need not be incoPat's score).

    >>> sorted(unread_fields(["公开(公告)号", "[标]当前申请(专利权)人", "保护范围"]))
    ['vendor_advancement', 'vendor_protection', 'vendor_stability']
    >>> unread_fields(["标题", "申请人", "合享价值度", "保护范围"])
    {}
    """
    if vendor_of(layout_of(headers), headers) == _VENDORS["incopat"]:
        return {}
    return {name: "an incoPat score, read only in incoPat files" for name, _ in _SCORE_FIELDS[1:]}


def _scores(row: Row, vendor: str, notices: list[Notice]) -> list[VendorScore]:
    scores = []
    for name, indicator in _SCORE_FIELDS if vendor == _VENDORS["incopat"] else _SCORE_FIELDS[:1]:
        value = row[name]
        if not value:
            continue
        try:
            scores.append(VendorScore(indicator, float(value), vendor))
        except ValueError:
            notices.append(Notice(row.line, name, f"{value!r} is not a number: left out"))
    return scores
