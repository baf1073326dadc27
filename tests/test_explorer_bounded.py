"""The explorer's solve does bounded work (issue 25): closed forms, the first pairs and a count, at most 50 ms a
change, and the same answers and lines as solve.py. Runs the explorer's core (docs/assets/core/solve.mjs) in Node."""

from __future__ import annotations

import shutil

import pytest

from convdocs.core.errors import ConvError
from convdocs.core.solve import solve, solve_text
from convdocs.tools import explorer_time

pytestmark = pytest.mark.skipif(shutil.which("node") is None, reason="needs node")


def test_the_issue_cases_answer_at_once_with_the_first_pairs_and_a_count():
    answers = explorer_time.run(explorer_time.HOSTILE)
    assert max(a["ms"] for a in answers) < explorer_time.BUDGET_MS, [a["ms"] for a in answers]
    huge = answers[2]  # stride 10^7, transposed: 25,000,000,000,000 pairs (the tab froze, then crashed)
    assert huge["lines"][10] == "... showing the first 10 of 25,000,000,000,000 pairs (--all prints every one)"
    assert len(huge["json"]["transposed"]) == 10 and huge["json"]["transposed_count"] == 5_000_000**2
    assert "height 0, 1, ..., 4999996 (4,999,997 values)" in answers[3]["lines"][0]


def test_solve_js_agrees_with_solve_py_and_stays_within_its_budget():
    cases = explorer_time.cases(400)
    answers = explorer_time.run(cases)
    compared = 0
    for case, got in zip(cases, answers):
        assert got["ms"] < explorer_time.BUDGET_MS, (case, got["ms"])
        try:
            answer = solve(**case)
        except ConvError:
            continue  # the page's layer check (explorer.js) refuses these before solve runs
        assert got.get("json") == answer.as_json(), case
        assert got["lines"] == solve_text(answer).splitlines()[1:], case
        compared += 1
    assert compared >= 100
