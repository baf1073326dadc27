/* A transposed convolution drawn as conv_arithmetic draws it, as convdocs/core/transposed.py's Stretch: the direct
 * convolution (stride 1, the kernel flipped, the same dilation) over the input stretched by s − 1 zeros between
 * cells, with implicit zero padding d·(k − 1) − p on each side (negative: a crop) and output_padding's extra cells
 * at the end. Positions count on the uncropped grid: the stretched input padded by d·(k − 1) on each side. */

/* The stretch along axis a of conv (conv.mjs's check() of a transposed layer): the fields of Python's Stretch. */
export function stretch1d(conv, a) {
  const i = conv.input[a], k = conv.kernel[a], s = conv.stride[a], d = conv.dilation[a];
  const p = conv.pads[a][0], op = conv.output_padding[a];
  const full = d * (k - 1), length = (i - 1) * s + 1;
  const used = [p, p + length + 2 * (full - p) + op];
  const kept = [p, p + conv.output[a]];
  return {
    size: Math.max(length + 2 * full, used[1]),
    inputs: Array.from({ length: i }, (_, n) => [full + n * s, n]),
    inserted: s - 1,
    implicit: full - p,
    used,
    extra: [used[1] - op, used[1]],
    out_size: Math.max(length + full, kept[1]),
    kept,
    dilation: d,
    kernel: k,
  };
}

/* What each position along one axis is: "input" (an input cell: its index in `index`), "inserted" (a zero between
 * two input cells), "padding" (the implicit zeros around the stretched input), each also `cropped` (outside
 * `used`: the padding p crops it) or `extra` (one of output_padding's cells). -> [{kind, index, cropped, extra}]. */
export function positions(st) {
  const first = st.inputs.length ? st.inputs[0][0] : 0, last = st.inputs.length ? st.inputs[st.inputs.length - 1][0] : -1;
  const at = new Map(st.inputs);
  return Array.from({ length: st.size }, (_, x) => ({
    kind: at.has(x) ? "input" : x > first && x < last ? "inserted" : "padding",
    index: at.has(x) ? at.get(x) : null,
    cropped: x < st.used[0] || x >= st.used[1],
    extra: x >= st.extra[0] && x < st.extra[1],
  }));
}

/* One cell of the stretched grid from its two axes' positions: "input" only if both are, "inserted" if both lie
 * within the stretched input, else "padding"; cropped if either axis crops it, extra if either is output_padding's. */
export function cellKind(pr, pc) {
  const kind = pr.kind === "input" && pc.kind === "input" ? "input" : pr.kind !== "padding" && pc.kind !== "padding" ? "inserted" : "padding";
  return { kind, cropped: pr.cropped || pc.cropped, extra: !pr.cropped && !pc.cropped && (pr.extra || pc.extra) };
}

/* The stretched grid's values over every position (cropped ones included): the input's value on its cells, 0 on
 * every other. Its rows used[0] … used[1] − 1 (and columns) are values.mjs's stretch(), the grid the kernel slides over. */
export function stretchedValues(x, rows, cols) {
  return rows.map((pr) => cols.map((pc) => (pr.kind === "input" && pc.kind === "input" ? x[pr.index][pc.index] : 0)));
}

/* The positions output cell o reads along an axis (the direct convolution's taps on the uncropped grid). */
export function reads(st, o) {
  return Array.from({ length: st.kernel }, (_, j) => st.kept[0] + o + j * st.dilation);
}

/* The output cells along an axis that read position x. */
export function readBy(st, x, outputs) {
  const out = [];
  for (let o = 0; o < outputs; o++) if (reads(st, o).includes(x)) out.push(o);
  return out;
}
