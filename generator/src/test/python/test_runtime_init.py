"""vmodel_runtime's initialisers: the distributions of runtime/.../init/*, checked statistically on large tensors."""

import math

import pytest
import torch

import vmodel_runtime as vr

torch.manual_seed(1)


def stats(t):
    t = t.detach().double()
    return t.mean().item(), t.std().item(), t.abs().max().item()


def test_linear_default_is_pytorchs():
    layer = vr.linear((400,), out=300)
    bound = 1 / math.sqrt(400)
    for t in (layer.weight, layer.bias):
        mean, std, largest = stats(t)
        assert largest <= bound
        assert abs(mean) < 0.1 * bound
        assert std == pytest.approx(bound / math.sqrt(3), rel=0.1 if t is layer.bias else 0.02)


def test_conv_default_takes_fan_in_from_groups_and_kernel():
    layer = vr.conv((32, 8, 8), out=64, kernel=3, groups=4)
    fan_in = 32 // 4 * 9
    bound = 1 / math.sqrt(fan_in)
    _, std, largest = stats(layer.weight)
    assert largest <= bound and std == pytest.approx(bound / math.sqrt(3), rel=0.03)
    assert stats(layer.bias)[2] <= bound


@pytest.mark.parametrize("initialiser, mean, std, largest", [
    (vr.init.normal(0.02), 0.0, 0.02, None),
    (vr.init.normal(0.5, 0.1), 0.5, 0.1, None),
    (vr.init.trunc_normal(0.02), 0.0, 0.02, None),
    (vr.init.uniform(0.3), 0.0, 0.3 / math.sqrt(3), 0.3),
    (vr.init.uniform(1.0, 3.0), 2.0, 2.0 / math.sqrt(12), 3.0),
])
def test_plain_distributions(initialiser, mean, std, largest):
    actual_mean, actual_std, biggest = stats(initialiser(torch.empty(200, 500)))
    assert actual_std == pytest.approx(std, rel=0.02)
    assert abs(actual_mean - mean) < 0.05 * std
    if largest is not None:
        assert biggest <= largest


def test_trunc_normal_cuts_at_absolute_two():
    t = vr.init.trunc_normal(1.0)(torch.empty(100000))
    _, std, largest = stats(t)
    assert largest <= 2.0
    assert std == pytest.approx(0.87962566, rel=0.02)  # a unit normal truncated to [-2, 2]
    cut = vr.init.trunc_normal(0.0, 1.0, -0.5, 1.0)(torch.empty(100000))
    assert cut.min().item() >= -0.5 and cut.max().item() <= 1.0


@pytest.mark.parametrize("initialiser, shape, fan_std, largest", [
    # weight [out=300, in=200]: fan_in 200, fan_out 300
    (vr.init.xavier_uniform(), (300, 200), math.sqrt(2 / 500), math.sqrt(6 / 500)),
    (vr.init.xavier_normal(), (300, 200), math.sqrt(2 / 500), None),
    (vr.init.kaiming_uniform(), (300, 200), math.sqrt(2 / 200), math.sqrt(6 / 200)),
    (vr.init.kaiming_normal(), (300, 200), math.sqrt(2 / 200), None),
    (vr.init.kaiming_normal(mode="fan_out"), (300, 200), math.sqrt(2 / 300), None),
    # conv weight [64, 16, 3, 3]: fan_in 144, fan_out 576
    (vr.init.xavier_uniform(), (64, 16, 3, 3), math.sqrt(2 / 720), math.sqrt(6 / 720)),
    (vr.init.kaiming_normal(), (64, 16, 3, 3), math.sqrt(2 / 144), None),
    (vr.init.lecun_normal(), (300, 200), math.sqrt(1 / 200), 2 * math.sqrt(1 / 200) / 0.87962566),
])
def test_fan_scaled_distributions(initialiser, shape, fan_std, largest):
    t = initialiser(torch.empty(shape))
    mean, std, biggest = stats(t)
    assert std == pytest.approx(fan_std, rel=0.03)
    assert abs(mean) < 0.05 * fan_std
    if largest is not None:
        assert biggest <= largest * (1 + 1e-6)


def test_fans_need_two_axes():
    with pytest.raises(ValueError, match="fewer than 2 dimensions"):
        vr.init.xavier_uniform()(torch.empty(5))


def test_constants_and_layer_defaults():
    assert vr.init.constant(0.25)(torch.empty(3)).tolist() == [0.25] * 3
    assert vr.init.zeros()(torch.empty(2)).tolist() == [0.0, 0.0]
    assert vr.init.ones()(torch.empty(2)).tolist() == [1.0, 1.0]
    assert vr.class_token((3, 4)).cls_token.abs().sum().item() == 0  # zeros
    assert vr.scale((4,)).weight.tolist() == [1.0] * 4  # ones
    assert vr.scale((4,), init=vr.init.default()).weight.tolist() == [1.0] * 4
    a = vr.affine((4,))
    assert a.alpha.tolist() == [1.0] * 4 and a.bias.tolist() == [0.0] * 4
    n = vr.layer_norm((4,))
    assert n.weight.tolist() == [1.0] * 4 and n.bias.tolist() == [0.0] * 4
    _, std, largest = stats(vr.pos_embed((200, 300)).pos_embedding)  # trunc_normal(0.02)
    assert std == pytest.approx(0.02, rel=0.02) and largest <= 2.0


def test_spec_initialisers_reach_every_projection():
    layer = vr.attention((4, 8), heads=2, qkv_bias=True, init=vr.init.constant(0.5), bias_init=vr.init.constant(-1))
    for t in (layer.qkv.weight, layer.proj.weight):
        assert torch.all(t == 0.5)
    for t in (layer.qkv.bias, layer.proj.bias):
        assert torch.all(t == -1)
    seq = vr.pool((3, 16), kind="seq", init=vr.init.zeros())
    assert torch.all(seq.attention_pool.weight == 0)
    assert 0 < seq.attention_pool.bias.abs().item() <= 1 / math.sqrt(16)  # PyTorch's default bias
    lin = vr.linear((16,), out=2, init=vr.init.zeros())
    assert torch.all(lin.weight == 0) and lin.bias.abs().max().item() <= 0.25 and lin.bias.abs().sum() > 0
