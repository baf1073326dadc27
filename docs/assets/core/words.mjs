/* The catalogue of words, read as data (convdocs/core/words/*.json and torch_text.json, shipped by the build):
 * the core never reaches for the page. `text` is the catalogue as convdocs.core.torch_text.for_explorer() gives it:
 * {words, messages, explain, separator}. A sentence is filled as Python's str.format fills it ({name}, {{, }}). */

/* A refusal: its message is what the page shows (the browser scripts catch `convdocs` errors, nothing else). */
export function fail(message) {
  const e = new Error(message);
  e.convdocs = true;
  throw e;
}

/* The sentence under `key` with `fields` filled (convdocs.core.words.say); a missing field is a bug, not a refusal. */
export function say(text, key, fields = {}) {
  const sentence = text.words[key];
  if (sentence === undefined) throw new Error(`no sentence ${key} in the catalogue of words`);
  return sentence.replace(/\{\{|\}\}|\{([a-z_][a-z0-9_]*)\}/g, (m, name) => {
    if (!name) return m.charAt(0);
    if (!(name in fields)) throw new Error(`${key}: no value for {${name}}`);
    return String(fields[name]);
  });
}

/* torch's text for `key` with `numbers` (a list is shown as "1, 1, 7") in its {} (convdocs.core.torch_text). */
export function torchText(text, key, numbers) {
  let i = 0;
  return text.messages[key].text.replace(/\{\}|\{\{|\}\}/g, (m) => {
    if (m !== "{}") return m.charAt(0);
    const v = numbers[i++];
    return Array.isArray(v) ? v.join(", ") : String(v);
  });
}

/* Fills an explanation's {name} fields (the explain.* sentences). */
function fill(sentence, fields) {
  return sentence.replace(/\{(\w+)\}/g, (_m, name) => String(fields[name]));
}

/* torch_text.message: "PyTorch: <type>: <torch's text> — convdocs: <explanation>", thrown as a refusal. */
export function torchFail(text, key, numbers, fields) {
  const entry = text.messages[key];
  fail(`PyTorch: ${entry.type}: ${torchText(text, key, numbers)}${text.separator}${fill(text.explain[key.split("/")[0]], fields)}`);
}

/* convdocs.core.errors.Rejected: torch's words (typed in the catalogue of words), then ours. */
export function rejected(text, torch, why) {
  fail(`PyTorch: RuntimeError: ${torch}${why ? text.separator + why : ""}`);
}
