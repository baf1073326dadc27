"""The pages' ``exec`` fences (build glue): checked before a page is rendered, and run so that any failure
of the code in them ends the build with one line naming the page.

:func:`check` refuses a fence whose ``exec=`` value is not one markdown-exec reads as on or off (it runs
any other: ``exec="maybe"`` ran) and a fence that is never closed (the rest of the page would show as
code). :func:`install` wraps markdown-exec's runner of Python fences: a fence that ends the process
(``sys.exit``, ``KeyboardInterrupt``), a snippet the guard stopped (time, output, exit, writes into the
repository: :mod:`convdocs.tracing.guard`), or a figure over the drawing budget becomes :class:`guard.Stop`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from convdocs.core.words import say
from convdocs.tracing import guard

ON = {"on", "yes", "true", "1"}
OFF = {"off", "no", "false", "0", ""}
_FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<mark>`{3,}|~{3,})(?P<info>.*)$")
_EXEC = re.compile(r"""\bexec=(?:"([^"]*)"|'([^']*)'|(\S*))""")


def blocks(markdown: str) -> Iterator[tuple[int, str, str, str, list[str] | None]]:
    """Each fenced block of ``markdown`` as Markdown reads it: (the line it opens on, its indent, its fence mark,
    its info string, its lines, or None for a block never closed)."""
    opened: tuple[int, str, str, str] | None = None
    body: list[str] = []
    for number, line in enumerate(markdown.splitlines(), start=1):
        match = _FENCE.match(line)
        if opened is not None:
            mark = opened[2]
            if match and match["mark"][0] == mark[0] and len(match["mark"]) >= len(mark) and not match["info"].strip():
                yield (*opened, body)
                opened = None
            else:
                body.append(line)
            continue
        if match is None or (match["mark"][0] == "`" and "`" in match["info"]):  # inline code that starts a line
            continue
        opened, body = (number, match["indent"], match["mark"], match["info"]), []
    if opened is not None:
        yield (*opened, None)


def runs(info: str) -> bool:
    """Whether markdown-exec runs a fence with this info string (its ``exec=`` reads as on)."""
    value = _EXEC.search(info)
    return value is not None and next(v for v in value.groups() if v is not None).lower() in ON


def check(markdown: str, page: str) -> None:
    """Raise :class:`guard.Stop` for an ``exec=`` value markdown-exec would misread or a fence never closed."""
    for number, _indent, mark, info, body in blocks(markdown):
        value = _EXEC.search(info)
        if value is not None:
            said = next(v for v in value.groups() if v is not None)
            if said.lower() not in ON | OFF:
                raise guard.Stop(
                    say("build.fence_guard.exec_is_neither_on_nor_off", page=page, number=number, said=said)
                )
        if body is None:
            raise guard.Stop(
                say("build.fence_guard.the_fence_opened_here_is_never", page=page, line=number, marker=mark)
            )


def install() -> None:
    """Check each Markdown page's fences before it is rendered, naming it in any error (:data:`guard.page`),
    and wrap markdown-exec's runner of Python fences (once; ``make site`` and the MkDocs hooks both call this)."""
    from markdown_exec._internal.formatters import python
    from mkdocs.structure.pages import Page

    if getattr(python.exec_python, "convdocs", False):
        return
    original = python.exec_python
    render = Page.render

    def checked_render(self, config, files):
        if self.file.src_uri.endswith(".md") and self.markdown is not None:
            guard.page = f"{Path(config.docs_dir).name}/{self.file.src_uri}"
            check(self.markdown, guard.page)
        return render(self, config, files)

    Page.render = checked_render  # type: ignore[method-assign]

    def exec_python(code, filename, exec_globals=None):
        from convdocs.core.errors import ConvError
        from convdocs.site.snippets import SnippetError

        try:
            return original(code, filename, exec_globals)
        except (guard.GuardError, SnippetError, ConvError) as error:
            raise guard.Stop(_line(error)) from None
        except Exception:
            raise
        except guard.Stop:
            raise
        except SystemExit as stop:
            raise guard.Stop(
                say("build.fence_guard.an_exec_fence_stopped_with_sys", page=guard.page, stop_code=repr(stop.code))
            ) from None
        except BaseException as stop:  # noqa: BLE001  KeyboardInterrupt raised by the fence's code
            raise guard.Stop(
                say(
                    "build.fence_guard.an_exec_fence_stopped_with",
                    page=guard.page,
                    stop=type(stop).__name__,
                )
            ) from None

    exec_python.convdocs = True  # type: ignore[attr-defined]
    python.exec_python = exec_python


def _line(error: BaseException) -> str:
    text = " ".join(str(error).split())
    return text if guard.page and guard.page in text else f"{guard.page}: {text}"
