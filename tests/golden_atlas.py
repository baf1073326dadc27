"""Golden cases for the browser's atlas matcher (docs/assets/core/atlas_match.mjs), written from convdocs.core.

Every atlas text filled with numbers (not the page's: seeded at random, negative and long ones too), pasted as a
reader pastes it: with and without its type, inside a traceback (its lines kept, joined by spaces as a search box
joins them, or run together), wrapped across lines, with a warning's "(Triggered internally at …)" tail and the
file and line Python's warnings print before it, cut short, with a number too long for torch; and texts that are
no atlas message (unrelated words, Unicode digits and spaces). The expected answer is what ``explain``'s matcher
(:func:`convdocs.core.atlas_match.find`) gives for the same text, so Python and JavaScript cannot disagree.
Pure convdocs.core: no torch. Written by ``python -m tests.golden`` with the other golden files.
"""

from __future__ import annotations

import random
import re

from convdocs.core.atlas import BY_KEY, TEXTS, anchors
from convdocs.core.atlas_match import TAIL, find

SECTIONS = anchors()  # torch_text key -> its section, as the shipped patterns name it

TRACEBACK = 'Traceback (most recent call last):\n  File "train.py", line 12, in <module>\n    y = model(x)\n'
WARNED_AT = "/usr/lib/python3/dist-packages/torch/nn/modules/conv.py:456: "  # how Python prints a warning's origin
WORDS = ["full", "wrap", "SAME", "same ", "zeros", "reflect", "x y", ""]  # what a quoted {} may hold


def _number(rng: random.Random) -> str:
    return str(rng.choice([rng.randint(-9, 9), rng.randint(0, 300), rng.randint(-(2**40), 2**40)]))


def fill(text: str, rng: random.Random) -> str:
    """``text`` (a torch text: ``{}`` for a value, ``{{``/``}}`` for a brace) with values of torch's kinds; a
    Python set in it listed in another order, as another process's hash order prints it."""
    out: list[str] = []
    for piece in re.split(r"(\{\{|\}\}|\{\})", text):
        if piece == "{}":
            before = "".join(out)
            if before.endswith("'"):
                out.append(rng.choice(WORDS))
            elif before.endswith("["):
                out.append(", ".join(_number(rng) for _ in range(rng.randint(1, 5))))
            else:
                out.append(_number(rng))
        else:
            out.append({"{{": "{", "}}": "}"}.get(piece, piece))
    filled = "".join(out)
    for found in re.findall(r"\{'[^{}]*'\}", filled):
        items = found[1:-1].split(", ")
        rng.shuffle(items)
        filled = filled.replace(found, "{" + ", ".join(items) + "}")
    return filled


def pastes(kind: str, message: str, rng: random.Random) -> list[str]:
    """The ways a reader pastes ``message`` (its first line, or more)."""
    line = f"{kind}: {message}"
    words = message.split(" ")
    cut = rng.randint(1, max(1, len(words) - 1))
    wrapped = " ".join(words[:cut]) + "\n    " + " ".join(words[cut:])
    out = [
        line,
        message,
        TRACEBACK + line + "\n",
        (TRACEBACK + line).replace("\n", " "),  # a search box joins the lines
        (TRACEBACK + line).replace("\n", ""),
        f"{kind}: {wrapped}",
        line.replace(" ", "  ").replace(", ", ",\u00a0"),
        line[: max(1, len(line) * 2 // 3)],  # cut short: another message, or none
        re.sub(r"\d+", "1" * 25, line, count=1),  # a number longer than torch prints
    ]
    if TAIL in message:
        first = message.split(TAIL)[0]
        out += [f"{WARNED_AT}{kind}: {first}", f"{WARNED_AT}{line}\n  return F.conv2d(input, weight)"]
    return out


NOT_MESSAGES = [
    "",
    "Output size is too small",
    "padding same",
    "RuntimeError: CUDA out of memory. Tried to allocate 2.00 GiB",
    "input (W: ٣) is too small. Calculated output W: -1",  # Arabic-Indic digit: no number torch prints
    "input (W: 3) is too small. Calculated output W: -1é",
    "input (W: 3) is too small. Calculated output W: -1_",
    "input (W: 3)\u2003is too small. Calculated output W: -1",  # an em space: not one of the matched spaces
    "input (W: 3)\x1cis too small. Calculated output W: -1",
    "input (W: 3)\ufeffis too small. Calculated output W: -1",
    "pad should be at most half of effective kernel size, but got pad=2, kernel_size=2 and " * 3,
]


def expected(text: str) -> dict | None:
    match = find(text)
    if match is None:
        return None
    return {"section": SECTIONS[match.key], "text": match.text, "values": list(match.values)}


def cases(fills: int = 2, seed: int = 26) -> list[dict]:
    rng = random.Random(seed)
    texts = []
    for key in BY_KEY:
        for _ in range(fills):
            texts += pastes(TEXTS[key]["type"], fill(TEXTS[key]["text"], rng), rng)
    texts += NOT_MESSAGES
    return [{"text": t, "expected": expected(t)} for t in dict.fromkeys(texts)]
