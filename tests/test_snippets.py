"""Each snippet prints exactly its expected lines, run as a reader runs it; any number changed shows."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from convdocs.run import SNIPPETS, run_source

EXPECTED = Path(__file__).parent / "expected"
NAMES = sorted(p.stem for p in SNIPPETS.glob("*.py"))


def test_every_snippet_has_expected_output():
    assert NAMES, "no snippets found"
    assert NAMES == sorted(p.stem for p in EXPECTED.glob("*.txt"))


@pytest.mark.parametrize("name", NAMES)
def test_snippet_prints_expected_lines(name):
    """A reader's copy: the file run alone with python, nothing of convdocs imported."""
    done = subprocess.run(
        [sys.executable, str(SNIPPETS / f"{name}.py")], capture_output=True, text=True, timeout=120, cwd="/"
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == (EXPECTED / f"{name}.txt").read_text().splitlines()


def _numbers(source: str):
    """The integer literals that set a layer or an input: all of them but

    the random seed (it changes values, never shapes), the channel counts of a layer (the first two
    arguments of ``nn.Conv*``; no example is about channels), and constants inside helper functions
    (an algorithm's own numbers, tested on their own).
    """
    tree = ast.parse(source)
    exempt = set()
    for node in ast.walk(tree):
        name = getattr(getattr(node, "func", None), "attr", "")
        if isinstance(node, ast.Call) and name == "manual_seed":
            exempt |= {id(n) for a in node.args for n in ast.walk(a)}
        if isinstance(node, ast.Call) and name.startswith(("Conv", "ConvTranspose")):
            exempt |= {id(n) for a in node.args[:2] for n in ast.walk(a)}
        if isinstance(node, ast.FunctionDef):
            exempt |= {id(n) for n in ast.walk(node)}
    return [n for n in ast.walk(tree) if isinstance(n, ast.Constant) and type(n.value) is int and id(n) not in exempt]


@pytest.mark.parametrize("name", NAMES)
def test_changing_any_number_changes_the_output(name):
    """The expected-output test can fail: bumping any size, kernel, stride or padding breaks it."""
    path = SNIPPETS / f"{name}.py"
    source = path.read_text()
    expected = (EXPECTED / f"{name}.txt").read_text()
    lines = source.splitlines(keepends=True)
    numbers = _numbers(source)
    assert numbers
    for node in numbers:
        line = lines[node.lineno - 1]
        mutated_line = line[: node.col_offset] + str(node.value + 1) + line[node.end_col_offset :]
        mutated = "".join(lines[: node.lineno - 1] + [mutated_line] + lines[node.lineno :])
        try:
            out = run_source(mutated, path).stdout
        except Exception:  # torch rejecting the change also fails the real test
            continue
        assert out != expected, f"changing {node.value} on line {node.lineno} of {name}.py went unnoticed"


def test_pooling_recipes_are_named_after_the_rule_they_follow():
    """Review of issue #13: port_pooling's helpers were named tf_* though TensorFlow never runs here; they
    follow the 'SAME' rule, checked against JAX (tests/oracle_port.py), and say so in their names and output."""
    source = (SNIPPETS / "port_pooling.py").read_text()
    defined = {node.name for node in ast.walk(ast.parse(source)) if isinstance(node, ast.FunctionDef)}
    assert defined == {"same_pad", "same_avg_pool", "same_max_pool"}
    assert "TensorFlow" not in (EXPECTED / "port_pooling.txt").read_text()


def test_padding_modes_figures_all_print_output_values():
    """REVIEW2 #11: the page says 'The figures print the output values the layer returned'; layer 5
    (circular, padding 3) had random weights and a bias, so its output cells carried no number."""
    from convdocs.run import run

    calls = run("padding_modes").calls
    assert len(calls) >= 5
    assert all(call.out_values is not None for call in calls), [call.out_values is None for call in calls]
