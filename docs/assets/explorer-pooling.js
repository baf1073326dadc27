/* convdocs explorer, pooling: MaxPool2d and AvgPool2d, mirroring convdocs/core/pooling.py function by function
 * (same names) for 2-d inputs. Errors read as str(convdocs.core.errors.Rejected): PyTorch: <type>: torch's words — convdocs: ours. The
 * tests compare this file with the Python on thousands of configurations. Plain JavaScript. */
(function () {
  "use strict";

  var EXACT = Number.MAX_SAFE_INTEGER;
  var B = function (v) { return BigInt(v); };

  function fail(message) { var e = new Error(message); e.convdocs = true; throw e; }
  /* convdocs.core.errors: Rejected (torch's words, then ours) and own (convdocs' words only). */
  function rejected(torch, why) { fail("PyTorch: RuntimeError: " + torch + (why ? " — convdocs: " + why : "")); }
  function own(text) { fail(text); }

  function exact(value, what) {
    if (value > B(EXACT) || value < -B(EXACT)) {
      fail(what + " would be " + value + ", beyond 2^53 − 1 = " + EXACT + ", the largest size the explorer " +
           "computes exactly (python -m convdocs shape takes any size)");
    }
    return Number(value);
  }

  /* Python's a // b (floor) on exact integers. */
  function floorDiv(a, b) {
    var q = a / b;
    if (a % b !== 0n && (a < 0n) !== (b < 0n)) q -= 1n;
    return q;
  }

  /* C++ integer division (truncates toward zero), as torch's checks compute it. */
  function c_div(a, b) { return exact(B(a) / B(b), "a size"); }

  function output_size(size, kernel, padding, stride, dilation, ceil_mode) {
    var span = B(dilation) * (B(kernel) - 1n) + 1n;
    var n = floorDiv(B(size) + 2n * B(padding) - span + (ceil_mode ? B(stride) - 1n : 0n), B(stride)) + 1n;
    if (ceil_mode && (n - 1n) * B(stride) >= B(size) + B(padding)) n -= 1n;
    return exact(n, "output size");
  }

  function ceil_windows(size, kernel, padding, stride, dilation) {
    var span = B(dilation) * (B(kernel) - 1n) + 1n;
    return exact(floorDiv(B(size) + 2n * B(padding) - span + B(stride) - 1n, B(stride)) + 1n, "output size");
  }

  // pooling.py's HALF and ALWAYS_READS, word for word
  function half(kind, k, d) {
    return "MaxPool and AvgPool layers (1d, 2d and 3d) take padding of at most half their kernel, kernel_size // 2: " +
      "at most " + c_div(k, 2) + " for kernel " + k + (d === 1 ? "" : " (dilation " + d + " does not raise the limit)") +
      (kind === "max" && d === 1
        ? "; within that limit every max-pooling window holds at least one input cell, so the −∞ padding never wins the max"
        : "");
  }

  function tooSmall(outputs) {
    return "no whole window fits: the output would be " + outputs.join(" × ") +
      "; use a larger input, a smaller kernel, or more padding";
  }

  function outputShapeChecks(kind, size, k, p, s, d, ceil_mode) {
    if (s === 0) rejected("stride should not be zero", "stride must be at least 1");
    if (p < 0) rejected("pad must be non-negative, but got pad: " + p, "padding must be 0 or more");
    if (p > c_div(exact((B(k) - 1n) * B(d) + 1n, "window"), 2)) {
      rejected("pad should be at most half of effective kernel size, but got pad=" + p + ", kernel_size=" + k +
               " and dilation=" + d, half(kind, k, d));
    }
    return output_size(size, k, p, s, d, ceil_mode);
  }

  function ints(value, what) {
    if (typeof value === "number") return [value];
    if (Array.isArray(value)) return value;
    own(what + " must be an integer or a tuple of integers, not '" + value + "'");
  }

  function expand(values) { return values.length === 1 ? [values[0], values[0]] : values; }

  /* _pool for a 2-d input: kind "max" or "avg". cfg: {input, kernel, stride, padding, dilation, ceil_mode,
   * count_include_pad}. Returns a Pool-like object or throws torch's words. */
  function pool(name, kind, cfg) {
    var size = cfg.input;
    if (Math.min(size[0], size[1]) < 0) own("input sizes cannot be negative, got (" + size.join(", ") + ")");
    var k = ints(cfg.kernel, "kernel"), s = ints(cfg.stride, "stride"), p = ints(cfg.padding, "padding");
    var d = ints(kind === "max" ? cfg.dilation : 1, "dilation"), fn = kind + "_pool2d";
    if (k.length !== 1 && k.length !== 2) {
      rejected(fn + ": kernel_size must either be a single int, or a tuple of two ints", "give one kernel size, or 2");
    }
    if ([0, 1, 2].indexOf(s.length) < 0) {
      rejected(fn + ": stride must either be omitted, a single int, or a tuple of two ints", "give one stride, or 2");
    }
    if (p.length !== 1 && p.length !== 2) {
      rejected(fn + ": padding must either be a single int, or a tuple of two ints", "give one padding, or 2");
    }
    k = expand(k); s = s.length ? expand(s) : k; p = expand(p); d = expand(d);
    var outs = [0, 1].map(function (a) {
      return outputShapeChecks(kind, size[a], k[a], p[a], s[a], d[a], cfg.ceil_mode);
    });
    if (k[1] <= 0 || k[0] <= 0) {
      rejected("kernel size should be greater than zero, but got kH: " + k[0] + " kW: " + k[1], "kernel size must be at least 1");
    }
    if (s[1] <= 0 || s[0] <= 0) {
      rejected("stride should be greater than zero, but got dH: " + s[0] + " dW: " + s[1], "stride must be at least 1");
    }
    if (d[0] <= 0 || d[1] <= 0) {
      rejected("dilation should be greater than zero, but got dilationH: " + d[0] + " dilationW: " + d[1],
               "dilation must be at least 1");
    }
    if (size[0] === 0 || size[1] === 0) {
      rejected("Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size for input, but got:[1, 1, " +
               size.join(", ") + "]", "every input size must be at least 1");
    }
    if (c_div(k[1], 2) < p[1] || c_div(k[0], 2) < p[0]) {
      var bad = c_div(k[0], 2) < p[0] ? [p[0], k[0]] : [p[1], k[1]];
      rejected("pad should be smaller than or equal to half of kernel size, but got padW = " + p[1] + ", padH = " +
               p[0] + ", kW = " + k[1] + ", kH = " + k[0], half(kind, bad[1], 2));
    }
    if (Math.min(outs[0], outs[1]) < 1) {
      rejected("Given input size: (1x" + size[0] + "x" + size[1] + "). Calculated output size: (1x" + outs[0] + "x" +
               outs[1] + "). Output size is too small", tooSmall(outs));
    }
    return {name: name, kind: kind, input: size, kernel: k, stride: s, padding: p, dilation: d,
            ceil_mode: !!cfg.ceil_mode, count_include_pad: cfg.count_include_pad !== false, divisor_override: null,
            pads: [[p[0], p[0]], [p[1], p[1]]], output: outs};
  }

  function max_pool(cfg) { return pool("MaxPool2d", "max", cfg); }
  function avg_pool(cfg) { return pool("AvgPool2d", "avg", cfg); }

  /* What average pooling divides output cell's sum by (torch's CPU kernel). */
  function divisor(p, cell) {
    var count = 1;
    for (var a = 0; a < 2; a++) {
      var start = cell[a] * p.stride[a] - p.padding[a];
      var end = Math.min(start + p.kernel[a], p.input[a] + p.padding[a]);
      if (!p.count_include_pad) { start = Math.max(start, 0); end = Math.min(end, p.input[a]); }
      count *= end - start;
    }
    return count;
  }

  /* Start positions of the windows the ceiling formula counts but torch drops (pooling.py Pool.dropped). */
  function dropped(p, a) {
    var starts = [];
    if (!p.ceil_mode) return starts;
    var n = ceil_windows(p.input[a], p.kernel[a], p.padding[a], p.stride[a], p.dilation[a]);
    for (var o = p.output[a]; o < n; o++) starts.push(o * p.stride[a] - p.padding[a]);
    return starts;
  }

  /* Where those windows would start, in pooling.py's words (Pool.dropped_where). */
  function dropped_where(p, a) {
    var size = p.input[a], pad = p.padding[a], where = [];
    dropped(p, a).forEach(function (start) {
      var past = pad ? "past the right padding" : "past the end of the input";
      var text = start < size + pad ? "in the right padding" : past;
      if (where.indexOf(text) < 0) where.push(text);
    });
    return where.join(" or ");
  }

  function formula(p, a) {
    var i = p.input[a], k = p.kernel[a], s = p.stride[a], pad = p.padding[a], d = p.dilation[a];
    var body = d === 1 ? "(" + i + " + 2·" + pad + " − " + k + ") / " + s
      : "(" + i + " + 2·" + pad + " − " + d + "·(" + k + " − 1) − 1) / " + s;
    if (!p.ceil_mode) return "⌊" + body + "⌋ + 1 = " + p.output[a];
    var full = ceil_windows(i, k, pad, s, d), text = "⌈" + body + "⌉ + 1 = " + full;
    if (full !== p.output[a]) text += ", minus the window that would start " + dropped_where(p, a) + " = " + p.output[a];
    return text;
  }

  /* The layers this file answers for, by torch class name. */
  var LAYERS = {MaxPool2d: max_pool, AvgPool2d: avg_pool};

  function layerCode(p) {
    var one = function (v) { return v[0] === v[1] ? String(v[0]) : "(" + v.join(", ") + ")"; };
    var args = ["kernel_size=" + one(p.kernel), "stride=" + one(p.stride)];
    if (p.padding[0] || p.padding[1]) args.push("padding=" + one(p.padding));
    if (p.kind === "max" && (p.dilation[0] !== 1 || p.dilation[1] !== 1)) args.push("dilation=" + one(p.dilation));
    if (p.ceil_mode) args.push("ceil_mode=True");
    if (p.kind === "avg" && !p.count_include_pad) args.push("count_include_pad=False");
    return "nn." + p.name + "(" + args.join(", ") + ")(torch.zeros(1, 1, " + p.input.join(", ") + ")).shape";
  }

  /* For the tests: {output, pads, formula, divisors, error} as the page would show it. */
  function compute(name, cfg) {
    try {
      var p = LAYERS[name](cfg), divisors = null;
      if (p.kind === "avg" && p.output[0] * p.output[1] <= 256) {
        divisors = [];
        for (var r = 0; r < p.output[0]; r++) for (var c = 0; c < p.output[1]; c++) divisors.push(divisor(p, [r, c]));
      }
      return {output: p.output, pads: p.pads, formula: [formula(p, 0), formula(p, 1)], divisors: divisors, error: null};
    } catch (e) {
      if (!e.convdocs) throw e;
      return {output: null, pads: null, formula: null, divisors: null, error: e.message};
    }
  }

  window.convdocsPooling = {c_div: c_div, output_size: output_size, ceil_windows: ceil_windows, max_pool: max_pool,
                            avg_pool: avg_pool, divisor: divisor, formula: formula, layerCode: layerCode,
                            compute: compute, LAYERS: LAYERS};
})();
