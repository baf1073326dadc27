/* Shared by the Node tests: the golden files (tests/golden/*.json, written by `python -m tests.golden` from
 * convdocs.core) and the core under test. CONVDOCS_CORE names another folder of the same modules (the built
 * site's minified assets/core, tests/test_core_node.py); by default it is docs/assets/core as it stands. */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const HERE = dirname(fileURLToPath(import.meta.url));
const GOLDEN = join(HERE, "..", "golden");
const CORE = resolve(process.env.CONVDOCS_CORE || join(HERE, "..", "..", "docs", "assets", "core"));

export const golden = (name) => JSON.parse(readFileSync(join(GOLDEN, `${name}.json`), "utf8"));
export const core = (name) => import(pathToFileURL(join(CORE, `${name}.mjs`)).href);
/* The catalogue the core takes as data, read from its sources as convdocs.core.torch_text.for_explorer() ships
 * it: the words (convdocs/core/words/*.json), torch's texts (torch_text.json), explanations and separator. */
const CORE_PY = join(HERE, "..", "..", "convdocs", "core");
const words = Object.assign({}, ...readdirSync(join(CORE_PY, "words")).filter((f) => f.endsWith(".json")).sort()
  .map((f) => JSON.parse(readFileSync(join(CORE_PY, "words", f), "utf8"))));
const explain = Object.fromEntries(Object.entries(words).filter(([k]) => k.startsWith("explain."))
  .map(([k, v]) => [k.slice("explain.".length), v]));
/* The words the page carries inline: those the scripts name (convdocs.core.torch_text.named_keys). A sentence the
 * core names by a key built at run time would be missing here as in the page, and its test would fail. */
const ASSETS = join(HERE, "..", "..", "docs", "assets");
const scripts = [...readdirSync(ASSETS).filter((f) => f.endsWith(".js")).map((f) => join(ASSETS, f)),
  ...readdirSync(join(ASSETS, "core")).filter((f) => f.endsWith(".mjs")).map((f) => join(ASSETS, "core", f))];
const named = new Set(scripts.flatMap((f) => [...readFileSync(f, "utf8").matchAll(/["'`]([a-z_]+(?:\.[a-z0-9_]+)+)["'`]/g)].map((m) => m[1])));
const inline = Object.fromEntries(Object.entries(words).filter(([k]) => named.has(k)));
export const T = { words: inline, explain, messages: JSON.parse(readFileSync(join(CORE_PY, "torch_text.json"), "utf8")).messages,
  separator: words["torch.separator"] };

/* Every case's answer against its golden one; a failure names the first few cases that differ. */
export function compare(cases, answer, expected) {
  const wrong = [];
  for (const c of cases) {
    try {
      assert.deepStrictEqual(answer(c), expected(c));
    } catch (e) {
      wrong.push(e.message.split("\n").slice(0, 12).join("\n"));
      if (wrong.length >= 3) break;
    }
  }
  assert.equal(wrong.length, 0, `${wrong.length}+ of ${cases.length} cases differ:\n${wrong.join("\n\n")}`);
}

/* A golden pooling case (tests/golden/pooling.json) as the explorer's controls give it: kernel height and width,
 * one stride, one dilation, the padding as typed; null for one the controls cannot give (a default stride, three
 * kernel sizes, a stride or dilation per dimension). */
export function pagePool(c) {
  const one = (v) => (v.length === 1 || (v.length === 2 && v[0] === v[1]) ? v[0] : null);
  const kernel = c.config.kernel.length === 1 ? [c.config.kernel[0], c.config.kernel[0]] : c.config.kernel;
  const stride = one(c.config.stride), dilation = c.config.dilation ? one(c.config.dilation) : 1;
  if (kernel.length !== 2 || stride === null || dilation === null) return null;
  const p = c.config.padding;
  return { layer: c.layer, input: c.config.input, kernel, stride, padding: p.length === 1 ? p[0] : p, dilation,
    ceil_mode: c.config.ceil_mode, count_include_pad: c.config.count_include_pad !== false };
}
