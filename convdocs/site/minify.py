"""The site's own scripts and stylesheet as they ship: minified, so a page's weight counts what a reader downloads.

Comments and spaces go, names stay; the readable sources are in docs/assets/. rjsmin and rcssmin are pinned in
requirements.txt, and each gives the same bytes for the same source, so two builds stay identical.
"""

from __future__ import annotations

from pathlib import Path

# below the site's assets/: the explorer's scripts and the core's ES modules, the search box's atlas pin, the
# scripts every page loads, and convdocs' stylesheet
SCRIPTS = ("explorer*.js", "core/*.mjs", "search-atlas*.js", "a11y.js", "figures.js")
STYLESHEETS = ("convdocs.css",)


def minify(assets: Path) -> None:
    """Every script and stylesheet of ours under ``assets`` (the built site's), minified in place."""
    import rcssmin  # type: ignore[import-untyped]
    import rjsmin  # type: ignore[import-untyped]

    for patterns, squeeze in ((SCRIPTS, rjsmin.jsmin), (STYLESHEETS, rcssmin.cssmin)):
        for path in sorted({p for pattern in patterns for p in assets.glob(pattern)}):
            path.write_text(squeeze(path.read_text(encoding="utf-8")), encoding="utf-8")
