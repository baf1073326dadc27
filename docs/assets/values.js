/* convdocs explorer, values: the page half of assets/core/values.mjs. The input and kernel from the preset menus,
 * the four tables beside the figure (data-testid input-values, padded-values, kernel-values, output-values), the
 * PyTorch script that prints the same output (torch-code), and the lesson of one output cell: its taps, each in
 * its own colour, and the multiply–sum written out. Sentences come from the catalogue (words/explorer_values.json). */
import { layerBuild } from "./core/conv.mjs";
import { convolve, MAX_LISTED, pool, preset, show, stretchedSize, taps, torchScript, written } from "./core/values.mjs";
import { say } from "./core/words.mjs";

export { show };

/* The values of a drawn layer: conv is the explorer's (a pooling layer's carries .pool), cfg the controls'.
 * -> {layer, x, w, padded, output, script} or null when the stretched input is too large to list. */
export function compute(conv, cfg, choice) {
  const layer = conv.pool || conv;
  if (conv.transposed && Math.max(...stretchedSize(conv)) > MAX_LISTED) return null;
  const x = preset(choice.input, conv.input[0], conv.input[1], choice.seed);
  if (conv.pool) {  // the pooling core is here: the page loaded it (explorer-pooling.js) before building conv.pool
    const p = window.convdocsPooling, got = pool(layer, x, p.divisor);
    return { layer, x, w: null, padded: got.padded, output: got.output, script: torchScript(p.layerBuild(layer), x, null) };
  }
  const w = preset(choice.kernel, conv.kernel[0], conv.kernel[1], choice.seed + 1);
  const got = convolve(conv, x, w);
  return { layer, x, w, padded: got.padded, output: got.output, script: torchScript(layerBuild(cfg, ["bias=False"]), x, w) };
}

const dims = (g) => ({ h: g.length, w: g.length ? g[0].length : 0 });

function table(id, caption, g) {
  const rows = g.map((row) => `<tr>${row.map((v) => `<td>${show(v)}</td>`).join("")}</tr>`).join("");
  return `<table class="cd-values" data-testid="${id}"><caption>${caption}</caption><tbody>${rows}</tbody></table>`;
}

/* The tables as one string of HTML (parsed once). */
export function tables(v, T) {
  const l = v.layer;
  let padded;
  if (l.kind === "max") padded = say(T, "explorer_values.padded_max", dims(v.padded));
  else if (l.kind === "avg") padded = say(T, "explorer_values.padded_avg", dims(v.padded));
  else if (l.transposed) {
    const around = [0, 1].map((a) => l.dilation[a] * (l.kernel[a] - 1) - l.pads[a][0]).join(", ");
    padded = say(T, "explorer_values.stretched", { ...dims(v.padded), around, extra: l.output_padding.join(", ") });
  } else padded = say(T, "explorer_values.padded", { ...dims(v.padded), mode: l.padding_mode });
  return table("input-values", say(T, "explorer_values.input", dims(v.x)), v.x) +
    table("padded-values", padded, v.padded) +
    (v.w ? table("kernel-values", say(T, "explorer_values.kernel", dims(v.w)), v.w) : "") +
    table("output-values", say(T, "explorer_values.output", dims(v.output)), v.output);
}

/* A tap's colour: hues a golden angle apart, so neighbouring taps differ. */
export const colour = (tap, kw) => `hsl(${Math.round(((tap[0] * kw + tap[1]) * 137.5) % 360)} 75% 38%)`;

/* Output cell rc's lesson: {taps, text}, the sentence that writes out its multiply–sum (or max, or mean). */
export function lesson(v, rc, T) {
  const list = taps(v.layer, v.x, v.w, v.padded, rc), w = written(list);
  const fields = { r: rc[0], c: rc[1], value: show(v.output[rc[0]][rc[1]]) };
  if (!list.length) return { taps: list, text: say(T, "explorer_values.no_taps", fields) };
  fields.terms = w.terms.join(v.layer.kind ? ", " : " + ");
  fields.more = w.more ? say(T, "explorer_values.more", { count: w.more }) : "";
  let text;
  if (v.layer.kind === "max") text = say(T, "explorer_values.sum_max", fields);
  else if (v.layer.kind === "avg") {
    fields.terms = w.terms.join(" + ");
    text = say(T, "explorer_values.sum_avg", { ...fields, divisor: window.convdocsPooling.divisor(v.layer, rc) });
  } else text = say(T, "explorer_values.sum", fields);
  if (list.some((t) => t.padding)) text += say(T, "explorer_values.padding_terms");
  return { taps: list, text };
}
