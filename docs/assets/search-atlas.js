/* On every page, light: the first query in the search box loads search-atlas-pin.js, which puts a pasted torch
 * message's error atlas section first in the results (its matcher and data load with it, not with the page). */
(function () {
  var box = document.querySelector("input.md-search__input"), script = document.currentScript;
  if (!box || !script) return;
  box.addEventListener("input", function first() {
    box.removeEventListener("input", first);
    import(new URL("search-atlas-pin.js", script.src).href).then(function (pin) { pin.start(box); }, function () {
      /* it could not load: the search stays Material's own */
    });
  });
})();
