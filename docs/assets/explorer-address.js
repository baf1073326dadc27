/* convdocs explorer, the address: the controls read from the page's address (?ih=7&kh=3…) and written back to it,
 * so a link reproduces what the reader set. An unusable value is kept in state.urlNotes ([control id, sentence]),
 * which the part explorer-notes.js shows beside each control. The modes loaded on demand (solve, stack) add their own keys through
 * their hooks. $(id) is the explorer's control #cd-<id>. */
import { say } from "./core/words.mjs";
import { T } from "./explorer-parts.js";

/* [address key, control id, default] for each control the address holds. */
export const FIELDS = [["ih", "input-height", 7], ["iw", "input-width", 7], ["kh", "kernel-height", 3],
              ["kw", "kernel-width", 3], ["s", "stride", 1], ["p", "padding", "1"], ["d", "dilation", 1],
              ["mode", "padding-mode", "zeros"], ["t", "transposed", false], ["op", "output-padding", 0],
              ["layer", "layer", "Conv2d"], ["ceil", "ceil-mode", false], ["cip", "count-include-pad", true],
              ["vals", "values", "ramp"], ["wts", "weights", "ramp"], ["seed", "seed", 1]];
/* Modes other than Shape (the Mode select): each lives in a script of its own, loaded when the mode is
 * chosen or the address opens in it (?<key>=1); once loaded, its writeUrl(params) and render(root)
 * hooks run on every update. */
export const LAZY_MODES = {Solve: {script: "solve", key: "solve", hooks: "convdocsSolve"},
                           Stack: {script: "stack", key: "stack", hooks: "convdocsStack"}};

/* fn(hooks or null if its script is not here yet, mode) for every lazy mode. */
export function modeHooks(fn) {
  Object.keys(LAZY_MODES).forEach(function (mode) { fn(window[LAZY_MODES[mode].hooks] || null, mode); });
}

/* The address sets the controls. What a control cannot hold is kept visible: an unknown padding mode
 * becomes an option of its own (check() then refuses it, as torch does), a checkbox value other than
 * 0 or 1 an error shown until the reader changes a control. */
export function readUrl($, state) {
  var params = new URLSearchParams(window.location.search);
  state.urlNotes = [];
  FIELDS.forEach(function (f) {
    var node = $(f[1]), value = params.get(f[0]);
    if (value === null) return;
    var label = node.labels[0] ? node.labels[0].textContent : f[1];
    if (node.getAttribute("inputmode") === "numeric") {
      var least = parseInt(node.getAttribute("data-min") || "0", 10);
      if (!/^\d+$/.test(value) || parseInt(value, 10) < least) {
        state.urlNotes.push([f[1], say(T, "address.whole", {key: f[0], value: value, label: label, least: least})]);
      }
    }
    var text = value.trim();  // Padding and Output padding: one number or two; Padding, 'same' or 'valid' too
    if (/padding$/.test(f[1]) && !/^\(?\s*-?\d+\s*(,\s*-?\d+\s*)?\)?$/.test(text) && !(f[1] === "padding" && /^(same|valid)$/.test(text))) {
      state.urlNotes.push([f[1], say(T, "address.padding", {key: f[0], value: value, label: label})]);
    }
    if (node.type === "checkbox") {
      if (value !== "0" && value !== "1") {
        state.addressError = say(T, "explorer.address_checkbox", {key: f[0], value: value});
        state.urlNotes.push([f[1], state.addressError]);
      }
      node.checked = value === "1";
    } else if (node.tagName === "SELECT") {
      var known = Array.prototype.some.call(node.options, function (o) { return o.value === value; });
      if (!known) {
        var choices = Array.prototype.map.call(node.options, function (o) { return o.value; }).join(", ");
        state.urlNotes.push([f[1], say(T, "address.choice", {key: f[0], value: value, label: label, choices: choices})]);
        var option = document.createElement("option");
        option.value = value;
        option.textContent = "'" + value + "' (unknown)";
        option.className = "cd-unknown";
        node.appendChild(option);
      }
      node.value = value;
    } else {
      node.value = value;
    }
  });
  Object.keys(LAZY_MODES).forEach(function (mode) {
    var key = LAZY_MODES[mode].key, value = params.get(key);
    if (value === "1") $("mode").value = mode;
    else if (value !== null) {
      state.addressError = say(T, "explorer.address_mode", {param: key, value: value, mode: mode});
      state.urlNotes.push(["mode", state.addressError]);
    }
  });
  // The Layer select and the Transposed checkbox say the same thing: an address may give either.
  if (params.has("layer")) $("transposed").checked = $("layer").value === "ConvTranspose2d";
  else $("layer").value = $("transposed").checked ? "ConvTranspose2d" : "Conv2d";
}

/* The controls into the address. Keys the explorer does not own stay, so a mode's own keys (solve's oh,
 * ow) survive until its script has loaded and writes them itself. */
export function writeUrl($) {
  var params = new URLSearchParams(window.location.search);
  FIELDS.forEach(function (f) {
    var node = $(f[1]);
    params.set(f[0], node.type === "checkbox" ? (node.checked ? "1" : "0") : node.value);
  });
  modeHooks(function (hooks, mode) {
    params.delete(LAZY_MODES[mode].key);
    if ($("mode").value === mode) params.set(LAZY_MODES[mode].key, "1");
    if (hooks?.writeUrl) hooks.writeUrl(params);
  });
  var search = "?" + params.toString();
  if (search !== window.location.search) window.history.replaceState(null, "", window.location.pathname + search);
}

