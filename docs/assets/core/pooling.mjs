/* MaxPool2d and AvgPool2d, as convdocs/core/pooling.py computes them for 2-d inputs (same names). Errors read as
 * str(convdocs.core.errors.Rejected): PyTorch: <type>: torch's words — convdocs: ours. `T`: the catalogue (words.mjs). */
import { B, exact, floorDiv } from "./numbers.mjs";
import { fail, rejected, say } from "./words.mjs";

/* C++ integer division (truncates toward zero), as torch's checks compute it. */
export const c_div = (a, b, T) => exact(B(a) / B(b), "a size", T);

export function output_size(size, kernel, padding, stride, dilation, ceil_mode, T) {
  const span = B(dilation) * (B(kernel) - 1n) + 1n;
  let n = floorDiv(B(size) + 2n * B(padding) - span + (ceil_mode ? B(stride) - 1n : 0n), B(stride)) + 1n;
  if (ceil_mode && (n - 1n) * B(stride) >= B(size) + B(padding)) n -= 1n;
  return exact(n, "output size", T);
}

export function ceil_windows(size, kernel, padding, stride, dilation, T) {
  const span = B(dilation) * (B(kernel) - 1n) + 1n;
  return exact(floorDiv(B(size) + 2n * B(padding) - span + B(stride) - 1n, B(stride)) + 1n, "output size", T);
}

/* pooling._half: why torch refuses more padding than half the kernel. */
function half(kind, k, d, T) {
  return say(T, "pool.half_kernel", { limit: c_div(k, 2, T), k, dil: d === 1 ? "" : say(T, "pool.half_kernel_dilation", { d }),
    why: kind === "max" && d === 1 ? say(T, "pool.always_reads") : "" });
}

const tooSmall = (outputs, T) => say(T, "pool.too_small", { output: outputs.join(" × ") });

function outputShapeChecks(kind, size, k, p, s, d, ceil_mode, T) {
  if (s === 0) rejected(T, say(T, "pool.torch.stride_should_not_zero"), say(T, "pool.why.must_at_least_1", { what: "stride" }));
  if (p < 0) rejected(T, say(T, "pool.torch.pad_must_non_negative_pad", { p }), say(T, "common.why.padding_must_0_more"));
  if (p > c_div(exact((B(k) - 1n) * B(d) + 1n, "window", T), 2, T)) {
    rejected(T, say(T, "pool.torch.pad_should_at_most_half", { p, k, d }), half(kind, k, d, T));
  }
  return output_size(size, k, p, s, d, ceil_mode, T);
}

function ints(value, what, T) {
  if (typeof value === "number") return [value];
  if (Array.isArray(value)) return value;
  fail(say(T, "common.own.must_integer_tuple_integers_not", { what, value: `'${value}'` }));
}

const expand = (values) => (values.length === 1 ? [values[0], values[0]] : values);

/* pooling._pool for a 2-d input: kind "max" or "avg". cfg: {input, kernel, stride, padding, dilation, ceil_mode,
 * count_include_pad}. Returns a Pool-like object or throws torch's words. */
function pool(name, kind, cfg, T) {
  const size = cfg.input;
  if (Math.min(size[0], size[1]) < 0) fail(say(T, "pool.own.input_sizes_cannot_negative", { sizes: `(${size.join(", ")})` }));
  let k = ints(cfg.kernel, "kernel", T), s = ints(cfg.stride, "stride", T), p = ints(cfg.padding, "padding", T);
  let d = ints(kind === "max" ? cfg.dilation : 1, "dilation", T);
  const fn = `${kind}_pool2d`, must = "must either be", word = "two";
  if (k.length !== 1 && k.length !== 2) rejected(T, say(T, "pool.torch.kernel_size_single_int_tuple", { fn, must, word }), say(T, "pool.why.give_one_kernel_size", { n: 2 }));
  if ([0, 1, 2].indexOf(s.length) < 0) rejected(T, say(T, "pool.torch.stride_omitted_single_int_tuple", { fn, must, word }), say(T, "pool.why.give_one_stride", { n: 2 }));
  if (p.length !== 1 && p.length !== 2) rejected(T, say(T, "pool.torch.padding_single_int_tuple_ints", { fn, must, word }), say(T, "pool.why.give_one_padding", { n: 2 }));
  k = expand(k);
  s = s.length ? expand(s) : k;
  p = expand(p);
  d = expand(d);
  const outs = [0, 1].map((a) => outputShapeChecks(kind, size[a], k[a], p[a], s[a], d[a], cfg.ceil_mode, T));
  [[k, "k", "kernel size"], [s, "d", "stride"], [d, "dilation", "dilation"]].forEach(([values, prefix, what]) => {
    if (Math.min(...values) <= 0) {
      const got = `${prefix}H: ${values[0]} ${prefix}W: ${values[1]}`;
      rejected(T, say(T, "pool.torch.should_greater_than_zero", { what, got }), say(T, "pool.why.must_at_least_1", { what }));
    }
  });
  if (size[0] === 0 || size[1] === 0) {
    rejected(T, say(T, "pool.torch.expected_3d_4d_batch_mode", { shape: `[1, 1, ${size.join(", ")}]` }), say(T, "pool.why.every_input_size_must_at"));
  }
  if (c_div(k[1], 2, T) < p[1] || c_div(k[0], 2, T) < p[0]) {
    const bad = c_div(k[0], 2, T) < p[0] ? 0 : 1; // a dilated window only: without dilation it was refused above
    const pads = say(T, "pool.torch.pads_2d", { pw: p[1], ph: p[0], kw: k[1], kh: k[0] });
    rejected(T, say(T, "pool.torch.pad_should_smaller_than_equal", { pads }), half(kind, k[bad], d[bad], T));
  }
  if (Math.min(outs[0], outs[1]) < 1) {
    rejected(T, say(T, "pool.torch.given_input_size_1x_calculated", { sizes: size.join("x"), outputs: outs.join("x") }), tooSmall(outs, T));
  }
  return { name, kind, input: size, kernel: k, stride: s, padding: p, dilation: d, ceil_mode: !!cfg.ceil_mode,
    count_include_pad: cfg.count_include_pad !== false, divisor_override: null, pads: [[p[0], p[0]], [p[1], p[1]]], output: outs };
}

export const max_pool = (cfg, T) => pool("MaxPool2d", "max", cfg, T);
export const avg_pool = (cfg, T) => pool("AvgPool2d", "avg", cfg, T);
/* The layers this module answers for, by torch class name. */
export const LAYERS = { MaxPool2d: max_pool, AvgPool2d: avg_pool };

/* What average pooling divides output cell's sum by (torch's CPU kernel). */
export function divisor(p, cell) {
  let count = 1;
  for (let a = 0; a < 2; a++) {
    let start = cell[a] * p.stride[a] - p.padding[a];
    let end = Math.min(start + p.kernel[a], p.input[a] + p.padding[a]);
    if (!p.count_include_pad) {
      start = Math.max(start, 0);
      end = Math.min(end, p.input[a]);
    }
    count *= end - start;
  }
  return count;
}

/* Start positions of the windows the ceiling formula counts but torch drops (Pool.dropped). */
export function dropped(p, a, T) {
  const starts = [];
  if (!p.ceil_mode) return starts;
  const n = ceil_windows(p.input[a], p.kernel[a], p.padding[a], p.stride[a], p.dilation[a], T);
  for (let o = p.output[a]; o < n; o++) starts.push(o * p.stride[a] - p.padding[a]);
  return starts;
}

/* Where those windows would start, in words (Pool.dropped_where). */
export function dropped_where(p, a, T) {
  const size = p.input[a], pad = p.padding[a], where = [];
  dropped(p, a, T).forEach((start) => {
    const text = say(T, start < size + pad ? "pool.in_right_padding" : pad ? "pool.past_right_padding" : "pool.past_input");
    if (where.indexOf(text) < 0) where.push(text);
  });
  return where.join(" or ");
}

/* pooling.formula: the output-size formula for one dimension, worked through. */
export function formula(p, a, T) {
  const i = p.input[a], k = p.kernel[a], s = p.stride[a], pad = p.padding[a], d = p.dilation[a];
  const body = d === 1 ? `(${i} + 2·${pad} − ${k}) / ${s}` : `(${i} + 2·${pad} − ${d}·(${k} − 1) − 1) / ${s}`;
  if (!p.ceil_mode) return `⌊${body}⌋ + 1 = ${p.output[a]}`;
  const full = ceil_windows(i, k, pad, s, d, T);
  let text = `⌈${body}⌉ + 1 = ${full}`;
  if (full !== p.output[a]) text += say(T, "pool.minus_dropped", { where: dropped_where(p, a, T), output: p.output[a] });
  return text;
}

export function layerCode(p) {
  return `${layerBuild(p)}(torch.zeros(1, 1, ${p.input.join(", ")})).shape`;
}

/* The layer's constructor as Python spells it. */
export function layerBuild(p) {
  const one = (v) => (v[0] === v[1] ? String(v[0]) : `(${v.join(", ")})`);
  const args = [`kernel_size=${one(p.kernel)}`, `stride=${one(p.stride)}`];
  if (p.padding[0] || p.padding[1]) args.push(`padding=${one(p.padding)}`);
  if (p.kind === "max" && (p.dilation[0] !== 1 || p.dilation[1] !== 1)) args.push(`dilation=${one(p.dilation)}`);
  if (p.ceil_mode) args.push("ceil_mode=True");
  if (p.kind === "avg" && !p.count_include_pad) args.push("count_include_pad=False");
  return `nn.${p.name}(${args.join(", ")})`;
}

/* What the page shows: {output, pads, formula, divisors, error} (the tests compare it with pooling.py). */
export function compute(name, cfg, T) {
  try {
    const p = LAYERS[name](cfg, T);
    let divisors = null;
    if (p.kind === "avg" && p.output[0] * p.output[1] <= 256) {
      divisors = [];
      for (let r = 0; r < p.output[0]; r++) for (let c = 0; c < p.output[1]; c++) divisors.push(divisor(p, [r, c]));
    }
    return { output: p.output, pads: p.pads, formula: [formula(p, 0, T), formula(p, 1, T)], divisors, error: null };
  } catch (e) {
    if (!e.convdocs) throw e;
    return { output: null, pads: null, formula: null, divisors: null, error: e.message };
  }
}
