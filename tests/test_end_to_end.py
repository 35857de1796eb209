"""The README's first command as a user meets it: ``patentnav serve`` as a real process, over real HTTP.

One story, in order: serve an empty on-disk store (it is seeded with the pilot graph and prints
where things are), ingest a bundled sample export through ``POST /ingest``, count its patents
over SPARQL, read a landscape, open the landscape view and the SPARQL UI in headless Chromium,
stop the server, start it again on the same store and find the data still there.
"""

from __future__ import annotations

import csv
import os
import re
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser as Chromium
from playwright.sync_api import Page

from patentnav.ontology import graph_iri
from tests.conftest import ARTIFACTS

pytestmark = pytest.mark.browser

SAMPLE = Path(__file__).parents[1] / "data" / "samples" / "synthetic_cnipa.csv"
TOKEN = "end-to-end-test-token"
SEEDED_MESSAGE = "loaded the bundled Hunan pilot graph"
PREFIXES = (
    "PREFIX pnav: <https://w3id.org/patentnav/ontology#>\nPREFIX industry: <https://w3id.org/patentnav/id/industry/>\n"
)
COUNT_PATENTS = PREFIXES + "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a pnav:Patent }"
PILOT_ASK = (
    PREFIXES + f"ASK {{ GRAPH <{graph_iri('hunan-pilot')}> {{ industry:construction-machinery a pnav:Industry }} }}"
)


def _patentnav() -> list[str]:
    """The console script uv installed next to this interpreter (what ``uv run patentnav`` runs)."""
    script = Path(sys.executable).with_name("patentnav")
    return [str(script)] if script.exists() else [sys.executable, "-m", "patentnav"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _children(pid: int) -> set[int]:
    """Process ids whose parent is ``pid`` (Linux /proc)."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.add(int(stat.parent.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@dataclass
class Served:
    """One ``patentnav serve`` process and what it printed."""

    process: subprocess.Popen
    base: str
    out: Path
    err: Path
    started_in: float

    @property
    def stdout(self) -> str:
        return self.out.read_text("utf-8")

    @property
    def stderr(self) -> str:
        return self.err.read_text("utf-8")

    def stop(self, sig: signal.Signals) -> float:
        """Send ``sig``, wait for the process and its workers to end; return the seconds it took."""
        workers = _children(self.process.pid)
        t0 = time.monotonic()
        self.process.send_signal(sig)
        code = self.process.wait(timeout=30)
        took = time.monotonic() - t0
        # uvicorn shuts down, then re-raises the signal it caught: ending by that signal is a clean stop
        assert code in (0, -sig), f"serve exited with {code} on {sig.name}:\n{self.stderr[-2000:]}"
        assert "Application shutdown complete" in self.stderr, self.stderr[-2000:]
        deadline = time.monotonic() + 10
        while any(_alive(w) for w in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not [w for w in workers if _alive(w)], "query workers outlived the server"
        assert "Traceback" not in self.stderr, self.stderr[-2000:]
        return took


def _serve(store_url: str, env: dict[str, str], logs: Path, name: str) -> Served:
    """Start ``patentnav serve`` on a free port and wait until it answers."""
    for _attempt in range(3):
        port = _free_port()
        out, err = logs / f"{name}.out", logs / f"{name}.err"
        t0 = time.monotonic()
        with out.open("wb") as o, err.open("wb") as e:
            process = subprocess.Popen(
                [*_patentnav(), "serve", "--store", store_url, "--port", str(port)],
                stdout=o,
                stderr=e,
                stdin=subprocess.DEVNULL,
                env=env,
                cwd=logs,
            )
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and process.poll() is None:
            try:
                if httpx.get(base + "/openapi.json", timeout=2).status_code == 200:
                    return Served(process, base, out, err, time.monotonic() - t0)
            except httpx.TransportError:
                pass
            time.sleep(0.2)
        if process.poll() is None:
            process.kill()
            process.wait()
            pytest.fail(f"serve did not answer within 90 s:\n{err.read_text('utf-8')[-2000:]}")
        if "cannot listen" not in err.read_text("utf-8"):  # anything but a port race is a failure
            pytest.fail(f"serve exited with {process.returncode}:\n{err.read_text('utf-8')[-2000:]}")
    pytest.fail("no free port after three attempts")


def _sparql(base: str, query: str) -> dict:
    r = httpx.get(
        base + "/sparql", params={"query": query}, headers={"Accept": "application/sparql-results+json"}, timeout=60
    )
    assert r.status_code == 200, r.text
    return r.json()


def _patent_count(base: str) -> int:
    return int(_sparql(base, COUNT_PATENTS)["results"]["bindings"][0]["n"]["value"])


def _sample_rows() -> int:
    with SAMPLE.open(encoding="utf-8", newline="") as f:
        return sum(1 for _ in csv.DictReader(f))


@pytest.fixture
def user_env(tmp_path: Path) -> dict[str, str]:
    """A user's environment with a home of its own: nothing touches the real user data directory."""
    home = tmp_path / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PATENTNAV_")}
    env |= {
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "PATENTNAV_INGEST_TOKEN": TOKEN,
        "PYTHONUNBUFFERED": "1",
        "NO_COLOR": "1",
    }
    return env


class Browser:
    """Pages in one Chromium context that record console errors and every request."""

    def __init__(self, browser: Chromium) -> None:
        self.context = browser.new_context(viewport={"width": 1400, "height": 900}, device_scale_factor=1)
        self.errors: list[str] = []
        self.requests: list[str] = []

    def page(self) -> Page:
        page = self.context.new_page()
        page.on("console", lambda m: self.errors.append(f"{page.url}: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(f"{page.url}: {e}"))
        page.on("request", lambda r: self.requests.append(r.url))
        return page


def _node_point(page: Page, node: str) -> tuple[float, float]:
    return page.evaluate(
        """(id) => {
            const net = window.pnavNetwork;
            const p = net.canvasToDOM(net.getPosition(id));
            const r = document.querySelector('#pnav-network canvas').getBoundingClientRect();
            return [r.left + p.x, r.top + p.y];
        }""",
        node,
    )


def _landscape_in_browser(b: Browser, base: str) -> None:
    """The landscape view renders; a click on an applicant shows details linking to its entity page."""
    page = b.page()
    page.goto(base + "/views/landscape?industry=construction-machinery")
    page.wait_for_function("window.pnavReady !== undefined", timeout=30_000)
    assert page.evaluate("window.pnavNetwork.body.nodeIndices.length") > 1
    page.evaluate("window.pnavNetwork.fit({animation: false})")
    orgs = page.evaluate("window.pnavNetwork.body.nodeIndices.filter(id => id.includes('/id/org/'))")
    assert orgs, "no applicant in the landscape view"
    node = orgs[0]
    x, y = _node_point(page, node)
    page.mouse.click(x, y)
    assert page.evaluate("window.pnavNetwork.getSelectedNodes()") == [node], "the click did not select the node"
    heading = page.locator("#pnav-details-body h2").inner_text()
    assert heading
    link = page.locator("#pnav-entity-link")
    href = link.get_attribute("href")
    assert href and href.startswith("/entities/org/"), href
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "end-to-end-landscape.png"))
    with page.expect_navigation():
        link.click()
    assert page.url == base + href
    assert page.title(), "the entity page has no title"
    assert heading in page.locator("body").inner_text()
    page.screenshot(path=str(ARTIFACTS / "end-to-end-entity.png"))
    page.close()


def _query_ui_in_browser(b: Browser, base: str) -> None:
    """The /sparql page (YASGUI) runs its first example query against this server."""
    page = b.page()
    page.goto(base + "/sparql")
    page.wait_for_function("window.patentnavTabs >= 3", timeout=30_000)
    page.wait_for_selector(".CodeMirror", timeout=30_000)
    assert "pnav:Industry" in page.evaluate("window.patentnavYasgui.getTab().getQuery()")
    page.evaluate("window.patentnavYasgui.getTab().getYasqe().query()")
    page.wait_for_function(
        "document.querySelector('.yasr') && document.querySelector('.yasr').innerText.includes('construction-machinery')",
        timeout=30_000,
    )
    page.screenshot(path=str(ARTIFACTS / "end-to-end-sparql.png"))
    page.close()


def test_serve_ingest_browse_restart(tmp_path: Path, user_env: dict[str, str], browser: Chromium) -> None:
    store_dir = tmp_path / "store"
    store_url = f"oxigraph://{store_dir}"
    timings: dict[str, float] = {}

    # 1. first start on an empty store: seeded, prints its URLs, each answers
    served = _serve(store_url, user_env, tmp_path, "first")
    timings["first start"] = served.started_in
    try:
        assert SEEDED_MESSAGE in served.stderr
        urls = re.findall(r"https?://\S+", served.stdout)
        labels = ["API docs", "SPARQL UI", "Overview view", "Search"]
        for label in labels:
            assert label in served.stdout, served.stdout
        assert urls and all(u.startswith(served.base) for u in urls), urls
        for url in dict.fromkeys(urls):
            r = httpx.get(url, headers={"Accept": "text/html"}, timeout=30)
            assert r.status_code == 200, f"{url}: {r.status_code} {r.text[:300]}"
            if "/search?" in url:  # JSON for programs, the printed query decoded and answered
                assert r.json()["query"] == "工程机械"
                assert "industry/construction-machinery" in r.json()["results"][0]["entity"]["iri"]
            else:
                assert "text/html" in r.headers["content-type"], url
        assert _sparql(served.base, PILOT_ASK)["boolean"] is True
        assert _patent_count(served.base) == 0
        assert not (tmp_path / "home" / ".local" / "share" / "patentnav").exists()

        # 2. ingest a sample export through the API, then read it back every way a user would
        assert httpx.post(served.base + "/ingest", files={"file": SAMPLE.open("rb")}).status_code == 401
        t0 = time.monotonic()
        with SAMPLE.open("rb") as f:
            r = httpx.post(
                served.base + "/ingest",
                files={"file": (SAMPLE.name, f, "text/csv")},
                headers={"Authorization": f"Bearer {TOKEN}"},
                timeout=120,
            )
        timings["ingest"] = time.monotonic() - t0
        assert r.status_code == 200, r.text
        summary = r.json()
        rows = _sample_rows()
        assert (summary["rows_read"], summary["patents_added"], summary["synthetic"]) == (rows, rows, True)
        assert _patent_count(served.base) == rows

        t0 = time.monotonic()
        r = httpx.get(served.base + "/analysis/landscape", params={"industry": "construction-machinery"}, timeout=120)
        timings["landscape analysis"] = time.monotonic() - t0
        assert r.status_code == 200, r.text
        assert r.headers["content-type"].startswith("application/json")
        applicants = r.json()["tables"]["applicants"]["rows"]
        assert applicants, "no applicants in the landscape"
        sample_text = SAMPLE.read_text("utf-8")
        assert all(any(str(v) in sample_text for v in row.values() if isinstance(v, str)) for row in applicants)

        t0 = time.monotonic()
        b = Browser(browser)
        try:
            _landscape_in_browser(b, served.base)
            _query_ui_in_browser(b, served.base)
        finally:
            b.context.close()
        timings["browser"] = time.monotonic() - t0
        assert not b.errors, b.errors
        outside = [u for u in b.requests if not u.startswith(served.base + "/") and not u.startswith("data:")]
        assert not outside, outside
    finally:
        if served.process.poll() is None:
            timings["stop (SIGINT)"] = served.stop(signal.SIGINT)

    # 3. restart on the same store: reused as it is, the ingested patents still there
    again = _serve(store_url, user_env, tmp_path, "second")
    timings["restart"] = again.started_in
    try:
        assert SEEDED_MESSAGE not in again.stderr, again.stderr
        assert _sparql(again.base, PILOT_ASK)["boolean"] is True
        assert _patent_count(again.base) == rows
        with SAMPLE.open("rb") as f:
            r = httpx.post(
                again.base + "/ingest",
                files={"file": (SAMPLE.name, f, "text/csv")},
                headers={"Authorization": f"Bearer {TOKEN}"},
                timeout=120,
            )
        assert r.status_code == 200 and r.json()["already_loaded"] is True, r.text
        assert _patent_count(again.base) == rows
    finally:
        if again.process.poll() is None:
            timings["stop (SIGTERM)"] = again.stop(signal.SIGTERM)
    print("end-to-end timings (s): " + ", ".join(f"{k} {v:.1f}" for k, v in timings.items()))
