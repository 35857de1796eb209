// patentnav flow page: a Sankey of transfers by organisation type or by place, drawn with the inlined ECharts.
// Every string from the data reaches the page through textContent or the chart's canvas (tooltips in
// richText mode), never as HTML, so names from user files stay text.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("pnav-data").textContent);
  var meta = data.meta;
  var lang = meta.lang === "en" ? "en" : "zh";
  var mode = data.region.links.length && !data.type.links.length ? "region" : meta.mode === "region" ? "region" : "type";
  var chartBox = document.getElementById("pnav-chart");
  var chart = echarts.init(chartBox, null, { renderer: "canvas" });
  window.pnavChart = chart;
  window.pnavFlows = data;

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  function name(n) { return lang === "en" ? n.name_en || n.name_zh : n.name_zh || n.name_en; }
  function groupStyle(g) { return meta.groups[g] || meta.groups.other; }
  function linkStyle(l) {
    if (mode === "type") return l.technology_transfer ? meta.linkColors.technology : meta.linkColors.other;
    return meta.directions[l.direction || "none"] || meta.directions.none;
  }
  function flagText(l) {
    if (mode === "type") return l.technology_transfer ? meta.words.technology[lang] : "";
    var d = meta.directions[l.direction || "none"];
    return d ? d[lang] : "";
  }
  function current() { return data[mode]; }
  function byId() {
    var m = new Map();
    current().nodes.forEach(function (n) { m.set(n.id, n); });
    return m;
  }

  function option() {
    var flows = current();
    var nodes = byId();
    var totals = new Map();
    flows.links.forEach(function (l) {
      totals.set(l.source, (totals.get(l.source) || 0) + l.patents);
      totals.set(l.target, (totals.get(l.target) || 0) + l.patents);
    });
    return {
      animation: false,
      textStyle: { fontFamily: "WenQuanYi Zen Hei, Noto Sans CJK SC, Microsoft YaHei, sans-serif" },
      tooltip: {
        trigger: "item",
        renderMode: "richText",
        confine: true,
        formatter: function (p) {
          if (p.dataType === "edge") {
            var l = p.data.raw;
            var flag = flagText(l);
            return name(nodes.get(l.source)) + " → " + name(nodes.get(l.target)) + "\n" +
              meta.words.patents[lang] + ": " + l.patents + " · " + meta.words.events[lang] + ": " + l.events +
              (flag ? "\n" + flag : "");
          }
          var n = nodes.get(p.data.name);
          return name(n) + " (" + meta.words[n.side][lang] + ")\n" + meta.words.patents[lang] + ": " + p.value;
        },
      },
      series: [{
        type: "sankey",
        left: 170, right: 170, top: 16, bottom: 16,
        nodeWidth: 14, nodeGap: 10, layoutIterations: 32, draggable: false,
        emphasis: { focus: "adjacency" },
        data: flows.nodes.map(function (n) {
          var s = groupStyle(n.group);
          return {
            name: n.id, depth: n.side === "from" ? 0 : 1,
            itemStyle: { color: s.color, borderColor: s.color },
            label: { position: n.side === "from" ? "left" : "right", formatter: name(n) + " " + (totals.get(n.id) || 0),
                     width: 160, overflow: "truncate", fontSize: 13, color: "#1c2833" },
          };
        }),
        links: flows.links.map(function (l) {
          return { source: l.source, target: l.target, value: l.patents, raw: l,
                   lineStyle: { color: linkStyle(l).color, opacity: 0.45, curveness: 0.5 } };
        }),
      }],
    };
  }

  function legend() {
    var ul = document.getElementById("pnav-legend");
    ul.replaceChildren();
    var flows = current();
    var counts = {};
    flows.nodes.forEach(function (n) { counts[n.group] = (counts[n.group] || 0) + 1; });
    (mode === "type" ? meta.typeOrder : meta.placeOrder).forEach(function (g) {
      if (!counts[g]) return;
      var s = groupStyle(g);
      var li = el("li");
      var sw = el("span", null, "pnav-swatch");
      sw.style.background = s.color;
      li.appendChild(sw);
      li.appendChild(el("span", s.zh + " " + s.en));
      li.appendChild(el("span", String(counts[g]), "pnav-count"));
      ul.appendChild(li);
    });
    var lines = document.getElementById("pnav-link-legend");
    lines.replaceChildren();
    var kinds = mode === "type" ? ["technology", "other"] : meta.directionOrder;
    kinds.forEach(function (k) {
      var s = mode === "type" ? meta.linkColors[k] : meta.directions[k];
      var n = flows.links.filter(function (l) {
        return mode === "type" ? (k === "technology") === Boolean(l.technology_transfer) : (l.direction || "none") === k;
      }).length;
      if (!n) return;
      var li = el("li");
      var sw = el("span", null, "pnav-line");
      sw.style.background = s.color;
      li.appendChild(sw);
      li.appendChild(el("span", s.zh + " " + s.en));
      li.appendChild(el("span", String(n), "pnav-count"));
      lines.appendChild(li);
    });
    var cap = document.getElementById("pnav-cap");
    cap.textContent = flows.left_links
      ? "只画出最宽的 " + flows.links.length + " 条流向（共 " + flows.total_links + " 条）；未画出 " + flows.left_links +
        " 条，涉及 " + flows.left_patents + " 件专利次。 Showing the " + flows.links.length + " widest of " +
        flows.total_links + " flows; " + flows.left_links + " flows (" + flows.left_patents + " patent-flows) left out."
      : "全部 " + flows.total_links + " 条流向 · all " + flows.total_links + " flows shown.";
  }

  function table() {
    var nodes = byId();
    var body = document.querySelector("#pnav-flows tbody");
    body.replaceChildren();
    document.getElementById("pnav-flag-head").textContent = mode === "type" ? "技术转移 Technology transfer" : "方向 Direction";
    current().links.forEach(function (l, i) {
      var tr = el("tr");
      tr.dataset.index = String(i);
      tr.appendChild(el("td", name(nodes.get(l.source))));
      tr.appendChild(el("td", name(nodes.get(l.target))));
      tr.appendChild(el("td", l.patents, "num"));
      tr.appendChild(el("td", l.events, "num"));
      var flag = el("td");
      var text = flagText(l);
      if (text) flag.appendChild(el("span", text, "pnav-tag"));
      tr.appendChild(flag);
      body.appendChild(tr);
    });
  }

  var details = document.getElementById("pnav-details-body");
  function showDetails(p) {
    var nodes = byId();
    details.replaceChildren();
    details.classList.remove("pnav-muted");
    var dl = el("dl");
    function row(k, v) { if (v === null || v === undefined || v === "") return; dl.appendChild(el("dt", k)); dl.appendChild(el("dd", v)); }
    if (p.dataType === "edge") {
      var l = p.data.raw;
      details.appendChild(el("h2", name(nodes.get(l.source)) + " → " + name(nodes.get(l.target))));
      row("专利 Patents", l.patents);
      row("次数 Events", l.events);
      row(mode === "type" ? "技术转移 Technology transfer" : "方向 Direction", flagText(l) || (mode === "type" ? "否 no" : ""));
      var rows = document.querySelectorAll("#pnav-flows tbody tr");
      var index = current().links.indexOf(l);
      rows.forEach(function (tr) { tr.classList.toggle("pnav-picked", Number(tr.dataset.index) === index); });
    } else {
      var n = nodes.get(p.data.name);
      details.appendChild(el("h2", name(n)));
      row("一侧 Side", meta.words[n.side].zh + " " + meta.words[n.side].en);
      row("类别 Group", groupStyle(n.group).zh + " " + groupStyle(n.group).en);
      row("专利 Patents", p.value);
      if (/^https?:\/\//.test(n.key)) row("IRI", n.key);
      if (meta.entityBase && n.key.indexOf(meta.idBase) === 0) {
        var a = el("a", "打开实体页 Open entity page →");
        a.href = meta.entityBase + n.key.slice(meta.idBase.length);
        a.id = "pnav-entity-link";
        details.appendChild(dl);
        details.appendChild(a);
        return;
      }
    }
    details.appendChild(dl);
  }
  chart.on("click", showDetails);

  function ready() {
    if (window.pnavReady === undefined) {
      window.pnavReady = performance.now();
      document.body.setAttribute("data-ready", "1");
    }
  }
  function draw() {
    var flows = current();
    var empty = document.getElementById("pnav-empty");
    document.getElementById("pnav-mode-type").classList.toggle("pnav-on", mode === "type");
    document.getElementById("pnav-mode-region").classList.toggle("pnav-on", mode === "region");
    document.getElementById("pnav-lang-zh").classList.toggle("pnav-on", lang === "zh");
    document.getElementById("pnav-lang-en").classList.toggle("pnav-on", lang === "en");
    document.body.setAttribute("data-mode", mode);
    legend();
    table();
    if (!flows.links.length) {
      chart.clear();
      chartBox.hidden = true;
      empty.hidden = false;
      empty.textContent = meta.words.empty[lang];
      ready();
      return;
    }
    chartBox.hidden = false;
    empty.hidden = true;
    chart.resize();
    chart.setOption(option(), true);
  }
  chart.on("finished", ready);
  ["type", "region"].forEach(function (m) {
    document.getElementById("pnav-mode-" + m).addEventListener("click", function () { mode = m; draw(); });
  });
  ["zh", "en"].forEach(function (l) {
    document.getElementById("pnav-lang-" + l).addEventListener("click", function () { lang = l; draw(); });
  });
  window.addEventListener("resize", function () { chart.resize(); });
  window.pnavSetMode = function (m) { mode = m; draw(); };
  draw();
})();
