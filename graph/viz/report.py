"""A self-contained offline HTML report: charts (matplotlib, inlined as SVG), tables and
interactive network views (``patentnav.graph.viz``, embedded as sandboxed frames), zh + en.

>>> from patentnav.graph.store import open_store
>>> from patentnav.graph.bootstrap import ensure_seeded
>>> store = open_store("memory://"); _ = ensure_seeded(store)
>>> html = build_report(store)
>>> "每万人口发明专利拥有量" in html and "<script src" not in html
True
"""

from __future__ import annotations

import html as html_lib
import io
from datetime import UTC, datetime
from importlib import resources

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pandas as pd
from jinja2 import Environment
from matplotlib import font_manager

from patentnav.graph.analysis.key_patents import key_patents
from patentnav.graph.analysis.landscape import landscape
from patentnav.graph.analysis.operations import TABLE_KINDS, operations
from patentnav.graph.analysis.planning import specialisation, white_space
from patentnav.graph.analysis.scope import AnalysisError, Scope, require_patents, resolve_scope
from patentnav.graph.analysis.targets import target_progress
from patentnav.graph.analysis.warnings import early_warnings
from patentnav.graph.entities import entity_refs
from patentnav.graph.ipc_titles import short_title, title_for, titled, titles_available, titles_note
from patentnav.graph.store import PatentStore
from patentnav.graph.viz.views import network_view

__all__ = ["build_report", "scope_line"]

CJK_FONT = "WenQuanYi Zen Hei"
#: Nodes in each embedded network view (applicants or IPC main groups with most patents).
NETWORK_NODES = 60
#: Key patents the report ranks (the top of the ranking; the JSON, CSV and workspace have as many as asked).
KEY_PATENTS = 20
#: Rows of each other key-patent and operations table (per role for the top parties).
SECTION_ROWS = 10
#: A ``checks`` row's status for a field no loaded source gives (as in the analyses).
NOT_AVAILABLE = "not available in the loaded sources"


def _configure_fonts() -> None:
    names = {f.name for f in font_manager.fontManager.ttflist}
    if CJK_FONT in names:
        plt.rcParams["font.sans-serif"] = [CJK_FONT, "DejaVu Sans"]
    plt.rcParams["axes.unicode_minus"] = False
    plt.rcParams["svg.fonttype"] = "path"  # glyphs as paths: the page needs no font to show them


def _svg(fig: plt.Figure) -> str:
    buf = io.StringIO()
    fig.savefig(buf, format="svg", bbox_inches="tight")
    plt.close(fig)
    text = buf.getvalue()
    return text[text.index("<svg") :]


def _plain(text: str) -> str:
    """Text matplotlib draws as written: a ``$`` in a name or title would otherwise start mathtext."""
    return text.replace("$", r"\$")


def _ipc_tick(code: str, limit: int = 40) -> str:
    """An IPC code as a chart label, with WIPO's English title when the ``ipc-titles`` extra is installed."""
    symbol = code.replace("-", "/")
    return _plain(titled(symbol, title_for(code), limit))


def _ipc_table(df: pd.DataFrame, limit: int = 15) -> pd.DataFrame:
    """An IPC table for reading: codes in the usual notation, titles shortened (references left out)."""
    out = df.head(limit).copy()
    out["code"] = out["code"].str.replace("-", "/")
    out["title"] = [short_title(t, 120) if t else "" for t in out["title"]]
    return out[["code", "title", "patents", "share"]] if titles_available() else out[["code", "patents", "share"]]


def _bar(labels: list[str], values: list[float], title: str, xlabel: str) -> str:
    fig, ax = plt.subplots(figsize=(7, max(2.0, 0.35 * len(labels) + 1)))
    ax.barh([_plain(x) for x in labels][::-1], values[::-1], color="#3b6ea5")
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    return _svg(fig)


def _trend_chart(trend: pd.DataFrame) -> str:
    fig, ax = plt.subplots(figsize=(7, 3.2))
    complete = trend[~trend["incomplete"]]
    ax.plot(trend["year"], trend["filings"], "o-", color="#3b6ea5", label="申请 filings")
    ax.plot(trend["year"], trend["grants"], "s-", color="#d17a22", label="授权 grants")
    if len(complete) < len(trend):
        first = trend[trend["incomplete"]]["year"].min()
        ax.axvspan(first - 0.5, trend["year"].max() + 0.5, color="#bbbbbb", alpha=0.3, label="公开滞后 publication lag")
    ax.set_title("申请与授权趋势 Filing and grant trend")
    ax.set_xlabel("年 year")
    ax.legend()
    return _svg(fig)


def _embedded_view(page: str, title: str) -> str:
    """An interactive view page (``patentnav.graph.viz``) inside the report, as a sandboxed srcdoc frame.

    The page is escaped into the attribute and runs with scripts but no origin of its own,
    so it cannot reach the report; like the report it loads nothing from anywhere.
    """
    return (
        f'<iframe class="pnav-view" title="{html_lib.escape(title)}" sandbox="allow-scripts" '
        f'srcdoc="{html_lib.escape(page, quote=True)}"></iframe>'
    )


def scope_line(store: PatentStore, scope: Scope) -> list[dict[str, str]]:
    """The report's scope as items with zh + en names: industry and region by label, the period by date.

    >>> from patentnav.graph.store import open_store
    >>> from patentnav.graph.bootstrap import ensure_seeded
    >>> store = open_store("memory://"); _ = ensure_seeded(store)
    >>> items = scope_line(store, resolve_scope(store, industry="construction-machinery", region="430200"))
    >>> [(i["en"], i["value"]) for i in items]
    [('Industry', '工程机械 Construction machinery'), ('Region', '株洲市 Zhuzhou'), ('Period', '全部 all')]
    """
    refs = entity_refs(store, [iri for iri in (scope.industry, scope.region) if iri])

    def name(iri: str | None) -> str:
        if not iri:
            return "全部 all"
        ref = refs.get(iri)
        if ref is None:
            return iri.rsplit("/", 1)[-1]
        return " ".join(dict.fromkeys(filter(None, (ref.label("zh"), ref.label("en")))))

    period = "全部 all"
    if scope.start or scope.end:
        period = f"{scope.start.isoformat() if scope.start else '…'} – {scope.end.isoformat() if scope.end else '…'}"
    return [
        {"zh": "产业", "en": "Industry", "value": name(scope.industry)},
        {"zh": "地区", "en": "Region", "value": name(scope.region)},
        {"zh": "申请日期", "en": "Period", "value": period},
    ]


def _table(df: pd.DataFrame, columns: list[str] | None = None, limit: int = 20) -> str:
    df = df[columns] if columns else df
    return df.head(limit).to_html(index=False, na_rep="", float_format=lambda v: f"{v:.4g}", escape=True, border=0)


def _cell(value) -> str:
    """A value as table text: missing values blank (never 0), yes/no for flags, 4 significant digits for floats."""
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return ""
    if isinstance(value, bool):
        return "是 yes" if value else "否 no"
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


def _frame_table(df: pd.DataFrame, columns: list[str], limit: int, table_id: str) -> str:
    """A bounded table of the columns ``df`` has, every cell as :func:`_cell` writes it, with an id to find it by."""
    shown = df[[c for c in columns if c in df.columns]].head(limit)
    text = pd.DataFrame({c: [_cell(v) for v in shown[c]] for c in shown.columns}, columns=shown.columns)
    more = len(df) - len(shown)
    tail = (
        f'<p class="note">另有 {more} 行未列出 {more} more rows not shown '
        "(the analysis's JSON, CSV and the workspace have them all).</p>"
    )
    return text.to_html(index=False, escape=True, border=0, table_id=table_id) + (tail if more > 0 else "")


def _missing_line(items: list[str]) -> str:
    if not items:
        return ""
    return (
        '<p class="note missing"><b>载入数据未提供 Not available in the loaded sources:</b> '
        + html_lib.escape("; ".join(items))
        + ". 相应栏目留空，不以 0 代替 Their cells are left blank, never shown as 0.</p>"
    )


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


def _key_patents_body(store: PatentStore, scope: Scope) -> str:
    tables = key_patents(store, scope, limit=KEY_PATENTS)
    checks = tables["checks"]
    status = dict(zip(checks["indicator"], checks["status"], strict=True))
    missing = checks[checks["status"] == NOT_AVAILABLE]
    ranked = tables["key_patents"].copy()
    flags = list(EVENT_FLAGS)

    def events(row) -> str | None:
        known = [f for f in flags if row[f] is not None and not pd.isna(row[f])]
        if not known:
            return None  # no event data: blank, not "none"
        return ", ".join(EVENT_FLAGS[f] for f in known if row[f] == 1) or "无 none"

    ranked["events"] = [events(r) for _, r in ranked.iterrows()]
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
    body = [
        _missing_line([str(i) for i in missing["indicator"]]),
        "<p>综合分 composite: patentnav 的加权综合分，各指标在同一 IPC 小类与申请年的队列内归一化（百分位）；"
        "weight_covered 为已知指标所占权重。The composite is patentnav's weighted mean of cohort-normalised "
        "indicators (same IPC subclass and application year); weight_covered is the share of the weight the "
        "patent's known indicators carry. Definitions: docs/analyses.md, graph/analysis/key_patents.py.</p>",
        vendor_note,
        _frame_table(ranked, columns, KEY_PATENTS, "report-key-patents"),
    ]
    citations = tables["citations"]
    orgs = citations[citations["section"] == "most_cited_org"]
    body.append("<h3>被引最多的机构 Most-cited organisations</h3>")
    if status.get("forward_citations") == NOT_AVAILABLE:
        body.append('<p class="note">载入数据没有引证 The loaded sources give no citations.</p>')
    else:
        cols = ["rank", "name", "patents", "with_data", "cited_patents", "forward_citations"]
        if status.get("citing_organisations") != NOT_AVAILABLE:
            cols += ["attributed", "self_citations", "self_share"]
        body.append(_frame_table(orgs, cols, SECTION_ROWS, "report-most-cited-orgs"))
    families = tables["families"]
    body.append("<h3>同族 Families</h3>")
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
            + _frame_table(
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
            "over all regions (market).</p>" + _frame_table(inbound, cols, SECTION_ROWS + 1, "report-families-inbound")
        )
    available = checks[checks["status"] != NOT_AVAILABLE]
    body.append("<h3>数据覆盖 Data coverage</h3>")
    body.append(_frame_table(available, ["indicator", "patents", "of", "coverage"], len(available), "report-kp-checks"))
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


def _operations_body(store: PatentStore, scope: Scope) -> str:
    tables = operations(store, scope, limit=SECTION_ROWS)
    checks = tables["checks"]
    absent = checks[(checks["field"] == "events") & (checks["status"] == NOT_AVAILABLE)]["kind"].tolist()
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
        lines.append(_missing_line([f"{f} ({', '.join(ks)})" for f, ks in fields.items()]))
    if len(absent) == len(checks["kind"].unique()):
        return "".join(lines) + "<p>本节没有表格 This section has no table: no operation event to count.</p>"
    body = [
        *lines,
        "<p>每行的 patents 为有该类事件的专利数，events 为事件次数（文件给出的次数，至少 1）。"
        "patents counts the patents with such an event, events the stated counts (at least 1 per event). "
        "Definitions: docs/analyses.md, graph/analysis/operations.py.</p>",
    ]
    for name, kinds in TABLE_KINDS.items():
        if all(k in absent for k in kinds):
            continue
        df = tables[name]
        slug = f"report-{name}"
        body.append(f"<h3>{html_lib.escape(OPERATION_TITLES[name])}</h3>")
        body.append(
            "<p>按年 By year</p>"
            + _frame_table(_rows(df, "by_year", lacking=lacking), BY_YEAR_COLUMNS, SECTION_ROWS, f"{slug}-by-year")
        )
        if name == "transfers":
            by_type = _rows(df, "by_type")
            by_type["technology_transfer"] = [
                "科技成果转化 technology transfer" if v else "" for v in by_type["technology_transfer"]
            ]
            body.append(
                "<p>按主体类型 By party type (转让人 transferor → 受让人 transferee); 高校、科研院所 → 企业 的转让标为"
                "科技成果转化 university or research institute → enterprise is marked as technology transfer.</p>"
                + _frame_table(
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
                intro = (
                    "<p>按地区 By region (给出地区才有转入/转出 give a region to see transfers into and out of it)</p>"
                )
                cols = []
            cols += ["from_region_name", "from_country", "to_region_name", "to_country", "patents", "events"]
            body.append(intro + _frame_table(by_region, cols, SECTION_ROWS, f"{slug}-by-region"))
        if name == "licences":
            body.append(
                "<p>许可类型 Licence types</p>"
                + _frame_table(
                    _rows(df, "by_licence_type"), ["detail", "patents", "events"], SECTION_ROWS, f"{slug}-types"
                )
            )
        roles = [
            s for s in dict.fromkeys(df["section"]) if s.startswith(("top_", "home_")) or s == "invalidation_target"
        ]
        parties = _rows(df, *roles).groupby(["section", "kind"], sort=False).head(PARTY_ROWS)
        if len(parties):
            body.append(
                f"<p>主要当事方 Main parties (每类前 {PARTY_ROWS} 名 the first {PARTY_ROWS} of each role)</p>"
                + _frame_table(parties, PARTY_COLUMNS, len(parties), f"{slug}-parties")
            )
    return "".join(body)


def build_report(
    store: PatentStore,
    *,
    industry: str | None = None,
    region: str | None = None,
    start: str | None = None,
    end: str | None = None,
) -> str:
    """Build the report for a scope and return the HTML page (one string, no external resource).

    Sections whose analysis cannot run (e.g. no patents loaded, no region given) say why
    instead of disappearing.
    """
    _configure_fonts()
    scope = resolve_scope(store, industry=industry, region=region, start=start, end=end)
    sections: list[dict[str, str]] = []

    def section(zh: str, en: str, build) -> None:
        try:
            body = build()
        except AnalysisError as exc:
            body = f'<p class="note">{html_lib.escape(str(exc))}</p>'
        sections.append({"zh": zh, "en": en, "body": body})

    def landscape_body() -> str:
        t = landscape(store, scope, top=15)
        apps = t["applicants"]
        ipc = t["ipc_subclass"]
        return (
            _trend_chart(t["trend"])
            + _bar(
                [str(n)[:20] for n in apps["name"]],
                apps["patents"].tolist(),
                "主要申请人 Top applicants",
                "专利 patents",
            )
            + _bar(
                [titled(c, t or None, 40) for c, t in zip(ipc["code"], ipc["title"], strict=True)],
                ipc["patents"].tolist(),
                "IPC小类 IPC subclasses",
                "专利 patents",
            )
            + "<h3>IPC小类 IPC subclasses</h3>"
            + _table(_ipc_table(ipc))
            + "<h3>IPC大组 IPC main groups</h3>"
            + _table(_ipc_table(t["ipc_main_group"]))
            + "<h3>集中度 Concentration</h3>"
            + _table(t["concentration"])
            + "<h3>法律状态 Legal status</h3>"
            + _table(t["legal_status"])
            + "<h3>技术生命周期 Life cycle</h3>"
            + _table(t["life_cycle"])
        )

    def warnings_body() -> str:
        report = early_warnings(store, scope)
        return _table(report.checks_frame()) + _table(
            report.to_frame(), ["severity", "title_zh", "title_en", "message", "value", "threshold"], 50
        )

    def rta_body() -> str:
        spec = specialisation(store, scope, level="main_group", min_patents=3).head(20)
        fig, ax = plt.subplots(figsize=(7, max(2.0, 0.35 * len(spec) + 1)))
        colors = ["#2e8b57" if v >= 1 else "#c0392b" for v in spec["rta"]][::-1]
        ax.barh([_ipc_tick(f) for f in spec["field"]][::-1], spec["rta"].tolist()[::-1], color=colors)
        ax.axvline(1.0, color="black", lw=0.8)
        ax.set_title("区域专业化 RTA by IPC main group")
        ws = white_space(store, scope)
        columns = ["field", "patents", "region_patents", "rta", "gap"]
        if titles_available():
            ws = ws.assign(title=[short_title(title_for(f) or "", 120) for f in ws["field"]])
            columns.insert(1, "title")
        return _svg(fig) + "<h3>空白点 White space</h3>" + _table(ws, columns)

    def networks_body() -> str:
        require_patents(store, scope)
        co = network_view(store, scope, "coapplicants", max_nodes=NETWORK_NODES)
        ipc = network_view(store, scope, "ipc", max_nodes=NETWORK_NODES, level="main_group")
        return (
            "<p>可拖动、缩放、搜索、点击节点查看详情；标签可切换中文/English。"
            "Drag, zoom, search and click a node for details; labels switch between Chinese and English.</p>"
            + _embedded_view(co, "合作申请网络 Co-applicant network")
            + _embedded_view(ipc, "IPC共现网络 IPC co-classification (Louvain communities)")
        )

    def targets_body() -> str:
        df = target_progress(store)
        cols = [
            "region_name",
            "basis",
            "date",
            "numerator",
            "denominator_10k",
            "value",
            "target_value",
            "multiple_of_baseline",
            "meets_target",
            "meets_multiple",
            "coverage",
            "note",
        ]
        return _table(df, cols, 50)

    section("专利态势", "Landscape", landscape_body)
    section("专利预警", "Early warnings", warnings_body)
    if scope.region:
        section("区域专业化与布局", "Specialisation and layout", rta_body)
    section("核心专利", "Key patents", lambda: _key_patents_body(store, scope))
    section("专利运营", "Patent operations", lambda: _operations_body(store, scope))
    section("网络", "Networks", networks_body)
    section("目标跟踪：每万人口发明专利拥有量", "Targets: invention patents per 10,000 population", targets_body)
    template = resources.files(__package__).joinpath("report.html.j2").read_text(encoding="utf-8")
    env = Environment(autoescape=True)
    return env.from_string(template).render(
        scope=scope_line(store, scope),
        generated=datetime.now(UTC).isoformat(timespec="seconds"),
        sections=sections,
        ipc_note=titles_note("both"),
    )
