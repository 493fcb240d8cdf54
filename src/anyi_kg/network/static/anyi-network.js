/* anyi-kg network view: draws the data of anyi_kg.network.page.page_data with vis-network and
   writes its tooltips, legend, column headings, search hits and fact panel. Every text from
   the data reaches the page through textContent, canvas text or the plain-text tooltip, never
   as HTML. Shapes, search and label placing: anyi-draw.js. */
"use strict";

function anyiNetwork(root, data) {
  const UI = {
    zh: { search: "搜索", placeholder: "按名称或拼音搜索…", found: (n) => "找到 " + n + " 个",
          none: "未找到", other: "English", fit: "全图", first: "首次提及", source: "来源",
          year: "年份", more: (n) => "另有" + n + "项", true: "是", false: "否", close: "关闭",
          links: "关系", open: "打开页面" },
    en: { search: "Search", placeholder: "Search by name or pinyin…", found: (n) => n + " found",
          none: "Not found", other: "中文", fit: "Fit", first: "First mention", source: "Source",
          year: "Year", more: (n) => n + " more", true: "yes", false: "no", close: "Close",
          links: "Links", open: "Open page" },
  };
  const D = anyiDraw;
  const font = getComputedStyle(root).getPropertyValue("--anyi-font").trim() || "sans-serif";
  // Labels on screen, by language: at least MIN_PX high, or, to show more of them, FLOOR_PX
  // (Latin letters stay readable smaller than Chinese characters); at most MAX_PX.
  const MIN_PX = [11, 10], FLOOR_PX = [10, 8.5];
  const F = data.font, MAX_PX = 16, MIN_RADIUS = 3, GAP = 3, MAX_LABELLED = 400, BAND = 48;
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
  const go = el("button");
  go.type = "submit";
  const found = el("span", "anyi-found");
  form.append(input, go, found);
  const fitButton = el("button", "anyi-fit");
  fitButton.type = "button";
  const toggle = el("button", "anyi-lang");
  toggle.type = "button";
  const bar = el("div", "anyi-bar");
  bar.append(heading, form, fitButton, toggle);
  const legend = el("div", "anyi-legend");
  const hitList = el("ol", "anyi-hits");
  hitList.hidden = true;
  const stage = el("div", "anyi-stage");
  const canvas = el("div", "anyi-canvas");
  const headings = el("div", "anyi-headings");
  const panel = el("aside", "anyi-panel");
  panel.hidden = true;
  stage.append(canvas, headings, panel);
  root.append(bar, legend, hitList, stage);

  const byId = new Map(data.nodes.map((n) => [n.id, n]));
  const groupOf = new Map(data.groups.map((g) => [g.index, g]));
  const term = (key) => data.terms[key][lang]; // a class, relation or indicator by its CURIE
  const value = (text) => (text === "true" || text === "false" ? ui()[text] : text);
  const quoted = (text) => "«" + text + "»";
  const lines = (n) => (n.lines ? n.lines[lang] : [n.label[lang]]);
  const links = new Map(data.nodes.map((n) => [n.id, []]));
  data.edges.forEach((e, i) => { links.get(e.from).push(i); if (e.to !== e.from) links.get(e.to).push(i); });

  // tooltips: plain text, one fact per line
  function factLines(n) {
    const out = [];
    if (n.year) out.push(ui().year + ": " + n.year);
    for (const [rel, zh, en, quote] of n.props || []) {
      out.push(term(rel) + ": " + value(lang ? en : zh) + (quote ? " " + quoted(quote) : ""));
    }
    for (const [indicator, v, year] of n.facts || []) {
      out.push(term(indicator) + ": " + v + (year ? " (" + year + ")" : ""));
    }
    if (n.more) out.push(ui().more(n.more));
    if (n.first) out.push(ui().first + ": " + quoted(n.first));
    return out;
  }
  function nodeTitle(n) {
    const out = [n.label[lang], n.label[1 - lang], term(n.class) + " · " + n.curie, ...factLines(n)];
    return [...new Set(out.filter((line) => line))].join("\n");
  }
  function edgeTitle(e) {
    const out = [[byId.get(e.from).label[lang], term(e.rel), byId.get(e.to).label[lang]].join(" → ")];
    if (e.year) out.push(ui().year + ": " + e.year);
    for (const [rel, zh, en] of e.props || []) out.push(term(rel) + ": " + value(lang ? en : zh));
    if (e.quote) out.push(ui().source + ": " + quoted(e.quote));
    if (e.fact) out.push(e.fact);
    return out.join("\n");
  }
  const edgeText = (e) => (e.year ? term(e.rel) + " " + e.year : term(e.rel));

  // ---- label sizes, measured once per language in the page's font ------------------------
  const measure = document.createElement("canvas").getContext("2d");
  const widths = [new Map(), new Map()];
  function labelWidth(n) { // the widest line at font size F
    let w = widths[lang].get(n.id);
    if (w === undefined) {
      measure.font = F + "px " + font;
      w = Math.max(...lines(n).map((line) => measure.measureText(line).width));
      widths[lang].set(n.id, w);
    }
    return w;
  }
  const pos = new Map(data.nodes.map((n) => [n.id, { x: n.x, y: n.y }]));
  const labelSize = (scale) => Math.min(Math.max(F * scale, MIN_PX[lang]), MAX_PX) / scale;

  function bounds(ids, size) { // the box round the nodes and, for few nodes, their labels
    const b = { l: Infinity, t: Infinity, r: -Infinity, b: -Infinity };
    const labelled = ids.length <= MAX_LABELLED;
    for (const id of ids) {
      const n = byId.get(id), p = pos.get(id);
      const half = labelled ? Math.max(n.size, (labelWidth(n) * size) / F / 2) : n.size;
      const below = labelled ? n.size + GAP + lines(n).length * 1.25 * size : n.size;
      b.l = Math.min(b.l, p.x - half); b.r = Math.max(b.r, p.x + half);
      b.t = Math.min(b.t, p.y - n.size); b.b = Math.max(b.b, p.y + below);
    }
    return b;
  }
  const margin = 12, band = data.layers.length ? BAND : 0;
  function fitScale(b, width, height) {
    return Math.min((width - 2 * margin) / (b.r - b.l || 1), (height - band - 2 * margin) / (b.b - b.t || 1), 2);
  }

  // An embedded view of few nodes grows as tall as its labels need (to 85% of the window).
  const standalone = document.body.classList.contains("anyi-page");
  if (!standalone && data.nodes.length <= 150 && canvas.clientWidth > 0) {
    const b = bounds(data.nodes.map((n) => n.id), F);
    const wanted = ((b.b - b.t) * (canvas.clientWidth - 2 * margin)) / (b.r - b.l || 1) + band + 2 * margin;
    if (wanted > canvas.clientHeight) {
      const tall = Math.round(Math.min(wanted, 0.85 * window.innerHeight));
      root.style.height = "auto";
      canvas.style.height = Math.max(tall, canvas.clientHeight) + "px";
    }
  }

  // ---- nodes are drawn here: the shape of their group, their label where it has room ------
  let shownLabels = new Set(), drawnSize = F;
  function ctxRenderer({ ctx, id, x, y, state }) {
    const n = byId.get(id), g = groupOf.get(n.group);
    const centre = id === data.centre, focused = state.selected || state.hover;
    return {
      drawNode() { // at least MIN_RADIUS pixels on screen, so that shapes can be told apart
        D.shape(ctx, g.shape, x, y, Math.max(n.size, MIN_RADIUS / network.getScale()), g.color, focused || centre ? "#000" : "#fff",
                centre ? 4 : focused ? 2.5 : 1.2);
      },
      drawExternalLabel() {
        if (!shownLabels.has(id)) return;
        ctx.font = (focused ? "bold " : "") + drawnSize + "px " + font;
        ctx.textAlign = "center";
        ctx.textBaseline = "top";
        ctx.lineJoin = "round";
        ctx.lineWidth = drawnSize / 4;
        ctx.strokeStyle = "#fff";
        ctx.fillStyle = "#222";
        lines(n).forEach((line, i) => {
          const at = y + n.size + GAP + i * 1.25 * drawnSize;
          ctx.strokeText(line, x, at);
          ctx.fillText(line, x, at);
        });
      },
      nodeDimensions: { width: 2 * n.size, height: 2 * n.size },
    };
  }

  const off = new Set(); // groups filtered out
  const isHidden = (id) => off.has(byId.get(id).group);
  const nodes = new vis.DataSet(data.nodes.map((n) => ({
    id: n.id, x: n.x, y: n.y, label: n.label[lang], title: nodeTitle(n), size: n.size })));
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
    physics: false,
    layout: { improvedLayout: false },
    interaction: { hover: true, tooltipDelay: 120, hideEdgesOnDrag: big, hideEdgesOnZoom: big },
    nodes: { shape: "custom", ctxRenderer: ctxRenderer },
    edges: {
      arrows: { to: { enabled: arrows, scaleFactor: 0.5 } }, width: 1, smooth: false,
      color: { color: "#9aa5b1", highlight: "#333", hover: "#333" },
      font: { face: font, size: 10, color: "#555", strokeWidth: 3, strokeColor: "#fff" },
      scaling: { label: { drawThreshold: 11 } }, // an edge's label once it is 10 px on screen
    },
  });

  function inView() {
    const a = network.DOMtoCanvas({ x: 0, y: 0 });
    const b = network.DOMtoCanvas({ x: canvas.clientWidth, y: canvas.clientHeight });
    const out = [];
    for (const n of data.nodes) {
      const p = pos.get(n.id);
      if (!off.has(n.group) && p.x > a.x - 200 && p.x < b.x + 200 && p.y > a.y - 100 && p.y < b.y + 50) out.push(n);
    }
    return out;
  }
  let priority = new Set(); // search hits and the selection: labelled first
  // Labels are drawn at least MIN_PX high on screen; if fewer of them then find room than at
  // their size in the layout, they keep that size, unless it is under FLOOR_PX.
  network.on("beforeDrawing", () => {
    const scale = network.getScale();
    const seen = inView();
    if (seen.length > MAX_LABELLED) { shownLabels = new Set(); return; }
    const rank = (n) => (n.id === data.centre ? -3 : priority.has(n.id) ? -2 : 0);
    seen.sort((a, b) => rank(a) - rank(b) || b.size - a.size || a.id - b.id);
    const placeAt = (size) => D.place(seen.map((n) => {
      const p = pos.get(n.id);
      return { id: n.id, x: p.x, y: p.y, r: n.size, top: p.y + n.size + GAP,
               w: (labelWidth(n) * size) / F, h: lines(n).length * 1.25 * size };
    }), 160 * (size / F));
    drawnSize = labelSize(scale);
    shownLabels = placeAt(drawnSize);
    if (shownLabels.size < seen.length && drawnSize > F && F * scale >= FLOOR_PX[lang]) {
      const plain = placeAt(F);
      if (plain.size > shownLabels.size) { shownLabels = plain; drawnSize = F; }
    }
  });
  network.on("afterDrawing", placeHeadings);
  network.once("afterDrawing", () => { root.dataset.drawn = String(performance.now()); });
  network.on("dragging", (event) => {
    for (const [id, p] of Object.entries(network.getPositions(event.nodes))) pos.set(Number(id), p);
  });

  // ---- column headings: text over the canvas, as wide as their column on screen -----------
  const headingEls = data.layers.map((layer) => {
    const h = el("div", "anyi-heading");
    headings.append(h);
    return h;
  });
  function placeHeadings() {
    const width = canvas.clientWidth;
    data.layers.forEach((layer, i) => {
      const h = headingEls[i];
      const left = Math.max(network.canvasToDOM({ x: layer.left, y: 0 }).x, 0);
      const right = Math.min(network.canvasToDOM({ x: layer.right, y: 0 }).x, width);
      h.hidden = right - left < 20; // narrower than a character: no room to write in
      h.style.left = left + "px";
      h.style.width = right - left + "px";
    });
  }

  function fit(ids) {
    const shown = ids && ids.length ? ids : data.nodes.filter((n) => !off.has(n.group)).map((n) => n.id);
    if (!shown.length) return;
    const width = canvas.clientWidth, height = canvas.clientHeight;
    let scale = fitScale(bounds(shown, F), width, height), b;
    for (let i = 0; i < 3; i++) { // labels keep their size on screen: fit them at that size
      b = bounds(shown, labelSize(scale));
      scale = fitScale(b, width, height);
    }
    const x = (b.l + b.r) / 2, y = (b.t + b.b) / 2 - band / 2 / scale;
    network.moveTo({ position: { x: x, y: y }, scale: scale, animation: false });
    showArrows();
  }

  // ---- legend: one box per group, filtering it; its shape drawn as on the canvas ----------
  const boxes = new Map();
  for (const g of data.groups) {
    const item = el("label");
    const box = el("input");
    box.type = "checkbox";
    box.checked = true;
    box.addEventListener("change", () => showGroup(g.index, box.checked));
    const swatch = el("canvas", "anyi-swatch");
    swatch.width = swatch.height = 32;
    const c = swatch.getContext("2d");
    c.scale(2, 2);
    D.shape(c, g.shape, 8, 8, 6, g.color, "#fff", 0);
    item.append(box, swatch, el("span", "anyi-class"), el("span", "anyi-count", "(" + g.count + ")"));
    legend.append(item);
    boxes.set(g.index, item);
  }

  // ---- the panel of a node's facts and links (views that are not served with pages) -------
  function showPanel(n) {
    const close = el("button", "anyi-close", "×");
    close.type = "button";
    close.title = ui().close;
    close.addEventListener("click", () => { panel.hidden = true; });
    const g = groupOf.get(n.group);
    const parts = [close, el("h2", "", n.label[lang])];
    if (n.label[1 - lang] !== n.label[lang]) parts.push(el("p", "anyi-other", n.label[1 - lang]));
    parts.push(el("p", "anyi-kind", g.label[lang] + " · " + term(n.class) + " · " + n.curie));
    const facts = el("ul", "anyi-facts");
    for (const line of factLines(n)) facts.append(el("li", "", line));
    if (facts.childElementCount) parts.push(facts);
    const related = links.get(n.id);
    if (related.length) {
      parts.push(el("h3", "", ui().links + " (" + related.length + ")"));
      const list = el("ul", "anyi-links");
      for (const i of related) {
        const e = data.edges[i], other = byId.get(e.from === n.id ? e.to : e.from);
        const item = el("li");
        const to = el("button", "anyi-node", other.label[lang]);
        to.type = "button";
        to.addEventListener("click", () => { focus(other.id); showPanel(other); });
        item.append(el("span", "", (e.from === n.id ? "→ " : "← ") + edgeText(e) + " "), to);
        if (e.quote) item.append(el("q", "", e.quote));
        list.append(item);
      }
      parts.push(list);
    }
    panel.replaceChildren(...parts);
    panel.hidden = false;
    panel.scrollTop = 0;
  }
  function open(n, event) {
    if (!n.url) { showPanel(n); return; }
    if (event && (event.ctrlKey || event.metaKey || event.shiftKey)) window.open(n.url, "_blank", "noopener");
    else window.location.assign(n.url);
  }
  function focus(id) {
    network.selectNodes([id]);
    network.moveTo({ position: network.getPosition(id), animation: false });
    showArrows();
  }
  network.on("click", (event) => {
    if (event.nodes.length) open(byId.get(event.nodes[0]), event.event && event.event.srcEvent);
  });
  network.on("hoverNode", (event) => { canvas.style.cursor = "pointer"; });
  network.on("blurNode", () => { canvas.style.cursor = ""; });

  function setLanguage(code, first) {
    lang = code === "en" ? 1 : 0;
    root.lang = lang ? "en" : "zh-Hans";
    heading.textContent = data.title[lang];
    input.placeholder = ui().placeholder;
    go.textContent = ui().search;
    fitButton.textContent = ui().fit;
    toggle.textContent = ui().other;
    found.textContent = "";
    hitList.hidden = true;
    panel.hidden = true;
    for (const g of data.groups) {
      const item = boxes.get(g.index);
      item.querySelector(".anyi-class").textContent = g.label[lang];
      item.title = g.classes.map(([cls, count]) => term(cls) + " " + count).join(" · ");
    }
    data.layers.forEach((layer, i) => { headingEls[i].textContent = layer.label[lang]; });
    if (first) return; // the data sets were built in this language
    nodes.update(data.nodes.map((n) => ({ id: n.id, label: n.label[lang], title: nodeTitle(n) })));
    edges.update(data.edges.map((e, i) => ({ id: i, label: label(e), title: edgeTitle(e) })));
  }

  let searchKeys = null;
  function search(text) {
    const q = D.query(text);
    if (!searchKeys) searchKeys = new Map(data.nodes.map((n) => [n.id, D.keys(n)]));
    const scored = q.chars ? data.nodes.filter((n) => !off.has(n.group))
      .map((n) => [D.score(searchKeys.get(n.id), q), n]).filter(([s]) => s < Infinity) : [];
    scored.sort((a, b) => a[0] - b[0] || a[1].label[lang].length - b[1].label[lang].length);
    const hits = scored.map(([, n]) => n.id);
    priority = new Set(hits);
    network.selectNodes(hits);
    if (hits.length) fit(hits);
    showArrows();
    found.textContent = q.chars ? (hits.length ? ui().found(hits.length) : ui().none) : "";
    hitList.replaceChildren(...scored.slice(0, 10).map(([, n]) => {
      const item = el("li");
      const name = el("button", "anyi-node", n.label[lang]);
      name.type = "button";
      name.addEventListener("click", () => { focus(n.id); if (!n.url) showPanel(n); });
      item.append(name, el("span", "anyi-kind", term(n.class)));
      if (n.url) {
        const page = el("a", "anyi-open", ui().open);
        page.href = n.url;
        item.append(page);
      }
      return item;
    }));
    hitList.hidden = hits.length === 0;
    return hits;
  }

  function showGroup(group, show) {
    if (show) off.delete(group); else off.add(group);
    nodes.update(data.nodes.map((n) => ({ id: n.id, hidden: off.has(n.group) })));
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
    const focusEdges = (ids, on) => edges.update(ids.map((i) => ({ id: i, label: on ? edgeText(data.edges[i]) : undefined })));
    let shown = [];
    const show = (ids) => { focusEdges(shown, false); shown = ids; focusEdges(shown, true); };
    network.on("selectNode", (event) => show(network.getConnectedEdges(event.nodes[0])));
    network.on("deselectNode", () => show([]));
    network.on("hoverEdge", (event) => show([event.edge]));
    network.on("blurEdge", () => show(network.getSelectedEdges()));
  }

  form.addEventListener("submit", (event) => { event.preventDefault(); search(input.value); });
  fitButton.addEventListener("click", () => fit());
  toggle.addEventListener("click", () => setLanguage(lang ? "zh" : "en"));
  setLanguage(lang ? "en" : "zh", true);
  fit();

  const view = { network: network, nodes: nodes, edges: edges, setLanguage: setLanguage,
                 search: search, showGroup: showGroup, fit: fit, labels: () => shownLabels,
                 labelPixels: () => drawnSize * network.getScale(), data: data };
  root.anyiView = view;
  return view;
}
