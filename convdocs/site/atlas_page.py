"""The error atlas page (docs/errors/): one section per family of padding messages, from snippets run at build.

Build glue. Each family of :mod:`convdocs.core.atlas` has ``snippets/atlas/<family>.py``: first the calls
torch refuses, printing torch's own text, then, from the line ``# Fix``, the fix, printing the shape it gives.
The snippets of one page run together in a fresh process (torch warns some things only once a process; a
fixed hash seed prints sets in one order): a fork of one interpreter that imported torch and ran nothing
(started once a build, :func:`run_all`), so each page costs a fork, not an import of torch. The
section shows both parts with what they printed, the rule (catalogue of words) with a link to the
formulas, and an explorer link preloaded with the failing configuration when the explorer can show it.
"""

from __future__ import annotations

import atexit
import json
import os
import re
import select
import subprocess
import sys
import threading
from html import escape

from convdocs.core.atlas import BY_NAME, FAMILIES, PAGES, TEXTS, Family
from convdocs.core.atlas_match import TAIL
from convdocs.core.words import say
from convdocs.site import cache, forks
from convdocs.site.forks import Forked
from convdocs.site.snippets import SNIPPETS

FOLDER = SNIPPETS / "atlas"
FIX = "# Fix"
TITLE, RULE = "atlas.title.", "atlas.rule."  # + family name: the catalogue's words for a section

NO_REPLY = say("build.atlas.snippets_process_ended_without_reply")  # a fork that died: the runner's answer
_RUNNER = r"""
import contextlib, io, json, os, sys, traceback
import torch  # once: every request runs in a fork of this process, which has run nothing

def run(paths):
    out = {}
    for path in paths:
        source = open(path, encoding="utf-8").read()
        cut = source.index("\n# Fix") + 1
        namespace = {"__name__": "__main__", "__file__": path}
        printed = []
        for part in (source[:cut], source[cut:]):
            buffer = io.StringIO()
            with contextlib.redirect_stdout(buffer):
                exec(compile(part, path, "exec"), namespace)
            printed.append(buffer.getvalue())
        out[path] = printed
    return out

def answer(line):
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read)
        os.dup2(os.open(os.devnull, os.O_WRONLY), 1)  # only the pipe answers: nothing else reaches stdout
        try:
            reply = {"printed": run(json.loads(line))}
        except BaseException:
            reply = {"error": traceback.format_exc()}
        with os.fdopen(write, "w", encoding="utf-8") as pipe:
            pipe.write(json.dumps(reply))
        os._exit(0)
    os.close(write)
    with os.fdopen(read, encoding="utf-8") as pipe:
        reply = pipe.read()
    os.waitpid(pid, 0)
    return reply or json.dumps({"error": NO_REPLY})

kept = {}  # request -> its answer, worked out before it was asked ({"keep": request}: no reply)
for line in sys.stdin:
    request = json.loads(line)
    if isinstance(request, dict):
        kept[json.dumps(request["keep"])] = answer(json.dumps(request["keep"]))
        continue
    sys.stdout.write(kept.pop(json.dumps(request), None) or answer(line))
    sys.stdout.write("\n")
    sys.stdout.flush()
"""
SECONDS = 300  # for one page's snippets
_runner: list[subprocess.Popen | Forked] = []  # the process that forks a fresh one per request, once started
_owner: list[int] = []  # the id of the process that started it
_kept: list[str] = []  # the atlas pages whose snippets it was asked to run before the build asks for them


def snippet(family: Family):
    return FOLDER / f"{family.name}.py"


def _alive(process: subprocess.Popen | Forked) -> bool:
    """Whether the snippets' process still runs; from a fork of the process that started it too (a guarded
    computation inherits it: only its parent may wait for it)."""
    if _owner and _owner[0] == os.getpid():
        return process.poll() is None
    try:
        os.kill(process.pid, 0)
    except ProcessLookupError:
        return False
    return True


def _process(fork: bool = False) -> subprocess.Popen | Forked:
    """The snippets' process, started when none runs (before a guarded computation: it inherits it): a fresh
    interpreter, or with ``fork`` (see :func:`start_early`) a fork of this process."""
    if not _runner or not _alive(_runner[0]):
        _owner[:] = [os.getpid()]
        code = _RUNNER.replace("NO_REPLY", repr(NO_REPLY))
        alone = threading.active_count() == 1 and hasattr(os, "fork")
        if fork and alone and os.environ.get("PYTHONHASHSEED") == "0" and "torch" in sys.modules:
            _runner[:] = [_fork(code)]
        else:
            _runner[:] = [
                subprocess.Popen(
                    [sys.executable, "-c", code],
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.DEVNULL,
                    text=True,
                    encoding="utf-8",
                    cwd=FOLDER,
                    env=dict(os.environ, PYTHONHASHSEED="0"),  # torch prints Python sets: one order, identical builds
                )
            ]
        atexit.register(_stop, _runner[0])
    return _runner[0]


def _fork(code: str) -> Forked:
    """``code`` run in a fork of this process as the fresh interpreter would run it: its input and output
    pipes to this process, its errors to nothing, in the snippets' folder."""
    pid, requests, replies = forks.piped()
    if pid:
        return Forked(pid, os.fdopen(requests, "w", encoding="utf-8"), os.fdopen(replies, encoding="utf-8"))
    try:
        os.dup2(requests, 0)
        os.dup2(replies, 1)
        os.dup2(os.open(os.devnull, os.O_WRONLY), 2)
        os.close(requests)
        os.close(replies)
        os.chdir(FOLDER)
        sys.stdin = open(0, encoding="utf-8", closefd=False)  # noqa: SIM115  the process's own streams
        sys.stdout = open(1, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
        sys.stderr = open(2, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
        exec(compile(code, "<atlas runner>", "exec"), {"__name__": "__main__"})  # noqa: S102  convdocs' own code
        sys.stdout.flush()
    finally:
        os._exit(0)


def _stop(process: subprocess.Popen | Forked) -> None:
    """End the snippets' process with this one: its input closes, it returns."""
    if process.stdin is not None:
        process.stdin.close()
    process.wait(timeout=10)


def start_early(fork: bool = False) -> None:
    """Start the snippets' process now when some atlas page is not in the cache, and have it run those pages'
    snippets at once, on the other core, while the build renders the pages before the atlas's: when the build
    asks for them (:func:`run_all`), the answers are ready. ``fork``: the caller has imported torch and run
    nothing yet, with hash seed 0 and no other thread (``make site``'s build as it starts), so the process can
    be a fork of it instead of an interpreter that imports torch again."""
    missing = [name for name in PAGES if not page.stored(name) and name not in _kept]
    if missing:
        process = _process(fork)
        assert process.stdin is not None
        for name in missing:
            process.stdin.write(json.dumps({"keep": [str(path) for path in _snippets(name)]}) + "\n")
            _kept.append(name)
        process.stdin.flush()


def run_all(families=FAMILIES) -> dict[str, tuple[str, str]]:
    """What each family's snippet printed, before and after its ``# Fix`` line, all in one fresh process."""
    paths = [str(snippet(f)) for f in families]
    process = _process()
    assert process.stdin is not None and process.stdout is not None
    process.stdin.write(json.dumps(paths) + "\n")
    process.stdin.flush()
    ready, _, _ = select.select([process.stdout], [], [], SECONDS)
    if not ready:
        process.kill()
        raise RuntimeError(
            say("pages.atlas_page.the_atlas_snippets_ran_past_s", seconds=SECONDS, paths=", ".join(paths))
        )
    reply = json.loads(process.stdout.readline() or json.dumps({"error": say("build.atlas.snippets_process_ended")}))
    if "error" in reply:
        raise RuntimeError(say("pages.atlas_page.an_atlas_snippet_failed", error=reply["error"]))
    return {f.name: tuple(reply["printed"][str(snippet(f))]) for f in families}  # type: ignore[misc]


def parts(family: Family) -> tuple[str, str]:
    """The snippet's source before and from its ``# Fix`` line."""
    source = snippet(family).read_text(encoding="utf-8")
    cut = source.index("\n" + FIX) + 1
    return source[:cut], source[cut:]


def _fence(text: str, lang: str, title: str) -> str:
    return f'```{lang} title="{title}"\n{text.rstrip()}\n```\n'


def _braces(text: str) -> str:
    """Braces as character references: a heading's ``{...}`` would read as attributes (attr_list)."""
    return text.replace("{", "&#123;").replace("}", "&#125;")


_VARIANT = re.compile(r"\d|…(?: x …)+|(?:[DHW]: …,? ?)+")  # what differs between a message's n-d variants


def _short(text: str, most: int = 12) -> str:
    """The first ``most`` words of ``text``: a long message's heading would otherwise outrank short ones for
    any pasted message that shares a few words with it (Material matches every word as a prefix)."""
    words = text.split(" ")
    return text if len(words) <= most else " ".join(words[:most]) + " …"


def headings(family: Family) -> list[str]:
    """One heading per distinct torch text of the family (numbers as "…", no double quotes: Material's search
    reads a quoted word as a phrase): search ranks a heading's words first, so a pasted message finds its family."""
    texts: dict[str, str] = {}
    for key in family.texts():
        text = TEXTS[key]["text"].split(TAIL)[0].replace("{}", "…").replace('"', "")
        texts.setdefault(_VARIANT.sub("…", text), _short(text))  # one heading for the 1-d, 2-d and 3-d variants
    return [
        f"### {_braces(escape(text.replace('{{', '{').replace('}}', '}'), quote=False))} {{#{family.anchor}-{i + 1}}}\n"
        for i, text in enumerate(texts.values())
    ]


def section(family: Family, printed: tuple[str, str], torch_version: str) -> str:
    """One family's section, as Markdown."""
    raising, fixing = parts(family)
    name = f"snippets/atlas/{family.name}.py"
    text = [
        f"## {say(TITLE + family.name)} {{#{family.anchor}}}\n",
        *headings(family),
        f"**{say('atlas.heading.message')}**\n",
        _fence(raising, "python", name),
        _fence(printed[0], "text", "PyTorch"),
        f"<p><small>{say('pages.atlas_page.printed_by_pytorch_when_built', torch_version=torch_version)}</small></p>\n",
        f"**{say('atlas.heading.rule')}.** {say(RULE + family.name)} "
        f"[{say('atlas.formula')}](../../reference/formulas/)\n",
        f"**{say('atlas.heading.fix')}**\n",
        _fence(fixing, "python", name),
        _fence(printed[1], "text", "Output"),
    ]
    if family.explorer:
        text.append(f'<p><a href="../../explorer/?{escape(family.explorer)}">{say("atlas.explorer")}</a></p>\n')
    return "\n".join(text)


def _snippets(name: str) -> list:
    return [snippet(BY_NAME[f]) for f in PAGES[name]]


@cache.cached("atlas", _snippets, before=_process)
def page(name: str) -> str:
    """The sections of the atlas page ``name`` (docs/errors/<name>.md), from the cache when none of its snippets
    and no convdocs source changed."""
    import torch

    families = [BY_NAME[f] for f in PAGES[name]]
    printed = run_all(families)
    return "\n".join(section(f, printed[f.name], torch.__version__) for f in families)
