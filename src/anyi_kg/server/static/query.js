/* The query editor: Ctrl+Enter (Cmd+Enter) runs the query, Tab indents. */
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const text = document.getElementById("query-text");
  const form = document.getElementById("query-form");
  if (!text || !form) return;
  text.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      form.requestSubmit();
    } else if (event.key === "Tab" && !event.shiftKey) {
      event.preventDefault();
      text.setRangeText("  ", text.selectionStart, text.selectionEnd, "end");
    }
  });
});
/* Pickers: an IRI parameter suggests entities from the search index as one types
   (CURIE values; the types a parameter accepts come first). */
document.addEventListener("DOMContentLoaded", () => {
  const prefixes = [["https://w3id.org/anyi-kg/id/", "kg:"], ["https://w3id.org/anyi-kg/vocab/indicator/", "indicator:"],
    ["https://w3id.org/anyi-kg/vocab/level/", "level:"], ["https://w3id.org/anyi-kg/vocab/industry/", "industry:"],
    ["https://w3id.org/anyi-kg/vocab/honourtype/", "honourtype:"], ["https://w3id.org/anyi-kg/ontology#", "ak:"],
    ["https://w3id.org/anyi-kg/fact/", "fact:"]];
  const curie = (iri) => { for (const [ns, p] of prefixes) if (iri.startsWith(ns)) return p + iri.slice(ns.length); return iri; };
  document.querySelectorAll("input[data-pick]").forEach((input) => {
    const list = document.getElementById(input.getAttribute("list"));
    const wanted = input.dataset.pick.split(" ").filter(Boolean);
    let asked = 0;
    input.addEventListener("input", async () => {
      const text = input.value.trim();
      if (text.length < 1 || text.includes(":")) return;
      const mine = ++asked;
      const response = await fetch("/search?q=" + encodeURIComponent(text), { headers: { Accept: "application/json" } });
      if (!response.ok || mine !== asked) return;
      const hits = await response.json();
      const fits = (h) => wanted.some((t) => h.types.map(curie).includes(t));
      hits.sort((a, b) => Number(fits(b)) - Number(fits(a)));
      list.replaceChildren(...hits.slice(0, 20).map((h) => {
        const option = document.createElement("option");
        option.value = curie(h.iri);
        option.label = [h.label_zh, h.label_en].filter(Boolean).join(" · ");
        return option;
      }));
    });
  });
});
