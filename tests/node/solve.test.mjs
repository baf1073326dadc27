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

const numbers = await core("numbers");

test("solve: every line an answer can apply sets a layer whose output is the wanted size", () => {
  let applied = 0, transposed = 0, uneven = 0;
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
    // what Apply writes into a control (explorer-solve.js), read back as the page reads it (explorer.js)
    const typed = (v) => (v[0] === v[1] ? String(v[0]) : v.join(", "));
    settings.forEach((s, i) => {
      if (!s) return;
      assert.match(lines[i], new RegExp(`^padding=\\(?${s.padding[0]}`), lines[i]);
      // the explorer's layer has one stride and one dilation: the settings its figure can hold
      if (pair(c.stride)[0] !== pair(c.stride)[1] || pair(c.dilation)[0] !== pair(c.dilation)[1]) return;
      const output_padding = numbers.parsePadding(typed(s.output_padding), T, "Output padding");
      const got = conv.check({ input: pair(c.input), kernel: pair(c.kernel), stride: pair(c.stride)[0], dilation: pair(c.dilation)[0],
        padding: numbers.parsePadding(typed(s.padding), T), padding_mode: "zeros", transposed: c.transposed, output_padding }, T);
      assert.deepEqual(got.output, pair(c.output), JSON.stringify([c, s]));
      applied++;
      if (c.transposed) transposed++;
      if (s.output_padding[0] !== s.output_padding[1]) uneven++;
    });
  }
  assert.ok(applied > 300 && transposed > 200 && uneven > 100, `${applied} applied, ${transposed} transposed, ${uneven} uneven`);
  console.log(`# solve apply: ${applied} answers applied, ${transposed} transposed, ${uneven} with an output_padding per dimension`);
});
