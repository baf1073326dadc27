/* convdocs explorer, a large figure: past PER_CELL cells (explorer-draw.js), each grid is a few shapes (a fill, its
 * grid lines, a pattern for the padding) and the highlight one path, so that drawing, Step and Play stay far below
 * a frame's worth of work however many cells there are. A part loaded with the first large figure
 * (window.convdocsCompact); g is the figure's layout from explorer-draw.js. */

/* grids(g) -> {defs, input, output, drops, lit}: the SVG of the grids; paint(g, svg) -> the highlight. */
function parts(g) {
  const { rows, cols, lo0, lo1, xIn, yIn, inside, dropR, dropC, S, xOut, yOut, outH, outW, select, selectInput, conv, MARGIN, CELL } = g;
  /* A grid of n × m cells at (x, y) as one path of lines. */
  function lines(x, y, n, m) {
    var d = [], i;
    for (i = 0; i <= n; i++) d.push("M" + x + " " + (y + i * CELL) + "h" + m * CELL);
    for (i = 0; i <= m; i++) d.push("M" + (x + i * CELL) + " " + y + "v" + n * CELL);
    return '<path fill="none" d="' + d.join("") + '"/>';
  }
  function box(x, y, w, h, extra) {
    return '<rect x="' + x + '" y="' + y + '" width="' + w + '" height="' + h + '"' + (extra || "") + "/>";
  }

  function compactGrids() {
    var r0 = Math.max(lo0, 0), r1 = Math.min(rows[rows.length - 1], conv.input[0] - 1);
    var c0 = Math.max(lo1, 0), c1 = Math.min(cols[cols.length - 1], conv.input[1] - 1);
    var drops = [], input = "";
    // the padding: every cell's dashed outline (a pattern), under the input's cells
    if (rows.length > r1 - r0 + 1 || cols.length > c1 - c0 + 1) {
      input += box(MARGIN, MARGIN, cols.length * CELL, rows.length * CELL, ' fill="url(#cd-pad-cells)" stroke="none"');
    }
    input += box(xIn(c0), yIn(r0), (c1 - c0 + 1) * CELL, (r1 - r0 + 1) * CELL, ' stroke="none"') +
      lines(xIn(c0), yIn(r0), r1 - r0 + 1, c1 - c0 + 1);
    rows.forEach(function (r) {
      cols.forEach(function (c) {
        if (dropR[r] || dropC[c]) drops.push("M" + (xIn(c) + 3) + " " + (yIn(r) + CELL - 3) + "l" + (CELL - 6) + " " + (6 - CELL));
      });
    });
    return {
      defs: '<defs><pattern id="cd-pad-cells" patternUnits="userSpaceOnUse" x="' + MARGIN + '" y="' + MARGIN +
        '" width="' + CELL + '" height="' + CELL + '"><rect width="' + CELL + '" height="' + CELL + '" fill="none" ' +
        'stroke="' + S.ink + '" stroke-width="1.2" stroke-dasharray="' + S.dash + '"/></pattern></defs>',
      input: input,
      output: box(xOut, yOut, outW * CELL, outH * CELL, ' stroke="none"') + lines(xOut, yOut, outH, outW),
      drops: drops.length ? '<path class="cd-dropped" d="' + drops.join("") + '"/>' : "",
      // the highlight: the page's background under the read colour, as a highlighted cell's own fill would be
      lit: '<g class="cd-lit" style="fill: var(--md-default-bg-color)"><path/><path class="cd-hl"/>' +
        '<path stroke-dasharray="' + S.dash + '"/><path class="cd-hl" stroke-dasharray="' + S.dash + '"/>' +
        '<path/><path class="cd-hl cd-out"/></g>',
    };
  }

  /* A highlight sets three paths (inside cells, padding cells, output cells), each drawn twice: the page's
   * background, then the read colour. Hover: the cell under the pointer, from its coordinates. */
  function compactPaint(svg) {
    var paths = svg.querySelectorAll(".cd-lit path"), last = "";
    var squares = function (cells, x, y) {
      return cells.map(function (rc) { return "M" + x(rc) + " " + y(rc) + "h" + CELL + "v" + CELL + "h-" + CELL + "z"; }).join("");
    };
    var inX = function (rc) { return xIn(rc[1]); }, inY = function (rc) { return yIn(rc[0]); };
    svg.addEventListener("mousemove", function (event) {
      var ctm = svg.getScreenCTM();
      if (!ctm) return;
      var p = new DOMPoint(event.clientX, event.clientY).matrixTransform(ctm.inverse());
      var i = Math.floor((p.y - MARGIN) / CELL), j = Math.floor((p.x - MARGIN) / CELL);
      var oi = Math.floor((p.y - yOut) / CELL), oj = Math.floor((p.x - xOut) / CELL), key;
      if (i >= 0 && i < rows.length && j >= 0 && j < cols.length) key = "in " + rows[i] + " " + cols[j];
      else if (oi >= 0 && oi < outH && oj >= 0 && oj < outW) key = "out " + oi + " " + oj;
      if (!key || key === last) return;
      last = key;
      var rc = key.split(" ");
      if (rc[0] === "out") select([+rc[1], +rc[2]]); else selectInput([+rc[1], +rc[2]]);
    });
    return function (ins, outs) {
      var inGrid = ins.filter(function (rc) {
        return rc[0] >= lo0 && rc[0] <= rows[rows.length - 1] && rc[1] >= lo1 && rc[1] <= cols[cols.length - 1];
      });
      var own = squares(inGrid.filter(function (rc) { return inside(rc[0], rc[1]); }), inX, inY);
      var pad = squares(inGrid.filter(function (rc) { return !inside(rc[0], rc[1]); }), inX, inY);
      var out = squares(outs, function (rc) { return xOut + rc[1] * CELL; }, function (rc) { return yOut + rc[0] * CELL; });
      [own, own, pad, pad, out, out].forEach(function (d, k) {
        if (d) paths[k].setAttribute("d", d); else paths[k].removeAttribute("d");
      });
    };
  }
  return { grids: compactGrids, paint: compactPaint };
}

window.convdocsCompact = {

  grids: (g) => parts(g).grids(),
  paint: (g, svg) => parts(g).paint(svg),
};
