/* convdocs: what Material's bundle would change on <html> at start-up, done before the page exists.
 *
 * convdocs/site/theme.py inlines this file (minified) in every page's <head>, right after the charset and
 * ahead of the stylesheets; the site does not ship it as a file. Material's bundle, once the page is
 * parsed, swaps <html class="no-js"> for "js", and the focus-visible polyfill in it marks <html> with a
 * class and an attribute: each change made then restyles the page, on a phone a long task before the
 * reader can use it. Made here, while <body> does not exist yet, they cost nothing, and the bundle finds
 * them already made. Without JavaScript neither this nor the bundle runs, and the theme's "no-js" styles
 * apply as before.
 *
 * Material also turns transitions off while the colour scheme changes, with an attribute on <body> that it
 * sets on every page load, not only on a switch; its stylesheet's rule for that attribute restyles every
 * element each time it is set and removed. The build drops that rule (mkdocs_hooks.py), and this puts the
 * same pause on transitions only when the reader switches the scheme: the "cd-switching" class
 * (docs/assets/convdocs.css), from the switch until two frames later, when the new colours are drawn.
 */
(() => {
  "use strict";
  const root = document.documentElement;
  root.classList.replace("no-js", "js");
  root.classList.add("js-focus-visible");
  root.setAttribute("data-js-focus-visible", "");
  document.addEventListener(
    "change",
    (event) => {
      if (!(event.target instanceof Element) || !event.target.closest("[data-md-component=palette]")) return;
      root.classList.add("cd-switching");
      requestAnimationFrame(() => requestAnimationFrame(() => root.classList.remove("cd-switching")));
    },
    true,
  );
})();
