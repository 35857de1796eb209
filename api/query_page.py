"""The SPARQL query page browsers get at ``GET /sparql``: the vendored YASGUI, one tab per example query.

The examples are ``api/examples/*.rq`` (their first comment line names the tab); the README's and the
manual's SPARQL blocks are among them. YASGUI's files are served by :mod:`patentnav.api.routes.sparql_ui`
from the installed package, so the page loads nothing from elsewhere.

>>> '<script src="/sparql/ui/yasgui.min.js">' in query_page(), len(examples()) >= 3
(True, True)
"""

from __future__ import annotations

import json
from importlib import resources

from patentnav.ontology import PREFIXES

__all__ = ["examples", "query_page"]


def examples() -> list[tuple[str, str]]:
    """The example queries, ``(title, text)``, in file name order."""
    folder = resources.files("patentnav.api").joinpath("examples")
    out = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".rq"):
            text = entry.read_text(encoding="utf-8")
            title = next((ln.lstrip("# ").strip() for ln in text.splitlines() if ln.startswith("#")), entry.name)
            out.append((title, text))
    return out


def query_page() -> str:
    """The page's HTML: YASGUI posting to this server's ``/sparql``, the examples as tabs (with the prefixes)."""
    prefixes = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
    tabs = [{"name": title[:40], "query": prefixes + text} for title, text in examples()]
    return _PAGE.replace("__TABS__", json.dumps(tabs, ensure_ascii=False).replace("</", "<\\/"))


_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>patentnav SPARQL</title><link rel="icon" href="data:,">
<link rel="stylesheet" href="/sparql/ui/yasgui.min.css">
<style>body{font-family:sans-serif;margin:0 1em}h1{font-size:1.2em}</style>
</head><body><h1>patentnav SPARQL endpoint · 专利导航 SPARQL 查询</h1>
<div id="yasgui"></div>
<script src="/sparql/ui/yasgui.min.js"></script>
<script>
const tabs = __TABS__;
// No calls to outside services: prefix.cc and LOV autocompletion are switched off.
Yasgui.Yasqe.defaults.autocompleters = ["variables"];
const yasgui = new Yasgui(document.getElementById("yasgui"), {
  requestConfig: { endpoint: new URL("/sparql", window.location.href).href, method: "POST" },
  copyEndpointOnNewTab: false, endpointCatalogueOptions: { getData: () => [] },
  persistencyExpire: 0, populateFromUrl: false
});
const first = yasgui.getTab();
first.setName(tabs[0].name); first.setQuery(tabs[0].query);
// Tabs not yet shown have no editor: give them their query as configuration.
tabs.slice(1).forEach((t) => yasgui.addTab(false, { name: t.name, yasqe: { value: t.query } }));
window.patentnavTabs = tabs.length;
window.patentnavYasgui = yasgui;
</script></body></html>
"""
