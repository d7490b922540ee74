// sotay default theme: small enhancements on top of pages that already work without script.
//  - light/dark toggle, remembered in localStorage (the inline head script applies it before
//    the first paint, so there is no flash);
//  - the navigation drawer on phones: a real button, Escape to close, focus kept inside;
//  - the current page scrolled into view in the sidebar;
//  - "Trên trang này": folded on narrow screens, the section in view highlighted;
//  - wide tables: a "drag sideways" hint and a fade on the side that has more columns;
//  - the folding search field on phones.
(function () {
  "use strict";
  var doc = document;
  var root = doc.documentElement;
  var STORE = "sotay-theme";

  function $(id) { return doc.getElementById(id); }
  function onKeyActivate(el, fn) {
    el.addEventListener("click", fn);
    // The drawer opener is a link (so it works without script); give it button keys.
    el.addEventListener("keydown", function (e) {
      if (e.key === " " || e.key === "Spacebar") { e.preventDefault(); fn(e); }
    });
  }

  // ----- Theme -----
  var toggle = $("theme-toggle");
  var systemDark = window.matchMedia ? matchMedia("(prefers-color-scheme: dark)") : null;
  function applyTheme(theme) {
    root.setAttribute("data-theme", theme);
    if (toggle) toggle.setAttribute("aria-pressed", theme === "dark" ? "true" : "false");
  }
  applyTheme(root.getAttribute("data-theme") === "dark" ? "dark" : "light");
  if (toggle) {
    toggle.addEventListener("click", function () {
      var next = root.getAttribute("data-theme") === "dark" ? "light" : "dark";
      applyTheme(next);
      try { localStorage.setItem(STORE, next); } catch (e) { /* storage off: choice lasts this page */ }
    });
  }
  if (systemDark && systemDark.addEventListener) {
    systemDark.addEventListener("change", function (e) {
      var stored = null;
      try { stored = localStorage.getItem(STORE); } catch (err) { /* ignore */ }
      if (stored !== "dark" && stored !== "light") applyTheme(e.matches ? "dark" : "light");
    });
  }

  // ----- Navigation drawer (phones and small tablets) -----
  var menu = $("menu-button");
  var sidebar = $("sidebar");
  var closeLink = $("drawer-close");
  var backdrop = $("drawer-backdrop");
  var narrow = window.matchMedia ? matchMedia("(max-width: 63.99rem)") : { matches: false };
  // Everything but the drawer goes inert while it is open, which keeps Tab inside it.
  var outside = [doc.querySelector(".skip-link"), $("site-header"), $("main"), doc.querySelector(".site-footer")];
  function setInert(on) {
    outside.forEach(function (el) {
      if (!el) return;
      if (on) el.setAttribute("inert", ""); else el.removeAttribute("inert");
    });
  }
  function isOpen() { return root.classList.contains("nav-open"); }
  function openDrawer() {
    root.classList.add("nav-open");
    if (backdrop) backdrop.hidden = false;
    menu.setAttribute("aria-expanded", "true");
    setInert(true);
    scrollCurrentIntoView();
    var first = sidebar.querySelector("[aria-current='page']") || closeLink;
    if (first) first.focus();
  }
  function closeDrawer(returnFocus) {
    if (!isOpen()) return;
    root.classList.remove("nav-open");
    if (backdrop) backdrop.hidden = true;
    menu.setAttribute("aria-expanded", "false");
    setInert(false);
    if (returnFocus) menu.focus();
  }
  if (menu && sidebar) {
    menu.setAttribute("role", "button");
    menu.setAttribute("aria-expanded", "false");
    onKeyActivate(menu, function (e) {
      e.preventDefault();
      if (isOpen()) closeDrawer(true); else openDrawer();
    });
    if (closeLink) {
      closeLink.setAttribute("role", "button");
      onKeyActivate(closeLink, function (e) { e.preventDefault(); closeDrawer(true); });
    }
    if (backdrop) backdrop.addEventListener("click", function () { closeDrawer(true); });
    doc.addEventListener("keydown", function (e) {
      if (!isOpen()) return;
      if (e.key === "Escape") { e.preventDefault(); closeDrawer(true); return; }
      // Inert content alone lets Tab escape to the browser's own UI after the last link:
      // wrap around inside the drawer instead.
      if (e.key !== "Tab") return;
      var items = Array.prototype.filter.call(
        sidebar.querySelectorAll("a[href], button, summary, [tabindex]:not([tabindex='-1'])"),
        function (el) { return el.offsetParent !== null; });
      if (!items.length) return;
      var first = items[0], last = items[items.length - 1];
      if (!e.shiftKey && doc.activeElement === last) { e.preventDefault(); first.focus(); }
      else if (e.shiftKey && doc.activeElement === first) { e.preventDefault(); last.focus(); }
    });
    var onWidth = function () { if (!narrow.matches) closeDrawer(false); };
    if (narrow.addEventListener) narrow.addEventListener("change", onWidth);
    // Arrived with #sidebar (the no-script way of opening): show it the scripted way instead.
    if (location.hash === "#sidebar") {
      history.replaceState(null, "", location.pathname + location.search);
      if (narrow.matches) openDrawer();
    }
  }

  // Scrolls the sidebar (not the page) so the current page's link is in view.
  function scrollCurrentIntoView() {
    var current = sidebar && sidebar.querySelector("[aria-current='page']");
    if (!current) return;
    var top = current.getBoundingClientRect().top - sidebar.getBoundingClientRect().top + sidebar.scrollTop;
    var target = top - sidebar.clientHeight / 3;
    if (target > 0) sidebar.scrollTop = target;
  }
  scrollCurrentIntoView();

  // ----- Table of contents of the page -----
  var toc = $("page-toc");
  if (toc) {
    var box = toc.querySelector("details");
    var tocWide = window.matchMedia ? matchMedia("(min-width: 80rem)") : { matches: true };
    // Folded above the text on narrow screens; always open as a side column.
    if (box && !tocWide.matches) box.open = false;
    if (tocWide.addEventListener) tocWide.addEventListener("change", function (e) { if (e.matches && box) box.open = true; });
    var links = Array.prototype.slice.call(toc.querySelectorAll("a[href^='#']"));
    var targets = links.map(function (a) { return $(decodeURIComponent(a.getAttribute("href").slice(1))); });
    var active = null;
    var ticking = false;
    var spy = function () {
      ticking = false;
      var line = (parseFloat(getComputedStyle(root).scrollPaddingTop) || 80) + 8;
      var found = -1;
      for (var i = 0; i < targets.length; i++) {
        if (targets[i] && targets[i].getBoundingClientRect().top <= line) found = i; else if (targets[i]) break;
      }
      // At the very bottom the last sections may never reach the line: take the last one.
      if (window.innerHeight + window.scrollY >= doc.documentElement.scrollHeight - 2) found = targets.length - 1;
      var link = found >= 0 ? links[found] : null;
      if (link === active) return;
      if (active) { active.classList.remove("is-active"); active.removeAttribute("aria-current"); }
      active = link;
      if (active) { active.classList.add("is-active"); active.setAttribute("aria-current", "location"); }
    };
    var onScroll = function () { if (!ticking) { ticking = true; requestAnimationFrame(spy); } };
    window.addEventListener("scroll", onScroll, { passive: true });
    window.addEventListener("resize", onScroll, { passive: true });
    spy();
    // On phones, picking a section folds the box again so the text is what you see.
    toc.addEventListener("click", function (e) {
      if (e.target.closest && e.target.closest("a") && box && !tocWide.matches) box.open = false;
    });
  }

  // ----- Wide tables -----
  var wraps = doc.querySelectorAll(".table-wrap");
  function updateTable(wrap) {
    var overflow = wrap.scrollWidth - wrap.clientWidth > 1;
    wrap.classList.toggle("fits", !overflow);
    wrap.classList.toggle("more-left", overflow && wrap.scrollLeft > 1);
    wrap.classList.toggle("more-right", overflow && wrap.scrollLeft < wrap.scrollWidth - wrap.clientWidth - 1);
    var hint = wrap.previousElementSibling;
    var hasHint = hint && hint.classList.contains("scroll-hint");
    if (overflow && !hasHint) {
      hint = doc.createElement("p");
      hint.className = "scroll-hint";
      hint.setAttribute("aria-hidden", "true");
      hint.textContent = "Kéo ngang để xem hết bảng";
      wrap.parentNode.insertBefore(hint, wrap);
    } else if (!overflow && hasHint) {
      hint.parentNode.removeChild(hint);
    }
  }
  Array.prototype.forEach.call(wraps, function (wrap) {
    // Name each scroll box after its table's caption, so screen readers can tell them apart.
    var figure = wrap.parentNode;
    var caption = figure && figure.querySelector && figure.querySelector("figcaption");
    if (caption && wrap.getAttribute("role") === "region") wrap.setAttribute("aria-label", caption.textContent.replace(/\s+/g, " ").trim());
    updateTable(wrap);
    wrap.addEventListener("scroll", function () { updateTable(wrap); }, { passive: true });
  });
  if (wraps.length && window.ResizeObserver) {
    var ro = new ResizeObserver(function (entries) { entries.forEach(function (en) { updateTable(en.target); }); });
    Array.prototype.forEach.call(wraps, function (w) { ro.observe(w); });
  }

  // ----- Search field on phones -----
  var search = $("search");
  var searchButton = $("search-button");
  var input = $("search-input");
  if (search && searchButton && input) {
    searchButton.addEventListener("click", function () {
      var open = !search.classList.contains("is-open");
      search.classList.toggle("is-open", open);
      searchButton.setAttribute("aria-expanded", open ? "true" : "false");
      if (open) input.focus();
    });
    search.addEventListener("focusout", function () {
      setTimeout(function () {
        if (!search.contains(doc.activeElement)) {
          search.classList.remove("is-open");
          searchButton.setAttribute("aria-expanded", "false");
        }
      }, 0);
    });
  }
})();
