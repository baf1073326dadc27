import io
import warnings

import numpy as np
import onnx
import onnxruntime as ort
import torch
import torch.nn as nn
import torch.nn.functional as F
from onnx import helper
from onnx.reference import ReferenceEvaluator

warnings.filterwarnings("ignore", "You are using the legacy")


class PadThenConv(nn.Module):
    """F.pad with the odd cell after, then padding=0."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(1, 1, kernel_size=4, padding=0)

    def forward(self, x):
        return self.conv(F.pad(x, (1, 2, 1, 2)))


def padding_nodes(model, x):
    """Each node's padding attributes; Pad's amounts are an
    input, computed in the graph: evaluate it."""
    graph = model.graph
    run = ReferenceEvaluator(model).run
    for node in graph.node:
        attrs = {a.name: helper.get_attribute_value(a) for a in node.attribute}
        attrs = {
            k: v.decode() if isinstance(v, bytes) else v
            for k, v in attrs.items()
        }
        keep = {
            k: v
            for k, v in attrs.items()
            if "pad" in k or k in ("kernel_shape", "strides", "ceil_mode")
        }
        if node.op_type == "Pad":
            feed = {graph.input[0].name: x.numpy()}
            keep["pads"] = run([node.input[1]], feed)[0].tolist()
        if keep:
            yield node.op_type, keep


torch.manual_seed(0)
x = torch.randn(1, 1, 6, 6)
models = {
    "padding=1": nn.Conv2d(1, 1, kernel_size=3, padding=1),
    "padding='same', kernel 4": nn.Conv2d(1, 1, kernel_size=4, padding="same"),
    "F.pad (1, 2, 1, 2)": PadThenConv(),
    "AvgPool2d(3, 2, 1)": nn.AvgPool2d(3, stride=2, padding=1),
    "MaxPool2d ceil_mode": nn.MaxPool2d(2, ceil_mode=True),
}
for name, model in models.items():
    f = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(model, (x,), f, dynamo=False)
    onnx_model = onnx.load_from_string(f.getvalue())
    graph = onnx_model.graph
    session = ort.InferenceSession(f.getvalue())
    got = session.run(None, {graph.input[0].name: x.numpy()})[0]
    same = np.allclose(got, model(x).detach().numpy(), atol=1e-6)
    print(f"{name}: output {tuple(got.shape)},", end=" ")
    print(f"equal in onnxruntime: {same}")
    for op, attrs in padding_nodes(onnx_model, x):
        print("   ", op, attrs)
