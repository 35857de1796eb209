"""The /sparql query page (vendored YASGUI) in real headless Chromium: it loads, runs a query, fetches nothing else."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_query_ui_runs_an_example_and_stays_local(watched, live_server):
    page = watched.page
    page.goto(live_server + "/sparql")
    page.wait_for_function("window.patentnavTabs >= 7", timeout=20_000)
    page.wait_for_selector(".CodeMirror", timeout=20_000)
    first_query = page.evaluate("window.patentnavYasgui.getTab().getQuery()")
    assert "PREFIX pnav: <https://w3id.org/patentnav/ontology#>" in first_query
    assert "pnav:Industry" in first_query
    assert page.locator(".tabPanel, .tab").count() >= 1
    page.evaluate("window.patentnavYasgui.getTab().getYasqe().query()")
    page.wait_for_function(
        "document.querySelector('.yasr') && document.querySelector('.yasr').innerText.includes('rail-transit')",
        timeout=20_000,
    )
    assert not watched.errors, watched.errors
    outside = [u for u in watched.requests if not u.startswith(live_server) and not u.startswith("data:")]
    assert not outside, outside
