"""The page renderer: self-contained, escaped, capped, laid out in Python."""

from __future__ import annotations

import json
import re

import networkx as nx
import pytest

from patentnav.graph.viz.render import HARD_MAX_NODES, _assets, cap_graph, render_view

EVIL = '<script>alert(1)</script><img src=x onerror="alert(2)"><a href="javascript:alert(3)">x</a>'


def _data(html: str) -> dict:
    block = re.search(r'<script type="application/json" id="pnav-data">(.*?)</script>', html, re.S)
    assert block, "the page has no data block"
    return json.loads(block.group(1))


def _graph(n: int = 3) -> nx.Graph:
    g = nx.path_graph([f"urn:n{i}" for i in range(n)])
    for i, node in enumerate(g):
        g.nodes[node].update(label_zh=f"节点{i}", label_en=f"Node {i}", type="org", patent_count=i + 1)
    return g


def test_page_links_no_remote_script_or_stylesheet():
    html = render_view(_graph(), title="t", note="n")
    assert not re.search(r"<script[^>]+src=", html)
    assert re.findall(r"<link[^>]+href=\"([^\"]*)\"", html) == ["data:,"]  # no favicon request either
    assert "vis.Network" in html and "vis-network" in html  # the library is inlined
    assert "Content-Security-Policy" in html


def test_markup_in_names_stays_data():
    g = _graph()
    g.nodes["urn:n0"]["label_zh"] = EVIL
    g.nodes["urn:n0"]["label_en"] = EVIL
    html = render_view(g, title=EVIL, note=EVIL)
    # the only <script> elements are ours: data block, vis-network, the view script
    # (vis-network's own code mentions "<script" in a string of its sanitizer)
    assert html.count("<script") == 3 + _assets()["vis_js"].count("<script")
    assert "<img" not in html and 'href="javascript' not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # the title, escaped
    node = next(n for n in _data(html)["nodes"] if n["id"] == "urn:n0")
    assert node["label_zh"] == EVIL  # intact as data, shown with textContent by the page


def test_nodes_carry_positions_size_and_both_labels():
    data = _data(render_view(_graph(), title="t", note="n", lang="en"))
    assert data["options"]["physics"]["enabled"] is False
    sizes = {n["id"]: n["size"] for n in data["nodes"]}
    assert sizes["urn:n2"] > sizes["urn:n0"]  # more patents, bigger node
    n0 = next(n for n in data["nodes"] if n["id"] == "urn:n0")
    assert (n0["label"], n0["label_zh"], n0["label_en"]) == ("Node 0", "节点0", "Node 0")
    assert isinstance(n0["x"], int) and isinstance(n0["y"], int)
    assert data["meta"]["legend"] == ["org"]


def test_cap_keeps_top_by_patents_and_says_what_was_left_out():
    g = _graph(10)
    html = render_view(g, title="t", note="n", max_nodes=4, keep=["urn:n0"], lang="en")
    data = _data(html)
    shown = {n["id"] for n in data["nodes"]}
    assert shown == {"urn:n0", "urn:n9", "urn:n8", "urn:n7"}
    assert data["meta"]["leftOut"] == {"org": 6}
    assert "Showing the top 4 of 10 nodes by patent count; left out: 6 Applicant" in html


def test_cap_report_counts_dropped_edges():
    small, report = cap_graph(_graph(5), 3)
    assert small.number_of_nodes() == 3 and report.dropped == 2
    assert report.dropped_edges == 4 - small.number_of_edges()


@pytest.mark.parametrize("bad", [{"lang": "fr"}, {"max_nodes": 0}, {"max_nodes": HARD_MAX_NODES + 1}])
def test_bad_parameters_are_refused(bad):
    with pytest.raises(ValueError):
        render_view(_graph(), title="t", note="n", **bad)


def test_large_graph_lays_out_fast_and_without_overlapping_positions():
    g = nx.barabasi_albert_graph(2000, 2, seed=1)
    g = nx.relabel_nodes(g, {i: f"urn:{i}" for i in g})
    for node in g:
        g.nodes[node].update(type="org", patent_count=g.degree(node), community=int(node[4:]) % 7)
    data = _data(render_view(g, title="t", note="n", max_nodes=2000, color_by="community"))
    positions = {(n["x"], n["y"]) for n in data["nodes"]}
    assert len(positions) == 2000
    assert data["options"]["edges"]["smooth"] is False
    assert len(data["meta"]["communities"]) == 7


def test_clusters_never_overlap():
    from patentnav.graph.viz.layout import clusters_layout

    g = nx.Graph()
    sizes = [300, 120, 40, 9, 3, 2, 1, 1, 1]
    for c, size in enumerate(sizes):
        for i in range(size):
            g.add_node(f"{c}-{i}", community=c, patent_count=i)
    pos = clusters_layout(g, spacing=28)
    assert len(set(pos.values())) == g.number_of_nodes()
    discs = []
    for c in range(len(sizes)):
        pts = [pos[f"{c}-{i}"] for i in range(sizes[c])]
        cx, cy = pts[-1]  # the node with most patents sits in the middle of its disc
        discs.append((cx, cy, max(((x - cx) ** 2 + (y - cy) ** 2) ** 0.5 for x, y in pts)))
    for a in range(len(discs)):
        for b in range(a + 1, len(discs)):
            (ax, ay, ar), (bx, by, br) = discs[a], discs[b]
            assert ((ax - bx) ** 2 + (ay - by) ** 2) ** 0.5 > ar + br, (a, b)
