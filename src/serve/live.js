// sotay serve: live update, stylesheet swap and error overlay. Injected only by `sotay serve`,
// never into the output of `sotay build`.
//
// When the page shown was rebuilt after an edit, the tab fetches its new HTML and, when the
// <head> (stylesheets, scripts…) and the layout around the text are the same, replaces in
// place only what changed inside #main and #sidebar: no navigation, so no refetch of fonts and
// CSS and no layout from scratch. The scroll position and, where possible, the focus are kept,
// and `document.title` follows. Then a `sotay:content-replaced` event is fired on the document
// (detail.replaced: the new elements), on which the theme's script applies its behaviour to
// the new elements. Anything unexpected — a full rebuild, a changed <head>, a failed fetch, an
// error page, a page from another run of `sotay serve`, a script of the page that changed (it
// would not run) — reloads the page instead, as before.
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

  // ----- In-place update -----
  // The last page fetched, as the server wrote it: the live page differs from it only by what
  // scripts did (the theme's classes, hints, folded boxes…), so comparing the next page with it
  // keeps those elements whenever the server's HTML for them did not change.
  var pristine = null;
  var updating = false;
  var queued = 0;

  function slice(list) { return Array.prototype.slice.call(list); }

  function buildParts(value) {
    var dot = (value || "").lastIndexOf(".");
    return dot < 0 ? null : { instance: value.slice(0, dot), generation: Number(value.slice(dot + 1)) };
  }

  // <head> must be the same but for the title and the description, else reload: a new
  // stylesheet or script only takes effect by loading the page.
  function headSignature(head) {
    return slice(head.children).filter(function (e) {
      return e.tagName !== "TITLE" && !(e.tagName === "META" && e.getAttribute("name") === "description");
    });
  }
  function sameHead(next) {
    var a = headSignature(document.head), b = headSignature(next.head);
    if (a.length !== b.length) return false;
    for (var i = 0; i < a.length; i++) if (!a[i].isEqualNode(b[i])) return false;
    return true;
  }

  // The page's frame: the elements of <body> by tag, id and class, and their children by tag
  // and id. Left out: this script and custom elements such as the error overlay (or what a
  // browser extension adds). Only #main and #sidebar are patched; the frame must not change.
  function frame(body) {
    return slice(body.children).filter(function (e) {
      return e.tagName.indexOf("-") < 0 && !(e.tagName === "SCRIPT" && e.hasAttribute("data-sotay-build"));
    }).map(function (e) {
      var inner = e.id === "sidebar" || e.id === "main" ? "" : slice(e.children).map(function (c) {
        return c.tagName + "#" + c.id;
      }).join(",");
      return e.tagName + "#" + e.id + "." + e.className + "[" + inner + "]";
    }).join(" ");
  }
  function sameAttributes(a, b) {
    if (a.attributes.length !== b.attributes.length) return false;
    for (var i = 0; i < a.attributes.length; i++) {
      var at = a.attributes[i];
      if (b.getAttribute(at.name) !== at.value) return false;
    }
    return true;
  }

  function key(node) {
    return node.nodeType === 1 ? node.outerHTML : node.nodeName + ":" + node.nodeValue;
  }

  // Plans the changes that make the children of `live` those of `next`, into `ops`. `before` is
  // the server's previous version of `live` (null when unknown: then `live` itself is
  // compared). Children equal at both ends are kept; in between, children are paired in order
  // when as many remain on both sides, else first aligned on the equal ones. A pair of
  // elements that kept their tag and attributes is planned the same way one level down, so an
  // edit replaces the paragraph it touched rather than the whole text.
  function plan(live, before, next, ops) {
    var liveKids = slice(live.childNodes);
    var oldKids = before ? slice(before.childNodes) : liveKids;
    if (oldKids.length !== liveKids.length) oldKids = liveKids;
    var was = function (i) {
      return oldKids[i].nodeName === liveKids[i].nodeName ? oldKids[i] : liveKids[i];
    };
    var newKids = slice(next.childNodes);
    var a = 0, b = 0, endA = liveKids.length, endB = newKids.length;
    while (a < endA && b < endB && was(a).isEqualNode(newKids[b])) { a++; b++; }
    while (endA > a && endB > b && was(endA - 1).isEqualNode(newKids[endB - 1])) { endA--; endB--; }
    var n = endA - a, m = endB - b;
    var gap = function (i0, i1, j0, j1) {
      if (i1 - i0 === j1 - j0) {
        for (var k = 0; i0 + k < i1; k++) pair(live, liveKids[a + i0 + k], was(a + i0 + k), newKids[b + j0 + k], ops);
      } else {
        ops.push({ parent: live, remove: liveKids.slice(a + i0, a + i1), insert: newKids.slice(b + j0, b + j1),
          before: liveKids[a + i1] || null });
      }
    };
    if (n === m || n === 0 || m === 0 || n * m > 250000) { gap(0, n, 0, m); return; }
    // Longest common subsequence of the middles, by their HTML.
    var ka = [], kb = [], i, j;
    for (i = 0; i < n; i++) ka.push(key(was(a + i)));
    for (j = 0; j < m; j++) kb.push(key(newKids[b + j]));
    var w = m + 1, len = new Uint32Array((n + 1) * w);
    for (i = n - 1; i >= 0; i--) {
      for (j = m - 1; j >= 0; j--) {
        len[i * w + j] = ka[i] === kb[j] ? len[(i + 1) * w + j + 1] + 1 : Math.max(len[(i + 1) * w + j], len[i * w + j + 1]);
      }
    }
    var gi = 0, gj = 0;
    i = 0;
    j = 0;
    while (i < n && j < m) {
      if (ka[i] === kb[j]) {
        gap(gi, i, gj, j);
        gi = ++i;
        gj = ++j;
      } else if (len[(i + 1) * w + j] >= len[i * w + j + 1]) i++;
      else j++;
    }
    gap(gi, n, gj, m);
  }

  function pair(parent, live, was, next, ops) {
    if (was.isEqualNode(next)) return;
    if (live.nodeType === 1 && next.nodeType === 1 && live.tagName === next.tagName && sameAttributes(was, next) &&
        was.childNodes.length && next.childNodes.length) {
      plan(live, was === live ? null : was, next, ops);
    } else if (live.nodeType === 3 && next.nodeType === 3) {
      ops.push({ text: live, data: next.data });
    } else {
      ops.push({ parent: parent, remove: [live], insert: [next], before: null });
    }
  }

  // True when carrying out `ops` would put a script in the page: it would not run (the page
  // is reloaded instead, so it does).
  function addsScript(ops) {
    return ops.some(function (op) {
      if (op.text) return op.text.parentNode && op.text.parentNode.nodeName === "SCRIPT";
      return op.insert.some(function (n) {
        return n.nodeName === "SCRIPT" || (n.nodeType === 1 && n.querySelector("script"));
      });
    });
  }

  // Carries out `ops`; returns the new elements (and those whose text changed). New nodes go
  // before the first node they replace, else before a kept node, so the order of `ops` does
  // not matter.
  function apply(ops) {
    var replaced = [];
    ops.forEach(function (op) {
      if (op.text) {
        op.text.data = op.data;
        replaced.push(op.text.parentNode);
        return;
      }
      var anchor = op.remove.length ? op.remove[0] : op.before;
      op.insert.forEach(function (n) {
        var node = document.importNode(n, true);
        op.parent.insertBefore(node, anchor);
        replaced.push(node.nodeType === 1 ? node : op.parent);
      });
      op.remove.forEach(function (n) { op.parent.removeChild(n); });
    });
    return replaced;
  }

  // When the focused element was replaced: focus the new element with the same id, else #main
  // (focusable for the skip link), so that Tab goes on from about the same place.
  function refocus(lost) {
    if (!lost || lost === document.body || document.contains(lost)) return;
    var again = (lost.id && document.getElementById(lost.id)) || document.getElementById("main");
    if (again && again.focus) again.focus({ preventScroll: true });
  }

  // Returns why the page cannot be updated in place, or "" once it is.
  function swap(next, generation) {
    var tag = next.querySelector("script[data-sotay-build]");
    var now = buildParts(build), got = buildParts(tag && tag.getAttribute("data-sotay-build"));
    if (!now || !got) return "no build number";
    if (got.instance !== now.instance) return "served by another run of sotay serve";
    if (!(got.generation >= generation)) return "older page than announced";
    if (!next.body || !sameHead(next)) return "<head> changed";
    if (!sameAttributes(document.body, next.body) || frame(document.body) !== frame(next.body)) return "page frame changed";
    var regions = ["main", "sidebar"].map(function (id) {
      return { id: id, live: document.getElementById(id), next: next.getElementById(id) };
    });
    var ops = [];
    for (var r = 0; r < regions.length; r++) {
      var reg = regions[r];
      if (!reg.live || !reg.next || reg.live.tagName !== reg.next.tagName) return "no #" + reg.id;
      plan(reg.live, pristine && pristine.getElementById(reg.id), reg.next, ops);
    }
    if (addsScript(ops)) return "a script changed";

    var x = window.scrollX, y = window.scrollY;
    var focused = document.activeElement;
    var tops = regions.map(function (reg) { return reg.live.scrollTop; });
    var replaced = apply(ops);
    regions.forEach(function (reg, k) {
      if (reg.live.scrollTop !== tops[k]) reg.live.scrollTop = tops[k];
    });
    refocus(focused);
    if (document.title !== next.title) document.title = next.title;
    var desc = document.head.querySelector('meta[name="description"]');
    var nextDesc = next.head.querySelector('meta[name="description"]');
    if (desc && nextDesc) desc.setAttribute("content", nextDesc.getAttribute("content"));
    build = tag.getAttribute("data-sotay-build");
    if (script) script.setAttribute("data-sotay-build", build);
    pristine = next;
    document.dispatchEvent(new CustomEvent("sotay:content-replaced", { detail: { replaced: replaced } }));
    if (window.scrollX !== x || window.scrollY !== y) window.scrollTo(x, y);
    return "";
  }

  function update(generation) {
    updating = true;
    fetch(location.pathname, { cache: "no-store", credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (res) {
        var type = res.headers.get("content-type") || "";
        if (!res.ok || res.redirected || type.indexOf("text/html") !== 0) throw new Error("HTTP " + res.status);
        return res.text();
      })
      .then(function (html) {
        var why = swap(new DOMParser().parseFromString(html, "text/html"), generation);
        if (why) throw new Error(why);
        updating = false;
        if (queued) {
          var again = queued;
          queued = 0;
          update(again);
        }
      })
      .catch(function (e) {
        if (window.console) console.info("sotay serve: reloading the page (" + (e && e.message) + ")");
        reload();
      });
  }

  function changed(data) {
    // A full rebuild (templates, theme, configuration, pages added or removed) may have changed
    // anything on the page: load it again.
    if (data.all) { reload(); return; }
    if (data.urls.indexOf(here) < 0) return;
    if (updating) { queued = Math.max(queued, data.generation); return; }
    update(data.generation);
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
    var asked = build;
    source = new EventSource("/__sotay/events?page=" + encodeURIComponent(here) +
      "&build=" + encodeURIComponent(asked));
    source.addEventListener("open", function () {
      document.documentElement.setAttribute("data-sotay-live", "connected");
    });
    source.addEventListener("error", function () {
      // The browser reconnects by itself to the same address, which names the build the page
      // had when it connected; after an update in place the server would answer with a
      // reload. Reconnect naming the build shown now instead.
      if (source && asked !== build) {
        disconnect();
        connect();
      }
    });
    source.addEventListener("reload", function (e) {
      changed(JSON.parse(e.data));
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
