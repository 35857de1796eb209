// patentnav view page. Every string from the data reaches the page through textContent
// or a vis-network canvas label, never as HTML, so names from user files stay text.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("pnav-data").textContent);
  var meta = data.meta;
  var lang = meta.lang === "en" ? "en" : "zh";
  var countName = meta.countLabel || "专利 patents";
  var byId = new Map();
  data.nodes.forEach(function (n) { byId.set(n.id, n); });

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  function typeName(t) {
    var s = meta.types[t];
    return s ? s.label_zh + " " + s.label_en : String(t || "");
  }
  function fullLabel(n, l) {
    return (l === "en" ? (n.label_en || n.label_zh) : (n.label_zh || n.label_en)) || n.id;
  }
  function tooltip(n) {
    var box = el("div");
    box.appendChild(el("div", fullLabel(n, lang), "pnav-tip-title"));
    var other = fullLabel(n, lang === "zh" ? "en" : "zh");
    if (other !== fullLabel(n, lang)) box.appendChild(el("div", other));
    var facts = typeName(n.type);
    if (n.patent_count !== null && n.patent_count !== undefined) facts += " · " + countName + ": " + n.patent_count;
    if (n.community !== null && n.community !== undefined) facts += " · 社区 community " + (n.community + 1);
    box.appendChild(el("div", facts));
    return box;
  }
  function edgeTooltip(e) {
    var parts = [];
    if (e.rel_zh || e.rel_en) parts.push((lang === "en" ? e.rel_en || e.rel_zh : e.rel_zh || e.rel_en));
    if (e.weight) parts.push((meta.weightLabel || "weight") + ": " + e.weight);
    return parts.length ? el("div", parts.join(" · ")) : undefined;
  }

  var hiddenTypes = new Set();
  var visNodes = new vis.DataSet(data.nodes.map(function (n) {
    return Object.assign({}, n, { label: lang === "en" ? n.short_en : n.short_zh, title: tooltip(n) });
  }));
  var withEdgeTips = data.edges.length <= 3000;
  var visEdges = new vis.DataSet(data.edges.map(function (e, i) {
    var copy = Object.assign({ id: "e" + i }, e);
    if (withEdgeTips) copy.title = edgeTooltip(e);
    return copy;
  }));
  var container = document.getElementById("pnav-network");
  var network = new vis.Network(container, { nodes: visNodes, edges: visEdges }, data.options);
  window.pnavNetwork = network;
  network.once("afterDrawing", function () {
    window.pnavReady = performance.now();
    document.body.setAttribute("data-ready", "1");
  });

  // ------------------------------------------------------------------ details panel
  var details = document.getElementById("pnav-details-body");
  function entityHref(iri) {
    if (!meta.entityBase || !meta.idBase || iri.indexOf(meta.idBase) !== 0) return null;
    var rest = iri.slice(meta.idBase.length);
    if (!/^[a-z]+\/[A-Za-z0-9._~%-]+$/.test(rest)) return null;
    return meta.entityBase + rest;
  }
  function showDetails(id) {
    var n = byId.get(id);
    details.replaceChildren();
    details.classList.remove("pnav-muted");
    if (!n) return;
    details.appendChild(el("h2", fullLabel(n, lang)));
    var other = fullLabel(n, lang === "zh" ? "en" : "zh");
    if (other !== fullLabel(n, lang)) details.appendChild(el("div", other));
    var dl = el("dl");
    function row(k, v) { if (v === null || v === undefined || v === "") return; dl.appendChild(el("dt", k)); dl.appendChild(el("dd", v)); }
    row("类型 Type", typeName(n.type));
    row(meta.countLabel || "专利 Patents", n.patent_count);
    row("社区 Community", n.community === null || n.community === undefined ? null : n.community + 1);
    row("关联 Links", network.getConnectedNodes(id).length);
    (n.facts || []).forEach(function (f) { row(f[0], f[1]); });
    row("IRI", n.id);
    details.appendChild(dl);
    var href = entityHref(n.id);
    if (href) {
      var a = el("a", "打开实体页 Open entity page →");
      a.href = href;
      a.id = "pnav-entity-link";
      details.appendChild(a);
    }
  }
  network.on("click", function (p) {
    if (p.nodes.length) showDetails(p.nodes[0]);
  });

  // ------------------------------------------------------------------ search
  var input = document.getElementById("pnav-search");
  var status = document.getElementById("pnav-search-status");
  var listFilled = false;
  function fillList() {
    if (listFilled) return;
    listFilled = true;
    var dl = document.getElementById("pnav-names");
    var seen = new Set();
    data.nodes.slice().sort(function (a, b) { return (b.patent_count || 0) - (a.patent_count || 0); })
      .slice(0, 2000).forEach(function (n) {
        var v = fullLabel(n, lang);
        if (seen.has(v)) return;
        seen.add(v);
        var o = document.createElement("option");
        o.value = v;
        dl.appendChild(o);
      });
  }
  function find(q) {
    q = q.trim().toLowerCase();
    if (!q) return null;
    var best = null, bestScore = -1;
    data.nodes.forEach(function (n) {
      [n.label_zh, n.label_en, n.id].forEach(function (l) {
        if (!l) return;
        var s = String(l).toLowerCase();
        var score = s === q ? 3 : s.indexOf(q) === 0 ? 2 : s.indexOf(q) >= 0 ? 1 : 0;
        if (!score) return;
        score += Math.min(n.patent_count || 0, 1e6) / 1e7;
        if (score > bestScore) { best = n; bestScore = score; }
      });
    });
    return best;
  }
  function search() {
    var n = find(input.value);
    if (!n) { status.textContent = "未找到 Not found"; return; }
    if (hiddenTypes.has(n.type)) setTypeVisible(n.type, true);
    network.selectNodes([n.id]);
    network.focus(n.id, { scale: 1.3, animation: false });
    showDetails(n.id);
    status.textContent = "已定位 Found: " + fullLabel(n, lang);
  }
  input.addEventListener("focus", fillList);
  input.addEventListener("keydown", function (e) { if (e.key === "Enter") search(); });
  input.addEventListener("change", search);
  document.getElementById("pnav-go").addEventListener("click", search);

  // ------------------------------------------------------------------ labels and fit
  function setLang(l) {
    lang = l;
    visNodes.update(data.nodes.map(function (n) {
      return { id: n.id, label: l === "en" ? n.short_en : n.short_zh, title: tooltip(n) };
    }));
    document.getElementById("pnav-lang-zh").classList.toggle("pnav-on", l === "zh");
    document.getElementById("pnav-lang-en").classList.toggle("pnav-on", l === "en");
  }
  ["zh", "en"].forEach(function (l) {
    document.getElementById("pnav-lang-" + l).addEventListener("click", function () { setLang(l); });
  });
  document.getElementById("pnav-lang-" + lang).classList.add("pnav-on");
  document.getElementById("pnav-fit").addEventListener("click", function () { network.fit({ animation: false }); });

  // ------------------------------------------------------------------ legend and type filters
  var counts = {};
  data.nodes.forEach(function (n) { counts[n.type] = (counts[n.type] || 0) + 1; });
  var legend = document.getElementById("pnav-legend");
  function setTypeVisible(t, visible) {
    if (visible) hiddenTypes.delete(t); else hiddenTypes.add(t);
    var box = document.getElementById("pnav-type-" + t);
    if (box) box.checked = visible;
    visNodes.update(data.nodes.filter(function (n) { return n.type === t; })
      .map(function (n) { return { id: n.id, hidden: !visible }; }));
  }
  meta.legend.forEach(function (t) {
    var s = meta.types[t];
    var li = el("li");
    var label = el("label");
    var box = document.createElement("input");
    box.type = "checkbox";
    box.checked = true;
    box.id = "pnav-type-" + t;
    box.setAttribute("data-type", t);
    box.addEventListener("change", function () { setTypeVisible(t, box.checked); });
    var sw = el("span", null, "pnav-swatch " + s.shape);
    sw.style.background = meta.colorBy === "community" ? "#566573" : s.color;
    label.appendChild(box);
    label.appendChild(sw);
    label.appendChild(el("span", s.label_zh + " " + s.label_en));
    label.appendChild(el("span", String(counts[t] || 0), "pnav-count"));
    li.appendChild(label);
    legend.appendChild(li);
  });
  if (meta.edgeNote) legend.parentNode.appendChild(el("p", meta.edgeNote, "pnav-muted pnav-edge-note"));
  var comm = document.getElementById("pnav-communities");
  (meta.communities || []).forEach(function (c) {
    var li = el("li");
    if (c.more) {
      li.appendChild(el("span", "…另 " + c.more + " 个社区（颜色循环）· " + c.more + " more (colours repeat)", "pnav-muted"));
      li.appendChild(el("span", String(c.size), "pnav-count"));
      comm.appendChild(li);
      return;
    }
    var sw = el("span", null, "pnav-swatch dot");
    sw.style.background = c.color;
    li.appendChild(sw);
    li.appendChild(el("span", "社区 Community " + (c.index + 1) + (c.label ? ": " + c.label : "")));
    li.appendChild(el("span", String(c.size), "pnav-count"));
    comm.appendChild(li);
  });
})();
