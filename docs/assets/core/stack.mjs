/* Stack (issue #12): up to four layers, and a final output cell's receptive field drawn back through every layer.
 * The field is convdocs/core/receptive.py's (same names); each layer's shape and refusal are conv.mjs's and
 * pooling.mjs's. `T`: the catalogue of words (words.mjs). */
import { check, MAX_DRAWN } from "./conv.mjs";
import { LAYERS } from "./pooling.mjs";
import { fail, say } from "./words.mjs";

export const KINDS = ["Conv2d", "MaxPool2d", "AvgPool2d"], MOST = 4, AXES = [0, 1];

function exact(v, what, T) {
  if (!Number.isSafeInteger(v)) fail(say(T, "stack.beyond_exact", { what }));
  return v;
}

/* ---------------------------------------------------------------- convdocs/core/receptive.py */
export const span = (kernel, dilation = 1) => dilation * (kernel - 1) + 1;
export const receptive_field = (r, S, kernel, dilation = 1) => r + (span(kernel, dilation) - 1) * S;
export const effective_stride = (S, stride) => S * stride;
export const effective_padding = (P, S, before) => P + before * S;
export const START = { r: 1, S: 1, P: 0 };
export const layer_field = (field, kernel, stride, dilation = 1, before = 0, T = undefined) => ({
  r: exact(receptive_field(field.r, field.S, kernel, dilation), "r", T),
  S: exact(effective_stride(field.S, stride), "S", T),
  P: exact(effective_padding(field.P, field.S, before), "P", T),
});
export const window_ = (field, cell) => [cell * field.S - field.P, cell * field.S - field.P + field.r - 1];
export function outside(field, cell, size) {
  const [first, last] = window_(field, cell);
  return field.r - Math.max(0, Math.min(last, size - 1) - Math.max(first, 0) + 1);
}
/* Step (kind "window", mode "zeros": the layers this mode stacks) with its taps and source. */
export const Step = (size, output, kernel, stride, dilation, before, after) =>
  ({ kind: "window", size, output, kernel, stride, dilation, before, after, mode: "zeros" });
export const taps = (step, cell) => Array.from({ length: step.kernel }, (_, j) => cell * step.stride - step.before + j * step.dilation);
export const source = (step, position) => (position >= 0 && position < step.size ? position : null);
/* Output cell back through steps (first layer first): [input cells, reads padding?, positions read per layer]. */
export function reads(steps, cell) {
  let cells = [cell], padded = false;
  const trail = [];
  for (let l = steps.length - 1; l >= 0; l--) {
    const seen = new Set();
    for (const c of cells) for (const p of taps(steps[l], c)) seen.add(p);
    trail[l] = [...seen].sort((a, b) => a - b);
    padded = padded || trail[l].some((p) => source(steps[l], p) === null);
    cells = trail[l].filter((p) => source(steps[l], p) !== null);
  }
  return [cells, padded, trail];
}
export const chain_field = (steps) => steps.reduce((f, s) => layer_field(f, s.kernel, s.stride, s.dilation, s.before), START);

/* ---------------------------------------------------------------- one stack */
/* layers [{layer, kernel: [kh, kw], stride, padding, dilation}] (stride, padding and dilation a number or
 * [height, width]) -> per layer {layer, input, output, pads, steps,
 * fields}; a refused layer throws torch's words after "Layer i (name): ". */
export function stack(input, layers, T) {
  if (!layers.length || layers.length > MOST) fail(say(T, "stack.count", { most: MOST, n: layers.length }));
  let size = input, fields = [START, START];
  return layers.map((L, i) => {
    let got, steps;
    try {
      if (!KINDS.includes(L.layer)) fail(say(T, "stack.unknown_layer", { layer: L.layer, kinds: KINDS.join(", ") }));
      const cfg = { input: size, kernel: L.kernel, stride: L.stride, padding: L.padding, dilation: L.dilation };
      got = L.layer === "Conv2d"
        ? check({ ...cfg, padding_mode: "zeros", transposed: false, output_padding: 0 }, T)
        : LAYERS[L.layer]({ ...cfg, ceil_mode: false, count_include_pad: true, dilation: L.layer === "MaxPool2d" ? L.dilation : 1 }, T);
      steps = AXES.map((a) => Step(size[a], got.output[a], got.kernel[a], got.stride[a], got.dilation[a], ...got.pads[a]));
      fields = fields.map((f, a) => layer_field(f, steps[a].kernel, steps[a].stride, steps[a].dilation, steps[a].before, T));
    } catch (e) {
      if (!e.convdocs) throw e;
      fail(say(T, "stack.layer_error", { n: i + 1, layer: L.layer, message: e.message }));
    }
    const one = { layer: L.layer, input: size, output: got.output, pads: got.pads, steps, fields };
    size = got.output;
    return one;
  });
}

/* Padded inputs and outputs, per grid: [lo, hi, size] per axis (the final output has no padding). */
export const extent = (net, g) => (g < net.length ? net[g].pads.map((p, a) => [p[0], p[1], net[g].input[a]])
  : net[g - 1].output.map((o) => [0, 0, o]));
export const drawable = (net, most = MAX_DRAWN) =>
  net.every((_, g) => [g, g + 1].every((h) => extent(net, h).every((e) => e[0] + e[1] + e[2] <= most)));

/* What the page computes for a stack and an output cell (the tests compare it with receptive.py). */
export function compute(input, layers, cell, T) {
  try {
    const net = stack(input, layers, T), fields = net[net.length - 1].fields;
    const out = { error: null, shapes: net.map((n) => n.output), fields: net.map((n) => n.fields.map((f) => [f.r, f.S, f.P])),
      window: AXES.map((a) => window_(fields[a], cell[a])), outside: AXES.map((a) => outside(fields[a], cell[a], input[a])) };
    if (drawable(net)) {
      out.reads = AXES.map((a) => {
        const [cells, padded, trail] = reads(net.map((n) => n.steps[a]), cell[a]);
        return { cells, padded, trail };
      });
    }
    return out;
  } catch (e) {
    if (!e.convdocs) throw e;
    return { error: e.message };
  }
}

/* The status line for output `cell` of a stack. */
export function depends(net, cell, T) {
  const input = net[0].input, fields = net[net.length - 1].fields, r = fields.map((f) => f.r);
  const w = AXES.map((a) => window_(fields[a], cell[a])), off = AXES.map((a) => outside(fields[a], cell[a], input[a]));
  const share = 1 - ((r[0] - off[0]) * (r[1] - off[1])) / (r[0] * r[1]);
  return say(T, "stack.depends", { cell: cell.join(", "), r0: w[0][0], r1: w[0][1], c0: w[1][0], c1: w[1][1], r: r.join(" × "),
    input: input.join(" × "), o0: off[0], rr: r[0], o1: off[1], rc: r[1], share: Math.round(share * 1000) / 10 });
}

/* The caption of grid g (the network input, a layer's output, or the final output), every word the catalogue's. */
export function caption(net, g, T) {
  const e = extent(net, g), size = [e[0][2], e[1][2]].join(" × ");
  if (g === net.length) return say(T, "stack.final_caption", { g, size });
  const fields = { size, layer: net[g].layer, kernel: net[g].steps.map((s) => s.kernel).join(" × ") };
  return g ? say(T, "stack.layer_caption", { g, n: g + 1, ...fields }) : say(T, "stack.input_caption", fields);
}
