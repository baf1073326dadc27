"""A notebook's printed output as one block per stream, however the kernel's messages happened to arrive.

nbclient keeps each stream message the kernel sends as an output of its own, so a cell that prints
three lines can come out as one block or as two, by timing alone: two clean builds then differ.
nbconvert's own coalescing step runs before the notebook is executed; this runs it after.
"""

from __future__ import annotations


def coalesce_after_execution() -> None:
    """Make nbconvert's ExecutePreprocessor merge each cell's consecutive stream outputs once it has run them."""
    from nbconvert.preprocessors import CoalesceStreamsPreprocessor, ExecutePreprocessor

    run = ExecutePreprocessor.preprocess
    if getattr(run, "coalesces", False):
        return

    def preprocess(self, nb, resources=None, km=None):
        nb, resources = run(self, nb, resources, km=km)
        merge = CoalesceStreamsPreprocessor()
        for index, cell in enumerate(nb.cells):
            nb.cells[index], resources = merge.preprocess_cell(cell, resources, index)
        return nb, resources

    preprocess.coalesces = True  # type: ignore[attr-defined]
    ExecutePreprocessor.preprocess = preprocess  # type: ignore[method-assign]
