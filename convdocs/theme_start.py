"""Build glue: what Material does when a page starts, made cheaper for a phone's main thread.

Traced in chromium on a 412 px phone page (guide/dilation-and-transposed), Material's start-up restyled the
whole page about five times: twice for its scheme-switch attribute, once for the classes it puts on
<html>, twice when it adds its ``color-scheme`` meta element (not avoidable from outside the theme). The
first three go:

- ``early_script`` inlines docs/assets/early.js early in <head>: it makes the <html>
  changes before <body> exists, and pauses transitions only when the reader switches the scheme;
- ``drop_switching_rule`` takes Material's rule for its ``data-md-color-switching`` attribute out of the
  palette stylesheet, since the attribute is set and removed on every load.

Over five loads each, the elements restyled while loading that page fell from 4,963 to 2,685, and on
reference/cli from 7,044 to 3,803. tests/test_reading.py checks in the browser that the bundle then
changes nothing on <html> and that a scheme switch still runs without transitions.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

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


def early_script(output: str, docs_dir: str) -> str:
    """``output`` (a page's HTML) with docs/assets/early.js inlined right after its charset declaration: in
    <head>, ahead of the stylesheets (an inline script after them waits for them), and after the charset,
    which must come in a page's first 1,024 bytes."""
    script = _early(docs_dir)
    if script is None:
        return output
    charset = '<meta charset="utf-8">'
    at = output.find(charset)
    if at < 0 or "<body" in output[:at]:
        raise ValueError(f"convdocs: a page without {charset} in its <head> cannot start like the others")
    at += len(charset)
    return output[:at] + script + output[at:]


def drop_switching_rule(site: Path, docs_dir: str) -> Path | None:
    """Material's palette stylesheet in ``site`` without its scheme-switch rule; returns the file. A project
    without docs/assets/early.js, which puts the rule's pause on the switch itself, keeps the rule (None).

    Idempotent (a rebuild may keep the edited copy); if the stylesheet or the rule is not found, Material
    changed, and the build stops rather than ship a page that restyles itself on every load unnoticed."""
    if _early(docs_dir) is None:
        return None
    sheets = sorted((site / "assets" / "stylesheets").glob("palette.*.min.css"))
    if len(sheets) != 1:
        raise RuntimeError(f"convdocs: expected one Material palette stylesheet, found {len(sheets)}")
    text = sheets[0].read_text(encoding="utf-8")
    if SWITCHING_RULE in text:
        sheets[0].write_text(text.replace(SWITCHING_RULE, SWITCHING_NOTE, 1), encoding="utf-8")
    elif SWITCHING_NOTE not in text:
        raise RuntimeError(f"convdocs: Material's scheme-switch rule is no longer in {sheets[0].name}")
    return sheets[0]
