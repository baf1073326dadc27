/* The core's values (assets/core/values.mjs) against torch's: tests/golden/torch/values.json, written with torch
 * in float64 by tests/golden_values.py. The shape comes from the core as the page gets it (conv.mjs's check,
 * pooling.mjs's max_pool/avg_pool), the numbers from values.mjs; both must equal torch's exactly. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { compare, core, golden, T } from "./golden.mjs";

const conv = await core("conv");
const pooling = await core("pooling");
const values = await core("values");
/* JSON has no infinity: the writer puts null for torch's −∞. */
const cases = golden("torch/values").map((c) => ({ ...c, expected: JSON.parse(JSON.stringify(c.expected), (_k, v) => (v === null ? -Infinity : v)) }));

function answer(c) {
  if (c.family === "MaxPool2d" || c.family === "AvgPool2d") {
    const p = pooling.LAYERS[c.family](c.config, T);
    return { output: values.pool(p, c.input, pooling.divisor).output };
  }
  const layer = conv.check(c.config, T);
  const got = values.convolve(layer, c.input, c.kernel);
  if ("stretched" in c.expected) return { output: got.output, stretched: got.padded };  // a transposed layer's
  return "padded" in c.expected ? { output: got.output, padded: got.padded } : { output: got.output };
}

/* output_padding: ConvTranspose2d with an output_padding per dimension (height, width). */
for (const family of ["zeros", "reflect", "replicate", "circular", "ConvTranspose2d", "MaxPool2d", "AvgPool2d", "output_padding"]) {
  test(`values: ${family} as torch computes it (output${["reflect", "replicate", "circular"].includes(family) ? " and F.pad's padded input" : ["ConvTranspose2d", "output_padding"].includes(family) ? " and the stretched input" : ""})`, () => {
    const mine = cases.filter((c) => c.family === family);
    assert.ok(mine.length >= 100, `${mine.length} ${family} cases`);
    compare(mine, answer, (c) => c.expected);
  });
}

test("values: the golden cases reach the corners (ceil_mode, count_include_pad, dilation, output_padding, 'same')", () => {
  const has = (f) => assert.ok(cases.some(f), f.toString());
  has((c) => c.family === "MaxPool2d" && c.config.ceil_mode && c.config.dilation > 1);
  has((c) => c.family === "AvgPool2d" && !c.config.count_include_pad && c.config.padding > 0);
  has((c) => c.family === "ConvTranspose2d" && c.config.output_padding > 0 && c.config.stride > 1);
  has((c) => c.family === "output_padding" && c.config.output_padding[0] !== c.config.output_padding[1]);
  has((c) => c.family === "reflect" && c.config.padding === "same");
  has((c) => c.family === "AvgPool2d" && c.expected.output.flat().some((v) => !Number.isInteger(v)));
});

test("values: max pooling pads with −∞, average pooling and zeros with 0, the other modes with the input's cells", () => {
  const x = values.preset("ramp", 3, 3);
  assert.deepEqual(x, [[1, 2, 3], [2, 3, 4], [3, 4, 5]]);
  const pads = [[1, 1], [1, 1]];
  assert.deepEqual(values.pad(x, pads, "constant", -Infinity)[0], [-Infinity, -Infinity, -Infinity, -Infinity, -Infinity]);
  assert.deepEqual(values.pad(x, pads, "zeros")[1], [0, 1, 2, 3, 0]);
  assert.deepEqual(values.pad(x, pads, "reflect")[0], [3, 2, 3, 4, 3]);
  assert.deepEqual(values.pad(x, pads, "replicate")[0], [1, 1, 2, 3, 3]);
  assert.deepEqual(values.pad(x, pads, "circular")[0], [5, 3, 4, 5, 3]);
});

test("values: presets are deterministic, position-dependent and seeded", () => {
  assert.deepEqual(values.preset("random", 4, 5, 7), values.preset("random", 4, 5, 7));
  assert.notDeepEqual(values.preset("random", 4, 5, 7), values.preset("random", 4, 5, 8));
  assert.ok(values.preset("random", 6, 6, 1).flat().every((v) => Number.isInteger(v) && v >= -4 && v <= 4));
  assert.deepEqual(values.preset("checkerboard", 2, 3), [[1, 0, 1], [0, 1, 0]]);
  assert.deepEqual(values.preset("ones", 1, 2), [[1, 1]]);
});

test("values: show() prints as the torch-code block's Python prints (Decimal, half away from zero)", () => {
  const shown = [[14, "14"], [-0, "0"], [0.5, "0.5"], [-2 / 3, "-0.667"], [0.0625, "0.063"], [-0.0625, "-0.063"],
    [10, "10"], [-Infinity, "−∞"], [1e-4, "0"], [-1e-4, "0"]];
  for (const [v, text] of shown) assert.equal(values.show(v), text);
});

test("values: an output cell's taps make its value (sum of value·weight, max, or sum / divisor)", () => {
  let cells = 0;
  for (const c of cases) {
    const pool = c.family === "MaxPool2d" || c.family === "AvgPool2d";
    const layer = pool ? pooling.LAYERS[c.family](c.config, T) : conv.check(c.config, T);
    const got = pool ? values.pool(layer, c.input, pooling.divisor) : values.convolve(layer, c.input, c.kernel);
    c.expected.output.forEach((row, r) => { row.forEach((want, q) => {
      const taps = values.taps(layer, c.input, c.kernel, got.padded, [r, q]);
      let v;
      if (!pool) v = taps.reduce((s, t) => s + t.value * t.weight, 0);
      else if (layer.kind === "max") v = Math.max(...taps.map((t) => t.value));
      else v = taps.reduce((s, t) => s + t.value, 0) / pooling.divisor(layer, [r, q]);
      assert.equal(v, want, `${JSON.stringify(c.config)} cell ${r},${q}`);
      cells++;
    }); });
  }
  assert.ok(cells > 5000, cells);
});

test("values: padding terms are marked and a long sum is cut", () => {
  const taps = [{ value: 0, weight: 2, padding: true }, { value: 3, weight: 1, padding: false }];
  assert.deepEqual(values.written(taps), { terms: ["[0]·2", "3·1"], more: 0 });
  assert.deepEqual(values.written(taps, 1), { terms: ["[0]·2"], more: 1 });
  assert.deepEqual(values.written([{ value: -Infinity, weight: null, padding: true }]).terms, ["[−∞]"]);
});
