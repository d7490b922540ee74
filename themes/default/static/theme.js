// sotay default theme: small enhancements on top of pages that already work without script.
//  - light/dark toggle, remembered in localStorage (the inline head script applies it before
//    the first paint, so there is no flash);
//  - the navigation drawer on phones: a real button, Escape to close, focus kept inside;
//  - the current page scrolled into view in the sidebar;
//  - "Trên trang này": folded on narrow screens, the section in view highlighted;
//  - wide tables: a "drag sideways" hint and a fade on the side that has more columns;
//  - the folding search field on phones.
// Each element is enhanced once, in `enhance()`. `sotay serve` may replace parts of the page in
// place after an edit (see src/serve/live.js); it then fires `sotay:content-replaced` on the
// document and `enhance()` runs again for the new elements.
(function () {
  "use strict";
  var doc = document;
  var root = doc.documentElement;
  var STORE = "sotay-theme";
  var done = new WeakSet();

  function $(id) { return doc.getElementById(id); }
  // True the first time it is asked about an element (false for none).
  function fresh(el) {
    if (!el || done.has(el)) return false;
    done.add(el);
    return true;
  }
  function onKeyActivate(el, fn) {
    el.addEventListener("click", fn);
    // The drawer opener is a link (so it works without script); give it button keys.
    el.addEventListener("keydown", function (e) {
      if (e.key === " " || e.key === "Spacebar") { e.preventDefault(); fn(e); }
    });
  }

  // ----- Theme -----
  var systemDark = window.matchMedia ? matchMedia("(prefers-color-scheme: dark)") : null;
  function applyTheme(theme) {
    root.setAttribute("data-theme", theme);
    var toggle = $("theme-toggle");
    if (toggle) toggle.setAttribute("aria-pressed", theme === "dark" ? "true" : "false");
  }
  function enhanceToggle() {
    var toggle = $("theme-toggle");
    applyTheme(root.getAttribute("data-theme") === "dark" ? "dark" : "light");
    if (!fresh(toggle)) return;
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
  var menu = null, sidebar = null, closeLink = null, backdrop = null;
  var narrow = window.matchMedia ? matchMedia("(max-width: 63.99rem)") : { matches: false };
  // Everything but the drawer goes inert while it is open, which keeps Tab inside it.
  function setInert(on) {
    [doc.querySelector(".skip-link"), $("site-header"), $("main"), doc.querySelector(".site-footer")].forEach(function (el) {
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
  function enhanceDrawer() {
    menu = $("menu-button");
    sidebar = $("sidebar");
    closeLink = $("drawer-close");
    backdrop = $("drawer-backdrop");
    if (fresh(sidebar)) scrollCurrentIntoView();
    if (!menu || !sidebar) return;
    if (fresh(menu)) {
      menu.setAttribute("role", "button");
      onKeyActivate(menu, function (e) {
        e.preventDefault();
        if (isOpen()) closeDrawer(true); else openDrawer();
      });
    }
    menu.setAttribute("aria-expanded", isOpen() ? "true" : "false");
    if (fresh(closeLink)) {
      closeLink.setAttribute("role", "button");
      onKeyActivate(closeLink, function (e) { e.preventDefault(); closeDrawer(true); });
    }
    if (fresh(backdrop)) backdrop.addEventListener("click", function () { closeDrawer(true); });
    if (isOpen()) setInert(true);
  }
  doc.addEventListener("keydown", function (e) {
    if (!isOpen() || !sidebar) return;
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
  if (narrow.addEventListener) narrow.addEventListener("change", function () { if (!narrow.matches) closeDrawer(false); });

  // Scrolls the sidebar (not the page) so the current page's link is in view.
  function scrollCurrentIntoView() {
    var current = sidebar && sidebar.querySelector("[aria-current='page']");
    if (!current) return;
    var top = current.getBoundingClientRect().top - sidebar.getBoundingClientRect().top + sidebar.scrollTop;
    var target = top - sidebar.clientHeight / 3;
    if (target > 0) sidebar.scrollTop = target;
  }

  // ----- Table of contents of the page -----
  var tocWide = window.matchMedia ? matchMedia("(min-width: 80rem)") : { matches: true };
  var box = null, links = [], targets = [], active = null, ticking = false;
  function spy() {
    ticking = false;
    var line = (parseFloat(getComputedStyle(root).scrollPaddingTop) || 80) + 8;
    var found = -1;
    for (var i = 0; i < targets.length; i++) {
      if (targets[i] && targets[i].getBoundingClientRect().top <= line) found = i; else if (targets[i]) break;
    }
    // At the very bottom the last sections may never reach the line: take the last one.
    if (targets.length && window.innerHeight + window.scrollY >= doc.documentElement.scrollHeight - 2) found = targets.length - 1;
    var link = found >= 0 ? links[found] : null;
    if (link === active) return;
    if (active) { active.classList.remove("is-active"); active.removeAttribute("aria-current"); }
    active = link;
    if (active) { active.classList.add("is-active"); active.setAttribute("aria-current", "location"); }
  }
  function onScroll() { if (links.length && !ticking) { ticking = true; requestAnimationFrame(spy); } }
  function enhanceToc() {
    var toc = $("page-toc");
    var nextBox = toc && toc.querySelector("details");
    if (fresh(nextBox)) {
      // Folded above the text on narrow screens; always open as a side column. page.html folds
      // it already, before the text is parsed; this is for templates that do not. A box that
      // replaces another keeps its state.
      if (box && !doc.contains(box)) nextBox.open = box.open;
      else if (!tocWide.matches) nextBox.open = false;
    }
    box = nextBox;
    links = toc ? Array.prototype.slice.call(toc.querySelectorAll("a[href^='#']")) : [];
    targets = links.map(function (a) { return $(decodeURIComponent(a.getAttribute("href").slice(1))); });
    if (active && links.indexOf(active) < 0) active = null;
    links.forEach(function (a) {
      if (a !== active && a.classList.contains("is-active")) { a.classList.remove("is-active"); a.removeAttribute("aria-current"); }
    });
    if (links.length) spy();
    // On phones, picking a section folds the box again so the text is what you see.
    if (fresh(toc)) {
      toc.addEventListener("click", function (e) {
        if (e.target.closest && e.target.closest("a") && box && !tocWide.matches) box.open = false;
      });
    }
  }
  if (tocWide.addEventListener) tocWide.addEventListener("change", function (e) { if (e.matches && box) box.open = true; });
  window.addEventListener("scroll", onScroll, { passive: true });
  window.addEventListener("resize", onScroll, { passive: true });

  // ----- Wide tables -----
  var ro = null;
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
  function enhanceTables() {
    Array.prototype.forEach.call(doc.querySelectorAll(".table-wrap"), function (wrap) {
      if (!fresh(wrap)) return;
      // Name each scroll box after its table's caption, so screen readers can tell them apart.
      var figure = wrap.parentNode;
      var caption = figure && figure.querySelector && figure.querySelector("figcaption");
      if (caption && wrap.getAttribute("role") === "region") wrap.setAttribute("aria-label", caption.textContent.replace(/\s+/g, " ").trim());
      updateTable(wrap);
      wrap.addEventListener("scroll", function () { updateTable(wrap); }, { passive: true });
      if (!ro && window.ResizeObserver) {
        ro = new ResizeObserver(function (entries) { entries.forEach(function (en) { updateTable(en.target); }); });
      }
      if (ro) ro.observe(wrap);
    });
  }

  // ----- Search field on phones -----
  function enhanceSearch() {
    var search = $("search");
    var searchButton = $("search-button");
    var input = $("search-input");
    if (!search || !searchButton || !input || !fresh(searchButton)) return;
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

  function enhance() {
    enhanceToggle();
    enhanceDrawer();
    enhanceToc();
    enhanceTables();
    enhanceSearch();
  }
  enhance();
  // Arrived with #sidebar (the no-script way of opening): show it the scripted way instead.
  if (menu && sidebar && location.hash === "#sidebar") {
    history.replaceState(null, "", location.pathname + location.search);
    if (narrow.matches) openDrawer();
  }
  doc.addEventListener("sotay:content-replaced", enhance);
})();
