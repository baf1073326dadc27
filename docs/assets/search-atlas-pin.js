/* Search finds a pasted message: when the search box holds a padding message of torch's (whole or its first
 * line, with any numbers, inside a traceback or with a warning's "(Triggered internally at …)" tail), its error
 * atlas section is the first result, in the markup of Material's own results. The message is recognised as
 * `python -m convdocs explain` recognises it: the same patterns (convdocs.core.torch_text.atlas_patterns) with
 * the same matcher (core/atlas_match.mjs, tested against explain's on golden cases). This module, the matcher
 * and the data (assets/search-atlas.json: patterns, section titles and rules from the catalogue of words,
 * written by the build) load on the first query (search-atlas.js, on every page, imports it); any other query
 * is Material's alone. Material renders its results again on every answer of its search worker: a
 * MutationObserver puts the section back in front each time. */
import { find } from "./core/atlas_match.mjs";

export function start(box) {
  var list = document.querySelector(".md-search-result__list");
  var meta = document.querySelector(".md-search-result__meta");
  var config = document.getElementById("__config");
  if (!list || !meta || !config) return;
  var settings = JSON.parse(config.textContent);
  var root = new URL(String(settings.base || ".").replace(/\/?$/, "/"), window.location.href);
  var one = settings.translations?.["search.result.one"] || "";  // Material's own words: "1 matching document"
  var data = null, pinned = null;

  function element(tag, className, text) {
    var e = document.createElement(tag);
    if (className) e.className = className;
    if (text) e.textContent = text;
    return e;
  }

  /* The section's result, as Material draws a page's: its title, a preview of its rule, the label. */
  function item(section) {
    var about = data.sections[section] || {title: section, rule: ""};
    var li = element("li", "md-search-result__item convdocs-search-atlas");
    var a = element("a", "md-search-result__link");
    a.href = new URL(section, root).href;
    a.tabIndex = -1;
    var article = element("article", "md-search-result__article md-typeset");
    var tags = element("nav", "md-tags");
    tags.appendChild(element("span", "md-tag", data.label));
    article.append(element("div", "md-search-result__icon md-icon"), element("h1", "", about.title),
                   element("p", "", about.rule), tags);
    a.appendChild(article);
    li.appendChild(a);
    li.setAttribute("data-section", section);
    return li;
  }

  /* The pinned section first in the list; alone in it, the count says one document, not none. */
  function pin() {
    if (pinned && !box.value.trim()) {  // the search was reset without a key (Escape, a closed search)
      pinned.remove();
      pinned = null;
    }
    if (!pinned) return;
    if (list.firstElementChild !== pinned) list.prepend(pinned);
    if (list.children.length === 1 && one && meta.textContent !== one) meta.textContent = one;
  }

  function update() {
    var text = box.value;
    var found = text.trim() && text.length <= data.most ? find(text, data.patterns) : null;
    var section = found ? found.section : "";
    if (pinned && pinned.getAttribute("data-section") !== section) {
      pinned.remove();
      pinned = null;
    }
    if (section && !pinned) pinned = item(section);
    pin();
  }

  fetch(new URL("assets/search-atlas.json", root)).then(function (r) {
    if (!r.ok) throw new Error("could not load " + r.url);
    return r.json();
  }).then(function (loaded) {
    data = loaded;
    update();
    box.addEventListener("input", update);
    new MutationObserver(pin).observe(list, {childList: true});
    new MutationObserver(pin).observe(meta, {childList: true, characterData: true, subtree: true});
  }, function () { /* no atlas data: the search stays Material's own */ });
}
