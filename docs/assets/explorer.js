/* convdocs padding explorer: a 2-d convolution set up from labelled controls, drawn with the convdocs figure
 * conventions. The page only: the arithmetic and every sentence are the DOM-free core (assets/core/*.mjs, tested
 * in Node against golden vectors written by convdocs.core), filled from the catalogue of words the build puts in
 * the page (#convdocs-words). An ES module: deferred by nature, no dependencies. */
import * as core from "./core/conv.mjs";
import { EXACT, parsePadding as parse, wholeNumber as whole_ } from "./core/numbers.mjs";
import { fail, say } from "./core/words.mjs";
import { find as findAtlas } from "./core/atlas_match.mjs";

const { NAMES, MAX_DRAWN, check, formula, reads1d, grid, unread1d, layerCode } = core;
var CELL = 26, GAP = 44, MARGIN = 6;
/* Up to PER_CELL cells (padded input and output together) a figure has an element per cell; above it, a few
 * shapes per grid (the cost of drawing no longer grows with the cells). */
var PER_CELL = 600;
/* The figures' style (convdocs/figures/scene.py constants), printed into the page as #convdocs-style by
 * convdocs.site.page.style(): colours, opacities and dash patterns are read from it, never typed here. */
var STYLE = null;
function style() {
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
const T = {
  words: INLINE.words,
  separator: INLINE.separator,
  get messages() { return catalogue().messages; },
  get explain() { return catalogue().explain; },
};
const wholeNumber = (text, label) => whole_(text, label, T);
const parsePadding = (text) => parse(text, T);

/* Parts loaded when first needed, each a script of the site's own next to this one (no network beyond
 * the site): "pooling", "solve", "stack" (the modes and layers, ES modules), "values" (the numbers in the cells,
 * the tables, the torch-code script and the lesson of one output cell, wanted once a figure is drawn) and
 * "torch-text" (assets/explorer-torch-text.js, written at build time by convdocs/site/hooks.py).
 * load(name) -> a Promise; one <script> per name. */
var BASE = new URL(".", import.meta.url).href;
var LOADS = {}, LOADED = {}, FAILED = {}, loaded = null;  // loaded: the page's re-render, set by setup
function load(name) {
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
function need(name) {
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

/* For the other parts and the tests: the core with this page's catalogue. */
window.convdocsExplorer = {check: function (cfg) { return check(cfg, T); }, compute: function (cfg) { return core.compute(cfg, T); },
                           formula: formula, reads1d: reads1d, parsePadding: parsePadding, layerCode: layerCode,
                           wholeNumber: wholeNumber, load: load, need: need, MAX_DRAWN: MAX_DRAWN, style: style, text: T};

/* ---------------------------------------------------------------- the page */
var FIELDS = [["ih", "input-height", 7], ["iw", "input-width", 7], ["kh", "kernel-height", 3],
              ["kw", "kernel-width", 3], ["s", "stride", 1], ["p", "padding", "1"], ["d", "dilation", 1],
              ["mode", "padding-mode", "zeros"], ["t", "transposed", false], ["op", "output-padding", 0],
              ["layer", "layer", "Conv2d"], ["ceil", "ceil-mode", false], ["cip", "count-include-pad", true],
              ["vals", "values", "ramp"], ["wts", "weights", "ramp"], ["seed", "seed", 1]];
var POOLS = ["MaxPool2d", "AvgPool2d"];
/* Modes other than Shape (the Mode select): each lives in a script of its own, loaded when the mode is
 * chosen or the address opens in it (?<key>=1); once loaded, its writeUrl(params) and render(root)
 * hooks run on every update. */
var LAZY_MODES = {Solve: {script: "solve", key: "solve", hooks: "convdocsSolve"},
                  Stack: {script: "stack", key: "stack", hooks: "convdocsStack"}};
var SVGNS = "http://www.w3.org/2000/svg";

function setup(root) {
  var $ = function (id) { return root.querySelector("#cd-" + id); };
  $("weights").innerHTML = $("values").innerHTML;  // the kernel's presets are the input's
  var state = {conv: null, selected: null, timer: null};
  var status = $("status"), figure = $("figure"), outputs = $("outputs");

  /* The address sets the controls. What a control cannot hold is kept visible: an unknown padding mode
   * becomes an option of its own (check() then refuses it, as torch does), a checkbox value other than
   * 0 or 1 an error shown until the reader changes a control. */
  function readUrl() {
    var params = new URLSearchParams(window.location.search);
    FIELDS.forEach(function (f) {
      var node = $(f[1]), value = params.get(f[0]);
      if (value === null) return;
      if (node.type === "checkbox") {
        if (value !== "0" && value !== "1") {
          state.addressError = say(T, "explorer.address_checkbox", {key: f[0], value: value});
        }
        node.checked = value === "1";
      } else if (node.tagName === "SELECT") {
        var known = Array.prototype.some.call(node.options, function (o) { return o.value === value; });
        if (!known) {
          var option = document.createElement("option");
          option.value = value;
          option.textContent = "'" + value + "' (unknown)";
          option.className = "cd-unknown";
          node.appendChild(option);
        }
        node.value = value;
      } else {
        node.value = value;
      }
    });
    Object.keys(LAZY_MODES).forEach(function (mode) {
      var key = LAZY_MODES[mode].key, value = params.get(key);
      if (value === "1") $("mode").value = mode;
      else if (value !== null) state.addressError = say(T, "explorer.address_mode", {param: key, value: value, mode: mode});
    });
    // The Layer select and the Transposed checkbox say the same thing: an address may give either.
    if (params.has("layer")) $("transposed").checked = $("layer").value === "ConvTranspose2d";
    else $("layer").value = $("transposed").checked ? "ConvTranspose2d" : "Conv2d";
  }

  /* The controls into the address. Keys the explorer does not own stay, so a mode's own keys (solve's oh,
   * ow) survive until its script has loaded and writes them itself. */
  function writeUrl() {
    var params = new URLSearchParams(window.location.search);
    FIELDS.forEach(function (f) {
      var node = $(f[1]);
      params.set(f[0], node.type === "checkbox" ? (node.checked ? "1" : "0") : node.value);
    });
    modeHooks(function (hooks, mode) {
      params.delete(LAZY_MODES[mode].key);
      if ($("mode").value === mode) params.set(LAZY_MODES[mode].key, "1");
      if (hooks?.writeUrl) hooks.writeUrl(params);
    });
    var search = "?" + params.toString();
    if (search !== window.location.search) window.history.replaceState(null, "", window.location.pathname + search);
  }

  /* fn(hooks or null if its script is not here yet, mode) for every lazy mode. */
  function modeHooks(fn) {
    Object.keys(LAZY_MODES).forEach(function (mode) { fn(window[LAZY_MODES[mode].hooks] || null, mode); });
  }

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
      // Conv2d has no output_padding: the field is disabled and not read unless transposed.
      output_padding: $("transposed").checked ? whole("output-padding", "Output padding") : 0,
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

  /* The controls' configuration shown: size or error, formula, code, figure, and the mode's part. Also run
   * when a lazy part has loaded, so it leaves Play running. */
  function render() {
    writeUrl();
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

  function draw(conv) {
    figure.textContent = "";
    state.selected = null;
    state.inputCursor = null;
    state.paint = null;
    var why = core.notDrawn(conv, T);  // arithmetic only: nothing is allocated before the budget check
    if (why) {
      var note = document.createElement("p");
      var empty = Math.min(conv.output[0], conv.output[1]) < 1;  // a transposed layer torch answers with an empty tensor
      if (!empty) note.className = "cd-error";
      note.setAttribute("data-testid", "figure-error");
      note.textContent = why;
      figure.appendChild(note);
      if (!empty) select([0, 0]);
      return;
    }
    var S = style();
    var rows = grid(conv, 0), cols = grid(conv, 1);
    var outH = conv.output[0], outW = conv.output[1];
    var kH = conv.kernel[0], kW = conv.kernel[1];
    // Small figures: one <rect> per cell (hover and highlight by class) and its value written in it. Large ones:
    // each grid is a few shapes (fill, grid lines, a pattern for the padding) and the highlight one path, so that
    // drawing, Step and Play stay far below a frame's worth of work however many cells there are.
    var compact = rows.length * cols.length + outH * outW > PER_CELL;
    var KCELL = compact ? 14 : CELL;  // the kernel's cells: as large as the others when they hold numbers
    var xKernel = MARGIN + cols.length * CELL + GAP;
    var kernelWidth = Math.max(kW * KCELL, 48);
    var xOut = xKernel + kernelWidth + GAP;
    var height = MARGIN * 2 + Math.max(rows.length * CELL, outH * CELL, kH * KCELL + 30) + 18;
    var width = xOut + outW * CELL + MARGIN;
    var yOut = MARGIN + Math.max(0, (rows.length - outH) * CELL / 2);
    var yKernel = MARGIN + Math.max(0, (rows.length * CELL - kH * KCELL) / 2);
    var x0Kernel = xKernel + (kernelWidth - kW * KCELL) / 2;
    var dropR = unread1d(conv, 0), dropC = unread1d(conv, 1);
    var lo0 = rows[0], lo1 = cols[0];
    var inside = function (r, c) { return r >= 0 && r < conv.input[0] && c >= 0 && c < conv.input[1]; };
    var xIn = function (c) { return MARGIN + (c - lo1) * CELL; }, yIn = function (r) { return MARGIN + (r - lo0) * CELL; };
    var grids = compact ? compactGrids() : cellGrids();
    // The kernel: one rectangle and its grid lines, whatever its size.
    var kernel = ['<rect x="' + x0Kernel + '" y="' + yKernel + '" width="' + kW * KCELL + '" height="' + kH * KCELL +
                '" class="cd-kernel" data-rows="' + kH + '" data-cols="' + kW + '"/><path fill="none" d="'], r, c;
    for (r = 1; r < kH; r++) kernel.push("M" + x0Kernel + " " + (yKernel + r * KCELL) + "h" + kW * KCELL);
    for (c = 1; c < kW; c++) kernel.push("M" + (x0Kernel + c * KCELL) + " " + yKernel + "v" + kH * KCELL);
    kernel.push('"/>');
    var text = function (x, y, size, words) {
      return '<text x="' + x + '" y="' + y + '" text-anchor="middle" font-size="' + size + '" fill="' + S.ink + '">' +
        words + "</text>";
    };
    // One string, parsed once.
    figure.innerHTML = '<svg width="' + width + '" height="' + height + '" viewBox="0 0 ' + width + " " + height +
      '" role="img" font-family="sans-serif" style="--cd-read: ' + S.read + "; --cd-read-opacity: " + S.readOpacity +
      '" xmlns="' + SVGNS + '"><title>' +
      say(T, "explorer.figure_title", {rows: rows.length, cols: cols.length, kh: kH, kw: kW, oh: outH, ow: outW}) +
      "</title>" + grids.defs +
      '<g stroke="' + S.ink + '" stroke-width="0.6">' +
      '<g fill="' + S.input + '">' + grids.input + "</g>" +
      '<g fill="' + S.output + '">' + grids.output + "</g>" +
      '<g fill="' + S.ink + '" fill-opacity="' + (compact ? 0.4 : 0.12) + '">' + kernel.join("") + "</g>" + grids.lit + "</g>" +
      '<g stroke="' + S.dropped + '" stroke-width="1.5">' + grids.drops + "</g>" + (compact || !state.values ? "" : window.convdocsValues.labels(state.values, conv.transposed, CELL,
        [[MARGIN, MARGIN], [xOut, yOut], [x0Kernel, yKernel]], S.ink)) +
      text(xKernel + kernelWidth / 2, yKernel + kH * KCELL + 14, 11,
           (conv.pool ? "window " : "kernel ") + kH + "×" + kW +
      (conv.dilation[0] > 1 ? ", dilation " + conv.dilation[0] : "")) +
      text(MARGIN + cols.length * CELL / 2, height - MARGIN - 2, 12, "input") +
      text(xOut + outW * CELL / 2, height - MARGIN - 2, 12, "output") + "</svg>";
    var svg = figure.firstChild;
    state.paint = compact ? compactPaint(svg) : cellPaint(svg);
    state.geometry = compact ? null : {taps: svg.querySelector(".cd-taps"), kernel: [x0Kernel, yKernel], kW: kW, xIn: xIn,
                                       yIn: yIn, rows: rows, cols: cols};
    select([0, 0]);

    function cellGrids() {
      var cells = [], drops = [], outs = [];
      rows.forEach(function (r) {
        cols.forEach(function (c) {
          var x = xIn(c), y = yIn(r);
          cells.push('<rect x="' + x + '" y="' + y + '" width="' + CELL + '" height="' + CELL + '" data-r="' + r +
            '" data-c="' + c + (inside(r, c) ? '" class="cd-cell cd-in"/>' :
                                '" class="cd-cell cd-in cd-pad" fill="none" stroke-dasharray="' + S.dash + '"/>'));
          if (dropR[r] || dropC[c]) {
            drops.push('<line x1="' + (x + 3) + '" y1="' + (y + CELL - 3) + '" x2="' + (x + CELL - 3) + '" y2="' +
                       (y + 3) + '" class="cd-dropped"/>');
          }
        });
      });
      for (var r = 0; r < outH; r++) {
        for (var c = 0; c < outW; c++) {
          outs.push('<rect x="' + (xOut + c * CELL) + '" y="' + (yOut + r * CELL) + '" width="' + CELL + '" height="' +
                    CELL + '" data-r="' + r + '" data-c="' + c + '" class="cd-cell cd-out"/>');
        }
      }
      return {defs: "", input: cells.join(""), output: outs.join(""), drops: drops.join(""), lit: ""};
    }

    /* Cells in row-major order: the one at (r, c) is found by its index; a highlight is a class. */
    function cellPaint(svg) {
      var inputs = svg.querySelectorAll("rect.cd-in"), outputs = svg.querySelectorAll("rect.cd-out"), lit = [];
      var pick = function (event) {  // hover, or a tap on a touch screen
        var t = event.target;
        if (!t.classList?.contains("cd-cell")) return;
        var rc = [parseInt(t.getAttribute("data-r"), 10), parseInt(t.getAttribute("data-c"), 10)];
        if (t.classList.contains("cd-out")) select(rc); else selectInput(rc);
      };
      svg.addEventListener("mouseover", pick);
      svg.addEventListener("click", pick);
      var light = function (cell) { if (cell) { cell.classList.add("cd-hl"); lit.push(cell); } };
      return function (ins, outs) {
        lit.forEach(function (cell) { cell.classList.remove("cd-hl"); });
        lit = [];
        outs.forEach(function (rc) { light(outputs[rc[0] * outW + rc[1]]); });
        ins.forEach(function (rc) {
          var i = rc[0] - lo0, j = rc[1] - lo1;
          if (i >= 0 && i < rows.length && j >= 0 && j < cols.length) light(inputs[i * cols.length + j]);
        });
      };
    }

    /* A grid of n × m cells at (x, y) as one path of lines. */
    function lines(x, y, n, m) {
      var d = [], i;
      for (i = 0; i <= n; i++) d.push("M" + x + " " + (y + i * CELL) + "h" + m * CELL);
      for (i = 0; i <= m; i++) d.push("M" + (x + i * CELL) + " " + y + "v" + n * CELL);
      return '<path fill="none" d="' + d.join("") + '"/>';
    }
    function box(x, y, w, h, extra) {
      return '<rect x="' + x + '" y="' + y + '" width="' + w + '" height="' + h + '"' + (extra || "") + "/>";
    }

    function compactGrids() {
      var r0 = Math.max(lo0, 0), r1 = Math.min(rows[rows.length - 1], conv.input[0] - 1);
      var c0 = Math.max(lo1, 0), c1 = Math.min(cols[cols.length - 1], conv.input[1] - 1);
      var drops = [], input = "";
      // the padding: every cell's dashed outline (a pattern), under the input's cells
      if (rows.length > r1 - r0 + 1 || cols.length > c1 - c0 + 1) {
        input += box(MARGIN, MARGIN, cols.length * CELL, rows.length * CELL, ' fill="url(#cd-pad-cells)" stroke="none"');
      }
      input += box(xIn(c0), yIn(r0), (c1 - c0 + 1) * CELL, (r1 - r0 + 1) * CELL, ' stroke="none"') +
        lines(xIn(c0), yIn(r0), r1 - r0 + 1, c1 - c0 + 1);
      rows.forEach(function (r) {
        cols.forEach(function (c) {
          if (dropR[r] || dropC[c]) drops.push("M" + (xIn(c) + 3) + " " + (yIn(r) + CELL - 3) + "l" + (CELL - 6) + " " + (6 - CELL));
        });
      });
      return {
        defs: '<defs><pattern id="cd-pad-cells" patternUnits="userSpaceOnUse" x="' + MARGIN + '" y="' + MARGIN +
          '" width="' + CELL + '" height="' + CELL + '"><rect width="' + CELL + '" height="' + CELL + '" fill="none" ' +
          'stroke="' + S.ink + '" stroke-width="1.2" stroke-dasharray="' + S.dash + '"/></pattern></defs>',
        input: input,
        output: box(xOut, yOut, outW * CELL, outH * CELL, ' stroke="none"') + lines(xOut, yOut, outH, outW),
        drops: drops.length ? '<path class="cd-dropped" d="' + drops.join("") + '"/>' : "",
        // the highlight: the page's background under the read colour, as a highlighted cell's own fill would be
        lit: '<g class="cd-lit" style="fill: var(--md-default-bg-color)"><path/><path class="cd-hl"/>' +
          '<path stroke-dasharray="' + S.dash + '"/><path class="cd-hl" stroke-dasharray="' + S.dash + '"/>' +
          '<path/><path class="cd-hl cd-out"/></g>',
      };
    }

    /* A highlight sets three paths (inside cells, padding cells, output cells), each drawn twice: the page's
     * background, then the read colour. Hover: the cell under the pointer, from its coordinates. */
    function compactPaint(svg) {
      var paths = svg.querySelectorAll(".cd-lit path"), last = "";
      var squares = function (cells, x, y) {
        return cells.map(function (rc) { return "M" + x(rc) + " " + y(rc) + "h" + CELL + "v" + CELL + "h-" + CELL + "z"; }).join("");
      };
      var inX = function (rc) { return xIn(rc[1]); }, inY = function (rc) { return yIn(rc[0]); };
      svg.addEventListener("mousemove", function (event) {
        var ctm = svg.getScreenCTM();
        if (!ctm) return;
        var p = new DOMPoint(event.clientX, event.clientY).matrixTransform(ctm.inverse());
        var i = Math.floor((p.y - MARGIN) / CELL), j = Math.floor((p.x - MARGIN) / CELL);
        var oi = Math.floor((p.y - yOut) / CELL), oj = Math.floor((p.x - xOut) / CELL), key;
        if (i >= 0 && i < rows.length && j >= 0 && j < cols.length) key = "in " + rows[i] + " " + cols[j];
        else if (oi >= 0 && oi < outH && oj >= 0 && oj < outW) key = "out " + oi + " " + oj;
        if (!key || key === last) return;
        last = key;
        var rc = key.split(" ");
        if (rc[0] === "out") select([+rc[1], +rc[2]]); else selectInput([+rc[1], +rc[2]]);
      });
      return function (ins, outs) {
        var inGrid = ins.filter(function (rc) {
          return rc[0] >= lo0 && rc[0] <= rows[rows.length - 1] && rc[1] >= lo1 && rc[1] <= cols[cols.length - 1];
        });
        var own = squares(inGrid.filter(function (rc) { return inside(rc[0], rc[1]); }), inX, inY);
        var pad = squares(inGrid.filter(function (rc) { return !inside(rc[0], rc[1]); }), inX, inY);
        var out = squares(outs, function (rc) { return xOut + rc[1] * CELL; }, function (rc) { return yOut + rc[0] * CELL; });
        [own, own, pad, pad, out, out].forEach(function (d, k) {
          if (d) paths[k].setAttribute("d", d); else paths[k].removeAttribute("d");
        });
      };
    }
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
      state.paint(lit, [rc]);
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
  loaded = render;
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
    readUrl();
    modeHooks(function (hooks) { if (hooks?.readUrl) hooks.readUrl(root); });
    update();
  });
  /* Number steppers: − / + beside a field, and the arrow keys inside it, move it by one (never below its
   * minimum); a field that holds no whole number starts again from its minimum. */
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
  readUrl();
  update();
}


function start() {
  var root = document.getElementById("convdocs-explorer");
  if (root && !root.dataset.ready) { root.dataset.ready = "1"; setup(root); }
}
start();  // a module runs once the page is parsed
