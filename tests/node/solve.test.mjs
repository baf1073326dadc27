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
