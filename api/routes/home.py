"""``/``: the start page, leading to the analysis workspace first, then SPARQL, the overview and search.

When the store holds no patent yet it says so in one sentence with the command that loads the
bundled synthetic samples and, only when the server has an ingest token, a button that loads
them through ``POST /ingest/samples`` with the token the user types. ``/favicon.ico`` too.
"""

from __future__ import annotations

from importlib.resources import files

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, Response

from patentnav.api.deps import SettingsDep, StoreDep
from patentnav.api.page_policy import SERVED_PAGE
from patentnav.graph.store import select

router = APIRouter(tags=["home"])

SAMPLE_COMMAND = "uv run patentnav ingest data/samples/synthetic_cnipa.csv"

_PAGE = """<!doctype html><html lang="zh"><head><meta charset="utf-8"><title>patentnav 专利导航</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="/favicon.ico"><link rel="stylesheet" href="/analysis/ui/workspace.css"></head>
<body class="home"><main class="home-main">
<h1>patentnav · 专利导航知识图谱</h1>
<p class="home-lead">产业、专利导航服务中心、区域与政策任务，与专利、申请人和 IPC 分类相连。<br>
Industries, support centers, regions and policy tasks linked with patents, applicants and IPC classes.</p>
__EMPTY__<a class="home-primary" href="/analysis">
<span class="home-primary-title">分析工作台 · Analysis workspace</span>
<span class="home-primary-text">按产业 × 区域 × 时段查看专利态势、预警、布局与目标，表格可下载 CSV/XLSX。
Landscape, early warnings, layout and targets by industry × region × period; every table downloads.</span></a>
<ul class="home-links">
<li><a href="/sparql">SPARQL 查询 · SPARQL query UI</a>
<span>endpoint <code>/sparql</code>, SPARQL 1.1 Protocol</span></li>
<li><a href="/views/overview">政策总览 · Policy overview graph</a></li>
<li><a href="/search?q=%E5%B7%A5%E7%A8%8B%E6%9C%BA%E6%A2%B0">搜索 · Search</a> <span>JSON:
<code>/search?q=…</code></span></li>
<li><a href="/entities/plan/hunan-ip-strong-province-pilot">湖南试点方案 · The Hunan pilot plan</a></li>
<li><a href="/docs">API 文档 · API documentation</a> <span>OpenAPI</span></li>
</ul></main>__SCRIPT__</body></html>"""

_EMPTY = """<section class="home-empty" id="home-empty"><p>
存储中还没有专利。可载入随附的合成样例数据（20 件虚构专利，标记为合成数据）·
The store holds no patents yet: load the bundled <strong>synthetic</strong> samples (20 invented
patents, marked synthetic) with</p><pre><code>__COMMAND__</code></pre>__BUTTON__</section>
"""

_BUTTON = """<form id="home-samples" class="home-samples"><label>Ingest token · 导入令牌
<input type="password" id="home-token" autocomplete="off" required></label>
<button type="submit">载入合成样例 · Load the synthetic samples</button>
<output id="home-samples-status" aria-live="polite"></output></form>"""


def home_page(has_patents: bool, ingest_enabled: bool) -> str:
    """The start page's HTML.

    Parameters
    ----------
    has_patents
        Whether the store holds a patent; if not, the page says how to load the synthetic samples.
    ingest_enabled
        Whether the server has an ingest token; only then the page offers a button that loads them.

    Returns
    -------
    str
        The page (no inline script: its one script is ``/analysis/ui/home.js``).
    """
    empty = ""
    if not has_patents:
        button = _BUTTON if ingest_enabled else ""
        empty = _EMPTY.replace("__COMMAND__", SAMPLE_COMMAND).replace("__BUTTON__", button)
    script = '<script src="/analysis/ui/home.js"></script>' if empty and ingest_enabled else ""
    return _PAGE.replace("__EMPTY__", empty).replace("__SCRIPT__", script)


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
async def home(store: StoreDep, settings: SettingsDep) -> HTMLResponse:
    """The start page."""
    has_patents = bool(await run_in_threadpool(select, store, "SELECT ?p WHERE { ?p a pnav:Patent } LIMIT 1"))
    html = home_page(has_patents, bool(settings.ingest_token))
    return HTMLResponse(html, headers={"Content-Security-Policy": SERVED_PAGE, "Cache-Control": "no-cache"})


_FAVICON = files("patentnav.api").joinpath("static/favicon.svg").read_bytes()


@router.get("/favicon.ico", include_in_schema=False)
def favicon() -> Response:
    """The icon browsers ask for on every page (a 404 here is a console error on each visit)."""
    return Response(_FAVICON, media_type="image/svg+xml", headers={"Cache-Control": "public, max-age=86400"})
