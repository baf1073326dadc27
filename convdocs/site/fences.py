"""How a page shows a snippet: its code and what it printed, as Markdown fences, and which torch printed it."""

from __future__ import annotations

from convdocs.core.words import say
from convdocs.site.snippets import Run


def fence(text: str, lang: str, title: str) -> str:
    """A Markdown code fence titled ``title``."""
    return f'```{lang} title="{title}"\n{text.rstrip()}\n```\n'


def snippet_blocks(name: str, result: Run) -> list[str]:
    """``snippets/<name>.py`` as it ran: its source, its output, and the torch version that printed it."""
    import torch

    return [
        fence(result.source, "python", f"snippets/{name}.py"),
        fence(result.stdout, "text", "Output"),
        say("page.printed_by", version=torch.__version__) + "\n",
    ]
