"""The notebook runs as a reader downloads it: outside the repository, with only torch and matplotlib."""

from __future__ import annotations

import json
import os

import nbformat
from nbclient import NotebookClient

from convdocs.run import SNIPPETS
from tests.conftest import ROOT

NOTEBOOK = ROOT / "docs" / "notebook.ipynb"
ARTICLE = ("padding_zero_vs_one", "same_valid_custom", "stride_two")
SHAPES = ["3, 3", "5, 5", "7, 7", "5, 5", "9, 7", "3, 3", "4, 4"]


def test_notebook_code_is_the_article_code_word_for_word():
    cells = [
        "".join(c["source"]).rstrip() for c in json.loads(NOTEBOOK.read_text())["cells"] if c["cell_type"] == "code"
    ]
    for name in ARTICLE:
        assert (SNIPPETS / f"{name}.py").read_text().rstrip() in cells, name
    assert not any("convdocs" in cell for cell in cells)


def test_notebook_runs_outside_the_repository_without_convdocs(tmp_path):
    blocker = tmp_path / "blocker" / "convdocs"  # shadows the installed package: importing it fails
    blocker.mkdir(parents=True)
    (blocker / "__init__.py").write_text("raise ImportError('convdocs is not available to the notebook')\n")
    work = tmp_path / "downloads"
    work.mkdir()
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    probe = nbformat.v4.new_code_cell(
        "try:\n    import convdocs\nexcept ImportError:\n    print('no convdocs')\n"
        "else:\n    raise AssertionError('convdocs importable')"
    )
    notebook.cells.insert(0, probe)
    env = dict(os.environ, PYTHONPATH=str(blocker.parent), MPLBACKEND="module://matplotlib_inline.backend_inline")
    NotebookClient(notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(work)}}).execute(
        env=env, cwd=str(work)
    )
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]
    text = "".join(o.get("text", "") for o in outputs)
    assert text.startswith("no convdocs")
    assert [s for s in SHAPES if f"torch.Size([1, 1, {s}])" in text] == SHAPES
    assert sum("image/png" in o.get("data", {}) for o in outputs) == len(ARTICLE)  # one figure per example
