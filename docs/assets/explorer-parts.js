/* convdocs explorer, its parts and words: the catalogue the core fills its sentences from, the figures' style, and
 * the parts of the explorer loaded on demand (each a script of the site's own next to this one). Imported by
 * explorer.js; no DOM work beyond adding a <script> and saying on the explorer root what it waits for. */
import { parsePadding as parse, wholeNumber as whole_ } from "./core/numbers.mjs";
import { fail, say } from "./core/words.mjs";

/* The figures' style (convdocs/figures/scene.py constants), printed into the page as #convdocs-style by
 * convdocs.site.page.style(): colours, opacities and dash patterns are read from it, never typed here. */
let STYLE = null;
export function style() {
  if (!STYLE) STYLE = JSON.parse(document.getElementById("convdocs-style").textContent);
  return STYLE;
}

/* The catalogue the core fills its sentences from: convdocs' words and the separator, in the page
 * (#convdocs-words, written by convdocs/site/hooks.py); PyTorch's own texts (torch_text.json) in
 * assets/explorer-torch-text.js, loaded the first time a configuration is refused. Until they are here,
 * the refusal is shown in plain words (a pending error) and the page renders again once they are. */
const INLINE = JSON.parse(document.getElementById("convdocs-words")?.textContent || '{"words": {}, "separator": ""}');
function catalogue() {
  if (!need("torch-text")) {
    var e = new Error(say(T, "explorer.torch_loading"));
    e.convdocs = true;
    e.pending = true;
    throw e;
  }
  return window.convdocsTorchText;
}
export const T = {
  words: INLINE.words,
  separator: INLINE.separator,
  get messages() { return catalogue().messages; },
  get explain() { return catalogue().explain; },
};
export const wholeNumber = (text, label) => whole_(text, label, T);
export const parsePadding = (text, label) => parse(text, T, label);

/* Parts loaded when first needed, each a script of the site's own next to this one (no network beyond
 * the site): "pooling", "solve", "stack" (the modes and layers, ES modules), "stretch" (a transposed layer's
 * stretched input, explorer-stretch.js), "nearest" (the way out of a refusal, explorer-nearest.js), "notes" (unusable address
 * values beside their controls), "compact" (a large figure's few shapes), "values" (the numbers in the cells,
 * the tables, the torch-code script and the lesson of one output cell, wanted once a figure is drawn) and
 * "torch-text" (assets/explorer-torch-text.js, written at build time by convdocs/site/hooks.py).
 * load(name) -> a Promise; one <script> per name. */
var BASE = new URL(".", import.meta.url).href;
var LOADS = {}, LOADED = {}, loaded = null;  // loaded: the page's re-render, set by onLoaded
export const FAILED = {};
export function load(name) {
  if (!LOADS[name]) {
    LOADS[name] = new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      if (name !== "torch-text") script.type = "module";
      script.src = BASE + "explorer-" + name + ".js";
      script.onload = function () { LOADED[name] = true; resolve(name); };
      script.onerror = function () {
        FAILED[name] = "explorer-" + name + ".js";
        reject(new Error("could not load " + script.src));
      };
      document.head.appendChild(script);
    });
  }
  return LOADS[name];
}
/* Whether part `name` is here; if not, it starts loading and the page renders again once it is
 * (the explorer root says what it waits for in data-loading). A part that cannot load is an error. */
export function need(name) {
  if (LOADED[name]) return true;
  if (FAILED[name]) fail(say(T, "explorer.load_failed", {file: FAILED[name]}));
  if (!LOADS[name]) {
    var root = document.getElementById("convdocs-explorer"), waiting = function () {
      return Object.keys(LOADS).filter(function (n) { return !LOADED[n] && !FAILED[n]; }).join(" ");
    };
    var done = function () {
      if (root) {
        if (waiting()) root.setAttribute("data-loading", waiting());
        else root.removeAttribute("data-loading");
      }
      if (loaded) loaded();
    };
    load(name).then(done, done);
    if (root) root.setAttribute("data-loading", waiting());
  }
  return false;
}

/* fn() runs each time a part has loaded (or failed to): the page renders again. */
export function onLoaded(fn) { loaded = fn; }
