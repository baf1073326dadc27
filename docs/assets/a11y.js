/* Accessible names the theme leaves out, so screen readers can tell these apart (axe-core checks every
 * page in the tests): Material's search dialog, and the copy-button <nav> it adds to each code block. */
(function () {
  "use strict";
  var count = 0;
  function name() {
    document.querySelectorAll('[role="dialog"]:not([aria-label]):not([aria-labelledby])').forEach(function (d) {
      d.setAttribute("aria-label", d.classList.contains("md-search") ? "Search" : "Dialog");
    });
    document.querySelectorAll("nav.md-code__nav:not([aria-label])").forEach(function (nav) {
      count += 1;
      nav.setAttribute("aria-label", "Code block " + count + " actions");
    });
  }
  function start() {
    name();
    new MutationObserver(name).observe(document.body, {childList: true, subtree: true});
  }
  // in a task of its own: run inside DOMContentLoaded, it would lengthen the theme's start-up task there
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", () => setTimeout(start));
  else start();
})();
