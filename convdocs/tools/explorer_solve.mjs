// The explorer's solve (docs/assets/core/solve.mjs, the DOM-free core) on the cases in a JSON file (argv[2]:
// [{input, kernel, stride, dilation, output, transposed}, ...]) with the catalogue (argv[3]: {words, messages,
// explain, separator}, as convdocs.core.torch_text.for_explorer() ships it). Prints [{json, lines, ms} | {error, ms}], ms in CPU time.
// Used by tests/test_explorer_bounded.py (agreement with solve.py, 50 ms a change) and `make bench`.
import { readFileSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = fileURLToPath(new URL(".", import.meta.url));
const solve = await import(pathToFileURL(`${here}../../docs/assets/core/solve.mjs`).href);
const cases = JSON.parse(readFileSync(process.argv[2], "utf8"));
const T = JSON.parse(readFileSync(process.argv[3], "utf8"));
// one answer first, as a page has given one before the reader changes anything: the first call compiles the module
solve.lines(solve.solve([7, 7], [3, 3], [2, 2], [1, 1], [4, 4], true, undefined, T), T);
// ms: CPU milliseconds of this process (user + system) for the case: a busy machine does not stretch it
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const results = cases.map((c) => {
  const started = cpu();
  try {
    const a = solve.solve(c.input, c.kernel, c.stride, c.dilation, c.output, c.transposed, undefined, T);
    const json = { padding: a.padding, pads: a.pads, f_pad: a.f_pad, transposed: a.transposed };
    if (a.transposed_count > a.transposed.length) json.transposed_count = a.transposed_count;
    const lines = solve.lines(a, T);
    return { json, lines, ms: cpu() - started };
  } catch (e) {
    if (!e.convdocs) throw e;
    return { error: e.message, ms: cpu() - started };
  }
});
process.stdout.write(JSON.stringify(results));
