/* The core's stack (assets/core/stack.mjs) against convdocs.core.receptive, conv and pooling's golden answers. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { compare, core, golden, T } from "./golden.mjs";

const stack = await core("stack");
const cases = golden("stack");

test("stack: shapes, r, S, P per layer, the chosen cell's window, reads and refusals", () => {
  assert.ok(cases.length >= 500);
  const perAxis = cases.filter((c) => c.case.net.some((L) => Array.isArray(L.stride) || Array.isArray(L.dilation)));
  assert.ok(perAxis.filter((c) => !c.expected.error).length >= 100, "stride or dilation per dimension, accepted");
  compare(cases, ({ case: c, expected }) => {
    const cell = expected.cell || [0, 0];
    const got = stack.compute(c.input, c.net, cell, T);
    if (got.error) return { error: got.error };
    const out = { cell, shapes: got.shapes, fields: got.fields, window: got.window, outside: got.outside };
    if (got.reads) out.reads = got.reads.map((r) => ({ cells: r.cells, padded: r.padded }));
    return out;
  }, (c) => c.expected);
});
