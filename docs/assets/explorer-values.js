/* convdocs explorer, values (issue 23): the page half of assets/core/values.mjs, loaded once the first figure is
 * drawn (the shape and the figure do not wait for it; the page draws again with the numbers once it is here). The input and kernel from the preset menus,
 * the four tables beside the figure (data-testid input-values, padded-values, kernel-values, output-values), the
 * PyTorch script that prints the same output (torch-code), and the lesson of one output cell: its taps, each in
 * its own colour, and the multiply–sum written out. Sentences come from the catalogue (words/values.json). */
import { layerBuild } from "./core/conv.mjs";
import { convolve, MAX_LISTED, pool, preset, show, stretchedSize, taps, torchScript, written } from "./core/values.mjs";
import { positions, stretch1d } from "./core/transposed.mjs";
import { say } from "./core/words.mjs";

const CSS = ".cd-tables{display:flex;flex-wrap:wrap;gap:.6rem 1rem;align-items:flex-start;overflow-x:auto}" +
  // isolation: each table a layer of its own, whose painting Chromium keeps while Step repaints the status line
  // and the lesson beside it (a 44 x 44 layer's four tables took 28 to 35 ms to repaint on every Step, on 2 cores)
  ".cd-values{isolation:isolate;border-collapse:collapse;font-size:.6rem;font-variant-numeric:tabular-nums;margin:0}" +
  ".cd-values caption{caption-side:top;text-align:left;max-width:18rem;font-size:.6rem;padding-bottom:.2rem}" +
  ".cd-values td{border:1px solid var(--md-default-fg-color--lighter);padding:.05rem .25rem;text-align:right;min-width:1.4rem}" +
  ".cd-values th{font-weight:400;color:var(--md-default-fg-color--light);padding:0 .25rem;text-align:right}" +
  ".cd-values thead td{border:0}" +
  ".cd-sum{font-family:var(--md-code-font-family);font-size:.7rem;overflow-wrap:anywhere}.cd-script{flex-basis:100%}" +
  ".cd-script pre{max-height:20rem;overflow:auto}.cd-script code{white-space:pre-wrap;overflow-wrap:anywhere;font-size:.68rem}" +
  ".cd-fit-button{display:none}@media screen and (max-width:44.9375em){.cd-player .cd-fit-button{display:inline-block}" +
  ".cd-explorer .md-code__button{min-height:1.6rem;min-width:1.6rem}}";
document.head.insertAdjacentHTML("beforeend", `<style>${CSS}</style>`);

/* The values of a drawn layer: conv is the explorer's (a pooling layer's carries .pool), cfg the controls'.
 * -> {layer, x, w, padded, output, script} or null when the stretched input is too large to list. */
function compute(conv, cfg, choice) {
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

/* A grid as a table whose rows and columns are headed by name(axis, index): by default the index, counting from 0
 * (as the lesson names a cell); a padded input's by the input's own numbering, which the status line uses. */
const counted = (_a, i) => String(i);
function table(id, caption, g, name = counted) {
  const head = `<tr><td></td>${(g[0] || []).map((_, c) => `<th scope="col">${name(1, c)}</th>`).join("")}</tr>`;
  const rows = g.map((row, r) => `<tr><th scope="row">${name(0, r)}</th>${row.map((v) => `<td>${show(v)}</td>`).join("")}</tr>`);
  return `<table class="cd-values" data-testid="${id}"><caption>${caption}</caption><thead>${head}</thead>` +
    `<tbody>${rows.join("")}</tbody></table>`;
}

/* The tables and the torch-code script as one string of HTML (parsed once). */
function tables(v, T) {
  const l = v.layer;
  let padded, name = (a, i) => String(i - l.pads[a][0]);  // the input's numbering: padding negative or past the edge
  if (l.transposed) {
    // the table is the stretched grid's used positions (core/transposed.mjs): an input cell's index, else a zero
    const st = [0, 1].map((a) => stretch1d(l, a)), at = st.map((g) => positions(g).slice(g.used[0], g.used[1]));
    name = (a, i) => (at[a][i].kind === "input" ? String(at[a][i].index) : "·");
    padded = say(T, "values.stretched", { ...dims(v.padded), around: st.map((g) => g.implicit).join(", "), extra: l.output_padding.join(", ") });
  } else if (!l.pads.flat().some(Boolean)) padded = say(T, l.kind ? "values.unpadded_window" : "values.unpadded_kernel", dims(v.padded));
  else if (l.kind === "max") padded = say(T, "values.padded_max", dims(v.padded));
  else if (l.kind === "avg") padded = say(T, "values.padded_avg", dims(v.padded));
  else padded = say(T, "values.padded", { ...dims(v.padded), mode: l.padding_mode });
  return table("input-values", say(T, "values.input", dims(v.x)), v.x) +
    table("padded-values", padded, v.padded, name) +
    (v.w ? table("kernel-values", say(T, "values.kernel", dims(v.w)), v.w) : "") +
    table("output-values", say(T, "values.output", dims(v.output)), v.output) +
    `<details class="cd-script"><summary>${say(T, "values.script")}</summary><pre><code data-testid="torch-code">` +
    `${v.script.replace(/&/g, "&amp;").replace(/</g, "&lt;")}</code></pre></details>`;
}

/* A tap's colour: hues a golden angle apart, so neighbouring taps differ. */
const colour = (tap, kw) => `hsl(${Math.round(((tap[0] * kw + tap[1]) * 137.5) % 360)} 75% 38%)`;

/* Output cell rc's lesson: {taps, text}, the sentence that writes out its multiply–sum (or max, or mean). */
function lesson(v, rc, T) {
  const list = taps(v.layer, v.x, v.w, v.padded, rc), w = written(list);
  const fields = { r: rc[0], c: rc[1], value: show(v.output[rc[0]][rc[1]]) };
  if (!list.length) return { taps: list, text: say(T, "values.no_taps", fields) };
  // the arithmetic as notation: a sum of products, max(…) over the window, or (sum) / divisor
  const terms = w.terms.join(v.layer.kind === "max" ? ", " : " + ") + (w.more ? say(T, "values.more", { count: w.more }) : "");
  if (v.layer.kind === "max") fields.terms = `max(${terms})`;
  else if (v.layer.kind === "avg") fields.terms = `(${terms}) / ${window.convdocsPooling.divisor(v.layer, rc)}`;
  else fields.terms = terms;
  let text = say(T, "values.sum", fields);
  if (list.some((t) => t.padding)) text += say(T, "values.padding_terms");
  return { taps: list, text };
}

/* Output cell rc's lesson shown: the sentence in `sum`, and (g: the figure's geometry, small figures only) each tap
 * outlined in its own colour on the input cell (padding included) and on the kernel cell it multiplies by. */
function showLesson(v, rc, T, sum, g, cell) {
  if (rc[0] >= v.output.length || rc[1] >= v.output[0].length) {
    sum.textContent = "";
    return;
  }
  const l = lesson(v, rc, T);
  sum.textContent = l.text;
  if (!g?.taps) return;
  const rects = [], box = (x, y, c) => {
    rects.push(`<rect x="${x + 1.5}" y="${y + 1.5}" width="${cell - 3}" height="${cell - 3}" stroke="${c}"/>`);
  };
  const within = (at) => at[0] >= g.rows[0] && at[0] <= g.rows[g.rows.length - 1] && at[1] >= g.cols[0] && at[1] <= g.cols[g.cols.length - 1];
  for (const t of l.taps) {
    const c = colour(t.tap, g.kW);
    if (within(t.at)) box(g.xIn(t.at[1]), g.yIn(t.at[0]), c);
    if (v.w) box(g.kernel[0] + t.tap[1] * cell, g.kernel[1] + t.tap[0] * cell, c);
  }
  g.taps.innerHTML = rects.join("");
}

/* Each cell's value written in it, as SVG text, and the (empty) group showLesson outlines the taps in: the padded input (a transposed layer's input as it is), the output
 * and the kernel's weights, their grids' top-left corners at `at` [input, output, kernel]. */
function labels(v, transposed, cell, at, ink) {
  const out = [];
  [transposed ? v.x : v.padded, v.output, v.w].forEach((g, k) => {
    if (!g) return;
    g.forEach((row, i) => {
      row.forEach((value, j) => {
        const t = show(value), x = at[k][0] + j * cell + cell / 2, y = at[k][1] + i * cell + cell / 2;
        const fit = t.length > 4 ? ` textLength="${cell - 4}" lengthAdjust="spacingAndGlyphs"` : "";
        out.push(`<text x="${x}" y="${y}"${fit}>${t}</text>`);
      });
    });
  });
  return `<g class="cd-labels" pointer-events="none" font-size="10" text-anchor="middle" dominant-baseline="central" fill="${ink}">${out.join("")}</g>` +
    '<g class="cd-taps" fill="none" stroke-width="2.5" pointer-events="none"></g>';
}

/* On a phone: the figure at its own size (its box scrolls sideways), or fitted to the screen. */
document.getElementById("cd-play")?.insertAdjacentHTML("afterend",
  `<button type="button" id="cd-fit" class="md-button cd-fit-button" aria-pressed="false">${say(window.convdocsExplorer.text, "values.fit")}</button>`);
const fit = document.getElementById("cd-fit");
fit?.addEventListener("click", () => {
  const on = fit.getAttribute("aria-pressed") !== "true";
  fit.setAttribute("aria-pressed", String(on));
  document.getElementById("cd-outputs").classList.toggle("cd-fit", on);
});

window.convdocsValues = { compute, tables, show, showLesson, labels };
