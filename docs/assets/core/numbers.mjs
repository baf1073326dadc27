/* Whole numbers as the explorer reads and computes them: exact up to 2^53 − 1 (JavaScript's largest exact
 * integer), larger ones refused, never rounded. Sizes worked out with BigInt come back as Numbers only if exact. */
import { fail, say } from "./words.mjs";

export const EXACT = Number.MAX_SAFE_INTEGER;
export const B = (v) => BigInt(v);

/* Where a reader goes for sizes the explorer cannot compute exactly. */
export const further = (T, command) => say(T, "explorer.cli_goes_further", { command });

/* A whole number written in ASCII digits, exact: above 2^53 − 1 it is refused, not rounded. */
export function wholeNumber(text, label, T) {
  const t = String(text).trim();
  if (!/^-?\d+$/.test(t)) fail(say(T, "explorer.not_whole", { label, text: t }));
  const digits = t.replace(/^-?0*/, "");
  if (digits.length > 16 || (digits.length === 16 && Number(digits) > EXACT)) {
    fail(say(T, "explorer.beyond_exact_input", { label, text: t, exact: EXACT, further: further(T, "shape") }));
  }
  return parseInt(t, 10);
}

/* A size worked out exactly with BigInt, returned as a Number only if that Number is exact. */
export function exact(value, what, T) {
  if (value > B(EXACT) || value < -B(EXACT)) fail(say(T, "explorer.beyond_exact", { what: what || "a size", value, exact: EXACT, further: further(T, "shape") }));
  return Number(value);
}

/* "3" when every value is the same, else "(3, 2)". */
export function fmt(values) {
  return values.every((v) => v === values[0]) ? String(values[0]) : `(${values.join(", ")})`;
}

/* Python's a // b (floor) on exact integers (BigInt). */
export function floorDiv(a, b) {
  let q = a / b;
  if (a % b !== 0n && a < 0n !== b < 0n) q -= 1n;
  return q;
}

/* Padding text: "1", "2, 1", "same" or "valid" -> number, [h, w] or string (a word goes to torch as given). Output
 * padding is read the same way (label "Output padding"): torch then refuses what it cannot take. */
export function parsePadding(text, T, label = "Padding") {
  const t = String(text).trim();
  if (/^[A-Za-z_]+$/.test(t)) return t;
  if (/^-?\d+$/.test(t)) return wholeNumber(t, label, T);
  const parts = t.replace(/^\(|\)$/g, "").split(",").map((s) => s.trim());
  if (t.indexOf(",") >= 0 && parts.every((s) => /^-?\d+$/.test(s))) return parts.map((s) => wholeNumber(s, label, T));
  fail(say(T, "explain.padding_string_unknown", { padding: t, n: 2 }));
}
