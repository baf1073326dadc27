/* convdocs padding explorer: a 2-d convolution set up from labelled controls, drawn with the
 * convdocs figure conventions. The arithmetic mirrors convdocs/geometry.py (PyTorch 2.13) and the
 * tests compare the two on thousands of configurations. Plain JavaScript, no dependencies. */
(function () {
  "use strict";

  var MODES = ["zeros", "reflect", "replicate", "circular"];
  var NAMES = ["height", "width"];
  var CELL = 22, GAP = 44, MARGIN = 6, MAX_DRAWN = 64, KCELL = 14;
  var INPUT = "#268bd2", OUTPUT = "#2aa198", DROPPED = "#dc322f";

  function fail(message) { var e = new Error(message); e.convdocs = true; throw e; }
  function fmt(values) {
    return values.every(function (v) { return v === values[0]; }) ? String(values[0]) : "(" + values.join(", ") + ")";
  }

  /* PyTorch's own error texts, captured from torch at build time (convdocs/torch_text.json) and put on
   * the page as JSON; convdocs' explanation follows them, as in convdocs.torch_text.message. */
  var TEXT = null;
  function catalogue() {
    if (!TEXT) TEXT = JSON.parse(document.getElementById("cd-torch-text").textContent);
    return TEXT;
  }
  function torchFail(key, numbers, fields) {
    var c = catalogue(), entry = c.messages[key], i = 0;
    var text = entry.text.replace(/\{\}|\{\{|\}\}/g, function (m) {
      if (m !== "{}") return m.charAt(0);
      var v = numbers[i++];
      return Array.isArray(v) ? v.join(", ") : String(v);
    });
    var why = c.explain[key.split("/")[0]].replace(/\{(\w+)\}/g, function (m, name) { return String(fields[name]); });
    fail("PyTorch: " + entry.type + ": " + text + c.separator + why);
  }

  /* Padding text: "1", "2, 1", "same" or "valid" -> number, [h, w] or string (a word goes to torch as given). */
  function parsePadding(text) {
    var t = String(text).trim();
    if (/^[A-Za-z_]+$/.test(t)) return t;
    if (/^-?\d+$/.test(t)) return parseInt(t, 10);
    var parts = t.replace(/^\(|\)$/g, "").split(",").map(function (s) { return s.trim(); });
    if (t.indexOf(",") >= 0 && parts.every(function (s) { return /^-?\d+$/.test(s); })) {
      return parts.map(function (s) { return parseInt(s, 10); });
    }
    fail("padding '" + t + "' is unknown: use an integer, a tuple of 2, 'same' or 'valid'");
  }

  function sameP(k, d) { var total = d * (k - 1); return [Math.floor(total / 2), total - Math.floor(total / 2)]; }
  function half(total) { return total < 0 ? -Math.floor(-total / 2) : Math.floor(total / 2); }
  function least(values) { return Math.min.apply(null, values); }
  function dims(values) { return values.join(" × "); }
  var TORCH_DIMS = ["batch", "channels", "height", "width"];

  /* cfg: {input: [h, w], kernel: [kh, kw], stride, padding (number | [..] | string), dilation, padding_mode,
   *       transposed, output_padding} -> {output, pads, ...} or throws torch's words. Mirrors geometry.check:
   * the checks run in torch's order, building the layer, then calling it. */
  function check(cfg) {
    var size = cfg.input, k = cfg.kernel, mode = cfg.padding_mode || "zeros";
    var both = function (v) { return [v, v]; };
    var s = both(cfg.stride), d = both(cfg.dilation), op = both(cfg.output_padding || 0);
    var p = typeof cfg.padding === "number" ? both(cfg.padding) : cfg.padding;
    if (cfg.transposed && mode !== "zeros") torchFail("transposed_mode/2", [], {mode: mode});
    if (typeof p === "string" && !cfg.transposed) {
      if (p !== "same" && p !== "valid") torchFail("padding_string_unknown", [p], {padding: p, n: 2});
      if (p === "same" && (s[0] !== 1 || s[1] !== 1)) torchFail("same_strided", [], {stride: fmt(s)});
    }
    if (MODES.indexOf(mode) < 0) torchFail("padding_mode_unknown", [mode], {mode: mode});
    [["input sizes", size], ["kernel sizes", k], ["dilation", d]].forEach(function (pair) {
      if (least(pair[1]) < 1) {
        fail(pair[0] + " must be at least 1, got " + fmt(pair[1]) + " (PyTorch refuses it too, in words " +
             "that depend on which of its backends runs)");
      }
    });
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

  /* F.pad(x, ..., mode) on an input of [1, 1, h, w]: [channels, h', w'] or torch's refusal. */
  function fpad(size, pads, mode) {
    var m = pads.length, shape = [1, 1, size[0], size[1]], first = 4 - m, out = shape.slice(), j, dim;
    if (m !== 2 && m !== 3) torchFail("pad_size_unsupported", [2 * m, 4], {mode: mode, n: 2, count: m, n_torch: 4});
    for (j = 0; j < m; j++) out[first + j] = shape[first + j] + pads[j][0] + pads[j][1];
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
        var total = d[a] * (k[a] - 1), right;
        left.push(half(total));
        right = total - left[a];
        sized[a] += right - left[a];
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
      var padded = [0, 1].map(function (i) { return size[i] + 2 * p[i]; });
      var span = [0, 1].map(function (i) { return d[i] * (k[i] - 1) + 1; });
      if (span[0] > padded[0] || span[1] > padded[1]) {
        torchFail("kernel_too_large/2", [padded[0], padded[1], span[0], span[1]], {span: dims(span), padded: dims(padded)});
      }
      result.output = [0, 1].map(function (i) { return Math.floor((padded[i] - span[i]) / s[i]) + 1; });
      return result;
    }
    for (a = 0; a < 2; a++) {
      if (op[a] >= s[a] && op[a] >= d[a]) {
        torchFail("output_padding_too_large/2", [op[0], op[1], s[0], s[1], d[0], d[1]],
                  {output_padding: op[a], stride: s[a], dilation: d[a], name: NAMES[a], note: ""});
      }
    }
    output = [0, 1].map(function (i) { return (size[i] - 1) * s[i] - 2 * p[i] + d[i] * (k[i] - 1) + op[i] + 1; });
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
      var dk = d === 1 ? k + " − 1" : d + "·(" + k + " − 1)";
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

  /* The same computation for a list of configurations: the tests compare it with convdocs.geometry. */
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
                             parsePadding: parsePadding, layerCode: layerCode};

  /* ---------------------------------------------------------------- the page */
  var FIELDS = [["ih", "input-height", 7], ["iw", "input-width", 7], ["kh", "kernel-height", 3],
                ["kw", "kernel-width", 3], ["s", "stride", 1], ["p", "padding", "1"], ["d", "dilation", 1],
                ["mode", "padding-mode", "zeros"], ["t", "transposed", false], ["op", "output-padding", 0]];
  var SVGNS = "http://www.w3.org/2000/svg";

  function el(name, attrs, parent) {
    var node = document.createElementNS(SVGNS, name);
    Object.keys(attrs).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    if (parent) parent.appendChild(node);
    return node;
  }

  function setup(root) {
    var $ = function (id) { return root.querySelector("#cd-" + id); };
    var state = {conv: null, selected: null, timer: null};
    var status = $("status"), figure = $("figure"), outputs = $("outputs");

    function readUrl() {
      var params = new URLSearchParams(window.location.search);
      FIELDS.forEach(function (f) {
        var node = $(f[1]);
        if (!params.has(f[0])) return;
        if (node.type === "checkbox") node.checked = params.get(f[0]) === "1";
        else node.value = params.get(f[0]);
      });
    }

    function writeUrl() {
      var params = new URLSearchParams();
      FIELDS.forEach(function (f) {
        var node = $(f[1]);
        params.set(f[0], node.type === "checkbox" ? (node.checked ? "1" : "0") : node.value);
      });
      window.history.replaceState(null, "", window.location.pathname + "?" + params.toString());
    }

    function whole(id, label) {
      var text = $(id).value.trim();
      if (!/^-?\d+$/.test(text)) fail(label + " must be a whole number, not '" + text + "'");
      return parseInt(text, 10);
    }

    function readConfig() {
      return {
        input: [whole("input-height", "Input height"), whole("input-width", "Input width")],
        kernel: [whole("kernel-height", "Kernel height"), whole("kernel-width", "Kernel width")],
        stride: whole("stride", "Stride"), padding: parsePadding($("padding").value),
        dilation: whole("dilation", "Dilation"), padding_mode: $("padding-mode").value,
        transposed: $("transposed").checked, output_padding: whole("output-padding", "Output padding"),
      };
    }

    function update() {
      stop();
      writeUrl();
      var cfg, conv;
      $("output-padding").disabled = !$("transposed").checked;
      try {
        cfg = readConfig();
        conv = check(cfg);
      } catch (e) {
        if (!e.convdocs) throw e;
        state.conv = null;
        $("shape").textContent = "";
        $("shape").hidden = true;
        $("error").textContent = e.message;
        $("error").hidden = false;
        $("formula").textContent = "";
        $("code").textContent = "";
        figure.textContent = "";
        status.textContent = "";
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
        li.textContent = name + ": " + formula(conv, a);
        $("formula").appendChild(li);
      });
      $("code").textContent = layerCode(cfg);
      draw(conv);
    }

    function draw(conv) {
      figure.textContent = "";
      state.selected = null;
      state.inputCursor = null;
      state.outputs = null;
      var rows = grid(conv, 0), cols = grid(conv, 1);
      if (rows.length > MAX_DRAWN || cols.length > MAX_DRAWN || conv.output[0] > MAX_DRAWN ||
          conv.output[1] > MAX_DRAWN) {
        status.textContent = "Too large to draw (more than " + MAX_DRAWN + " cells across); the size above holds.";
        return;
      }
      var outH = conv.output[0], outW = conv.output[1];
      var kH = conv.kernel[0], kW = conv.kernel[1];
      var xKernel = MARGIN + cols.length * CELL + GAP;
      var kernelWidth = Math.max(kW * KCELL, 48);
      var xOut = xKernel + kernelWidth + GAP;
      var height = MARGIN * 2 + Math.max(rows.length * CELL, outH * CELL, kH * KCELL + 30) + 18;
      var width = xOut + outW * CELL + MARGIN;
      var yOut = MARGIN + Math.max(0, (rows.length - outH) * CELL / 2);
      var svg = el("svg", {width: width, height: height, viewBox: "0 0 " + width + " " + height,
                           role: "img", "font-family": "sans-serif"}, figure);
      el("title", {}, svg).textContent = "Padded input " + rows.length + " × " + cols.length + ", kernel " +
        conv.kernel[0] + " × " + conv.kernel[1] + " and output " + outH + " × " + outW +
        "; the selected output cell's input cells are grey.";
      var dropR = unread1d(conv, 0), dropC = unread1d(conv, 1);
      var lo0 = rows[0], lo1 = cols[0];
      state.inputs = {};
      rows.forEach(function (r) {
        cols.forEach(function (c) {
          var inside = r >= 0 && r < conv.input[0] && c >= 0 && c < conv.input[1];
          var x = MARGIN + (c - lo1) * CELL, y = MARGIN + (r - lo0) * CELL;
          var rect = el("rect", {x: x, y: y, width: CELL, height: CELL, fill: inside ? INPUT : "none",
                                 stroke: "currentColor", "stroke-width": 0.6, "data-r": r, "data-c": c,
                                 "class": "cd-cell cd-in" + (inside ? "" : " cd-pad")}, svg);
          if (!inside) rect.setAttribute("stroke-dasharray", "3 2");
          if (dropR[r] || dropC[c]) {
            el("line", {x1: x + 3, y1: y + CELL - 3, x2: x + CELL - 3, y2: y + 3, stroke: DROPPED,
                        "stroke-width": 1.5, "class": "cd-dropped"}, svg);
          }
          state.inputs[r + "," + c] = rect;
        });
      });
      state.outputs = {};
      for (var r = 0; r < outH; r++) {
        for (var c = 0; c < outW; c++) {
          state.outputs[r + "," + c] = el("rect", {x: xOut + c * CELL, y: yOut + r * CELL, width: CELL,
            height: CELL, fill: OUTPUT, stroke: "currentColor", "stroke-width": 0.6, "data-r": r, "data-c": c,
            "class": "cd-cell cd-out"}, svg);
        }
      }
      var yKernel = MARGIN + Math.max(0, (rows.length * CELL - kH * KCELL) / 2);
      var x0Kernel = xKernel + (kernelWidth - kW * KCELL) / 2;
      for (var kr = 0; kr < kH; kr++) {
        for (var kc = 0; kc < kW; kc++) {
          el("rect", {x: x0Kernel + kc * KCELL, y: yKernel + kr * KCELL, width: KCELL, height: KCELL,
                      fill: "currentColor", "fill-opacity": 0.4, stroke: "currentColor", "stroke-width": 0.6,
                      "class": "cd-kernel"}, svg);
        }
      }
      el("text", {x: xKernel + kernelWidth / 2, y: yKernel + kH * KCELL + 14, "text-anchor": "middle",
                  "font-size": 11, fill: "currentColor"}, svg).textContent =
        "kernel " + kH + "×" + kW + (conv.dilation[0] > 1 ? ", dilation " + conv.dilation[0] : "");
      el("text", {x: MARGIN + cols.length * CELL / 2, y: height - MARGIN - 2, "text-anchor": "middle",
                  "font-size": 12, fill: "currentColor"}, svg).textContent = "input";
      el("text", {x: xOut + outW * CELL / 2, y: height - MARGIN - 2, "text-anchor": "middle", "font-size": 12,
                  fill: "currentColor"}, svg).textContent = "output";
      svg.addEventListener("mouseover", function (event) {
        var t = event.target;
        if (!t.classList || !t.classList.contains("cd-cell")) return;
        var rc = [parseInt(t.getAttribute("data-r"), 10), parseInt(t.getAttribute("data-c"), 10)];
        if (t.classList.contains("cd-out")) select(rc); else selectInput(rc);
      });
      select([0, 0]);
    }

    function clear() {
      [state.inputs, state.outputs].forEach(function (cells) {
        Object.keys(cells || {}).forEach(function (key) { cells[key].classList.remove("cd-hl"); });
      });
    }

    function select(rc) {
      var conv = state.conv;
      if (!conv) return;
      clear();
      state.selected = rc;
      state.outputs[rc[0] + "," + rc[1]].classList.add("cd-hl");
      var rowsRead = reads1d(conv, 0, rc[0]), colsRead = reads1d(conv, 1, rc[1]);
      rowsRead.forEach(function (r) {
        colsRead.forEach(function (c) {
          var cell = state.inputs[r + "," + c];
          if (cell) cell.classList.add("cd-hl");
        });
      });
      status.textContent = "Output cell (" + rc[0] + ", " + rc[1] + ") reads input rows " + rowsRead.join(", ") +
        " and columns " + colsRead.join(", ") + " (negative or past the edge: padding).";
    }

    function selectInput(rc) {
      var conv = state.conv;
      clear();
      state.inputs[rc[0] + "," + rc[1]].classList.add("cd-hl");
      var hits = [];
      for (var r = 0; r < conv.output[0]; r++) {
        if (reads1d(conv, 0, r).indexOf(rc[0]) < 0) continue;
        for (var c = 0; c < conv.output[1]; c++) {
          if (reads1d(conv, 1, c).indexOf(rc[1]) >= 0) {
            state.outputs[r + "," + c].classList.add("cd-hl");
            hits.push("(" + r + ", " + c + ")");
          }
        }
      }
      status.textContent = "Input cell (" + rc[0] + ", " + rc[1] + ") is read by " +
        (hits.length ? "output cells " + hits.join(", ") : "no output cell") + ".";
    }

    function step() {
      var conv = state.conv;
      if (!conv) return;
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
      if (!conv || !m || !state.outputs) return;
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
      $(f[1]).addEventListener(f[1] === "padding-mode" || f[1] === "transposed" ? "change" : "input", update);
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
