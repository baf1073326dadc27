"""The error atlas: it covers every padding message torch raises, and `explain` reads each one back.

Oracles: torch itself (the sweep, the snippets, the captured texts) and the atlas page's own snippets.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from convdocs.core import atlas
from convdocs.core.atlas_match import MOST, TAIL, explain, find
from tests import atlas_ops
from tests.cli_run import imports_nothing_heavy
from tests.conftest import children_cpu

ROOT = Path(__file__).resolve().parent.parent


def covered(kind: str, text: str) -> str | None:
    """The torch_text key the atlas holds for torch's first line ``text`` (matched whole), or None."""
    match = find(text)
    if match is None or not text.startswith(match.text):
        return None
    rest = text[len(match.text) :]
    if rest and not rest.startswith(TAIL):  # a reworded tail is a new message
        return None
    return match.key if atlas.TEXTS[match.key]["type"] == kind else None


@pytest.mark.slow
@settings(max_examples=4000, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(atlas_ops.OPERATIONS)
def test_the_atlas_covers_every_padding_message_torch_raises(op):
    """Conv/ConvTranspose 1-3d, pooling, F.pad, padding layers and Fold/Unfold: whatever torch says about an
    operation's padding (it runs without its padding, or the message names padding) is in the atlas."""
    for kind, text in atlas_ops.padding_said(op):
        assert covered(kind, text), f"the atlas does not cover {kind}: {text!r} (from {op})"


@pytest.mark.slow
def test_each_section_prints_every_message_of_its_family_and_a_shape():
    from convdocs.site.atlas_page import run_all

    printed = run_all()
    for family in atlas.FAMILIES:
        before, after = printed[family.name]
        lines = [line for line in before.splitlines() if re.match(r"^[A-Z]\w+(Error|Warning): ", line)]
        keys = set()
        for line in lines:
            kind, text = line.split(": ", 1)
            key = covered(kind, text)
            assert key and key in family.texts(), (family.name, line)
            keys.add(atlas.TEXTS[key]["text"])
        assert keys == {atlas.TEXTS[k]["text"] for k in family.texts()}, family.name
        assert re.fullmatch(r"(\(\d+(, \d+)*\)\n)+", after), (family.name, after)


def test_explain_reads_every_captured_message_back():
    """Each atlas text as torch raises it (the capture's own configurations) gets its family's answer."""
    from convdocs.tracing import capture_atlas, capture_text

    for key in (k for family in atlas.FAMILIES for k in family.texts()):
        if key.startswith("warning/"):  # torch gives it once a process: the captured text, with a line number
            text = atlas.TEXTS[key]["text"].format("1101")
        else:
            entry = capture_text.ENTRIES.get(key) or capture_atlas.ENTRIES[key]
            error = capture_text._raise(*entry) if isinstance(entry, tuple) else capture_text.raised(entry)
            text = str(error)
        match, lines = explain(f"{atlas.TEXTS[key]['type']}: {text}")
        assert match is not None and match.family == atlas.family_of(key), key
        assert len(lines) == 3 and not any("{" in line for line in lines[:1]), lines
        assert lines[2].endswith(f"/errors/{match.family.page}/#{match.family.anchor}"), lines


@pytest.mark.parametrize(("kernel", "dilation"), [(k, d) for k in range(1, 6) for d in range(1, 4)])
def test_pool_half_rule_and_its_fix_against_torch(kernel, dilation):
    """The rule's bound, ⌊k / 2⌋ whatever the dilation, is where torch starts to refuse; the fix explain prints
    for the refusal (padding=N) runs."""
    import torch
    from torch import nn

    x = torch.zeros(1, 1, 16, 16)
    most = kernel // 2
    for pad in range(0, 6):
        layer = nn.MaxPool2d(kernel, padding=pad, dilation=dilation)
        try:
            layer(x)
        except RuntimeError as error:
            assert pad > most, (pad, error)
            match, lines = explain(str(error))
            assert match is not None and match.family.name == "pool_half"
            fixed = re.search(r"padding=\(?(\d+)", lines[1])
            assert fixed and int(fixed.group(1)) == most, lines
            nn.MaxPool2d(kernel, padding=int(fixed.group(1)), dilation=dilation)(x)
        else:
            assert pad <= most, pad


def test_avg_pool_half_rule_against_torch():
    """AvgPool2d (no dilation) starts to refuse above ⌊k / 2⌋ too."""
    import torch
    from torch import nn

    x = torch.zeros(1, 1, 16, 16)
    for kernel in range(1, 6):
        for pad in range(0, 5):
            try:
                nn.AvgPool2d(kernel, padding=pad)(x)
                ok = True
            except RuntimeError:
                ok = False
            assert ok == (pad <= kernel // 2), (kernel, pad)


def test_pad_pairs_rule_against_torch():
    """pad_pairs's rule: an even number of amounts, at most two per dimension of the input."""
    import torch
    import torch.nn.functional as F

    for dims in range(1, 5):
        for length in range(0, 11):
            try:
                F.pad(torch.zeros((4,) * dims), (1,) * length)
                ok = True
            except RuntimeError:
                ok = False
            assert ok == (length % 2 == 0 and length <= 2 * dims), (dims, length)


def test_pad_dims_rule_against_torch():
    """pad_dims's rule: non-constant modes take 2 amounts for a 2-d or 3-d input, 4 for 3-d or 4-d, 6 for 4-d
    or 5-d, and nothing else."""
    import torch
    import torch.nn.functional as F

    from convdocs.core.atlas_fields import ALLOWED

    for dims in range(1, 7):
        for length in (2, 4, 6, 8):
            for mode in ("reflect", "replicate", "circular"):
                try:
                    F.pad(torch.zeros((3,) * dims), (1,) * length, mode=mode)
                    ok = True
                except (RuntimeError, NotImplementedError):
                    ok = False
                assert ok == (length in ALLOWED.get(dims, ())), (dims, length, mode)


def test_site_url_is_mkdocs_site_url():
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    assert config["site_url"] == atlas.SITE_URL


def _cli(*args: str, stdin: str | None = None) -> tuple[int, str, str, float]:
    """Status, output, errors and the CPU seconds the command took (a busy machine does not stretch them)."""
    started = children_cpu()
    done = subprocess.run(
        [sys.executable, "-m", "convdocs", "explain", *args], capture_output=True, text=True, input=stdin, timeout=30
    )
    return done.returncode, done.stdout, done.stderr, children_cpu() - started


def test_explain_imports_no_torch():
    status, err = imports_nothing_heavy(["explain", "negative padding is not supported"])
    assert status == 0, err


def test_explain_answers_a_near_miss_of_the_largest_size_within_a_second():
    """The worst input it takes: MOST characters that almost match many messages, read from standard input."""
    near = "pad should be at most half of effective kernel size, but got pad=2, kernel_size=2 and "
    status, out, err, seconds = _cli("-", stdin=(near * MOST)[:MOST])
    assert status == 1 and seconds < 1.0, (status, err, seconds)


def test_explain_answers_within_a_second_with_the_message_numbers():
    status, out, err, seconds = _cli(
        "RuntimeError: pad should be at most half of effective kernel size, but got pad=2, kernel_size=2 and dilation=1"
    )
    assert status == 0 and err == "" and seconds < 1.0, (status, err, seconds)
    assert out.splitlines() == [
        "cause: pad=2 but kernel_size=2 allows at most 1",
        "fix:   nn.MaxPool2d(2, padding=1)",
        "see:   https://convdocs.github.io/convdocs/errors/pooling/#pool-half",
    ]


@pytest.mark.parametrize(
    ("args", "stdin", "status"),
    [
        (["Something else went wrong"], None, 1),
        ([], None, 2),
        (["   "], None, 2),
        (["-"], "x" * (MOST + 5), 2),
        (["x" * (MOST + 1)], None, 2),
        (["-"], "\x00\n" * 10, 1),
    ],
)
def test_explain_refuses_in_one_line(args, stdin, status):
    got, out, err, seconds = _cli(*args, stdin=stdin)
    assert got == status and out == "" and err.startswith("error: ") and err.count("\n") == 1, (got, err)
    assert "Traceback" not in err and seconds < 1.0


@pytest.mark.slow
@given(st.text(max_size=300))
@settings(max_examples=200, deadline=None)
def test_explain_never_raises_on_any_text(text):
    try:
        match, lines = explain(text)
    except ValueError:
        assert not text.strip()
        return
    assert lines and all("\n" not in line for line in lines)
