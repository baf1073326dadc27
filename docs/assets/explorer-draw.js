/* convdocs explorer, the figure: a layer's padded input, kernel and output drawn as SVG with the convdocs figure
 * conventions (assets/core/conv.mjs says which cells there are and which are read), and the highlight that shows
 * which cells an output cell reads. No state of its own: the page (explorer.js) keeps what is drawn. */
import { grid, MAX_DRAWN, notDrawn, unread1d } from "./core/conv.mjs";
import { say } from "./core/words.mjs";
import { FAILED, need, style, T } from "./explorer-parts.js";

export const CELL = 26;
const GAP = 44, MARGIN = 6;
/* Up to PER_CELL cells (padded input and output together) a figure has an element per cell; above it, a few
 * shapes per grid (the cost of drawing no longer grows with the cells). */
const PER_CELL = 600;
const SVGNS = "http://www.w3.org/2000/svg";

/* Draws `conv` (conv.mjs's check(), or a pooling layer drawn as one) into `figure`, with `values` (the values
 * part's, or null) written in the cells. on.select(rc) and on.selectInput(rc) are called when the reader points at
 * an output or an input cell. -> {paint(ins, outs): the highlight, geometry: where the cells are (small figures),
 * first: whether the page selects output cell (0, 0)}; paint is null when nothing is drawn. */
export function drawFigure(figure, conv, values, on) {
  const select = on.select, selectInput = on.selectInput;
  figure.textContent = "";
  var why = notDrawn(conv, T);  // arithmetic only: nothing is allocated before the budget check
  if (why) {
    var note = document.createElement("p");
    var empty = Math.min(conv.output[0], conv.output[1]) < 1;  // a transposed layer torch answers with an empty tensor
    if (!empty) note.className = "cd-error";
    note.setAttribute("data-testid", "figure-error");
    note.textContent = why;
    figure.appendChild(note);
    return {paint: null, geometry: null, first: !empty};
  }
  var S = style();
  // A transposed layer small enough: its input stretched, as conv_arithmetic draws it (the part explorer-stretch.js,
  // loaded with the first transposed layer; until it is here, the input is drawn as it is).
  var X = window.convdocsStretch;
  var sg = conv.transposed && !conv.pool && !FAILED.stretch && need("stretch") ? X.stretchedGrid(conv, MAX_DRAWN, PER_CELL) : null;
  var span = function (n) { return Array.from({length: n}, function (_, i) { return i; }); };
  var rows = sg ? span(sg.st[0].size) : grid(conv, 0), cols = sg ? span(sg.st[1].size) : grid(conv, 1);
  var outH = conv.output[0], outW = conv.output[1];
  var kH = conv.kernel[0], kW = conv.kernel[1];
  // Small figures: one <rect> per cell (hover and highlight by class) and its value written in it. Large ones:
  // each grid is a few shapes (fill, grid lines, a pattern for the padding) and the highlight one path, so that
  // drawing, Step and Play stay far below a frame's worth of work however many cells there are.
  // A large figure waits for its part (explorer-compact.js); one that cannot load is drawn cell by cell.
  var compact = rows.length * cols.length + outH * outW > PER_CELL && !FAILED.compact;
  if (compact && !need("compact")) return {paint: null, geometry: null, first: true};
  var KCELL = compact ? 14 : CELL;  // the kernel's cells: as large as the others when they hold numbers
  var xKernel = MARGIN + cols.length * CELL + GAP;
  var kernelWidth = Math.max(kW * KCELL, 48);
  var xOut = xKernel + kernelWidth + GAP;
  var height = MARGIN * 2 + Math.max(rows.length * CELL, outH * CELL, kH * KCELL + 30) + 18;
  var width = xOut + outW * CELL + MARGIN;
  var yOut = MARGIN + Math.max(0, (rows.length - outH) * CELL / 2);
  var yKernel = MARGIN + Math.max(0, (rows.length * CELL - kH * KCELL) / 2);
  var x0Kernel = xKernel + (kernelWidth - kW * KCELL) / 2;
  var dropR = sg ? {} : unread1d(conv, 0), dropC = sg ? {} : unread1d(conv, 1);
  var lo0 = rows[0], lo1 = cols[0];
  var inside = function (r, c) { return r >= 0 && r < conv.input[0] && c >= 0 && c < conv.input[1]; };
  var xIn = function (c) { return MARGIN + (sg ? X.inputAt(sg, 1, c) : c - lo1) * CELL; };
  var yIn = function (r) { return MARGIN + (sg ? X.inputAt(sg, 0, r) : r - lo0) * CELL; };
  var g = {rows: rows, cols: cols, lo0: lo0, lo1: lo1, xIn: xIn, yIn: yIn, inside: inside, dropR: dropR, dropC: dropC, S: S,
           xOut: xOut, yOut: yOut, outH: outH, outW: outW, select: select, selectInput: selectInput, conv: conv,
           MARGIN: MARGIN, CELL: CELL};
  var grids = compact ? window.convdocsCompact.grids(g) : cellGrids();
  var shown = values;  // the numbers written in the cells: a stretched input's every position
  if (sg && values) shown = {padded: X.stretchedLabels(sg, values.x), output: values.output, w: values.w};
  // The kernel: one rectangle and its grid lines, whatever its size.
  var kernel = ['<rect x="' + x0Kernel + '" y="' + yKernel + '" width="' + kW * KCELL + '" height="' + kH * KCELL +
              '" class="cd-kernel" data-rows="' + kH + '" data-cols="' + kW + '"/><path fill="none" d="'], r, c;
  for (r = 1; r < kH; r++) kernel.push("M" + x0Kernel + " " + (yKernel + r * KCELL) + "h" + kW * KCELL);
  for (c = 1; c < kW; c++) kernel.push("M" + (x0Kernel + c * KCELL) + " " + yKernel + "v" + kH * KCELL);
  kernel.push('"/>');
  var text = function (x, y, size, words) {
    return '<text x="' + x + '" y="' + y + '" text-anchor="middle" font-size="' + size + '" fill="' + S.ink + '">' +
      words + "</text>";
  };
  // One string, parsed once.
  figure.innerHTML = '<svg width="' + width + '" height="' + height + '" viewBox="0 0 ' + width + " " + height +
    '" role="img" font-family="sans-serif" style="--cd-read: ' + S.read + "; --cd-read-opacity: " + S.readOpacity +
    '" xmlns="' + SVGNS + '"><title>' +
    say(T, conv.pool ? "explorer.figure_title_pool" : sg ? "explorer.figure_title_stretched" :
      conv.transposed ? "explorer.figure_title_input" : "explorer.figure_title",
      {rows: rows.length, cols: cols.length, kh: kH, kw: kW, oh: outH, ow: outW}) +
    "</title>" + grids.defs +
    '<g stroke="' + S.ink + '" stroke-width="0.6">' +
    '<g fill="' + S.input + '">' + grids.input + "</g>" +
    '<g fill="' + S.output + '">' + grids.output + "</g>" +
    '<g fill="' + S.ink + '" fill-opacity="' + (compact ? 0.4 : 0.12) + '">' + kernel.join("") + "</g>" + grids.lit + "</g>" +
    '<g stroke="' + S.dropped + '" stroke-width="1.5">' + grids.drops + "</g>" + (compact || !shown ? "" : window.convdocsValues.labels(shown, conv.transposed && !sg, CELL,
      [[MARGIN, MARGIN], [xOut, yOut], [x0Kernel, yKernel]], S.ink)) +
    text(xKernel + kernelWidth / 2, yKernel + kH * KCELL + 14, 11,
         (conv.pool ? "window " : "kernel ") + kH + "×" + kW +
    (conv.dilation[0] > 1 ? ", dilation " + conv.dilation[0] : "")) +
    text(MARGIN + cols.length * CELL / 2, height - MARGIN - 2, 12, sg ? say(T, "transposed.figure_input") : "input") +
    text(xOut + outW * CELL / 2, height - MARGIN - 2, 12, "output") + "</svg>";
  var svg = figure.firstChild;
  var paint = compact ? window.convdocsCompact.paint(g, svg) : cellPaint(svg);
  return {paint: sg ? X.stretchedPaint(svg, sg, outW) : paint, first: true,
          geometry: compact ? null : {taps: svg.querySelector(".cd-taps"), kernel: [x0Kernel, yKernel], kW: kW, xIn: xIn,
                                      yIn: yIn, rows: sg ? span(conv.input[0]) : rows, cols: sg ? span(conv.input[1]) : cols}};

  function cellGrids() {
    var cells = [], drops = [], outs = [];
    if (sg) cells.push(X.stretchedCells(sg, MARGIN, MARGIN, CELL, S));
    else rows.forEach(function (r) {
      cols.forEach(function (c) {
        var x = xIn(c), y = yIn(r);
        cells.push('<rect x="' + x + '" y="' + y + '" width="' + CELL + '" height="' + CELL + '" data-r="' + r +
          '" data-c="' + c + (inside(r, c) ? '" class="cd-cell cd-in"/>' :
                              '" class="cd-cell cd-in cd-pad" fill="none" stroke-dasharray="' + S.dash + '"/>'));
        if (dropR[r] || dropC[c]) {
          drops.push('<line x1="' + (x + 3) + '" y1="' + (y + CELL - 3) + '" x2="' + (x + CELL - 3) + '" y2="' +
                     (y + 3) + '" class="cd-dropped"/>');
        }
      });
    });
    for (var r = 0; r < outH; r++) {
      for (var c = 0; c < outW; c++) {
        outs.push('<rect x="' + (xOut + c * CELL) + '" y="' + (yOut + r * CELL) + '" width="' + CELL + '" height="' +
                  CELL + '" data-r="' + r + '" data-c="' + c + '" class="cd-cell cd-out"/>');
      }
    }
    return {defs: "", input: cells.join(""), output: outs.join(""), drops: drops.join(""), lit: ""};
  }

  /* Cells in row-major order: the one at (r, c) is found by its index; a highlight is a class. */
  function cellPaint(svg) {
    var inputs = svg.querySelectorAll("rect.cd-in"), outputs = svg.querySelectorAll("rect.cd-out"), lit = [];
    var pick = function (event) {  // hover, or a tap on a touch screen
      var t = event.target;
      if (!t.classList?.contains("cd-cell") || !t.hasAttribute("data-r")) return;  // a stretched input's zeros: none
      var rc = [parseInt(t.getAttribute("data-r"), 10), parseInt(t.getAttribute("data-c"), 10)];
      if (t.classList.contains("cd-out")) select(rc); else selectInput(rc);
    };
    svg.addEventListener("mouseover", pick);
    svg.addEventListener("click", pick);
    var light = function (cell) { if (cell) { cell.classList.add("cd-hl"); lit.push(cell); } };
    return function (ins, outs) {
      lit.forEach(function (cell) { cell.classList.remove("cd-hl"); });
      lit = [];
      outs.forEach(function (rc) { light(outputs[rc[0] * outW + rc[1]]); });
      ins.forEach(function (rc) {
        var i = rc[0] - lo0, j = rc[1] - lo1;
        if (i >= 0 && i < rows.length && j >= 0 && j < cols.length) light(inputs[i * cols.length + j]);
      });
    };
  }
}
