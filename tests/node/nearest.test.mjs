/* The nearest configuration torch accepts (assets/core/nearest.mjs), on every refusal of the golden conv cases
 * (tests/golden/conv.json, written from convdocs.core, which tests/test_layers_torch.py holds to torch;
 * tests/test_explorer_nearest.py runs a sample of the answers in torch itself). */
import assert from "node:assert/strict";
import { test } from "node:test";
import { core, golden, pagePool, T } from "./golden.mjs";

const conv = await core("conv");
const { nearestValid, REACH } = await core("nearest");
const refused = golden("conv").filter((c) => c.expected.error);

const changed = (a, b) => Object.keys(a).filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]));

test("nearest: every answer is accepted, by the changes it lists (one for most refusals)", () => {
  let answered = 0, single = 0;
  for (const c of refused) {
    const n = nearestValid(c.config, T);
    if (!n) continue;
    answered++;
    assert.doesNotThrow(() => conv.check(n.cfg, T), JSON.stringify(c.config));
    const keys = changed(c.config, n.cfg);
    assert.ok(keys.length >= 1 && keys.length <= n.changes.length, `${JSON.stringify(c.config)} -> ${JSON.stringify(n.cfg)}`);
    assert.ok(n.changes.every((ch) => ch.step >= 1 && ch.step <= REACH));
    if (n.changes.length === 1) single++;
  }
  assert.ok(answered >= refused.length * 0.9, `${answered} of ${refused.length} refusals answered`);
  assert.ok(single >= refused.length * 0.8, `${single} of ${refused.length} with one change`);
  console.log(`# nearest: ${answered} of ${refused.length} refusals answered, ${single} by one change`);
});

test("nearest: no one-control change with a smaller step is accepted", () => {
  for (const c of refused.slice(0, 150)) {
    const n = nearestValid(c.config, T);
    if (!n || n.changes.length > 1 || n.changes[0].step === 1) continue;
    const step = n.changes[0].step;
    const cfg = c.config, smaller = [];
    for (const key of ["stride", "dilation", "output_padding"]) {
      for (let d = 1; d < step; d++) for (const v of [cfg[key] - d, cfg[key] + d]) smaller.push({ ...cfg, [key]: v });
    }
    for (const s of smaller) {
      if (!cfg.transposed && s.output_padding !== cfg.output_padding) continue;
      assert.throws(() => conv.check(s, T), `${JSON.stringify(s)} is nearer than ${JSON.stringify(n.cfg)}`);
    }
  }
});

test("nearest: examples, and none for an accepted configuration", () => {
  const base = { input: [7, 7], kernel: [3, 3], stride: 2, padding: 1, dilation: 1, padding_mode: "zeros", transposed: false, output_padding: 0 };
  assert.equal(nearestValid(base, T), null);
  assert.deepEqual(nearestValid({ ...base, stride: 0 }, T).cfg, { ...base, stride: 1 });
  const one = (cfg) => { const n = nearestValid(cfg, T); assert.equal(n.changes.length, 1); return [n.changes[0].control, n.changes[0].text]; };
  assert.deepEqual(one({ ...base, input: [2, 2], padding: 0 }), ["padding", "1"]);
  assert.deepEqual(one({ ...base, padding: 7, padding_mode: "reflect" }), ["padding-mode", "zeros"]);
  assert.deepEqual(one({ ...base, transposed: true, output_padding: 2 }), ["stride", "3"]);
  assert.deepEqual(one({ ...base, padding: [1, 9], padding_mode: "reflect" }), ["padding-mode", "zeros"]);
  const two = nearestValid({ ...base, input: [1, 0], padding: "same" }, T);  // two things wrong: two changes
  assert.equal(two.changes.length, 2);
  assert.doesNotThrow(() => conv.check(two.cfg, T));
});

/* MaxPool2d / AvgPool2d: the golden pooling refusals (tests/golden/pooling.json) in the page's form (kernel height
 * and width, one stride, one dilation, padding as typed); cases the controls cannot give (a default stride, three
 * kernel sizes, a stride per dimension) are left out. tests/test_explorer_fix.py runs a sample in torch. */
const pooling = await core("pooling");
const pools = golden("pooling").filter((c) => c.expected.error).map((c) => [c, pagePool(c)]).filter(([, cfg]) => cfg);

test("nearest pooling: the golden refusals the controls can give are answered, accepted by the pooling check", () => {
  assert.ok(pools.length >= 150, `${pools.length} pooling refusals`);
  let single = 0, answered = 0;
  for (const [c, cfg] of pools) {
    // the page's form is the same layer: the pooling core refuses it with the golden words
    assert.throws(() => pooling.LAYERS[cfg.layer](cfg, T), (e) => e.message === c.expected.error, JSON.stringify(cfg));
    const n = nearestValid(cfg, T);
    if (!n) continue;
    answered++;
    assert.doesNotThrow(() => pooling.LAYERS[cfg.layer](n.cfg, T), JSON.stringify(n.cfg));
    assert.equal(n.cfg.ceil_mode, cfg.ceil_mode);
    assert.equal(n.cfg.count_include_pad, cfg.count_include_pad);
    assert.ok(n.changes.every((ch) => !["padding-mode", "output-padding"].includes(ch.control)));
    if (cfg.layer === "AvgPool2d") assert.ok(n.changes.every((ch) => ch.control !== "dilation") && n.cfg.dilation === 1);
    if (n.changes.length === 1) single++;
  }
  assert.ok(answered >= pools.length * 0.9, `${answered} of ${pools.length} refusals answered`);
  assert.ok(single >= pools.length * 0.8, `${single} of ${pools.length} with one change`);
  console.log(`# nearest pooling: ${answered} of ${pools.length} refusals answered, ${single} by one change`);
});

test("nearest pooling: examples (too much padding, a zero stride, a window past a small input)", () => {
  const base = { layer: "MaxPool2d", input: [7, 7], kernel: [3, 3], stride: 2, padding: 1, dilation: 1, ceil_mode: false, count_include_pad: true };
  assert.equal(nearestValid(base, T), null);
  const one = (cfg) => { const n = nearestValid(cfg, T); assert.equal(n.changes.length, 1); return [n.changes[0].control, n.changes[0].text]; };
  assert.deepEqual(one({ ...base, padding: 2 }), ["padding", "1"]);
  assert.deepEqual(one({ ...base, stride: 0 }), ["stride", "1"]);
  assert.deepEqual(one({ ...base, layer: "AvgPool2d", input: [2, 2], stride: 1, padding: 0 }), ["padding", "1"]);
  assert.deepEqual(one({ ...base, padding: "same" }), ["padding", "0"]);
});
