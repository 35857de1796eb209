"""The citation network and transfer-flow views (issue 17) in real headless Chromium: they render, respond to
clicks and toggles, keep names from user files as text, log no console error and request nothing outside.

The data are the key-patent tests' tiny graph (tests/graph/analysis/extras.py) plus one transfer to an
organisation whose name is markup. Screenshots at 1366x768 go to test-artifacts/.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from patentnav.graph.viz.views import citations_view, transfers_view
from tests.graph.analysis.builder import Org, Pat, load
from tests.graph.analysis.extras import KEY_ORGS, KEY_PATENTS, P1, P3, key_facts, org, patent

pytestmark = pytest.mark.browser

CM = "construction-machinery"
EVIL = "<img src=x onerror=window.__xss=1>恶意受让<b>公司</b>"


P8 = "CN201710100008"


@pytest.fixture(scope="module")
def flow_store():
    """The tiny graph, and an organisation named in markup that cites P1 and receives P3 by transfer."""
    evil = Pat(P8, "2017-01-01", ("evil",), ("B66C23/64",), ("construction-machinery",), granted="2019-01-01")
    store = load([*KEY_PATENTS, evil], [*KEY_ORGS, Org("evil", EVIL, "430100")])
    facts = key_facts().event(P3, "transfer", ("c-co",), ("evil",)).cites(patent(P8), patent(P1))
    store.add_quads(facts.quads)
    return store


@pytest.fixture(scope="module")
def pages(flow_store, tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("flow-views")
    builds = {
        "citations": lambda: citations_view(flow_store, industry=CM),
        "citations-patent": lambda: citations_view(flow_store, industry=CM, level="patent", lang="en"),
        "transfers": lambda: transfers_view(flow_store, industry=CM, region="430100"),
    }
    files = {}
    for name, build in builds.items():
        files[name] = out / f"{name}.html"
        files[name].write_text(build(), "utf-8")
    return files


def _open(watched, path: Path) -> None:
    watched.page.goto(path.as_uri())
    watched.page.wait_for_function("window.pnavReady !== undefined", timeout=30_000)


def _offline(watched) -> None:
    assert watched.errors == []
    assert all(u.startswith("file://") for u in watched.requests), watched.requests
    assert watched.page.evaluate("window.__xss") is None


@pytest.mark.parametrize(("name", "node", "label"), [
    ("citations", org("a-co"), "甲机械有限公司"),
    ("citations-patent", "https://w3id.org/patentnav/id/patent/CN201510100001", "CN1000001B"),
])  # fmt: skip
def test_citation_network_renders_and_shows_forward_citations(name, node, label, pages, watched, artifacts):
    page = watched.page
    page.set_viewport_size({"width": 1366, "height": 768})
    _open(watched, pages[name])
    assert page.evaluate("window.pnavNetwork.body.nodeIndices.length") > 0
    page.evaluate("window.pnavNetwork.fit({animation: false})")
    page.fill("#pnav-search", label)
    page.press("#pnav-search", "Enter")
    assert page.evaluate("window.pnavNetwork.getSelectedNodes()") == [node]
    details = page.locator("#pnav-details-body").inner_text()
    assert details.startswith(label) and "被引 forward citations" in details
    assert "箭头：施引 → 被引" in page.inner_text("#pnav-side")
    assert page.locator("#pnav-communities li").count() >= 1
    page.evaluate("window.pnavNetwork.fit({animation: false})")
    page.screenshot(path=str(artifacts / f"view-{name}.png"))
    _offline(watched)


def test_transfer_flows_draw_switch_and_stay_text(pages, watched, artifacts):
    page = watched.page
    page.set_viewport_size({"width": 1366, "height": 768})
    _open(watched, pages["transfers"])
    assert page.locator("#pnav-chart canvas").count() >= 1
    flows = page.evaluate("window.pnavFlows")
    rows = page.locator("#pnav-flows tbody tr")
    assert rows.count() == len(flows["type"]["links"]) == 2
    assert page.locator("#pnav-flows tbody tr").first.inner_text().split("\t")[:3] == ["企业", "企业", "3"]
    assert "技术转移" in page.inner_text("#pnav-flows")
    assert "技术转移 Technology transfer" in page.inner_text("#pnav-link-legend")
    page.screenshot(path=str(artifacts / "view-transfers.png"))
    # by place: the markup name is a place's organisation, never a node; Changsha's flows into and out of it
    page.click("#pnav-mode-region")
    assert page.get_attribute("body", "data-mode") == "region"
    assert rows.count() == len(flows["region"]["links"])
    text = page.inner_text("#pnav-flows")
    assert "转出本区域" in text and "转入本区域" in text
    assert "本区域 Home region" in page.inner_text("#pnav-legend")
    page.click("#pnav-lang-en")
    assert "Out of the region" in page.inner_text("#pnav-flows") or "Into the region" in page.inner_text("#pnav-flows")
    assert "全部" in page.inner_text("#pnav-cap")
    page.screenshot(path=str(artifacts / "view-transfers-region-en.png"))
    # clicking a band shows its flow in the details panel
    page.evaluate(
        """() => window.pnavChart.dispatchAction({type: 'highlight', seriesIndex: 0, dataType: 'edge', dataIndex: 0})"""
    )
    _offline(watched)
    assert page.locator("#pnav-main img, #pnav-main b").count() == 0


def test_markup_in_a_name_stays_text_in_the_citation_network(pages, watched):
    page = watched.page
    _open(watched, pages["citations"])
    page.fill("#pnav-search", "恶意受让")
    page.press("#pnav-search", "Enter")
    assert page.evaluate("window.pnavNetwork.getSelectedNodes()") == [org("evil")]
    assert page.locator("#pnav-details-body h2").inner_text() == EVIL
    assert page.locator("#pnav-main img, #pnav-main b").count() == 0
    _offline(watched)


def test_served_transfer_view_without_transfers_says_so(live_server, watched):
    page = watched.page
    page.goto(f"{live_server}/views/transfers?industry=construction-machinery")
    page.wait_for_function("window.pnavReady !== undefined", timeout=30_000)
    assert page.is_visible("#pnav-empty")
    assert "没有可画出的转让" in page.inner_text("#pnav-empty")
    page.click("#pnav-lang-en")
    assert "No transfer to draw" in page.inner_text("#pnav-empty")
    assert watched.errors == []
    assert all(u.startswith(live_server) for u in watched.requests), watched.requests
