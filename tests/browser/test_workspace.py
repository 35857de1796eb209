"""The analysis workspace (GET /analysis) in real headless Chromium, against a live server over ingested synthetic data.

It renders; changing the scope in the scope bar gives exactly the key figures of the JSON API for that
scope; the URL holds the scope; CSV and XLSX downloads hold the JSON rows; an invalid scope shows the
API's problem detail; the zh/en toggle switches labels; names from user files stay text; no console
error and no request leaves the server. Screenshots at 1366×768 and 1920×1080 go to test-artifacts/.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import openpyxl
import pytest
from playwright.sync_api import Browser, Page, Route

from patentnav.graph.bootstrap import ensure_seeded
from patentnav.graph.ingest.loader import ingest_file
from patentnav.graph.ingest.synthetic import cn_check_digit, write_export
from patentnav.graph.store import PatentStore, open_store
from tests.support import layouts
from tests.support.live_server import live_api

pytestmark = pytest.mark.browser

SCOPE = {"industry": "construction-machinery", "region": "430100"}
EVIL = "<img src=x onerror=window.__xss=1>甲合成样例<b>测试</b>公司"
TOKEN = "workspace-test-token"


def _evil_rows(n: int = 3) -> list[list[str]]:
    """CNIPA rows of construction machinery in Changsha whose applicant name is markup (synthetic)."""
    rows = []
    for i in range(n):
        number = f"20181900{9900 + i:04d}"
        rows.append([
            f"CN{number}.{cn_check_digit(number)}", f"CN99999{i:04d}A", f"2018-0{i + 1}-15", "2019-06-01",
            "一种合成样例起重机", "合成样例摘要（合成数据）", EVIL, "湖南省长沙市岳麓区合成路1号", "合成甲",
            "B66C23/00", "B66C23/00", "审中", "43", "发明申请",
        ])  # fmt: skip
    return rows


def _serve(store: PatentStore, **settings) -> AbstractContextManager[str]:
    from patentnav.api.main import create_app
    from patentnav.settings import Settings

    return live_api(create_app(Settings(store="memory://", **settings), store=store))


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Iterator[str]:
    """A live server over the pilot graph plus 400 synthetic CNIPA patents, 3 with a markup applicant, and 200
    synthetic incoPat patents with citations, families and legal events (key patents and operations)."""
    folder = tmp_path_factory.mktemp("workspace")
    export = write_export("cnipa", folder / "synthetic_cnipa.csv", rows=400, seed=7)
    with export.open("a", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(_evil_rows())
    store = open_store("memory://")
    ensure_seeded(store)
    ingest_file(store, export)
    ingest_file(store, layouts.write_layout("incopat", folder / "synthetic_incopat.xlsx", rows=200, seed=3))
    with _serve(store) as url:
        yield url


@dataclass
class Session:
    """A page whose console errors, requests and outbound attempts are recorded."""

    page: Page
    base: str
    errors: list[str] = field(default_factory=list)
    outbound: list[str] = field(default_factory=list)
    failed_loads: list[str] = field(default_factory=list)

    def open(self, query: str = "") -> None:
        self.page.goto(self.base + "/analysis" + query)
        self.ready()

    def ready(self, scope: dict[str, str] | None = None) -> None:
        """Wait until every panel of the current scope has its answer."""
        self.page.wait_for_selector('html[data-state="ready"]', timeout=60_000)
        if scope is not None:
            want = "&".join(f"{k}={v}" for k, v in scope.items())
            self.page.wait_for_function("(want) => document.documentElement.dataset.scope === want", arg=want)
            self.page.wait_for_selector('html[data-state="ready"]', timeout=60_000)

    def figures(self) -> dict[str, str]:
        return self.page.eval_on_selector_all(
            ".ws-figure", "els => Object.fromEntries(els.map(e => [e.dataset.key, e.dataset.value]))"
        )


def _session(browser: Browser, base: str, width: int = 1366, height: int = 768) -> tuple[Session, object]:
    context = browser.new_context(
        viewport={"width": width, "height": height}, device_scale_factor=1, accept_downloads=True
    )
    page = context.new_page()
    s = Session(page, base)

    def guard(route: Route) -> None:
        host = urlsplit(route.request.url).hostname
        if host in ("127.0.0.1", "localhost") or route.request.url.startswith(("data:", "blob:", "about:")):
            route.continue_()
        else:
            s.outbound.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    page.on("console", lambda m: (s.failed_loads if "Failed to load resource" in m.text else s.errors).append(m.text)
            if m.type == "error" else None)  # fmt: skip
    page.on("pageerror", lambda e: s.errors.append(str(e)))
    return s, context


@pytest.fixture
def session(browser: Browser, base: str) -> Iterator[Session]:
    s, context = _session(browser, base)
    yield s
    context.close()
    assert s.errors == [], s.errors
    assert s.outbound == [], s.outbound


def _json(base: str, topic: str, scope: dict[str, str]) -> dict:
    r = httpx.get(f"{base}/analysis/{topic}", params=scope, timeout=120)
    assert r.status_code == 200, r.text
    return r.json()


def _expected_figures(landscape: dict) -> dict[str, object]:
    """The key figures as the JSON API gives them (the definitions the page shows next to each)."""
    tables = landscape["tables"]
    conc = tables["concentration"]["rows"][0]
    complete = [r for r in tables["life_cycle"]["rows"] if not r["incomplete"]]
    growth = [r for r in complete if r["filings_ratio"] is not None][-1]
    stage = [r for r in complete if r["stage"] is not None][-1]
    origin = {r["category"]: r["share"] for r in tables.get("origin", {"rows": []})["rows"]}
    return {
        "patents": conc["patents"],
        "applicants": conc["applicants"],
        "CR4": conc["CR4"],
        "CR8": conc["CR8"],
        "HHI": conc["HHI"],
        "growth": growth["filings_ratio"],
        "stage": stage["stage"],
        "home": origin.get("home"),
        "out_of_region": origin.get("out_of_region"),
        "foreign": origin.get("foreign"),
    }


def _assert_figures(s: Session, scope: dict[str, str]) -> None:
    expected = _expected_figures(_json(s.base, "landscape", scope))
    shown = s.figures()
    for key, value in expected.items():
        if value is None:
            assert shown[key] == "", key
        elif isinstance(value, str):
            assert shown[key] == value, key
        else:
            assert float(shown[key]) == value, (key, shown[key], value)  # exactly the JSON's number
    text = s.page.inner_text('.ws-figure[data-key="patents"] .ws-figure-value')
    assert text == f"{expected['patents']:,}"
    assert s.page.inner_text('.ws-figure[data-key="CR4"] .ws-figure-value') == f"{expected['CR4'] * 100:.1f}%"


def test_scope_bar_changes_the_figures_to_the_json_of_that_scope(session: Session, artifacts: Path) -> None:
    s = session
    s.open()
    page = s.page
    _assert_figures(s, {})
    assert page.locator("#c-trend canvas").count() == 1
    # industry, then province, then city: each change reloads, and the URL follows
    page.select_option("#ws-industry", "construction-machinery")
    s.ready({"industry": "construction-machinery"})
    _assert_figures(s, {"industry": "construction-machinery"})
    page.select_option("#ws-region-1", "430000")
    s.ready({"industry": "construction-machinery", "region": "430000"})
    page.select_option("#ws-region-2", "430100")
    s.ready(SCOPE)
    _assert_figures(s, SCOPE)
    assert parse_qs(urlsplit(page.url).query) == {"industry": ["construction-machinery"], "region": ["430100"]}
    # a district is the third level; a city group is offered at the first
    districts = page.eval_on_selector_all("#ws-region-3 option", "os => os.map(o => o.value)")
    assert "430104" in districts
    groups = page.eval_on_selector_all("#ws-region-1 optgroup option", "os => os.map(o => o.value)")
    assert "changzhutan" in groups
    # the period: typed years apply on Enter
    page.fill("#ws-from", "2012")
    page.fill("#ws-to", "2021")
    page.press("#ws-to", "Enter")
    period = {**SCOPE, "from": "2012", "to": "2021"}
    s.ready(period)
    _assert_figures(s, period)
    # reload: the scope comes back from the URL
    page.reload()
    s.ready(period)
    assert page.input_value("#ws-industry") == "construction-machinery"
    assert page.input_value("#ws-region-2") == "430100" and page.input_value("#ws-from") == "2012"
    _assert_figures(s, period)
    # views and the report for the same scope
    views = page.eval_on_selector_all(".ws-views a", "as => as.map(a => a.getAttribute('href'))")
    assert "/views/coapplicants?industry=construction-machinery&region=430100&lang=zh" in views
    assert "/views/ipc?industry=construction-machinery&region=430100&lang=zh" in views
    assert "/views/landscape?industry=construction-machinery&region=430100&lang=zh" in views
    assert page.get_attribute("#ws-report", "href") == "/analysis/report?" + "&".join(
        f"{k}={v}" for k, v in period.items()
    )
    # the browser's back button: each applied change is a step (leaving "from" applied it alone)
    page.go_back()
    s.ready({**SCOPE, "from": "2012"})
    assert page.input_value("#ws-from") == "2012" and page.input_value("#ws-to") == ""
    page.go_back()
    s.ready(SCOPE)
    _assert_figures(s, SCOPE)


def test_tables_warnings_and_downloads_match_the_json(session: Session, tmp_path: Path) -> None:
    s = session
    s.open("?industry=construction-machinery&region=430100")
    page = s.page
    landscape = _json(s.base, "landscape", SCOPE)
    applicants = landscape["tables"]["applicants"]
    names = page.eval_on_selector_all(
        '.ws-table-block[data-table="applicants"] tbody tr td:nth-child(2)', "tds => tds.map(td => td.textContent)"
    )
    assert names == [r["name"] for r in applicants["rows"]]
    # names from user files are text: the markup applicant shows literally, and nothing ran
    assert EVIL in names
    assert page.locator("#ws-main img, #ws-main b").count() == 0
    assert page.evaluate("() => window.__xss") is None
    # IPC titles are shown when the JSON carries them
    ipc = landscape["tables"]["ipc_subclass"]["rows"]
    titles = page.eval_on_selector_all(
        '.ws-table-block[data-table="ipc_subclass"] tbody td:nth-child(2)', "tds => tds.map(td => td.textContent)"
    )
    assert titles == [r.get("title") or "" for r in ipc]
    # downloads: CSV from the panel head, XLSX from a table block, both the JSON's rows
    with page.expect_download() as info:
        page.click('#p-applicants .ws-panel-head a[data-format="csv"]')
    download = info.value
    assert download.suggested_filename == "patentnav-landscape-applicants-construction-machinery-430100.csv"
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    rows = list(csv.DictReader(io.StringIO(path.read_text("utf-8-sig"))))
    assert [r["name"] for r in rows] == [r["name"] for r in applicants["rows"]]
    assert [int(r["patents"]) for r in rows] == [r["patents"] for r in applicants["rows"]]
    assert [float(r["share"]) for r in rows] == [r["share"] for r in applicants["rows"]]
    with page.expect_download() as info:
        page.click('.ws-table-block[data-table="ipc_main_group"] a[data-format="xlsx"]')
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    sheet = openpyxl.load_workbook(path, read_only=True)["ipc_main_group"]
    got = list(sheet.iter_rows(values_only=True))
    main_group = landscape["tables"]["ipc_main_group"]
    assert list(got[0]) == main_group["columns"]
    assert [(r[0], r[1]) for r in got[1:]] == [(row["code"], row["patents"]) for row in main_group["rows"]]
    # warnings: one card per warning, each evidence IRI linked to its entity page
    warnings = _json(s.base, "warnings", SCOPE)
    assert page.locator(".ws-warning").count() == len(warnings["warnings"])
    hrefs = page.eval_on_selector_all(".ws-evidence-link", "as => as.map(a => a.getAttribute('href'))")
    iris = [e["iri"] for w in warnings["warnings"] for e in w["evidence"][:25]]
    assert hrefs == ["/entities/" + iri.split("/id/", 1)[1] for iri in iris]
    assert httpx.get(s.base + hrefs[0], headers={"Accept": "text/html"}).status_code == 200
    # layout tabs: the white-space table as in the JSON
    layout = _json(s.base, "layout", SCOPE)
    page.click('.ws-tabs button[data-tab="white_space"]')
    shown = page.eval_on_selector_all(
        '.ws-table-block[data-table="white_space"] tbody td:first-child', "tds => tds.map(td => td.firstChild.title)"
    )
    assert shown == [r["field"] for r in layout["tables"]["white_space"]["rows"]]
    # targets: read for the industry over all regions, Changsha's rows marked
    targets = _json(s.base, "targets", {"industry": "construction-machinery"})
    assert page.locator('table[data-table="targets"] tbody tr').count() == len(targets["tables"]["targets"]["rows"])
    marked = page.eval_on_selector_all("tr.is-scope", "trs => trs.map(t => t.dataset.region)")
    assert "430100" in marked and "430200" not in marked


def test_panels_that_answer_before_the_options_are_drawn_again_with_them(session: Session) -> None:
    """The scope's own target rows are marked even when every topic answers before the scope bar's options."""
    s = session
    held: list[Route] = []
    s.page.route("**/analysis/options*", lambda route: held.append(route))
    s.page.goto(s.base + "/analysis?industry=construction-machinery&region=430100")
    s.page.wait_for_selector('table[data-table="targets"] tbody tr')
    s.page.wait_for_function("() => !document.querySelector('.ws-panel.is-loading')")
    # the answers are in, but without the options the page is not ready and knows no regions yet
    assert s.page.evaluate("() => document.documentElement.dataset.state") == "loading"
    assert s.page.locator("tr.is-scope").count() == 0
    assert len(held) == 1
    held[0].continue_()
    s.ready(SCOPE)
    marked = s.page.eval_on_selector_all("tr.is-scope", "trs => trs.map(t => t.dataset.region)")
    assert "430100" in marked and "430200" not in marked


@pytest.mark.parametrize(
    ("query", "scope", "status"),
    [
        ("?industry=shipbuilding", {"industry": "shipbuilding"}, 404),
        ("?from=2020&to=2010", {"from": "2020", "to": "2010"}, 422),
        ("?region=430100&from=1990&to=1991", {"region": "430100", "from": "1990", "to": "1991"}, 404),
    ],
)
def test_an_invalid_or_empty_scope_shows_the_problem_detail(session: Session, query, scope, status) -> None:
    s = session
    s.open(query)
    r = httpx.get(s.base + "/analysis/landscape", params=scope)
    assert r.status_code == status
    detail = r.json()["detail"]
    box = s.page.locator("#p-figures .ws-problem")
    assert box.count() == 1
    assert detail in box.inner_text() and str(status) in box.inner_text()
    assert s.page.locator(".ws-problem:visible").count() >= 1
    assert s.failed_loads, "the failing answers were not even requested"


def test_language_toggle_switches_labels(session: Session) -> None:
    s = session
    s.open("?industry=construction-machinery&region=430100")
    page = s.page
    assert page.inner_text("h1") == "专利导航分析工作台"
    assert page.get_attribute("html", "lang") == "zh"
    assert page.inner_text('.ws-figure[data-key="patents"] .ws-figure-label') == "专利"
    assert page.inner_text("#ws-industry option:checked") == "工程机械"
    page.click("#ws-lang")
    assert page.get_attribute("html", "lang") == "en"
    assert page.inner_text("h1") == "Patent navigation workspace"
    assert page.inner_text('.ws-figure[data-key="patents"] .ws-figure-label') == "Patents"
    assert page.inner_text("#ws-industry option:checked") == "Construction machinery"
    assert page.inner_text("#ws-region-2 option:checked") == "Changsha"
    headers = page.eval_on_selector_all(
        '.ws-table-block[data-table="applicants"] th', "ths => ths.map(th => th.textContent)"
    )
    assert headers == ["#", "Applicant", "Patents", "Share"]
    assert "lang=en" in page.url
    page.reload()
    s.ready()
    assert page.inner_text("h1") == "Patent navigation workspace"
    page.click("#ws-lang")
    assert page.inner_text("h1") == "专利导航分析工作台" and "lang=" not in page.url


@pytest.mark.parametrize(("width", "height"), [(1366, 768), (1920, 1080)])
def test_screenshots_and_nothing_overflows(browser: Browser, base: str, artifacts: Path, width, height) -> None:
    s, context = _session(browser, base, width, height)
    try:
        s.open("?industry=construction-machinery&region=430100")
        page = s.page
        page.screenshot(path=str(artifacts / f"workspace-{width}x{height}.png"))
        page.screenshot(path=str(artifacts / f"workspace-{width}x{height}-full.png"), full_page=True)
        page.click("#ws-lang")
        page.screenshot(path=str(artifacts / f"workspace-{width}x{height}-en.png"))
        # nothing wider than the window: no sideways scrolling of the page
        assert page.evaluate("() => document.documentElement.scrollWidth") <= width
        # the scope bar stays in at most two rows with the header
        assert page.evaluate("() => document.querySelector('.ws-top').getBoundingClientRect().height") < 140
        # every panel lies inside the window's width; tables scroll inside their panel
        overflow = page.evaluate(
            """() => [...document.querySelectorAll('.ws-panel')].filter(p => {
                const r = p.getBoundingClientRect(); return r.left < 0 || r.right > window.innerWidth + 1;
            }).map(p => p.id)"""
        )
        assert overflow == []
        charts = page.evaluate(
            "() => [...document.querySelectorAll('.ws-chart')].map(c => [c.id, c.clientWidth, c.clientHeight])"
        )
        assert all(w > 250 and h >= 250 for _, w, h in charts), charts
    finally:
        context.close()
    assert s.errors == [] and s.outbound == []


def test_empty_store_home_loads_the_synthetic_samples_with_the_token(browser: Browser, artifacts: Path) -> None:
    store = open_store("memory://")
    ensure_seeded(store)
    with _serve(store, ingest_token=TOKEN) as url:
        s, context = _session(browser, url)
        try:
            page = s.page
            page.goto(url + "/")
            assert page.locator("a.home-primary").get_attribute("href") == "/analysis"
            assert "synthetic_cnipa.csv" in page.inner_text("#home-empty")
            page.screenshot(path=str(artifacts / "home-empty.png"))
            page.fill("#home-token", "wrong")
            page.click("#home-samples button")
            page.wait_for_function("() => document.getElementById('home-samples-status').textContent.includes('401')")
            page.fill("#home-token", TOKEN)
            page.click("#home-samples button")
            page.wait_for_selector("#home-samples-status a[href='/analysis']", timeout=60_000)
            assert "20" in page.inner_text("#home-samples-status")
            page.click("#home-samples-status a")
            s.ready()
            assert int(s.figures()["patents"]) == 20
            page.screenshot(path=str(artifacts / "workspace-samples.png"))
        finally:
            context.close()
        assert s.errors == [] and s.outbound == []
        assert len(s.failed_loads) == 1  # the 401 of the wrong token


def test_a_progress_indicator_shows_while_a_scope_loads(session: Session) -> None:
    s = session
    s.open()
    page = s.page
    held: list[Route] = []
    page.route("**/analysis/landscape?*", lambda route: held.append(route))
    page.select_option("#ws-industry", "construction-machinery")
    page.wait_for_selector("#ws-progress", state="visible")
    page.wait_for_function("() => document.getElementById('ws-progress-text').textContent.includes('/6')")
    assert page.get_attribute("#ws-main", "aria-busy") == "true"
    assert page.locator("#p-figures.is-loading").count() == 1  # the old figures are dimmed, not shown as new
    page.wait_for_function("() => document.getElementById('ws-progress-text').textContent.includes('5/6')")
    assert len(held) == 1
    held[0].continue_()
    s.ready({"industry": "construction-machinery"})
    assert page.is_hidden("#ws-progress") and page.get_attribute("#ws-main", "aria-busy") == "false"
    _assert_figures(s, {"industry": "construction-machinery"})


def _column(page, table: str, n: int, section: str | None = None, panel: str = "") -> list[str]:
    where = f'[data-section="{section}"]' if section else ""
    return page.eval_on_selector_all(
        f'{panel} .ws-table-block[data-table="{table}"]{where} tbody td:nth-child({n})',
        "tds => tds.map(td => td.textContent)",
    )


def _header(page, table: str, panel: str = "") -> list[str]:
    return page.eval_on_selector_all(
        f'{panel} .ws-table-block[data-table="{table}"] th', "ths => ths.map(th => th.title)"
    )


def test_key_patent_and_operations_panels_match_the_json(session: Session, tmp_path: Path, artifacts: Path) -> None:
    s = session
    s.open("?industry=construction-machinery&region=430100")
    page = s.page
    kp = _json(s.base, "key-patents", SCOPE)["tables"]
    ranking = kp["key_patents"]["rows"]
    assert ranking, "the incoPat sample gives Changsha key patents"
    # the ranking: every row, in rank order, with its composite
    keys = _header(page, "key_patents")
    assert keys[:2] == ["rank", "application_number"] and "composite" in keys
    assert _column(page, "key_patents", 2) == [r["application_number"] for r in ranking]
    composite = _column(page, "key_patents", keys.index("composite") + 1)
    assert [float(c) for c in composite] == [pytest.approx(r["composite"], abs=1e-3) for r in ranking]
    page.locator("#p-keypatents").scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / "workspace-1366x768-keypatents.png"))
    # citations: a chip per section, each section's rows
    page.click('#p-keypatents .ws-tabs button[data-tab="citations"]')
    sections = page.eval_on_selector_all("#p-keypatents .ws-chips button", "bs => bs.map(b => b.dataset.section)")
    assert sections == list(dict.fromkeys(r["section"] for r in kp["citations"]["rows"]))
    page.click('#p-keypatents .ws-chips button[data-section="most_cited_org"]')
    orgs = [r for r in kp["citations"]["rows"] if r["section"] == "most_cited_org"]
    cols = _header(page, "citations")
    assert _column(page, "citations", cols.index("name") + 1, "most_cited_org") == [r["name"] for r in orgs]
    fwd = _column(page, "citations", cols.index("forward_citations") + 1, "most_cited_org")
    assert [int(x.replace(",", "")) for x in fwd] == [r["forward_citations"] for r in orgs]
    # checks: what the sources lack is said, never a zero
    page.click('#p-keypatents .ws-tabs button[data-tab="checks"]')
    statuses = _column(page, "checks", 3, panel="#p-keypatents")
    assert len(statuses) == len(kp["checks"]["rows"])
    # the ranking downloads as the JSON's rows
    page.click('#p-keypatents .ws-tabs button[data-tab="key_patents"]')
    with page.expect_download() as info:
        page.click('.ws-table-block[data-table="key_patents"] a[data-format="csv"]')
    assert info.value.suggested_filename == "patentnav-key-patents-key_patents-construction-machinery-430100.csv"
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    rows = list(csv.DictReader(io.StringIO(path.read_text("utf-8-sig"))))
    assert [r["application_number"] for r in rows] == [r["application_number"] for r in ranking]
    assert [float(r["composite"]) for r in rows] == [r["composite"] for r in ranking]

    ops = _json(s.base, "operations", SCOPE)["tables"]
    transfers = ops["transfers"]["rows"]
    assert transfers, "the incoPat sample gives Changsha transfers"
    page.click('#p-operations .ws-chips button[data-section="by_type"]')
    by_type = [r for r in transfers if r["section"] == "by_type"]
    cols = _header(page, "transfers")
    shown = _column(page, "transfers", cols.index("patents") + 1, "by_type")
    assert [int(x.replace(",", "")) for x in shown] == [r["patents"] for r in by_type]
    page.click('#p-operations .ws-tabs button[data-tab="litigation"]')
    litigation = ops["litigation"]["rows"]
    chips = page.eval_on_selector_all("#p-operations .ws-chips button", "bs => bs.map(b => b.dataset.section)")
    assert chips == list(dict.fromkeys(r["section"] for r in litigation))
    with page.expect_download() as info:
        page.click('.ws-table-block[data-table="litigation"] a[data-format="xlsx"]')
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    sheet = openpyxl.load_workbook(path, read_only=True)["litigation"]
    got = list(sheet.iter_rows(values_only=True))
    assert list(got[0]) == ops["litigation"]["columns"]
    assert [r[got[0].index("patents")] for r in got[1:]] == [r["patents"] for r in litigation]
    # the loaded incoPat sample gives no event dates: said above the tables, in the page's language (zh)
    assert "事件日期" in page.inner_text("#p-operations .ws-missing")
    page.locator("#p-operations").scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / "workspace-1366x768-operations.png"))
    # the views of the same scope
    hrefs = page.eval_on_selector_all("#p-keypatents .ws-views a, #p-operations .ws-views a",
                                      "as => as.map(a => a.getAttribute('href'))")  # fmt: skip
    assert hrefs == [
        "/views/citations?industry=construction-machinery&region=430100&lang=zh",
        "/views/citations?industry=construction-machinery&region=430100&level=patent&lang=zh",
        "/views/transfers?industry=construction-machinery&region=430100&lang=zh",
    ]
    for href in hrefs:
        assert httpx.get(s.base + href, timeout=120).status_code == 200
    # English labels
    page.click("#ws-lang")
    assert page.inner_text('#p-operations .ws-tabs button[data-tab="transfers"]').startswith("Transfers")
    assert "event dates" in page.inner_text("#p-operations .ws-missing")
    page.screenshot(path=str(artifacts / "workspace-1366x768-operations-en.png"))


# ------------------------------------------------------------------------------------------------ plans


@pytest.fixture(scope="module")
def plans_base(tmp_path_factory) -> Iterator[str]:
    """A live server over the pilot, the fictitious Ningbo sample, the test plan and 60 synthetic CNIPA patents."""
    from tests.support.plans import load_plans

    folder = tmp_path_factory.mktemp("workspace-plans")
    store = open_store("memory://")
    ensure_seeded(store)
    ingest_file(store, write_export("cnipa", folder / "synthetic_cnipa.csv", rows=60, seed=11))
    load_plans(store, folder)
    with _serve(store) as url:
        yield url


@pytest.fixture
def plans_session(browser: Browser, plans_base: str) -> Iterator[Session]:
    s, context = _session(browser, plans_base)
    yield s
    context.close()
    assert s.errors == [], s.errors
    assert s.outbound == [], s.outbound


def _assert_plan_targets(s: Session, plan: str) -> dict:
    """The targets panel shows exactly the plan's targets of the JSON API, with its values."""
    body = _json(s.base, "targets", {"plan": plan})
    rows = body["tables"]["plan_targets"]["rows"]
    page = s.page
    shown = page.eval_on_selector_all(
        'table[data-table="plan_targets"] tbody tr',
        "trs => trs.map(t => [t.dataset.target, t.querySelector('td[data-value]').dataset.value])",
    )
    assert [target for target, _ in shown] == [r["target_id"] for r in rows]
    for (_, value), row in zip(shown, rows, strict=True):
        assert (float(value) if value else None) == row["value"]  # exactly the JSON's number, or none
    density = body["tables"]["targets"]["rows"]
    assert page.locator('table[data-table="targets"] tbody tr').count() == len(density)
    links = page.eval_on_selector_all("#p-targets .ws-downloads a", "as => as.map(a => a.getAttribute('href'))")
    assert f"/analysis/targets/plan_targets.csv?plan={plan}" in links
    return body


def test_the_plan_picker_shows_each_plans_targets(plans_session: Session, artifacts: Path) -> None:
    from tests.support.plans import PILOT_PLAN_ID, SAMPLE_PLAN_ID, TEST_PLAN_ID

    s = plans_session
    s.open()
    page = s.page
    options = page.eval_on_selector_all("#ws-plan option", "os => os.map(o => [o.value, o.textContent])")
    assert [v for v, _ in options] == ["", SAMPLE_PLAN_ID, PILOT_PLAN_ID, TEST_PLAN_ID]
    labels = dict(options)
    assert labels[PILOT_PLAN_ID] == "湖南省建设支撑型知识产权强省试点省实施方案"
    assert labels[SAMPLE_PLAN_ID].startswith("宁波市知识产权强市建设示范方案") and "虚构示例" in labels[SAMPLE_PLAN_ID]
    # no plan: today's table of every plan's density targets, no plan table
    assert page.locator('table[data-table="plan_targets"]').count() == 0
    assert page.locator('table[data-table="targets"] tbody tr').count() == len(
        _json(s.base, "targets", {})["tables"]["targets"]["rows"]
    )
    for plan in (PILOT_PLAN_ID, SAMPLE_PLAN_ID, TEST_PLAN_ID):
        page.select_option("#ws-plan", plan)
        s.ready({"plan": plan})
        assert parse_qs(urlsplit(page.url).query)["plan"] == [plan]
        _assert_plan_targets(s, plan)
    # the test plan: a met and an unmet target, and targets without any observation said so
    panel = page.inner_text("#p-targets")
    assert "未载入统计数据" in panel and "已达成" in panel and "未达成" in panel
    assert page.locator("#p-targets .ws-empty").inner_text() == "该规划没有以每万人口发明专利拥有量衡量的目标。"
    page.locator("#p-targets").screenshot(path=str(artifacts / "workspace-1366x768-plan-targets.png"))
    # the URL keeps the plan: a reload shows the same plan, and back goes to the previous one
    page.reload()
    s.ready({"plan": TEST_PLAN_ID})
    assert page.input_value("#ws-plan") == TEST_PLAN_ID
    page.go_back()
    s.ready({"plan": SAMPLE_PLAN_ID})
    assert page.input_value("#ws-plan") == SAMPLE_PLAN_ID
    _assert_plan_targets(s, SAMPLE_PLAN_ID)
    overview = page.get_attribute('#ws-views a[data-view="overview"]', "href")
    assert overview == f"/views/overview?plan={SAMPLE_PLAN_ID}&lang=zh"
    # English labels
    page.click("#ws-lang")
    assert "no observations loaded" in page.inner_text('table[data-table="plan_targets"]')
    assert "Ningbo" in page.inner_text("#ws-plan")


def test_an_unknown_plan_shows_the_problem_in_the_targets_panel(plans_session: Session) -> None:
    s = plans_session
    s.open("?plan=no-such-plan")
    r = httpx.get(s.base + "/analysis/targets", params={"plan": "no-such-plan"})
    assert r.status_code == 404
    box = s.page.locator("#p-targets .ws-problem")
    assert r.json()["detail"] in box.inner_text() and "404" in box.inner_text()
    assert s.page.locator("#p-figures .ws-problem").count() == 0  # the other panels do not take the plan
    assert "no-such-plan" in s.page.inner_text("#ws-plan")
