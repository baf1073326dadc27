/* The core fills sentences as Python's str.format does (convdocs.core.words.say). */
import assert from "node:assert/strict";
import { test } from "node:test";
import { core, T } from "./golden.mjs";

const words = await core("words");

test("say fills {name}, keeps {{ and }}, and refuses a missing field or key", () => {
  const text = { words: { a: "x {n} {{y}} {m}" } };
  assert.equal(words.say(text, "a", { n: 1, m: "z" }), "x 1 {y} z");
  assert.throws(() => words.say(text, "a", { n: 1 }), /no value for \{m\}/);
  assert.throws(() => words.say(text, "b"), /no sentence b/);
});

test("every sentence of the shipped catalogue fills with its own field names", () => {
  for (const [key, sentence] of Object.entries(T.words)) {
    const fields = Object.fromEntries([...sentence.matchAll(/\{([a-z_][a-z0-9_]*)\}/g)].map((m) => [m[1], `<${m[1]}>`]));
    assert.ok(!words.say(T, key, fields).match(/\{[a-z_]+\}/), key);
  }
});
