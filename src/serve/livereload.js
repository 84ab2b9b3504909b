// roadbook serve: live reload. Injected by the dev server only.
(function () {
  "use strict";
  var script = document.currentScript;
  var base = (script && script.getAttribute("data-base")) || "/";
  // The waiting page (no build has succeeded yet): any successful build is reason to reload.
  var pending = !!(script && script.hasAttribute("data-pending"));
  var build = null;
  var source = null;
  var overlay = document.getElementById("roadbook-overlay");

  function here(paths) {
    var path = location.pathname;
    return paths.indexOf(path) >= 0 || paths.indexOf(path + "/") >= 0 || paths.indexOf(path.replace(/index\.html$/, "")) >= 0;
  }
  function hideOverlay() {
    if (overlay) { overlay.remove(); overlay = null; }
  }
  function showOverlay(errors) {
    hideOverlay();
    overlay = document.createElement("div");
    overlay.id = "roadbook-overlay";
    overlay.setAttribute("role", "alert");
    overlay.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(20,22,26,.94);color:#f3f3f3;font:14px/1.5 ui-monospace,monospace;padding:24px";
    var title = document.createElement("h2");
    title.style.cssText = "margin:0 0 12px;color:#ff8a80;font:600 18px system-ui,sans-serif";
    title.textContent = "roadbook: " + errors.length + " error" + (errors.length === 1 ? "" : "s") + " — the page shows the last good build";
    overlay.appendChild(title);
    // The first problem (the cause: errors come sorted) in full, the others folded.
    errors.forEach(function (e, i) {
      var pre = document.createElement("pre");
      pre.className = "roadbook-error";
      pre.style.cssText = "white-space:pre-wrap;margin:0 0 16px;padding:12px;background:#000;border-left:4px solid #ff8a80";
      pre.textContent = e.text;
      if (i === 0) { overlay.appendChild(pre); return; }
      var fold = document.createElement("details");
      fold.className = "roadbook-error-folded";
      var summary = document.createElement("summary");
      summary.style.cssText = "cursor:pointer;margin:0 0 8px";
      summary.textContent = (e.location ? e.location + ": " : "") + e.message;
      fold.appendChild(summary);
      fold.appendChild(pre);
      overlay.appendChild(fold);
    });
    document.body.appendChild(overlay);
  }
  function swapStyles() {
    document.querySelectorAll('link[rel="stylesheet"]').forEach(function (link) {
      var url = new URL(link.href);
      url.searchParams.set("roadbook", Date.now());
      var next = link.cloneNode();
      next.href = url.href;
      next.addEventListener("load", function () { link.remove(); });
      link.after(next);
    });
  }
  function connect() {
    source = new EventSource(base + "__roadbook/events");
    source.addEventListener("hello", function (e) {
      var data = JSON.parse(e.data);
      if ((build !== null && data.build !== build) || (pending && data.ready)) { location.reload(); return; }
      build = data.build;
      if (data.errors && data.errors.length) showOverlay(data.errors); else hideOverlay();
    });
    source.addEventListener("reload", function (e) {
      var data = JSON.parse(e.data);
      build = data.build;
      hideOverlay();
      if (pending || data.all || here(data.paths)) location.reload();
    });
    source.addEventListener("css", function (e) {
      build = JSON.parse(e.data).build;
      hideOverlay();
      if (pending) location.reload(); else swapStyles();
    });
    source.addEventListener("errors", function (e) { showOverlay(JSON.parse(e.data).errors); });
    source.addEventListener("ok", function (e) {
      build = JSON.parse(e.data).build;
      hideOverlay();
      if (pending) location.reload();
    });
  }
  // Browsers allow few connections per host: let go of this one when the page goes away.
  window.addEventListener("pagehide", function () { if (source) source.close(); });
  window.addEventListener("pageshow", function (e) { if (e.persisted) connect(); });
  connect();
})();
