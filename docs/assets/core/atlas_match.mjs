/* Which atlas message a pasted text is: convdocs.core.atlas_match.find, in the browser (the site's search box
 * pins that message's section first; the explorer links a refusal to it). `patterns` is the data the build
 * ships, convdocs.core.torch_text.atlas_patterns(): [expression, section] in the order explain tries them, the
 * very expressions Python compiles, written to read alike in both languages. No DOM. */

const COMPILED = new WeakMap();

function compiled(patterns) {
  let list = COMPILED.get(patterns);
  if (!list) {
    list = patterns.map(([source, section]) => [new RegExp(source), section]);
    COMPILED.set(patterns, list);
  }
  return list;
}

/* The longest match over every pattern (the first one on a tie), as {section, values, text}, or null:
 * `values` are what the message's {} held, a list's commas spaced as ", " (atlas_match.find). */
export function find(text, patterns) {
  let best = null;
  for (const [expression, section] of compiled(patterns)) {
    const found = expression.exec(text);
    if (found && (best === null || found[0].length > best.text.length)) {
      const values = found.slice(1).map((v) => v.replace(/,[\t-\r \u00a0]*/g, ", "));
      best = { section, values, text: found[0] };
    }
  }
  return best;
}
