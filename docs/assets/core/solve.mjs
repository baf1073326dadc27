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

export const SHOWN = 10; // solve.py's SHOWN: answers a list shows before it says how many there are

/* Every integer padding that gives output: consecutive integers, {first, count} (solve.py's answers.Every; no loop). */
export function symmetric(input, kernel, stride, dilation, output) {
  const found = total_range(input, kernel, stride, dilation, output);
  if (found === null) return { first: 0, count: 0 };
  const first = Math.floor((found[0] + 1) / 2);
  return { first, count: Math.floor(found[1] / 2) - first + 1 };
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

/* solve.transposed_run: the least (padding, output_padding) pair and how many pairs give output; they are
 * (p + m, a + 2m) for m = 0, 1, ... (no loop over the output_paddings below the stride). */
export function transposed_run(input, kernel, stride, dilation, output) {
  const full = transposed_full(input, kernel, stride, dilation);
  let least = Math.max(0, output - full);
  least += (((least - (output - full)) % 2) + 2) % 2; // a ≡ output − full (mod 2)
  const limit = Math.max(stride, dilation), count = least < limit ? Math.floor((limit - 1 - least) / 2) + 1 : 0;
  return { p: (full + least - output) / 2, a: least, count };
}

/* The first n combinations of one pair per dimension, in solve.py's order (answers.Combos): least total m first,
 * then the m's in order. At most n steps, whatever the counts. */
export function first_pairs(runs, n) {
  const out = [], [c0, c1] = runs.map((r) => r.count);
  for (let t = 0; out.length < n && t <= c0 - 1 + c1 - 1; t++) {
    for (let m0 = Math.max(0, t - (c1 - 1)); out.length < n && m0 <= Math.min(c0 - 1, t); m0++) {
      const m = [m0, t - m0];
      out.push({ padding: runs.map((r, a) => r.p + m[a]), output_padding: runs.map((r, a) => r.a + 2 * m[a]) });
    }
  }
  return out;
}

const thousands = (n) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");

/* solve.py's _listed: '1, 2, 3', or for a long run '1, 2, ..., 4999996 (4,999,997 values)'. */
function listed(run, T) {
  const values = Array.from({ length: Math.min(run.count, SHOWN) }, (_, j) => run.first + j);
  if (run.count <= SHOWN) return values.join(", ");
  return say(T, "bounded.values_more", { first: run.first, second: run.first + 1, last: run.first + run.count - 1,
    count: thousands(run.count) });
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
    const runs = axes.map((a) => transposed_run(size[a], k[a], s[a], d[a], o[a]));
    axes.forEach((a) => { if (!runs[a].count) fail(why_not(size[a], k[a], s[a], d[a], o[a], a, true, T)); });
    const pairs = first_pairs(runs, SHOWN); // the first few, and how many there are: never the whole list
    const exact = runs.every((r) => r.a === 0) ? [pairs[0]] : []; // output_padding 0 can only come first
    const crop_pads = axes.map((a) => crop(pairs[0].padding[a], pairs[0].output_padding[a])); // the first pair
    return exactly({ padding: exact.length ? exact[0].padding : null, pads: crop_pads, f_pad: f_pad(crop_pads),
      transposed: pairs, transposed_count: runs[0].count * runs[1].count, paddings: [], totals: [], output: o,
      is_transposed: true }, T);
  }
  const totals = axes.map((a) => {
    const found = total_range(size[a], k[a], s[a], d[a], o[a]);
    if (found === null) fail(why_not(size[a], k[a], s[a], d[a], o[a], a, false, T));
    return found;
  });
  const paddings = axes.map((a) => symmetric(size[a], k[a], s[a], d[a], o[a]));
  const padding = paddings.every((p) => p.count) ? paddings.map((p) => p.first) : null;
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
    if (answer.transposed_count > answer.transposed.length) {
      out.push(say(T, "bounded.solve_more_pairs", { shown: answer.transposed.length, count: thousands(answer.transposed_count) }));
    }
    const side = (amount) => (amount === 0 ? "0" : say(T, amount < 0 ? "solve.crop_amount" : "solve.pad_amount", { amount: Math.abs(amount) }));
    const sides = answer.pads.map((p, a) => say(T, "solve.transposed_side", { name: NAMES[a], before: side(p[0]), after: side(p[1]) }));
    const first = answer.transposed[0];
    out.push(say(T, "solve.transposed_crop", { f_pad: tuple(answer.f_pad), padding: one(first.padding),
      output_padding: one(first.output_padding), sides: sides.join(", ") }) +
      (answer.pads.some((p) => p[1] > 0) ? say(T, "solve.transposed_crop_bias") : ""));
    return out;
  }
  if (answer.padding === null) {
    const odd = NAMES.filter((_n, a) => !answer.paddings[a].count);
    out.push(say(T, "solve.no_integer", { names: odd.join(" and "), verb: odd.length === 1 ? "needs" : "need" }));
  } else {
    const others = NAMES.map((n, a) => (answer.paddings[a].count > 1 ? `${n} ${listed(answer.paddings[a], T)}` : null))
      .filter((x) => x !== null);
    out.push(`padding=${one(answer.padding)}${others.length ? say(T, "solve.every", { others: others.join("; ") }) : ""}`);
  }
  const ranges = answer.totals.map((t, a) => `${NAMES[a]} ${t[0]}` + (t[1] > t[0] ? ` to ${t[1]}` : ""));
  out.push(say(T, "solve.totals", { ranges: ranges.join(", ") }));
  const sides = answer.pads.map((p, a) => `${NAMES[a]} ${p[0]} + ${p[1]}`);
  out.push(say(T, "solve.minimal", { f_pad: tuple(answer.f_pad), sides: say(T, "solve.per_side", { sides: sides.join(", ") }) }));
  return out;
}

/* What each of lines(answer) sets in a layer, line by line: {padding: [h, w], output_padding: [h, w]} for a line that
 * is one configuration (a transposed pair; for a convolution its least symmetric padding), null for the others (how
 * many pairs there are, the totals, F.pad's sides: Conv2d's own padding cannot hold an uneven split). */
export function settings(answer) {
  if (answer.is_transposed) {
    const more = answer.transposed_count > answer.transposed.length ? [null] : [];
    return answer.transposed.map((pa) => ({ padding: pa.padding, output_padding: pa.output_padding })).concat(more, [null]);
  }
  return [answer.padding === null ? null : { padding: answer.padding, output_padding: [0, 0] }, null, null];
}
