"""`make bench`'s own measurements run: a broken import in one of them failed the whole report, unseen by `make test`."""

from __future__ import annotations

import pytest

from convdocs.figures import scene
from convdocs.tools import bench


@pytest.mark.slow
def test_the_draw_at_the_cell_budget_runs_and_draws_every_cell():
    drawn = bench.draw_at_budget()
    assert set(drawn) == {"svg", "png"}
    for kind, row in drawn.items():
        assert row["status"] == 0 and row["cells"] == scene.CELL_BUDGET, (kind, row)
        assert row["bytes"] > 1000 and 0 < row["cpu"] and row["peak"] > 0, (kind, row)
