"""The explorer's values against torch: the golden file tests/golden/torch/values.json is what tests/golden_values.py
writes with torch now (the Node tests, tests/node/values.test.mjs, compare docs/assets/core/values.mjs with it;
tests/test_core_node.py runs them)."""

from __future__ import annotations

from tests import golden_values


def test_the_values_golden_file_is_what_torch_writes_now():
    assert golden_values.FILE.read_text(encoding="utf-8") == golden_values.text(), (
        "run: .venv/bin/python -m tests.golden_values"
    )
