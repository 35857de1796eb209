"""Every view in real headless Chromium: renders, clicks, searches, filters, stays offline, stays escaped."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from patentnav.graph.ipc_titles import title_for
from patentnav.graph.viz.views import coapplicants_view, entity_view, ipc_label, ipc_view, landscape_view, overview_view
from patentnav.ontology import entity_iri

pytestmark = pytest.mark.browser

EVIL = entity_iri("org", "evil")
ALPHA = entity_iri("org", "alpha")

#: view name -> (build the page, a node to click and search for, its label in the page's language)
VIEWS = {
    "overview": (lambda s: overview_view(s), entity_iri("industry", "construction-machinery"), "工程机械"),
    "overview-en": (
        lambda s: overview_view(s, lang="en"),
        entity_iri("center", "new-materials"),
        "Planned patent strategy support center: new materials",
    ),
    "entity": (
        lambda s: entity_view(s, "industry/construction-machinery", depth=2),
        entity_iri("region", "430200"),
        "株洲市",
    ),
    "landscape": (
        lambda s: landscape_view(s, "construction-machinery", "430100"),
        ALPHA,
        "甲重工测试公司",
    ),
    "coapplicants": (lambda s: coapplicants_view(s), ALPHA, "甲重工测试公司"),
    # English labels of IPC fields carry WIPO's title when the optional ipc-titles extra is installed
    "ipc": (
        lambda s: ipc_view(s, lang="en"),
        entity_iri("ipc", "E02F9-00"),
        ipc_label("E02F 9/00", title_for("E02F9/00")),
    ),
}


def _open(watched, path: Path) -> None:
    watched.page.goto(path.as_uri())
    watched.page.wait_for_function("window.pnavReady !== undefined", timeout=30_000)


def _node_point(page, node: str) -> tuple[float, float]:
    """Page coordinates of a node's centre."""
    return page.evaluate(
        """(id) => {
            const net = window.pnavNetwork;
            const p = net.canvasToDOM(net.getPosition(id));
            const r = document.querySelector('#pnav-network canvas').getBoundingClientRect();
            return [r.left + p.x, r.top + p.y];
        }""",
        node,
    )


def _pixel_is_drawn(page, x: float, y: float) -> bool:
    """Whether the canvas has paint at (x, y), waiting (up to 30 s, a hang guard) for vis-network's next frame."""
    try:
        page.wait_for_function(_PIXEL_JS, arg=[x, y], timeout=30_000)
    except PlaywrightTimeout:
        return False
    return True


_PIXEL_JS = """([x, y]) => {
            const c = document.querySelector('#pnav-network canvas');
            const r = c.getBoundingClientRect();
            const ratio = c.width / r.width;
            const d = c.getContext('2d').getImageData((x - r.left) * ratio, (y - r.top) * ratio, 1, 1).data;
            return d[3] > 0 && (d[0] < 240 || d[1] < 240 || d[2] < 240);
        }"""


@pytest.fixture(scope="module")
def pages(view_store, tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("views")
    files = {}
    for name, (build, _, _) in VIEWS.items():
        files[name] = out / f"{name}.html"
        files[name].write_text(build(view_store), "utf-8")
    return files


@pytest.mark.parametrize("name", list(VIEWS))
def test_view_in_chromium(name, pages, watched, artifacts):
    _, node, label = VIEWS[name]
    page = watched.page
    _open(watched, pages[name])

    # renders: a canvas with nodes drawn where the network says they are
    assert page.locator("#pnav-network canvas").count() == 1
    assert page.evaluate("window.pnavNetwork.body.nodeIndices.length") > 0
    page.evaluate("window.pnavNetwork.fit({animation: false})")
    x, y = _node_point(page, node)
    assert _pixel_is_drawn(page, x, y), f"nothing drawn at {node}"

    # a legend entry per class present
    assert page.locator("#pnav-legend li").count() >= 1

    # clicking a node shows its details
    page.mouse.click(x, y)
    assert page.locator("#pnav-details-body h2").inner_text() == label
    assert node in page.locator("#pnav-details-body").inner_text()

    # the search box finds and focuses a node
    page.evaluate("window.pnavNetwork.unselectAll()")
    page.fill("#pnav-search", label)
    page.press("#pnav-search", "Enter")
    assert page.evaluate("window.pnavNetwork.getSelectedNodes()") == [node]
    # focusing may animate; wait until the view has settled on the node (a loaded machine draws late)
    page.wait_for_function("Math.abs(window.pnavNetwork.getScale() - 1.3) < 0.013", timeout=30_000)
    scale = page.evaluate("window.pnavNetwork.getScale()")
    assert scale == pytest.approx(1.3, rel=0.01)
    cx, cy = _node_point(page, node)
    box = page.locator("#pnav-network").bounding_box()
    assert abs(cx - (box["x"] + box["width"] / 2)) < 5 and abs(cy - (box["y"] + box["height"] / 2)) < 5
    page.evaluate("window.pnavNetwork.fit({animation: false})")

    page.screenshot(path=str(artifacts / f"view-{name}.png"))
    assert watched.errors == []
    assert all(u.startswith("file://") for u in watched.requests), watched.requests
    assert page.evaluate("window.__xss") is None


def test_type_filter_and_language_toggle(pages, watched):
    page = watched.page
    _open(watched, pages["overview"])
    task = entity_iri("task", "patent-navigation")
    page.uncheck("#pnav-type-task")
    assert page.evaluate("(id) => window.pnavNetwork.body.data.nodes.get(id).hidden", task) is True
    assert task not in page.evaluate("window.pnavNetwork.body.nodeIndices")
    page.check("#pnav-type-task")
    assert task in page.evaluate("window.pnavNetwork.body.nodeIndices")
    industry = entity_iri("industry", "new-materials")
    page.click("#pnav-lang-en")
    assert page.evaluate("(id) => window.pnavNetwork.body.data.nodes.get(id).label", industry) == "New materials"
    page.click("#pnav-lang-zh")
    assert page.evaluate("(id) => window.pnavNetwork.body.data.nodes.get(id).label", industry) == "新材料"
    page.fill("#pnav-search", "新材料产业专利战略支撑中心")
    page.press("#pnav-search", "Enter")
    assert "状态 status\nplanned" in page.locator("#pnav-details-body").inner_text()
    assert watched.errors == []


@pytest.mark.parametrize("name", ["landscape", "coapplicants"])
def test_markup_in_a_name_renders_as_text(name, pages, watched, artifacts):
    page = watched.page
    _open(watched, pages[name])
    page.fill("#pnav-search", "恶意公司")
    page.press("#pnav-search", "Enter")
    assert page.evaluate("window.pnavNetwork.getSelectedNodes()") == [EVIL]
    x, y = _node_point(page, EVIL)
    page.mouse.click(x, y)
    page.mouse.move(x + 1, y + 1)
    page.wait_for_selector("div.vis-tooltip", state="visible", timeout=30_000)
    heading = page.locator("#pnav-details-body h2").inner_text()
    assert heading.startswith("<script>window.__xss=1</script><img src=x")
    tooltip = page.locator("div.vis-tooltip").inner_text()
    assert "<script>" in tooltip and "<a href=" in tooltip
    page.click("#pnav-lang-en")
    assert page.evaluate("window.__xss") is None
    assert page.locator("img").count() == 0
    assert page.locator("a[href^='javascript']").count() == 0
    page.screenshot(path=str(artifacts / f"escaped-{name}.png"))
    assert watched.errors == []


def test_ipc_tooltip_names_the_field_by_its_wipo_title(pages, watched):
    page = watched.page
    _open(watched, pages["ipc"])
    node = entity_iri("ipc", "E02F9-00")
    page.evaluate("window.pnavNetwork.fit({animation: false})")
    x, y = _node_point(page, node)
    page.mouse.move(x, y)
    page.mouse.move(x + 1, y + 1)
    page.wait_for_selector("div.vis-tooltip", state="visible", timeout=30_000)
    tooltip = page.locator("div.vis-tooltip").inner_text()
    assert "E02F 9/00" in tooltip
    assert ("Component parts of dredgers" in tooltip) == (title_for("E02F9/00") is not None)
    assert watched.errors == []


def test_served_view_links_details_to_entity_pages(live_server, watched, artifacts):
    page = watched.page
    page.goto(f"{live_server}/views/landscape?industry=construction-machinery&region=430100")
    page.wait_for_function("window.pnavReady !== undefined", timeout=30_000)
    page.fill("#pnav-search", "Alpha Heavy")
    page.press("#pnav-search", "Enter")
    link = page.locator("#pnav-entity-link")
    assert link.get_attribute("href") == "/entities/org/alpha"
    page.screenshot(path=str(artifacts / "served-landscape.png"))
    assert watched.errors == []
    with page.expect_navigation():
        link.click()
    assert page.url == f"{live_server}/entities/org/alpha"
    assert "甲重工测试公司" in page.content()
    assert all(u.startswith(live_server) for u in watched.requests), watched.requests
