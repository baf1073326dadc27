"""MkDocs hooks (build glue): keep notebook pages light and self-contained.

mkdocs-jupyter inlines JupyterLab's whole stylesheet (575 KB) into every notebook page, a light-only
Pygments palette, and a script that would import Mermaid from a CDN if a diagram appeared. The site has
no diagrams and styles notebook cells itself (docs/assets/convdocs.css), so all three are dropped, and
notebook code gets Material's own ``highlight`` class, whose colours follow the light and dark scheme.
"""

from __future__ import annotations

import re

from convdocs import cache
from convdocs.run import SNIPPETS

_BIG_STYLE = re.compile(r'<style type="text/css">(?:(?!</style>).){20000,}?</style>', re.S)
_PYGMENTS = re.compile(r'<style type="text/css">(?:(?!</style>).)*?\.highlight-ipynb(?:(?!</style>).)*?</style>', re.S)
_MERMAID = re.compile(r'<script type="module">(?:(?!</script>).)*?jp-Mermaid(?:(?!</script>).)*?</script>', re.S)


def on_config(config):
    """Key mkdocs-jupyter's cache (which hashes only the notebook) by the snippets and convdocs too."""
    plugin = config.plugins.get("mkdocs-jupyter")
    if plugin is not None and plugin.config.get("cache"):
        key = cache.digest(*sorted(SNIPPETS.glob("*.py")))
        plugin.config["cache_dir"] = str(cache.root() / "mkdocs-jupyter" / key)
    return config


def on_post_page(output: str, page, config) -> str:
    if not page.file.src_uri.endswith(".ipynb"):
        return output
    output = _MERMAID.sub("", _PYGMENTS.sub("", _BIG_STYLE.sub("", output)))
    return output.replace('class="highlight-ipynb ', 'class="highlight ')
