/* convdocs padding explorer: a 2-d convolution set up from labelled controls, drawn with the convdocs figure
 * conventions. The page only: the arithmetic and every sentence are the DOM-free core (assets/core/*.mjs, tested
 * in Node against golden vectors written by convdocs.core), filled from the catalogue of words the build puts in
 * the page (#convdocs-words). An ES module: deferred by nature, no dependencies. */
import * as core from "./core/conv.mjs";
import { EXACT } from "./core/numbers.mjs";
import { fail, say } from "./core/words.mjs";
import { find as findAtlas } from "./core/atlas_match.mjs";
import { readUrl, writeUrl, FIELDS, LAZY_MODES, modeHooks } from "./explorer-address.js";
import { CELL, drawFigure } from "./explorer-draw.js";
import { FAILED, load, need, onLoaded, parsePadding, style, T, wholeNumber } from "./explorer-parts.js";

const { MAX_DRAWN, NAMES, check, formula, reads1d, grid, layerCode } = core;

/* For the other parts and the tests: the core with this page's catalogue. */
window.convdocsExplorer = {check: function (cfg) { return check(cfg, T); }, compute: function (cfg) { return core.compute(cfg, T); },
                           formula: formula, reads1d: reads1d, parsePadding: parsePadding, layerCode: layerCode,
                           wholeNumber: wholeNumber, load: load, need: need, MAX_DRAWN: MAX_DRAWN, style: style, text: T};

/* ---------------------------------------------------------------- the page */
var POOLS = ["MaxPool2d", "AvgPool2d"];

function setup(root) {
  var $ = function (id) { return root.querySelector("#cd-" + id); };
  $("weights").innerHTML = $("values").innerHTML;  // the kernel's presets are the input's
  var state = {conv: null, selected: null, timer: null};
  var status = $("status"), figure = $("figure"), outputs = $("outputs");

  function whole(id, label) { return wholeNumber($(id).value, label); }

  function readConfig() {
    var layer = $("layer").value;
    if (POOLS.indexOf(layer) >= 0) {
      return {
        layer: layer, input: [whole("input-height", "Input height"), whole("input-width", "Input width")],
        kernel: [whole("kernel-height", "Kernel height"), whole("kernel-width", "Kernel width")],
        stride: whole("stride", "Stride"), padding: parsePadding($("padding").value),
        // AvgPool2d has no dilation: the field is disabled and not read.
        dilation: layer === "MaxPool2d" ? whole("dilation", "Dilation") : 1,
        ceil_mode: $("ceil-mode").checked, count_include_pad: $("count-include-pad").checked,
      };
    }
    if (layer !== "Conv2d" && layer !== "ConvTranspose2d") {
      fail(say(T, "explorer.address_layer", {layer: layer, pools: POOLS.join(" or ")}));
    }
    return {
      input: [whole("input-height", "Input height"), whole("input-width", "Input width")],
      kernel: [whole("kernel-height", "Kernel height"), whole("kernel-width", "Kernel width")],
      stride: whole("stride", "Stride"), padding: parsePadding($("padding").value),
      dilation: whole("dilation", "Dilation"), padding_mode: $("padding-mode").value,
      transposed: $("transposed").checked,
      // Conv2d has no output_padding: the field is disabled and not read unless transposed. One number or two, as Padding.
      output_padding: $("transposed").checked ? parsePadding($("output-padding").value, "Output padding") : 0,
    };
  }

  /* A pooling layer drawn as the explorer draws a convolution: its window slides as a kernel would. */
  function poolConv(pool) {
    return {input: pool.input, pads: pool.pads, output: pool.output, kernel: pool.kernel, stride: pool.stride,
            dilation: pool.dilation, transposed: false, output_padding: [0, 0], padding_mode: "zeros", pool: pool};
  }

  function update(event) {
    stop();
    if (event) {  // the reader changed a control: what the address asked for no longer holds
      state.addressError = null;
      clearNotes();
      if (event.target.tagName === "SELECT") {
        Array.prototype.slice.call(event.target.querySelectorAll(".cd-unknown")).forEach(function (o) {
          if (o.value !== event.target.value) o.remove();
        });
      }
      if (event.target === $("layer")) $("transposed").checked = $("layer").value === "ConvTranspose2d";
      if (event.target === $("transposed")) {
        if ($("transposed").checked) $("layer").value = "ConvTranspose2d";
        else if ($("layer").value === "ConvTranspose2d") $("layer").value = "Conv2d";
      }
    }
    render();
  }

  /* The controls' configuration shown, then, once nothing it needs is still loading, the explorer revealed:
   * assets/convdocs.css keeps it hidden until its first whole drawing (or for a second at most, then it shows
   * what it has and says what it waits for), so nothing on the page jumps as it fills in.
   * Also run when a lazy part has loaded, so it leaves Play running. */
  function render() {
    paint();
    if (!root.hasAttribute("data-loading")) root.setAttribute("data-drawn", "");
  }

  /* Size or error, formula, code, figure, and the mode's part. */
  function paint() {
    writeUrl($);
    $("nearest-line").hidden = true;
    // what the address set and no control can use: a note beside each control (the part explorer-notes.js)
    if (state.urlNotes?.length && !FAILED.notes && need("notes")) {
      window.convdocsNotes.show(root, state.urlNotes);
      state.urlNotes = null;
    }
    var wanted = LAZY_MODES[$("mode").value], note = $("loading");
    note.textContent = "";
    note.className = "cd-status";
    if (wanted) {
      try {
        if (!need(wanted.script)) note.textContent = say(T, "explorer.loading_mode", {mode: $("mode").value.toLowerCase()});
      } catch (e) {
        if (!e.convdocs) throw e;
        note.textContent = e.message;
        note.className = "cd-error";
      }
    }
    note.hidden = !note.textContent;
    // A mode's render hook shows its part (solve's answers); one that returns true shows the whole page itself.
    var taken = false;
    modeHooks(function (hooks) { if (hooks?.render && hooks.render(root) === true) taken = true; });
    if (taken) return;
    var cfg, conv, pooling = POOLS.indexOf($("layer").value) >= 0;
    // A control the chosen layer does not have is disabled and not read.
    $("output-padding").disabled = !$("transposed").checked;
    $("padding-mode").disabled = pooling || $("transposed").checked;
    var why = pooling ? say(T, "values.mode_pooling") : $("transposed").checked ? say(T, "values.mode_transposed") : "";
    $("mode-why").textContent = why;
    $("mode-why").hidden = !why;
    $("dilation").disabled = $("layer").value === "AvgPool2d";
    $("ceil-mode").disabled = !pooling;
    $("count-include-pad").disabled = $("layer").value !== "AvgPool2d";
    Array.prototype.forEach.call(root.querySelectorAll(".cd-num"), function (box) {
      var off = box.querySelector("input").disabled;
      Array.prototype.forEach.call(box.querySelectorAll("button"), function (b) { b.disabled = off; });
    });
    try {
      if (state.addressError) fail(state.addressError);
      cfg = readConfig();
      var choice = {input: $("values").value, kernel: $("weights").value, seed: whole("seed", "Seed")};
      if (pooling && !need("pooling")) {  // nothing to show until its script is here: say so
        note.textContent += (note.textContent ? " " : "") + say(T, "explorer.loading_pooling");
        note.hidden = false;
        blank("");
        return;
      }
      conv = pooling ? poolConv(window.convdocsPooling.LAYERS[cfg.layer](cfg)) : check(cfg, T);
    } catch (e) {
      if (!e.convdocs) throw e;
      blank(e.message);
      // the nearest configuration torch accepts, one click away (the part explorer-nearest.js, loaded on a refusal)
      if (cfg && !e.pending && !FAILED.nearest && need("nearest")) window.convdocsNearest.offer(root, cfg, update);
      return;
    }
    state.conv = conv;
    $("error").hidden = true;
    $("error").textContent = "";
    showAtlas("");
    $("shape").hidden = false;
    $("shape").textContent = conv.output[0] + " × " + conv.output[1];
    $("formula").textContent = "";
    NAMES.forEach(function (name, a) {
      var li = document.createElement("li");
      li.textContent = name + ": " + (conv.pool ? window.convdocsPooling.formula(conv.pool, a) : formula(conv, a));
      $("formula").appendChild(li);
    });
    $("code").textContent = conv.pool ? window.convdocsPooling.layerCode(conv.pool) : layerCode(cfg);
    state.values = null;  // the values part ("values") loads once a figure is drawn; the page draws again then
    // a values part that could not load leaves the figure without numbers (need() would refuse the page)
    if (!FAILED.values && !core.notDrawn(conv, T) && need("values")) state.values = window.convdocsValues.compute(conv, cfg, choice);
    $("tables").innerHTML = state.values ? window.convdocsValues.tables(state.values, T) : "";
    draw(conv);
  }

  function clearNotes() {
    state.urlNotes = null;
    if (window.convdocsNotes) window.convdocsNotes.clear(root);
  }

  /* Under a refusal, the atlas section that explains it: torch's words matched as `explain` matches them
   * (core/atlas_match.mjs with convdocs.core.torch_text.atlas_patterns, shipped with torch's texts, which load on
   * the first refusal). */
  function showAtlas(message) {
    var link = $("atlas"), section = "";
    try {
      if (message.startsWith("PyTorch: ") && need("torch-text")) {
        var words = message.replace(/^PyTorch: \w+: /, "").split(T.separator)[0];
        var found = findAtlas(words, window.convdocsTorchText.atlas_match);
        section = found ? found.section : "";
      }
    } catch (_e) {
      section = "";  // torch's texts could not load: the refusal stands without its link
    }
    link.textContent = "";
    link.hidden = !section;
    if (!section) return;
    var a = document.createElement("a");
    a.href = new URL("../" + section, window.location.href).href;
    a.textContent = say(T, "atlas.see", {url: a.href});
    link.appendChild(a);
  }

  /* No size: the error `message` (if any) instead, and nothing drawn or copyable. */
  function blank(message) {
    state.conv = null;
    $("shape").textContent = "";
    $("shape").hidden = true;
    $("error").textContent = message;
    $("error").hidden = !message;
    showAtlas(message);
    $("formula").textContent = "";
    $("code").textContent = "";
    figure.textContent = "";
    status.textContent = "";
    state.values = null;
    $("tables").textContent = "";
    $("sum").textContent = "";
  }

  /* The figure of `conv`: drawn afresh, nothing selected but output cell (0, 0). */
  function draw(conv) {
    state.selected = null;
    state.inputCursor = null;
    var drawn = drawFigure(figure, conv, state.values, {select: select, selectInput: selectInput});
    state.paint = drawn.paint;
    state.geometry = drawn.geometry;
    if (drawn.first) select([0, 0]);
  }

  function select(rc) {
    var conv = state.conv;
    if (!conv) return;
    state.selected = rc;
    if (state.paint) {  // drawn: highlight the cells
      var lit = [];
      reads1d(conv, 0, rc[0]).forEach(function (r) {
        reads1d(conv, 1, rc[1]).forEach(function (c) { lit.push([r, c]); });
      });
      state.paint(lit, [rc], rc);
    }
    status.textContent = core.readsStatus(conv, rc, T, function (pool, cell) { return window.convdocsPooling.divisor(pool, cell); });
    showLesson(rc);
  }

  /* The output cell's lesson: the multiply–sum written out, and each tap outlined in its own colour on the input
   * (padding included) and on the kernel cell it multiplies by. */
  function showLesson(rc) {
    if (state.values) window.convdocsValues.showLesson(state.values, rc, T, $("sum"), state.geometry, CELL);
  }

  function selectInput(rc) {
    var conv = state.conv;
    if (!conv || !state.paint) return;
    var cells = [], r, c;
    var cols = [];  // the output columns that read input column rc[1], worked out once
    for (c = 0; c < conv.output[1]; c++) if (reads1d(conv, 1, c).indexOf(rc[1]) >= 0) cols.push(c);
    for (r = 0; r < conv.output[0]; r++) {
      if (reads1d(conv, 0, r).indexOf(rc[0]) < 0) continue;
      cols.forEach(function (c) {
        cells.push([r, c]);
      });
    }
    state.paint([rc], cells);
    status.textContent = core.readByStatus(rc, cells, T);
  }

  function step() {
    var conv = state.conv;
    if (!conv || Math.min(conv.output[0], conv.output[1]) < 1) return;
    var rc = state.selected || [0, -1];
    var next = rc[1] + 1 < conv.output[1] ? [rc[0], rc[1] + 1] : [(rc[0] + 1) % conv.output[0], 0];
    select(next);
  }

  function stop() {
    if (state.timer) window.clearInterval(state.timer);
    state.timer = null;
    $("play").textContent = "Play";
    $("play").setAttribute("aria-pressed", "false");
  }

  $("play").addEventListener("click", function () {
    if (state.timer) { stop(); return; }
    state.timer = window.setInterval(step, 1000 / parseFloat($("speed").value));
    $("play").textContent = "Pause";
    $("play").setAttribute("aria-pressed", "true");
  });
  $("step").addEventListener("click", step);
  $("speed").addEventListener("input", function () {
    if (state.timer) { stop(); $("play").click(); }
  });
  outputs.addEventListener("keydown", function (event) {
    var conv = state.conv;
    var moves = {ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1]};
    var m = moves[event.key];
    if (!conv || !m || !state.paint) return;
    event.preventDefault();
    var clamp = function (v, lo, hi) { return Math.min(Math.max(v, lo), hi); };
    if (event.shiftKey) {  // an input cell, padding included: which outputs read it
      var rows = grid(conv, 0), cols = grid(conv, 1), at = state.inputCursor || [rows[0], cols[0]];
      var next = [clamp(at[0] + m[0], rows[0], rows[rows.length - 1]),
                  clamp(at[1] + m[1], cols[0], cols[cols.length - 1])];
      if (!state.inputCursor) next = at;
      state.inputCursor = next;
      selectInput(next);
      return;
    }
    var rc = state.selected || [0, 0];
    select([clamp(rc[0] + m[0], 0, conv.output[0] - 1), clamp(rc[1] + m[1], 0, conv.output[1] - 1)]);
  });
  $("copy").addEventListener("click", function () {
    var text = "import torch\nimport torch.nn as nn\nprint(" + $("code").textContent + ")";
    if (navigator.clipboard) navigator.clipboard.writeText(text).catch(function () {});
    $("copy").textContent = "Copied";
    window.setTimeout(function () { $("copy").textContent = "Copy"; }, 1200);
  });
  FIELDS.forEach(function (f) {
    var node = $(f[1]);
    node.addEventListener(node.tagName === "SELECT" || node.type === "checkbox" ? "change" : "input", update);
  });
  $("mode").addEventListener("change", update);
  onLoaded(render);
  /* Back and forward to an address (history.pushState): every control from its default again, then the
   * address, as a fresh page would have them. */
  window.addEventListener("popstate", function () {
    Array.prototype.forEach.call(root.querySelectorAll(".cd-controls input, .cd-controls select"), function (node) {
      if (node.type === "checkbox") node.checked = node.defaultChecked;
      else if (node.tagName === "SELECT") {
        Array.prototype.slice.call(node.querySelectorAll(".cd-unknown")).forEach(function (o) { o.remove(); });
        var chosen = Array.prototype.filter.call(node.options, function (o) { return o.defaultSelected; })[0];
        node.selectedIndex = chosen ? chosen.index : 0;
      } else if (node.value !== node.defaultValue) node.value = node.defaultValue;
    });
    state.addressError = null;
    clearNotes();
    readUrl($, state);
    modeHooks(function (hooks) { if (hooks?.readUrl) hooks.readUrl(root); });
    update();
  });
  /* Number steppers: − / + beside a field, and the arrow keys inside it, move it by one (never below its
   * minimum); a field that holds no whole number (a pair of output paddings too) starts again from its minimum. */
  function nudge(input, by, event) {
    var low = parseInt(input.getAttribute("data-min"), 10), value;
    try { value = wholeNumber(input.value, "value") + by; } catch (_e) { value = low; }
    if (value > EXACT) return;
    input.value = String(Math.max(low, value));
    update(event);
  }
  Array.prototype.forEach.call(root.querySelectorAll(".cd-num"), function (box) {
    var input = box.querySelector("input");
    Array.prototype.forEach.call(box.querySelectorAll("button"), function (button) {
      button.addEventListener("click", function (event) {
        nudge(input, parseInt(button.getAttribute("data-step"), 10), event);
      });
    });
    input.addEventListener("keydown", function (event) {
      if (event.key !== "ArrowUp" && event.key !== "ArrowDown") return;
      event.preventDefault();
      nudge(input, event.key === "ArrowUp" ? 1 : -1, event);
    });
  });
  readUrl($, state);
  update();
  setTimeout(function () { root.setAttribute("data-drawn", ""); }, 1000);
}


function start() {
  var root = document.getElementById("convdocs-explorer");
  if (root && !root.dataset.ready) { root.dataset.ready = "1"; setup(root); }
}
start();  // a module runs once the page is parsed

