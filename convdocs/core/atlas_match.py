"""Which padding message a pasted text is, with its numbers: the arithmetic behind ``python -m convdocs explain``.

Pure Python (no torch). Each torch text of the atlas (``convdocs.core.atlas.TEXTS``, ``{}`` for a number)
becomes a regular expression: a number, a bracketed list of numbers or a quoted word per ``{}``, any run of
white space per space (a message pasted across lines), a Python set in any order. The longest match wins.
The expressions are written so that JavaScript reads them alike (explicit classes, no ``\\d``, ``\\w`` or ``\\s``,
whose Unicode sets differ): the site's search box and the explorer match with them in the browser
(docs/assets/core/atlas_match.mjs, on the golden cases of ``tests/golden.py``).
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from functools import cache

from convdocs.core.atlas import BY_KEY, SITE_URL, TEXTS, Family, family_of, url
from convdocs.core.atlas_fields import fields
from convdocs.core.words import say

CAUSE, FIX = "atlas.cause.", "atlas.fix."  # + torch_text key (before its "/"): the catalogue's words
SHARED = {"replicate_too_small": "reflect_too_small", "pool_negative_1d": "pool_negative"}  # same cause and fix
MOST = 20_000  # characters: a traceback fits; more is refused in one line
SET = re.compile(r"\\\{'[^{}]*'\\\}")  # a set literal, escaped: torch prints it in hash order
TAIL = " (Triggered internally"  # where a warning's text names torch's source file: not matched
SPACE = (
    r"[\t-\r \u00a0]+"  # a run of white space (tab to carriage return, space), a no-break space too (from a web page)
)
NUMBER = r"-?[0-9]{1,20}"


@dataclass(frozen=True)
class Match:
    key: str  # the torch_text key
    values: tuple[str, ...]  # what its {} held
    text: str  # the part of the paste that matched

    @property
    def family(self) -> Family:
        return family_of(self.key)


def _literal(text: str) -> str:
    escaped = SET.sub(r"\\{[^{}]*\\}", re.escape(text))
    return re.sub(r"(?:\\ )+", lambda _: SPACE, escaped)


@cache
def pattern(key: str) -> re.Pattern:
    """The regular expression of the torch text ``key``."""
    text = TEXTS[key]["text"].split(TAIL)[0]
    parts, previous = [], ""
    for literal, field, _, _ in string.Formatter().parse(text):
        previous += literal  # "{{" splits a literal in two: join them back before escaping
        if field is None:
            continue
        parts.append(_literal(previous))
        if previous.endswith("'"):
            parts.append(r"([^'\n]{0,200})")
        elif previous.endswith("["):
            parts.append(f"({NUMBER}(?:,{SPACE[:-1]}*{NUMBER}){{0,10}})")
        else:
            parts.append(f"({NUMBER})")
        previous = ""
    return re.compile("".join(parts) + _literal(previous) + r"(?![0-9A-Za-z_])")


def find(text: str) -> Match | None:
    """The atlas message ``text`` holds (the longest match), or None."""
    best: Match | None = None
    for key in BY_KEY:
        found = pattern(key).search(text)
        if found and (best is None or len(found.group(0)) > len(best.text)):
            best = Match(key, tuple(re.sub(f",{SPACE[:-1]}*", ", ", g) for g in found.groups()), found.group(0))
    return best


class Refused(ValueError):
    """Input ``explain`` cannot take (empty or too long): one line for the reader."""


def explain(text: str, site: str = SITE_URL) -> tuple[Match | None, list[str]]:
    """The answer's lines: cause with the message's numbers, fix as code, the atlas section's address.

    An unknown message gives (None, [one line]); empty or huge input raises :class:`Refused`.
    """
    if not text.strip():
        raise Refused(say("atlas.empty"))
    if len(text) > MOST:
        raise Refused(say("atlas.too_long", most=MOST))
    match = find(text)
    if match is None:
        from convdocs.core.atlas import CATALOGUE

        return None, [say("atlas.unknown", torch=CATALOGUE["torch"], url=f"{site.rstrip('/')}/errors/")]
    base = match.key if match.key.startswith("warning/") else match.key.split("/")[0]
    base = SHARED.get(base, base)
    values = fields(match.key, list(match.values))
    lines = [
        say("atlas.answer.cause", cause=_fill(CAUSE + base, values)),
        say("atlas.answer.fix", fix=_fill(FIX + base, values)),
        say("atlas.answer.see", url=url(site, match.family)),
    ]
    return match, lines


def _fill(key: str, values: dict) -> str:
    from convdocs.core.words import fields as wanted

    return say(key, **{name: values[name] for name in wanted(key)})


def link(torch_text: str, site: str = SITE_URL) -> str:
    """``Atlas: <address>`` for an error whose torch text is an atlas message, else ""."""
    match = find(torch_text) if torch_text and len(torch_text) <= MOST else None
    return say("atlas.see", url=url(site, match.family)) if match else ""
