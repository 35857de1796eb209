"""A self-contained offline HTML report: charts (matplotlib, inlined as SVG), tables and
interactive network views (``patentnav.graph.viz``, embedded as sandboxed frames), zh + en.

The sections' presentation (charts, tables, notes) is in :mod:`patentnav.graph.viz.report_format`;
the key-patent and operations sections, the largest, in :mod:`patentnav.graph.viz.report_sections`.

>>> from patentnav.graph.store import open_store
>>> from patentnav.graph.bootstrap import ensure_seeded
>>> store = open_store("memory://"); _ = ensure_seeded(store)
>>> html = build_report(store)
>>> "每万人口发明专利拥有量" in html and "<script src" not in html
True
"""

from __future__ import annotations

import html as html_lib
from collections.abc import Callable
from datetime import UTC, datetime
from importlib import resources

from jinja2 import Environment

from patentnav.graph.analysis.landscape import landscape
from patentnav.graph.analysis.planning import specialisation, white_space
from patentnav.graph.analysis.scope import AnalysisError, Scope, require_patents, resolve_scope
from patentnav.graph.analysis.targets import target_progress
from patentnav.graph.analysis.warnings import early_warnings
from patentnav.graph.entities import entity_refs
from patentnav.graph.ipc_titles import short_title, title_for, titled, titles_available, titles_note
from patentnav.graph.store import PatentStore
from patentnav.graph.viz.report_format import (
    bar_chart,
    configure_fonts,
    embedded_view,
    ipc_table,
    rta_chart,
    table,
    trend_chart,
)
from patentnav.graph.viz.report_sections import key_patents_body, operations_body
from patentnav.graph.viz.views import network_view

__all__ = ["build_report", "scope_line"]

#: Nodes in each embedded network view (applicants or IPC main groups with most patents).
NETWORK_NODES = 60
#: Columns of the targets table, in order.
TARGET_COLUMNS = [
    "region_name", "basis", "date", "numerator", "denominator_10k", "value", "target_value", "multiple_of_baseline",
    "meets_target", "meets_multiple", "coverage", "note",
]  # fmt: skip


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


def _landscape_body(store: PatentStore, scope: Scope) -> str:
    t = landscape(store, scope, top=15)
    apps = t["applicants"]
    ipc = t["ipc_subclass"]
    return (
        trend_chart(t["trend"])
        + bar_chart(
            [str(n)[:20] for n in apps["name"]],
            apps["patents"].tolist(),
            "主要申请人 Top applicants",
            "专利 patents",
        )
        + bar_chart(
            [titled(c, t or None, 40) for c, t in zip(ipc["code"], ipc["title"], strict=True)],
            ipc["patents"].tolist(),
            "IPC小类 IPC subclasses",
            "专利 patents",
        )
        + "<h3>IPC小类 IPC subclasses</h3>"
        + table(ipc_table(ipc))
        + "<h3>IPC大组 IPC main groups</h3>"
        + table(ipc_table(t["ipc_main_group"]))
        + "<h3>集中度 Concentration</h3>"
        + table(t["concentration"])
        + "<h3>法律状态 Legal status</h3>"
        + table(t["legal_status"])
        + "<h3>技术生命周期 Life cycle</h3>"
        + table(t["life_cycle"])
    )


def _warnings_body(store: PatentStore, scope: Scope) -> str:
    report = early_warnings(store, scope)
    return table(report.checks_frame()) + table(
        report.to_frame(), ["severity", "title_zh", "title_en", "message", "value", "threshold"], 50
    )


def _rta_body(store: PatentStore, scope: Scope) -> str:
    spec = specialisation(store, scope, level="main_group", min_patents=3).head(20)
    chart = rta_chart(spec)
    ws = white_space(store, scope)
    columns = ["field", "patents", "region_patents", "rta", "gap"]
    if titles_available():
        ws = ws.assign(title=[short_title(title_for(f) or "", 120) for f in ws["field"]])
        columns.insert(1, "title")
    return chart + "<h3>空白点 White space</h3>" + table(ws, columns)


def _networks_body(store: PatentStore, scope: Scope) -> str:
    require_patents(store, scope)
    co = network_view(store, scope, "coapplicants", max_nodes=NETWORK_NODES)
    ipc = network_view(store, scope, "ipc", max_nodes=NETWORK_NODES, level="main_group")
    return (
        "<p>可拖动、缩放、搜索、点击节点查看详情；标签可切换中文/English。"
        "Drag, zoom, search and click a node for details; labels switch between Chinese and English.</p>"
        + embedded_view(co, "合作申请网络 Co-applicant network")
        + embedded_view(ipc, "IPC共现网络 IPC co-classification (Louvain communities)")
    )


def _targets_body(store: PatentStore, scope: Scope) -> str:
    return table(target_progress(store), TARGET_COLUMNS, 50)


Body = Callable[[PatentStore, Scope], str]
#: The report's sections in order: Chinese and English heading, body; the region-only ones apart.
SECTIONS: list[tuple[str, str, Body, bool]] = [
    ("专利态势", "Landscape", _landscape_body, False),
    ("专利预警", "Early warnings", _warnings_body, False),
    ("区域专业化与布局", "Specialisation and layout", _rta_body, True),
    ("核心专利", "Key patents", key_patents_body, False),
    ("专利运营", "Patent operations", operations_body, False),
    ("网络", "Networks", _networks_body, False),
    ("目标跟踪：每万人口发明专利拥有量", "Targets: invention patents per 10,000 population", _targets_body, False),
]


def _section(store: PatentStore, scope: Scope, build: Body) -> str:
    """A section's body, or the reason its analysis cannot run."""
    try:
        return build(store, scope)
    except AnalysisError as exc:
        return f'<p class="note">{html_lib.escape(str(exc))}</p>'


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
    configure_fonts()
    scope = resolve_scope(store, industry=industry, region=region, start=start, end=end)
    sections = [
        {"zh": zh, "en": en, "body": _section(store, scope, build)}
        for zh, en, build, needs_region in SECTIONS
        if scope.region or not needs_region
    ]
    template = resources.files(__package__).joinpath("report.html.j2").read_text(encoding="utf-8")
    env = Environment(autoescape=True)
    return env.from_string(template).render(
        scope=scope_line(store, scope),
        generated=datetime.now(UTC).isoformat(timespec="seconds"),
        sections=sections,
        ipc_note=titles_note("both"),
    )
