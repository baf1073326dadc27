"""The error atlas: every padding message PyTorch raises, grouped in families, each a section of the pages docs/errors/*.md.

Pure Python (no torch). A family names the torch texts it covers — keys of ``torch_text.json``, captured from
torch by ``convdocs.tracing.capture_text`` (convolution texts under ``"messages"``, the others under
``"atlas"``) — its anchor on the page and, when the explorer can show it, the failing configuration as
explorer address parameters. Its sentences are in the catalogue of words (``words/atlas.json``):
``atlas.title.<family>`` and ``atlas.rule.<family>``; each torch text's cause and fix are ``atlas.cause.<key>``
and ``atlas.fix.<key>`` (the key before its "/"), with the numbers of the message filled in by :func:`fields`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from convdocs.core.words import say

CATALOGUE = json.loads(Path(__file__).with_name("torch_text.json").read_text(encoding="utf-8"))
TEXTS: dict[str, dict[str, str]] = {**CATALOGUE["messages"], **CATALOGUE["atlas"]}
PAGE = "errors/"  # the atlas's folder under the site's root: an index and one page per group of families


@dataclass(frozen=True)
class Family:
    name: str  # words key part and page anchor (underscores become hyphens)
    keys: tuple[str, ...]  # torch texts it covers (each key, or a key prefix before "/")
    explorer: str = ""  # explorer address parameters of the failing configuration ("" : the explorer cannot show it)

    @property
    def page(self) -> str:
        """The atlas page the family is on (``docs/errors/<page>.md``)."""
        return next(page for page, names in PAGES.items() if self.name in names)

    @property
    def anchor(self) -> str:
        return self.name.replace("_", "-")

    def texts(self) -> list[str]:
        """The torch_text keys of this family, every variant (``kernel_too_large/1``, ``/2``, ``/3``)."""
        return sorted(k for k in TEXTS if k in self.keys or k.split("/")[0] in self.keys)


def _conv(**kw) -> str:
    base = dict(ih=7, iw=7, kh=3, kw=3, s=1, p="0", d=1, mode="zeros", t=0, op=0)
    return "&".join(f"{k}={v}" for k, v in {**base, **kw}.items())


def _pool(layer: str, **kw) -> str:
    base = dict(layer=layer, ih=5, iw=5, kh=2, kw=2, s=2, p="0", d=1, ceil=0)
    return "&".join(f"{k}={v}" for k, v in {**base, **kw}.items())


FAMILIES: tuple[Family, ...] = (
    Family("same_strided", ("same_strided",), _conv(s=2, p="same")),
    Family("same_even", ("warning/same_even_copy",), _conv(kh=4, kw=4, p="same")),
    Family("padding_string", ("padding_string_unknown",), _conv(p="full")),
    Family("padding_mode", ("padding_mode_unknown",), _conv(p="1", mode="wrap")),
    Family("transposed_mode", ("transposed_mode",), _conv(p="1", mode="reflect", t=1)),
    Family("transposed_string", ("transposed_string",), _conv(p="same", t=1)),
    Family("negative_padding", ("negative_padding", "negative_output_padding"), _conv(p="-1")),
    Family("padding_length", ("param_length/padding", "param_length/output_padding", "channels_mismatch")),
    Family("padding_huge", ("padding_too_large", "storage_overflow")),
    Family("kernel_too_large", ("kernel_too_large",), _conv(ih=3, iw=3, kh=7, kw=7, p="1")),
    Family("transposed_too_small", ("transposed_output_too_small",), _conv(ih=1, iw=2, kh=1, kw=1, p="3,4", t=1)),
    Family("output_padding", ("output_padding_too_large",), _conv(s=2, p="1", t=1, op=2)),
    Family("reflect_limit", ("reflect_too_large",), _conv(ih=3, iw=3, p="3", mode="reflect")),
    Family("circular_limit", ("circular_wraps",), _conv(ih=3, iw=3, p="4", mode="circular")),
    Family("crop_empty", ("circular_empty", "reflect_too_small", "replicate_too_small", "numel_overflow")),
    Family("constant_crop", ("negative_dimension", "narrow_negative")),
    Family("circular_mixed", ("circular_overlap", "circular_mismatch")),
    Family("pad_dims", ("pad_size_unsupported",)),
    Family("pad_pairs", ("fpad_odd", "fpad_too_long")),
    Family("pad_empty", ("fpad_empty_input",)),
    Family("pool_half", ("pool_half", "pool_half_1d", "pool_half_dilated"), _pool("MaxPool2d", p="2")),
    Family("pool_negative", ("pool_negative", "pool_negative_1d", "unfold_negative"), _pool("MaxPool2d", p="-1")),
    Family("pool_length", ("pool_length", "pool_length_avg1d", "pool_length_max1d")),
    Family("pool_too_small", ("pool_output_too_small",), _pool("MaxPool2d", ih=1, iw=3, kh=5, kw=5, s=5, p="1")),
    Family("unfold_padding", ("unfold_padding_length",)),
    Family("unfold_blocks", ("unfold_blocks", "fold_blocks")),
)
BY_NAME = {f.name: f for f in FAMILIES}
BY_KEY = {key: f for f in FAMILIES for key in f.texts()}
PAGES: dict[str, tuple[str, ...]] = {  # docs/errors/<page>.md -> its families, in page order
    "conv": (
        "same_strided",
        "same_even",
        "padding_string",
        "padding_mode",
        "negative_padding",
        "padding_length",
        "kernel_too_large",
    ),
    "transposed": ("transposed_mode", "transposed_string", "transposed_too_small", "output_padding"),
    "padding": (
        "reflect_limit",
        "circular_limit",
        "crop_empty",
        "constant_crop",
        "circular_mixed",
        "pad_dims",
        "pad_pairs",
        "pad_empty",
        "padding_huge",
    ),
    "pooling": ("pool_half", "pool_negative", "pool_length", "pool_too_small", "unfold_padding", "unfold_blocks"),
}


def anchors() -> dict[str, str]:
    """torch_text key -> its family's section, from the site's root (for the explorer, which links its refusals)."""
    return {key: f"{PAGE}{family.page}/#{family.anchor}" for family in FAMILIES for key in family.texts()}


def family_of(key: str) -> Family:
    """The family that covers the torch text ``key``."""
    if key in BY_KEY:
        return BY_KEY[key]
    raise LookupError(say("atlas.no_family", text=repr(key)))


def url(site: str, family: Family) -> str:
    """The family's section on the site: ``site`` (mkdocs.yml's site_url) + page + anchor."""
    return f"{site.rstrip('/')}/{PAGE}{family.page}/#{family.anchor}"


SITE_URL = "https://convdocs.github.io/convdocs/"  # mkdocs.yml's site_url (tests/test_atlas.py checks they agree)
