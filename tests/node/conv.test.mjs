/* The core's Conv2d / ConvTranspose2d (assets/core/conv.mjs) against convdocs.core.conv's golden answers. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { compare, core, golden, T } from "./golden.mjs";

const conv = await core("conv");
const cases = golden("conv");

test("conv: shape, pads, formulas and refusals as convdocs.core.conv gives them", () => {
  assert.ok(cases.length >= 2000);
  compare(cases, (c) => {
    const got = conv.compute(c.config, T);
    return got.error === null ? { output: got.output, pads: got.pads, formula: got.formula } : { error: got.error };
  }, (c) => c.expected);
});

test("conv: a third or more refused, with torch's words and convdocs' own", () => {
  const refused = cases.filter((c) => c.expected.error);
  assert.ok(refused.length > cases.length / 3 && refused.length < (cases.length * 2) / 3);
  assert.ok(refused.some((c) => c.expected.error.startsWith("PyTorch: ")));
  assert.ok(refused.some((c) => !c.expected.error.startsWith("PyTorch: ")));
});
