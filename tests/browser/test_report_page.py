"""The analysis report in real headless Chromium: offline, no errors, embedded networks draw."""

from __future__ import annotations

from pathlib import Path

import pytest

from patentnav.graph.viz.report import build_report
from tests.graph.analysis.builder import load
from tests.graph.analysis.conftest import TINY_ORGS, TINY_PATENTS

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def report_file(tmp_path_factory) -> Path:
    store = load(TINY_PATENTS, TINY_ORGS)
    path = tmp_path_factory.mktemp("report") / "report.html"
    path.write_text(build_report(store, industry="construction-machinery"), "utf-8")
    return path


def _drawn_pixels(frame) -> int:
    """How many pixels of the frame's network canvas are painted (not blank or white)."""
    return frame.evaluate(
        """() => {
            const c = document.querySelector('#pnav-network canvas');
            const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
            let n = 0;
            for (let i = 0; i < d.length; i += 4) {
                if (d[i + 3] > 0 && (d[i] < 240 || d[i + 1] < 240 || d[i + 2] < 240)) n++;
            }
            return n;
        }"""
    )


def test_report_embeds_network_views_that_draw_offline(report_file, watched, artifacts):
    page = watched.page
    page.goto(report_file.as_uri())
    frames = [f for f in page.frames if f != page.main_frame]
    assert len(frames) == 2  # co-applicant and IPC views
    for i, frame in enumerate(frames):
        # Chromium draws an out-of-view frame of another origin only once it is scrolled to.
        page.locator("iframe.pnav-view").nth(i).scroll_into_view_if_needed()
        # A function, not an expression: Playwright polls an expression with eval, which the CSP forbids.
        frame.wait_for_function("() => window.pnavReady !== undefined", timeout=30_000)
        assert frame.evaluate("window.pnavNetwork.body.nodeIndices.length") > 1
        assert frame.locator("#pnav-legend li, #pnav-communities li").count() >= 1
        assert _drawn_pixels(frame) > 500, f"the network in {frame.title()} drew nothing"
    # the sandboxed views cannot reach the report
    assert (
        frames[0].evaluate("(() => { try { return window.parent.document.title; } catch (e) { return null; } })()")
        is None
    )
    # clicking into a view works inside its frame
    co = next(f for f in frames if "合作申请网络" in f.title())
    co.fill("#pnav-search", "三一重工股份有限公司")
    co.press("#pnav-search", "Enter")
    assert co.locator("#pnav-details-body h2").inner_text() == "三一重工股份有限公司"
    # long fact names (ISO 3166-1 …) do not squeeze the values into a column of single characters
    dl, dd = (
        co.locator("#pnav-details-body dl").bounding_box(),
        co.locator("#pnav-details-body dd").first.bounding_box(),
    )
    assert dd["width"] >= 0.4 * dl["width"]
    page.locator("iframe.pnav-view").first.scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / "report-networks.png"))
    page.screenshot(path=str(artifacts / "report-full.png"), full_page=True)
    assert watched.errors == []
    assert all(u.startswith(("file://", "about:")) for u in watched.requests), watched.requests
