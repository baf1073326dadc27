"""Build glue: what Material does when a page starts, made cheaper for a phone's main thread.

Traced in chromium on a 412 px phone page (guide/dilation-and-transposed), Material's start-up restyled the
whole page about five times: twice for its scheme-switch attribute, once for the classes it puts on
<html>, twice when it adds its ``color-scheme`` meta element and sets its content. All five go:

- ``early_script`` inlines docs/assets/early.js early in <head>: it makes the <html> changes before
  <body> exists, and pauses transitions only when the reader switches the scheme. The same place gets a
  ``<meta name="color-scheme">`` with the scheme the page starts in (``color_scheme``);
- ``drop_switching_rule`` takes Material's rule for its ``data-md-color-switching`` attribute out of the
  palette stylesheet, since the attribute is set and removed on every load;
- ``reuse_scheme_meta`` makes Material's bundle use that meta element instead of appending its own, and
  set its content only when the scheme differs. Chromium restyles every element whenever such an element
  is added or its content set, even to the value it had.

Over five loads each, the elements restyled while loading that page fell from 4,963 to 2,685 with the
first two, and on reference/cli from 7,044 to 3,803; the third took reference/cli from 3,799 to 1,641 and
networks/where-padding-shows from 2,712 to 1,247. tests/test_reading.py checks in the browser that the
bundle then changes nothing on <html>, adds no colour-scheme element and leaves the one there alone, and
that a scheme switch still runs without transitions and still sets the page's colour scheme.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from convdocs.core.words import say

EARLY_SRC = "assets/early.js"  # in docs/; inlined into every page, not shipped as a file (mkdocs_hooks.on_files)
SWITCHING_RULE = (
    "[data-md-color-switching] *,[data-md-color-switching] :after,[data-md-color-switching] :before"
    "{transition-duration:0s!important}"
)
SWITCHING_NOTE = "/* convdocs: the scheme-switch rule is in assets/convdocs.css (.cd-switching) */"


def _early(docs_dir: str) -> str | None:
    """docs/assets/early.js minified in a <script> element; None for a project without it (the one-page
    projects tests build), which then starts as Material does."""
    source = Path(docs_dir) / EARLY_SRC
    if not source.is_file():
        return None
    return _minified(source, source.stat().st_mtime_ns)


@cache
def _minified(source: Path, mtime_ns: int) -> str:  # once per version of the file (mkdocs serve rebuilds)
    import rjsmin  # type: ignore[import-untyped]

    return "<script>" + rjsmin.jsmin(source.read_text(encoding="utf-8")).strip() + "</script>"


def early_script(output: str, docs_dir: str, scheme: str = "") -> str:
    """``output`` (a page's HTML) with docs/assets/early.js inlined right after its charset declaration: in
    <head>, ahead of the stylesheets (an inline script after them waits for them), and after the charset,
    which must come in a page's first 1,024 bytes. With ``scheme`` (``color_scheme``), a
    ``<meta name="color-scheme">`` holding it comes first, for the bundle to reuse (``reuse_scheme_meta``)."""
    script = _early(docs_dir)
    if script is None:
        return output
    if scheme:
        script = f'<meta name="color-scheme" content="{scheme}">' + script
    charset = '<meta charset="utf-8">'
    at = output.find(charset)
    if at < 0 or "<body" in output[:at]:
        raise ValueError(say("build.theme.convdocs_a_page_without_in_its", charset=charset))
    at += len(charset)
    return output[:at] + script + output[at:]


def drop_switching_rule(site: Path, docs_dir: str) -> Path | None:
    """Material's palette stylesheet in ``site`` without its scheme-switch rule; returns the file. A project
    without docs/assets/early.js, which puts the rule's pause on the switch itself, keeps the rule (None).

    Idempotent (a rebuild may keep the edited copy); if the stylesheet or the rule is not found, Material
    changed, and the build stops rather than ship a page that restyles itself on every load unnoticed."""
    sheet = _theme_file(site, docs_dir, "stylesheets/palette.*.min.css", "palette stylesheet")
    if sheet is None:
        return None
    text = sheet.read_text(encoding="utf-8")
    if SWITCHING_RULE in text:
        sheet.write_text(text.replace(SWITCHING_RULE, SWITCHING_NOTE, 1), encoding="utf-8")
    elif SWITCHING_NOTE not in text:
        raise RuntimeError(say("build.theme.convdocs_material_s_scheme_switch_rule", sheet_name=sheet.name))
    return sheet


def _theme_file(site: Path, docs_dir: str, pattern: str, what: str) -> Path | None:
    """The one file of Material's under ``site``/assets matching ``pattern``, to patch; None for a project
    without docs/assets/early.js, which starts as Material does and keeps the theme's files as they are."""
    if _early(docs_dir) is None:
        return None
    found = sorted((site / "assets").glob(pattern))
    if len(found) != 1:
        raise RuntimeError(say("build.theme.convdocs_expected_one_material_found", what=what, found=len(found)))
    return found[0]


_SCHEME_RULE = re.compile(r"\[data-md-color-scheme=([\w-]+)\]\{color-scheme:([\w ]+)[;}]")


@cache
def color_scheme(theme_dirs: tuple[str, ...], palette: str) -> str:
    """The CSS ``color-scheme`` the theme's stylesheets give the palette ``palette`` (Material's
    ``data-md-color-scheme``: "default" is "light", "slate" is "dark"), read from the stylesheets themselves so
    a theme update cannot leave the page announcing the wrong one; the build stops if none gives it one."""
    for folder in theme_dirs:
        for sheet in sorted((Path(folder) / "assets" / "stylesheets").glob("*.css")):
            for name, value in _SCHEME_RULE.findall(sheet.read_text(encoding="utf-8")):
                if name == palette:
                    return value.strip()
    raise RuntimeError(say("build.theme.convdocs_no_stylesheet_of_the_theme", palette=repr(palette)))


def first_scheme(palette: Sequence[dict] | dict | None) -> str:
    """The ``scheme`` of the palette a page is written with: the first of ``theme.palette`` (Material's
    default, "default", without one). Material keeps it unless the reader saved another or the system's
    preference picks another toggle; then the bundle sets the meta's content once, as it did on every load."""
    if not palette:
        return "default"
    first = palette if isinstance(palette, dict) else palette[0]
    return str(first.get("scheme") or "default")


# Material's palette component, minified: it appends a new meta element, and sets its content on every load.
_APPEND_META = re.compile(r'let (\w+)=(\w+)\("meta",\{name:"color-scheme"\}\);document\.head\.appendChild\(\1\);')
_SET_CONTENT = re.compile(r"return (\w+)\.content=(\w+)\.colorScheme,")
_FIND_META = 'document.querySelector("meta[name=color-scheme]")'
_REUSE = "let {0}=" + _FIND_META + '||document.head.appendChild({1}("meta",{{name:"color-scheme"}}));'
_SET_IF_CHANGED = "return {0}.content!=={1}.colorScheme&&({0}.content={1}.colorScheme),"
_SET_PATCHED = re.compile(r"return (\w+)\.content!==(\w+)\.colorScheme&&\(\1\.content=\2\.colorScheme\),")


def reuse_scheme_meta(site: Path, docs_dir: str) -> Path | None:
    """Material's bundle in ``site``, patched to reuse the page's ``<meta name="color-scheme">`` (appending one
    only if the page has none) and to set its content only when it differs; returns the file. A project
    without docs/assets/early.js keeps the bundle as it is (None).

    Idempotent (a rebuild may keep the patched copy); if the bundle or either statement is not found,
    Material changed, and the build stops rather than ship pages that restyle twice on every load."""
    bundle = _theme_file(site, docs_dir, "javascripts/bundle.*.min.js", "bundle")
    if bundle is None:
        return None
    text = bundle.read_text(encoding="utf-8")
    appends, sets = _APPEND_META.findall(text), _SET_CONTENT.findall(text)
    if len(appends) == 1 and len(sets) == 1:
        text = _APPEND_META.sub(lambda m: _REUSE.format(*m.groups()), text)
        text = _SET_CONTENT.sub(lambda m: _SET_IF_CHANGED.format(*m.groups()), text)
        bundle.write_text(text, encoding="utf-8")
    elif appends or sets or _FIND_META not in text or not _SET_PATCHED.search(text):
        raise RuntimeError(say("build.theme.convdocs_material_s_color_scheme_meta", bundle_name=bundle.name))
    return bundle
