/* Solve (issue #14): which padding gives the output size I want? As convdocs/core/solve.py computes it (same
 * names) for 2-d layers; a layer that cannot be solved reads the same one line as `python -m convdocs solve`. */
import { check, NAMES } from "./conv.mjs";
import { EXACT, further } from "./numbers.mjs";
import { fail, say } from "./words.mjs";

export const span = (kernel, dilation) => dilation * (kernel - 1) + 1;

export function total_range(input, kernel, stride, dilation, output) {
  const most = output * stride + span(kernel, dilation) - input - 1;
  const least = Math.max((output - 1) * stride + span(kernel, dilation) - input, 0);
  return output >= 1 && least <= most ? [least, most] : null;
}

export function symmetric(input, kernel, stride, dilation, output) {
  const found = total_range(input, kernel, stride, dilation, output), out = [];
  if (found === null) return out;
  for (let p = Math.floor((found[0] + 1) / 2); p <= Math.floor(found[1] / 2); p++) out.push(p);
  return out;
}

export function split(total, extra) {
  const small = Math.floor(total / 2);
  return (extra || "after") === "after" ? [small, total - small] : [total - small, small];
}

export function f_pad(pads) {
  const out = [];
  pads.slice().reverse().forEach((pair) => { out.push(pair[0], pair[1]); });
  return out;
}

export const transposed_full = (input, kernel, stride, dilation) => (input - 1) * stride + span(kernel, dilation);

export function transposed_pairs(input, kernel, stride, dilation, output) {
  const full = transposed_full(input, kernel, stride, dilation), pairs = [];
  for (let a = 0; a < Math.max(stride, dilation); a++) {
    const twice = full + a - output;
    if (twice >= 0 && twice % 2 === 0) pairs.push([twice / 2, a]);
  }
  return pairs.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
}

export function sizes(name, value, T) {
  const values = Array.isArray(value) ? value : [value, value];
  if (Math.min(...values) < 1) fail(say(T, "solve.own.must_at_least_1", { name, sizes: values.join(", ") }));
  return values;
}

/* conv.check's words for bad input, kernel, stride or dilation. */
export function validated(input, kernel, stride, dilation, T) {
  const padding = [].concat(input, kernel, stride, dilation).reduce((t, v) => t + Math.abs(v), 0);
  const one = (v) => (Array.isArray(v) ? v[0] : v); // the explorer has one stride, one dilation
  return check({ input, kernel, stride: one(stride), padding, dilation: one(dilation), padding_mode: "zeros",
    transposed: false, output_padding: 0 }, T);
}

function why_not(i, k, s, d, o, axis, transposed, T) {
  const where = say(T, "solve.why.where", { name: NAMES[axis], dim: axis + 2, names: NAMES.join(", ") });
  if (transposed) {
    const most = transposed_full(i, k, s, d) + Math.max(s, d) - 1;
    return say(T, "solve.own.transposed_out_of_reach", { o, where, i, k, s, d, most });
  }
  return say(T, "solve.own.out_of_reach", { o, where, i, k, s, d, largest: Math.floor((i - span(k, d)) / s) + 1 });
}

/* What padding/output_padding do to the output of a transposed layer with neither, as F.pad's (before, after):
 * PyTorch removes padding cells before and padding − output_padding after (solve.crop). */
export const crop = (padding, output_padding) => [0 - padding, output_padding - padding]; // never -0

function exactly(answer, T) {
  JSON.stringify(answer, (_k, v) => {
    if (typeof v === "number" && !Number.isSafeInteger(v)) fail(say(T, "explorer.answer_beyond_exact", { exact: EXACT, further: further(T, "solve") }));
    return v;
  });
  return answer;
}

/* solve.solve for a 2-d layer: {padding, pads, f_pad, transposed} as Solution.as_json(), plus paddings and
 * totals; throws (e.convdocs) with the CLI's one line when nothing PyTorch accepts gives output. */
export function solve(input, kernel, stride, dilation, output, transposed, extra, T) {
  if (transposed && extra !== undefined && extra !== null) fail(say(T, "solve.no_extra_transposed"));
  extra = extra ?? "after";
  if (extra !== "after" && extra !== "before") fail(say(T, "solve.own.extra_must_after_before_not", { extra: `'${extra}'` }));
  validated(input, kernel, stride, dilation, T);
  const pair = (v) => (Array.isArray(v) ? v : [v, v]);
  const size = pair(input), k = pair(kernel), s = pair(stride), d = pair(dilation), axes = [0, 1];
  if (output === null || output === undefined) fail(say(T, "solve.own.give_output_size_you_want"));
  const o = sizes("output", output, T);
  [size, k, s, d, o].forEach((vs) => {
    vs.forEach((v) => { if (v > 1e9) exactly([v * v], T); }); // products of sizes stay exact
  });
  if (transposed) {
    const per_dim = axes.map((a) => transposed_pairs(size[a], k[a], s[a], d[a], o[a]));
    axes.forEach((a) => { if (!per_dim[a].length) fail(why_not(size[a], k[a], s[a], d[a], o[a], a, true, T)); });
    const combos = [];
    per_dim[0].forEach((x) => { per_dim[1].forEach((y) => { combos.push([x, y]); }); });
    const key = (c) => [c[0][0] + c[1][0], c[0][1] + c[1][1], c[0][0], c[0][1], c[1][0], c[1][1]];
    combos.sort((x, y) => {
      const kx = key(x), ky = key(y);
      for (let j = 0; j < kx.length; j++) if (kx[j] !== ky[j]) return kx[j] - ky[j];
      return 0;
    });
    const pairs = combos.map((c) => ({ padding: [c[0][0], c[1][0]], output_padding: [c[0][1], c[1][1]] }));
    const exact = pairs.filter((pa) => !pa.output_padding.some(Boolean));
    const crop_pads = axes.map((a) => crop(pairs[0].padding[a], pairs[0].output_padding[a])); // the first pair
    return exactly({ padding: exact.length ? exact[0].padding : null, pads: crop_pads, f_pad: f_pad(crop_pads),
      transposed: pairs, paddings: [], totals: [], output: o, is_transposed: true }, T);
  }
  const totals = axes.map((a) => {
    const found = total_range(size[a], k[a], s[a], d[a], o[a]);
    if (found === null) fail(why_not(size[a], k[a], s[a], d[a], o[a], a, false, T));
    return found;
  });
  const paddings = axes.map((a) => symmetric(size[a], k[a], s[a], d[a], o[a]));
  const padding = paddings.every((p) => p.length) ? paddings.map((p) => p[0]) : null;
  const pads = totals.map((t) => split(t[0], extra));
  return exactly({ padding, pads, f_pad: f_pad(pads), transposed: [], paddings, totals, output: o, is_transposed: false }, T);
}

const one = (values) => (values[0] === values[1] ? String(values[0]) : `(${values.join(", ")})`);
const tuple = (values) => `(${values.join(", ")})`;

/* The result list: one line per answer, minimal first (the lines of solve.solve_text after its first). */
export function lines(answer, T) {
  const out = [];
  if (answer.is_transposed) {
    answer.transposed.forEach((pa) => { out.push(`padding=${one(pa.padding)}, output_padding=${one(pa.output_padding)}`); });
    const side = (amount) => (amount === 0 ? "0" : say(T, amount < 0 ? "solve.crop_amount" : "solve.pad_amount", { amount: Math.abs(amount) }));
    const sides = answer.pads.map((p, a) => say(T, "solve.transposed_side", { name: NAMES[a], before: side(p[0]), after: side(p[1]) }));
    const first = answer.transposed[0];
    out.push(say(T, "solve.transposed_crop", { f_pad: tuple(answer.f_pad), padding: one(first.padding),
      output_padding: one(first.output_padding), sides: sides.join(", ") }) +
      (answer.pads.some((p) => p[1] > 0) ? say(T, "solve.transposed_crop_bias") : ""));
    return out;
  }
  if (answer.padding === null) {
    const odd = NAMES.filter((_n, a) => !answer.paddings[a].length);
    out.push(say(T, "solve.no_integer", { names: odd.join(" and "), verb: odd.length === 1 ? "needs" : "need" }));
  } else {
    const others = NAMES.map((n, a) => (answer.paddings[a].length > 1 ? `${n} ${answer.paddings[a].join(", ")}` : null))
      .filter((x) => x !== null);
    out.push(`padding=${one(answer.padding)}${others.length ? say(T, "solve.every", { others: others.join("; ") }) : ""}`);
  }
  const ranges = answer.totals.map((t, a) => `${NAMES[a]} ${t[0]}` + (t[1] > t[0] ? ` to ${t[1]}` : ""));
  out.push(say(T, "solve.totals", { ranges: ranges.join(", ") }));
  const sides = answer.pads.map((p, a) => `${NAMES[a]} ${p[0]} + ${p[1]}`);
  out.push(say(T, "solve.minimal", { f_pad: tuple(answer.f_pad), sides: say(T, "solve.per_side", { sides: sides.join(", ") }) }));
  return out;
}
