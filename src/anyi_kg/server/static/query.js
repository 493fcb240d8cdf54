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
