/* The core's MaxPool2d / AvgPool2d (assets/core/pooling.mjs) against convdocs.core.pooling's golden answers. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { compare, core, golden, T } from "./golden.mjs";

const pooling = await core("pooling");
const cases = golden("pooling");

test("pooling: shape, pads, formulas, divisors and refusals as convdocs.core.pooling gives them", () => {
  assert.ok(cases.length >= 1500);
  compare(cases, (c) => {
    const got = pooling.compute(c.layer, c.config, T);
    return got.error === null ? { output: got.output, pads: got.pads, formula: got.formula, divisors: got.divisors }
      : { error: got.error };
  }, (c) => c.expected);
});

test("pooling: ceil_mode's dropped windows, count_include_pad and dilation all occur", () => {
  const ok = cases.filter((c) => !c.expected.error);
  assert.ok(ok.some((c) => c.expected.formula.some((f) => f.includes(", minus the window"))));
  assert.ok(ok.some((c) => c.config.count_include_pad === false && c.expected.divisors));
  assert.ok(ok.some((c) => c.layer === "MaxPool2d" && c.config.dilation.some((d) => d > 1)));
});
