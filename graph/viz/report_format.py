"""How the HTML report presents things: matplotlib charts inlined as SVG, bounded escaped tables, notes.

Every helper returns an HTML fragment (a string) that needs nothing outside the page: charts are SVG
with glyphs as paths, tables are escaped, embedded views are sandboxed ``srcdoc`` frames.
"""

from __future__ import annotations

import html as html_lib
import io

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib import font_manager

from patentnav.graph.ipc_titles import short_title, title_for, titled, titles_available

__all__ = [
    "NOT_AVAILABLE",
    "bar_chart",
    "cell_text",
    "configure_fonts",
    "embedded_view",
    "frame_table",
    "ipc_table",
    "ipc_tick",
    "missing_line",
    "plain",
    "rta_chart",
    "svg",
    "table",
    "trend_chart",
]

CJK_FONT = "WenQuanYi Zen Hei"
#: A ``checks`` row's status for a field no loaded source gives (as in the analyses).
NOT_AVAILABLE = "not available in the loaded sources"


def configure_fonts() -> None:
    """Draw charts with a CJK font when installed, and with glyphs as paths (the page needs no font)."""
    names = {f.name for f in font_manager.fontManager.ttflist}
    if CJK_FONT in names:
        plt.rcParams["font.sans-serif"] = [CJK_FONT, "DejaVu Sans"]
    plt.rcParams["axes.unicode_minus"] = False
    plt.rcParams["svg.fonttype"] = "path"  # glyphs as paths: the page needs no font to show them


def svg(fig: plt.Figure) -> str:
    """The figure as inline ``<svg>`` markup (closed afterwards)."""
    buf = io.StringIO()
    fig.savefig(buf, format="svg", bbox_inches="tight")
    plt.close(fig)
    text = buf.getvalue()
    return text[text.index("<svg") :]


def plain(text: str) -> str:
    """Text matplotlib draws as written: a ``$`` in a name or title would otherwise start mathtext."""
    return text.replace("$", r"\$")


def ipc_tick(code: str, limit: int = 40) -> str:
    """An IPC code as a chart label, with WIPO's English title when the ``ipc-titles`` extra is installed."""
    symbol = code.replace("-", "/")
    return plain(titled(symbol, title_for(code), limit))


def ipc_table(df: pd.DataFrame, limit: int = 15) -> pd.DataFrame:
    """An IPC table for reading: codes in the usual notation, titles shortened (references left out)."""
    out = df.head(limit).copy()
    out["code"] = out["code"].str.replace("-", "/")
    out["title"] = [short_title(t, 120) if t else "" for t in out["title"]]
    return out[["code", "title", "patents", "share"]] if titles_available() else out[["code", "patents", "share"]]


def bar_chart(labels: list[str], values: list[float], title: str, xlabel: str) -> str:
    """A horizontal bar chart, first label on top, as SVG."""
    fig, ax = plt.subplots(figsize=(7, max(2.0, 0.35 * len(labels) + 1)))
    ax.barh([plain(x) for x in labels][::-1], values[::-1], color="#3b6ea5")
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    return svg(fig)


def trend_chart(trend: pd.DataFrame) -> str:
    """Filings and grants per year as SVG, the years still short of publications shaded."""
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
    return svg(fig)


def rta_chart(spec: pd.DataFrame) -> str:
    """Each field's revealed technological advantage as SVG bars, specialised (1 or more) green, others red."""
    fig, ax = plt.subplots(figsize=(7, max(2.0, 0.35 * len(spec) + 1)))
    colors = ["#2e8b57" if v >= 1 else "#c0392b" for v in spec["rta"]][::-1]
    ax.barh([ipc_tick(f) for f in spec["field"]][::-1], spec["rta"].tolist()[::-1], color=colors)
    ax.axvline(1.0, color="black", lw=0.8)
    ax.set_title("区域专业化 RTA by IPC main group")
    return svg(fig)


def embedded_view(page: str, title: str) -> str:
    """An interactive view page (``patentnav.graph.viz``) inside the report, as a sandboxed srcdoc frame.

    The page is escaped into the attribute and runs with scripts but no origin of its own,
    so it cannot reach the report; like the report it loads nothing from anywhere.
    """
    return (
        f'<iframe class="pnav-view" title="{html_lib.escape(title)}" sandbox="allow-scripts" '
        f'srcdoc="{html_lib.escape(page, quote=True)}"></iframe>'
    )


def table(df: pd.DataFrame, columns: list[str] | None = None, limit: int = 20) -> str:
    """The first ``limit`` rows of ``df`` (of ``columns`` if given) as an escaped HTML table."""
    df = df[columns] if columns else df
    return df.head(limit).to_html(index=False, na_rep="", float_format=lambda v: f"{v:.4g}", escape=True, border=0)


def cell_text(value) -> str:
    """A value as table text: missing values blank (never 0), yes/no for flags, 4 significant digits for floats."""
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return ""
    if isinstance(value, bool):
        return "是 yes" if value else "否 no"
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


def frame_table(df: pd.DataFrame, columns: list[str], limit: int, table_id: str) -> str:
    """A bounded table of the columns ``df`` has, cells as :func:`cell_text` writes them, with an id to find it by."""
    shown = df[[c for c in columns if c in df.columns]].head(limit)
    text = pd.DataFrame({c: [cell_text(v) for v in shown[c]] for c in shown.columns}, columns=shown.columns)
    more = len(df) - len(shown)
    tail = (
        f'<p class="note">另有 {more} 行未列出 {more} more rows not shown '
        "(the analysis's JSON, CSV and the workspace have them all).</p>"
    )
    return text.to_html(index=False, escape=True, border=0, table_id=table_id) + (tail if more > 0 else "")


def missing_line(items: list[str]) -> str:
    """A note naming what the loaded sources do not give (their cells blank, never 0); empty without items."""
    if not items:
        return ""
    return (
        '<p class="note missing"><b>载入数据未提供 Not available in the loaded sources:</b> '
        + html_lib.escape("; ".join(items))
        + ". 相应栏目留空，不以 0 代替 Their cells are left blank, never shown as 0.</p>"
    )
