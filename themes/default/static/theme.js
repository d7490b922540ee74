// Theme toggle (remembered in localStorage) and small enhancements. Everything here is
// optional: without JavaScript the site stays fully readable and navigable.
(function () {
  "use strict";
  var root = document.documentElement;
  var toggle = document.getElementById("theme-toggle");
  if (toggle) {
    toggle.addEventListener("click", function () {
      var next = root.getAttribute("data-theme") === "dark" ? "light" : "dark";
      root.setAttribute("data-theme", next);
      try { localStorage.setItem("sotay-theme", next); } catch (e) { /* private mode */ }
    });
  }
  var current = document.querySelector(".sidebar [aria-current='page']");
  if (current && current.scrollIntoView) current.scrollIntoView({ block: "nearest" });
})();
