/* convdocs explorer, a transposed layer's figure as conv_arithmetic draws it: the input stretched by s − 1 zeros
 * between its cells, d·(k − 1) − p zeros of implicit padding around it (negative: a crop, drawn faint and dotted),
 * output_padding's extra cells outlined, every cell with its value; the kernel slides over it with stride 1. The
 * arithmetic is the core's (assets/core/transposed.mjs); explorer-draw.js lays the figure out and calls this for
 * the input grid, its numbers and its highlight. A part loaded with the first transposed layer drawn (window.convdocsStretch). */
import { cellKind, positions, reads, stretch1d, stretchedValues } from "./core/transposed.mjs";

/* Whether the stretched grid is drawn cell by cell: both axes within `most` positions and at most `cells` cells,
 * the output's included. -> [the two axes' stretch, their positions] or null (the input is drawn as it is). */
export function stretchedGrid(conv, most, cells) {
  if (!conv.transposed || conv.pool) return null;
  const st = [0, 1].map((a) => stretch1d(conv, a));
  if (Math.max(st[0].size, st[1].size) > most || st[0].size * st[1].size + conv.output[0] * conv.output[1] > cells) return null;
  return { st, pos: st.map(positions) };
}

/* The grid's cells as SVG: one <rect> per position at (x0 + column·cell, y0 + row·cell). An input cell is
 * class cd-in with its input coordinates (data-r, data-c); every cell has its position (data-pr, data-pc) and a
 * class for what it is: cd-inserted, cd-implicit, plus cd-cropped or cd-extra. */
export function stretchedCells(g, x0, y0, cell, S) {
  const out = [];
  g.pos[0].forEach((pr, r) => {
    g.pos[1].forEach((pc, c) => {
      const k = cellKind(pr, pc), x = x0 + c * cell, y = y0 + r * cell;
      let cls = "cd-cell cd-pos", extra = "";
      if (k.kind === "input") {
        cls += " cd-in";
        extra = ` data-r="${pr.index}" data-c="${pc.index}"`;
      } else {
        cls += k.kind === "inserted" ? " cd-inserted" : " cd-implicit";
        extra = ` fill="none" stroke-dasharray="${S.dash}"`;
      }
      if (k.cropped) {
        cls += " cd-cropped";
        extra += ` opacity="${S.croppedOpacity * 3}" stroke-dasharray="${S.dotted}"`;
      } else if (k.extra) {
        cls += " cd-extra";
        extra += ` stroke="${S.extra}" stroke-width="2"`;
      }
      out.push(`<rect x="${x}" y="${y}" width="${cell}" height="${cell}" data-pr="${r}" data-pc="${c}" class="${cls}"${extra}/>`);
    });
  });
  return out.join("");
}

/* The values written in the grid: the input's on its cells, 0 on every other (cropped ones included). */
export function stretchedLabels(g, x) {
  return stretchedValues(x, g.pos[0], g.pos[1]);
}

/* Where input cell (r, c) is drawn: its position along each axis. */
export const inputAt = (g, a, n) => g.st[a].inputs[n][0];

/* The highlight: paint(ins, outs, reader) lights the positions output cell `reader` reads (zeros included), or
 * else the input cells `ins`, and the output cells `outs`. */
export function stretchedPaint(svg, g, outW) {
  const cells = svg.querySelectorAll("rect.cd-pos"), outputs = svg.querySelectorAll("rect.cd-out"), cols = g.st[1].size;
  let lit = [];
  const light = (cell) => { if (cell) { cell.classList.add("cd-hl"); lit.push(cell); } };
  return (ins, outs, reader) => {
    for (const cell of lit) cell.classList.remove("cd-hl");
    lit = [];
    for (const rc of outs) light(outputs[rc[0] * outW + rc[1]]);
    if (reader) {
      for (const pr of reads(g.st[0], reader[0])) for (const pc of reads(g.st[1], reader[1])) light(cells[pr * cols + pc]);
      return;
    }
    for (const rc of ins) light(cells[inputAt(g, 0, rc[0]) * cols + inputAt(g, 1, rc[1])]);
  };
}

window.convdocsStretch = { stretchedGrid, stretchedCells, stretchedLabels, stretchedPaint, inputAt };
