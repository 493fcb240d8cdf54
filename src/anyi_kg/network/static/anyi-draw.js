/* anyi-kg network view: the shapes of the node groups, the search of names by Chinese, English
   or pinyin, and the placing of labels so that none overlaps another. Used by anyi-network.js. */
"use strict";

const anyiDraw = (() => {
  // Each shape as a path of about the area of a circle of radius r, centred on (x, y).
  const polygon = (ctx, x, y, r, corners, turn) => {
    for (let i = 0; i < corners; i++) {
      const a = turn + (2 * Math.PI * i) / corners;
      if (i) ctx.lineTo(x + r * Math.cos(a), y + r * Math.sin(a));
      else ctx.moveTo(x + r * Math.cos(a), y + r * Math.sin(a));
    }
    ctx.closePath();
  };
  const SHAPES = {
    circle: (ctx, x, y, r) => ctx.arc(x, y, r, 0, 2 * Math.PI),
    square: (ctx, x, y, r) => ctx.rect(x - 0.88 * r, y - 0.88 * r, 1.76 * r, 1.76 * r),
    triangle: (ctx, x, y, r) => polygon(ctx, x, y + 0.2 * r, 1.3 * r, 3, -Math.PI / 2),
    triangleDown: (ctx, x, y, r) => polygon(ctx, x, y - 0.2 * r, 1.3 * r, 3, Math.PI / 2),
    diamond: (ctx, x, y, r) => polygon(ctx, x, y, 1.2 * r, 4, 0),
    hexagon: (ctx, x, y, r) => polygon(ctx, x, y, 1.05 * r, 6, 0),
    star: (ctx, x, y, r) => {
      for (let i = 0; i < 10; i++) {
        const a = -Math.PI / 2 + (Math.PI * i) / 5, d = i % 2 ? 0.55 * r : 1.25 * r;
        if (i) ctx.lineTo(x + d * Math.cos(a), y + d * Math.sin(a));
        else ctx.moveTo(x + d * Math.cos(a), y + d * Math.sin(a));
      }
      ctx.closePath();
    },
    cross: (ctx, x, y, r) => {
      const a = 0.36 * r, b = 1.05 * r;
      const points = [[-a, -b], [a, -b], [a, -a], [b, -a], [b, a], [a, a], [a, b], [-a, b],
                      [-a, a], [-b, a], [-b, -a], [-a, -a]];
      points.forEach(([dx, dy], i) => (i ? ctx.lineTo(x + dx, y + dy) : ctx.moveTo(x + dx, y + dy)));
      ctx.closePath();
    },
    house: (ctx, x, y, r) => {
      const w = 0.9 * r;
      const points = [[0, -1.15 * r], [w, -0.2 * r], [w, 0.9 * r], [-w, 0.9 * r], [-w, -0.2 * r]];
      points.forEach(([dx, dy], i) => (i ? ctx.lineTo(x + dx, y + dy) : ctx.moveTo(x + dx, y + dy)));
      ctx.closePath();
    },
    ring: (ctx, x, y, r) => { // a circle with a hole: the map sign of a seat of government
      ctx.arc(x, y, 1.05 * r, 0, 2 * Math.PI);
      ctx.moveTo(x + 0.5 * r, y);
      ctx.arc(x, y, 0.5 * r, 0, 2 * Math.PI, true);
      ctx.moveTo(x + 0.22 * r, y);
      ctx.arc(x, y, 0.22 * r, 0, 2 * Math.PI);
    },
  };
  function shape(ctx, name, x, y, r, fill, border, width) {
    ctx.beginPath();
    (SHAPES[name] || SHAPES.circle)(ctx, x, y, r);
    ctx.fillStyle = fill;
    ctx.fill("evenodd");
    if (width) {
      ctx.lineWidth = width;
      ctx.strokeStyle = border;
      ctx.lineJoin = "round";
      ctx.stroke();
    }
  }

  // ---- names as the search reads them (as anyi_kg.graph.names does) ----------------------
  const CJK = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/;
  const fold = (text) => text.normalize("NFKC").toLowerCase().normalize("NFKD")
    .replace(/\p{M}/gu, "").normalize("NFC").replace(/\s+/g, " ").trim();
  const compact = (text) => text.replace(/[^\p{L}\p{N}]/gu, "");
  const words = (text) => text.match(/[\p{L}\p{N}]+/gu) || [];

  function keys(n) { // every name's characters or words, and the readings of the Chinese ones
    const names = [...n.label, ...(n.alt || []), ...(n.var || [])].map(fold);
    const readings = (n.py || []).map((p) => p.split(" ").map((at) => at.split("|")));
    return {
      chars: names.filter((f) => CJK.test(f)).map(compact),
      words: names.filter((f) => !CJK.test(f)).map(words),
      readings: readings,
      initials: readings.map((r) => r.map((at) => new Set(at.map((s) => s[0])))),
    };
  }
  function query(text) {
    const f = fold(text);
    return { chars: compact(f), words: words(f), cjk: CJK.test(f), pinyin: compact(f).replace(/v/g, "u") };
  }
  // The query read along syllables from ``j`` on, the last perhaps begun: [end, whole] or null.
  function walk(syllables, j, rest) {
    if (j >= syllables.length) return null;
    for (const s of syllables[j]) {
      if (rest === s) return [j + 1, true];
      if (s.startsWith(rest)) return [j + 1, false];
      if (rest.startsWith(s)) {
        const found = walk(syllables, j + 1, rest.slice(s.length));
        if (found) return found;
      }
    }
    return null;
  }
  // How well a query names a node: 0 its whole name, 1 the start of one, 2 further in (then
  // by how: a name, its pinyin, its initials); Infinity when it does not.
  function score(k, q) {
    let best = Infinity;
    const take = (match, how) => { best = Math.min(best, match * 3 + how); };
    if (!q.chars) return best;
    for (const c of k.chars) {
      const at = c.indexOf(q.chars);
      if (at >= 0) take(c.length === q.chars.length ? 0 : at === 0 ? 1 : 2, 0);
    }
    if (q.cjk) return best;
    const last = q.words.length - 1;
    for (const w of k.words) {
      for (let i = 0; i + last < w.length; i++) {
        if (q.words.every((word, j) => (j < last ? w[i + j] === word : w[i + j].startsWith(word)))) {
          take(i === 0 && i + last === w.length - 1 && w[i + last] === q.words[last] ? 0 : i ? 2 : 1, 0);
        }
      }
    }
    k.readings.forEach((syllables, r) => {
      for (let i = 0; i < syllables.length; i++) {
        const found = walk(syllables, i, q.pinyin);
        if (found) take(i === 0 && found[0] === syllables.length && found[1] ? 0 : i ? 2 : 1, 1);
      }
      const letters = k.initials[r], p = q.pinyin;
      if (p.length < 2) return;
      for (let i = 0; i + p.length <= letters.length; i++) {
        if ([...p].every((ch, j) => letters[i + j].has(ch))) take(i === 0 && p.length === letters.length ? 0 : i ? 2 : 1, 2);
      }
    });
    return best;
  }

  // ---- labels: placed in order of importance, each only where it overlaps nothing --------
  // ``items``: [{id, x, y, r, top, w, h}] in page units: the node's centre and radius, its
  // label's top, width and height; best first.
  function place(items, cell) {
    const grid = new Map(), shown = new Set();
    const cells = (b, visit) => {
      for (let i = Math.floor(b[0] / cell); i <= Math.floor(b[2] / cell); i++) {
        for (let j = Math.floor(b[1] / cell); j <= Math.floor(b[3] / cell); j++) {
          if (visit(i + "," + j)) return true;
        }
      }
      return false;
    };
    const add = (b) => cells(b, (key) => { (grid.get(key) || grid.set(key, []).get(key)).push(b); });
    const clash = (b) => cells(b, (key) => (grid.get(key) || []).some((o) =>
      o[4] !== b[4] && o[0] < b[2] && b[0] < o[2] && o[1] < b[3] && b[1] < o[3]));
    for (const it of items) add([it.x - it.r, it.y - it.r, it.x + it.r, it.y + it.r, it.id]);
    for (const it of items) {
      const b = [it.x - it.w / 2, it.top, it.x + it.w / 2, it.top + it.h, it.id];
      if (!clash(b)) { add(b); shown.add(it.id); }
    }
    return shown;
  }

  return { shape: shape, keys: keys, query: query, score: score, place: place, fold: fold };
})();
