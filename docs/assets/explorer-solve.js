/* convdocs explorer, solve mode (issue #14): which padding gives the output size I want? Mirrors
 * convdocs/core/solve.py function by function (same names) for 2-d layers; a layer that cannot be solved reads
 * the same one line as `python -m convdocs solve`. The tests compare this file with the Python on
 * thousands of cases. Plain JavaScript. */
(function () {
  "use strict";

  var EXACT = Number.MAX_SAFE_INTEGER;
  var NAMES = ["height", "width"];

  function fail(message) { var e = new Error(message); e.convdocs = true; throw e; }

  function span(kernel, dilation) { return dilation * (kernel - 1) + 1; }

  function total_range(input, kernel, stride, dilation, output) {
    var most = output * stride + span(kernel, dilation) - input - 1;
    var least = Math.max((output - 1) * stride + span(kernel, dilation) - input, 0);
    return output >= 1 && least <= most ? [least, most] : null;
  }

  function symmetric(input, kernel, stride, dilation, output) {
    var found = total_range(input, kernel, stride, dilation, output), out = [];
    if (found === null) return out;
    for (var p = Math.floor((found[0] + 1) / 2); p <= Math.floor(found[1] / 2); p++) out.push(p);
    return out;
  }

  function split(total, extra) {
    var small = Math.floor(total / 2);
    return (extra || "after") === "after" ? [small, total - small] : [total - small, small];
  }

  function f_pad(pads) {
    var out = [];
    pads.slice().reverse().forEach(function (pair) { out.push(pair[0], pair[1]); });
    return out;
  }

  function transposed_full(input, kernel, stride, dilation) { return (input - 1) * stride + span(kernel, dilation); }

  function transposed_pairs(input, kernel, stride, dilation, output) {
    var full = transposed_full(input, kernel, stride, dilation), pairs = [];
    for (var a = 0; a < Math.max(stride, dilation); a++) {
      var twice = full + a - output;
      if (twice >= 0 && twice % 2 === 0) pairs.push([twice / 2, a]);
    }
    return pairs.sort(function (x, y) { return x[0] - y[0] || x[1] - y[1]; });
  }

  function sizes(name, value) {
    var values = Array.isArray(value) ? value : [value, value];
    if (Math.min.apply(null, values) < 1) fail(name + " must be at least 1, got " + values.join(", "));
    return values;
  }

  /* geometry.check's words (the explorer's check mirrors it) for bad input, kernel, stride or dilation. */
  function validated(input, kernel, stride, dilation) {
    var ints = [].concat(input, kernel, stride, dilation);
    var padding = ints.reduce(function (t, v) { return t + Math.abs(v); }, 0);
    var one = function (v) { return Array.isArray(v) ? v[0] : v; };  // the explorer has one stride, one dilation
    return window.convdocsExplorer.check({input: input, kernel: kernel, stride: one(stride), padding: padding,
                                          dilation: one(dilation), padding_mode: "zeros", transposed: false,
                                          output_padding: 0});
  }

  function _why_not(i, k, s, d, o, axis, transposed) {
    var dim = axis + 2;  // torch's numbering, as shape's errors give it
    var where = "for the " + NAMES[axis] + " (torch's dimension " + dim + " of [batch, channels, " + NAMES.join(", ") + "])";
    if (transposed) {
      var most = transposed_full(i, k, s, d) + Math.max(s, d) - 1;
      return "no padding and output_padding give output " + o + " " + where + ": a transposed layer on input " + i +
        " (kernel " + k + ", stride " + s + ", dilation " + d + ") gives at most " + most +
        ", then 2 less per unit of padding";
    }
    var largest = Math.floor((i - span(k, d)) / s) + 1;
    return "output " + o + " is out of reach " + where + ": input " + i + " with kernel " + k + ", stride " + s +
      ", dilation " + d + " gives " + largest + " with no padding, and padding only makes it larger";
  }

  function _negated(pair) { return [-pair[0], -pair[1]]; }

  function exactly(answer) {
    JSON.stringify(answer, function (_k, v) {
      if (typeof v === "number" && !Number.isSafeInteger(v)) {
        fail("the answer would be beyond 2^53 − 1 = " + EXACT + ", the largest size the explorer computes " +
             "exactly (python -m convdocs solve takes any size)");
      }
      return v;
    });
    return answer;
  }

  /* solve.solve for a 2-d layer: {padding, pads, f_pad, transposed} as Solution.as_json(), plus paddings and
   * totals; throws (e.convdocs) with the CLI's one line when nothing PyTorch accepts gives output. */
  function solve(input, kernel, stride, dilation, output, transposed, extra) {
    extra = extra || "after";
    if (extra !== "after" && extra !== "before") fail("extra must be 'after' or 'before', not '" + extra + "'");
    validated(input, kernel, stride, dilation);
    var pair = function (v) { return Array.isArray(v) ? v : [v, v]; };
    var size = pair(input), k = pair(kernel), s = pair(stride), d = pair(dilation);
    if (output === null || output === undefined) fail("give the output size you want");
    var o = sizes("output", output), axes = [0, 1];
    [size, k, s, d, o].forEach(function (vs) {
      vs.forEach(function (v) { if (v > 1e9) exactly([v * v]); });  // products of sizes stay exact
    });
    if (transposed) {
      var per_dim = axes.map(function (a) { return transposed_pairs(size[a], k[a], s[a], d[a], o[a]); });
      axes.forEach(function (a) {
        if (!per_dim[a].length) fail(_why_not(size[a], k[a], s[a], d[a], o[a], a, true));
      });
      var combos = [];
      per_dim[0].forEach(function (x) { per_dim[1].forEach(function (y) { combos.push([x, y]); }); });
      var key = function (c) { return [c[0][0] + c[1][0], c[0][1] + c[1][1], c[0][0], c[0][1], c[1][0], c[1][1]]; };
      combos.sort(function (x, y) {
        var kx = key(x), ky = key(y);
        for (var j = 0; j < kx.length; j++) if (kx[j] !== ky[j]) return kx[j] - ky[j];
        return 0;
      });
      var pairs = combos.map(function (c) { return {padding: [c[0][0], c[1][0]], output_padding: [c[0][1], c[1][1]]}; });
      var exact = pairs.filter(function (pa) { return !pa.output_padding.some(Boolean); });
      var crop_pads = axes.map(function (a) {
        var c = transposed_full(size[a], k[a], s[a], d[a]) - o[a];
        return c >= 0 ? _negated(split(c, extra)) : split(-c, extra);
      });
      return exactly({padding: exact.length ? exact[0].padding : null, pads: crop_pads, f_pad: f_pad(crop_pads),
                      transposed: pairs, paddings: [], totals: [], output: o, is_transposed: true});
    }
    var totals = axes.map(function (a) {
      var found = total_range(size[a], k[a], s[a], d[a], o[a]);
      if (found === null) fail(_why_not(size[a], k[a], s[a], d[a], o[a], a, false));
      return found;
    });
    var paddings = axes.map(function (a) { return symmetric(size[a], k[a], s[a], d[a], o[a]); });
    var padding = paddings.every(function (p) { return p.length; }) ? paddings.map(function (p) { return p[0]; }) : null;
    var pads = totals.map(function (t) { return split(t[0], extra); });
    return exactly({padding: padding, pads: pads, f_pad: f_pad(pads), transposed: [], paddings: paddings,
                    totals: totals, output: o, is_transposed: false});
  }

  function _one(values) {
    return values[0] === values[1] ? String(values[0]) : "(" + values.join(", ") + ")";
  }
  function tuple(values) { return "(" + values.join(", ") + ")"; }

  /* The result list: one line per answer, minimal first (the lines of solve.solve_text after its first). */
  function lines(answer) {
    var out = [];
    if (answer.is_transposed) {
      answer.transposed.forEach(function (pa) {
        out.push("padding=" + _one(pa.padding) + ", output_padding=" + _one(pa.output_padding));
      });
      var sides = answer.pads.map(function (pair, a) {
        return NAMES[a] + " " + (pair[0] + pair[1] < 0 ? "crop" : "pad") + " " + Math.abs(pair[0]) + " + " +
          Math.abs(pair[1]);
      }).join(", ");
      out.push("or padding=0, then F.pad(y, " + tuple(answer.f_pad) + ") on its output: " + sides + " (before + after)");
      return out;
    }
    if (answer.padding === null) {
      var odd = NAMES.filter(function (_n, a) { return !answer.paddings[a].length; });
      out.push("padding: no integer padding gives it (" + odd.join(" and ") + (odd.length === 1 ? " needs" : " need") +
               " an odd total padding)");
    } else {
      var others = NAMES.map(function (n, a) { return answer.paddings[a].length > 1 ? n + " " + answer.paddings[a].join(", ") : null; })
        .filter(function (x) { return x !== null; });
      out.push("padding=" + _one(answer.padding) + (others.length ? " (every padding that works: " + others.join("; ") + ")" : ""));
    }
    out.push("total padding that works: " + answer.totals.map(function (t, a) {
      return NAMES[a] + " " + t[0] + (t[1] > t[0] ? " to " + t[1] : "");
    }).join(", "));
    out.push("minimal: F.pad(x, " + tuple(answer.f_pad) + "), then padding=0: " + answer.pads.map(function (p, a) {
      return NAMES[a] + " " + p[0] + " + " + p[1];
    }).join(", ") + " (before + after)");
    return out;
  }

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
      if (layer !== "Conv2d" && layer !== "ConvTranspose2d") fail("Solve answers Conv2d and ConvTranspose2d, not " + layer);
      var num = function (id, label) { return E.wholeNumber(node(root, id).value, label); };
      var answer = solve([num("input-height", "Input height"), num("input-width", "Input width")],
                         [num("kernel-height", "Kernel height"), num("kernel-width", "Kernel width")],
                         [num("stride", "Stride"), num("stride", "Stride")],
                         [num("dilation", "Dilation"), num("dilation", "Dilation")],
                         [num("output-height", "Wanted output height"), num("output-width", "Wanted output width")],
                         node(root, "transposed").checked);
      lines(answer).forEach(function (text) {
        var li = document.createElement("li");
        li.textContent = text;
        list.appendChild(li);
      });
    } catch (e) {
      if (!e.convdocs) throw e;
      why.textContent = e.message;
      why.hidden = false;
    }
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

  window.convdocsSolve = {span: span, total_range: total_range, symmetric: symmetric, split: split, f_pad: f_pad,
                          transposed_full: transposed_full, transposed_pairs: transposed_pairs, sizes: sizes,
                          validated: validated, solve: solve, lines: lines, writeUrl: writeUrl, render: render,
                          readUrl: readUrl};
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
