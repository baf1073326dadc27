/* convdocs explorer, stack mode (issue #12): up to four layers; a final output cell's receptive field drawn back
 * through every layer. The page only: shapes, fields, refusals and words are the core's (assets/core/stack.mjs),
 * given the page's catalogue. Loaded when the mode is first chosen (an ES module). */
import * as core from "./core/stack.mjs";
import { fail, say } from "./core/words.mjs";

const { KINDS, MOST, AXES, extent, drawable, reads } = core;
const T = window.convdocsExplorer.text;

/* ---------------------------------------------------------------- the page */
/* A row: [layer, kernel height, kernel width, stride, padding, dilation] as typed; stride, padding and dilation take
 * one number or two (height, width). */
const DEFAULT = [["Conv2d", "3", "3", "2", "1", "1"], ["MaxPool2d", "3", "3", "2", "1", "1"]];
const FIELDS = [["kh", "stack.field_kh"], ["kw", "stack.field_kw"], ["s", "stack.field_s"], ["p", "stack.field_p"],
                ["d", "stack.field_d"]];
const D = FIELDS.length;  // the dilation's place in a row
const CSS = ".cd-stacking .cd-controls>:not(.cd-stack-keep),.cd-stacking .cd-main>:not(.cd-stack),.cd-stack [hidden]," +
  ":not(.cd-stacking)>.cd-main>.cd-stack{display:none!important}" +
  ".cd-layers{padding:0;margin:.3rem 0;list-style:none;font-size:.7rem}.cd-layers li{display:flex;flex-wrap:wrap;" +
  "gap:.2rem .4rem;align-items:center;margin:0 0 .25rem}.cd-layers input{width:3em;font:inherit;padding:.1rem .2rem;" +
  "border:1px solid var(--md-default-fg-color--light)}.cd-layers select,.cd-layers button{font:inherit}.cd-stack table{font-size:.7rem}" +
  ".cd-grids{display:flex;flex-wrap:wrap;gap:.6rem;align-items:flex-end}.cd-grids figure{margin:0}" +
  ".cd-grids figure{max-width:100%;overflow-x:auto}.cd-grids svg{max-width:none}" +
  ".cd-stack .cd-help{font-size:.65rem}.cd-grids figcaption{font-size:.65rem;max-width:18rem}.cd-grids [tabindex]:focus-visible{outline:2px solid var(--md-accent-fg-color)}";
const CELL = 24;  // the least cell size in px (issue 23: readable, a touch target)
const copy = (list) => list.map((row) => row.slice());
const state = {rows: copy(DEFAULT), cell: [0, 0], net: null, grids: null, addressError: null};
const $ = (root, id) => root.querySelector(`#cd-${id}`);
const on = (root) => $(root, "mode").value === "Stack";
const esc = (text) => String(text).replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
const clamp = (v, n) => Math.min(Math.max(v, 0), n - 1);

function panel(root) {
  let box = $(root, "stack");
  if (box) return box;
  document.head.insertAdjacentHTML("beforeend", `<style>${CSS}</style>`);
  ["mode", "input-height", "input-width"].forEach((id) => {
    const el = $(root, id);
    (el.closest(".cd-num") || el).classList.add("cd-stack-keep");
    root.querySelector(`label[for="cd-${id}"]`).classList.add("cd-stack-keep");
  });
  root.querySelector(".cd-main").insertAdjacentHTML("beforeend", '<div id="cd-stack" class="cd-stack">' +
    '<ol class="cd-layers" id="cd-layers" aria-label="Layers, first to last"></ol>' +
    `<p class="cd-help" id="cd-layers-help">${esc(say(T, "stack.fields_help"))}</p>` +
    '<button type="button" class="md-button" id="cd-add-layer">Add layer</button>' +
    '<p class="cd-error" id="cd-stack-error" data-testid="stack-error" role="alert" hidden></p>' +
    '<table id="cd-stack-table" data-testid="stack-table"></table>' +
    '<p class="cd-status" id="cd-stack-status" data-testid="stack-status" aria-live="polite"></p>' +
    '<div class="cd-grids cd-figure" id="cd-grids"></div></div>');
  box = $(root, "stack");
  const edit = (event) => {
    const t = event.target, i = Number(t.dataset.i);
    if (t.dataset.i === undefined || event.type !== (t.tagName === "SELECT" ? "change" : "input")) return;
    state.rows[i][Number(t.dataset.f)] = t.value;
    state.addressError = null;
    if (t.tagName === "SELECT") {  // the row's fields follow the layer (AvgPool2d has no dilation)
      layerRows(root);
      $(root, `l${i + 1}-layer`).focus();
    }
    update(root);
  };
  box.addEventListener("input", edit);
  box.addEventListener("change", edit);
  box.addEventListener("click", (event) => {
    const t = event.target.closest("[data-remove], #cd-add-layer");
    if (!t) return;
    if (t.id) state.rows.push(["Conv2d", "3", "3", "1", "1", "1"]);
    else state.rows.splice(Number(t.dataset.remove), 1);
    state.addressError = null;
    layerRows(root);
    update(root);
  });
  box.addEventListener("keydown", (event) => {
    const m = {ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1]}[event.key];
    if (!m || !event.target.closest("[data-final]") || !state.grids) return;
    event.preventDefault();
    const o = state.net[state.net.length - 1].output;
    choose(root, AXES.map((a) => clamp(state.cell[a] + m[a], o[a])));
  });
  return box;
}

function layerRows(root) {
  const rows = state.rows;
  $(root, "layers").innerHTML = rows.map((row, i) => {
    const n = i + 1, sr = `<span class="cd-sr">Layer ${n} </span>`;
    const kinds = KINDS.includes(row[0]) ? KINDS : KINDS.concat([row[0]]);
    return `<li><label for="cd-l${n}-layer"><span class="cd-sr">Layer </span>${n}<span class="cd-sr"> type</span></label>` +
      `<select id="cd-l${n}-layer" data-i="${i}" data-f="0">` +
      kinds.map((k) => `<option${k === row[0] ? " selected" : ""}>${esc(k)}</option>`).join("") + "</select>" +
      FIELDS.map((f, j) => `<label for="cd-l${n}-${f[0]}">${sr}${esc(say(T, f[1]))}</label><input type="text" ` +
        `id="cd-l${n}-${f[0]}" data-i="${i}" data-f="${j + 1}" value="${esc(row[j + 1])}" spellcheck="false" ` +
        `autocomplete="off" aria-describedby="cd-layers-help"${f[0] === "d" && row[0] === "AvgPool2d" ? " disabled" : ""}>`).join("") +
      (rows.length > 1 ? `<button type="button" data-remove="${i}">Remove<span class="cd-sr"> layer ${n}</span></button>` : "") +
      "</li>";
  }).join("");
  $(root, "add-layer").hidden = rows.length >= MOST;
}

/* The address: stack=1, l1..l4 (the layer), k1 (the kernel: "3", or "3,5" for height 3, width 5), s1, p1, d1 ... as
 * typed, and at=row,column. */
const ADDRESS = ["k", "s", "p", "d"];
const kernelText = (row) => (row[1] === row[2] ? row[1] : `${row[1]},${row[2]}`);
const KEYS = ["stack", "at"].concat(...[1, 2, 3, 4].map((n) => ["l", "k", "s", "p", "d"].map((k) => k + n)));
function writeUrl(params) {
  const root = document.getElementById("convdocs-explorer");
  KEYS.forEach((k) => { params.delete(k); });
  if (!root || !on(root)) return;
  params.set("stack", "1");
  state.rows.forEach((row, i) => {
    params.set(`l${i + 1}`, row[0]);
    [kernelText(row)].concat(row.slice(3)).forEach((v, j) => { params.set(ADDRESS[j] + (i + 1), v); });
  });
  params.set("at", state.cell.join(","));
}
function write() {
  const params = new URLSearchParams(window.location.search);
  writeUrl(params);
  window.history.replaceState(null, "", `${window.location.pathname}?${params}`);
}

function readUrl(root) {
  const params = new URLSearchParams(window.location.search), bad = [], got = [];
  Object.assign(state, {rows: copy(DEFAULT), cell: [0, 0], addressError: null});  // what the address leaves out
  if ($(root, "layers")) $(root, "layers").textContent = "";  // rebuilt from the rows by update
  if (!params.has("stack")) return;
  if (params.get("stack") !== "1") bad.push(say(T, "stack.address_stack", { value: params.get("stack") }));
  $(root, "mode").value = "Stack";
  for (let n = 1; params.has(`l${n}`); n++) {
    const k = params.get(`k${n}`)?.replace(/^\(|\)$/g, "").split(",").map((v) => v.trim()) ?? [DEFAULT[0][1]];
    if (k.length > 2) bad.push(say(T, "stack.pair_count", { label: `Layer ${n} kernel` }));
    got.push([params.get(`l${n}`), k[0], k[1] ?? k[0]].concat(ADDRESS.slice(1).map((a, j) => params.get(a + n) ?? DEFAULT[0][j + 3])));
  }
  if (got.length > MOST) bad.push(say(T, "stack.address_count", { n: got.length, most: MOST }));
  const stray = [...params.keys()].filter((k) => /^[lksdp]\d+$/.test(k) && Number(k.slice(1)) > got.length);
  if (stray.length) bad.push(say(T, "stack.address_stray", { keys: stray.join(", ") }));
  if (got.length) state.rows = got.slice(0, MOST);
  const at = params.get("at");
  if (at !== null && /^\d{1,9},\d{1,9}$/.test(at)) state.cell = at.split(",").map(Number);
  else if (at !== null) bad.push(say(T, "stack.address_at", { at }));
  if (bad.length) state.addressError = say(T, "stack.address", { problems: bad.join("; ") });
}

/* explorer.js calls this on every update: true when the stack mode shows (explorer.js then skips Shape's part). */
function render(root) {
  const stacking = on(root);
  panel(root);
  root.classList.toggle("cd-stacking", stacking);
  if (!stacking) $(root, "layers").textContent = "";  // no hidden controls left behind for the other modes
  else update(root);
  return stacking;
}

function update(root) {
  const E = window.convdocsExplorer, error = $(root, "stack-error"), table = $(root, "stack-table"), grids = $(root, "grids");
  let net = null;
  if (!$(root, "layers").children.length) layerRows(root);  // after readUrl, or back in this mode
  try {
    const input = ["height", "width"].map((n) => E.wholeNumber($(root, `input-${n}`).value, `Input ${n}`));
    net = core.stack(input, state.rows.map((row, i) => {
      const n = `Layer ${i + 1} `, label = (j) => n + say(T, FIELDS[j][1]);
      // one number, or two (height, width): a number, or [height, width]
      const pair = (text, j) => {
        const parts = String(text).trim().replace(/^\(|\)$/g, "").split(",");
        if (parts.length > 2) fail(say(T, "stack.pair_count", { label: label(j) }));
        const values = parts.map((v) => E.wholeNumber(v, label(j)));
        return values.length === 1 ? values[0] : values;
      };
      return {layer: row[0], kernel: [E.wholeNumber(row[1], label(0)), E.wholeNumber(row[2], label(1))],
              stride: pair(row[3], 2), padding: E.parsePadding(row[4]),
              dilation: row[0] === "AvgPool2d" ? 1 : pair(row[D], 4)};
    }), T);
    if (state.addressError) fail(state.addressError);
    error.hidden = true;
    error.textContent = "";
  } catch (e) {
    if (!e.convdocs) throw e;
    error.textContent = e.message;
    error.hidden = false;
  }
  state.net = net;
  if (!net) {
    state.grids = null;
    table.textContent = grids.textContent = $(root, "stack-status").textContent = "";
    return;
  }
  const last = net[net.length - 1].output;
  state.cell = AXES.map((a) => clamp(state.cell[a], last[a]));
  const pair = (f, key) => (f[0][key] === f[1][key] ? f[0][key] : `${f[0][key]}, ${f[1][key]}`);
  table.innerHTML = `<caption>${esc(say(T, "stack.caption"))}</caption>` +
    "<thead><tr><th>Layer</th><th>Output</th><th>r</th><th>S</th><th>P</th></tr></thead><tbody>" +
    `<tr><td>input</td><td>${net[0].input.join(" × ")}</td><td>1</td><td>1</td><td>0</td></tr>` +
    net.map((n, i) => `<tr><td>${i + 1} ${n.layer}</td><td>${n.output.join(" × ")}</td>` +
      ["r", "S", "P"].map((key) => `<td>${pair(n.fields, key)}</td>`).join("") + "</tr>").join("") + "</tbody>";
  draw(root, grids, net);
  choose(root, state.cell);
}

/* Each grid is a few shapes, whatever its size: the padding's dashed lines, the input (output) as one
 * rectangle and its grid lines, and a group for the highlight, one rectangle per run of rows × run of columns. */
function draw(root, grids, net) {
  const most = window.convdocsExplorer.MAX_DRAWN, S = window.convdocsExplorer.style();
  state.grids = null;
  if (!drawable(net, most)) {
    grids.innerHTML = `<p class="cd-error" data-testid="stack-too-large">${esc(say(T, "stack.too_large", { most }))}</p>`;
    return;
  }
  const geo = [], html = net.concat([null]).map((n, g) => {
    const e = extent(net, g), out = !n, h = e[0][0] + e[0][1] + e[0][2], w = e[1][0] + e[1][1] + e[1][2];
    // cells of at least CELL px, to read and to touch: a wide grid scrolls in its figure
    const cell = Math.max(CELL, Math.min(32, Math.floor(260 / Math.max(h, w)))), x = 2 + e[1][0] * cell, y = 2 + e[0][0] * cell;
    const lines = (x0, y0, rows, cols) => Array.from({length: rows + 1}, (_, i) => `M${x0} ${y0 + i * cell}h${cols * cell}`)
      .concat(Array.from({length: cols + 1}, (_, j) => `M${x0 + j * cell} ${y0}v${rows * cell}`)).join("");
    const size = [e[0][2], e[1][2]], text = esc(core.caption(net, g, T));
    geo.push({lo: [e[0][0], e[1][0]], cell, size});
    return `<figure${out ? ' data-final tabindex="0" aria-label="Final output: arrow keys choose a cell"' : ""}>` +
      `<svg xmlns="http://www.w3.org/2000/svg" width="${w * cell + 4}" height="${h * cell + 4}" role="img" data-grid="${g}" ` +
      `data-cell="${cell}" style="--cd-read: ${S.read}; --cd-read-opacity: ${S.readOpacity}"><title>${text}</title>` +
      `<g stroke="${S.ink}" stroke-width="0.6" fill="none">` +
      (h > size[0] || w > size[1] ? `<path class="cd-pad" stroke-dasharray="${S.dash}" d="${lines(2, 2, h, w)}"/>` : "") +
      `<rect class="${out ? "cd-out" : "cd-in"}" x="${x}" y="${y}" width="${size[1] * cell}" height="${size[0] * cell}" ` +
      `fill="${out ? S.output : S.input}"/><path d="${lines(x, y, size[0], size[1])}"/><g class="cd-lit"></g></g></svg>` +
      `<figcaption>${text}</figcaption></figure>`;
  });
  grids.innerHTML = html.join("");
  state.grids = geo;
  const final = grids.querySelector(`svg[data-grid="${net.length}"]`), G = geo[net.length];
  final.addEventListener("click", (event) => {
    const box = final.getBoundingClientRect();
    choose(root, [event.clientY - box.top, event.clientX - box.left].map((v, a) => clamp(Math.floor((v - 2) / G.cell), G.size[a])));
  });
}

/* Sorted positions -> runs [first, count]. */
function runs(positions) {
  const out = [];
  positions.forEach((p) => {
    const r = out[out.length - 1];
    if (r && r[0] + r[1] === p) r[1]++;
    else out.push([p, 1]);
  });
  return out;
}

function choose(root, cell) {
  const net = state.net;
  if (!net) return;
  state.cell = cell;
  write();
  let text = core.depends(net, cell, T);
  if (state.grids) {
    const trails = AXES.map((a) => reads(net.map((n) => n.steps[a]), cell[a])[2].concat([[cell[a]]]));
    root.querySelectorAll("#cd-grids .cd-lit").forEach((group, g) => {
      const G = state.grids[g], k = G.cell, cls = g === net.length ? "cd-hl cd-out" : "cd-hl";
      group.innerHTML = runs(trails[0][g]).map((rr) => runs(trails[1][g]).map((cc) =>
        `<rect class="${cls}" x="${2 + (cc[0] + G.lo[1]) * k}" y="${2 + (rr[0] + G.lo[0]) * k}" width="${cc[1] * k}" ` +
        `height="${rr[1] * k}" data-r="${rr[0]}" data-c="${cc[0]}" data-rows="${rr[1]}" data-cols="${cc[1]}"/>`).join("")).join("");
    });
    text += say(T, "stack.highlighted");
  }
  $(root, "stack-status").textContent = text;
}

function start() {
  const root = document.getElementById("convdocs-explorer");
  if (!root || !$(root, "mode") || root.dataset.stack) return;
  root.dataset.stack = "1";
  readUrl(root);  // explorer.js loads this file for the Stack mode, then renders: its render hook is ours
}

window.convdocsStack = {span: core.span, receptive_field: core.receptive_field, effective_stride: core.effective_stride,
                        effective_padding: core.effective_padding, layer_field: core.layer_field, window: core.window_,
                        outside: core.outside, START: core.START, Step: core.Step, taps: core.taps, source: core.source,
                        reads, chain_field: core.chain_field, stack: (input, layers) => core.stack(input, layers, T),
                        compute: (input, layers, cell) => core.compute(input, layers, cell, T), writeUrl, readUrl, render, start};
start();  // a module runs once the page is parsed
