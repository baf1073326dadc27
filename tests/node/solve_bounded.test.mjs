/* Issue 25: the core's solve does bounded work whatever the stride (closed forms; the first pairs and a count). */
import assert from "node:assert/strict";
import { test } from "node:test";
import { core, T } from "./golden.mjs";

const solve = await core("solve");

test("solve: a transposed layer with stride 10^7 answers with its first 10 pairs and how many there are", () => {
  const a = solve.solve([5, 5], [3, 3], [1e7, 1e7], [1, 1], [1e7, 1e7], true, undefined, T);
  assert.equal(a.transposed.length, 10);
  assert.equal(a.transposed_count, 25e12);
  assert.deepEqual(a.transposed[0], { padding: [15000002, 15000002], output_padding: [1, 1] });
  assert.equal(solve.lines(a, T)[10], "... showing the first 10 of 25,000,000,000,000 pairs (--all prints every one)");
});

test("solve: millions of paddings are listed by their first, last and count", () => {
  const a = solve.solve([9, 9], [3, 3], [1e7, 1e7], [1, 1], [1, 1], false, undefined, T);
  assert.deepEqual(a.paddings[0], { first: 0, count: 4999997 });
  assert.match(solve.lines(a, T)[0], /height 0, 1, \.\.\., 4999996 \(4,999,997 values\)/);
});
