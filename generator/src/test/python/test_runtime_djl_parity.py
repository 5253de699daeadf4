"""Parity of vmodel_runtime's layers with the DJL blocks the Java generator builds.

reference/djl_reference.safetensors holds, per case, the DJL block's parameters under their stable
names, a random input and DJL's output (see reference/README.md). Each test builds the twin layer
with the arguments the Java side used, loads those parameters by name (so the names must match
too), and compares outputs in eval mode.
"""

import os

import pytest
import torch

import vmodel_runtime as vr

REFERENCE = os.path.join(os.path.dirname(__file__), "reference", "djl_reference.safetensors")
TOLERANCE = 1e-5


@pytest.fixture(scope="module")
def reference():
    tensors, metadata = vr.load_safetensors(REFERENCE)
    assert metadata["produced_by"].startswith("Ref.java")
    return tensors


def case(reference, name):
    params = {k[len(name) + 7:]: v for k, v in reference.items() if k.startswith(name + "/param/")}
    return reference[name + "/input"], reference[name + "/output"], params


def relative_error(actual, expected):
    return ((actual - expected).abs().max() / expected.abs().max().clamp(min=1e-12)).item()


# name -> factory of the twin layer from the per-sample input shape, with the Java side's arguments
CASES = {
    "linear": lambda s: vr.linear(s, out=4),
    "layer_norm": lambda s: vr.layer_norm(s, eps=1e-6),
    "layer_norm_plain": lambda s: vr.layer_norm(s, eps=1e-5, affine=False),
    "attention": lambda s: vr.attention(s, heads=2, qkv_bias=True, proj_bias=True),
    "conv": lambda s: vr.conv(s, out=6, kernel=3, stride=2, padding=1, groups=2),
    "conv_dilated": lambda s: vr.conv(s, out=3, kernel=3, padding="same", dilation=2),
    "max_pool": lambda s: vr.max_pool(s, kernel=3, stride=2, padding=1),
    "avg_pool_exclude": lambda s: vr.avg_pool(s, kernel=3, stride=2, padding=1, count_padding=False),
    "avg_pool_include": lambda s: vr.avg_pool(s, kernel=3, stride=2, padding=1, count_padding=True),
    "group_norm": lambda s: vr.group_norm(s, groups=2),
    "seq_pool": lambda s: vr.pool(s, kind="seq"),
    "pool_mean_image": lambda s: vr.pool(s, kind="mean"),
    "pool_max_tokens": lambda s: vr.pool(s, kind="max"),
    "sinusoidal": lambda s: vr.pos_embed(s, kind="sinusoidal"),
    "tokens": lambda s: vr.tokens(s),
    "grid": lambda s: vr.grid(s, height=2, width=3),
    "flatten": lambda s: vr.flatten(s),
    "gelu": lambda s: vr.gelu(s),
    "affine_image": lambda s: vr.affine(s),
    "scale_tokens": lambda s: vr.scale(s),
    "class_token": lambda s: vr.class_token(s),
    "pos_embed": lambda s: vr.pos_embed(s),
    "bn_image": lambda s: vr.batch_norm(s, momentum=0.3),
    "bn_tokens": lambda s: vr.batch_norm(s, momentum=0.3),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_layer_computes_what_djl_computes(reference, name):
    x, expected, params = case(reference, name)
    layer = CASES[name](tuple(x.shape[1:]))
    assert sorted(layer.state_dict()) == sorted(params), "state_dict keys are not DJL's stable names"
    layer.load_state_dict(params, strict=True)
    layer.eval()
    with torch.no_grad():
        actual = layer(x)
    assert tuple(actual.shape) == tuple(expected.shape)
    assert tuple(actual.shape[1:]) == layer.out_shape(tuple(x.shape[1:]))
    assert relative_error(actual, expected) <= TOLERANCE, name


@pytest.mark.parametrize("kind", ["image", "tokens"])
def test_batch_norm_training_step_updates_running_statistics_as_djl(reference, kind):
    name = "bn_" + kind
    x, _, after = case(reference, name)
    layer = vr.batch_norm(tuple(x.shape[1:]), momentum=0.3)
    layer.train()
    with torch.no_grad():
        y = layer(reference[name + "/train_input"])
    assert relative_error(y, reference[name + "/train_output"]) <= TOLERANCE
    # DJL's weight/bias were never trained: ones and zeros, as the twin's.
    for key in ("weight", "bias", "running_mean", "running_var"):
        assert relative_error(layer.state_dict()[key], after[key]) <= TOLERANCE, key
    assert not torch.equal(after["running_var"], torch.ones_like(after["running_var"]))
