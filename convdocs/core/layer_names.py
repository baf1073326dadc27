"""The torch class names convdocs knows, by family (no imports: the CLI's parser reads them at start-up)."""

CONVOLUTIONS = tuple(f"{kind}{n}d" for kind in ("Conv", "ConvTranspose") for n in (1, 2, 3))
POOLING = tuple(f"{kind}{n}d" for kind in ("MaxPool", "AvgPool", "LPPool") for n in (1, 2, 3))
ADAPTIVE = tuple(f"Adaptive{kind}Pool{n}d" for kind in ("Avg", "Max") for n in (1, 2, 3))
PADDING = tuple(
    f"{prefix}{n}d"
    for prefix in (
        "ZeroPad",
        "ConstantPad",
        "ReflectionPad",
        "ReplicationPad",
        "CircularPad",
    )
    for n in (1, 2, 3)
)
BLOCKS = ("Unfold", "Fold")
NAMES = CONVOLUTIONS + POOLING + ADAPTIVE + PADDING + BLOCKS
