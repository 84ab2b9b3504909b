// roadbook search client: the header dropdown and the /search/ page. Plain JavaScript, no
// framework; site.js loads it on first use of the search box. The tokenizer, query rules and
// ranking mirror src/search/ (tokenize.rs, query.rs) step by step; tests run both on the same
// inputs. Text from the index is only ever inserted as DOM text nodes, never as HTML.
(function () {
  "use strict";

  // ---- Tokenizer (src/search/tokenize.rs) -------------------------------------------------
  var OTHER = 0, WORD = 1, HANGUL = 2, CJK = 3;
  var WORD_KIND = 0, BIGRAM = 1, UNIGRAM = 2;
  var MAX_WORD = 32;
  var LETTER = /[\p{Alphabetic}\p{N}]/u;

  function cls(cp) {
    if ((cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0x1100 && cp <= 0x11ff) || (cp >= 0x3130 && cp <= 0x318f) ||
      (cp >= 0xa960 && cp <= 0xa97f) || (cp >= 0xd7b0 && cp <= 0xd7ff)) return HANGUL;
    if ((cp >= 0x3040 && cp <= 0x30ff) || (cp >= 0x3400 && cp <= 0x4dbf) || (cp >= 0x4e00 && cp <= 0x9fff) ||
      (cp >= 0xf900 && cp <= 0xfaff)) return CJK;
    if (cp < 128) return (cp >= 48 && cp <= 57) || (cp >= 65 && cp <= 90) || (cp >= 97 && cp <= 122) ? WORD : OTHER;
    return LETTER.test(String.fromCodePoint(cp)) ? WORD : OTHER;
  }

  // Tokens of `input`: {t: text, p: position, k: kind, s/e: UTF-16 offsets in input.normalize("NFC")}.
  function tokenize(input) {
    var src = input.normalize("NFC"), out = [], run = null, i = 0, open = false;
    function push(t, s, e, k) { out.push({ t: t, p: out.length, k: k, s: s, e: e }); }
    function end(r, e) {
      if (r.c === WORD) {
        if (r.buf.length <= MAX_WORD || Array.from(r.buf).length <= MAX_WORD) push(r.buf, r.s, e, WORD_KIND);
      } else if (r.n === 1) push(r.low, r.s, e, UNIGRAM);
    }
    while (i < src.length) {
      var cp = src.codePointAt(i), w = cp > 0xffff ? 2 : 1, ch = src.slice(i, i + w), c = cls(cp);
      if (run && run.c !== c) {
        var r = run;
        run = null;
        // `c++`, `c#`: symbols glued to the end of a word, when no word follows them.
        if (r.c === WORD && (ch === "+" || ch === "#")) {
          var j = i;
          while (j < src.length && (src[j] === "+" || src[j] === "#")) j++;
          if (j >= src.length || cls(src.codePointAt(j)) !== WORD) {
            r.buf += src.slice(i, j);
            end(r, j);
          } else end(r, i);
          i = j;
          continue;
        }
        end(r, i);
      }
      var low = ch.toLowerCase();
      if (c === WORD) {
        if (run) run.buf += low; else run = { c: c, s: i, buf: low };
      } else if (c !== OTHER) {
        if (run) {
          push(run.low + low, run.prev, i + w, BIGRAM);
          run.prev = i;
          run.low = low;
          run.n++;
        } else run = { c: c, s: i, prev: i, low: low, n: 1 };
      }
      i += w;
    }
    if (run) { end(run, src.length); open = true; }
    out.open = open;
    return out;
  }

  // ---- Query (src/search/query.rs) -----------------------------------------------------
  var PREFIX_WEIGHT = 0.8, PHRASE_BONUS = 0.5, MAX_TERMS = 16;

  function parse(query) {
    var tokens = tokenize(query), terms = [], last = tokens.length - 1;
    for (var i = 0; i < tokens.length && terms.length < MAX_TERMS; i++) {
      var tk = tokens[i];
      var prefix = tk.k === UNIGRAM || (tk.k === WORD_KIND && i === last && tokens.open && Array.from(tk.t).length >= 2);
      if (!terms.some(function (t) { return t.text === tk.t && t.prefix === prefix; })) terms.push({ text: tk.t, prefix: prefix });
    }
    return terms;
  }

  var ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";
  var VALUE = {};
  for (var a = 0; a < 64; a++) VALUE[ALPHABET[a]] = a;

  // Posting list → [df, docs[], impacts[]] (src/search/codec.rs).
  function decode(text) {
    var i = 0, docs = [], impacts = [];
    function varint() {
      var n = 0;
      for (;;) {
        var v = VALUE[text[i++]];
        if (v >= 32) n = n * 32 + v - 32; else return n * 32 + v;
      }
    }
    var df = varint(), next = 0;
    while (i < text.length) {
      var doc = next + varint();
      docs.push(doc);
      impacts.push(VALUE[text[i++]] + 1);
      next = doc + 1;
    }
    return [df, docs, impacts];
  }

  function impactScore(q) { return (Math.exp(q / 8) - 1) / 4; }

  function matches(token, term) { return token === term.text || (term.prefix && token.startsWith(term.text)); }

  function positions(tokens, terms) {
    var out = terms.map(function () { return []; });
    tokens.forEach(function (tk) {
      terms.forEach(function (term, j) { if (matches(tk.t, term)) out[j].push(tk.p); });
    });
    return out;
  }

  function adjacency(pos) {
    if (pos.length < 2) return 0;
    var pairs = 0;
    for (var j = 0; j + 1 < pos.length; j++) {
      var b = pos[j + 1];
      if (pos[j].some(function (x) { return b.some(function (y) { return y > x && y - x <= 2; }); })) pairs++;
    }
    return pairs / (pos.length - 1);
  }

  // Best section of a chunk document and the document's best adjacency.
  function bestSection(doc, terms, idfs) {
    var best = 0, bestScore = 0, docAdj = adjacency(positions(tokenize(doc.t), terms));
    doc.h.forEach(function (sec, n) {
      var ph = positions(tokenize(sec[1]), terms), pt = positions(tokenize(sec[2]), terms);
      var adj = Math.max(adjacency(ph), adjacency(pt)), score = 0;
      docAdj = Math.max(docAdj, adj);
      for (var j = 0; j < terms.length; j++) {
        score += idfs[j] * ((ph[j].length ? 2 : pt[j].length ? 1 : 0) + adj);
      }
      if (score > bestScore) { best = n; bestScore = score; }
    });
    return [best, docAdj];
  }

  // An index at `base` (the site's search/ URL); `load(path)` resolves to parsed JSON.
  function Engine(load) {
    this.load = load;
    this.shards = {};
    this.chunks = {};
  }

  Engine.prototype.open = function () {
    var self = this;
    if (!self.ready) {
      self.ready = self.load("meta.json", true).then(function (meta) {
        self.meta = meta;
        self.kind = [];
        self.stage = [];
        meta.groups.forEach(function (g) {
          for (var n = 0; n < g[2]; n++) { self.kind.push(g[0]); self.stage.push(g[1]); }
        });
        return self;
      }).catch(function (e) {
        self.ready = null;
        throw e;
      });
    }
    return self.ready;
  };

  // Shards a term reads: the one holding its token, then (prefix terms) those starting with it.
  Engine.prototype.shardsOf = function (term) {
    var firsts = this.meta.shards, lo = 0, hi = firsts.length, out;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (firsts[mid] <= term.text) lo = mid + 1; else hi = mid;
    }
    out = [Math.max(0, lo - 1)];
    while (term.prefix && lo < firsts.length && firsts[lo].startsWith(term.text)) out.push(lo++);
    return out;
  };

  Engine.prototype.file = function (cache, path) {
    if (!cache[path]) cache[path] = this.load(path + "?v=" + this.meta.v);
    return cache[path];
  };

  Engine.prototype.idf = function (df) {
    var n = this.meta.docs;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  };

  Engine.prototype.termHits = function (term) {
    var self = this;
    return Promise.all(self.shardsOf(term).map(function (n) {
      return self.file(self.shards, "s/" + n + ".json");
    })).then(function (maps) {
      var hits = { idf: 0, docs: new Map() };
      function add(postings, weight) {
        var d = decode(postings), idf = weight * self.idf(d[0]);
        hits.idf = Math.max(hits.idf, idf);
        for (var k = 0; k < d[1].length; k++) {
          var s = idf * impactScore(d[2][k]), e = hits.docs.get(d[1][k]);
          if (e === undefined || s > e) hits.docs.set(d[1][k], s);
        }
      }
      maps.forEach(function (map) {
        if (Object.prototype.hasOwnProperty.call(map, term.text)) add(map[term.text], 1);
        if (term.prefix) {
          Object.keys(map).forEach(function (token) {
            if (token !== term.text && token.startsWith(term.text)) add(map[token], PREFIX_WEIGHT);
          });
        }
      });
      return hits;
    });
  };

  Engine.prototype.passes = function (doc, filter) {
    if (filter.kind && this.kind[doc] !== filter.kind) return false;
    if (filter.stage) {
      var s = this.stage[doc];
      if (s < 0 || !this.meta.stages[s] || this.meta.stages[s][0] !== filter.stage) return false;
    }
    return true;
  };

  // Step 1: every matching document, best first → {terms, idfs, ranked: [[doc, score]]}.
  Engine.prototype.rank = function (query, filter) {
    var self = this, terms = parse(query);
    return self.open().then(function () {
      return Promise.all(terms.map(function (t) { return self.termHits(t); }));
    }).then(function (hits) {
      var total = 0, scores = new Map();
      hits.forEach(function (h) { total += h.idf; });
      hits.forEach(function (h) {
        h.docs.forEach(function (s, doc) {
          var e = scores.get(doc);
          if (!e) scores.set(doc, e = [0, 0]);
          e[0] += s;
          e[1] += h.idf;
        });
      });
      var ranked = [];
      scores.forEach(function (e, doc) {
        if (!self.passes(doc, filter)) return;
        var coverage = total > 0 ? e[1] / total : 0;
        ranked.push([doc, e[0] * coverage * coverage]);
      });
      ranked.sort(function (x, y) { return y[1] - x[1] || x[0] - y[0]; });
      return { terms: terms, idfs: hits.map(function (h) { return h.idf; }), ranked: ranked };
    });
  };

  Engine.prototype.doc = function (doc) {
    var per = Math.max(1, this.meta.chunk);
    return this.file(this.chunks, "c/" + Math.floor(doc / per) + ".json").then(function (docs) { return docs[doc % per]; });
  };

  // Step 2: the top `limit` re-ranked by their sections → {total, terms, hits}.
  Engine.prototype.search = function (query, filter, limit) {
    var self = this;
    return self.rank(query, filter).then(function (r) {
      var top = r.ranked.slice(0, limit);
      return Promise.all(top.map(function (e) { return self.doc(e[0]); })).then(function (records) {
        var hits = [];
        records.forEach(function (rec, n) {
          if (!rec) return;
          var b = bestSection(rec, r.terms, r.idfs), sec = rec.h[b[0]] || ["", "", ""];
          hits.push({
            doc: top[n][0], url: rec.u, link: sec[0] ? rec.u + "#" + sec[0] : rec.u, title: rec.t, kind: rec.k,
            stage: rec.s, heading: sec[0] ? sec[1] : "", text: sec[2], score: top[n][1] * (1 + PHRASE_BONUS * b[1]),
          });
        });
        hits.sort(function (x, y) { return y.score - x.score || x.doc - y.doc; });
        return { total: r.ranked.length, terms: r.terms, hits: hits };
      });
    });
  };

  // ---- Highlighting ---------------------------------------------------------------------
  // [start, end) ranges of `text` (NFC, as the index stores it) that match query terms.
  function marks(text, terms) {
    var ranges = [];
    tokenize(text).forEach(function (tk) {
      terms.forEach(function (term) {
        if (!matches(tk.t, term)) return;
        // A one-character Hangul/CJK term marks only its character inside a bigram.
        var e = term.prefix && tk.k !== WORD_KIND ? tk.s + term.text.length : tk.e;
        ranges.push([tk.s, e]);
      });
    });
    ranges.sort(function (x, y) { return x[0] - y[0] || x[1] - y[1]; });
    var merged = [];
    ranges.forEach(function (r) {
      var last = merged[merged.length - 1];
      if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]); else merged.push(r.slice());
    });
    return merged;
  }

  // Appends `text[from, to)` to `el` with matches wrapped in <mark>.
  function appendMarked(el, text, ranges, from, to) {
    var at = from;
    ranges.forEach(function (r) {
      var s = Math.max(r[0], from), e = Math.min(r[1], to);
      if (e <= s) return;
      if (s > at) el.appendChild(document.createTextNode(text.slice(at, s)));
      var m = document.createElement("mark");
      m.textContent = text.slice(s, e);
      el.appendChild(m);
      at = e;
    });
    if (at < to) el.appendChild(document.createTextNode(text.slice(at, to)));
  }

  // A ~160-character window of `text` around its first match.
  function snippet(el, text, terms) {
    text = text.normalize("NFC");
    var ranges = marks(text, terms), len = 160, from = 0;
    if (ranges.length && ranges[0][0] > 50) {
      from = ranges[0][0] - 50;
      var space = text.indexOf(" ", from);
      if (space >= 0 && space < ranges[0][0]) from = space + 1;
    }
    var to = Math.min(text.length, from + len);
    if (to < text.length) {
      var cut = text.lastIndexOf(" ", to);
      if (cut > from + len / 2) to = cut;
    }
    if (from > 0) el.appendChild(document.createTextNode("… "));
    appendMarked(el, text, ranges, from, to);
    if (to < text.length) el.appendChild(document.createTextNode(" …"));
  }

  if (typeof module !== "undefined" && module.exports) {
    module.exports = { tokenize: tokenize, parse: parse, decode: decode, Engine: Engine, marks: marks };
  }
  if (typeof document === "undefined") return;

  // ---- UI -------------------------------------------------------------------------------
  var input = document.querySelector(".search-input");
  if (!input || input.getAttribute("data-search-ready")) return;
  input.setAttribute("data-search-ready", "1");
  // UI strings come from the theme's i18n files, as data-l-* attributes on the input.
  function label(key, n) { return (input.getAttribute("data-l-" + key.replace(/_/g, "-")) || key).replace("{n}", n); }
  var base = input.getAttribute("data-index");
  var engine = new Engine(function (path, fresh) {
    return fetch(base + path, fresh ? { cache: "no-cache" } : undefined).then(function (r) {
      if (!r.ok) throw new Error(r.status + " " + path);
      return r.json();
    });
  });

  // For scripts and tests: window.roadbook.search("캐시", {kind: "topic"}, 8) → {total, terms, hits}.
  window.roadbook = window.roadbook || {};
  window.roadbook.search = function (q, filter, limit) { return engine.search(q, filter || {}, limit || 8); };

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }

  function meta(hit) {
    var parts = [label("kind_" + hit.kind)];
    var stage = engine.meta.stages[hit.stage];
    if (stage && hit.kind !== "stage") parts.push(stage[1]);
    if (hit.heading) parts.push(hit.heading);
    return parts.join(" · ");
  }

  // One result's content: title, kind · stage · heading, snippet.
  function fill(box, hit, terms) {
    var title = el("span", "search-title");
    appendMarked(title, hit.title, marks(hit.title, terms), 0, hit.title.length);
    box.appendChild(title);
    box.appendChild(el("span", "search-meta", meta(hit)));
    var text = el("span", "search-snippet");
    snippet(text, hit.text, terms);
    box.appendChild(text);
  }

  function debounce(fn, ms) {
    var t;
    return function () { clearTimeout(t); t = setTimeout(fn, ms); };
  }

  // -- Header dropdown: an ARIA combobox; its listbox's options are the result links.
  var form = input.form;
  var box = el("div", "search-dropdown");
  var list = el("div", "search-options");
  list.id = "search-listbox";
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", label("results"));
  var note = el("p", "search-note");
  var status = el("div", "visually-hidden");
  status.setAttribute("role", "status");
  box.hidden = true;
  box.appendChild(list);
  box.appendChild(note);
  form.appendChild(box);
  form.appendChild(status);
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-controls", list.id);
  input.setAttribute("aria-expanded", "false");
  var active = -1, seq = 0, options = [];

  function close() {
    box.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function setActive(n) {
    if (!options.length) return;
    active = (n + options.length) % options.length;
    options.forEach(function (o, i) { o.setAttribute("aria-selected", i === active ? "true" : "false"); });
    input.setAttribute("aria-activedescendant", options[active].id);
    options[active].scrollIntoView({ block: "nearest" });
  }

  function show(items, noteNode) {
    list.textContent = "";
    note.textContent = "";
    items.forEach(function (node) { list.appendChild(node); });
    note.appendChild(noteNode);
    options = items;
    active = -1;
    input.removeAttribute("aria-activedescendant");
    list.hidden = !items.length;
    box.hidden = false;
    input.setAttribute("aria-expanded", items.length ? "true" : "false");
  }

  var runDropdown = debounce(function () {
    var q = input.value, mine = ++seq;
    if (!q.trim()) { close(); status.textContent = ""; return; }
    engine.search(q, {}, 8).then(function (res) {
      if (mine !== seq) return;
      var items = res.hits.map(function (hit, i) {
        var a = el("a", "search-option");
        a.id = "search-option-" + i;
        a.href = hit.link;
        a.tabIndex = -1;
        a.setAttribute("role", "option");
        a.setAttribute("aria-selected", "false");
        fill(a, hit, res.terms);
        return a;
      });
      var more = document.createTextNode(label("no_results"));
      if (res.total) {
        more = el("a", "", label("search_all_results"));
        more.href = base + "?q=" + encodeURIComponent(q);
      }
      show(items, more);
      status.textContent = res.total ? label("search_count", res.total) : label("no_results");
    }).catch(function () {
      if (mine === seq) show([], document.createTextNode(label("search_error")));
    });
  }, 60);

  input.addEventListener("input", runDropdown);
  input.addEventListener("focus", function () { if (input.value.trim() && box.hidden) runDropdown(); });
  input.addEventListener("keydown", function (e) {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      // From no selection, ↓ goes to the first result and ↑ to the last.
      if (box.hidden) runDropdown(); else setActive(e.key === "ArrowDown" ? active + 1 : active < 0 ? -1 : active - 1);
    } else if (e.key === "Enter" && active >= 0 && !box.hidden) {
      e.preventDefault();
      location.href = options[active].href;
    } else if (e.key === "Escape" && !box.hidden) {
      e.preventDefault();
      close();
    }
  });
  document.addEventListener("pointerdown", function (e) { if (!form.contains(e.target)) close(); });
  form.addEventListener("focusout", function (e) { if (!form.contains(e.relatedTarget)) setTimeout(close, 150); });
  if (document.activeElement === input && input.value.trim()) runDropdown();

  // -- The /search/ page: full results, filters, deep links (?q=…&kind=…&stage=…).
  var page = document.getElementById("search-page");
  if (!page) return;
  var pageInput = page.querySelector("input[name=q]");
  var kindSel = page.querySelector("select[name=kind]");
  var stageSel = page.querySelector("select[name=stage]");
  var results = document.getElementById("search-results");
  var summary = document.getElementById("search-summary");
  var more = document.getElementById("search-more");
  var params = new URLSearchParams(location.search);
  pageInput.value = params.get("q") || "";
  if (kindSel) kindSel.value = params.get("kind") || "";
  if (stageSel) stageSel.value = params.get("stage") || "";
  // Arriving to search (the header's search button on a phone): the box is ready to type in.
  if (!pageInput.value) pageInput.focus();
  var pageSeq = 0, shown = 20;

  function runPage(keepShown) {
    var q = pageInput.value, mine = ++pageSeq;
    if (!keepShown) shown = 20;
    var filter = { kind: kindSel && kindSel.value, stage: stageSel && stageSel.value };
    var url = new URL(location.href);
    url.search = "";
    if (q) url.searchParams.set("q", q);
    if (filter.kind) url.searchParams.set("kind", filter.kind);
    if (filter.stage) url.searchParams.set("stage", filter.stage);
    history.replaceState(null, "", url);
    if (!q.trim()) { results.textContent = ""; summary.textContent = ""; more.hidden = true; return; }
    summary.textContent = label("search_loading");
    engine.search(q, filter, shown).then(function (res) {
      if (mine !== pageSeq) return;
      results.textContent = "";
      res.hits.forEach(function (hit) {
        var li = el("li", "search-result");
        var a = el("a");
        a.href = hit.link;
        fill(a, hit, res.terms);
        li.appendChild(a);
        results.appendChild(li);
      });
      summary.textContent = res.total ? label("search_count", res.total) : label("no_results");
      more.hidden = res.total <= shown;
    }).catch(function () {
      if (mine === pageSeq) summary.textContent = label("search_error");
    });
  }

  page.querySelector("form").addEventListener("submit", function (e) { e.preventDefault(); runPage(); });
  pageInput.addEventListener("input", debounce(function () { runPage(); }, 120));
  [kindSel, stageSel].forEach(function (s) { if (s) s.addEventListener("change", function () { runPage(); }); });
  more.addEventListener("click", function () { shown += 20; runPage(true); });
  page.querySelectorAll("[data-needs-js]").forEach(function (n) { n.hidden = false; });
  runPage();
})();
