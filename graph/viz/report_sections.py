"""The report's key-patent and operations sections: the analyses' tables, bounded, with what the sources lack.

Each ``*_body`` function runs its analysis for a scope and returns the section's HTML; the smaller
helpers each write one part (the ranking, citations, families, coverage; the notes and one table
family of the operations).
"""

from __future__ import annotations

import html as html_lib

import pandas as pd

from patentnav.graph.analysis.key_patents import key_patents
from patentnav.graph.analysis.operations import TABLE_KINDS, operations
from patentnav.graph.analysis.scope import Scope
from patentnav.graph.store import PatentStore
from patentnav.graph.viz.report_format import NOT_AVAILABLE, frame_table, missing_line

__all__ = ["key_patents_body", "operations_body"]

#: Key patents the report ranks (the top of the ranking; the JSON, CSV and workspace have as many as asked).
KEY_PATENTS = 20
#: Rows of each other key-patent and operations table (per role for the top parties).
SECTION_ROWS = 10
#: The ranking's event flags and how the report names them.
EVENT_FLAGS = {
    "litigated": "诉讼 litigated",
    "invalidated": "无效/复审 invalidation",
    "licensed": "许可 licensed",
    "transferred": "转让 transferred",
    "pledged": "质押 pledged",
}
#: Key-patent indicator columns of the report's ranking, in order (beside ``rank``).
KEY_PATENT_COLUMNS = [
    "rank", "application_number", "title", "applicant_name", "year", "composite", "weight_covered",
    "forward_citations", "forward_citations_pct", "family_size", "family_countries", "claims", "independent_claims",
    "remaining_years", "in_force", "events",
]  # fmt: skip


def key_patents_body(store: PatentStore, scope: Scope) -> str:
    """The key-patents section: the ranking, the most-cited organisations, families and the data coverage.

    Parameters
    ----------
    store : PatentStore
        The graph to analyse.
    scope : Scope
        The industry, region and period the section covers.

    Returns
    -------
    str
        The section's HTML body.
    """
    tables = key_patents(store, scope, limit=KEY_PATENTS)
    checks = tables["checks"]
    status = dict(zip(checks["indicator"], checks["status"], strict=True))
    missing = checks[checks["status"] == NOT_AVAILABLE]
    available = checks[checks["status"] != NOT_AVAILABLE]
    return "".join(
        [
            missing_line([str(i) for i in missing["indicator"]]),
            _ranking(tables["key_patents"]),
            _most_cited(tables["citations"], status),
            _families(tables["families"], status, scope),
            "<h3>数据覆盖 Data coverage</h3>",
            frame_table(available, ["indicator", "patents", "of", "coverage"], len(available), "report-kp-checks"),
        ]
    )


def _events(row: pd.Series) -> str | None:
    """A ranked patent's events by name, ``无 none`` when it has none, blank when no source gives event data."""
    known = [f for f in EVENT_FLAGS if row[f] is not None and not pd.isna(row[f])]
    if not known:
        return None  # no event data: blank, not "none"
    return ", ".join(EVENT_FLAGS[f] for f in known if row[f] == 1) or "无 none"


def _ranking(key_patents_frame: pd.DataFrame) -> str:
    """The ranking's explanation and table: the indicator columns some patent has, and the vendor's score apart."""
    ranked = key_patents_frame.copy()
    ranked["events"] = [_events(r) for _, r in ranked.iterrows()]
    ranked["in_force"] = [None if v is None or pd.isna(v) else bool(v) for v in ranked["in_force"]]
    ranked["title"] = [str(t)[:40] if t is not None and not pd.isna(t) else None for t in ranked["title"]]
    columns = [c for c in KEY_PATENT_COLUMNS if c in ("rank", "application_number") or ranked[c].notna().any()]
    vendor_note = ""
    if ranked["vendor_score"].notna().any():
        pairs = ranked.loc[ranked["vendor_score"].notna(), ["vendor_indicator", "vendor"]].drop_duplicates()
        if len(pairs) == 1:
            indicator, vendor = pairs.iloc[0]
            label = f"厂商评分 vendor's score: {indicator} ({vendor})"
        else:
            label = "厂商评分 vendor's score (as the vendor states it)"
            columns.append("vendor_scores")
        ranked[label] = ranked["vendor_score"]
        columns.append(label)
        vendor_note = (
            f"<p>“{html_lib.escape(label)}” 是数据厂商在导出文件中给出的评分，方法属于厂商，不计入本报告的综合分。"
            "The vendor's score is as the export states it: its method is the vendor's, and it is not part of "
            "patentnav's composite.</p>"
        )
    return (
        "<p>综合分 composite: patentnav 的加权综合分，各指标在同一 IPC 小类与申请年的队列内归一化（百分位）；"
        "weight_covered 为已知指标所占权重。The composite is patentnav's weighted mean of cohort-normalised "
        "indicators (same IPC subclass and application year); weight_covered is the share of the weight the "
        "patent's known indicators carry. Definitions: docs/analyses.md, graph/analysis/key_patents.py.</p>"
        + vendor_note
        + frame_table(ranked, columns, KEY_PATENTS, "report-key-patents")
    )


def _most_cited(citations: pd.DataFrame, status: dict[str, str]) -> str:
    """The most-cited organisations, with self-citations when the sources name the citing organisations."""
    orgs = citations[citations["section"] == "most_cited_org"]
    head = "<h3>被引最多的机构 Most-cited organisations</h3>"
    if status.get("forward_citations") == NOT_AVAILABLE:
        return head + '<p class="note">载入数据没有引证 The loaded sources give no citations.</p>'
    cols = ["rank", "name", "patents", "with_data", "cited_patents", "forward_citations"]
    if status.get("citing_organisations") != NOT_AVAILABLE:
        cols += ["attributed", "self_citations", "self_share"]
    return head + frame_table(orgs, cols, SECTION_ROWS, "report-most-cited-orgs")


def _families(families: pd.DataFrame, status: dict[str, str], scope: Scope) -> str:
    """The outbound layout (patents with family members abroad) and the foreign families entering China."""
    body = ["<h3>同族 Families</h3>"]
    if status.get("family_size / family_countries") == NOT_AVAILABLE:
        body.append(
            '<p class="note">载入数据没有同族 The loaded sources give no families: outbound layout not shown.</p>'
        )
    else:
        outbound = families[families["section"].isin(["outbound_scope", "outbound"])].copy()
        outbound["name"] = [
            n if s != "outbound_scope" else "全部 scope"
            for n, s in zip(outbound["name"], outbound["section"], strict=True)
        ]
        body.append(
            "<p>海外布局 Outbound: 有海外同族成员的专利 patents with family members abroad.</p>"
            + frame_table(
                outbound,
                ["rank", "name", "patents", "with_family_data", "abroad", "share_abroad", "countries"],
                SECTION_ROWS + 1,
                "report-families-outbound",
            )
        )
    inbound = families[families["section"].isin(["inbound_total", "inbound"])].copy()
    if len(inbound):
        inbound["origin"] = [
            o if s != "inbound_total" else "全部 all"
            for o, s in zip(inbound["origin"], inbound["section"], strict=True)
        ]
        cols = ["origin", "patents", "foreign_applicant"]
        if status.get("foreign_priority (inbound)") != NOT_AVAILABLE:
            cols.append("foreign_priority")
        if status.get("family_size / family_countries") != NOT_AVAILABLE:
            cols.append("earlier_member_abroad")
        cols += ["home_coapplicant", "market", "share"] if scope.region else ["market", "share"]
        body.append(
            "<p>进入中国的国外同族 Inbound: foreign families entering China, in the scope's industry and period "
            "over all regions (market).</p>" + frame_table(inbound, cols, SECTION_ROWS + 1, "report-families-inbound")
        )
    return "".join(body)


#: How the report names the operations tables and event kinds.
OPERATION_TITLES = {
    "transfers": "转让 Transfers",
    "licences": "许可 Licences",
    "pledges": "质押 Pledges",
    "litigation": "诉讼与无效 Litigation and invalidation",
}
KIND_NAMES = {
    "transfer": "转让 transfer",
    "licence": "许可 licence",
    "pledge": "质押 pledge",
    "litigation": "诉讼 litigation",
    "invalidation": "无效宣告请求 invalidation",
    "reexamination": "复审请求 re-examination",
}
BY_YEAR_COLUMNS = ["kind", "year", "year_basis", "patents", "events", "from_parties", "to_parties"]
#: Organisations shown per role and kind in an operations table's main parties.
PARTY_ROWS = 5
PARTY_COLUMNS = ["section", "kind", "rank", "name", "org_type", "type_source", "region_name", "country", "home",
                 "patents", "events"]  # fmt: skip


def _rows(df: pd.DataFrame, *sections: str, lacking: dict[str, set[str]] | None = None) -> pd.DataFrame:
    """The rows of some sections, kinds by name; a side's party count blank for a kind whose events never name
    that side (``lacking``: kind -> fields the ``checks`` table says are not available), not 0."""
    out = df[df["section"].isin(sections)].copy()
    for kind, missing in (lacking or {}).items():
        for field, column in (("from parties", "from_parties"), ("to parties", "to_parties")):
            if field in missing and column in out:
                out[column] = out[column].astype(object)
                out.loc[out["kind"] == kind, column] = None
    if "kind" in out:
        out["kind"] = [KIND_NAMES.get(k, k) for k in out["kind"]]
    return out


def operations_body(store: PatentStore, scope: Scope) -> str:
    """The operations section: what the sources lack, then per table family its years, parties and breakdowns.

    Takes the ``store`` and ``scope`` and returns the section's HTML body, as :func:`key_patents_body` does.
    """
    tables = operations(store, scope, limit=SECTION_ROWS)
    checks = tables["checks"]
    absent = checks[(checks["field"] == "events") & (checks["status"] == NOT_AVAILABLE)]["kind"].tolist()
    lines, lacking = _operations_notes(checks, absent)
    if len(absent) == len(checks["kind"].unique()):
        return "".join(lines) + "<p>本节没有表格 This section has no table: no operation event to count.</p>"
    body = [
        *lines,
        "<p>每行的 patents 为有该类事件的专利数，events 为事件次数（文件给出的次数，至少 1）。"
        "patents counts the patents with such an event, events the stated counts (at least 1 per event). "
        "Definitions: docs/analyses.md, graph/analysis/operations.py.</p>",
    ]
    for name, kinds in TABLE_KINDS.items():
        if not all(k in absent for k in kinds):
            body.append(_operation_tables(name, tables[name], scope, lacking))
    return "".join(body)


def _operations_notes(checks: pd.DataFrame, absent: list[str]) -> tuple[list[str], dict[str, set[str]]]:
    """The notes on event kinds and fields the sources lack, and per kind the fields it lacks (for :func:`_rows`)."""
    fields: dict[str, list[str]] = {}
    lacking: dict[str, set[str]] = {}
    for _, r in checks[(checks["status"] == NOT_AVAILABLE) & ~checks["kind"].isin(absent)].iterrows():
        fields.setdefault(r["field"], []).append(KIND_NAMES[r["kind"]])
        lacking.setdefault(r["kind"], set()).add(r["field"])
    lines = []
    if absent:
        lines.append(
            '<p class="note missing"><b>载入数据没有这些事件 No events in the loaded sources</b> '
            f"({NOT_AVAILABLE}): "
            + html_lib.escape("、".join(KIND_NAMES[k] for k in absent))
            + ". 不以 0 代替 They are not counted as 0: the loaded exports do not carry them.</p>"
        )
    if fields:
        lines.append(missing_line([f"{f} ({', '.join(ks)})" for f, ks in fields.items()]))
    return lines, lacking


def _operation_tables(name: str, df: pd.DataFrame, scope: Scope, lacking: dict[str, set[str]]) -> str:
    """One operations table family: by year, the transfer or licence breakdowns, and the main parties."""
    slug = f"report-{name}"
    body = [
        f"<h3>{html_lib.escape(OPERATION_TITLES[name])}</h3>",
        "<p>按年 By year</p>"
        + frame_table(_rows(df, "by_year", lacking=lacking), BY_YEAR_COLUMNS, SECTION_ROWS, f"{slug}-by-year"),
    ]
    if name == "transfers":
        body.append(_transfer_breakdowns(df, scope, slug))
    if name == "licences":
        body.append(
            "<p>许可类型 Licence types</p>"
            + frame_table(_rows(df, "by_licence_type"), ["detail", "patents", "events"], SECTION_ROWS, f"{slug}-types")
        )
    roles = [s for s in dict.fromkeys(df["section"]) if s.startswith(("top_", "home_")) or s == "invalidation_target"]
    parties = _rows(df, *roles).groupby(["section", "kind"], sort=False).head(PARTY_ROWS)
    if len(parties):
        body.append(
            f"<p>主要当事方 Main parties (每类前 {PARTY_ROWS} 名 the first {PARTY_ROWS} of each role)</p>"
            + frame_table(parties, PARTY_COLUMNS, len(parties), f"{slug}-parties")
        )
    return "".join(body)


def _transfer_breakdowns(df: pd.DataFrame, scope: Scope, slug: str) -> str:
    """Transfers by party type (technology transfer marked) and by region (into and out of the scope's region)."""
    by_type = _rows(df, "by_type")
    by_type["technology_transfer"] = [
        "科技成果转化 technology transfer" if v else "" for v in by_type["technology_transfer"]
    ]
    types = (
        "<p>按主体类型 By party type (转让人 transferor → 受让人 transferee); 高校、科研院所 → 企业 的转让标为"
        "科技成果转化 university or research institute → enterprise is marked as technology transfer.</p>"
        + frame_table(
            by_type,
            ["from_type", "to_type", "technology_transfer", "patents", "events"],
            SECTION_ROWS,
            f"{slug}-by-type",
        )
    )
    by_region = _rows(df, "by_region")
    if scope.region:
        intro = "<p>转入与转出本地区 Into and out of the scope's region (direction)</p>"
        cols = ["direction"]
    else:
        intro = "<p>按地区 By region (给出地区才有转入/转出 give a region to see transfers into and out of it)</p>"
        cols = []
    cols += ["from_region_name", "from_country", "to_region_name", "to_country", "patents", "events"]
    return types + intro + frame_table(by_region, cols, SECTION_ROWS, f"{slug}-by-region")
