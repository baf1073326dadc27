/* convdocs padding explorer: a 2-d convolution set up from labelled controls, drawn with the
 * convdocs figure conventions. The arithmetic mirrors convdocs/core/conv.py (PyTorch 2.13) and the
 * tests compare the two on thousands of configurations. Plain JavaScript, no dependencies. */
(function () {
  "use strict";

  var MODES = ["zeros", "reflect", "replicate", "circular"];
  var NAMES = ["height", "width"];
  var CELL = 22, GAP = 44, MARGIN = 6, KCELL = 14;
  /* The cell budget: a grid (padded input, kernel or output) is drawn only up to MAX_DRAWN cells across in
   * each dimension, checked with arithmetic before anything is allocated. Sizes themselves are exact up to
   * EXACT = 2^53 − 1 (JavaScript's largest exact integer); larger sizes are refused, never rounded. */
  var MAX_DRAWN = 48, EXACT = Number.MAX_SAFE_INTEGER;
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

  function fail(message) { var e = new Error(message); e.convdocs = true; throw e; }

  /* A whole number written in ASCII digits, exact: above 2^53 − 1 it is refused, not rounded. */
  function wholeNumber(text, label) {
    var t = String(text).trim();
    if (!/^-?\d+$/.test(t)) fail(label + " must be a whole number, not '" + t + "'");
    var digits = t.replace(/^-?0*/, "");
    if (digits.length > 16 || (digits.length === 16 && Number(digits) > EXACT)) {
      fail(label + " " + t + " is beyond 2^53 − 1 = " + EXACT + ", the largest size the explorer computes " +
           "exactly (python -m convdocs shape takes any size)");
    }
    return parseInt(t, 10);
  }

  /* A size worked out exactly with BigInt, returned as a Number only if that Number is exact. */
  function exact(value, what) {
    if (value > BigInt(EXACT) || value < -BigInt(EXACT)) {
      fail((what || "a size") + " would be " + value + ", beyond 2^53 − 1 = " + EXACT + ", the largest size the " +
           "explorer computes exactly (python -m convdocs shape takes any size)");
    }
    return Number(value);
  }
  var B = function (v) { return BigInt(v); };
  function fmt(values) {
    return values.every(function (v) { return v === values[0]; }) ? String(values[0]) : "(" + values.join(", ") + ")";
  }

  /* Parts loaded when first needed, each a script of the site's own next to this one (no network beyond
   * the site): "pooling", "solve", "stack" (the modes and layers) and
   * "torch-text" (assets/explorer-torch-text.js, written at build time by convdocs/site/hooks.py).
   * load(name) -> a Promise; one <script> per name. */
  var BASE = (document.currentScript?.src || "").replace(/[^/]*$/, "");
  var LOADS = {}, LOADED = {}, FAILED = {}, loaded = null;  // loaded: the page's re-render, set by setup
  function load(name) {
    if (!LOADS[name]) {
      LOADS[name] = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
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
    if (FAILED[name]) fail("The explorer could not load its file " + FAILED[name] + ": reload the page to try again.");
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

  /* PyTorch's own error texts, captured from torch at build time (convdocs/core/torch_text.json), loaded the
   * first time a configuration is refused; convdocs' explanation follows them, as in
   * convdocs.core.torch_text.message. Until they are here, the refusal is shown in plain words. */
  function catalogue() {
    if (!need("torch-text")) {
      var e = new Error("PyTorch refuses this configuration (loading PyTorch's own words for it…)");
      e.convdocs = true;
      e.pending = true;
      throw e;
    }
    return window.convdocsTorchText;
  }
  function torchFail(key, numbers, fields) {
    var c = catalogue(), entry = c.messages[key], i = 0;
    var text = entry.text.replace(/\{\}|\{\{|\}\}/g, function (m) {
      if (m !== "{}") return m.charAt(0);
      var v = numbers[i++];
      return Array.isArray(v) ? v.join(", ") : String(v);
    });
    var why = c.explain[key.split("/")[0]].replace(/\{(\w+)\}/g, function (_m, name) { return String(fields[name]); });
    fail("PyTorch: " + entry.type + ": " + text + c.separator + why);
  }

  /* Padding text: "1", "2, 1", "same" or "valid" -> number, [h, w] or string (a word goes to torch as given). */
  function parsePadding(text) {
    var t = String(text).trim();
    if (/^[A-Za-z_]+$/.test(t)) return t;
    if (/^-?\d+$/.test(t)) return wholeNumber(t, "Padding");
    var parts = t.replace(/^\(|\)$/g, "").split(",").map(function (s) { return s.trim(); });
    if (t.indexOf(",") >= 0 && parts.every(function (s) { return /^-?\d+$/.test(s); })) {
      return parts.map(function (s) { return wholeNumber(s, "Padding"); });
    }
    fail("padding '" + t + "' is unknown: use an integer, a tuple of 2, 'same' or 'valid'");
  }

  function sameP(k, d) {
    var total = B(d) * (B(k) - 1n), lo = total / 2n;
    return [exact(lo, "'same' padding"), exact(total - lo, "'same' padding")];
  }
  function half(total) { return total < 0 ? -Math.floor(-total / 2) : Math.floor(total / 2); }
  function least(values) { return Math.min.apply(null, values); }
  function dims(values) { return values.join(" × "); }
  var TORCH_DIMS = ["batch", "channels", "height", "width"];

  /* cfg: {input: [h, w], kernel: [kh, kw], stride, padding (number | [..] | string), dilation, padding_mode,
   *       transposed, output_padding} -> {output, pads, ...} or throws torch's words. Mirrors geometry.check:
   * the checks run in torch's order, building the layer, then calling it. */
  function check(cfg) {
    var size = cfg.input, k = cfg.kernel, mode = cfg.padding_mode === undefined ? "zeros" : cfg.padding_mode;
    var both = function (v) { return [v, v]; };
    var s = both(cfg.stride), d = both(cfg.dilation), op = both(cfg.output_padding || 0);
    var p = typeof cfg.padding === "number" ? both(cfg.padding) : cfg.padding;
    size.concat(k, s, d, op, Array.isArray(p) ? p : []).forEach(function (v) {
      if (!Number.isSafeInteger(v)) fail("sizes must be whole numbers up to 2^53 − 1, not " + v);
    });
    if (cfg.transposed && mode !== "zeros") torchFail("transposed_mode/2", [], {mode: mode});
    if (typeof p === "string" && !cfg.transposed) {
      if (p !== "same" && p !== "valid") torchFail("padding_string_unknown", [p], {padding: p, n: 2});
      if (p === "same" && (s[0] !== 1 || s[1] !== 1)) torchFail("same_strided", [], {stride: fmt(s)});
    }
    if (MODES.indexOf(mode) < 0) torchFail("padding_mode_unknown", [mode], {mode: mode});
    if (least(k) < 0) fail("kernel sizes must be at least 0 for torch to build the layer, got " + fmt(k));
    [["input sizes", size], ["kernel sizes", k], ["dilation", d]].forEach(function (pair) {
      if (least(pair[1]) < 1) {
        fail(pair[0] + " must be at least 1, got " + fmt(pair[1]) + " (PyTorch refuses it too, in words " +
             "that depend on which of its backends runs)");
      }
    });
    checkInt64(size, k);
    if (cfg.transposed) {
      if (typeof p === "string") torchFail("transposed_string/2", [5, 0], {padding: p});
      return aten(size, k, s, p, d, op, true, 1, 0);
    }
    if (mode === "zeros") return aten(size, k, s, p, d, [0, 0], false, 1, 0);
    var pads = typeof p === "string"
      ? k.map(function (kk, a) { return p === "same" ? sameP(kk, d[a]) : [0, 0]; })
      : p.map(function (v) { return [v, v]; });
    var shape = fpad(size, pads, mode);
    var conv = aten(shape.slice(1), k, s, [0, 0], d, [0, 0], false, shape[0], pads.length);
    conv.input = size;
    conv.pads = pads.length > 2 ? pads.slice(pads.length - 2) : pads;
    conv.padding_mode = mode;
    return conv;
  }

  var INT64_MAX = 9223372036854775807n, INT32_MAX = 2147483647;
  var TRANSPOSED_INT32 = "torch 2.13's CPU ConvTranspose kernels compute these in 32-bit integers, so it raises or " +
    "gives a wrong size";

  /* geometry._check_int64: only the storage size can pass 64 bits here (every value is at most 2^53 − 1).
   * torch builds the weight first, then meets the input. */
  function checkInt64(size, k) {
    [["a kernel", k], ["an input", size]].forEach(function (pair) {
      if (B(pair[1][0]) * B(pair[1][1]) * 4n > INT64_MAX) {
        torchFail("storage_overflow", [[1, 1].concat(pair[1])], {what: pair[0], shape: dims(pair[1])});
      }
    });
  }

  function checkOverflow(name, values, limit, why) {
    values.forEach(function (v) {
      if (Math.abs(v) > limit) fail(name + " is " + v + ", beyond 32-bit integers (at most " + limit + "): " + why);
    });
  }

  /* geometry.empty_output_allowed for a 2-d input, batch 1, 1 channel, float32, 2 threads: whether torch's
   * CPU oneDNN path runs (it returns an empty tensor) rather than the native one (it raises). */
  function empty_output_allowed(input, kernel, stride, _dilation, output_padding) {
    if (output_padding[0] >= stride[0] || output_padding[1] >= stride[1]) return false;
    return (kernel[0] > 3 && kernel[1] > 3) || input[0] * input[1] > 20480;  // threads > 1: oneDNN is worth it
  }

  /* F.pad(x, ..., mode) on an input of [1, 1, h, w]: [channels, h', w'] or torch's refusal. */
  function fpad(size, pads, mode) {
    var m = pads.length, shape = [1, 1, size[0], size[1]], first = 4 - m, out = shape.slice(), j, dim;
    if (m !== 2 && m !== 3) torchFail("pad_size_unsupported", [2 * m, 4], {mode: mode, n: 2, count: m, n_torch: 4});
    for (j = 0; j < m; j++) out[first + j] = exact(B(shape[first + j]) + B(pads[j][0]) + B(pads[j][1]), "padded size");
    function fields(j, extra) {
      var f = {pad: fmt(pads[j]), name: TORCH_DIMS[first + j], size: shape[first + j], left: out[first + j],
               names: "height, width"};
      for (var key in extra || {}) f[key] = extra[key];
      return f;
    }
    if (mode === "circular") {
      for (j = 0; j < m; j++) {
        if (pads[j][0] > shape[first + j] || pads[j][1] > shape[first + j]) torchFail("circular_wraps", [], fields(j));
        if (out[first + j] < 0) torchFail("circular_empty", [], fields(j));
      }
      return out.slice(1);
    }
    if (mode === "reflect") {
      for (j = m - 1; j >= 0; j--) {  // torch checks the last dimension first
        dim = first + j;
        if (pads[j][0] >= shape[dim] || pads[j][1] >= shape[dim]) {
          torchFail("reflect_too_large", [2 * (m - 1 - j) + 4, pads[j][0], pads[j][1], dim, shape],
                    fields(j, {dim: dim}));
        }
      }
    }
    var spatial = out.slice(first), worst;
    if (spatial.every(function (v) { return v < 1; })) {
      worst = spatial.indexOf(least(spatial));
      torchFail(mode + "_too_small/" + m, shape.slice(first).concat(spatial), fields(worst));
    }
    if (least(out) < 0) {
      for (worst = 0; spatial[worst] >= 0; worst++);
      var f = fields(worst);
      if (mode === "reflect") {
        fail("negative padding crops: padding " + f.pad + " on the " + f.name + " of size " + f.size + " leaves " +
             f.left + " (PyTorch refuses it too, in words that depend on the dimensions)");
      }
      torchFail("negative_dimension", [spatial[worst], out], f);
    }
    return out.slice(1);
  }

  /* ATen's convolution on an input of [1, channels, h, w] with a weight of [1, 1, kh, kw]. */
  function aten(size, k, s, p, d, op, transposed, channels, count) {
    var a, output;
    if (p === "same") {
      var left = [], sized = size.slice();
      for (a = 0; a < 2; a++) {
        var total = exact(B(d[a]) * (B(k[a]) - 1n), "'same' padding"), right;
        left.push(half(total));
        right = total - left[a];
        sized[a] = exact(B(sized[a]) + B(right - left[a]), "padded size");
        if (right < left[a]) left[a] = right;
      }
      var conv = aten(sized, k, s, left, d, [0, 0], false, 1, 0);
      conv.input = size;
      conv.pads = [sameP(k[0], d[0]), sameP(k[1], d[1])];
      return conv;
    }
    if (p === "valid") { p = [0]; op = [0]; }
    if (p.length === 1) p = [p[0], p[0]];
    if (p.length !== 2) {
      torchFail("param_length/padding", [2, p], {name: "padding", count: p.length, dim: 2});
    }
    if (op.length === 1) op = [op[0], op[0]];
    if (least(p) < 0) torchFail("negative_padding", [], {padding: fmt(p)});
    if (least(op) < 0) torchFail("negative_output_padding", [], {output_padding: fmt(op)});
    if (least(s) < 1) torchFail("nonpositive_stride", [], {stride: fmt(s)});
    if (channels !== 1) {
      torchFail("channels_mismatch", [1, [1, 1, k[0], k[1]], [1, channels, size[0], size[1]], 1, channels],
                {count: count, n: 2, channels: channels});
    }
    var result = {pads: [[p[0], p[0]], [p[1], p[1]]], stride: s, dilation: d, kernel: k, input: size,
                  transposed: transposed, output_padding: op, padding_mode: "zeros"};
    if (!transposed) {
      var padded = [0, 1].map(function (i) { return exact(B(size[i]) + 2n * B(p[i]), "padded input " + NAMES[i]); });
      var span = [0, 1].map(function (i) { return exact(B(d[i]) * (B(k[i]) - 1n) + 1n, "dilated kernel " + NAMES[i]); });
      if (span[0] > padded[0] || span[1] > padded[1]) {
        torchFail("kernel_too_large/2", [padded[0], padded[1], span[0], span[1]], {span: dims(span), padded: dims(padded)});
      }
      result.output = [0, 1].map(function (i) {  // BigInt division: exact, and padded ≥ span so it is the floor
        return exact((B(padded[i]) - B(span[i])) / B(s[i]) + 1n, "output " + NAMES[i]);
      });
      return result;
    }
    for (a = 0; a < 2; a++) {
      if (op[a] >= s[a] && op[a] >= d[a]) {
        torchFail("output_padding_too_large/2", [op[0], op[1], s[0], s[1], d[0], d[1]],
                  {output_padding: op[a], stride: s[a], dilation: d[a], name: NAMES[a], note: ""});
      }
    }
    [["stride", s], ["padding", p], ["dilation", d],
     ["(input − 1)·stride", [0, 1].map(function (i) { return exact((B(size[i]) - 1n) * B(s[i]), "(input − 1)·stride"); })],
     ["the dilated kernel d·(k − 1) + 1", [0, 1].map(function (i) {
       return exact(B(d[i]) * (B(k[i]) - 1n) + 1n, "the dilated kernel");
     })]].forEach(function (pair) { checkOverflow(pair[0], pair[1], INT32_MAX, TRANSPOSED_INT32); });
    output = [0, 1].map(function (i) {
      return exact((B(size[i]) - 1n) * B(s[i]) - 2n * B(p[i]) + B(d[i]) * (B(k[i]) - 1n) + B(op[i]) + 1n,
                   "output " + NAMES[i]);
    });
    checkOverflow("the output", output, INT32_MAX, TRANSPOSED_INT32);
    if (least(output) === 0 && empty_output_allowed(size, k, s, d, op)) {
      result.output = output;  // torch returns an empty tensor
      return result;
    }
    if (least(output) < 1) {
      torchFail("transposed_output_too_small/2", [size[0], size[1], output[0], output[1]], {output: dims(output), note: ""});
    }
    result.output = output;
    return result;
  }

  function formula(conv, a) {
    var i = conv.input[a], k = conv.kernel[a], s = conv.stride[a], d = conv.dilation[a];
    var lo = conv.pads[a][0], hi = conv.pads[a][1], o = conv.output[a];
    if (conv.transposed) {
      var dk = d + "·(" + k + " − 1)";  // never "3 − 1" after a plus sign
      return "(" + i + " − 1)·" + s + " − 2·" + lo + " + " + dk + " + " + conv.output_padding[a] + " + 1 = " + o;
    }
    var pad = lo === hi ? "2·" + lo : lo + " + " + hi;
    if (d === 1) return "⌊(" + i + " + " + pad + " − " + k + ") / " + s + "⌋ + 1 = " + o;
    return "⌊(" + i + " + " + pad + " − " + d + "·(" + k + " − 1) − 1) / " + s + "⌋ + 1 = " + o;
  }

  /* Input cells (input coordinates, padding outside 0..size-1) read by output cell o along axis a. */
  function reads1d(conv, a, o) {
    var k = conv.kernel[a], s = conv.stride[a], d = conv.dilation[a], out = [], j;
    if (!conv.transposed) {
      for (j = 0; j < k; j++) out.push(o * s - conv.pads[a][0] + j * d);
      return out;
    }
    for (j = 0; j < k; j++) {
      var t = o + conv.pads[a][0] - j * d;
      if (t % s === 0 && t / s >= 0 && t / s < conv.input[a]) out.push(t / s);
    }
    return out.sort(function (x, y) { return x - y; });
  }

  function grid(conv, a) {
    var lo = conv.transposed ? 0 : conv.pads[a][0], hi = conv.transposed ? 0 : conv.pads[a][1];
    var cells = [];
    for (var i = -lo; i < conv.input[a] + hi; i++) cells.push(i);
    return cells;
  }

  function unread1d(conv, a) {
    var read = {}, skipped = {};
    for (var o = 0; o < conv.output[a]; o++) reads1d(conv, a, o).forEach(function (i) { read[i] = true; });
    grid(conv, a).forEach(function (i) { if (!read[i]) skipped[i] = true; });
    return skipped;
  }

  function layerCode(cfg) {
    var name = cfg.transposed ? "ConvTranspose2d" : "Conv2d";
    var k = cfg.kernel[0] === cfg.kernel[1] ? String(cfg.kernel[0]) : "(" + cfg.kernel.join(", ") + ")";
    var args = ["1", "1", "kernel_size=" + k];
    if (cfg.stride !== 1) args.push("stride=" + cfg.stride);
    var p = cfg.padding;
    if (typeof p === "string") args.push("padding='" + p + "'");
    else if (Array.isArray(p)) args.push("padding=(" + p.join(", ") + ")");
    else if (p !== 0) args.push("padding=" + p);
    if (cfg.dilation !== 1) args.push("dilation=" + cfg.dilation);
    if (cfg.padding_mode !== "zeros") args.push("padding_mode='" + cfg.padding_mode + "'");
    if (cfg.transposed && cfg.output_padding) args.push("output_padding=" + cfg.output_padding);
    return "nn." + name + "(" + args.join(", ") + ")(torch.zeros(1, 1, " + cfg.input.join(", ") + ")).shape";
  }

  /* The same computation for a list of configurations: the tests compare it with convdocs.core.conv. */
  function compute(cfg) {
    try {
      var conv = check(cfg);
      return {output: conv.output, pads: conv.pads, formula: [formula(conv, 0), formula(conv, 1)], error: null};
    } catch (e) {
      if (!e.convdocs) throw e;
      return {output: null, pads: null, formula: null, error: e.message};
    }
  }

  window.convdocsExplorer = {check: check, compute: compute, formula: formula, reads1d: reads1d,
                             parsePadding: parsePadding, layerCode: layerCode, wholeNumber: wholeNumber, load: load,
                             need: need, MAX_DRAWN: MAX_DRAWN, style: style};

  /* ---------------------------------------------------------------- the page */
  var FIELDS = [["ih", "input-height", 7], ["iw", "input-width", 7], ["kh", "kernel-height", 3],
                ["kw", "kernel-width", 3], ["s", "stride", 1], ["p", "padding", "1"], ["d", "dilation", 1],
                ["mode", "padding-mode", "zeros"], ["t", "transposed", false], ["op", "output-padding", 0],
                ["layer", "layer", "Conv2d"], ["ceil", "ceil-mode", false], ["cip", "count-include-pad", true]];
  var POOLS = ["MaxPool2d", "AvgPool2d"];
  /* Modes other than Shape (the Mode select): each lives in a script of its own, loaded when the mode is
   * chosen or the address opens in it (?<key>=1); once loaded, its writeUrl(params) and render(root)
   * hooks run on every update. */
  var LAZY_MODES = {Solve: {script: "solve", key: "solve", hooks: "convdocsSolve"},
                    Stack: {script: "stack", key: "stack", hooks: "convdocsStack"}};
  var SVGNS = "http://www.w3.org/2000/svg";

  function setup(root) {
    var $ = function (id) { return root.querySelector("#cd-" + id); };
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
            state.addressError = "The address sets " + f[0] + "=" + value + ": use 1 (checked) or 0.";
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
        if (params.get(LAZY_MODES[mode].key) === "1") $("mode").value = mode;
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
        fail("The address sets layer=" + layer + ": use Conv2d, ConvTranspose2d, " + POOLS.join(" or ") + ".");
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
          if (!need(wanted.script)) note.textContent = "Loading the " + $("mode").value.toLowerCase() + " mode…";
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
      $("padding-mode").disabled = pooling;
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
        if (pooling && !need("pooling")) {  // nothing to show until its script is here: say so
          note.textContent += (note.textContent ? " " : "") + "Loading the pooling layers…";
          note.hidden = false;
          blank("");
          return;
        }
        conv = pooling ? poolConv(window.convdocsPooling.LAYERS[cfg.layer](cfg)) : check(cfg);
      } catch (e) {
        if (!e.convdocs) throw e;
        blank(e.message);
        return;
      }
      state.conv = conv;
      $("error").hidden = true;
      $("error").textContent = "";
      $("shape").hidden = false;
      $("shape").textContent = conv.output[0] + " × " + conv.output[1];
      $("formula").textContent = "";
      NAMES.forEach(function (name, a) {
        var li = document.createElement("li");
        li.textContent = name + ": " + (conv.pool ? window.convdocsPooling.formula(conv.pool, a) : formula(conv, a));
        $("formula").appendChild(li);
      });
      $("code").textContent = conv.pool ? window.convdocsPooling.layerCode(conv.pool) : layerCode(cfg);
      draw(conv);
    }

    /* No size: the error `message` (if any) instead, and nothing drawn or copyable. */
    function blank(message) {
      state.conv = null;
      $("shape").textContent = "";
      $("shape").hidden = true;
      $("error").textContent = message;
      $("error").hidden = !message;
      $("formula").textContent = "";
      $("code").textContent = "";
      figure.textContent = "";
      status.textContent = "";
    }

    function draw(conv) {
      figure.textContent = "";
      state.selected = null;
      state.inputCursor = null;
      state.paint = null;
      var across = [0, 1].map(function (a) {  // arithmetic only: nothing is allocated before the budget check
        return conv.transposed ? conv.input[a] : conv.input[a] + conv.pads[a][0] + conv.pads[a][1];
      });
      var largest = Math.max(across[0], across[1], conv.output[0], conv.output[1], conv.kernel[0], conv.kernel[1]);
      if (Math.min(conv.output[0], conv.output[1]) < 1) {  // a transposed layer torch answers with an empty tensor
        var empty = document.createElement("p");
        empty.setAttribute("data-testid", "figure-error");
        empty.textContent = "Not drawn: the output is " + conv.output.join(" × ") + ", an empty tensor (torch's " +
          "CPU oneDNN path returns it; its native path would refuse).";
        figure.appendChild(empty);
        return;
      }
      if (largest > MAX_DRAWN) {
        var note = document.createElement("p");
        note.className = "cd-error";
        note.setAttribute("data-testid", "figure-error");
        note.textContent = "Not drawn: the " + (conv.transposed ? "input" : "padded input") + " is " +
          across.join(" × ") + ", the kernel " + conv.kernel.join(" × ") + " and the output " +
          conv.output.join(" × ") + " cells; the explorer draws grids up to " + MAX_DRAWN + " × " + MAX_DRAWN +
          " cells. The size above holds.";
        figure.appendChild(note);
        select([0, 0]);
        return;
      }
      var S = style();
      var rows = grid(conv, 0), cols = grid(conv, 1);
      var outH = conv.output[0], outW = conv.output[1];
      var kH = conv.kernel[0], kW = conv.kernel[1];
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
      // Small figures: one <rect> per cell (hover and highlight by class). Large ones: each grid is a few shapes
      // (fill, grid lines, a pattern for the padding) and the highlight one path, so that drawing, Step and Play
      // stay far below a frame's worth of work however many cells there are.
      var compact = rows.length * cols.length + outH * outW > PER_CELL;
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
        '" xmlns="' + SVGNS + '"><title>Padded input ' + rows.length + " × " +
        cols.length + ", kernel " + kH + " × " + kW + " and output " + outH + " × " + outW +
        "; the selected output cell's input cells are grey.</title>" + grids.defs +
        '<g stroke="' + S.ink + '" stroke-width="0.6">' +
        '<g fill="' + S.input + '">' + grids.input + "</g>" +
        '<g fill="' + S.output + '">' + grids.output + "</g>" +
        '<g fill="' + S.ink + '" fill-opacity="0.4">' + kernel.join("") + "</g>" + grids.lit + "</g>" +
        '<g stroke="' + S.dropped + '" stroke-width="1.5">' + grids.drops + "</g>" +
        text(xKernel + kernelWidth / 2, yKernel + kH * KCELL + 14, 11,
             (conv.pool ? "window " : "kernel ") + kH + "×" + kW +
        (conv.dilation[0] > 1 ? ", dilation " + conv.dilation[0] : "")) +
        text(MARGIN + cols.length * CELL / 2, height - MARGIN - 2, 12, "input") +
        text(xOut + outW * CELL / 2, height - MARGIN - 2, 12, "output") + "</svg>";
      var svg = figure.firstChild;
      state.paint = compact ? compactPaint(svg) : cellPaint(svg);
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
        svg.addEventListener("mouseover", function (event) {
          var t = event.target;
          if (!t.classList?.contains("cd-cell")) return;
          var rc = [parseInt(t.getAttribute("data-r"), 10), parseInt(t.getAttribute("data-c"), 10)];
          if (t.classList.contains("cd-out")) select(rc); else selectInput(rc);
        });
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

    /* The input cells output o reads along axis a, as text; a kernel above the budget is not listed. */
    function readsText(conv, a, o) {
      if (conv.kernel[a] <= MAX_DRAWN) return reads1d(conv, a, o).join(", ");
      if (conv.transposed) return "(a kernel of " + conv.kernel[a] + " is too large to list)";
      var first = o * conv.stride[a] - conv.pads[a][0], d = conv.dilation[a];
      return first + " to " + (first + (conv.kernel[a] - 1) * d) + (d > 1 ? " every " + d : "");
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
      status.textContent = "Output cell (" + rc[0] + ", " + rc[1] + ") reads input rows " +
        readsText(conv, 0, rc[0]) + " and columns " + readsText(conv, 1, rc[1]) +
        " (negative or past the edge: padding" + (conv.pool ? (conv.pool.kind === "max" ? ", −∞ for max pooling"
          : ", zeros for average pooling") : "") + ")." +
        (conv.pool && conv.pool.kind === "avg" ? " Its sum is divided by " +
          window.convdocsPooling.divisor(conv.pool, rc) + "." : "");
    }

    function selectInput(rc) {
      var conv = state.conv;
      if (!conv || !state.paint) return;
      var hits = [], cells = [], r, c;
      var cols = [];  // the output columns that read input column rc[1], worked out once
      for (c = 0; c < conv.output[1]; c++) if (reads1d(conv, 1, c).indexOf(rc[1]) >= 0) cols.push(c);
      for (r = 0; r < conv.output[0]; r++) {
        if (reads1d(conv, 0, r).indexOf(rc[0]) < 0) continue;
        cols.forEach(function (c) {
          cells.push([r, c]);
          hits.push("(" + r + ", " + c + ")");
        });
      }
      state.paint([rc], cells);
      status.textContent = "Input cell (" + rc[0] + ", " + rc[1] + ") is read by " +
        (hits.length ? "output cells " + hits.join(", ") : "no output cell") + ".";
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
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
