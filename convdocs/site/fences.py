"""How a page shows a snippet: its code and what it printed, as Markdown fences. Which torch printed them is
said once, on the About page (``convdocs.site.page.provenance``)."""

from __future__ import annotations

from convdocs.site.snippets import Run


def fence(text: str, lang: str, title: str) -> str:
    """A Markdown code fence titled ``title``."""
    return f'```{lang} title="{title}"\n{text.rstrip()}\n```\n'


def snippet_blocks(name: str, result: Run) -> list[str]:
    """``snippets/<name>.py`` as it ran: its source and its output."""
    return [
        fence(result.source, "python", f"snippets/{name}.py"),
        fence(result.stdout, "text", "Output"),
    ]
