"""Claims of the where-is-my-padding, TensorFlow 'SAME', reference and remaining article pages: each sentence,
and the torch run that proves it. Registered through tests/claims.py, which imports this module.
"""

from __future__ import annotations

import itertools

import torch
import torch.nn as nn
import torch.nn.functional as F

from tests.claims import cases, claim, covered, record, test_exists
from tests.claims_pages import unit_weights

# --- where is my padding ---------------------------------------------------------------------------


@claim(
    "padding-never-stored",
    "That is because the padding is never stored anywhere. A `Conv2d` keeps only its weights, its bias and "
    "its settings; `padding` is one of the settings, and it is applied to each input as the layer runs.",
    over=("layer", "mode", "padding"),
)
def _():
    layers = ("Conv1d", "Conv2d", "Conv3d", "ConvTranspose1d", "ConvTranspose2d")
    for layer, mode, padding in cases(layer=layers, mode=("zeros", "reflect", "circular"), padding=(0, 1, 2, "same")):
        if layer.startswith("ConvTranspose") and (mode != "zeros" or padding == "same"):
            continue  # refused: see transposed-no-same-no-modes
        conv = getattr(nn, layer)(1, 1, 3, padding=padding, padding_mode=mode)
        assert set(conv.state_dict()) == {"weight", "bias"} and not list(conv.buffers()), (layer, mode, padding)
        n = int(layer[-2])
        assert conv.padding == (padding if padding == "same" else (padding,) * n)


@claim(
    "repr-mode", "A `padding_mode` other than `zeros` is shown; `zeros` never is.", over=("layer", "mode", "padding")
)
def _():
    modes = ("zeros", "reflect", "replicate", "circular")
    for layer, mode, padding in cases(layer=("Conv1d", "Conv2d", "Conv3d"), mode=modes, padding=(0, 1, "same")):
        text = repr(getattr(nn, layer)(1, 1, 3, padding=padding, padding_mode=mode))
        assert ("padding_mode" in text) == (mode != "zeros"), (layer, mode, padding)
        assert mode == "zeros" or f"padding_mode={mode}" in text


@claim(
    "repr-zeropad",
    "An `nn.ZeroPad2d` layer is a module of its own, so it has a line of its own, and the convolution after "
    "it shows no padding.",
)
def _():
    text = repr(nn.Sequential(nn.ZeroPad2d(1), nn.Conv2d(1, 1, 3)))
    lines = text.splitlines()
    assert any("ZeroPad2d" in line for line in lines)
    assert "padding=" not in next(line for line in lines if "Conv2d" in line)


@claim(
    "repr-fpad",
    "`F.pad` called in `forward` is just a function call. `print(model)` lists modules, so it cannot show "
    "it: the model looks like an unpadded convolution.",
)
def _():
    class PadInForward(nn.Module):
        def __init__(self):
            super().__init__()
            self.conv = nn.Conv2d(1, 1, 3)

        def forward(self, x):
            return self.conv(F.pad(x, (1, 1, 1, 1)))

    model = PadInForward()
    assert "pad" not in repr(model).lower().replace("padinforward", "")
    assert model(torch.zeros(1, 1, 3, 3)).shape[2:] == (3, 3)


# --- TensorFlow's 'SAME' ---------------------------------------------------------------------------


@claim(
    "tf-port-shift",
    "On input 6, TensorFlow pads nothing before and one cell after; `padding=1` pads one on each side. The "
    "shapes agree but the values do not: every window sits one cell further up and to the left.",
    fixed="On input 6",
)
def _():
    x = torch.arange(36.0).reshape(1, 1, 6, 6)

    def corner(layer):  # a 3×3 kernel that copies its window's top-left cell
        with torch.no_grad():
            layer.weight.zero_()
            layer.weight[0, 0, 0, 0] = 1
            layer.bias.zero_()
        return layer

    ours = corner(nn.Conv2d(1, 1, 3, stride=2, padding=1))(x)[0, 0]
    theirs = corner(nn.Conv2d(1, 1, 3, stride=2))(F.pad(x, (0, 1, 0, 1)))[0, 0]
    assert ours.shape == theirs.shape == (3, 3)
    assert torch.equal(ours[1:, 1:], x[0, 0, 1:4:2, 1:4:2])  # windows start at rows/columns -1, 1, 3
    assert torch.equal(theirs, x[0, 0, 0:5:2, 0:5:2])  # TensorFlow's at 0, 2, 4


# --- reference pages -------------------------------------------------------------------------------

covered(
    "cli-exact",
    "For a layer of your own, `convdocs` works out the output size exactly as PyTorch 2.13 does, shows the "
    "formula with your numbers, and refuses any configuration PyTorch refuses, quoting the first line of PyTorch's own error "
    "text (captured from torch when convdocs was built, for a batch of 1 and 1 channel) before its own "
    "one-line explanation.",
    by=(
        "tests/test_cli.py::test_cli_accepts_and_rejects_what_torch_does",
        "tests/test_torch_text.py::test_every_rejection_of_a_readers_layer_is_torchs_own_text",
    ),
    over=("size", "kernel", "stride", "padding", "dilation", "mode", "layer"),
)

covered(
    "explorer-stack-exact",
    "In **Stack** mode, chain up to four `Conv2d`, `MaxPool2d` and `AvgPool2d` layers: the size after each "
    "layer, or the refusal, is PyTorch's, and the highlighted cells of the network input are exactly those "
    "the chosen output cell depends on: the explorer walks back from that cell through each layer's window "
    "taps, layer by layer, and the tests check the cells it finds against back-propagation through a copy "
    "with positive weights.",
    by=(
        "tests/test_explorer_stack.py::test_shapes_and_highlights_match_torch",
        "tests/test_explorer_stack.py::test_highlighted_input_cells_are_the_gradient",
        "tests/test_core_node.py::test_node_core_tests_pass",  # the core against receptive.py, 1000 stacks
    ),
)

covered(
    "cli-int64",
    "`python -m convdocs shape` takes larger sizes, up to PyTorch's 64-bit limit: a number past 2<sup>63</sup> − 1, "
    "or a layer whose arithmetic would overflow it, gets one line and a non-zero exit.",
    by=(
        "tests/test_hostile.py::test_numbers_beyond_int64_are_refused_as_torch_refuses_them",
        "tests/test_hostile.py::test_overflowing_configurations_are_refused_where_torch_raises_or_is_wrong",
    ),
)

covered(
    "explorer-exact",
    "The sizes follow PyTorch exactly; a configuration PyTorch refuses shows PyTorch's own error text (captured "
    "from torch when the site was built), then convdocs' one-line explanation.",
    by=(
        "tests/test_explorer.py::test_page_shows_what_torch_gives_for_generated_configs",
        "tests/test_core_node.py::test_node_core_tests_pass",  # the core against convdocs.core, 7083 golden cases
        "tests/test_core_node.py::test_the_minified_core_the_site_ships_passes_them_too",
        "tests/test_torch_text.py::test_every_rejection_of_a_readers_layer_is_torchs_own_text",
    ),
)


@claim(
    "formulas-table",
    "Every row of the table is checked when the tests run: the PyTorch rows against PyTorch, the TensorFlow "
    "row against TensorFlow's documented rule.",
    over=("row",),
)
def _():
    test_exists("tests/test_tensorflow_same.py::test_recipe_matches_tensorflow_rule")
    from tests.claims import CLAIMS, ROOT

    # each row of the table, and the claim (run by tests/test_claims.py, universal: a property check) proving it
    proof = {
        "dilated kernel extent": "dilation-size-and-same",
        "convolution output": "dilation-size-and-same",
        "with *d* = 1": "conv-formula",
        "asymmetric padding *p*₁ before, *p*₂ after": "conv-formula",
        "`padding='same'` (stride 1 only)": "dilation-size-and-same",
        "`padding='valid'`": "valid-is-zero",
        "transposed output": "transposed-formula",
        "`output_padding` allowed": "transposed-formula",
        "reflect padding allowed": "modes-limits",
        "circular padding allowed": "modes-limits",
        "TensorFlow `'SAME'`": "tf-same-rule",
    }
    page = (ROOT / "docs" / "reference" / "formulas.md").read_text(encoding="utf-8")
    rows = [line.split("|")[1].strip() for line in page.splitlines() if line.startswith("| ") and "---" not in line]
    for row in rows[1:]:  # the header aside
        record(row=row)
        assert row in proof and CLAIMS[proof[row]].universal, row
    assert len(rows) - 1 == len(proof)
    for s in (1, 2, 3):  # 'same' with stride 1 only
        try:
            nn.Conv1d(1, 1, 3, stride=s, padding="same")
            assert s == 1
        except ValueError:
            assert s != 1


# --- the remaining sentences of the article and guide pages -----------------------------------------

covered(
    "index-shapes-tested",
    "The code you see is the file that ran, the output under it is what it printed, and a test compares "
    "every printed shape with what PyTorch computes.",
    by=(
        "tests/test_site.py::test_article_pages_print_what_torch_gives",
        "tests/test_site.py::test_every_figure_and_table_row_is_what_torch_gives",
    ),
    over=("page",),
)


@claim(
    "kernel-positions",
    "A 3×3 kernel needs three cells in every direction. On a 5×5 input with no padding it fits in only three "
    "positions along each axis, so the output shrinks. One ring of padding gives it two more positions per "
    "axis, and the output keeps the input's size.",
    fixed="A 3×3 kernel",
)
def _():
    x = torch.zeros(1, 1, 5, 5)
    assert nn.Conv2d(1, 1, 3)(x).shape[2:] == (3, 3) and nn.Conv2d(1, 1, 3, padding=1)(x).shape[2:] == (5, 5)


@claim(
    "stride-padding-earlier",
    "With one ring of padding the padded width is 9; 9 − 3 = 6 is three whole jumps, so the output gains a "
    "row and a column. Padding lets the kernel start one cell earlier, on the border.",
)
def _():
    x = torch.zeros(1, 1, 7, 7, requires_grad=True)
    out = unit_weights(nn.Conv2d(1, 1, 3, stride=2, padding=1))(x)
    assert out.shape[2:] == (4, 4) and nn.Conv2d(1, 1, 3, stride=2)(x).shape[2:] == (3, 3)
    out[0, 0, 0, 0].backward()
    assert torch.nonzero(x.grad[0, 0]).tolist() == [[0, 0], [0, 1], [1, 0], [1, 1]]  # its window starts at -1


@claim(
    "several-sizes-one-output",
    "Because a strided convolution maps several input sizes to one output size, the transposed layer cannot "
    "know which to restore.",
)
def _():
    down = nn.Conv2d(1, 1, 3, stride=2, padding=1)
    assert down(torch.zeros(1, 1, 7, 7)).shape == down(torch.zeros(1, 1, 8, 8)).shape
    assert nn.ConvTranspose2d(1, 1, 3, stride=2, padding=1)(torch.zeros(1, 1, 4, 4)).shape[2:] == (7, 7)


covered(
    "per-dimension-rule",
    "Every size formula on this site holds per dimension; `padding='same'` needs stride 1 in every dimension at once.",
    by=(
        "tests/test_geometry.py::test_convolution_matches_torch",
        "tests/test_geometry.py::test_transposed_matches_torch",
        "tests/test_geometry.py::test_same_needs_stride_1_in_every_dimension",
    ),
    over=("size", "kernel", "stride", "padding", "dilation", "dims"),
)

covered(
    "height-first",
    "`Conv2d(padding=(2, 1))` takes height first: 2 rows above and below, 1 column left and right. `F.pad` "
    "takes pairs starting from the *last* dimension: `(left, right, top, bottom)`.",
    by=("tests/test_recipes.py::test_the_f_pad_order_recipe_holds_in_every_mode",),
)

covered(
    "tf-same-rule",
    "TensorFlow's `padding='SAME'` means something else: the output size is ⌈*i* / *s*⌉ for any stride, and "
    "the total padding is whatever that takes — often odd, with the extra cell after.",
    by=("tests/test_tensorflow_same.py::test_recipe_matches_tensorflow_rule",),
    over=("size", "kernel", "stride"),
)


@claim(
    "tf-port-symmetric",
    "PyTorch's integer padding is always symmetric, so a straight port can shift every output by one cell.",
    over=("padding", "size"),
)
def _():
    for (ph, pw), size in cases(padding=list(itertools.product(range(4), repeat=2)), size=((4, 5), (1, 1), (3, 6))):
        x = torch.arange(float(size[0] * size[1])).reshape(1, 1, *size)
        copy = unit_weights(nn.Conv2d(1, 1, 1, padding=(ph, pw)))
        assert torch.equal(copy(x), F.pad(x, (pw, pw, ph, ph)))
    from tests.claims import CLAIMS

    CLAIMS["tf-port-shift"].check()
