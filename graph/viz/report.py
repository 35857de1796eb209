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

from patentnav.graph.analysis.landscape import landscape
from patentnav.graph.analysis.layout import specialisation, white_space
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
