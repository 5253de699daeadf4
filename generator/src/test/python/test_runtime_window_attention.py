"""A Swin-style (shifted) window attention built only from vmodel_runtime's general constructs, as a
generated twin would build it, against a direct implementation in the style of timm's SwinTransformerBlock
(window partition by view/permute, relative position bias from a meshgrid, the shifted-window mask from
image regions)."""

import math

import pytest
import torch
from torch import nn

import vmodel_runtime as vr

HEIGHT = WIDTH = 8
WINDOW = 4
DIM = 8
HEADS = 2
TOKENS = WINDOW * WINDOW
WINDOWS = (HEIGHT // WINDOW) * (WIDTH // WINDOW)


# ----------------------------------------------------------------------------- the direct implementation

def window_partition(x, ws):
    b, h, w, c = x.shape
    x = x.view(b, h // ws, ws, w // ws, ws, c)
    return x.permute(0, 1, 3, 2, 4, 5).contiguous().view(-1, ws * ws, c)


def window_reverse(windows, ws, h, w):
    b = windows.shape[0] // ((h // ws) * (w // ws))
    x = windows.view(b, h // ws, w // ws, ws, ws, -1)
    return x.permute(0, 1, 3, 2, 4, 5).contiguous().view(b, h, w, -1)


def relative_position_index(ws):
    coords = torch.stack(torch.meshgrid(torch.arange(ws), torch.arange(ws), indexing="ij")).flatten(1)
    relative = (coords[:, :, None] - coords[:, None, :]).permute(1, 2, 0).contiguous()
    relative[:, :, 0] += ws - 1
    relative[:, :, 1] += ws - 1
    relative[:, :, 0] *= 2 * ws - 1
    return relative.sum(-1)


def shift_mask(h, w, ws, shift):
    image = torch.zeros(1, h, w, 1)
    count = 0
    for hs in (slice(0, -ws), slice(-ws, -shift), slice(-shift, None)):
        for wsl in (slice(0, -ws), slice(-ws, -shift), slice(-shift, None)):
            image[:, hs, wsl, :] = count
            count += 1
    windows = window_partition(image, ws).view(-1, ws * ws)
    mask = windows.unsqueeze(1) - windows.unsqueeze(2)
    return mask.masked_fill(mask != 0, -100.0).masked_fill(mask == 0, 0.0)


class DirectWindowAttention(nn.Module):
    def __init__(self, shift):
        super().__init__()
        self.shift = shift
        self.qkv = nn.Linear(DIM, 3 * DIM)
        self.proj = nn.Linear(DIM, DIM)
        self.table = nn.Parameter(torch.randn((2 * WINDOW - 1) ** 2, HEADS) * 0.5)
        self.register_buffer("index", relative_position_index(WINDOW))
        self.register_buffer("mask", shift_mask(HEIGHT, WIDTH, WINDOW, shift) if shift else None)

    def forward(self, x):  # [B, H*W, C]
        b = x.shape[0]
        x = x.view(b, HEIGHT, WIDTH, DIM)
        if self.shift:
            x = torch.roll(x, shifts=(-self.shift, -self.shift), dims=(1, 2))
        windows = window_partition(x, WINDOW)  # [B*nW, N, C]
        bw, n, c = windows.shape
        qkv = self.qkv(windows).reshape(bw, n, 3, HEADS, c // HEADS).permute(2, 0, 3, 1, 4)
        q, k, v = qkv[0], qkv[1], qkv[2]
        attn = (q * (c // HEADS) ** -0.5) @ k.transpose(-2, -1)
        bias = self.table[self.index.view(-1)].view(n, n, -1).permute(2, 0, 1)
        attn = attn + bias.unsqueeze(0)
        if self.mask is not None:
            attn = attn.view(b, WINDOWS, HEADS, n, n) + self.mask.unsqueeze(1).unsqueeze(0)
            attn = attn.view(-1, HEADS, n, n)
        attn = attn.softmax(dim=-1)
        y = self.proj((attn @ v).transpose(1, 2).reshape(bw, n, c))
        x = window_reverse(y, WINDOW, HEIGHT, WIDTH)
        if self.shift:
            x = torch.roll(x, shifts=(self.shift, self.shift), dims=(1, 2))
        return x.reshape(b, HEIGHT * WIDTH, DIM)


# ----------------------------------------------------------------------------- the same from the constructs

def region(p, size, shift):
    """The region (0, 1 or 2) of a rolled row or column p, as the spec's const expression would say it."""
    return 0 if p < size - WINDOW else (1 if p < size - shift else 2)


def mask_value(w, t, s, shift):
    wy, wx = w // (WIDTH // WINDOW), w % (WIDTH // WINDOW)

    def label(u):
        y, x = wy * WINDOW + u // WINDOW, wx * WINDOW + u % WINDOW
        return region(y, HEIGHT, shift) * 3 + region(x, WIDTH, shift)
    return 0.0 if label(t) == label(s) else -100.0


class ConstructWindowAttention(nn.Module):
    """Each step is one construct; shapes are followed with out_shape as a generated __init__ does."""

    def __init__(self, shift):
        super().__init__()
        self.shift = shift
        shape = (HEIGHT * WIDTH, DIM)
        steps = []

        def chain(name, layer):
            nonlocal shape
            setattr(self, name, layer)
            steps.append(name)
            shape = layer.out_shape(shape)

        chain("to_map", vr.rearrange(shape, "(h w) c -> h w c", h=HEIGHT))
        if shift:
            chain("roll_h", vr.roll(shape, -shift, axis=0))
            chain("roll_w", vr.roll(shape, -shift, axis=1))
        chain("to_windows", vr.rearrange(shape, "(hn hw) (wn ww) c -> (hn wn) (hw ww) c", hw=WINDOW, ww=WINDOW))
        chain("qkv", vr.linear(shape, out=3 * DIM))
        chain("split_heads", vr.rearrange(shape, "n t (s h d) -> s n h t d", s=3, h=HEADS))
        self.steps_in = steps
        heads_shape = shape
        self.q_slice, self.k_slice, self.v_slice = (vr.slice(heads_shape, i, i + 1) for i in range(3))
        one = self.q_slice.out_shape(heads_shape)
        self.drop_one = vr.rearrange(one, "1 n h t d -> n h t d")
        qkv_shape = self.drop_one.out_shape(one)
        scores_shape = vr.einsum_shape("n h t d, n h s d -> n h t s", qkv_shape, qkv_shape)
        self.scale = vr.times(scores_shape, (DIM // HEADS) ** -0.5)
        self.table = vr.weight((2 * WINDOW - 1) ** 2, HEADS, init=vr.init.trunc_normal(0.02))
        self.index = vr.const_table(
            (TOKENS, TOKENS),
            lambda i, j: (i // WINDOW - j // WINDOW + WINDOW - 1) * (2 * WINDOW - 1) + (i % WINDOW - j % WINDOW
                                                                                      + WINDOW - 1))
        bias_shape = vr.take_shape(self.table.out_shape(), self.index.out_shape(), self.index.table)
        self.bias_heads_first = vr.rearrange(bias_shape, "t s h -> h t s")
        scores_shape = vr.broadcast_shape(scores_shape, self.bias_heads_first.out_shape(bias_shape), "add")
        if shift:
            self.mask = vr.const_table((WINDOWS, TOKENS, TOKENS), lambda w, t, s: mask_value(w, t, s, shift))
            self.mask_per_head = vr.rearrange(self.mask.out_shape(), "n t s -> n 1 t s")
            scores_shape = vr.broadcast_shape(
                scores_shape, self.mask_per_head.out_shape(self.mask.out_shape()), "add")
        self.softmax = vr.softmax(scores_shape)
        out_shape = vr.einsum_shape("n h t s, n h s d -> n h t d", scores_shape, qkv_shape)
        shape = out_shape
        steps = []
        chain("merge_heads", vr.rearrange(shape, "n h t d -> n t (h d)"))
        chain("proj", vr.linear(shape, out=DIM))
        chain("from_windows", vr.rearrange(shape, "(hn wn) (hw ww) c -> (hn hw) (wn ww) c", hn=HEIGHT // WINDOW,
                                           hw=WINDOW))
        if shift:
            chain("unroll_h", vr.roll(shape, shift, axis=0))
            chain("unroll_w", vr.roll(shape, shift, axis=1))
        chain("to_tokens", vr.rearrange(shape, "h w c -> (h w) c"))
        self.steps_out = steps
        self.shape = shape

    def forward(self, x):
        for name in self.steps_in:
            x = getattr(self, name)(x)
        q, k, v = (self.drop_one(s(x)) for s in (self.q_slice, self.k_slice, self.v_slice))
        scores = self.scale(vr.einsum("n h t d, n h s d -> n h t s", q, k))
        scores = vr.add(scores, self.bias_heads_first(vr.take(self.table(), self.index())))
        if self.shift:
            scores = vr.add(scores, self.mask_per_head(self.mask()))
        x = vr.einsum("n h t s, n h s d -> n h t d", self.softmax(scores), v)
        for name in self.steps_out:
            x = getattr(self, name)(x)
        return x


@pytest.mark.parametrize("shift", [0, 2])
def test_window_attention_from_constructs_matches_the_direct_one(shift):
    torch.manual_seed(1)
    direct = DirectWindowAttention(shift)
    twin = ConstructWindowAttention(shift)
    assert twin.shape == (HEIGHT * WIDTH, DIM)
    with torch.no_grad():
        twin.qkv.weight.copy_(direct.qkv.weight)
        twin.qkv.bias.copy_(direct.qkv.bias)
        twin.proj.weight.copy_(direct.proj.weight)
        twin.proj.bias.copy_(direct.proj.bias)
        twin.table.weight.copy_(direct.table)
    assert torch.equal(twin.index.table[0], direct.index)
    if shift:
        assert torch.equal(twin.mask.table[0], direct.mask)
    x = torch.randn(3, HEIGHT * WIDTH, DIM)
    with torch.no_grad():
        expected = direct(x)
        actual = twin(x)
    assert actual.shape == expected.shape
    assert torch.allclose(actual, expected, atol=1e-6, rtol=0), float((actual - expected).abs().max())


def test_gradients_reach_the_bias_table():
    twin = ConstructWindowAttention(2)
    twin(torch.randn(2, HEIGHT * WIDTH, DIM)).sum().backward()
    assert twin.table.weight.grad is not None and float(twin.table.weight.grad.abs().sum()) > 0
    assert math.isfinite(float(twin.qkv.weight.grad.abs().sum()))
