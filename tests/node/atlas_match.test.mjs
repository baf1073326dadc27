/* The browser's atlas matcher (assets/core/atlas_match.mjs) against explain's (convdocs.core.atlas_match.find)
 * on the golden pastes of tests/golden_atlas.py, with the patterns the build ships (torch_text.atlas_patterns). */
import assert from "node:assert/strict";
import { test } from "node:test";
import { compare, core, golden } from "./golden.mjs";

const atlas = await core("atlas_match");
const patterns = golden("atlas_patterns");
const cases = golden("atlas_match");

test("atlas_match: the section, the matched text and its values as explain's matcher gives them", () => {
  assert.ok(patterns.length >= 50 && cases.length >= 800);
  assert.ok(cases.filter((c) => c.expected).length >= 700 && cases.some((c) => !c.expected));
  compare(cases, (c) => atlas.find(c.text, patterns), (c) => c.expected);
});
