/* The report reader: #char=a,b highlights the span and scrolls it into view; a click on a
   mark shows the facts its spans state. Offsets are read from each piece's data-s/data-e. */
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const pieces = Array.from(document.querySelectorAll(".report [data-s]"));
  const panel = document.getElementById("stated");
  function show(indices) {
    if (!panel) return;
    panel.querySelectorAll(".stated").forEach((el) => { el.hidden = true; });
    let first = null;
    for (const i of indices) {
      const el = document.getElementById("stated-" + i);
      if (el) { el.hidden = false; first = first || el; }
    }
    panel.querySelector(".hint").hidden = first !== null;
  }
  function highlight() {
    const found = /^#char=(\d+),(\d+)$/.exec(location.hash);
    pieces.forEach((p) => p.classList.remove("here"));
    if (!found) return;
    const start = Number(found[1]), end = Number(found[2]);
    const hit = pieces.filter((p) => Number(p.dataset.s) < end && Number(p.dataset.e) > start);
    hit.forEach((p) => p.classList.add("here"));
    if (hit.length) {
      hit[0].scrollIntoView({ block: "center" });
      const spans = new Set();
      hit.forEach((p) => (p.dataset.spans || "").split(" ").filter(Boolean).forEach((i) => spans.add(i)));
      show(spans);
    }
  }
  document.querySelector(".report")?.addEventListener("click", (event) => {
    const mark = event.target.closest("mark[data-spans]");
    if (mark) show(mark.dataset.spans.split(" "));
  });
  document.querySelector(".report")?.addEventListener("keydown", (event) => {
    const mark = event.target.closest("mark[data-spans]");
    if (mark && event.key === "Enter") show(mark.dataset.spans.split(" "));
  });
  window.addEventListener("hashchange", highlight);
  highlight();
});
