"""The catalogue of words holds every error sentence once: none typed inline, none dead, none twice."""

from __future__ import annotations

import ast
import json
import re
import string
from pathlib import Path

from convdocs.core.words import FOLDER, WORDS

ROOT = Path(__file__).resolve().parents[1]
SCANNED = [ROOT / "convdocs" / "core", ROOT / "convdocs" / "cli"]
# errors.py defines the API: its ": " and " — convdocs: " separators join catalogue sentences, they are not ones
API = ROOT / "convdocs" / "core" / "errors.py"
# The catalogue's own machinery: its raises tell a developer the catalogue is broken, no reader sees them
DEVELOPER = {ROOT / "convdocs" / "core" / "words.py", ROOT / "convdocs" / "core" / "torch_text.py"}
ERROR_CALLS = {"Rejected", "own", "ConvError", "torch_error"}
# Keys read by family, by prefix: "explain.<torch_text key>" (torch_text.EXPLAIN, one per key of
# torch_text.json), "legend.<name>" (figures/style.LEGEND) and the error atlas's cause, fix, title and rule
# (core/atlas_match.py, site/atlas_page.py); the explorer reads the shipped catalogue.
DYNAMIC = {
    "explain.": ROOT / "convdocs" / "core" / "torch_text.py",
    "legend.": ROOT / "convdocs" / "figures" / "style.py",
    "atlas.cause.": ROOT / "convdocs" / "core" / "atlas_match.py",  # one per torch text of the error atlas
    "atlas.fix.": ROOT / "convdocs" / "core" / "atlas_match.py",
    "atlas.title.": ROOT / "convdocs" / "site" / "atlas_page.py",  # one per family of the error atlas
    "atlas.rule.": ROOT / "convdocs" / "site" / "atlas_page.py",
}
# explain.* mirrors torch_text.json one key per torch text; these torch texts share one explanation
SAME_EXPLANATION = {
    frozenset({"explain.reflect_too_small", "explain.replicate_too_small"}),
    frozenset({"explain.param_length", "explain.same_broadcast"}),
    frozenset({"explain.weight_dims", "explain.weight_dims_aten"}),
}


def _name(func: ast.expr) -> str | None:
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None


def _sentences(node: ast.expr) -> list[str]:
    """The literal text in ``node`` that reads as words: a space and a letter (``", "`` is a separator)."""
    return [
        n.value
        for n in ast.walk(node)
        if isinstance(n, ast.Constant)
        and isinstance(n.value, str)
        and " " in n.value
        and any(c.isalpha() for c in n.value)
    ]


def inline_sentences(source: str, where: str = "", raises: bool = True) -> list[str]:
    """Every error call (or, with ``raises``, raise of an exception built from text) whose arguments type a
    sentence inline."""
    found = []
    for node in ast.walk(ast.parse(source)):
        calls = []
        if isinstance(node, ast.Call) and _name(node.func) in ERROR_CALLS:
            calls.append(node)
        if raises and isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
            calls.append(node.exc)
        for call in calls:
            if _name(call.func) == "say":
                continue
            texts = [t for arg in [*call.args, *(k.value for k in call.keywords)] for t in _sentences(arg)]
            if texts:
                found.append(f"{where}:{call.lineno}: {_name(call.func)}({texts[0]!r} …)")
    return sorted(set(found))


def test_no_error_sentence_is_typed_inline():
    found = [
        hit
        for folder in SCANNED
        for path in sorted(folder.glob("*.py"))
        if path != API
        for hit in inline_sentences(
            path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)), raises=path not in DEVELOPER
        )
    ]
    assert not found, "\n".join(found)


def test_the_scan_finds_a_sentence_typed_inline():
    synthetic = """
from convdocs.core.errors import ConvError, Rejected, own
from convdocs.core.words import say

def ok(n):
    raise Rejected(say("pool.torch.stride_should_not_zero"), say("common.why.stride_must_at_least_1"))

def joined(names):
    raise own(say("layer.own.unknown_layer", name="x"), say("layer.why.use_torch_class_name", names=", ".join(names)))

def typed(n):
    raise Rejected(f"stride should be positive, got {n}", say("common.why.stride_must_at_least_1"))

def typed_why():
    raise own("bad input", "give a number")

def typed_raise(v):
    raise ValueError("not a size: " + repr(v))
"""
    found = inline_sentences(synthetic, "synthetic.py")
    assert [hit.split(":")[1] for hit in found] == ["12", "15", "18"], found


def _used_text() -> str:
    files = [*(ROOT / "convdocs").rglob("*.py"), *(ROOT / "docs" / "assets").rglob("*.*js")]  # the core: *.mjs
    return "\n".join(path.read_text(encoding="utf-8") for path in files)


def test_every_key_is_used():
    used = _used_text()
    for prefix, reader in DYNAMIC.items():
        assert f'"{prefix}"' in reader.read_text(encoding="utf-8"), (prefix, reader)
    dead = [
        key for key in WORDS if f'"{key}"' not in used and f"'{key}'" not in used and not key.startswith(tuple(DYNAMIC))
    ]
    assert not dead, dead


def test_placeholders_are_plain_identifiers():
    for key, text in WORDS.items():
        for _, name, spec, conversion in string.Formatter().parse(text):
            if name is not None:
                assert re.fullmatch(r"[a-z_][a-z0-9_]*", name) and not spec and not conversion, (key, name)


def test_no_two_keys_hold_the_same_text():
    by_text: dict[str, set[str]] = {}
    for key, text in WORDS.items():
        by_text.setdefault(text, set()).add(key)
    shared = {frozenset(keys) for keys in by_text.values() if len(keys) > 1}
    assert shared <= SAME_EXPLANATION, shared - SAME_EXPLANATION


def test_every_file_is_one_flat_object():
    for path in sorted(FOLDER.glob("*.json")):
        words = json.loads(path.read_text(encoding="utf-8"))
        assert isinstance(words, dict) and all(isinstance(v, str) for v in words.values()), path.name
