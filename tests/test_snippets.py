"""Each snippet prints exactly its expected lines, run as a reader runs it; any number changed shows."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

from convdocs.site.snippets import SNIPPETS, run_source

EXPECTED = Path(__file__).parent / "expected"
NAMES = sorted(p.stem for p in SNIPPETS.glob("*.py"))


def test_every_snippet_has_expected_output():
    assert NAMES, "no snippets found"
    assert NAMES == sorted(p.stem for p in EXPECTED.glob("*.txt"))


# A reader's copy runs alone: `python snippets/NAME.py` from another folder, nothing of convdocs imported.
# Starting Python and importing torch is most of that run's cost, so a runner process imports torch once
# and forks a fresh child for each snippet; the child runs the file as __main__ (sys.argv, sys.path[0] and
# the working folder as `python FILE` sets them) and exits with the file's status. One snippet still runs
# through a real `python FILE` below, so the two ways are checked to agree.
_RUNNER = r"""
import json, os, runpy, sys, tempfile, traceback
import torch  # imported once, before any fork; no tensor work here, so no thread pool is started
for path in sys.stdin:
    path = path.strip()
    out, err = tempfile.mkstemp()[1], tempfile.mkstemp()[1]
    pid = os.fork()
    if pid == 0:
        with open(out, "w") as o, open(err, "w") as e:
            os.dup2(o.fileno(), 1)
            os.dup2(e.fileno(), 2)
        status = 0
        try:
            os.chdir("/")
            sys.argv, sys.path[0] = [path], os.path.dirname(path)
            runpy.run_path(path, run_name="__main__")
        except SystemExit as stop:
            status = stop.code if isinstance(stop.code, int) else 1
        except BaseException:
            traceback.print_exc()
            status = 1
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(status)
    _, wait = os.waitpid(pid, 0)
    result = {"status": os.waitstatus_to_exitcode(wait), "stdout": open(out).read(), "stderr": open(err).read()}
    os.unlink(out)
    os.unlink(err)
    print(json.dumps(result), flush=True)
"""


@pytest.fixture(scope="module")
def runner():
    process = subprocess.Popen(
        [sys.executable, "-c", _RUNNER], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd="/"
    )

    def run(path: Path) -> subprocess.CompletedProcess:
        assert process.stdin is not None and process.stdout is not None
        process.stdin.write(f"{path}\n")
        process.stdin.flush()
        result = json.loads(process.stdout.readline())
        return subprocess.CompletedProcess([str(path)], result["status"], result["stdout"], result["stderr"])

    yield run
    if process.stdin is not None:
        process.stdin.close()  # the runner's loop ends with its input
    process.wait(timeout=60)


@pytest.mark.slow
@pytest.mark.parametrize("name", NAMES)
def test_snippet_prints_expected_lines(name, runner):
    """A reader's copy: the file run alone, nothing of convdocs imported (a forked child of the runner)."""
    done = runner(SNIPPETS / f"{name}.py")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == (EXPECTED / f"{name}.txt").read_text().splitlines()


@pytest.mark.slow
def test_a_snippet_prints_the_same_run_by_python_itself(runner):
    """The runner's forked child and a plain `python FILE` print the same, exit the same."""
    path = SNIPPETS / "same_valid_custom.py"
    done = subprocess.run([sys.executable, str(path)], capture_output=True, text=True, timeout=120, cwd="/")
    forked = runner(path)
    assert (done.returncode, done.stdout) == (forked.returncode, forked.stdout) == (0, forked.stdout)
    assert done.stdout.splitlines() == (EXPECTED / "same_valid_custom.txt").read_text().splitlines()


def test_the_runner_reports_a_failing_snippet(runner, tmp_path):
    """A snippet that raises or exits with a status is not passed off as a run that printed nothing."""
    raises, exits = tmp_path / "raises.py", tmp_path / "exits.py"
    raises.write_text("print('before')\nraise ValueError('broken on purpose')\n")
    exits.write_text("import sys\nsys.exit(3)\n")
    done = runner(raises)
    assert done.returncode == 1 and done.stdout == "before\n" and "broken on purpose" in done.stderr
    assert runner(exits).returncode == 3


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


@pytest.mark.slow
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
    """the page says 'The figures print the output values the layer returned'; layer 5
    (circular, padding 3) had random weights and a bias, so its output cells carried no number."""
    from convdocs.site.snippets import run

    calls = run("padding_modes").calls
    assert len(calls) >= 5
    assert all(call.out_values is not None for call in calls), [call.out_values is None for call in calls]
