/* A transposed layer's output_padding per dimension (height, width), as the explorer's Output padding takes it
 * (one number or two): the shape, the refusals and the stretched drawing against convdocs.core
 * (tests/golden/output_padding.json), the torch-code block's constructor, the control's parsing, and the nearest
 * configuration torch accepts after such a refusal (tests/test_explorer_solve_apply.py runs a pair in torch). */
import assert from "node:assert/strict";
import { test } from "node:test";
import { compare, core, golden, T } from "./golden.mjs";

const conv = await core("conv");
const tr = await core("transposed");
const numbers = await core("numbers");
const { nearestValid } = await core("nearest");
const cases = golden("output_padding");

test("output_padding pairs: shape, pads, formulas and refusals as convdocs.core.conv gives them", () => {
  assert.ok(cases.length >= 500, `${cases.length} cases`);
  compare(cases, (c) => {
    const got = conv.compute(c.config, T);
    return got.error === null ? { output: got.output, pads: got.pads, formula: got.formula } : { error: got.error };
  }, (c) => c.expected);
});

test("output_padding pairs: the cases differ per dimension, and some are refused for one of the two", () => {
  const uneven = cases.filter((c) => c.config.output_padding[0] !== c.config.output_padding[1]);
  assert.ok(uneven.filter((c) => !c.expected.error).length >= 100);
  const refused = cases.filter((c) => c.expected.error?.includes("output padding must be smaller"));
  assert.ok(refused.length >= 30, `${refused.length} refused for their output_padding`);
});

test("output_padding pairs: the stretched drawing as convdocs.core.transposed gives it, extra cells per axis", () => {
  const drawn = cases.filter((c) => c.stretch);
  assert.ok(drawn.length >= 200, `${drawn.length} drawn`);
  compare(drawn, (c) => ({ axes: [0, 1].map((a) => tr.stretch1d(conv.check(c.config, T), a)) }), (c) => c.stretch);
  for (const c of drawn) {
    const layer = conv.check(c.config, T);
    for (const a of [0, 1]) {
      const extra = tr.positions(tr.stretch1d(layer, a)).filter((p) => p.extra).length;
      assert.equal(extra, c.config.output_padding[a]);
    }
  }
});

test("output_padding pairs: the constructor the torch-code block builds", () => {
  const base = { input: [3, 4], kernel: [3, 3], stride: 2, padding: 1, dilation: 1, padding_mode: "zeros", transposed: true };
  const build = (op) => conv.layerBuild({ ...base, output_padding: op }, ["bias=False"]);
  assert.equal(build([1, 0]), "nn.ConvTranspose2d(1, 1, kernel_size=3, stride=2, padding=1, output_padding=(1, 0), bias=False)");
  assert.equal(build(1), "nn.ConvTranspose2d(1, 1, kernel_size=3, stride=2, padding=1, output_padding=1, bias=False)");
  assert.equal(build([0, 0]), "nn.ConvTranspose2d(1, 1, kernel_size=3, stride=2, padding=1, bias=False)");
  assert.equal(build(0), build([0, 0]));
});

test("output_padding pairs: the control reads one whole number or two (height, width), as Padding does", () => {
  const read = (text) => numbers.parsePadding(text, T, "Output padding");
  assert.equal(read(" 1 "), 1);
  assert.deepEqual(read("1, 0"), [1, 0]);
  assert.deepEqual(read("(0,2)"), [0, 2]);
  assert.throws(() => read("9007199254740992"), (e) => e.convdocs && e.message.startsWith("Output padding 9007199254740992 is beyond"));
  // three numbers or a word go to the layer as typed: torch's refusal says why (golden cases above)
  assert.deepEqual(read("1, 0, 0"), [1, 0, 0]);
  const base = { input: [3, 4], kernel: [3, 3], stride: 2, padding: 1, dilation: 1, padding_mode: "zeros", transposed: true };
  assert.match(conv.compute({ ...base, output_padding: read("1, 0, 0") }, T).error, /^PyTorch: RuntimeError: expected output_padding to be a single integer value or a list of 2 values/);
  assert.match(conv.compute({ ...base, output_padding: read("x") }, T).error, /not x$/);
});

test("output_padding pairs: a refusal's nearest configuration is accepted, a pair the field reads back", () => {
  const refused = cases.filter((c) => c.expected.error);
  let answered = 0;
  for (const c of refused) {
    const n = nearestValid(c.config, T);
    if (!n) continue;
    answered++;
    assert.doesNotThrow(() => conv.check(n.cfg, T), JSON.stringify(c.config));
    for (const ch of n.changes) {
      if (ch.control !== "output-padding") continue;
      assert.deepEqual(numbers.parsePadding(ch.text, T, "Output padding"), n.cfg.output_padding);  // the field reads it back
    }
  }
  assert.ok(answered >= refused.length * 0.9, `${answered} of ${refused.length} refusals answered`);
});
