"""The PyTorch side of `vmodel parity`: repeat the DJL model's pass on its twin and compare.

Run by dev.vmodel.runtime.parity.ParityCli, from the folder the generated package is under:

    python3 -m PACKAGE.vmodel_parity EXCHANGE.safetensors --model PACKAGE.MODULE:CLASS

EXCHANGE holds the DJL weights (weight/NAME), the input, the contraction tensor, the logits, the
input gradient and every layer's output (layer/NAME, in forward order), with the model's params as
metadata. The twin is built with those params, loads the weights 1:1, runs the input in eval mode,
backpropagates sum(logits * contract), and prints one JSON line: the largest absolute and relative
(to the largest DJL value) differences of logits and input gradient, the layers compared, and the
first layer, in forward order, whose output differs by more than the logits tolerance.
"""

import argparse
import json
import sys

import torch

from . import vmodel_runtime as vr

LAYER_TOLERANCE = 1e-5


def _differences(ours, theirs):
    theirs = theirs.to(ours.dtype)
    if ours.shape != theirs.shape:
        return float("inf"), float("inf")
    diff = (ours - theirs).abs().max().item() if ours.numel() else 0.0
    scale = theirs.abs().max().item() if theirs.numel() else 0.0
    return diff, diff / scale if scale > 0 else diff


def _build(cls, params):
    kwargs = {}
    accepted = getattr(cls, "PARAMS", None)
    for name, value in params.items():
        key = name
        if accepted is not None and name not in accepted and name + "_" in accepted:
            key = name + "_"
        kwargs[key] = value
    return cls(**kwargs)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="vmodel_parity")
    parser.add_argument("exchange")
    parser.add_argument("--model", required=True, help="MODULE:CLASS of the twin")
    args = parser.parse_args(argv)

    tensors, meta = vr.load_safetensors(args.exchange)
    cls = vr.model_class(args.model)
    model = _build(cls, json.loads(meta["params"]))
    model.eval()

    weights = {k[len("weight/"):]: v for k, v in tensors.items() if k.startswith("weight/")}
    ours = model.state_dict()
    missing = sorted(set(ours) - set(weights))
    extra = sorted(set(weights) - set(ours))
    if missing or extra:
        print("vmodel parity: the twin's state_dict and the DJL parameters differ: missing in DJL "
              f"{missing[:5]}, missing in the twin {extra[:5]}", file=sys.stderr)
        return 2
    for name, value in weights.items():
        if tuple(ours[name].shape) != tuple(value.shape):
            print(f"vmodel parity: '{name}' is {tuple(value.shape)} in DJL but {tuple(ours[name].shape)} "
                  "in the twin", file=sys.stderr)
            return 2
    model.load_state_dict(weights, strict=True)

    outputs = {}
    hooks = []
    for name, child in model.named_modules():
        if name:
            hooks.append(child.register_forward_hook(
                lambda _m, _i, out, name=name: outputs.__setitem__(name, out.detach())
                if isinstance(out, torch.Tensor) else None))

    x = tensors["input"].clone().requires_grad_(True)
    logits = model(x)
    (logits * tensors["contract"]).sum().backward()
    for h in hooks:
        h.remove()

    logits_abs, logits_rel = _differences(logits.detach(), tensors["logits"])
    grad_abs, grad_rel = _differences(x.grad, tensors["input_grad"])
    first = None
    compared = 0
    for key, theirs in tensors.items():
        if not key.startswith("layer/"):
            continue
        name = key[len("layer/"):]
        if name not in outputs:
            continue
        compared += 1
        _, rel = _differences(outputs[name], theirs)
        if first is None and rel > LAYER_TOLERANCE:
            first = f"{name} (relative difference {rel:.3g})"
    print(json.dumps({
        "logits_abs": logits_abs, "logits_rel": logits_rel,
        "grad_abs": grad_abs, "grad_rel": grad_rel,
        "layers": compared, "first_difference": first,
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
