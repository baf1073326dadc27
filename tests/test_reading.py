"""Reading comfort, measured in Chromium: the measure of code that fits, no sideways scrolling on a phone,
copy buttons that cover no text and table code never broken mid-word (MEASURE; test_every_page runs it on
every page at 1280 and 390 px), figures that enlarge, heavy figures that load only when opened, and pages
within the weight budget."""

from __future__ import annotations

import re

import pytest

WIDE, PHONE = 1280, 390

# One pass over a page: every overflow and overlap the reader would meet, as readable strings.
MEASURE = """(wide) => {
  const problems = [];
  const doc = document.documentElement;
  if (doc.scrollWidth > doc.clientWidth) problems.push(`page scrolls sideways: ${doc.scrollWidth} > ${doc.clientWidth}`);
  const visible = (e) => e.getClientRects().length > 0 && e.getBoundingClientRect().width > 0;
  const label = (pre) => {
    const block = pre.closest("div.highlight");
    const title = block && block.querySelector(".filename");
    return (title ? title.textContent : "block") + ": " + pre.textContent.trim().split("\\n")[0].slice(0, 50);
  };
  const codes = [...document.querySelectorAll(".md-typeset pre")].filter(visible);
  for (const pre of codes) {
    const code = pre.querySelector(":scope > code") || pre;
    if (wide && code.scrollWidth > code.clientWidth + 1) {
      problems.push(`clipped at ${innerWidth} px (${code.scrollWidth} > ${code.clientWidth}): ${label(pre)}`);
    }
    const buttons = [...(pre.closest("div.highlight, .jp-InputArea") || pre)
      .querySelectorAll(".md-code__button, clipboard-copy")].filter(visible);
    if (!buttons.length) continue;
    const range = document.createRange();
    const walker = document.createTreeWalker(code, NodeFilter.SHOW_TEXT);
    const texts = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!node.textContent.trim()) continue;
      range.selectNodeContents(node);
      texts.push(...range.getClientRects());
    }
    for (const button of buttons) {
      const b = button.getBoundingClientRect();
      const hit = texts.find((t) => t.left < b.right && t.right > b.left && t.top < b.bottom && t.bottom > b.top);
      if (hit) problems.push(`copy button covers text at ${innerWidth} px: ${label(pre)}`);
    }
  }
  for (const table of [...document.querySelectorAll(".md-typeset table")].filter(visible)) {
    const box = table.closest(".md-typeset__scrollwrap") || table;
    for (const e of [table, box]) {
      if (e.scrollWidth > e.clientWidth + 1) {
        problems.push(`table scrolls sideways at ${innerWidth} px: ${table.querySelector("th, td").textContent}`);
        break;
      }
    }
  }
  for (const code of [...document.querySelectorAll(".md-typeset td code, .md-typeset th code")].filter(visible)) {
    if (code.getClientRects().length < 2) continue;  // laid out in one line box: it breaks nowhere
    const chars = [];  // [node, offset] of every character, across the code's text nodes
    const walker = document.createTreeWalker(code, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (let i = 0; i < node.textContent.length; i++) chars.push([node, i]);
    }
    const text = code.textContent;
    const range = document.createRange();
    let top = null;
    for (let i = 0; i < chars.length; i++) {
      range.setStart(chars[i][0], chars[i][1]);
      range.setEnd(chars[i][0], chars[i][1] + 1);
      const rect = range.getBoundingClientRect();
      if (top !== null && rect.top > top + 2 && text[i - 1] !== " " && text[i] !== " ") {
        problems.push(`"${text}" breaks mid-word at ${innerWidth} px: "${text.slice(0, i)}" / "${text.slice(i)}"`);
        break;
      }
      top = rect.top;
    }
  }
  if (!wide) {  // Lighthouse's font-size audit: a text node weighs its length once per line box it is laid out in
    let all = 0, small = 0;
    const range = document.createRange();
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const style = getComputedStyle(node.parentElement);
      if (style.visibility === "hidden") continue;
      range.selectNodeContents(node);
      const weight = node.textContent.trim().length * range.getClientRects().length;
      all += weight;
      if (parseFloat(style.fontSize) < 12) small += weight;
    }
    const legible = all ? Math.round(100 - (100 * small) / all) : 100;
    if (legible < 60) problems.push(`${legible}% of the text is 12 px or larger at ${innerWidth} px; Lighthouse wants 60%`);
  }
  return problems;
}"""


def test_the_measure_sees_clipping_and_covered_text(server, browser):
    """The measure itself: a page made to overflow is caught (a test that cannot fail is a defect)."""
    context = browser.new_context(viewport={"width": PHONE, "height": 900})
    tab = context.new_page()
    tab.goto(server + "examples/padding-0-vs-1/")
    tab.add_style_tag(
        content=".md-typeset pre > code { white-space: pre !important; } "
        ".md-typeset div.highlight > .filename + pre { position: relative !important; } "
        ".md-typeset td code { word-break: break-all !important; }"
    )
    tab.evaluate(
        "document.querySelector('.md-typeset p').insertAdjacentHTML('beforeend', "
        "'<span style=\"display:inline-block;width:2000px\">wide</span>')"
    )
    tab.wait_for_timeout(50)
    problems = "\n".join(tab.evaluate(MEASURE, True))
    assert "page scrolls sideways" in problems
    assert "clipped at 390 px" in problems
    assert "copy button covers text" in problems
    tab.goto(server + "reference/formulas/")
    tab.add_style_tag(
        content=".md-typeset td code, .md-typeset td code * { white-space: normal !important; "
        "word-break: break-all !important; } .md-typeset td { min-width: 0 !important; }"
    )
    problems = "\n".join(tab.evaluate(MEASURE, False))
    assert "breaks mid-word at 390 px" in problems
    assert "of the text is 12 px or larger" not in problems
    tab.add_style_tag(content=".md-typeset { font-size: 11px !important; }")
    problems = "\n".join(tab.evaluate(MEASURE, False))
    context.close()
    assert "of the text is 12 px or larger at 390 px" in problems


def test_animations_load_only_when_opened(site, server, tab):
    """An animation is a link in the page's HTML; opening its block puts the drawing inline."""
    from tests.test_site import page

    text = (site / "guide" / "padding-modes" / "index.html").read_text(encoding="utf-8")
    lazy = re.findall(r'<figure class="convdocs-figure" data-kind="animation"[^>]*data-src="([^"]+)"', text)
    assert lazy and not re.search(r'data-kind="animation"[^>]*><svg', text)
    assert len(re.findall(r'data-kind="animation"[^>]*><svg', page(site, "guide/padding-modes"))) == len(lazy)
    tab.goto(server + "guide/padding-modes/")
    figure = tab.locator("figure[data-kind=animation]").first
    assert figure.locator("svg").count() == 0
    figure.locator("xpath=ancestor::details/summary").click()
    figure.locator("svg[role=img] title").wait_for(state="attached")
    assert figure.get_attribute("data-state") == "loaded"
    assert "@keyframes" in figure.locator("svg").inner_html()
    assert figure.locator("a.convdocs-lazy").count() == 0


def test_figures_past_the_inline_budget_load_when_scrolled_to(site, server, tab):
    """A page keeps its first figures inline; later ones load near the screen, into a box of their size."""
    from convdocs.site.hooks import INLINE_FIGURES

    lazy = [
        p for p in sorted(site.rglob("index.html")) if re.search(r'data-kind="static"[^>]*data-src=', p.read_text())
    ]
    if not lazy:
        pytest.skip("no page holds more than INLINE_FIGURES of static figures")
    text = lazy[0].read_text(encoding="utf-8")
    inline = re.findall(r'<figure class="convdocs-figure"[^>]*>(<svg.*?</svg>)', text, re.S)
    assert 0 < sum(map(len, inline)) <= INLINE_FIGURES
    tab.goto(server + lazy[0].parent.relative_to(site).as_posix() + "/")
    figure = tab.locator("figure[data-kind=static][data-src]").last
    assert figure.locator("svg").count() == 0
    box = figure.locator("a.convdocs-lazy").bounding_box()
    figure.scroll_into_view_if_needed()
    figure.locator("svg[role=img]").wait_for()
    drawn = figure.locator("svg[role=img]").bounding_box()
    assert abs(drawn["width"] - box["width"]) < 1 and abs(drawn["height"] - box["height"]) < 1


def test_every_figure_enlarges_from_the_keyboard(server, tab):
    tab.goto(server + "examples/padding-0-vs-1/")
    figure = tab.locator("figure.convdocs-figure[data-kind=static]").first
    button = figure.locator("button.cd-zoom")
    small = figure.locator("svg").bounding_box()["width"]
    button.focus()
    tab.keyboard.press("Enter")
    dialog = tab.locator("dialog.cd-zoom-dialog")
    assert dialog.evaluate("d => d.open")
    assert dialog.locator("svg[role=img]").bounding_box()["width"] > 1.5 * small
    assert tab.evaluate("document.activeElement.textContent") == "Close"
    tab.keyboard.press("Escape")
    assert not dialog.evaluate("d => d.open")
    assert tab.evaluate("document.activeElement.classList.contains('cd-zoom')")
    figure.locator("svg").click()  # a tap on the drawing enlarges it too
    assert dialog.evaluate("d => d.open")
    tab.mouse.click(3, 3)  # outside the dialog: the backdrop
    assert not dialog.evaluate("d => d.open")


def test_every_page_is_within_the_weight_budget(site, tmp_path):
    """No page (with everything it loads at once) outweighs a bare Material page by more than 80 KB.

    The bare page is this site's theme and navigation with no content. The search index is the whole
    site's, fetched once per visit, so it is left out of both (make bench reports it)."""
    from convdocs.tools.bench import OVER_BARE_BUDGET, bare_weight, page_weights

    bare = bare_weight(tmp_path)
    weights = page_weights(site, index=False)
    weights.pop("404.html", None)
    over = {name: w - bare for name, w in weights.items() if w - bare > OVER_BARE_BUDGET}
    assert len(weights) >= 15 and 250_000 < bare < 450_000, (len(weights), bare)
    assert not over, f"bare Material page {bare:,} bytes; over by more than {OVER_BARE_BUDGET:,}: {over}"


def test_plain_names_in_code_keep_their_colour_without_their_span(site, server, tab):
    """The build drops Pygments' <span class="n"> (plain names) and <span class="w"> (spaces) around code text
    (convdocs/site/hooks.py): in both schemes, in snippets and in the notebook, a name inside such a span
    would be drawn in exactly the colour of the code around it."""
    for path in site.rglob("*.html"):
        assert not re.search(r'<span class="[wn]">', path.read_text(encoding="utf-8")), path
    probe = """(scheme) => {
      const still = document.createElement("style");  // the theme eases colours over 125 ms on a scheme change
      still.textContent = "* { transition: none !important; }";
      document.head.append(still);
      document.body.setAttribute("data-md-color-scheme", scheme);
      const seen = [];
      for (const pre of document.querySelectorAll(".md-typeset .highlight pre")) {
        const host = pre.querySelector(":scope > code") || pre;
        const named = document.createElement("span"), plain = document.createElement("span");
        named.className = "n"; named.textContent = "x"; plain.textContent = "x";
        host.append(named, plain);
        seen.push([getComputedStyle(named).color, getComputedStyle(plain).color]);
        named.remove(); plain.remove();
      }
      return seen;
    }"""
    for name in ("examples/padding-0-vs-1/", "notebook/", "reference/cli/"):
        tab.goto(server + name)
        for scheme in ("default", "slate"):
            seen = tab.evaluate(probe, scheme)
            assert len(seen) >= 2 and all(named == plain for named, plain in seen), (name, scheme, seen[:3])


_STARTS = ("", "guide/pooling/", "explorer/", "notebook/", "404.html")  # pages of each kind, and the 404


def _started(browser, url: str, watch: str):
    """A phone-sized tab with ``watch`` run before the page's own scripts, once the bundle's last statement
    ran at ``url``; returns (context, tab): close the context."""
    context = browser.new_context(viewport={"width": 412, "height": 823})
    context.add_init_script(watch)
    tab = context.new_page()
    tab.goto(url, wait_until="load")
    tab.wait_for_function("() => window.component$ !== undefined")
    return context, tab


# Every attribute change on <html> whose value changes, and whether <body> existed when the record was read.
_HTML_CHANGES = """
window.__htmlChanges = [];
new MutationObserver((records) => {
  for (const r of records) {
    const now = r.target.getAttribute(r.attributeName);
    if (r.target === document.documentElement && now !== r.oldValue)
      window.__htmlChanges.push([r.attributeName, r.oldValue, now, Boolean(document.body)]);
  }
}).observe(document, { attributes: true, attributeOldValue: true, subtree: true });
"""


def test_the_theme_start_changes_nothing_on_html_once_the_page_exists(server, browser):
    """Material's bundle swaps "no-js" for "js" on <html> and its focus-visible polyfill marks <html>; made after
    the page is parsed, each change restyles every element. docs/assets/early.js (inlined in <head>) makes
    them before <body> exists, so the bundle finds nothing left to change. If a new Material changes <html>
    some other way at start-up, this fails and names the change."""
    for name in _STARTS:
        context, tab = _started(browser, server + name, _HTML_CHANGES)
        changes = tab.evaluate("window.__htmlChanges")
        context.close()
        assert changes, (name, "early.js changed nothing: is it still inlined?")
        late = [change for change in changes if change[3]]
        assert not late, (name, late)
        assert {attribute for attribute, *_ in changes} == {"class", "data-js-focus-visible"}, (name, changes)


# Every colour-scheme meta element added to <head>, and every change to such an element's content.
_SCHEME_META_CHANGES = """
window.__schemeMeta = [];
new MutationObserver((records) => {
  for (const r of records) {
    for (const node of r.addedNodes)
      if (node.nodeName === "META" && node.name === "color-scheme") window.__schemeMeta.push(["added", Boolean(document.body)]);
    if (r.type === "attributes" && r.target.nodeName === "META" && r.target.name === "color-scheme")
      window.__schemeMeta.push(["content", r.oldValue, r.target.content]);
  }
}).observe(document, { childList: true, subtree: true, attributes: true, attributeOldValue: true, attributeFilter: ["content"] });
"""
_SCHEME_NOW = """() => [...document.querySelectorAll("meta[name=color-scheme]")].map((meta) => meta.content)
  .concat([getComputedStyle(document.querySelector("[data-md-component=header]")).colorScheme])"""


def test_the_page_keeps_its_colour_scheme_element_and_a_switch_updates_it(server, browser):
    """Chromium restyles every element when a colour-scheme meta element is added or its content set, even to
    the same value. The page is written with one, holding the scheme it starts in (the build reads it from the
    theme's stylesheets), and the build patches Material's bundle to reuse it and set it only on a change.
    Loaded, no such element is added after the parser's and none changes; its content is the scheme the theme
    gives the page; a switch sets it to the new scheme, and a second switch back."""
    for name in _STARTS:
        context, tab = _started(browser, server + name, _SCHEME_META_CHANGES)
        changes = tab.evaluate("window.__schemeMeta")
        assert changes == [["added", False]], (name, changes)  # the parser's own, in <head>
        assert tab.evaluate(_SCHEME_NOW) == ["light", "light"], name
        if name == "guide/pooling/":
            for scheme in ("dark", "light"):
                tab.click("[data-md-component=palette] label:not([hidden])")
                tab.wait_for_function(f"() => document.querySelector('meta[name=color-scheme]').content === '{scheme}'")
                assert tab.evaluate(_SCHEME_NOW) == [scheme, scheme], scheme
        context.close()


def test_a_scheme_switch_still_runs_without_transitions(server, tab):
    """The build drops Material's rule that stops transitions during a scheme switch (it restyled every element
    on every load); early.js stops them on the switch alone: at the switch every transition is 0 s, three
    frames later links ease their colour again."""
    tab.goto(server + "guide/pooling/")
    link = ".md-typeset a"
    before = tab.evaluate(f"getComputedStyle(document.querySelector('{link}')).transitionDuration")
    assert before != "0s", before
    during = tab.evaluate(
        """(link) => {
          const scheme = document.body.getAttribute("data-md-color-scheme");
          document.querySelector("[data-md-component=palette] label:not([hidden])").click();
          return [scheme, document.body.getAttribute("data-md-color-scheme"),
                  getComputedStyle(document.querySelector(link)).transitionDuration];
        }""",
        link,
    )
    assert during[0] != during[1] and during[2] == "0s", during
    after = tab.evaluate(
        """(link) => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() =>
             requestAnimationFrame(() => done(getComputedStyle(document.querySelector(link)).transitionDuration)))))""",
        link,
    )
    assert after == before, (before, after)


def test_the_next_tab_test_starts_as_on_a_new_page(server, reader):
    """``tab`` tests share one page (tests/conftest.py Reader): after a test that switched the scheme (Material
    keeps it in localStorage), stored a value for the session, held a route and asked for the dark scheme as a
    dark system does, the next test's page opens the site in the light scheme, with nothing stored and nothing
    routed."""
    scheme = "document.body.getAttribute('data-md-color-scheme')"
    page = reader.clean()
    page.route("**/routed", lambda route: route.fulfill(body="routed"))
    page.goto(server + "guide/pooling/")
    fetched = "() => fetch('routed').then((answer) => answer.status)"
    assert page.evaluate(fetched) == 200
    page.click("[data-md-component=palette] label:not([hidden])")
    page.evaluate("sessionStorage.setItem('left', 'behind')")
    page.emulate_media(color_scheme="dark")
    assert page.evaluate(scheme) == "slate"
    reader.reset()
    assert reader.clean() is page  # reset, not replaced
    assert page.url == "about:blank" and page.viewport_size == {"width": 1280, "height": 1000}
    page.goto(server + "guide/pooling/")
    assert page.evaluate(scheme) == "default"
    assert page.evaluate("sessionStorage.getItem('left')") is None
    assert page.evaluate(fetched) == 404
    assert page.evaluate("matchMedia('(prefers-color-scheme: light)').matches")
    page.evaluate("sessionStorage.setItem('left', 'by a test that failed before its reset')")
    assert reader.clean() is page and page.url == "about:blank"  # the next test resets what this one left
    page.goto(server + "guide/pooling/")
    assert page.evaluate("sessionStorage.getItem('left')") is None
    reader.reset()
