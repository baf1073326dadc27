"""mkdocs-jupyter as the build uses it (build glue): its cache keyed by what shapes the notebook's output, its
damaged entries dropped, and its test of which pages are notebooks made without reading every page.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path, PurePath

from convdocs.core.words import say
from convdocs.site import cache
from convdocs.site.snippets import SNIPPETS


def configure(plugin) -> None:
    """Key mkdocs-jupyter's cache (which hashes only the notebook) by the snippets and convdocs too, drop its
    entries that do not read back whole (it would serve them, or fail on them with a traceback), and answer
    its "is this page a notebook?" for a page no ``include`` pattern names without reading the page."""
    original = plugin.should_include
    patterns = tuple(plugin.config["include"])

    def should_include(file) -> bool:
        # mkdocs-jupyter reads every Markdown page through jupytext (a few times per page, a tenth of a warm
        # build) before it looks at its include patterns; a page none of them names is never a notebook
        path = file.abs_src_path
        if path is None or not any(PurePath(path).match(pattern) for pattern in patterns):
            return False
        return original(file)

    plugin.should_include = should_include
    if plugin.config.get("cache"):
        key = cache.digest(*sorted(SNIPPETS.glob("*.py")))
        plugin.config["cache_dir"] = str(cache.root() / "mkdocs-jupyter" / key)
        for entry in sorted(Path(plugin.config["cache_dir"]).glob("*.json")):
            notebook_entry(entry)


def will_run(plugin, path: Path) -> bool:
    """Whether mkdocs-jupyter will run the notebook at ``path`` in this build (it runs notebooks and has no
    entry for this one in its cache)."""
    from mkdocs_jupyter.plugin import _compute_cache_key  # its own key, so that this never disagrees with it

    ignored = any(PurePath(path).match(pattern) for pattern in plugin.config["execute_ignore"])
    if not plugin.config["execute"] or ignored:
        return False
    if not plugin.config.get("cache"):
        return True
    return not (Path(plugin.config["cache_dir"]) / f"{_compute_cache_key(path, plugin.config, True)}.json").exists()


def notebook_entry(path: Path) -> bool:
    """Whether mkdocs-jupyter's cache entry ``path`` is whole (JSON with its content and table of contents);
    a damaged one is removed, with a one-line warning, so that the notebook runs again."""
    try:
        entry = json.loads(path.read_bytes().decode("utf-8"))
        whole = isinstance(entry.get("content"), str) and isinstance(entry.get("toc_tokens"), list)
        damage = "" if whole else say("build.hooks.content_or_toc_tokens_missing")
    except (OSError, UnicodeDecodeError, ValueError, AttributeError) as error:
        damage = type(error).__name__
    if damage:
        print(say("build.hooks.warning_cache_entry_is_damaged_running", path=path, damage=damage), file=sys.stderr)
        path.unlink(missing_ok=True)
        return False
    os.utime(path)
    return True
