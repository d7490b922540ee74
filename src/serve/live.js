// Monospace fonts are listed by their support of Vietnamese: DejaVu Sans Mono lacks stacked
// marks such as ổ and ử, so it is left out.
// sotay serve: live reload, stylesheet swap and error overlay. Injected only by `sotay serve`,
// never into the output of `sotay build`.
(function () {
  "use strict";
  var script = document.currentScript;
  var build = (script && script.getAttribute("data-sotay-build")) || "";
  var here = normalize(location.pathname);
  var scrollKey = "sotay-serve-scroll:" + here;
  var source = null;
  var overlayHost = null;
  var hidden = false;

  function normalize(path) {
    try { path = decodeURI(path); } catch (e) { /* keep as is */ }
    path = path.replace(/index\.html$/, "");
    if (path.charAt(path.length - 1) !== "/" && !/\.[A-Za-z0-9]+$/.test(path)) path += "/";
    return path;
  }

  function reload() {
    try {
      sessionStorage.setItem(scrollKey, JSON.stringify([window.scrollX, window.scrollY]));
    } catch (e) { /* private mode: reload without keeping the scroll position */ }
    location.reload();
  }

  (function restoreScroll() {
    var saved = null;
    try {
      saved = sessionStorage.getItem(scrollKey);
      sessionStorage.removeItem(scrollKey);
    } catch (e) { return; }
    if (!saved) return;
    var xy = JSON.parse(saved);
    var go = function () { window.scrollTo(xy[0], xy[1]); };
    if ("scrollRestoration" in history) history.scrollRestoration = "manual";
    if (document.readyState === "complete") go();
    else {
      document.addEventListener("DOMContentLoaded", go);
      window.addEventListener("load", go);
    }
  })();

  function pathOf(href) {
    try { return new URL(href, location.href).pathname; } catch (e) { return href; }
  }

  function swapStylesheets(swaps) {
    var links = document.querySelectorAll('link[rel~="stylesheet"]');
    Array.prototype.forEach.call(links, function (link) {
      var path = pathOf(link.getAttribute("href"));
      swaps.forEach(function (swap) {
        if (pathOf(swap[0]) !== path) return;
        var fresh = link.cloneNode();
        fresh.setAttribute("href", swap[1]);
        // Remove the old sheet only once the new one applies, so the page never flashes
        // unstyled.
        fresh.addEventListener("load", function () { link.remove(); });
        fresh.addEventListener("error", function () { link.remove(); });
        link.after(fresh);
      });
    });
  }

  function el(tag, style, text) {
    var e = document.createElement(tag);
    if (style) e.setAttribute("style", style);
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function showErrors(errors) {
    if (overlayHost) { overlayHost.remove(); overlayHost = null; }
    document.documentElement.removeAttribute("data-sotay-errors");
    if (!errors.length) return;
    document.documentElement.setAttribute("data-sotay-errors", String(errors.length));
    overlayHost = document.createElement("sotay-error-overlay");
    // A shadow root keeps the theme's styles out of the overlay and the overlay's out of the page.
    var root = overlayHost.attachShadow({ mode: "open" });
    var backdrop = el("div",
      "position:fixed;inset:0;z-index:2147483647;background:rgba(20,20,20,.72);overflow:auto;" +
      "font:16px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans',sans-serif;color:#1a1a1a");
    backdrop.setAttribute("lang", "vi");
    var card = el("div",
      "max-width:56rem;margin:2rem auto;background:#fff;border-top:6px solid #c0392b;" +
      "border-radius:6px;padding:1.25rem 1.5rem;box-shadow:0 8px 30px rgba(0,0,0,.35)");
    card.setAttribute("role", "alertdialog");
    card.setAttribute("aria-label", "Lỗi khi tạo trang");
    var head = el("div", "display:flex;justify-content:space-between;align-items:baseline;gap:1rem");
    head.appendChild(el("h2", "margin:0;font-size:1.25rem;color:#c0392b",
      errors.length === 1 ? "Có 1 lỗi cần sửa" : "Có " + errors.length + " lỗi cần sửa"));
    var close = el("button",
      "font:inherit;border:1px solid #999;background:#f4f4f4;border-radius:4px;padding:.15rem .6rem;cursor:pointer",
      "Ẩn");
    close.setAttribute("type", "button");
    close.addEventListener("click", function () { if (overlayHost) overlayHost.style.display = "none"; });
    head.appendChild(close);
    card.appendChild(head);
    card.appendChild(el("p", "margin:.5rem 0 1rem;color:#444",
      "Sửa tệp rồi lưu lại: trang tự cập nhật và bảng này tự đóng. Trong lúc chờ, trang đang xem là bản tốt gần nhất."));
    errors.forEach(function (item) {
      var box = el("section", "margin:0 0 1.25rem");
      var where = item.file + (item.line ? ":" + item.line + (item.col ? ":" + item.col : "") : "");
      box.appendChild(el("div", "font-family:Consolas,'Noto Sans Mono','Liberation Mono',Menlo,monospace;font-weight:600", where));
      box.appendChild(el("div", "margin:.25rem 0;font-weight:600", item.message));
      if (item.excerpt && item.excerpt.length) {
        var pre = el("pre",
          "margin:.5rem 0;padding:.5rem 0;background:#f7f7f7;border:1px solid #ddd;border-radius:4px;overflow:auto;" +
          "font:14px/1.45 Consolas,'Noto Sans Mono','Liberation Mono',Menlo,monospace");
        item.excerpt.forEach(function (line) {
          var row = el("div", "padding:0 .75rem;white-space:pre" + (line.marked ? ";background:#fde2e0" : ""));
          row.appendChild(el("span", "display:inline-block;min-width:3.5em;color:#777;user-select:none",
            (line.marked ? "> " : "  ") + line.number + " "));
          row.appendChild(document.createTextNode(line.text));
          if (line.marked) row.setAttribute("data-marked", "");
          pre.appendChild(row);
        });
        box.appendChild(pre);
      }
      if (item.help) box.appendChild(el("div", "white-space:pre-wrap;color:#1d5e3a", "Cách sửa: " + item.help));
      card.appendChild(box);
    });
    backdrop.appendChild(card);
    root.appendChild(backdrop);
    (document.body || document.documentElement).appendChild(overlayHost);
  }

  function connect() {
    if (source) return;
    source = new EventSource("/__sotay/events?page=" + encodeURIComponent(here) +
      "&build=" + encodeURIComponent(build));
    source.addEventListener("open", function () {
      document.documentElement.setAttribute("data-sotay-live", "connected");
    });
    source.addEventListener("reload", function (e) {
      var data = JSON.parse(e.data);
      if (data.all || data.urls.indexOf(here) >= 0) reload();
    });
    source.addEventListener("css", function (e) {
      swapStylesheets(JSON.parse(e.data).swaps);
    });
    source.addEventListener("errors", function (e) {
      showErrors(JSON.parse(e.data).errors);
    });
  }

  function disconnect() {
    if (!source) return;
    source.close();
    source = null;
    document.documentElement.removeAttribute("data-sotay-live");
  }

  // Background tabs let go of their connection (browsers allow only six per server); when shown
  // again they reconnect and reload if their page changed meanwhile.
  document.addEventListener("visibilitychange", function () {
    hidden = document.visibilityState === "hidden";
    if (hidden) disconnect(); else connect();
  });
  window.addEventListener("pagehide", disconnect);
  window.addEventListener("pageshow", function () { if (!hidden) connect(); });
  connect();
})();
