"""``python -m convdocs explain "MESSAGE"``: a pasted PyTorch padding error or warning, explained.

Pure Python (no torch): the message is matched against the texts captured from torch
(:mod:`convdocs.core.atlas_match`); the answer is the cause with the message's own numbers, the fix as a
line of code and the address of the message's section in the error atlas (docs/errors/).
Exit status: 0 explained, 1 a message the atlas does not hold, 2 input it cannot take (empty, too long).
"""

from __future__ import annotations

import sys

from convdocs.core.atlas_match import MOST, Refused, explain
from convdocs.core.words import say

HELP = say("cli.explain.explain_a_pasted_pytorch_padding_error")


def add_parser(commands) -> None:
    sub = commands.add_parser("explain", help=HELP, description=HELP)
    sub.add_argument(
        "message",
        nargs="*",
        metavar="MESSAGE",
        help=say("cli.explain.the_message_whole_or_its_first"),
    )


def command(args) -> int:
    text = " ".join(args.message)
    if args.message == ["-"]:
        text = sys.stdin.read(MOST + 1)
    try:
        match, lines = explain(text)
    except Refused as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if match is None:
        print(f"error: {lines[0]}", file=sys.stderr)
        return 1
    print("\n".join(lines))
    return 0
