"""vmodel_runtime's layers: shapes, state_dict names, and values recomputed here by hand."""

import math

import pytest
import torch

import vmodel_runtime as vr

torch.manual_seed(0)

# factory call, per-sample input shape, expected per-sample output shape (worked out by hand)
SHAPES = [
    (lambda s: vr.linear(s, out=7), (5, 3), (5, 7)),
    (lambda s: vr.linear(s, out=2, bias=False), (4,), (2,)),
    (lambda s: vr.conv(s, out=8, kernel=4, stride=4), (3, 16, 12), (8, 4, 3)),
    (lambda s: vr.conv(s, out=4, kernel=3, padding="same"), (2, 7, 5), (4, 7, 5)),
    (lambda s: vr.conv(s, out=4, kernel=3, padding="same", dilation=3), (2, 9, 9), (4, 9, 9)),
    (lambda s: vr.conv(s, out=6, kernel=3, stride=2, padding=1, groups=3), (3, 7, 8), (6, 4, 4)),
    (lambda s: vr.max_pool(s, kernel=3, stride=2, padding=1), (2, 8, 8), (2, 4, 4)),
    (lambda s: vr.max_pool(s, kernel=2), (2, 6, 4), (2, 3, 2)),
    (lambda s: vr.avg_pool(s, kernel=3, stride=1, padding="same", count_padding=False), (2, 5, 5), (2, 5, 5)),
    (lambda s: vr.layer_norm(s), (6, 4), (6, 4)),
    (lambda s: vr.batch_norm(s), (3, 4, 4), (3, 4, 4)),
    (lambda s: vr.batch_norm(s), (5, 3), (5, 3)),
    (lambda s: vr.group_norm(s, groups=2), (4, 3, 3), (4, 3, 3)),
    (lambda s: vr.gelu(s), (3, 2), (3, 2)),
    (lambda s: vr.relu(s), (3,), (3,)),
    (lambda s: vr.silu(s), (3, 2, 2), (3, 2, 2)),
    (lambda s: vr.tanh(s), (3,), (3,)),
    (lambda s: vr.sigmoid(s), (3,), (3,)),
    (lambda s: vr.softmax(s), (4, 5), (4, 5)),
    (lambda s: vr.identity(s), (4, 5), (4, 5)),
    (lambda s: vr.dropout(s, p=0.5), (4, 5), (4, 5)),
    (lambda s: vr.drop_path(s, p=0.5), (4, 5), (4, 5)),
    (lambda s: vr.attention(s, heads=3), (5, 12), (5, 12)),
    (lambda s: vr.pos_embed(s), (5, 4), (5, 4)),
    (lambda s: vr.pos_embed(s, kind="sinusoidal"), (5, 4), (5, 4)),
    (lambda s: vr.class_token(s), (5, 4), (6, 4)),
    (lambda s: vr.pool(s, kind="mean"), (5, 4), (4,)),
    (lambda s: vr.pool(s, kind="max"), (3, 2, 2), (3,)),
    (lambda s: vr.pool(s, kind="cls"), (5, 4), (4,)),
    (lambda s: vr.pool(s, kind="seq"), (5, 4), (4,)),
    (lambda s: vr.tokens(s), (3, 2, 4), (8, 3)),
    (lambda s: vr.grid(s), (9, 5), (5, 3, 3)),
    (lambda s: vr.grid(s, width=4), (8, 5), (5, 2, 4)),
    (lambda s: vr.flatten(s), (3, 2, 4), (24,)),
    (lambda s: vr.scale(s), (3, 2, 2), (3, 2, 2)),
    (lambda s: vr.affine(s), (5, 4), (5, 4)),
]


@pytest.mark.parametrize("index", range(len(SHAPES)))
def test_output_shape_is_the_shape_rule(index):
    make, in_shape, expected = SHAPES[index]
    layer = make(in_shape)
    assert layer.out_shape(in_shape) == expected
    layer.eval()
    with torch.no_grad():
        y = layer(torch.randn((2,) + in_shape))
    assert tuple(y.shape) == (2,) + expected


STATE = [
    (lambda: vr.linear((4,), out=3), {"weight": (3, 4), "bias": (3,)}),
    (lambda: vr.linear((4,), out=3, bias=False), {"weight": (3, 4)}),
    (lambda: vr.conv((2, 5, 5), out=4, kernel=3, groups=2), {"weight": (4, 1, 3, 3), "bias": (4,)}),
    (lambda: vr.layer_norm((3, 4)), {"weight": (4,), "bias": (4,)}),
    (lambda: vr.layer_norm((3, 4), affine=False), {}),
    (lambda: vr.batch_norm((3, 2, 2)),
     {"weight": (3,), "bias": (3,), "running_mean": (3,), "running_var": (3,)}),
    (lambda: vr.group_norm((4, 2, 2), groups=2), {"weight": (4,), "bias": (4,)}),
    (lambda: vr.attention((5, 8), heads=2),
     {"qkv.weight": (24, 8), "proj.weight": (8, 8), "proj.bias": (8,)}),
    (lambda: vr.attention((5, 8), heads=2, qkv_bias=True, proj_bias=False),
     {"qkv.weight": (24, 8), "qkv.bias": (24,), "proj.weight": (8, 8)}),
    (lambda: vr.pos_embed((5, 4)), {"pos_embedding": (1, 5, 4)}),
    (lambda: vr.pos_embed((5, 4), kind="sinusoidal"), {}),
    (lambda: vr.class_token((5, 4)), {"cls_token": (1, 1, 4)}),
    (lambda: vr.pool((5, 4), kind="seq"), {"attention_pool.weight": (1, 4), "attention_pool.bias": (1,)}),
    (lambda: vr.pool((5, 4), kind="mean"), {}),
    (lambda: vr.scale((3, 2, 2)), {"weight": (3,)}),
    (lambda: vr.affine((5, 4)), {"alpha": (4,), "bias": (4,)}),
    (lambda: vr.dropout((4,), p=0.1), {}),
    (lambda: vr.max_pool((2, 4, 4), kernel=2), {}),
]


@pytest.mark.parametrize("index", range(len(STATE)))
def test_state_dict_keys_are_the_djl_stable_names(index):
    make, expected = STATE[index]
    state = make().state_dict()
    assert {k: tuple(v.shape) for k, v in state.items()} == expected


def test_attention_matches_a_hand_written_einsum():
    layer = vr.attention((5, 12), heads=3, qkv_bias=True).eval()
    x = torch.randn(2, 5, 12)
    w, b = layer.qkv.weight, layer.qkv.bias
    # rows of the qkv weight: queries of head 0..2, then keys, then values; 4 features a head
    q = torch.einsum("bnd,hed->bhne", x, w[0:12].reshape(3, 4, 12)) + b[0:12].reshape(3, 1, 4)
    k = torch.einsum("bnd,hed->bhne", x, w[12:24].reshape(3, 4, 12)) + b[12:24].reshape(3, 1, 4)
    v = torch.einsum("bnd,hed->bhne", x, w[24:36].reshape(3, 4, 12)) + b[24:36].reshape(3, 1, 4)
    a = torch.exp(torch.einsum("bhne,bhme->bhnm", q, k) / 2.0)  # sqrt(4) = 2
    a = a / a.sum(-1, keepdim=True)
    heads = torch.einsum("bhnm,bhme->bnhe", a, v).reshape(2, 5, 12)
    expected = heads @ layer.proj.weight.T + layer.proj.bias
    with torch.no_grad():
        assert torch.allclose(layer(x), expected, atol=1e-5)


def test_avg_pool_without_padding_counts_only_real_pixels_in_the_corner():
    layer = vr.avg_pool((1, 3, 3), kernel=3, stride=1, padding=1, count_padding=False)
    x = torch.arange(9.0).reshape(1, 1, 3, 3)  # 0 1 2 / 3 4 5 / 6 7 8
    y = layer(x)
    assert y[0, 0, 0, 0].item() == pytest.approx((0 + 1 + 3 + 4) / 4)
    assert y[0, 0, 0, 1].item() == pytest.approx((0 + 1 + 2 + 3 + 4 + 5) / 6)
    assert y[0, 0, 1, 1].item() == pytest.approx(36 / 9)
    counted = vr.avg_pool((1, 3, 3), kernel=3, stride=1, padding=1, count_padding=True)(x)
    assert counted[0, 0, 0, 0].item() == pytest.approx((0 + 1 + 3 + 4) / 9)


def test_sinusoidal_table_at_known_positions():
    layer = vr.pos_embed((6, 4), kind="sinusoidal")
    y = layer(torch.zeros(1, 6, 4))[0]
    assert y[0].tolist() == [0.0, 1.0, 0.0, 1.0]  # sin 0, cos 0
    # position 3: angles 3 (i = 0, 1) and 3 / 10000^(2/4) = 0.03 (i = 2, 3)
    assert y[3].tolist() == pytest.approx([math.sin(3), math.cos(3), math.sin(0.03), math.cos(0.03)], abs=1e-7)
    assert layer.state_dict() == {} and "table" not in layer.state_dict()


def test_tokens_are_pixels_in_row_major_order_and_grid_inverts_them():
    x = torch.arange(12.0).reshape(1, 2, 2, 3)  # channel 0: 0..5, channel 1: 6..11
    t = vr.tokens((2, 2, 3))(x)
    assert t[0].tolist() == [[0, 6], [1, 7], [2, 8], [3, 9], [4, 10], [5, 11]]
    assert torch.equal(vr.grid((6, 2), height=2, width=3)(t), x)


def test_pools_reduce_over_the_tokens():
    x = torch.tensor([[[1.0, 5.0], [3.0, -1.0], [2.0, 0.0]]])
    assert vr.pool((3, 2), kind="mean")(x)[0].tolist() == pytest.approx([2.0, 4.0 / 3.0])
    assert vr.pool((3, 2), kind="max")(x).tolist() == [[3.0, 5.0]]
    assert vr.pool((3, 2), kind="cls")(x).tolist() == [[1.0, 5.0]]
    image = x.transpose(1, 2).reshape(1, 2, 3, 1)  # the same pixels as an image [C=2, H=3, W=1]
    assert vr.pool((2, 3, 1), kind="max")(image).tolist() == [[3.0, 5.0]]
    seq = vr.pool((3, 2), kind="seq")
    with torch.no_grad():
        seq.attention_pool.weight.copy_(torch.tensor([[1.0, 0.0]]))
        seq.attention_pool.bias.zero_()
    w = torch.softmax(torch.tensor([1.0, 3.0, 2.0]), 0)
    assert seq(x)[0].tolist() == pytest.approx((w[:, None] * x[0]).sum(0).tolist(), abs=1e-6)


def test_class_token_is_prepended():
    layer = vr.class_token((2, 3), init=vr.init.constant(7.0))
    y = layer(torch.zeros(2, 2, 3))
    assert y[:, 0].tolist() == [[7.0] * 3] * 2 and y[:, 1:].abs().sum().item() == 0


def test_scale_and_affine_are_per_channel_on_images_and_tokens():
    s = vr.scale((2, 1, 1), init=vr.init.constant(3.0))
    assert s(torch.ones(1, 2, 1, 1)).flatten().tolist() == [3.0, 3.0]
    a = vr.affine((2, 2))
    with torch.no_grad():
        a.alpha.copy_(torch.tensor([2.0, 3.0]))
        a.bias.copy_(torch.tensor([1.0, -1.0]))
    assert a(torch.ones(1, 2, 2)).tolist() == [[[3.0, 2.0], [3.0, 2.0]]]
    image = vr.affine((2, 1, 2))
    image.load_state_dict({"alpha": torch.tensor([2.0, 3.0]), "bias": torch.tensor([1.0, -1.0])})
    assert image(torch.ones(1, 2, 1, 2)).tolist() == [[[[3.0, 3.0]], [[2.0, 2.0]]]]


def test_batch_norm_has_no_num_batches_tracked_and_uses_pytorch_momentum():
    layer = vr.batch_norm((2, 1, 1), momentum=0.25)
    x = torch.tensor([[[[1.0]], [[2.0]]], [[[3.0]], [[6.0]]]])
    layer.train()
    layer(x)
    # running = 0.75 * old + 0.25 * batch (unbiased variance)
    assert layer.running_mean.tolist() == pytest.approx([0.25 * 2.0, 0.25 * 4.0])
    assert layer.running_var.tolist() == pytest.approx([0.75 + 0.25 * 2.0, 0.75 + 0.25 * 8.0])


def test_drop_path_drops_whole_examples_in_training_only():
    layer = vr.drop_path((3, 4), p=0.5)
    x = torch.ones(4000, 3, 4)
    layer.train()
    y = layer(x)
    per_example = y.reshape(4000, -1)
    assert set(per_example.unique().tolist()) <= {0.0, 2.0}
    assert torch.all(per_example.min(1).values == per_example.max(1).values)
    assert abs((per_example[:, 0] == 0).float().mean().item() - 0.5) < 0.05
    layer.eval()
    assert torch.equal(layer(x), x)
    assert torch.equal(vr.drop_path((3,), p=1.0).train()(torch.ones(2, 3)), torch.zeros(2, 3))


def test_dropout_is_inverted_dropout_in_training_and_identity_in_eval():
    layer = vr.dropout((1000,), p=0.25)
    x = torch.ones(8, 1000)
    y = layer.train()(x)
    kept = y[y != 0]
    assert torch.allclose(kept, torch.full_like(kept, 4.0 / 3.0))
    assert abs((y == 0).float().mean().item() - 0.25) < 0.03
    assert torch.equal(layer.eval()(x), x)


def test_attention_dropout_is_active_in_training_only():
    layer = vr.attention((4, 8), heads=2, attn_drop=0.5)
    x = torch.randn(2, 4, 8)
    layer.train()
    assert not torch.allclose(layer(x), layer(x))
    layer.eval()
    assert torch.equal(layer(x), layer(x))


def test_softmax_is_over_the_last_axis_and_gelu_is_exact():
    x = torch.randn(3, 4)
    assert torch.allclose(vr.softmax((4,))(x).sum(-1), torch.ones(3))
    v = torch.tensor([[1.0, -0.5]])
    exact = [0.5 * t * (1 + math.erf(t / math.sqrt(2))) for t in (1.0, -0.5)]
    assert vr.gelu((2,))(v)[0].tolist() == pytest.approx(exact, abs=1e-7)


@pytest.mark.parametrize("make, message", [
    (lambda: vr.conv((2, 5, 5), out=4, kernel=2, padding="same"), "padding 'same' needs stride 1 and an odd"),
    (lambda: vr.conv((2, 5, 5), out=4, kernel=3, stride=2, padding="same"), "padding 'same' needs stride 1"),
    (lambda: vr.conv((3, 5, 5), out=4, kernel=3, groups=2), "groups must divide"),
    (lambda: vr.conv((2, 2, 2), out=4, kernel=3), "does not fit the height 2"),
    (lambda: vr.max_pool((2, 4, 4), kernel=2, padding=2), "at most half the kernel"),
    (lambda: vr.attention((4, 10), heads=3), "must divide the width"),
    (lambda: vr.group_norm((6, 2, 2), groups=4), "do not divide 6 channels"),
    (lambda: vr.grid((10, 3)), "do not form a square"),
    (lambda: vr.grid((10, 3), height=3), "3 does not divide the 10 tokens"),
    (lambda: vr.linear((2, 3, 4), out=2), "linear needs a vector (D,) or tokens (N, D)"),
    (lambda: vr.tokens((5, 4)), "tokens needs an image (C, H, W)"),
    (lambda: vr.pool((5, 4), kind="avg"), "pool kind must be"),
])
def test_bad_arguments_are_one_line_errors(make, message):
    with pytest.raises(ValueError) as e:
        make()
    assert message in str(e.value) and "\n" not in str(e.value)


def test_every_layer_pickles_and_copies():
    import copy
    import io

    model = torch.nn.ModuleList([make(in_shape) for make, in_shape, _ in SHAPES])
    buffer = io.BytesIO()
    torch.save(model, buffer)
    buffer.seek(0)
    if "weights_only" in torch.load.__code__.co_varnames:
        again = torch.load(buffer, weights_only=False)
    else:
        again = torch.load(buffer)
    assert list(again.state_dict()) == list(model.state_dict())
    assert list(copy.deepcopy(model).state_dict()) == list(model.state_dict())


def test_windows_must_read_every_pixel_as_the_validator_demands():
    # 10 pixels, kernel 4, stride 4: two windows read pixels 0..7, PyTorch would drop 8 and 9
    with pytest.raises(ValueError, match="does not tile the height 10: the last 2 pixel"):
        vr.conv((3, 10, 8), out=4, kernel=4, stride=4)
    with pytest.raises(ValueError, match="does not tile the width 5"):
        vr.max_pool((3, 4, 5), kernel=2)
    assert vr.window(10, 4, 4, 1) == 3  # padded to 12: three windows, all pixels read
