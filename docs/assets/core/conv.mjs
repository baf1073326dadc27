/* A 2-d convolution's shape, as convdocs/core/conv.py computes it (PyTorch 2.13): the checks in torch's order,
 * building the layer, then calling it. Every function takes the catalogue of words `T` (words.mjs) as data. */
import { B, EXACT, exact, fmt } from "./numbers.mjs";
import { fail, say, torchFail } from "./words.mjs";

export const MODES = ["zeros", "reflect", "replicate", "circular"];
export const NAMES = ["height", "width"];
/* The cell budget: a grid is drawn only up to MAX_DRAWN cells across in each dimension. */
export const MAX_DRAWN = 48;
const TORCH_DIMS = ["batch", "channels", "height", "width"];
const INT64_MAX = 9223372036854775807n, INT32_MAX = 2147483647;

function sameP(k, d, T) {
  const total = B(d) * (B(k) - 1n), lo = total / 2n;
  return [exact(lo, "'same' padding", T), exact(total - lo, "'same' padding", T)];
}
const half = (total) => (total < 0 ? -Math.floor(-total / 2) : Math.floor(total / 2));
const least = (values) => Math.min(...values);
const dims = (values) => values.join(" × ");

/* cfg: {input: [h, w], kernel: [kh, kw], stride, padding (number | [..] | string), dilation, padding_mode,
 *       transposed, output_padding} -> {output, pads, ...} or throws the page's one line. */
export function check(cfg, T) {
  const size = cfg.input, k = cfg.kernel, mode = cfg.padding_mode === undefined ? "zeros" : cfg.padding_mode;
  const both = (v) => (Array.isArray(v) ? v : [v, v]);
  const s = both(cfg.stride), d = both(cfg.dilation), op = both(cfg.output_padding || 0);
  const p = typeof cfg.padding === "number" ? both(cfg.padding) : cfg.padding;
  size.concat(k, s, d, op, Array.isArray(p) ? p : []).forEach((v) => {
    if (!Number.isSafeInteger(v)) fail(say(T, "explorer.sizes_whole", { value: v }));
  });
  if (cfg.transposed && mode !== "zeros") torchFail(T, "transposed_mode/2", [], { mode });
  if (typeof p === "string" && !cfg.transposed) {
    if (p !== "same" && p !== "valid") torchFail(T, "padding_string_unknown", [p], { padding: p, n: 2 });
    if (p === "same" && (s[0] !== 1 || s[1] !== 1)) torchFail(T, "same_strided", [], { stride: fmt(s) });
  }
  if (MODES.indexOf(mode) < 0) torchFail(T, "padding_mode_unknown", [mode], { mode });
  if (least(k) < 0) fail(say(T, "conv.own.kernel_sizes_must_at_least", { kernel: fmt(k) }));
  [["input sizes", size], ["kernel sizes", k], ["dilation", d]].forEach(([name, values]) => {
    if (least(values) < 1) fail(say(T, "conv.own.must_at_least_1_pytorch", { name, values: fmt(values) }));
  });
  checkInt64(size, k, T);
  if (cfg.transposed) {
    if (typeof p === "string") torchFail(T, "transposed_string/2", [5, 0], { padding: p });
    return aten(size, k, s, p, d, op, true, 1, 0, T);
  }
  if (mode === "zeros") return aten(size, k, s, p, d, [0, 0], false, 1, 0, T);
  const pads = typeof p === "string" ? k.map((kk, a) => (p === "same" ? sameP(kk, d[a], T) : [0, 0])) : p.map((v) => [v, v]);
  const shape = fpad(size, pads, mode, T);
  const conv = aten(shape.slice(1), k, s, [0, 0], d, [0, 0], false, shape[0], pads.length, T);
  conv.input = size;
  conv.pads = pads.length > 2 ? pads.slice(pads.length - 2) : pads;
  conv.padding_mode = mode;
  return conv;
}

/* conv._check_int64: only the storage size can pass 64 bits here; torch builds the weight first, then meets the input. */
function checkInt64(size, k, T) {
  [["a kernel", k], ["an input", size]].forEach(([what, shape]) => {
    if (B(shape[0]) * B(shape[1]) * 4n > INT64_MAX) torchFail(T, "storage_overflow", [[1, 1].concat(shape)], { what, shape: dims(shape) });
  });
}

function checkOverflow(name, values, T) {
  values.forEach((v) => {
    if (Math.abs(v) > INT32_MAX) {
      fail(say(T, "conv.own.beyond_bit_integers_at_most", { name, v, bits: 32, limit: INT32_MAX, reason: say(T, "conv.transposed_int32") }));
    }
  });
}

/* conv.empty_output_allowed for a 2-d input, batch 1, 1 channel, float32, 2 threads: whether torch's CPU oneDNN
 * path runs (it returns an empty tensor) rather than the native one (it raises). */
function empty_output_allowed(input, kernel, stride, output_padding) {
  if (output_padding[0] >= stride[0] || output_padding[1] >= stride[1]) return false;
  return (kernel[0] > 3 && kernel[1] > 3) || input[0] * input[1] > 20480; // threads > 1: oneDNN is worth it
}

/* F.pad(x, ..., mode) on an input of [1, 1, h, w]: [channels, h', w'] or torch's refusal. */
function fpad(size, pads, mode, T) {
  const m = pads.length, shape = [1, 1, size[0], size[1]], first = 4 - m, out = shape.slice();
  if (m !== 2 && m !== 3) torchFail(T, "pad_size_unsupported", [2 * m, 4], { mode, n: 2, count: m, n_torch: 4 });
  for (let j = 0; j < m; j++) out[first + j] = exact(B(shape[first + j]) + B(pads[j][0]) + B(pads[j][1]), "padded size", T);
  const fields = (j, extra) => Object.assign({ pad: fmt(pads[j]), name: TORCH_DIMS[first + j], size: shape[first + j],
    left: out[first + j], names: "height, width" }, extra);
  if (mode === "circular") {
    for (let j = 0; j < m; j++) {
      if (pads[j][0] > shape[first + j] || pads[j][1] > shape[first + j]) torchFail(T, "circular_wraps", [], fields(j));
      if (out[first + j] < 0) torchFail(T, "circular_empty", [], fields(j));
    }
    return out.slice(1);
  }
  if (mode === "reflect") {
    for (let j = m - 1; j >= 0; j--) { // torch checks the last dimension first
      const dim = first + j;
      if (pads[j][0] >= shape[dim] || pads[j][1] >= shape[dim]) {
        torchFail(T, "reflect_too_large", [2 * (m - 1 - j) + 4, pads[j][0], pads[j][1], dim, shape], fields(j, { dim }));
      }
    }
  }
  const spatial = out.slice(first);
  if (spatial.every((v) => v < 1)) {
    torchFail(T, `${mode}_too_small/${m}`, shape.slice(first).concat(spatial), fields(spatial.indexOf(least(spatial))));
  }
  if (least(out) < 0) {
    let worst = 0;
    while (spatial[worst] >= 0) worst++;
    const f = fields(worst);
    if (mode === "reflect") fail(say(T, "conv.own.reflect_crop_too_much", { pad: f.pad, name: f.name, size: f.size, left: f.left }));
    torchFail(T, "negative_dimension", [spatial[worst], out], f);
  }
  return out.slice(1);
}

/* ATen's convolution on an input of [1, channels, h, w] with a weight of [1, 1, kh, kw]. */
function aten(size, k, s, p, d, op, transposed, channels, count, T) {
  if (p === "same") {
    const left = [], sized = size.slice();
    for (let a = 0; a < 2; a++) {
      const total = exact(B(d[a]) * (B(k[a]) - 1n), "'same' padding", T);
      left.push(half(total));
      const right = total - left[a];
      sized[a] = exact(B(sized[a]) + B(right - left[a]), "padded size", T);
      if (right < left[a]) left[a] = right;
    }
    const conv = aten(sized, k, s, left, d, [0, 0], false, 1, 0, T);
    conv.input = size;
    conv.pads = [sameP(k[0], d[0], T), sameP(k[1], d[1], T)];
    return conv;
  }
  if (p === "valid") {
    p = [0];
    op = [0];
  }
  if (p.length === 1) p = [p[0], p[0]];
  if (op.length === 1) op = [op[0], op[0]];
  [["padding", p], ["output_padding", op]].forEach(([name, v]) => {
    if (v.length !== 2) torchFail(T, `param_length/${name}`, [2, v], { name, count: v.length, dim: 2 });
  });
  if (least(p) < 0) torchFail(T, "negative_padding", [], { padding: fmt(p) });
  if (least(op) < 0) torchFail(T, "negative_output_padding", [], { output_padding: fmt(op) });
  if (least(s) < 1) torchFail(T, "nonpositive_stride", [], { stride: fmt(s) });
  if (channels !== 1) {
    torchFail(T, "channels_mismatch", [1, [1, 1, k[0], k[1]], [1, channels, size[0], size[1]], 1, channels], { count, n: 2, channels });
  }
  const result = { pads: [[p[0], p[0]], [p[1], p[1]]], stride: s, dilation: d, kernel: k, input: size, transposed,
    output_padding: op, padding_mode: "zeros" };
  const axes = [0, 1];
  if (!transposed) {
    const padded = axes.map((i) => exact(B(size[i]) + 2n * B(p[i]), `padded input ${NAMES[i]}`, T));
    const span = axes.map((i) => exact(B(d[i]) * (B(k[i]) - 1n) + 1n, `dilated kernel ${NAMES[i]}`, T));
    if (span[0] > padded[0] || span[1] > padded[1]) {
      torchFail(T, "kernel_too_large/2", [padded[0], padded[1], span[0], span[1]], { span: dims(span), padded: dims(padded) });
    }
    // BigInt division: exact, and padded ≥ span so it is the floor
    result.output = axes.map((i) => exact((B(padded[i]) - B(span[i])) / B(s[i]) + 1n, `output ${NAMES[i]}`, T));
    return result;
  }
  for (let a = 0; a < 2; a++) {
    if (op[a] >= s[a] && op[a] >= d[a]) {
      torchFail(T, "output_padding_too_large/2", [op[0], op[1], s[0], s[1], d[0], d[1]],
        { output_padding: op[a], stride: s[a], dilation: d[a], name: NAMES[a], note: "" });
    }
  }
  // every product is worked out exactly first: one beyond 2^53 − 1 is refused as such, before the 32-bit checks
  [["stride", s], ["padding", p], ["dilation", d],
    ["(input − 1)·stride", axes.map((i) => exact((B(size[i]) - 1n) * B(s[i]), "(input − 1)·stride", T))],
    [say(T, "conv.quantity.dilated_kernel"), axes.map((i) => exact(B(d[i]) * (B(k[i]) - 1n) + 1n, say(T, "conv.quantity.dilated_kernel"), T))],
  ].forEach(([name, values]) => { checkOverflow(name, values, T); });
  const output = axes.map((i) =>
    exact((B(size[i]) - 1n) * B(s[i]) - 2n * B(p[i]) + B(d[i]) * (B(k[i]) - 1n) + B(op[i]) + 1n, `output ${NAMES[i]}`, T));
  checkOverflow("the output", output, T);
  result.output = output;
  if (least(output) === 0 && empty_output_allowed(size, k, s, op)) return result; // torch returns an empty tensor
  if (least(output) < 1) {
    torchFail(T, "transposed_output_too_small/2", [size[0], size[1], output[0], output[1]], { output: dims(output), note: "" });
  }
  return result;
}

/* conv.formula: the output-size formula for one dimension, worked through. */
export function formula(conv, a) {
  const i = conv.input[a], k = conv.kernel[a], s = conv.stride[a], d = conv.dilation[a];
  const lo = conv.pads[a][0], hi = conv.pads[a][1], o = conv.output[a];
  if (conv.transposed) return `(${i} − 1)·${s} − 2·${lo} + ${d}·(${k} − 1) + ${conv.output_padding[a]} + 1 = ${o}`;
  const pad = lo === hi ? `2·${lo}` : `${lo} + ${hi}`;
  if (d === 1) return `⌊(${i} + ${pad} − ${k}) / ${s}⌋ + 1 = ${o}`;
  return `⌊(${i} + ${pad} − ${d}·(${k} − 1) − 1) / ${s}⌋ + 1 = ${o}`;
}

/* Input cells (input coordinates, padding outside 0..size-1) read by output cell o along axis a. A window that
 * runs past the padding (a pooling layer's last window with ceil_mode) reads only the cells that are there. */
export function reads1d(conv, a, o) {
  const k = conv.kernel[a], s = conv.stride[a], d = conv.dilation[a], out = [];
  if (!conv.transposed) {
    const lo = conv.pads[a][0], end = conv.input[a] + conv.pads[a][1];
    for (let j = 0; j < k; j++) if (o * s - lo + j * d < end) out.push(o * s - lo + j * d);
    return out;
  }
  for (let j = 0; j < k; j++) {
    const t = o + conv.pads[a][0] - j * d;
    if (t % s === 0 && t / s >= 0 && t / s < conv.input[a]) out.push(t / s);
  }
  return out.sort((x, y) => x - y);
}

/* The cells drawn along axis a, in input coordinates (a transposed layer's input is drawn unpadded). */
export function grid(conv, a) {
  const lo = conv.transposed ? 0 : conv.pads[a][0], hi = conv.transposed ? 0 : conv.pads[a][1], cells = [];
  for (let i = -lo; i < conv.input[a] + hi; i++) cells.push(i);
  return cells;
}

/* The drawn cells no output reads along axis a, as {cell: true}. */
export function unread1d(conv, a) {
  const read = {}, skipped = {};
  for (let o = 0; o < conv.output[a]; o++) reads1d(conv, a, o).forEach((i) => { read[i] = true; });
  grid(conv, a).forEach((i) => { if (!read[i]) skipped[i] = true; });
  return skipped;
}

/* The line a reader pastes into Python to get the same shape. */
export function layerCode(cfg) {
  return `${layerBuild(cfg)}(torch.zeros(1, 1, ${cfg.input.join(", ")})).shape`;
}

/* The layer's constructor as Python spells it, with `extra` arguments last (the values' script adds bias=False). */
export function layerBuild(cfg, extra = []) {
  const name = cfg.transposed ? "ConvTranspose2d" : "Conv2d";
  const k = cfg.kernel[0] === cfg.kernel[1] ? String(cfg.kernel[0]) : `(${cfg.kernel.join(", ")})`;
  const args = ["1", "1", `kernel_size=${k}`], p = cfg.padding;
  if (cfg.stride !== 1) args.push(`stride=${cfg.stride}`);
  if (typeof p === "string") args.push(`padding='${p}'`);
  else if (Array.isArray(p)) args.push(`padding=(${p.join(", ")})`);
  else if (p !== 0) args.push(`padding=${p}`);
  if (cfg.dilation !== 1) args.push(`dilation=${cfg.dilation}`);
  if (cfg.padding_mode !== "zeros") args.push(`padding_mode='${cfg.padding_mode}'`);
  const op = fmt([].concat(cfg.output_padding || 0)); // "1", or per dimension "(1, 0)"
  if (cfg.transposed && op !== "0") args.push(`output_padding=${op}`);
  return `nn.${name}(${args.concat(extra).join(", ")})`;
}

/* What the page shows for a configuration: {output, pads, formula, error} (the tests compare it with conv.py). */
export function compute(cfg, T) {
  try {
    const conv = check(cfg, T);
    return { output: conv.output, pads: conv.pads, formula: [formula(conv, 0), formula(conv, 1)], error: null };
  } catch (e) {
    if (!e.convdocs) throw e;
    return { output: null, pads: null, formula: null, error: e.message };
  }
}

/* The input cells output o reads along axis a, as text; a kernel above the budget is not listed. */
export function readsText(conv, a, o, T) {
  if (conv.kernel[a] <= MAX_DRAWN) return reads1d(conv, a, o).join(", ");
  if (conv.transposed) return say(T, "explorer.kernel_unlisted", { k: conv.kernel[a] });
  const first = o * conv.stride[a] - conv.pads[a][0], d = conv.dilation[a];
  return `${first} to ${first + (conv.kernel[a] - 1) * d}` + (d > 1 ? ` every ${d}` : ""); // no template in a template: rjsmin
}

/* The status line for output cell rc: what it reads (and, for average pooling, what its sum is divided by). */
export function readsStatus(conv, rc, T, divisor) {
  const pool = conv.pool, fill = pool ? say(T, pool.kind === "max" ? "explorer.fill_max" : "explorer.fill_avg") : "";
  const fields = { r: rc[0], c: rc[1], rows: readsText(conv, 0, rc[0], T), cols: readsText(conv, 1, rc[1], T), fill };
  // a transposed layer reads input cells only (its padding crops the output); some output cells read none
  if (conv.transposed) return say(T, fields.rows && fields.cols ? "explorer.reads_transposed" : "explorer.reads_none", fields);
  return say(T, "explorer.reads", fields) + (pool && pool.kind === "avg" ? say(T, "explorer.divided", { divisor: divisor(pool, rc) }) : "");
}

/* The status line for input cell rc: the output cells `hits` ([[r, c], ...]) that read it. */
export function readByStatus(rc, hits, T) {
  if (!hits.length) return say(T, "explorer.read_by_none", { r: rc[0], c: rc[1] });
  return say(T, "explorer.read_by", { r: rc[0], c: rc[1], cells: hits.map((h) => `(${h[0]}, ${h[1]})`).join(", ") });
}

/* Why a figure is not drawn (an empty output, or grids above the budget), or null when it is drawn. */
export function notDrawn(conv, T) {
  const across = [0, 1].map((a) => (conv.transposed ? conv.input[a] : conv.input[a] + conv.pads[a][0] + conv.pads[a][1]));
  if (Math.min(conv.output[0], conv.output[1]) < 1) return say(T, "explorer.empty_output", { output: dims(conv.output) });
  if (Math.max(...across, ...conv.output, ...conv.kernel) <= MAX_DRAWN) return null;
  return say(T, "explorer.too_large", { what: conv.transposed ? "input" : "padded input", across: dims(across),
    kernel: dims(conv.kernel), output: dims(conv.output), most: MAX_DRAWN });
}

export { EXACT };
