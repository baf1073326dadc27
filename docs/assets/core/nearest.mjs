/* The nearest configuration torch accepts, for one it refuses (issue 23: "on an error, the nearest valid
 * configuration offered with one click"), for Conv2d / ConvTranspose2d (conv.mjs's check()) and MaxPool2d /
 * AvgPool2d (pooling.mjs, the page's configuration with its `layer`). Nearest means: one control changed, by the
 * smallest step (where one is not enough, see nearestValid). A number
 * moves by 1, 2, … up to REACH, down before up, never below its control's least value; the padding mode's
 * change to zeros and a padding word's change to 0 count as one step; a pair (padding, output_padding) moves one
 * number, or both by as much. A refusal that needs two changes or more takes first the smallest change after
 * which torch refuses in other words (or, failing that, with other numbers). Ties go to the first control in CONTROLS' order (the padding mode before them all). A control
 * the layer has not (output_padding but for a transposed layer, dilation for AvgPool2d, the padding mode for
 * pooling) stays as it is, and so does ceil_mode. The answer is what the layer's check accepts, which the golden
 * cases tie to convdocs.core and torch. */
import { check } from "./conv.mjs";
import { LAYERS } from "./pooling.mjs";

export const REACH = 24;
/* [control id on the page, how to read it from a configuration, how to write it, least value]. */
const CONTROLS = [
  ["stride", (c) => c.stride, (c, v) => ({ ...c, stride: v }), 1],
  ["padding", (c) => c.padding, (c, v) => ({ ...c, padding: v }), 0],
  ["output-padding", (c) => c.output_padding || 0, (c, v) => ({ ...c, output_padding: v }), 0],
  ["dilation", (c) => c.dilation, (c, v) => ({ ...c, dilation: v }), 1],
  ["kernel-height", (c) => c.kernel[0], (c, v) => ({ ...c, kernel: [v, c.kernel[1]] }), 1],
  ["kernel-width", (c) => c.kernel[1], (c, v) => ({ ...c, kernel: [c.kernel[0], v] }), 1],
  ["input-height", (c) => c.input[0], (c, v) => ({ ...c, input: [v, c.input[1]] }), 1],
  ["input-width", (c) => c.input[1], (c, v) => ({ ...c, input: [c.input[0], v] }), 1],
];

/* The candidates for one control, nearest first: [[step, value], ...]. A pair of paddings moves one side at a
 * time; a word ('same', 'valid', an unknown one) becomes 0. */
function candidates(value, least) {
  if (typeof value === "string") return [[1, 0]];
  if (Array.isArray(value)) {
    const out = [];
    for (let n = 1; n <= REACH; n++) {
      for (const a of [0, 1]) {
        for (const v of [value[a] - n, value[a] + n]) if (v >= least) out.push([n, a === 0 ? [v, value[1]] : [value[0], v]]);
      }
      for (const by of [-n, n]) if (Math.min(value[0], value[1]) + by >= least) out.push([n, [value[0] + by, value[1] + by]]);
    }
    return out;
  }
  const out = [];
  if (!Number.isSafeInteger(value)) return out;
  for (let n = 1; n <= REACH; n++) for (const v of [value - n, value + n]) if (v >= least && Number.isSafeInteger(v)) out.push([n, v]);
  return out;
}

const refusal = (cfg, T) => {
  try {
    if (LAYERS[cfg.layer]) LAYERS[cfg.layer](cfg, T);
    else check(cfg, T);
    return null;
  } catch (e) {
    if (!e.convdocs) throw e;
    return e.message;
  }
};

/* Every one-control change of cfg, grouped by control in CONTROLS' order (the padding mode first), nearest
 * first within each: [[control, [[step, value, next], ...]], ...]. */
function changes(cfg) {
  const mode = cfg.padding_mode === undefined ? "zeros" : cfg.padding_mode;
  const out = mode !== "zeros" ? [["padding-mode", [[1, "zeros", { ...cfg, padding_mode: "zeros" }]]]] : [];
  for (const [control, read, write, least] of CONTROLS) {
    // Conv2d and pooling have no output_padding, AvgPool2d no dilation: their fields are disabled
    if ((control === "output-padding" && !cfg.transposed) || (control === "dilation" && cfg.layer === "AvgPool2d")) continue;
    out.push([control, candidates(read(cfg), least).map(([step, value]) => [step, value, write(cfg, value)])]);
  }
  return out;
}

/* The smallest one-control change that `good(next)` holds for, or null: step by step (1, 2, …), each control in
 * order at that step, so the first change found is the answer and the search stops there. */
function smallest(cfg, good) {
  const all = changes(cfg);
  for (let step = 1; step <= REACH; step++) {
    for (const [control, options] of all) {
      for (const [s, value, next] of options) {
        if (s === step && good(next)) {
          return { control, step, value, text: Array.isArray(value) ? value.join(", ") : String(value), cfg: next };
        }
      }
    }
  }
  return null;
}

/* cfg (the page's Conv2d / ConvTranspose2d or pooling configuration, which its check refuses) -> {changes: [{control, value,
 * text}], cfg}: the controls to change (their new values as the page's fields write them) and the configuration
 * they give; or null when none is found. One change when one suffices; else, where two or more things are wrong,
 * the smallest change that gets past torch's refusal, then the next, up to MOST changes. */
export const MOST = 3;
export function nearestValid(cfg, T) {
  let message = refusal(cfg, T);
  if (message === null) return null;
  const done = [];
  for (let n = 0; n < MOST; n++) {
    const one = smallest(cfg, (next) => refusal(next, T) === null);
    if (one) return { changes: done.concat([one]), cfg: one.cfg };
    // past the refusal: other words (its numbers move with every change), else at least other numbers
    const words = (m) => m?.replace(/\d+/g, "#");
    const past = smallest(cfg, (next) => words(refusal(next, T)) !== words(message)) || smallest(cfg, (next) => refusal(next, T) !== message);
    if (!past) return null;
    done.push(past);
    cfg = past.cfg;
    message = refusal(cfg, T);
  }
  return null;
}
