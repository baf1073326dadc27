/* The transposed layer as the figure draws it (assets/core/transposed.mjs): its stretch against convdocs.core's
 * Stretch (tests/golden/transposed.json) and the stretched grid's values against the one torch makes
 * (tests/golden/torch/values.json, its "stretched": torch's stretch by a 1×1 transposed convolution, then F.pad). */
import assert from "node:assert/strict";
import { test } from "node:test";
import { compare, core, golden, T } from "./golden.mjs";

const conv = await core("conv");
const tr = await core("transposed");
const cases = golden("transposed");
const torchCases = golden("torch/values").filter((c) => c.config.transposed);  // one output_padding, or one per dimension

test("transposed: the stretch of both axes as convdocs.core.transposed gives it", () => {
  assert.ok(cases.length >= 400, `${cases.length} cases`);
  compare(cases, (c) => {
    const layer = conv.check(c.config, T);
    return { axes: [0, 1].map((a) => tr.stretch1d(layer, a)) };
  }, (c) => c.expected);
});

test("transposed: the golden cases reach a crop, output_padding, stride and dilation", () => {
  const axes = cases.flatMap((c) => c.expected.axes);
  assert.ok(axes.some((a) => a.implicit < 0));
  assert.ok(axes.some((a) => a.extra[1] > a.extra[0] && a.inserted > 0));
  assert.ok(axes.some((a) => a.dilation > 1 && a.inserted > 1));
});

test("transposed: the drawn grid's values, cropped to what the kernel reads, are the grid torch stretches", () => {
  assert.ok(torchCases.length >= 100);
  compare(torchCases, (c) => {
    const layer = conv.check(c.config, T);
    const [st0, st1] = [0, 1].map((a) => tr.stretch1d(layer, a));
    const full = tr.stretchedValues(c.input, tr.positions(st0), tr.positions(st1));
    return full.slice(st0.used[0], st0.used[1]).map((row) => row.slice(st1.used[0], st1.used[1]));
  }, (c) => c.expected.stretched);
});

test("transposed: positions are the input, s − 1 zeros between cells, d·(k − 1) around, crops and extra cells", () => {
  for (const c of cases) {
    const layer = conv.check(c.config, T);
    for (let a = 0; a < 2; a++) {
      const st = tr.stretch1d(layer, a), pos = tr.positions(st), count = (k) => pos.filter((p) => p.kind === k).length;
      const i = layer.input[a];
      assert.equal(count("input"), i);
      assert.equal(count("inserted"), (i - 1) * st.inserted);
      assert.equal(pos.filter((p) => !p.cropped).length, st.used[1] - st.used[0]);
      assert.equal(pos.filter((p) => p.extra).length, layer.output_padding[a]);
      // every output cell reads k positions inside what is kept, and the last one reaches the end of it
      assert.ok(tr.reads(st, 0)[0] === st.used[0] && tr.reads(st, layer.output[a] - 1).at(-1) === st.used[1] - 1);
    }
  }
});
