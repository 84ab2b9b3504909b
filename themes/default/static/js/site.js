// roadbook default theme: theme toggle, mobile menu, copy buttons, video embeds, comments,
// search shortcut and reading-progress tracking. Plain JavaScript; every page works without it.
(function () {
  "use strict";
  var doc = document.documentElement;
  var body = document.body;
  var label = function (name) { return body.getAttribute("data-label-" + name) || name; };
  var storage = (function () {
    try { var k = "__rb"; localStorage.setItem(k, k); localStorage.removeItem(k); return localStorage; } catch (e) { return null; }
  })();

  // Theme toggle: light ⇄ dark, remembered; the <head> script applies it before paint.
  var toggle = document.querySelector(".theme-toggle");
  if (toggle) {
    toggle.hidden = false;
    toggle.addEventListener("click", function () {
      var dark = doc.dataset.theme ? doc.dataset.theme === "dark" : matchMedia("(prefers-color-scheme: dark)").matches;
      doc.dataset.theme = dark ? "light" : "dark";
      if (storage) storage.setItem("roadbook-theme", doc.dataset.theme);
      document.dispatchEvent(new Event("roadbook:theme"));
    });
  }
  var currentTheme = function () {
    return doc.dataset.theme || (matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light");
  };

  // Mobile menu: the sidebar collapses behind a button.
  var menu = document.querySelector(".menu-toggle");
  var sidebar = document.getElementById("sidebar");
  if (menu && sidebar) {
    menu.hidden = false;
    menu.addEventListener("click", function () {
      var open = sidebar.classList.toggle("is-open");
      menu.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }

  // The print page's button: shown only where it can work.
  document.querySelectorAll("[data-print]").forEach(function (button) {
    if (typeof window.print !== "function") return;
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });

  // Copy buttons on code blocks. textContent is exactly the code: line numbers are ::before
  // content, and innerText would double the newlines of blocks shown line by line.
  if (navigator.clipboard) {
    document.querySelectorAll("pre.code").forEach(function (pre) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "copy-button";
      button.textContent = label("copy");
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(pre.querySelector("code").textContent).then(function () {
          button.textContent = label("copied");
          setTimeout(function () { button.textContent = label("copy"); }, 1500);
        });
      });
      pre.appendChild(button);
    });
  }

  // Video embeds: a link until it is clicked; only then is the player's iframe made (nothing
  // is fetched from the video site before that).
  document.querySelectorAll("a.embed[data-embed-src]").forEach(function (a) {
    a.addEventListener("click", function (e) {
      e.preventDefault();
      var frame = document.createElement("iframe");
      frame.src = a.getAttribute("data-embed-src");
      frame.title = a.getAttribute("data-embed-title") || a.textContent.trim();
      frame.allow = "accelerometer; autoplay; clipboard-write; encrypted-media; gyroscope; picture-in-picture; web-share";
      frame.referrerPolicy = "strict-origin-when-cross-origin";
      frame.allowFullscreen = true;
      frame.className = "embed-frame";
      a.replaceWith(frame);
      frame.focus();
    });
  });

  // Comments (giscus): its client loads only when the box scrolls into view, in the theme
  // the reader chose; the toggle re-themes it.
  var giscus = document.querySelector("[data-giscus]");
  if (giscus && "IntersectionObserver" in window) {
    var giscusOrigin = function () { try { return new URL(giscus.getAttribute("data-script"), location.href).origin; } catch (e) { return "*"; } };
    var loadGiscus = function () {
      var script = document.createElement("script");
      script.src = giscus.getAttribute("data-script");
      ["repo", "repo-id", "category", "category-id", "mapping", "reactions-enabled", "lang"].forEach(function (k) {
        script.setAttribute("data-" + k, giscus.getAttribute("data-" + k));
      });
      script.setAttribute("data-theme", currentTheme());
      script.setAttribute("data-emit-metadata", "0");
      script.setAttribute("data-input-position", "bottom");
      script.setAttribute("data-loading", "lazy");
      script.crossOrigin = "anonymous";
      script.async = true;
      giscus.appendChild(script);
    };
    var seen = new IntersectionObserver(function (entries) {
      if (entries.some(function (e) { return e.isIntersecting; })) { seen.disconnect(); loadGiscus(); }
    }, { rootMargin: "200px" });
    seen.observe(giscus);
    document.addEventListener("roadbook:theme", function () {
      var frame = document.querySelector("iframe.giscus-frame");
      if (frame) frame.contentWindow.postMessage({ giscus: { setConfig: { theme: currentTheme() } } }, giscusOrigin());
    });
  }

  // Search: search.js is loaded on first use of the search box (or at once on /search/).
  var searchBox = document.querySelector(".search-input");
  var loadSearch = function () {
    if (!searchBox || searchBox.hasAttribute("data-search-loading")) return;
    searchBox.setAttribute("data-search-loading", "");
    var script = document.createElement("script");
    script.src = searchBox.getAttribute("data-script");
    document.head.appendChild(script);
  };
  if (searchBox) {
    ["focus", "keydown", "input", "pointerdown"].forEach(function (type) {
      searchBox.addEventListener(type, loadSearch, { once: true });
    });
    if (document.getElementById("search-page")) loadSearch();
  }

  // "/" or Ctrl/⌘-K focuses the search box.
  document.addEventListener("keydown", function (e) {
    var input = document.querySelector(".search-input");
    if (!input) return;
    var typing = /^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement.tagName) || document.activeElement.isContentEditable;
    if ((e.key === "/" && !typing) || (e.key === "k" && (e.ctrlKey || e.metaKey))) {
      e.preventDefault();
      input.focus();
      input.select();
    }
  });

  // Reading progress: per topic "doing" / "done" / "skipped", in localStorage under a key
  // scoped to this site; reflected wherever a [data-topic] element shows that topic.
  var key = (body.getAttribute("data-storage-key") || "roadbook") + ":progress";
  var marks = { done: "✓", doing: "◐", skipped: "–" };
  function load() {
    if (!storage) return {};
    try { var v = JSON.parse(storage.getItem(key) || "{}"); return v && typeof v === "object" ? v : {}; } catch (e) { return {}; }
  }
  function save(state) { if (storage) storage.setItem(key, JSON.stringify(state)); }
  function apply() {
    var state = load();
    document.querySelectorAll("[data-topic]:not(.status):not(article)").forEach(function (el) {
      var status = state[el.getAttribute("data-topic")];
      if (marks[status]) el.setAttribute("data-status", status); else el.removeAttribute("data-status");
      var mark = el.querySelector(":scope > .progress-mark, :scope .mark");
      if (mark && !el.classList.contains("status")) {
        mark.textContent = "";
        if (marks[status]) {
          if (mark.namespaceURI === "http://www.w3.org/2000/svg") {
            mark.textContent = marks[status];
          } else {
            var sym = document.createElement("span");
            sym.setAttribute("aria-hidden", "true");
            sym.textContent = marks[status];
            var text = document.createElement("span");
            text.className = "visually-hidden";
            text.textContent = " (" + label(status) + ")";
            mark.appendChild(sym);
            mark.appendChild(text);
          }
        }
      }
    });
    document.querySelectorAll(".status").forEach(function (box) {
      var status = state[box.getAttribute("data-topic")];
      box.querySelectorAll("button[data-status]").forEach(function (b) {
        b.setAttribute("aria-pressed", b.getAttribute("data-status") === status ? "true" : "false");
      });
    });
    document.querySelectorAll(".stage-progress").forEach(function (p) {
      var scope = p.closest(".stage-card, .page-stage") || document;
      var items = scope.querySelectorAll(".stage-card-topics [data-topic], .topic-cards [data-topic]");
      var done = 0;
      items.forEach(function (li) { if (state[li.getAttribute("data-topic")] === "done") done++; });
      var out = p.querySelector(".progress-count");
      out.textContent = out.getAttribute("data-template").replace("{done}", done).replace("{total}", items.length);
      var bar = p.querySelector("progress");
      if (bar) { bar.max = items.length || 1; bar.value = done; }
      p.hidden = false;
    });
  }
  if (storage) {
    document.querySelectorAll(".status").forEach(function (box) {
      box.hidden = false;
      box.addEventListener("click", function (e) {
        var button = e.target.closest("button[data-status]");
        if (!button) return;
        var state = load();
        var id = box.getAttribute("data-topic");
        var status = button.getAttribute("data-status");
        if (state[id] === status) delete state[id]; else state[id] = status;
        save(state);
        apply();
      });
    });
    var tools = document.querySelector(".progress-tools");
    if (tools) {
      tools.hidden = false;
      tools.addEventListener("click", function (e) {
        var action = e.target.getAttribute && e.target.getAttribute("data-progress");
        if (action === "export") {
          var blob = new Blob([JSON.stringify({ roadbook: 1, site: key, progress: load() }, null, 2)], { type: "application/json" });
          var a = document.createElement("a");
          a.href = URL.createObjectURL(blob);
          a.download = "roadbook-progress.json";
          document.body.appendChild(a);
          a.click();
          a.remove();
        } else if (action === "reset" && confirm(label("reset"))) {
          save({});
          apply();
        }
      });
      var input = tools.querySelector("input[data-progress=import]");
      input.addEventListener("change", function () {
        var file = input.files && input.files[0];
        if (!file) return;
        file.text().then(function (text) {
          var data = JSON.parse(text);
          var progress = data && data.progress;
          if (!progress || typeof progress !== "object") throw new Error("no progress");
          var clean = {};
          Object.keys(progress).forEach(function (k) { if (marks[progress[k]]) clean[k] = progress[k]; });
          save(clean);
          apply();
        }).catch(function () { alert(label("import-error")); });
        input.value = "";
      });
    }
    window.addEventListener("storage", function (e) { if (e.key === key) apply(); });
    apply();
  }
  // Roadmap: hovering or focusing a topic highlights the topics it requires (transitively),
  // what it unlocks directly, and the arrows between them; the rest of the drawing fades.
  document.querySelectorAll(".roadmap-svg").forEach(function (svg) {
    var nodes = {};
    var unlocks = {};
    svg.querySelectorAll("a.node[data-topic]").forEach(function (a) {
      var id = a.getAttribute("data-topic");
      nodes[id] = a;
      (a.getAttribute("data-requires") || "").split(" ").forEach(function (req) {
        if (req) (unlocks[req] = unlocks[req] || []).push(id);
      });
    });
    function edges(from, to) {
      return svg.querySelectorAll('.edge[data-from="' + from + '"][data-to="' + to + '"]');
    }
    function hot(id, on, seen) {
      if (seen[id] || !nodes[id]) return;
      seen[id] = true;
      nodes[id].classList.toggle("is-hot", on);
      (nodes[id].getAttribute("data-requires") || "").split(" ").forEach(function (req) {
        if (!req) return;
        edges(req, id).forEach(function (e) { e.classList.toggle("is-hot", on); });
        hot(req, on, seen);
      });
    }
    function trace(id, on) {
      svg.classList.toggle("is-tracing", on);
      hot(id, on, {});
      (unlocks[id] || []).forEach(function (next) {
        if (nodes[next]) nodes[next].classList.toggle("is-next", on);
        edges(id, next).forEach(function (e) { e.classList.toggle("is-next", on); });
      });
    }
    ["mouseover", "focusin", "mouseout", "focusout"].forEach(function (type) {
      svg.addEventListener(type, function (e) {
        var a = e.target.closest && e.target.closest("a.node[data-topic]");
        if (a) trace(a.getAttribute("data-topic"), type === "mouseover" || type === "focusin");
      });
    });
  });

  window.roadbook = { progressKey: key, applyProgress: apply };
})();
