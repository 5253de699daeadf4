"""vmodel_runtime's general tensor constructs (issue 12): values against results worked out by hand or by
explicit loops, per-sample shapes, and the one-line messages for bad shapes."""

import pytest
import torch

import vmodel_runtime as vr

torch.manual_seed(0)


# ----------------------------------------------------------------------------- rearrange

def test_rearrange_splits_a_group_and_permutes():
    # per sample x[n, c] = 4 n + c with n = 3 h + w: "(h w) c -> c h w" gives y[c, h, w] = 4 (3 h + w) + c
    x = torch.arange(2 * 6 * 4).reshape(2, 6, 4)
    layer = vr.rearrange((6, 4), "(h w) c -> c h w", h=2)
    y = layer(x)
    assert tuple(y.shape) == (2, 4, 2, 3)
    assert layer.out_shape((6, 4)) == (4, 2, 3)
    for b in range(2):
        for c in range(4):
            for h in range(2):
                for w in range(3):
                    assert int(y[b, c, h, w]) == 24 * b + 4 * (3 * h + w) + c


def test_rearrange_merges_in_the_output_order():
    # x[a, b] = 3 a + b; "a b -> (b a)" lists b-major: position 2 b + a holds 3 a + b
    x = torch.arange(6).reshape(1, 2, 3)
    y = vr.rearrange((2, 3), "a b -> (b a)")(x)
    assert y.tolist() == [[0, 3, 1, 4, 2, 5]]


def test_rearrange_literal_one_and_empty_group_add_and_drop_axes():
    x = torch.arange(6.0).reshape(1, 2, 3)
    add = vr.rearrange((2, 3), "a b -> a 1 b ()")
    assert add.out_shape((2, 3)) == (2, 1, 3, 1)
    y = add(x)
    assert tuple(y.shape) == (1, 2, 1, 3, 1)
    drop = vr.rearrange((2, 1, 3, 1), "a 1 b () -> (a b)")
    assert drop(y).tolist() == [[0.0, 1.0, 2.0, 3.0, 4.0, 5.0]]


def test_rearrange_window_partition_matches_view_permute():
    # Swin's window partition of an (8, 8, c) map into 4 windows of 4 x 4, written both ways
    x = torch.randn(2, 8, 8, 3)
    layer = vr.rearrange((8, 8, 3), "(hn hw) (wn ww) c -> (hn wn) (hw ww) c", hw=4, ww=4)
    expected = x.view(2, 2, 4, 2, 4, 3).permute(0, 1, 3, 2, 4, 5).reshape(2, 4, 16, 3)
    assert torch.equal(layer(x), expected)
    back = vr.rearrange((4, 16, 3), "(hn wn) (hw ww) c -> (hn hw) (wn ww) c", hn=2, hw=4)
    assert torch.equal(back(layer(x)), x)


def test_rearrange_keeps_the_batch_of_a_constant():
    table = torch.arange(6).reshape(1, 2, 3)
    y = vr.rearrange((2, 3), "t h -> h t")(table)
    assert y.tolist() == [[[0, 3], [1, 4], [2, 5]]]


def test_rearrange_shapes_follow_the_rank_rule():
    assert isinstance(vr.rearrange((6, 4), "(h w) c -> h w c", h=2).out_shape((6, 4)), vr.TensorShape)
    out = vr.rearrange((2, 3, 4), "a b c -> (a b) c").out_shape((2, 3, 4))
    assert out == (6, 4) and not isinstance(out, vr.TensorShape)


@pytest.mark.parametrize("shape, pattern, sizes, message", [
    ((3136, 96), "(h w) c -> h w c", {"h": 55},
     "rearrange '(h w) c -> h w c' on shape (3136, 96): (h w) has 3136 elements but h = 55 does not divide it"),
    ((6, 4), "(h w) c -> h w c", {},
     "rearrange '(h w) c -> h w c' on shape (6, 4): (h w) has 6 elements and h, w are all unknown; "
     "give the sizes of all but one"),
    ((6, 4), "(h w) c -> h w c", {"h": 2, "w": 2},
     "rearrange '(h w) c -> h w c' on shape (6, 4): (h w) has 6 elements but h = 2 and w = 2 make 4"),
    ((6, 4), "n c -> c n", {"c": 5},
     "rearrange 'n c -> c n' on shape (6, 4): c has 4 elements but c = 5 makes 5"),
    ((6, 4), "n c d -> c n d", {},
     "rearrange 'n c d -> c n d' on shape (6, 4): the input side has 3 axes but the shape has 2"),
    ((6, 4), "1 c -> c", {},
     "rearrange '1 c -> c' on shape (6, 4): 1 stands for an axis of size 1 but the shape has 6 there"),
    ((6, 4), "n c -> c n", {"k": 2},
     "rearrange 'n c -> c n' on shape (6, 4): the size k = 2 names no axis of the pattern"),
    ((6, 4), "n c -> c", {}, "rearrange 'n c -> c': the names must be the same on both sides; n only in the input"),
    ((6, 4), "n c -> c n n", {}, "rearrange 'n c -> c n n': n appears twice on the output side"),
    ((6, 4), "n c", {}, "rearrange 'n c': the pattern needs exactly one '->'"),
    ((6, 4), "(n c -> c n", {}, "rearrange '(n c -> c n': '(' is never closed"),
    ((6, 4), "n c) -> c n", {}, "rearrange 'n c) -> c n': ')' at 3 closes no '('"),
    ((6, 4), "((n) c) -> c n", {}, "rearrange '((n) c) -> c n': nested '(' at 1"),
    ((6, 4), "n c -> c n 2", {}, "rearrange 'n c -> c n 2': only the literal 1 may stand in for an axis, got 2 at 11"),
    ((6, 4), "... c -> c ...", {}, "rearrange '... c -> c ...': '...' at 0 is not supported; name every axis"),
])
def test_rearrange_bad_shapes_and_patterns_give_one_line(shape, pattern, sizes, message):
    with pytest.raises(ValueError) as e:
        vr.rearrange(shape, pattern, **sizes)
    assert str(e.value) == message


def test_rearrange_accepts_a_size_named_pattern():
    # sizes are keyword arguments, so the pattern's names must not clash with the factory's own parameters
    layer = vr.rearrange((6,), "(pattern in_shape) -> in_shape pattern", pattern=2)
    assert layer.out_shape((6,)) == (3, 2)


def test_rearrange_takes_the_pattern_as_a_keyword_too():
    layer = vr.rearrange((6, 4), pattern="(h w) c -> c h w", h=3)
    assert layer.out_shape((6, 4)) == (4, 3, 2)
    with pytest.raises(ValueError) as e:
        vr.rearrange((6, 4), h=3)
    assert str(e.value) == 'rearrange needs a pattern such as "h w c -> (h w) c"'


# ----------------------------------------------------------------------------- roll, slice, element-wise

def test_roll_shifts_cyclically_along_one_axis():
    x = torch.arange(10).reshape(2, 5)
    assert vr.roll((5,), 2)(x).tolist() == [[3, 4, 0, 1, 2], [8, 9, 5, 6, 7]]
    y = torch.arange(6).reshape(1, 2, 3)
    assert vr.roll((2, 3), -1, axis=-1)(y).tolist() == [[[1, 2, 0], [4, 5, 3]]]
    assert vr.roll((2, 3), 1, axis=0)(y).tolist() == [[[3, 4, 5], [0, 1, 2]]]
    assert vr.roll((2, 3), 1, axis=0).out_shape((2, 3)) == (2, 3)


def test_roll_bad_axis():
    with pytest.raises(ValueError) as e:
        vr.roll((2, 3), 1, axis=2)
    assert str(e.value) == "roll: axis 2 is out of range for shape (2, 3) (rank 2)"


@pytest.mark.parametrize("start, end, step", [(0, 3, 1), (2, None, 1), (-3, None, 1), (1, -1, 1), (-5, -2, 1),
                                              (0, None, 2), (1, 6, 3), (-100, 100, 1), (0, 1, 1)])
def test_slice_has_python_semantics(start, end, step):
    x = torch.arange(14).reshape(2, 7)
    layer = vr.slice((7,), start, end, step=step)
    expected = [list(range(7))[start:end:step], list(range(7, 14))[start:end:step]]
    assert layer(x).tolist() == expected
    assert layer.out_shape((7,)) == (len(expected[0]),)


def test_slice_along_an_inner_axis_keeps_the_kind():
    x = torch.arange(24).reshape(1, 2, 3, 4)
    layer = vr.slice(vr.tensor_shape((2, 3, 4)), 1, axis=1)
    assert layer(x).tolist() == [[[[4, 5, 6, 7], [8, 9, 10, 11]], [[16, 17, 18, 19], [20, 21, 22, 23]]]]
    out = layer.out_shape(vr.tensor_shape((2, 3, 4)))
    assert out == (2, 2, 4) and isinstance(out, vr.TensorShape)


@pytest.mark.parametrize("args, message", [
    (((3, 4), 3, 2), "slice: 3:2:1 of axis 0 (size 3) of shape (3, 4) is empty"),
    (((3, 4), 0, None, 2), "slice: axis 2 is out of range for shape (3, 4) (rank 2)"),
    (((3, 4), 0, None, 0, 0), "slice: step must be at least 1, got 0"),
    (((3, 4), 0.5), "slice: start must be an integer, got 0.5"),
])
def test_slice_bad_arguments(args, message):
    with pytest.raises(ValueError) as e:
        vr.slice(*args)
    assert str(e.value) == message


def test_l2norm_divides_by_the_norm_of_the_last_axis():
    x = torch.tensor([[[3.0, 4.0], [0.0, 0.0]]])
    y = vr.l2norm((2, 2))(x)
    assert torch.allclose(y, torch.tensor([[[0.6, 0.8], [0.0, 0.0]]]))
    tiny = torch.tensor([[1e-13, 0.0]])
    assert torch.allclose(vr.l2norm((2,))(tiny), torch.tensor([[0.1, 0.0]]))  # divided by eps = 1e-12


def test_hard_swish_values():
    x = torch.tensor([[-4.0, -3.0, -1.0, 0.0, 1.0, 3.0, 4.0]])
    expected = [0.0, 0.0, -1.0 / 3.0, 0.0, 2.0 / 3.0, 3.0, 4.0]
    assert torch.allclose(vr.hard_swish((7,))(x), torch.tensor([expected]))


def test_times_multiplies_by_the_factor():
    x = torch.tensor([[1.0, -2.0]])
    assert vr.times((2,), 0.5)(x).tolist() == [[0.5, -1.0]]
    with pytest.raises(ValueError) as e:
        vr.times((2,), float("nan"))
    assert str(e.value) == "times: the factor must be a finite number, got nan"


# ----------------------------------------------------------------------------- sources

def test_weight_is_a_parameter_of_its_dims_given_a_batch_axis_of_one():
    w = vr.weight(3, 2, init=vr.init.constant(0.5))
    assert list(w.state_dict()) == ["weight"]
    assert isinstance(w.weight, torch.nn.Parameter)
    assert tuple(w.weight.shape) == (3, 2)  # as DJL's Weight holds it: its weights load by name and shape
    assert tuple(w().shape) == (1, 3, 2)
    assert torch.equal(w(), torch.full((1, 3, 2), 0.5))
    assert w.out_shape() == (3, 2)
    assert isinstance(vr.weight((169, 3, 2)).out_shape(), vr.TensorShape)
    t = vr.weight((4000,), init=vr.init.trunc_normal(0.02))().detach()
    assert t.abs().max() <= 2.0 and 0.015 < float(t.std()) < 0.025


def test_weight_bad_sizes():
    with pytest.raises(ValueError) as e:
        vr.weight(3, 0)
    assert str(e.value) == "weight needs one or more positive integer sizes, got (3, 0)"


def test_const_table_evaluates_fn_at_every_index():
    c = vr.const_table((3, 3), lambda i, j: (i // 2 - j // 2 + 1) * 3 + (i % 2 - j % 2 + 1))
    assert c().dtype == torch.long
    assert c().tolist() == [[[4, 3, 1], [5, 4, 2], [7, 6, 4]]]
    assert list(c.state_dict()) == []  # not state: recomputed from the spec
    assert c.out_shape() == (3, 3)


def test_const_table_is_real_when_any_value_is():
    c = vr.const_table((2,), lambda i: 0 if i == 0 else 0.25)
    assert c().dtype == torch.float32 and c().tolist() == [[0.0, 0.25]]
    assert vr.const_table((2,), lambda i: i, dtype="float")().dtype == torch.float32
    assert vr.const_table((2,), lambda i: i < 1)().tolist() == [[1, 0]]


def test_as_shape_keeps_a_tensor_marked_and_makes_ints():
    kept = vr.as_shape(vr.TensorShape((4, 4, 12)))
    assert isinstance(kept, vr.TensorShape) and kept == (4, 4, 12)
    image = vr.as_shape(torch.Size([3, 8, 8]))
    assert type(image) is tuple and image == (3, 8, 8)  # a plain rank-3 shape stays an image


def test_const_table_at_reads_an_element_as_stored_for_later_tables():
    band = vr.const_table((4,), lambda y: 0 if y < 2 else 1)
    assert band.at(3) == 1 and isinstance(band.at(3), int)
    region = vr.const_table((4, 4), lambda y, x: band.at(y) * 3 + band.at(x))
    assert region().tolist() == [[[0, 0, 1, 1], [0, 0, 1, 1], [3, 3, 4, 4], [3, 3, 4, 4]]]
    third = vr.const_table((1,), lambda i: 1 / 3)
    assert third.at(0) == float(torch.tensor(1 / 3, dtype=torch.float32)) != 1 / 3  # float32, as DJL's at
    with pytest.raises(ValueError) as e:
        band.at(4)
    assert str(e.value) == "const table of shape (4,) has no element (4,)"


def test_const_table_bad_values():
    with pytest.raises(ValueError) as e:
        vr.const_table((2, 2), lambda i, j: "x")
    assert str(e.value) == "const: fn(0, 0) gave 'x', which is not a number"
    with pytest.raises(ValueError) as e:
        vr.const_table((2,), lambda i: i / 2, dtype="long")
    assert str(e.value) == "const: dtype long needs integer values, but fn gave reals"


# ----------------------------------------------------------------------------- einsum

def test_einsum_attention_scores_match_loops():
    q = torch.randn(2, 3, 4, 5)  # batch, heads, n, d
    k = torch.randn(2, 3, 6, 5)
    s = vr.einsum("h n d, h m d -> h n m", q, k)
    assert vr.einsum_shape("h n d, h m d -> h n m", (3, 4, 5), (3, 6, 5)) == (3, 4, 6)
    assert tuple(s.shape) == (2, 3, 4, 6)
    for b in range(2):
        for h in range(3):
            for n in range(4):
                for m in range(6):
                    expected = sum(float(q[b, h, n, d]) * float(k[b, h, m, d]) for d in range(5))
                    assert abs(float(s[b, h, n, m]) - expected) < 1e-5


def test_einsum_with_a_weight_shares_it_over_the_batch():
    x = torch.randn(3, 4, 2)  # batch 3, per sample (n, h)
    w = vr.weight(2, 5, init=vr.init.normal(1.0))  # (h, g), batch 1
    y = vr.einsum("n h, h g -> n g", x, w())
    assert tuple(y.shape) == (3, 4, 5)
    for b in range(3):
        assert torch.allclose(y[b], x[b] @ w.weight, atol=1e-6)
    y2 = vr.einsum("h g, n h -> g n", w(), x)
    assert torch.allclose(y2, y.transpose(1, 2), atol=1e-6)


def test_einsum_sums_an_index_found_in_one_operand_only():
    a = torch.arange(6.0).reshape(1, 2, 3)  # (n, d)
    b = torch.arange(4.0).reshape(1, 2, 2)  # (m, e)
    y = vr.einsum("n d, m e -> n m", a, b)
    # (sum_d a[n, d]) * (sum_e b[m, e]) = [3, 12] x [1, 5]
    assert y.tolist() == [[[3.0, 15.0], [12.0, 60.0]]]


@pytest.mark.parametrize("pattern, a, b, message", [
    ("h n d, h m d -> h n m", (3, 4, 5), (3, 6, 4),
     "einsum 'h n d, h m d -> h n m' on (3, 4, 5) and (3, 6, 4): "
     "index d is 5 in the first operand but 4 in the second"),
    ("h n d, h m d -> h n m", (4, 5), (3, 6, 5),
     "einsum 'h n d, h m d -> h n m' on (4, 5) and (3, 6, 5): the first operand has 3 indices but rank 2"),
    ("n d, m d -> n x", (4, 5), (6, 5), "einsum 'n d, m d -> n x': output index x is in neither operand"),
    ("n n, m d -> n m", (4, 4), (6, 5), "einsum 'n n, m d -> n m': n appears twice in the first operand"),
    ("n d -> n", (4, 5), (4, 5), "einsum 'n d -> n': needs exactly two operands before '->', got 1"),
    ("n d, m d", (4, 5), (4, 5), "einsum 'n d, m d': the pattern needs exactly one '->'"),
])
def test_einsum_bad_shapes(pattern, a, b, message):
    with pytest.raises(ValueError) as e:
        vr.einsum_shape(pattern, a, b)
    assert str(e.value) == message


def test_einsum_differing_batches():
    with pytest.raises(ValueError) as e:
        vr.einsum("n, n -> n", torch.zeros(2, 3), torch.zeros(3, 3))
    assert str(e.value) == "einsum 'n, n -> n': the batches of (2, 3) and (3, 3) differ"


# ----------------------------------------------------------------------------- take

def test_take_picks_rows_of_a_weight_by_a_const_index():
    table = torch.arange(10.0).reshape(1, 5, 2)  # 5 rows of 2 (a weight: batch 1)
    index = vr.const_table((3, 2), lambda i, j: (i * 2 + j) % 5)()
    y = vr.take(table, index)
    assert tuple(y.shape) == (1, 3, 2, 2)
    assert vr.take_shape((5, 2), (3, 2), index) == (3, 2, 2)
    for i in range(3):
        for j in range(2):
            row = (i * 2 + j) % 5
            assert y[0, i, j].tolist() == [2.0 * row, 2.0 * row + 1]


def test_take_from_a_batched_table():
    table = torch.arange(12.0).reshape(2, 3, 2)
    index = torch.tensor([[2, 0]])
    assert vr.take(table, index).tolist() == [[[4.0, 5.0], [0.0, 1.0]], [[10.0, 11.0], [6.0, 7.0]]]
    batched_index = torch.tensor([[2], [1]])
    assert vr.take(table, batched_index).tolist() == [[[4.0, 5.0]], [[8.0, 9.0]]]


def test_take_bad_index():
    with pytest.raises(ValueError) as e:
        vr.take_shape((5, 2), (3,), torch.tensor([[0, 4, 5]]))
    assert str(e.value) == "take: index values 0..5 are outside the 5 rows of table (5, 2)"
    with pytest.raises(ValueError) as e:
        vr.take_shape((5, 2), (3,), torch.zeros(1, 3))
    assert str(e.value) == "take needs an integer index, got torch.float32 of shape (3,)"
    with pytest.raises(ValueError) as e:
        vr.take(torch.zeros(1, 5, 2), torch.zeros(1, 3))
    assert str(e.value) == "take needs an integer index, got torch.float32"


# ----------------------------------------------------------------------------- broadcasting merges

def test_aligned_inserts_axes_after_the_batch_of_the_lower_rank():
    a = torch.zeros(2, 3, 4, 5)
    b = torch.zeros(1, 4, 5)
    a2, b2 = vr.aligned(a, b)
    assert a2 is a and tuple(b2.shape) == (1, 1, 4, 5)
    b2, a2 = vr.aligned(b, a)
    assert tuple(b2.shape) == (1, 1, 4, 5)


def test_merges_broadcast_the_per_sample_shapes():
    a = torch.arange(12.0).reshape(2, 2, 3) + 1  # batch 2, per sample (2, 3)
    b = torch.tensor([[1.0, 2.0, 4.0], [2.0, 4.0, 8.0]])  # batch 2, per sample (3,)
    y = vr.divide(a, b)
    for n in range(2):
        for i in range(2):
            for j in range(3):
                assert float(y[n, i, j]) == float(a[n, i, j]) / float(b[n, j])
    assert torch.equal(vr.add(a, b), a + b[:, None, :])
    assert torch.equal(vr.subtract(b, a), b[:, None, :] - a)
    assert torch.equal(vr.multiply(a, b), a * b[:, None, :])
    assert vr.broadcast_shape((2, 3), (3,)) == (2, 3)
    assert vr.broadcast_shape((4, 1, 3), (5, 1)) == (4, 5, 3)


def test_merge_shapes_that_do_not_broadcast():
    with pytest.raises(ValueError) as e:
        vr.broadcast_shape((3, 4), (5, 4), "add")
    assert str(e.value) == "add: shapes (3, 4) and (5, 4) do not broadcast"


# ----------------------------------------------------------------------------- last-axis layers on tensors

def test_last_axis_layers_act_on_a_rank_3_tensor():
    shape = vr.tensor_shape((2, 3, 4))
    x = torch.randn(5, 2, 3, 4)
    lin = vr.linear(shape, out=6)
    assert lin.out_shape(shape) == (2, 3, 6) and isinstance(lin.out_shape(shape), vr.TensorShape)
    assert torch.allclose(lin(x), x @ lin.weight.t() + lin.bias, atol=1e-6)
    norm = vr.layer_norm(shape)
    assert isinstance(norm.out_shape(shape), vr.TensorShape)
    sc = vr.scale(shape, init=vr.init.constant(2.0))
    assert tuple(sc.weight.shape) == (4,)
    assert torch.equal(sc(x), 2.0 * x)
    af = vr.affine(shape)
    with torch.no_grad():
        af.alpha.copy_(torch.tensor([1.0, 2.0, 3.0, 4.0]))
    assert torch.equal(af(x), x * torch.tensor([1.0, 2.0, 3.0, 4.0]))
    assert isinstance(vr.gelu(shape).out_shape(shape), vr.TensorShape)
    assert isinstance(vr.dropout(shape, p=0.1).out_shape(shape), vr.TensorShape)


def test_an_image_stays_channels_first():
    assert tuple(vr.scale((3, 2, 2)).weight.shape) == (3,)
    with pytest.raises(ValueError) as e:
        vr.linear((3, 2, 2), out=4)
    assert str(e.value) == ("linear needs a vector (D,) or tokens (N, D) or a tensor (..., D); got shape (3, 2, 2)")


def test_shape_arithmetic_keeps_a_tensor_a_tensor():
    # the generated modules' _split and _concat helpers: shape[:axis] + (size,) + shape[axis + 1:]
    shape = vr.tensor_shape((2, 3, 4))
    split = shape[:1] + (5,) + shape[2:]
    assert split == (2, 5, 4) and isinstance(split, vr.TensorShape)
    assert isinstance((7,) + shape[1:], vr.TensorShape)
    assert shape[2] == 4 and type(shape[2]) is int
    assert tuple(vr.scale(shape[:2] + (6,)).weight.shape) == (6,)
    assert tuple(vr.scale(shape[:2]).weight.shape) == (3,)  # tokens (2, 3): the mark counts at rank >= 3 only
    assert tuple(vr.scale((2, 3) + (6,)).weight.shape) == (2,)  # a plain 3-tuple is an image


def test_a_rank_4_shape_is_a_tensor():
    lin = vr.linear((2, 3, 4, 5), out=2)
    assert lin.out_shape((2, 3, 4, 5)) == (2, 3, 4, 2)
    assert tuple(vr.layer_norm((2, 3, 4, 5)).weight.shape) == (5,)
