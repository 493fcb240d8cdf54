/* anyi-kg network view: draws the data of anyi_kg.viz.page_data with vis-network and writes
   its tooltips. Every text from the data reaches the page through textContent, canvas text or
   the plain-text tooltip, never as HTML. */
"use strict";

function anyiNetwork(root, data) {
  const UI = {
    zh: { search: "搜索", placeholder: "按名称搜索…", found: (n) => "找到 " + n + " 个",
          none: "未找到", other: "English", fit: "全图", first: "首次提及", source: "来源",
          year: "年份", more: (n) => "另有" + n + "项", true: "是", false: "否" },
    en: { search: "Search", placeholder: "Search by name…", found: (n) => n + " found",
          none: "Not found", other: "中文", fit: "Fit", first: "First mention", source: "Source",
          year: "Year", more: (n) => n + " more", true: "yes", false: "no" },
  };
  const font = getComputedStyle(root).getPropertyValue("--anyi-font").trim() || "sans-serif";
  let lang = data.lang === "en" ? 1 : 0;
  const ui = () => UI[lang ? "en" : "zh"];
  const el = (tag, cls, text) => {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  };

  const heading = el("h1", "anyi-title");
  const form = el("form", "anyi-search");
  const input = el("input");
  input.type = "search";
  const names = el("datalist");
  names.id = root.id + "-names";
  input.setAttribute("list", names.id);
  const go = el("button");
  go.type = "submit";
  const found = el("span", "anyi-found");
  form.append(input, go, found, names);
  const fit = el("button", "anyi-fit");
  fit.type = "button";
  const toggle = el("button", "anyi-lang");
  toggle.type = "button";
  const bar = el("div", "anyi-bar");
  bar.append(heading, form, fit, toggle);
  const legend = el("div", "anyi-legend");
  const canvas = el("div", "anyi-canvas");
  root.append(bar, legend, canvas);

  const byId = new Map(data.nodes.map((n) => [n.id, n]));
  const term = (key) => data.terms[key][lang]; // a class, relation or indicator by its CURIE
  const value = (text) => (text === "true" || text === "false" ? ui()[text] : text);
  const quoted = (text) => "«" + text + "»";

  // tooltips: plain text, one fact per line
  function nodeTitle(n) {
    const lines = [n.label[lang], n.label[1 - lang], term(n.class) + " · " + n.curie];
    if (n.year) lines.push(ui().year + ": " + n.year);
    for (const [rel, zh, en, quote] of n.props || []) {
      lines.push(term(rel) + ": " + value(lang ? en : zh) + (quote ? " " + quoted(quote) : ""));
    }
    for (const [indicator, v, year] of n.facts || []) {
      lines.push(term(indicator) + ": " + v + (year ? " (" + year + ")" : ""));
    }
    if (n.more) lines.push(ui().more(n.more));
    if (n.first) lines.push(ui().first + ": " + quoted(n.first));
    return [...new Set(lines.filter((line) => line))].join("\n");
  }
  function edgeTitle(e) {
    const lines = [[byId.get(e.from).label[lang], term(e.rel), byId.get(e.to).label[lang]].join(" → ")];
    if (e.year) lines.push(ui().year + ": " + e.year);
    for (const [rel, zh, en] of e.props || []) lines.push(term(rel) + ": " + value(lang ? en : zh));
    if (e.quote) lines.push(ui().source + ": " + quoted(e.quote));
    if (e.fact) lines.push(e.fact);
    return lines.join("\n");
  }
  const edgeText = (e) => (e.year ? term(e.rel) + " " + e.year : term(e.rel));

  const off = new Set(); // classes filtered out
  const isHidden = (id) => off.has(byId.get(id).class);
  // class styles go into vis-network groups: far faster to build than per-node options
  const groups = {};
  for (const c of data.classes) {
    groups[c.class] = { shape: c.shape, color: { background: c.color, border: c.color,
      highlight: { background: c.color, border: "#000" }, hover: { background: c.color, border: "#000" } } };
  }
  const nodes = new vis.DataSet(data.nodes.map((n) => {
    const node = { id: n.id, x: n.x, y: n.y, label: n.label[lang], title: nodeTitle(n),
                   group: n.class, size: n.size };
    if (n.id === data.centre) Object.assign(node, { borderWidth: 4, color: { border: "#000" } });
    return node;
  }));
  // A large graph shows an edge's label only while the edge or one of its nodes is in focus,
  // and its arrowheads only once zoomed in far enough to see them.
  const big = data.nodes.length > 1000;
  const ARROWS_FROM_SCALE = 0.5;
  let arrows = !big;
  const label = (e) => (big ? undefined : edgeText(e));
  const edges = new vis.DataSet(data.edges.map((e, i) => {
    const edge = { id: i, from: e.from, to: e.to, label: label(e), title: edgeTitle(e) };
    if (e.bend) edge.smooth = { enabled: true, type: e.bend > 0 ? "curvedCW" : "curvedCCW",
                                roundness: Math.abs(e.bend) };
    return edge;
  }));
  const network = new vis.Network(canvas, { nodes: nodes, edges: edges }, {
    groups: groups,
    physics: false,
    layout: { improvedLayout: false },
    interaction: { hover: true, tooltipDelay: 120, hideEdgesOnDrag: big, hideEdgesOnZoom: big },
    nodes: { font: { face: font, size: 14, color: "#222", strokeWidth: 3, strokeColor: "#fff" } },
    edges: {
      arrows: { to: { enabled: arrows, scaleFactor: 0.5 } }, width: 1, smooth: false,
      color: { color: "#9aa5b1", highlight: "#333", hover: "#333" },
      font: { face: font, size: 10, color: "#555", strokeWidth: 3, strokeColor: "#fff" },
    },
  });
  network.once("afterDrawing", () => { root.dataset.drawn = String(performance.now()); });

  const top = Math.min(...data.nodes.map((n) => n.y)) - 60;
  network.on("beforeDrawing", (ctx) => {
    ctx.save();
    ctx.font = "bold " + Math.max(18, 15 / network.getScale()) + "px " + font; // ~15px on screen
    ctx.fillStyle = "#555";
    ctx.textAlign = "center";
    for (const layer of data.layers) ctx.fillText(layer.label[lang], layer.x, top);
    ctx.restore();
  });

  const boxes = new Map();
  for (const c of data.classes) {
    const label = el("label");
    const box = el("input");
    box.type = "checkbox";
    box.checked = true;
    box.addEventListener("change", () => showClass(c.class, box.checked));
    const swatch = el("span", "anyi-swatch anyi-shape-" + c.shape);
    swatch.style.backgroundColor = c.color;
    label.append(box, swatch, el("span", "anyi-class"), el("span", "anyi-count", "(" + c.count + ")"));
    legend.append(label);
    boxes.set(c.class, label);
  }

  function setLanguage(code, first) {
    lang = code === "en" ? 1 : 0;
    root.lang = lang ? "en" : "zh-Hans";
    heading.textContent = data.title[lang];
    input.placeholder = ui().placeholder;
    go.textContent = ui().search;
    fit.textContent = ui().fit;
    toggle.textContent = ui().other;
    found.textContent = "";
    for (const c of data.classes) boxes.get(c.class).querySelector(".anyi-class").textContent = term(c.class);
    names.replaceChildren(...data.nodes.map((n) => { const o = el("option"); o.value = n.label[lang]; return o; }));
    if (first) return; // the data sets were built in this language
    nodes.update(data.nodes.map((n) => ({ id: n.id, label: n.label[lang], title: nodeTitle(n) })));
    edges.update(data.edges.map((e, i) => ({ id: i, label: label(e), title: edgeTitle(e) })));
  }

  function search(text) {
    const q = text.trim().toLowerCase();
    const hits = q ? data.nodes.filter((n) => !isHidden(n.id) &&
      n.label.concat(n.curie, n.alt || []).some((s) => s.toLowerCase().includes(q))).map((n) => n.id) : [];
    network.selectNodes(hits);
    if (hits.length) network.fit({ nodes: hits, animation: false });
    showArrows();
    found.textContent = q ? (hits.length ? ui().found(hits.length) : ui().none) : "";
    return hits;
  }

  function showClass(cls, show) {
    if (show) off.delete(cls); else off.add(cls);
    nodes.update(data.nodes.map((n) => ({ id: n.id, hidden: off.has(n.class) })));
    edges.update(data.edges.map((e, i) => ({ id: i, hidden: isHidden(e.from) || isHidden(e.to) })));
  }

  function showArrows() {
    const wanted = !big || network.getScale() >= ARROWS_FROM_SCALE;
    if (wanted !== arrows) {
      arrows = wanted;
      network.setOptions({ edges: { arrows: { to: { enabled: arrows } } } });
    }
  }

  if (big) {
    network.on("zoom", showArrows);
    const focus = (ids, on) => edges.update(ids.map((i) => ({ id: i, label: on ? edgeText(data.edges[i]) : undefined })));
    let shown = [];
    const show = (ids) => { focus(shown, false); shown = ids; focus(shown, true); };
    network.on("selectNode", (event) => show(network.getConnectedEdges(event.nodes[0])));
    network.on("deselectNode", () => show([]));
    network.on("hoverEdge", (event) => show([event.edge]));
    network.on("blurEdge", () => show(network.getSelectedEdges()));
  }

  form.addEventListener("submit", (event) => { event.preventDefault(); search(input.value); });
  fit.addEventListener("click", () => { network.fit({ animation: false }); showArrows(); });
  toggle.addEventListener("click", () => setLanguage(lang ? "zh" : "en"));
  setLanguage(lang ? "en" : "zh", true);

  const view = { network: network, nodes: nodes, edges: edges, setLanguage: setLanguage,
                 search: search, showClass: showClass };
  root.anyiView = view;
  return view;
}
