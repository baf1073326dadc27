/* convdocs explorer, solve mode (issue #14): which padding gives the output size I want? The page only: the
 * answers and their words are the core's (assets/core/solve.mjs), given the page's catalogue. Loaded when the
 * mode is first chosen (an ES module). */
import * as core from "./core/solve.mjs";
import { fail, say } from "./core/words.mjs";

const T = window.convdocsExplorer.text;
const solve = (input, kernel, stride, dilation, output, transposed, extra) =>
  core.solve(input, kernel, stride, dilation, output, transposed, extra, T);
const lines = (answer) => core.lines(answer, T);

/* ---------------------------------------------------------------- the page */
var PARAMS = [["solve", "mode"], ["oh", "output-height"], ["ow", "output-width"]];

function node(root, id) { return root.querySelector("#cd-" + id); }

/* Hook for explorer.js's writeUrl: the solve controls join the address. */
function writeUrl(params) {
  var root = document.getElementById("convdocs-explorer");
  if (!root || !node(root, "mode")) return;
  if (node(root, "mode").value === "Solve") params.set("solve", "1");
  params.set("oh", node(root, "output-height").value);
  params.set("ow", node(root, "output-width").value);
}

function readUrl(root) {
  var params = new URLSearchParams(window.location.search);
  if (params.get("solve") === "1") node(root, "mode").value = "Solve";
  ["oh", "ow"].forEach(function (key, a) {
    if (params.has(key)) node(root, PARAMS[a + 1][1]).value = params.get(key);
  });
}

/* Hook for explorer.js's update: show the shape or the solve answers. */
function render(root) {
  var on = node(root, "mode").value === "Solve";
  root.classList.toggle("cd-solving", on);
  node(root, "solve").hidden = !on;
  ["output-height", "output-width"].forEach(function (id) {
    node(root, id).disabled = !on;
    Array.prototype.forEach.call(node(root, id).parentNode.querySelectorAll("button"), function (b) { b.disabled = !on; });
  });
  if (!on) return;
  var list = node(root, "answers"), why = node(root, "why");
  list.textContent = "";
  why.textContent = "";
  why.hidden = true;
  try {
    var E = window.convdocsExplorer, layer = node(root, "layer").value;
    if (layer !== "Conv2d" && layer !== "ConvTranspose2d") fail(say(T, "explorer.solve_layers", {layer: layer}));
    var num = function (id, label) { return E.wholeNumber(node(root, id).value, label); };
    var answer = solve([num("input-height", "Input height"), num("input-width", "Input width")],
                       [num("kernel-height", "Kernel height"), num("kernel-width", "Kernel width")],
                       [num("stride", "Stride"), num("stride", "Stride")],
                       [num("dilation", "Dilation"), num("dilation", "Dilation")],
                       [num("output-height", "Wanted output height"), num("output-width", "Wanted output width")],
                       node(root, "transposed").checked);
    var settings = core.settings(answer);
    lines(answer).forEach(function (text, i) {
      var li = document.createElement("li"), shown = document.createElement("span");
      shown.className = "cd-answer";  // the answer alone, beside its Apply
      shown.textContent = text;
      li.appendChild(shown);
      if (settings[i]) li.append(" ", applyButton(root, settings[i], text));
      list.appendChild(li);
    });
  } catch (e) {
    if (!e.convdocs) throw e;
    why.textContent = e.message;
    why.hidden = false;
  }
}

/* An answer's "apply": its padding (and output_padding) into the figure's controls, each one number or a pair
 * (height, width), then the Shape mode shows the figure (the explorer redraws on the Mode select's change, as when a
 * reader chooses it). */
function applyButton(root, setting, text) {
  var button = document.createElement("button"), one = function (v) { return v[0] === v[1] ? String(v[0]) : v.join(", "); };
  button.type = "button";
  button.className = "md-button cd-apply";
  button.setAttribute("data-testid", "solve-apply");
  button.textContent = say(T, "apply.button");
  button.setAttribute("aria-label", say(T, "apply.label", {answer: text}));
  button.addEventListener("click", function () {
    node(root, "padding").value = one(setting.padding);
    if (node(root, "transposed").checked) node(root, "output-padding").value = one(setting.output_padding);
    node(root, "mode").value = "Shape";
    node(root, "mode").dispatchEvent(new Event("change"));
    node(root, "outputs").focus();
  });
  return button;
}

function start() {
  var root = document.getElementById("convdocs-explorer");
  if (!root || !node(root, "mode")) return;
  readUrl(root);
  var changed = function () {
    var params = new URLSearchParams(window.location.search);
    writeUrl(params);
    window.history.replaceState(null, "", window.location.pathname + "?" + params.toString());
    render(root);
  };
  ["mode", "output-height", "output-width"].forEach(function (id) {
    node(root, id).addEventListener(id === "mode" ? "change" : "input", changed);
  });
}


window.convdocsSolve = {span: core.span, total_range: core.total_range, symmetric: core.symmetric, split: core.split,
                        f_pad: core.f_pad, transposed_full: core.transposed_full, transposed_run: core.transposed_run, first_pairs: core.first_pairs,
                        sizes: (name, value) => core.sizes(name, value, T),
                        validated: (input, kernel, stride, dilation) => core.validated(input, kernel, stride, dilation, T),
                        solve: solve, lines: lines, writeUrl: writeUrl, render: render, readUrl: readUrl};
start();  // a module runs once the page is parsed
