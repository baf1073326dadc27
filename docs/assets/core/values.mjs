/* The explorer's values: a small input and kernel from a preset, the grid a padding mode pads them to, and the
 * output a layer computes from them, as torch computes it in float64 (tests/node/values.test.mjs compares them
 * with torch's own answers, written by tests/golden_values.py). Grids are arrays of rows of numbers. Pure. */

export const PRESETS = ["ramp", "checkerboard", "random", "ones"];

/* A deterministic generator (mulberry32): the same seed gives the same grid on every machine. */
function generator(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/* An h × w grid of small whole numbers: ramp (r + c + 1, rising to the bottom right, so every padding mode puts
 * other numbers in the border), checkerboard (1 and 0), random (−4 … 4 from the seed) or ones. */
export function preset(name, h, w, seed = 1) {
  const next = generator(seed);
  const value = {
    ramp: (r, c) => r + c + 1,
    checkerboard: (r, c) => ((r + c) % 2 === 0 ? 1 : 0),
    random: () => Math.floor(next() * 9) - 4,
    ones: () => 1,
  }[name];
  if (!value) throw new Error(`no preset ${name}`);
  return Array.from({ length: h }, (_, r) => Array.from({ length: w }, (_, c) => value(r, c)));
}

/* Where cell i of a padded axis reads from, for an axis of n cells: an index in 0 … n − 1, or −1 for the
 * constant the mode puts there. */
const SOURCE = {
  zeros: () => -1,
  constant: () => -1,
  reflect: (i, n) => {
    const period = 2 * (n - 1);
    if (period === 0) return 0;
    const m = ((i % period) + period) % period;
    return m < n ? m : period - m;
  },
  replicate: (i, n) => Math.min(Math.max(i, 0), n - 1),
  circular: (i, n) => ((i % n) + n) % n,
};

/* x padded by pads [[top, bottom], [left, right]] (a negative amount crops) in `mode` (zeros, reflect,
 * replicate, circular, or constant with `value`, −Infinity for max pooling). */
export function pad(x, pads, mode, value = 0) {
  const h = x.length, w = h ? x[0].length : 0, source = SOURCE[mode];
  if (!source) throw new Error(`no padding mode ${mode}`);
  const fill = mode === "zeros" ? 0 : value;
  const rows = [];
  for (let r = -pads[0][0]; r < h + pads[0][1]; r++) {
    const row = [];
    for (let c = -pads[1][0]; c < w + pads[1][1]; c++) {
      const inside = r >= 0 && r < h && c >= 0 && c < w;
      const rr = inside ? r : source(r, h), cc = inside ? c : source(c, w);
      row.push(inside ? x[r][c] : rr < 0 || cc < 0 ? fill : x[rr][cc]);
    }
    rows.push(row);
  }
  return rows;
}

/* Cross-correlation (torch's conv2d) of an already padded grid: out[o][p] = Σ w[i][j] · x[o·s + i·d][p·s + j·d]. */
export function correlate(padded, w, stride, dilation, output) {
  const out = [];
  for (let o = 0; o < output[0]; o++) {
    const row = [];
    for (let p = 0; p < output[1]; p++) {
      let sum = 0;
      for (let i = 0; i < w.length; i++) {
        for (let j = 0; j < w[0].length; j++) sum += w[i][j] * padded[o * stride[0] + i * dilation[0]][p * stride[1] + j * dilation[1]];
      }
      row.push(sum);
    }
    out.push(row);
  }
  return out;
}

/* The transposed layer's input as conv_arithmetic draws it: s − 1 zeros between cells, then d·(k − 1) − p cells
 * of zeros around it (a negative amount crops) and output_padding more at the bottom and right. */
export function stretch(x, conv) {
  const s = conv.stride, h = x.length, w = x[0].length;
  const big = Array.from({ length: (h - 1) * s[0] + 1 }, () => new Array((w - 1) * s[1] + 1).fill(0));
  x.forEach((row, r) => { row.forEach((v, c) => { big[r * s[0]][c * s[1]] = v; }); });
  const q = [0, 1].map((a) => conv.dilation[a] * (conv.kernel[a] - 1) - conv.pads[a][0]);
  return pad(big, [[q[0], q[0] + conv.output_padding[0]], [q[1], q[1] + conv.output_padding[1]]], "zeros");
}

/* The stretched input's size along each axis: output + dilation·(kernel − 1). The page lists values only up to
 * MAX_LISTED cells across (a large stride or dilation stretches a small input past any screen). */
export const MAX_LISTED = 192;
export const stretchedSize = (conv) => [0, 1].map((a) => conv.output[a] + conv.dilation[a] * (conv.kernel[a] - 1));

const flip = (w) => w.slice().reverse().map((row) => row.slice().reverse());

/* A convolution's values: conv is what conv.mjs's check() returns, x the input, w the kernel.
 * -> {padded, output}: the grid the kernel slides over (for a transposed layer, the stretched input) and the output. */
export function convolve(conv, x, w) {
  if (conv.transposed) {
    const padded = stretch(x, conv);
    return { padded, output: correlate(padded, flip(w), [1, 1], conv.dilation, conv.output), kernel: flip(w) };
  }
  const padded = pad(x, conv.pads, conv.padding_mode || "zeros");
  return { padded, output: correlate(padded, w, conv.stride, conv.dilation, conv.output), kernel: w };
}

/* A pooling layer's values: p is what pooling.mjs's max_pool/avg_pool returns, divisor its divisor(p, cell) (passed
 * in, so that the pooling core still loads only when a pooling layer is chosen). -> {padded, output}: max pooling
 * pads with −∞, average pooling with 0 (count_include_pad says whether those cells count in the divisor). */
export function pool(p, x, divisor) {
  const h = x.length, w = x[0].length, max = p.kind === "max";
  const out = [];
  for (let o = 0; o < p.output[0]; o++) {
    const row = [];
    for (let q = 0; q < p.output[1]; q++) {
      const r0 = o * p.stride[0] - p.padding[0], c0 = q * p.stride[1] - p.padding[1];
      let best = -Infinity, sum = 0;
      for (let i = 0; i < p.kernel[0]; i++) {
        for (let j = 0; j < p.kernel[1]; j++) {
          const r = r0 + i * p.dilation[0], c = c0 + j * p.dilation[1];
          if (r < 0 || r >= h || c < 0 || c >= w) continue;
          best = Math.max(best, x[r][c]);
          sum += x[r][c];
        }
      }
      row.push(max ? best : sum / divisor(p, [o, q]));
    }
    out.push(row);
  }
  return { padded: pad(x, p.pads, "constant", max ? -Infinity : 0), output: out };
}

/* A value as the tables and the torch-code block print it: whole numbers as they are, others to three decimals
 * (half away from zero, on the exact binary value, as Python's Decimal ROUND_HALF_UP does), −∞ for minus infinity. */
export function show(v) {
  if (v === -Infinity) return "−∞";
  if (v === Infinity) return "∞";
  const text = Math.abs(v).toFixed(3).replace(/\.?0+$/, "");
  return v < 0 && text !== "0" ? `-${text}` : text;
}

/* The taps of output cell rc: [{tap: [i, j], at: [r, c], value, weight, padding}], one per kernel (window) cell
 * that lands on the input or its padding, in row-major order of the kernel. `at` is in input coordinates (outside
 * 0 … size − 1: padding, whose value the mode put there). A transposed layer lists the taps that land on an input
 * cell (the zeros it stretches in add nothing); a pooling window's cells past the padding are no taps (torch skips
 * them). layer: conv.mjs's check() or pooling.mjs's max_pool/avg_pool; padded: what convolve() or pool() gave. */
export function taps(layer, x, w, padded, rc) {
  const h = x.length, wd = x[0].length, pool = layer.kind !== undefined, out = [];
  const lo = layer.pads.map((p) => p[0]), hi = layer.pads.map((p) => p[1]);
  for (let i = 0; i < layer.kernel[0]; i++) {
    for (let j = 0; j < layer.kernel[1]; j++) {
      let r, c;
      if (layer.transposed) {
        const t = [rc[0] + lo[0] - i * layer.dilation[0], rc[1] + lo[1] - j * layer.dilation[1]];
        if (t[0] % layer.stride[0] || t[1] % layer.stride[1]) continue;
        [r, c] = [t[0] / layer.stride[0], t[1] / layer.stride[1]];
        if (r < 0 || r >= h || c < 0 || c >= wd) continue;
      } else {
        r = rc[0] * layer.stride[0] - lo[0] + i * layer.dilation[0];
        c = rc[1] * layer.stride[1] - lo[1] + j * layer.dilation[1];
        if (r >= h + hi[0] || c >= wd + hi[1]) continue;  // a ceil_mode window past the padding
      }
      const inside = r >= 0 && r < h && c >= 0 && c < wd;
      const value = layer.transposed ? x[r][c] : padded[r + lo[0]][c + lo[1]];
      out.push({ tap: [i, j], at: [r, c], value, weight: pool ? null : w[i][j], padding: !inside });
    }
  }
  return out;
}

/* The taps written out as the sum (or max, or mean) they make: "3·1 + [0]·2 + …", a padding term in [brackets];
 * after `most` terms the rest is left out and counted. -> {terms, more}. */
export function written(taps, most = 25) {
  const terms = taps.slice(0, most).map((t) => {
    const v = t.padding ? `[${show(t.value)}]` : show(t.value);
    return t.weight === null ? v : `${v}·${show(t.weight)}`;
  });
  return { terms, more: Math.max(0, taps.length - most) };
}

/* The PyTorch script that builds `build` (an nn.* constructor, bias off), loads the kernel `w` (none for pooling),
 * runs the input `x` in float64 and prints the output as the tables show it (show() above). */
export function torchScript(build, x, w) {
  const tensor = (g) => `torch.tensor([[${JSON.stringify(g).replace(/,/g, ", ")}]], dtype=torch.float64)`;
  const lines = ["import torch", "from decimal import ROUND_HALF_UP, Decimal", "from torch import nn", "",
    `layer = ${build}.double()`];
  if (w) lines.push("with torch.no_grad():", `    layer.weight.copy_(${tensor(w)})`);
  lines.push(`x = ${tensor(x)}`, "y = layer(x)[0, 0]", "", "",
    "def show(v):",
    "    if v == float(\"-inf\"):",
    "        return \"−∞\"",
    "    text = f\"{Decimal(abs(v)).quantize(Decimal('0.001'), rounding=ROUND_HALF_UP):f}\".rstrip(\"0\").rstrip(\".\")",
    "    return \"-\" + text if v < 0 and text != \"0\" else text",
    "", "",
    "for row in y.tolist():",
    "    print(\" \".join(show(v) for v in row))");
  return `${lines.join("\n")}\n`;
}
