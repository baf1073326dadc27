/* The sentences only the explorer shows (no convdocs.core counterpart to write golden vectors from): parsing the
 * controls, the status lines, why a figure is not drawn, the stack's lines. Expected values written out here. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { core, T } from "./golden.mjs";

const numbers = await core("numbers");
const conv = await core("conv");
const pooling = await core("pooling");
const stack = await core("stack");
const refusal = (fn) => {
  try {
    fn();
  } catch (e) {
    if (e.convdocs) return e.message;
    throw e;
  }
  assert.fail("not refused");
};

test("controls: whole numbers exact up to 2^53 − 1, padding as a number, a pair or a word", () => {
  assert.equal(numbers.wholeNumber(" 12 ", "Stride", T), 12);
  assert.equal(refusal(() => numbers.wholeNumber("1.5", "Stride", T)), "Stride must be a whole number, not '1.5'");
  assert.equal(refusal(() => numbers.wholeNumber("9007199254740992", "Input height", T)),
    "Input height 9007199254740992 is beyond 2^53 − 1 = 9007199254740991, the largest size the explorer computes " +
    "exactly (python -m convdocs shape goes further, up to PyTorch's 64-bit limit)");
  assert.equal(numbers.wholeNumber("9007199254740991", "Input height", T), Number.MAX_SAFE_INTEGER);
  assert.deepEqual(numbers.parsePadding("(2, 1)", T), [2, 1]);
  assert.equal(numbers.parsePadding("same", T), "same");
  assert.equal(refusal(() => numbers.parsePadding("1;2", T)), "padding '1;2' is unknown: use an integer, a tuple of 2, 'same' or 'valid'");
});

test("status lines: what an output cell reads, what reads an input cell, and average pooling's divisor", () => {
  const c = conv.check({ input: [7, 7], kernel: [3, 3], stride: 2, padding: 1, dilation: 1, padding_mode: "zeros" }, T);
  assert.equal(conv.readsStatus(c, [0, 3], T),
    "Output cell (0, 3) reads input rows -1, 0, 1 and columns 5, 6, 7 (negative or past the edge: padding).");
  assert.equal(conv.readByStatus([0, 1], [[0, 0], [0, 1]], T), "Input cell (0, 1) is read by output cells (0, 0), (0, 1).");
  assert.equal(conv.readByStatus([-1, -1], [], T), "Input cell (-1, -1) is read by no output cell.");
  const p = pooling.avg_pool({ input: [3, 3], kernel: [3, 3], stride: [1], padding: [1], ceil_mode: false, count_include_pad: false }, T);
  const drawn = { ...p, transposed: false, pool: p };
  assert.equal(conv.readsStatus(drawn, [0, 0], T, pooling.divisor),
    "Output cell (0, 0) reads input rows -1, 0, 1 and columns -1, 0, 1 (negative or past the edge: padding, zeros for " +
    "average pooling). Its sum is divided by 4.");
  const wide = conv.check({ input: [9, 200], kernel: [3, 60], stride: 1, padding: 0, dilation: 2, padding_mode: "zeros" }, T);
  assert.equal(conv.readsText(wide, 1, 4, T), "4 to 122 every 2");
  // ceil_mode's last window runs past the padding: only the cells there are read (torch clips the window)
  const ceil = pooling.avg_pool({ input: [6, 5], kernel: [3, 2], stride: [2], padding: [1, 0], ceil_mode: true }, T);
  assert.equal(conv.readsStatus({ ...ceil, transposed: false, pool: ceil }, [3, 2], T, pooling.divisor),
    "Output cell (3, 2) reads input rows 5, 6 and columns 4 (negative or past the edge: padding, zeros for " +
    "average pooling). Its sum is divided by 2.");
  // a transposed layer reads input cells only, and an output cell may read none
  const t = conv.check({ input: [3, 3], kernel: [3, 3], stride: 2, padding: 1, dilation: 3, padding_mode: "zeros",
    transposed: true, output_padding: [2, 0] }, T);
  assert.equal(conv.readsStatus(t, [0, 0], T), "Output cell (0, 0) reads no input cell: no kernel tap from any input cell lands on it.");
  assert.equal(conv.readsStatus(t, [2, 2], T), `Output cell (2, 2) reads input rows ${conv.reads1d(t, 0, 2).join(", ")} and columns ${conv.reads1d(t, 1, 2).join(", ")}.`);
  assert.ok(conv.reads1d(t, 0, 2).length > 0);
});

test("a figure is not drawn above the budget or for an empty output, and says so", () => {
  const small = conv.check({ input: [7, 7], kernel: [3, 3], stride: 2, padding: 1, dilation: 1 }, T);
  assert.equal(conv.notDrawn(small, T), null);
  const big = conv.check({ input: [100, 7], kernel: [3, 3], stride: 2, padding: 1, dilation: 1 }, T);
  assert.equal(conv.notDrawn(big, T), "Not drawn: the padded input is 102 × 9, the kernel 3 × 3 and the output 50 × 4 " +
    "cells; the explorer draws grids up to 48 × 48 cells. The size above holds.");
  const empty = conv.check({ input: [1, 1], kernel: [4, 4], stride: 1, padding: 2, dilation: 1, transposed: true,
    output_padding: 0 }, T); // torch's oneDNN path returns an empty tensor here
  assert.equal(conv.notDrawn(empty, T), "Not drawn: the output is 0 × 0, an empty tensor (torch's CPU oneDNN path " +
    "returns it; its native path would refuse).");
});

test("stack: the chosen cell's line and the grids' captions", () => {
  const net = stack.stack([9, 9], [{ layer: "Conv2d", kernel: [3, 3], stride: 2, padding: 1, dilation: 1 },
    { layer: "MaxPool2d", kernel: [3, 3], stride: 2, padding: 1, dilation: 1 }], T);
  assert.equal(stack.depends(net, [0, 0], T), "Output cell (0, 0) depends on input rows -3 to 3 and columns -3 to 3 " +
    "(r = 7 × 7; below 0 or past the input: padding). Outside the 9 × 9 input: 3 of its 7 rows and 3 of its 7 " +
    "columns, 67.3% of its receptive field.");
  assert.equal(stack.caption(net, 0, T), "Network input, 9 × 9, padded for layer 1 (Conv2d, kernel 3 × 3)");
  assert.equal(stack.caption(net, 1, T), "Output of layer 1, 5 × 5, padded for layer 2 (MaxPool2d, kernel 3 × 3)");
  assert.equal(stack.caption(net, 2, T), "Output of layer 2, 3 × 3: choose a cell");
  const tall = stack.stack([9, 8], [{ layer: "Conv2d", kernel: [5, 1], stride: [2, 1], padding: [2, 0], dilation: [1, 2] }], T);
  assert.deepEqual(tall[0].output, [5, 8]);
  assert.equal(stack.caption(tall, 0, T), "Network input, 9 × 8, padded for layer 1 (Conv2d, kernel 5 × 1)");
  assert.equal(refusal(() => stack.stack([9, 9], [], T)), "a stack has 1 to 4 layers, not 0");
});
