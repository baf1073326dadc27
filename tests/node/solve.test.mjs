/* The core's solve (assets/core/solve.mjs) against convdocs.core.solve's golden answers and lines. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { compare, core, golden, T } from "./golden.mjs";

const solve = await core("solve");
const cases = golden("solve");

test("solve: answers (Solution.as_json), the lines solve_text prints, and refusals", () => {
  assert.ok(cases.length >= 1000);
  compare(cases, ({ case: c }) => {
    try {
      const a = solve.solve(c.input, c.kernel, c.stride, c.dilation, c.output, c.transposed, c.extra, T);
      return { json: { padding: a.padding, pads: a.pads, f_pad: a.f_pad, transposed: a.transposed }, lines: solve.lines(a, T) };
    } catch (e) {
      if (!e.convdocs) throw e;
      return { error: e.message };
    }
  }, (c) => c.expected);
});

const conv = await core("conv");

test("solve: every line an answer can apply sets a layer whose output is the wanted size", () => {
  let applied = 0, transposed = 0;
  for (const { case: c } of cases) {
    let a;
    try {
      a = solve.solve(c.input, c.kernel, c.stride, c.dilation, c.output, c.transposed, c.extra, T);
    } catch (e) {
      if (!e.convdocs) throw e;
      continue;
    }
    const settings = solve.settings(a), lines = solve.lines(a, T);
    assert.equal(settings.length, lines.length, JSON.stringify(c));
    const pair = (v) => (Array.isArray(v) ? v : [v, v]);
    settings.forEach((s, i) => {
      if (!s) return;
      assert.match(lines[i], new RegExp(`^padding=\\(?${s.padding[0]}`), lines[i]);
      // the explorer's layer has one stride, one dilation and one output_padding: the settings its figure can hold
      if (pair(c.stride)[0] !== pair(c.stride)[1] || pair(c.dilation)[0] !== pair(c.dilation)[1] || s.output_padding[0] !== s.output_padding[1]) return;
      const got = conv.check({ input: pair(c.input), kernel: pair(c.kernel), stride: pair(c.stride)[0], dilation: pair(c.dilation)[0],
        padding: s.padding, padding_mode: "zeros", transposed: c.transposed, output_padding: s.output_padding[0] }, T);
      assert.deepEqual(got.output, pair(c.output), JSON.stringify([c, s]));
      applied++;
      if (c.transposed) transposed++;
    });
  }
  assert.ok(applied > 300 && transposed > 50, `${applied} applied, ${transposed} transposed`);
});
