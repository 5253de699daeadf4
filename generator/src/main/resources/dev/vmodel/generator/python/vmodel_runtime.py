"""vmodel's PyTorch support library: one factory per primitive of the language, initialisers,
shape rules and a minimal safetensors reader/writer.

Every layer here computes what the DJL block the Java generator builds for the same primitive
computes (generator/.../emit/LayerEmitter.java, runtime/.../blocks/*), and names its parameters
and buffers as dev.vmodel.runtime.model.StableNames names the DJL ones, so that a generated
module's state_dict() keys are the DJL model's stable names and DJL weights load 1:1.

Shapes are per sample: an image (C, H, W), tokens (N, D), a vector (D,), or a tensor (a, b, ..., D) of
rank >= 3 with its features last (a TensorShape when its rank is 3, to tell it from an image). Every
module has out_shape(in_shape). Runs on torch 1.13 and 2.x; imports nothing but torch and the standard
library.
"""

import builtins
import importlib
import itertools
import json
import math
import os
import struct

import torch
from torch import nn
from torch.nn import functional as F

__all__ = [
    "init", "linear", "conv", "max_pool", "avg_pool", "layer_norm", "batch_norm", "group_norm",
    "gelu", "relu", "silu", "tanh", "sigmoid", "softmax", "identity", "dropout", "drop_path",
    "attention", "pos_embed", "class_token", "pool", "tokens", "grid", "flatten", "scale", "affine",
    "same_padding", "window", "sinusoidal_table",
    # slice is left out: a star import would hide the builtin (vr.slice is the language's slice)
    "TensorShape", "tensor_shape", "as_shape", "rearrange", "roll", "l2norm", "hard_swish", "times", "weight",
    "const_table", "einsum", "einsum_shape", "take", "take_shape", "broadcast_shape", "aligned", "add",
    "subtract", "multiply", "divide",
    "save_safetensors", "load_safetensors", "load_weights",
]


# ----------------------------------------------------------------------------- initialisers

def _fans(t):
    """fan_in and fan_out as runtime/.../init/Fans.java (and torch.nn.init): [out, in, k...]."""
    if t.dim() < 2:
        raise ValueError("fan in and fan out cannot be computed for a tensor with fewer than 2 dimensions: "
                         + str(tuple(t.shape)))
    receptive = 1
    for s in t.shape[2:]:
        receptive *= int(s)
    return int(t.shape[1]) * receptive, int(t.shape[0]) * receptive


def _trunc_normal_(t, mean, std, a, b):
    """PyTorch's trunc_normal_ (inverse-CDF), with absolute cuts, as TruncatedNormalInit.java."""
    def cdf(x):
        return 0.5 * (1.0 + math.erf(x / math.sqrt(2.0)))
    lo = cdf((a - mean) / std)
    hi = cdf((b - mean) / std)
    t.uniform_(2 * lo - 1, 2 * hi - 1)
    t.erfinv_()
    t.mul_(std * math.sqrt(2.0)).add_(mean)
    t.clamp_(min=a, max=b)
    return t


# Standard deviation of a unit normal truncated to [-2, 2] (VarianceScaling.TRUNCATED_STD).
_TRUNCATED_STD = 0.87962566103423978


class _Init:
    """An initialiser: fills a tensor in place. The same distributions as the DJL runtime's."""

    is_default = False

    def __call__(self, t):
        with torch.no_grad():
            self._fill(t)
        return t

    def _fill(self, t):
        raise NotImplementedError

    def __repr__(self):
        return self.__class__.__name__


class _Default(_Init):
    """The layer's own default (for linear and conv, PyTorch's); resolved by each factory."""

    is_default = True

    def _fill(self, t):
        raise ValueError("init.default() has no distribution of its own; the layer decides")


class _Constant(_Init):
    def __init__(self, value):
        self.value = float(value)

    def _fill(self, t):
        t.fill_(self.value)

    def __repr__(self):
        return "constant(%r)" % self.value


class _Normal(_Init):
    def __init__(self, mean, std):
        if not std >= 0:
            raise ValueError("std must be non-negative, got %r" % (std,))
        self.mean, self.std = float(mean), float(std)

    def _fill(self, t):
        t.normal_(self.mean, self.std)


class _TruncNormal(_Init):
    def __init__(self, mean, std, a, b):
        if not std > 0:
            raise ValueError("std must be positive, got %r" % (std,))
        if not b > a:
            raise ValueError("need a < b, got %r, %r" % (a, b))
        self.mean, self.std, self.a, self.b = float(mean), float(std), float(a), float(b)

    def _fill(self, t):
        _trunc_normal_(t, self.mean, self.std, self.a, self.b)


class _Uniform(_Init):
    def __init__(self, low, high):
        if not high >= low:
            raise ValueError("need low <= high, got %r, %r" % (low, high))
        self.low, self.high = float(low), float(high)

    def _fill(self, t):
        t.uniform_(self.low, self.high)


class _VarianceScaling(_Init):
    """variance = scale / fan, as VarianceScaling.java: normal, uniform or truncated normal."""

    def __init__(self, scale, mode, distribution):
        if not scale > 0:
            raise ValueError("scale must be positive, got %r" % (scale,))
        if mode not in ("fan_in", "fan_out", "fan_avg"):
            raise ValueError("mode must be fan_in, fan_out or fan_avg, got %r" % (mode,))
        self.scale, self.mode, self.distribution = float(scale), mode, distribution

    def variance(self, t):
        fan_in, fan_out = _fans(t)
        fan = {"fan_in": fan_in, "fan_out": fan_out, "fan_avg": (fan_in + fan_out) / 2.0}[self.mode]
        if fan <= 0:
            raise ValueError("fan is zero for shape %s" % (tuple(t.shape),))
        return self.scale / fan

    def _fill(self, t):
        variance = self.variance(t)
        if self.distribution == "normal":
            t.normal_(0.0, math.sqrt(variance))
        elif self.distribution == "uniform":
            bound = math.sqrt(3.0 * variance)
            t.uniform_(-bound, bound)
        else:
            _trunc_normal_(t, 0.0, 1.0, -2.0, 2.0)
            t.mul_(math.sqrt(variance) / _TRUNCATED_STD)

    def __repr__(self):
        return "variance_scaling(%r, %s, %s)" % (self.scale, self.mode, self.distribution)


class _TorchBias(_Init):
    """PyTorch's default bias of Linear/Conv: U(+-1/sqrt(fan_in of the weight)), TorchBiasInit.java."""

    def __init__(self, weight):
        self.weight = weight

    def _fill(self, t):
        fan_in, _ = _fans(self.weight)
        bound = 1.0 / math.sqrt(fan_in) if fan_in > 0 else 0.0
        t.uniform_(-bound, bound)


class _InitFactories:
    """The initialisers a spec can name, as runtime/.../init/Inits.java's factories."""

    @staticmethod
    def default():
        return _Default()

    @staticmethod
    def zeros():
        return _Constant(0.0)

    @staticmethod
    def ones():
        return _Constant(1.0)

    @staticmethod
    def constant(value):
        return _Constant(value)

    @staticmethod
    def normal(std, *more):
        """normal(std) = N(0, std^2); normal(mean, std) as Inits.normal(mean, std)."""
        return _Normal(0.0, std) if not more else _Normal(std, more[0])

    @staticmethod
    def trunc_normal(std, *more):
        """trunc_normal(std): N(0, std^2) cut at the absolute [-2, 2]; or (mean, std, a, b)."""
        if not more:
            return _TruncNormal(0.0, std, -2.0, 2.0)
        if len(more) != 3:
            raise ValueError("trunc_normal takes (std) or (mean, std, a, b)")
        return _TruncNormal(std, more[0], more[1], more[2])

    @staticmethod
    def uniform(a, *more):
        """uniform(a) = U(-a, a); uniform(low, high) as Inits.uniform(low, high)."""
        return _Uniform(-a, a) if not more else _Uniform(a, more[0])

    @staticmethod
    def xavier_uniform(gain=1.0):
        return _VarianceScaling(gain * gain, "fan_avg", "uniform")

    @staticmethod
    def xavier_normal(gain=1.0):
        return _VarianceScaling(gain * gain, "fan_avg", "normal")

    @staticmethod
    def kaiming_uniform(a=0.0, mode="fan_in"):
        return _VarianceScaling(2.0 / (1.0 + a * a), mode, "uniform")

    @staticmethod
    def kaiming_normal(a=0.0, mode="fan_in"):
        return _VarianceScaling(2.0 / (1.0 + a * a), mode, "normal")

    @staticmethod
    def lecun_normal():
        return _VarianceScaling(1.0, "fan_in", "truncated_normal")

    @staticmethod
    def torch_default_weight():
        """nn.Linear/nn.Conv2d's default weight: kaiming_uniform(a=sqrt(5)) = U(+-1/sqrt(fan_in))."""
        return _VarianceScaling(2.0 / 6.0, "fan_in", "uniform")


init = _InitFactories()


def _resolve(initialiser, fallback):
    """The initialiser a spec gave, or the layer's own default for init.default() / None."""
    if initialiser is None or getattr(initialiser, "is_default", False):
        return fallback
    if not callable(initialiser):
        raise ValueError("not an initialiser: %r" % (initialiser,))
    return initialiser


def _init_weights(layer, weight_init, bias_init):
    """Inits.weights: PyTorch's defaults for weight and bias unless the spec names others."""
    _resolve(weight_init, init.torch_default_weight())(layer.weight)
    if layer.bias is not None:
        _resolve(bias_init, _TorchBias(layer.weight))(layer.bias)


# ----------------------------------------------------------------------------- shape rules

def _kind(shape):
    """vector, tokens, image, or tensor: a TensorShape, or any shape of rank >= 4 (an image has rank 3)."""
    if len(shape) >= 4 or isinstance(shape, TensorShape) and len(shape) == 3:
        return "tensor"
    return {1: "vector", 2: "tokens", 3: "image"}.get(len(shape), "unknown")


def _require(what, shape, *kinds):
    kind = _kind(shape)
    shape = tuple(int(s) for s in shape)
    if kind not in kinds:
        raise ValueError("%s needs %s; got shape %s" % (what, " or ".join(
            {"vector": "a vector (D,)", "tokens": "tokens (N, D)", "image": "an image (C, H, W)",
             "tensor": "a tensor (..., D)"}[k] for k in kinds), shape))
    return shape


def _channels(shape):
    """C of an image, D of tokens, a vector or a tensor."""
    return shape[0] if _kind(shape) == "image" else shape[-1]


def same_padding(kernel, stride=1, dilation=1):
    """What padding "same" stands for: dilation*(kernel-1)/2, needing stride 1 and an odd span."""
    span = dilation * (kernel - 1)
    if stride != 1 or span % 2 != 0:
        raise ValueError("padding 'same' needs stride 1 and an odd kernel, got kernel %d, stride %d"
                         % (kernel, stride))
    return span // 2


def window(size, kernel, stride, padding, dilation=1, axis="height"):
    """A sliding window's output size along one axis (PyTorch's floor), after LayerChecks.window's
    checks: the windows fit, and they read every input pixel (PyTorch would drop the last ones)."""
    span = dilation * (kernel - 1) + 1
    padded = size + 2 * padding
    if padded < span:
        raise ValueError("kernel %d does not fit the %s %d%s"
                         % (kernel, axis, size, " (padded to %d)" % padded if padding > 0 else ""))
    out = (padded - span) // stride + 1
    covered = (out - 1) * stride + span - padding
    if covered < size:
        raise ValueError("kernel %d with stride %d and padding %d does not tile the %s %d: the last %d pixel(s) are "
                         "never read; make the %s a multiple of the stride or pad it"
                         % (kernel, stride, padding, axis, size, size - covered, axis))
    return out


def _padding(padding, kernel, stride, dilation):
    if isinstance(padding, str):
        if padding != "same":
            raise ValueError("padding must be a size or 'same', got %r" % (padding,))
        return same_padding(kernel, stride, dilation)
    return int(padding)


class _Layer(nn.Module):
    """A layer that keeps the per-sample shape rule of its primitive."""

    def out_shape(self, in_shape):
        return _like(in_shape, in_shape)


class _ChannelwiseMixin:
    """Per-channel parameters broadcast along axis 1 of an image, the last axis otherwise (Scale.perChannel).

    features_last is set for a rank-3 tensor, which a batched value cannot tell from an image."""

    features_last = False

    def _per_channel(self, v, x):
        return v.reshape(-1, 1, 1) if x.dim() == 4 and not self.features_last else v


# ----------------------------------------------------------------------------- layers with weights

class Linear(nn.Linear):
    """DJL Linear: on the last axis, weight [out, in], bias [out]."""

    def out_shape(self, in_shape):
        return _like(in_shape, tuple(in_shape[:-1]) + (self.out_features,))


def linear(in_shape, out, bias=True, init=None, bias_init=None):
    shape = _require("linear", in_shape, "vector", "tokens", "tensor")
    layer = Linear(shape[-1], int(out), bias=bool(bias))
    _init_weights(layer, init, bias_init)
    return layer


class Conv(nn.Conv2d):
    """DJL Conv2d: weight [out, in/groups, k, k], bias [out], zero padding."""

    def out_shape(self, in_shape):
        _, h, w = in_shape
        k, s, p, d = self.kernel_size[0], self.stride[0], self.padding[0], self.dilation[0]
        return (self.out_channels, window(h, k, s, p, d, "height"), window(w, k, s, p, d, "width"))


def conv(in_shape, out, kernel, stride=1, padding=0, groups=1, dilation=1, bias=True, init=None,
         bias_init=None):
    c, h, w = _require("conv", in_shape, "image")
    pad = _padding(padding, kernel, stride, dilation)
    if c % groups != 0 or out % groups != 0:
        raise ValueError("conv: %d groups must divide both the %d input channels and the %d output channels"
                         % (groups, c, out))
    layer = Conv(c, int(out), int(kernel), stride=int(stride), padding=pad, dilation=int(dilation),
                 groups=int(groups), bias=bool(bias))
    layer.out_shape((c, h, w))  # fails early when the window does not fit
    _init_weights(layer, init, bias_init)
    return layer


class LayerNorm(nn.LayerNorm):
    """LastAxisLayerNorm: over the last axis; weight/bias only when affine."""

    def out_shape(self, in_shape):
        return _like(in_shape, in_shape)


def layer_norm(in_shape, eps=1e-5, affine=True):
    shape = _require("layerNorm", in_shape, "vector", "tokens", "tensor")
    return LayerNorm(shape[-1], eps=float(eps), elementwise_affine=bool(affine))


class BatchNorm(_Layer):
    """DJL BatchNorm over the channel axis (1 of an image, the last of tokens).

    The spec's momentum is PyTorch's (running = (1-m)*running + m*batch): LayerEmitter passes DJL
    1 - m, DJL's convention being the weight of the old value. State: weight, bias, running_mean,
    running_var, and no num_batches_tracked (DJL has none).
    """

    def __init__(self, channels, eps, momentum):
        super().__init__()
        self.eps, self.momentum = float(eps), float(momentum)
        self.weight = nn.Parameter(torch.ones(channels))
        self.bias = nn.Parameter(torch.zeros(channels))
        self.register_buffer("running_mean", torch.zeros(channels))
        self.register_buffer("running_var", torch.ones(channels))

    def forward(self, x):
        tokens = x.dim() == 3
        if tokens:
            x = x.transpose(1, 2)
        y = F.batch_norm(x, self.running_mean, self.running_var, self.weight, self.bias, self.training,
                         self.momentum, self.eps)
        return y.transpose(1, 2) if tokens else y


def batch_norm(in_shape, eps=1e-5, momentum=0.1):
    shape = _require("batchNorm", in_shape, "image", "tokens")
    return BatchNorm(_channels(shape), eps, momentum)


class GroupNorm(nn.GroupNorm):
    """runtime GroupNorm: groups of channels of an image, biased variance, weight/bias per channel."""

    def out_shape(self, in_shape):
        return tuple(in_shape)


def group_norm(in_shape, groups, eps=1e-5):
    c, _, _ = _require("groupNorm", in_shape, "image")
    if c % groups != 0:
        raise ValueError("groupNorm: %d groups do not divide %d channels" % (groups, c))
    return GroupNorm(int(groups), c, eps=float(eps), affine=True)


class Attention(_Layer):
    """runtime MultiHeadSelfAttention: children qkv (D -> 3D), attn_drop, proj (D -> D), proj_drop.

    qkv's output rows are all queries (head-major), then keys, then values; scores scaled by
    1/sqrt(D/heads), softmax over the keys.
    """

    def __init__(self, dim, heads, qkv_bias, proj_bias, attn_drop, proj_drop):
        super().__init__()
        if dim % heads != 0:
            raise ValueError("attention: heads (%d) must divide the width (%d)" % (heads, dim))
        self.dim, self.heads = dim, heads
        self.qkv = nn.Linear(dim, 3 * dim, bias=qkv_bias)
        self.attn_drop = nn.Dropout(attn_drop)
        self.proj = nn.Linear(dim, dim, bias=proj_bias)
        self.proj_drop = nn.Dropout(proj_drop)

    def forward(self, x):
        b, n, d = x.shape
        head_dim = self.dim // self.heads
        t = self.qkv(x).reshape(b, n, 3, self.heads, head_dim).permute(2, 0, 3, 1, 4)
        q, k, v = t[0], t[1], t[2]
        scores = torch.matmul(q, k.transpose(-2, -1)) * (1.0 / math.sqrt(head_dim))
        a = self.attn_drop(scores.softmax(dim=-1))
        y = torch.matmul(a, v).transpose(1, 2).reshape(b, n, self.dim)
        return self.proj_drop(self.proj(y))


def attention(in_shape, heads, qkv_bias=False, proj_bias=True, attn_drop=0.0, proj_drop=0.0, init=None,
              bias_init=None):
    _, d = _require("attention", in_shape, "tokens")
    layer = Attention(d, int(heads), bool(qkv_bias), bool(proj_bias), float(attn_drop), float(proj_drop))
    _init_weights(layer.qkv, init, bias_init)
    _init_weights(layer.proj, init, bias_init)
    return layer


def sinusoidal_table(n, d):
    """SinusoidalPositionEmbedding.table: pe[p, i] = sin/cos(p / 10000^(2*(i//2)/d)), sin at even i.

    Computed in double, rounded to float32, as the Java side."""
    values = []
    for p in range(n):
        for i in range(d):
            angle = p / math.pow(10000.0, 2.0 * (i // 2) / d)
            values.append(math.sin(angle) if i % 2 == 0 else math.cos(angle))
    return torch.tensor(values, dtype=torch.float64).reshape(1, n, d).to(torch.float32)


class LearnedPositionEmbedding(_Layer):
    """x + pos_embedding, a parameter [1, N, D]."""

    def __init__(self, n, d, initialiser):
        super().__init__()
        self.pos_embedding = nn.Parameter(torch.zeros(1, n, d))
        initialiser(self.pos_embedding)

    def forward(self, x):
        return x + self.pos_embedding


class SinusoidalPositionEmbedding(_Layer):
    """x + a fixed sinusoidal table; no state, as DJL has no parameter for it (non-persistent buffer)."""

    def __init__(self, n, d):
        super().__init__()
        self.register_buffer("table", sinusoidal_table(n, d), persistent=False)

    def forward(self, x):
        if tuple(x.shape[1:]) != tuple(self.table.shape[1:]):
            self.table = sinusoidal_table(x.shape[1], x.shape[2]).to(x.device)
        return x + self.table.to(x.dtype)


def pos_embed(in_shape, kind="learned", init=None):
    n, d = _require("posEmbed", in_shape, "tokens")
    if kind == "sinusoidal":
        return SinusoidalPositionEmbedding(n, d)
    if kind != "learned":
        raise ValueError("posEmbed kind must be learned or sinusoidal, got %r" % (kind,))
    return LearnedPositionEmbedding(n, d, _resolve(init, _InitFactories.trunc_normal(0.02)))


class ClassToken(_Layer):
    """Prepends cls_token [1, 1, D] to the tokens."""

    def __init__(self, d, initialiser):
        super().__init__()
        self.cls_token = nn.Parameter(torch.zeros(1, 1, d))
        initialiser(self.cls_token)

    def forward(self, x):
        return torch.cat([self.cls_token.expand(x.shape[0], -1, -1).to(x.dtype), x], dim=1)

    def out_shape(self, in_shape):
        return (in_shape[0] + 1, in_shape[1])


def class_token(in_shape, init=None):
    _, d = _require("classToken", in_shape, "tokens")
    return ClassToken(d, _resolve(init, _InitFactories.zeros()))


class Scale(_Layer, _ChannelwiseMixin):
    """LayerScale: x * weight per channel (DJL's gamma, which StableNames calls weight)."""

    def __init__(self, c, initialiser):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(c))
        initialiser(self.weight)

    def forward(self, x):
        return x * self._per_channel(self.weight, x)


def scale(in_shape, init=None):
    layer = Scale(_channels(in_shape), _resolve(init, _InitFactories.ones()))
    layer.features_last = _kind(in_shape) == "tensor"
    return layer


class Affine(_Layer, _ChannelwiseMixin):
    """ResMLP's Affine: x * alpha + bias per channel (DJL's alpha and beta; StableNames turns beta into bias)."""

    def __init__(self, c, scale_init, shift_init):
        super().__init__()
        self.alpha = nn.Parameter(torch.ones(c))
        self.bias = nn.Parameter(torch.zeros(c))
        scale_init(self.alpha)
        shift_init(self.bias)

    def forward(self, x):
        return x * self._per_channel(self.alpha, x) + self._per_channel(self.bias, x)


def affine(in_shape, scale_init=None, shift_init=None):
    layer = Affine(_channels(in_shape), _resolve(scale_init, _InitFactories.ones()),
                   _resolve(shift_init, _InitFactories.zeros()))
    layer.features_last = _kind(in_shape) == "tensor"
    return layer


# ----------------------------------------------------------------------------- pooling and reshapes

class MaxPool(nn.MaxPool2d):
    """DJL maxPool2d: floor mode, padding with -inf."""

    def out_shape(self, in_shape):
        c, h, w = in_shape
        return (c, window(h, self.kernel_size, self.stride, self.padding),
                window(w, self.kernel_size, self.stride, self.padding, axis="width"))


class AvgPool(nn.AvgPool2d):
    """runtime AvgPool2d: floor mode; count_padding=False divides by the real pixels of each window."""

    def out_shape(self, in_shape):
        c, h, w = in_shape
        return (c, window(h, self.kernel_size, self.stride, self.padding),
                window(w, self.kernel_size, self.stride, self.padding, axis="width"))


def _pool_args(what, in_shape, kernel, stride, padding):
    c, h, w = _require(what, in_shape, "image")
    stride = kernel if stride is None else stride
    pad = _padding(padding, kernel, stride, 1)
    if 2 * pad > kernel:
        raise ValueError("%s padding %d must be at most half the kernel %d" % (what, pad, kernel))
    return (c, h, w), int(kernel), int(stride), pad


def max_pool(in_shape, kernel, stride=None, padding=0):
    shape, k, s, p = _pool_args("maxPool", in_shape, kernel, stride, padding)
    layer = MaxPool(k, stride=s, padding=p)
    layer.out_shape(shape)
    return layer


def avg_pool(in_shape, kernel, stride=None, padding=0, count_padding=True):
    shape, k, s, p = _pool_args("avgPool", in_shape, kernel, stride, padding)
    layer = AvgPool(k, stride=s, padding=p, ceil_mode=False, count_include_pad=bool(count_padding))
    layer.out_shape(shape)
    return layer


class TokenPooling(_Layer):
    """TokenPooling mean|max over the tokens (or an image's pixels), cls = the first token."""

    def __init__(self, kind):
        super().__init__()
        self.kind = kind

    def forward(self, x):
        if x.dim() == 4:
            x = x.flatten(2).transpose(1, 2)  # [B, H*W, C]: pixels as tokens
        if self.kind == "mean":
            return x.mean(dim=1)
        if self.kind == "max":
            return x.max(dim=1).values
        return x[:, 0]

    def out_shape(self, in_shape):
        return (_channels(tuple(in_shape)),)


class SequencePooling(_Layer):
    """CCT's SeqPool: softmax over tokens of attention_pool(x) (D -> 1), then the weighted sum."""

    def __init__(self, d):
        super().__init__()
        self.attention_pool = nn.Linear(d, 1)

    def forward(self, x):
        weights = self.attention_pool(x).softmax(dim=1)  # [B, N, 1]
        return torch.matmul(weights.transpose(1, 2), x).squeeze(1)

    def out_shape(self, in_shape):
        return (in_shape[-1],)


def pool(in_shape, kind, init=None):
    if kind in ("mean", "max"):
        _require("pool(%s)" % kind, in_shape, "tokens", "image")
        return TokenPooling(kind)
    if kind == "cls":
        _require("pool(cls)", in_shape, "tokens")
        return TokenPooling(kind)
    if kind == "seq":
        _, d = _require("pool(seq)", in_shape, "tokens")
        layer = SequencePooling(d)
        _init_weights(layer.attention_pool, init, None)
        return layer
    raise ValueError("pool kind must be mean, max, cls or seq, got %r" % (kind,))


class Tokens(_Layer):
    """ImageToTokens: [B, C, H, W] -> [B, H*W, C], row-major over the pixels."""

    def forward(self, x):
        return x.flatten(2).transpose(1, 2)

    def out_shape(self, in_shape):
        c, h, w = in_shape
        return (h * w, c)


def tokens(in_shape):
    _require("tokens", in_shape, "image")
    return Tokens()


class Grid(_Layer):
    """TokensToGrid: [B, H*W, D] -> [B, D, H, W], the inverse of tokens."""

    def __init__(self, height, width):
        super().__init__()
        self.height, self.width = height, width

    def forward(self, x):
        return x.transpose(1, 2).reshape(x.shape[0], x.shape[2], self.height, self.width)

    def out_shape(self, in_shape):
        return (in_shape[1], self.height, self.width)


def grid(in_shape, height=None, width=None):
    n, _ = _require("grid", in_shape, "tokens")
    if height is None and width is None:
        side = int(round(math.sqrt(n)))
        if side * side != n:
            raise ValueError("grid: %d tokens do not form a square; give height and width" % n)
        height = width = side
    elif height is None or width is None:
        given = height if height is not None else width
        if n % given != 0:
            raise ValueError("grid: %d does not divide the %d tokens" % (given, n))
        height, width = (given, n // given) if height is not None else (n // given, given)
    if height * width != n:
        raise ValueError("grid: %d x %d = %d does not match %d tokens" % (height, width, height * width, n))
    return Grid(int(height), int(width))


class Flatten(_Layer):
    """DJL batchFlatten: everything but the batch into one vector, in memory order."""

    def forward(self, x):
        return x.reshape(x.shape[0], -1)

    def out_shape(self, in_shape):
        return (_product(in_shape),)


def _product(shape):
    p = 1
    for s in shape:
        p *= int(s)
    return p


def flatten(in_shape):
    return Flatten()


# ----------------------------------------------------------------------------- parameter-free

class _Function(_Layer):
    """A parameter-free element-wise layer; fn is a module-level function, so the layer pickles."""

    def __init__(self, name, fn):
        super().__init__()
        self.name, self.fn = name, fn

    def forward(self, x):
        return self.fn(x)

    def extra_repr(self):
        return self.name


def gelu(in_shape):
    """Exact (erf) GELU, as DJL's on the PyTorch engine."""
    return _Function("gelu", F.gelu)


def relu(in_shape):
    return _Function("relu", F.relu)


def silu(in_shape):
    return _Function("silu", F.silu)


def tanh(in_shape):
    return _Function("tanh", torch.tanh)


def sigmoid(in_shape):
    return _Function("sigmoid", torch.sigmoid)


def _softmax_last(x):
    return x.softmax(dim=-1)


def _same(x):
    return x


def softmax(in_shape):
    """Softmax over the last axis."""
    return _Function("softmax", _softmax_last)


def identity(in_shape):
    return _Function("identity", _same)


class Dropout(nn.Dropout):
    def out_shape(self, in_shape):
        return _like(in_shape, in_shape)


def dropout(in_shape, p):
    if not 0.0 <= p <= 1.0:
        raise ValueError("dropout p must be in [0, 1], got %r" % (p,))
    return Dropout(float(p))


class DropPath(_Layer):
    """Stochastic depth as runtime DropPath: in training, each example's branch kept with 1-p and scaled by 1/(1-p)."""

    def __init__(self, p):
        super().__init__()
        self.p = p

    def forward(self, x):
        if not self.training or self.p == 0.0:
            return x
        keep = 1.0 - self.p
        if keep == 0.0:
            return torch.zeros_like(x)
        mask = torch.rand((x.shape[0],) + (1,) * (x.dim() - 1), dtype=x.dtype, device=x.device)
        return x * ((mask < keep).to(x.dtype) / keep)


def drop_path(in_shape, p):
    if not 0.0 <= p <= 1.0:
        raise ValueError("drop-path probability must be in [0, 1], got %r" % (p,))
    return DropPath(float(p))


# ----------------------------------------------------------------------------- general tensor constructs
#
# The language's general constructs (issue 12): rearrange, roll, slice, l2norm, hardSwish, times, the sources
# weight and const, einsum, take, and broadcasting merges. Values keep a leading batch axis; a weight or a
# const has a batch axis of size 1 so that it broadcasts over the batch like a constant.

class TensorShape(tuple):
    """A per-sample shape of rank >= 3 whose features are last: the language's tensor[a, b, c, ...].

    A plain 3-tuple is an image (C, H, W); a rank-3 tensor needs this marker so that the last-axis layers
    (linear, layerNorm, scale, affine) act on its last axis. It compares equal to the plain tuple. Slices and
    sums of it stay marked, so shape arithmetic such as shape[:a] + (n,) + shape[a + 1:] keeps the kind; the
    mark only counts at rank >= 3."""

    __slots__ = ()

    def __getitem__(self, key):
        got = tuple.__getitem__(self, key)
        return TensorShape(got) if isinstance(key, builtins.slice) else got

    def __add__(self, other):
        return TensorShape(tuple.__add__(self, tuple(other)))

    def __radd__(self, other):
        return TensorShape(tuple(other) + tuple(self))


def tensor_shape(shape):
    """A per-sample shape with its kind by the rank rule: (D,) vector, (N, D) tokens, rank >= 3 a tensor."""
    shape = tuple(int(s) for s in shape)
    return TensorShape(shape) if len(shape) >= 3 else shape


def as_shape(shape):
    """shape as a tuple of ints, still a TensorShape when it is one: what a generated block keeps of the
    input shape it is built for, so that a rank-3 tensor stays features-last inside the block."""
    return _like(shape, tuple(int(s) for s in shape))


def _like(template, shape):
    """shape, a tensor when template is one (a layer that keeps the kind of its input)."""
    return TensorShape(shape) if isinstance(template, TensorShape) and len(shape) >= 3 else tuple(shape)


def _sample_shape(what, in_shape):
    """The per-sample shape as a tuple of positive ints, or a one-line ValueError."""
    try:
        shape = tuple(int(s) for s in in_shape)
    except (TypeError, ValueError):
        raise ValueError("%s needs a per-sample shape (a tuple of sizes), got %r" % (what, in_shape)) from None
    if not shape or any(s < 1 for s in shape):
        raise ValueError("%s needs a per-sample shape of positive sizes, got %s" % (what, shape))
    return shape


def _axis(what, axis, shape):
    """A per-sample axis, negative counting from the end, checked against the shape."""
    rank = len(shape)
    if not -rank <= axis < rank:
        raise ValueError("%s: axis %d is out of range for shape %s (rank %d)" % (what, axis, shape, rank))
    return axis % rank


def _batched(x, what, rank):
    """Checks that x has a batch axis and a per-sample rank the construct was built for."""
    if x.dim() != rank + 1:
        raise ValueError("%s was built for per-sample rank %d but got a value of shape %s (batch first)"
                         % (what, rank, tuple(x.shape)))


# ---- rearrange

_NAME_START = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_"
_NAME_PART = _NAME_START + "0123456789"


class _RearrangeSide:
    """One side of an einops pattern: axes, each a list of names (None for a literal 1)."""

    def __init__(self, axes):
        self.axes = axes
        self.names = [n for axis in axes for n in axis if n is not None]


def _parse_einops_side(pattern, text, offset):
    axes = []
    group = None
    i = 0
    while i < len(text):
        c = text[i]
        at = offset + i
        if c.isspace():
            i += 1
        elif c == "(":
            if group is not None:
                raise ValueError("rearrange %r: nested '(' at %d" % (pattern, at))
            group = []
            i += 1
        elif c == ")":
            if group is None:
                raise ValueError("rearrange %r: ')' at %d closes no '('" % (pattern, at))
            axes.append(group)
            group = None
            i += 1
        elif c in _NAME_START:
            j = i
            while j < len(text) and text[j] in _NAME_PART:
                j += 1
            name = text[i:j]
            (group if group is not None else axes).append(name if group is not None else [name])
            i = j
        elif c.isdigit():
            j = i
            while j < len(text) and text[j].isdigit():
                j += 1
            if text[i:j] != "1":
                raise ValueError("rearrange %r: only the literal 1 may stand in for an axis, got %s at %d"
                                 % (pattern, text[i:j], at))
            if group is None:
                axes.append([None])
            i = j
        elif text.startswith("...", i):
            raise ValueError("rearrange %r: '...' at %d is not supported; name every axis" % (pattern, at))
        else:
            raise ValueError("rearrange %r: unexpected %r at %d" % (pattern, c, at))
    if group is not None:
        raise ValueError("rearrange %r: '(' is never closed" % (pattern,))
    return _RearrangeSide(axes)


_EINOPS_CACHE = {}


def _parse_einops(pattern):
    """Parses "h w c -> (h w) c": names, parenthesised groups, the literal 1; both sides the same names."""
    if pattern in _EINOPS_CACHE:
        return _EINOPS_CACHE[pattern]
    if not isinstance(pattern, str):
        raise ValueError("rearrange needs a pattern string, got %r" % (pattern,))
    if pattern.count("->") != 1:
        raise ValueError("rearrange %r: the pattern needs exactly one '->'" % (pattern,))
    arrow = pattern.index("->")
    left = _parse_einops_side(pattern, pattern[:arrow], 0)
    right = _parse_einops_side(pattern, pattern[arrow + 2:], arrow + 2)
    for side, which in ((left, "input"), (right, "output")):
        seen = set()
        for n in side.names:
            if n in seen:
                raise ValueError("rearrange %r: %s appears twice on the %s side" % (pattern, n, which))
            seen.add(n)
    only_left = [n for n in left.names if n not in right.names]
    only_right = [n for n in right.names if n not in left.names]
    if only_left or only_right:
        raise ValueError("rearrange %r: the names must be the same on both sides; %s" % (pattern, "; ".join(
            part for part in ("%s only in the input" % ", ".join(only_left) if only_left else "",
                              "%s only in the output" % ", ".join(only_right) if only_right else "") if part)))
    _EINOPS_CACHE[pattern] = (left, right)
    return left, right


def _group_text(axis):
    """How an input axis reads in messages: h, 1, or (h w)."""
    if axis == [None]:
        return "1"
    if len(axis) == 1:
        return axis[0]
    return "(%s)" % " ".join(axis)


def _rearrange_plan(pattern, in_shape, sizes):
    """(split, permutation, out): the input reshaped to one axis per name in input order, the permutation of
    those axes to the output's name order, and the output shape; or a ValueError naming shape and sizes."""
    left, right = _parse_einops(pattern)
    where = "rearrange %r on shape %s" % (pattern, tuple(in_shape))
    for name, size in sizes.items():
        if name not in left.names:
            raise ValueError("%s: the size %s = %r names no axis of the pattern" % (where, name, size))
        if isinstance(size, bool) or not isinstance(size, int) or size < 1:
            raise ValueError("%s: the size %s = %r is not a positive integer" % (where, name, size))
    if len(left.axes) != len(in_shape):
        raise ValueError("%s: the input side has %d axes but the shape has %d"
                         % (where, len(left.axes), len(in_shape)))
    known = dict(sizes)
    for axis, n in zip(left.axes, in_shape):
        text = _group_text(axis)
        names = [a for a in axis if a is not None]
        if not names:
            if n != 1:
                raise ValueError("%s: %s stands for an axis of size 1 but the shape has %d there" % (where, text, n))
            continue
        unknown = [a for a in names if a not in known]
        given = 1
        for a in names:
            if a in known:
                given *= known[a]
        given_text = " and ".join("%s = %d" % (a, known[a]) for a in names if a in known)
        if len(unknown) > 1:
            raise ValueError("%s: %s has %d elements and %s are all unknown; give the sizes of all but one"
                             % (where, text, n, ", ".join(unknown)))
        if unknown:
            if n % given != 0:
                raise ValueError("%s: %s has %d elements but %s does not divide it" % (where, text, n, given_text))
            known[unknown[0]] = n // given
        elif given != n:
            raise ValueError("%s: %s has %d elements but %s make%s %d"
                             % (where, text, n, given_text, "" if len(names) > 1 else "s", given))
    split = tuple(known[a] for a in left.names)
    permutation = tuple(left.names.index(a) for a in right.names)
    out = []
    for axis in right.axes:
        size = 1
        for a in axis:
            if a is not None:
                size *= known[a]
        out.append(size)
    return split, permutation, tuple(out)


class Rearrange(_Layer):
    """einops-style rearrange of the per-sample axes: reshape to one axis per name, permute, reshape.

    The batch axis stays first and is never touched."""

    def __init__(self, pattern, sizes, in_shape):
        super().__init__()
        self.pattern, self.sizes = pattern, dict(sizes)
        self._plans = {}
        self._plan(in_shape)

    def _plan(self, in_shape):
        in_shape = tuple(int(s) for s in in_shape)
        plan = self._plans.get(in_shape)
        if plan is None:
            plan = _rearrange_plan(self.pattern, in_shape, self.sizes)
            self._plans[in_shape] = plan
        return plan

    def forward(self, x):
        split, permutation, out = self._plan(x.shape[1:])
        b = x.shape[0]
        if permutation != tuple(range(len(permutation))):
            x = x.reshape((b,) + split).permute((0,) + tuple(p + 1 for p in permutation))
        return x.reshape((b,) + out)

    def out_shape(self, in_shape):
        return tensor_shape(self._plan(in_shape)[2])

    def extra_repr(self):
        return repr(self.pattern) + "".join(", %s=%d" % kv for kv in self.sizes.items())


def rearrange(in_shape, pattern=None, /, **sizes):
    """rearrange(in_shape, "h w c -> (h w) c", h=7): einops pattern over the per-sample axes; sizes by name.

    The pattern is positional so that any axis name can be a size; given as the keyword pattern= instead (as
    other factories take their parameters), it is the pattern and no axis may be called pattern."""
    if pattern is None:
        if "pattern" not in sizes:
            raise ValueError("rearrange needs a pattern such as \"h w c -> (h w) c\"")
        pattern = sizes.pop("pattern")
    shape = _sample_shape("rearrange", in_shape)
    return Rearrange(pattern, sizes, shape)


# ---- roll, slice and element-wise layers

class Roll(_Layer):
    """Cyclic shift along one per-sample axis (torch.roll), as the Java side's roll."""

    def __init__(self, shift, axis, rank):
        super().__init__()
        self.shift, self.axis, self.rank = shift, axis, rank

    def forward(self, x):
        _batched(x, "roll", self.rank)
        return torch.roll(x, self.shift, dims=self.axis + 1)

    def extra_repr(self):
        return "shift=%d, axis=%d" % (self.shift, self.axis)


def roll(in_shape, shift, axis=0):
    shape = _sample_shape("roll", in_shape)
    if isinstance(shift, bool) or not isinstance(shift, int):
        raise ValueError("roll: the shift must be an integer, got %r" % (shift,))
    return Roll(shift, _axis("roll", int(axis), shape), len(shape))


class Slice(_Layer):
    """x[start:end:step] along one per-sample axis, negative start/end counting from the end as in Python."""

    def __init__(self, start, end, axis, step, rank):
        super().__init__()
        self.start, self.end, self.axis, self.step, self.rank = start, end, axis, step, rank

    def _range(self, n):
        return range(n)[builtins.slice(self.start, self.end, self.step)]

    def forward(self, x):
        _batched(x, "slice", self.rank)
        r = self._range(x.shape[self.axis + 1])
        index = (builtins.slice(None),) * (self.axis + 1) + (builtins.slice(r.start, r.stop, r.step),)
        return x[index]

    def out_shape(self, in_shape):
        shape = tuple(int(s) for s in in_shape)
        r = self._range(shape[self.axis])
        if len(r) == 0:
            raise ValueError("slice: %s:%s:%d of axis %d (size %d) of shape %s is empty"
                             % (self.start, "" if self.end is None else self.end, self.step, self.axis,
                                shape[self.axis], shape))
        return _like(in_shape, shape[:self.axis] + (len(r),) + shape[self.axis + 1:])

    def extra_repr(self):
        return "start=%s, end=%s, axis=%d, step=%d" % (self.start, self.end, self.axis, self.step)


def slice(in_shape, start, end=None, axis=0, step=1):  # noqa: A001 (the language's name; builtins.slice is used)
    """slice(start, end, axis, step) along one per-sample axis; end None is the axis size."""
    shape = _sample_shape("slice", in_shape)
    for name, v in (("start", start), ("end", end), ("step", step)):
        if v is not None and (isinstance(v, bool) or not isinstance(v, int)):
            raise ValueError("slice: %s must be an integer, got %r" % (name, v))
    if step < 1:
        raise ValueError("slice: step must be at least 1, got %d" % step)
    layer = Slice(int(start), end, _axis("slice", int(axis), shape), int(step), len(shape))
    layer.out_shape(in_shape)  # fails early when the slice is empty
    return layer


class L2Norm(_Layer):
    """x / max(||x||_2, eps) over the last axis (F.normalize)."""

    def __init__(self, eps):
        super().__init__()
        self.eps = eps

    def forward(self, x):
        return F.normalize(x, p=2.0, dim=-1, eps=self.eps)

    def extra_repr(self):
        return "eps=%g" % self.eps


def l2norm(in_shape, eps=1e-12):
    _sample_shape("l2norm", in_shape)
    if not eps >= 0:
        raise ValueError("l2norm: eps must be non-negative, got %r" % (eps,))
    return L2Norm(float(eps))


def hard_swish(in_shape):
    """x * relu6(x + 3) / 6 (F.hardswish)."""
    return _Function("hard_swish", F.hardswish)


class Times(_Layer):
    """x * a constant factor."""

    def __init__(self, factor):
        super().__init__()
        self.factor = factor

    def forward(self, x):
        return x * self.factor

    def extra_repr(self):
        return "factor=%r" % self.factor


def times(in_shape, factor):
    if isinstance(factor, bool) or not isinstance(factor, (int, float)) or not math.isfinite(factor):
        raise ValueError("times: the factor must be a finite number, got %r" % (factor,))
    return Times(float(factor))


# ---- sources: weight and const

def _dims(what, dims):
    if len(dims) == 1 and isinstance(dims[0], (tuple, list)):
        dims = tuple(dims[0])
    if not dims or any(isinstance(d, bool) or not isinstance(d, int) or d < 1 for d in dims):
        raise ValueError("%s needs one or more positive integer sizes, got %s" % (what, tuple(dims)))
    return tuple(dims)


class Weight(nn.Module):
    """A learned tensor of a given per-sample shape: parameter weight of shape dims, as DJL's Weight block
    holds it (so DJL weights load by name and shape), e.g. timm's relative_position_bias_table [169, heads].

    A source: forward() takes no input and returns the parameter with a leading batch axis of 1, so that it
    broadcasts over the batch like a constant."""

    def __init__(self, dims, initialiser):
        super().__init__()
        self.dims = dims
        self.weight = nn.Parameter(torch.zeros(dims))
        initialiser(self.weight.data)  # the spec's per-sample shape decides the fans

    def forward(self):
        return self.weight.unsqueeze(0)

    def out_shape(self, in_shape=None):
        return tensor_shape(self.dims)

    def extra_repr(self):
        return "dims=%s" % (self.dims,)


def weight(*dims, init=None):
    """weight(169, heads, init=init.trunc_normal(0.02)) (or weight((169, heads), ...)); zeros by default."""
    return Weight(_dims("weight", dims), _resolve(init, _InitFactories.zeros()))


_INTEGER_DTYPES = {"long": torch.long, "int": torch.long, torch.long: torch.long}
_REAL_DTYPES = {"float": torch.float32, "real": torch.float32, torch.float32: torch.float32}


def _const_values(dims, fn):
    values = []
    integer = True
    for index in itertools.product(*(range(d) for d in dims)):
        v = fn(*index)
        if isinstance(v, torch.Tensor) and v.numel() == 1:
            v = v.item()
        if isinstance(v, bool):
            v = int(v)
        if not isinstance(v, (int, float)):
            raise ValueError("const: fn%s gave %r, which is not a number" % (index, v))
        integer = integer and isinstance(v, int)
        values.append(v)
    return values, integer


class ConstTable(nn.Module):
    """A constant tensor: fn(*index) at every index of dims, in buffer table [1, *dims] (batch 1).

    Not state (persistent=False): it is recomputed from the spec, as the DJL side has no parameter for it.
    Integer tables are torch.long (to index with), others float32 (computed in double, then rounded)."""

    def __init__(self, dims, table):
        super().__init__()
        self.dims = dims
        self.register_buffer("table", table, persistent=False)
        self._values = None

    def forward(self):
        return self.table

    def at(self, *index):
        """The element at one per-sample index tuple, as stored (an int, or a float of float32 precision):
        what a later const table reads as band[y]. An index outside the table is a one-line ValueError."""
        if len(index) != len(self.dims) or any(not 0 <= i < d for i, d in zip(index, self.dims)):
            raise ValueError("const table of shape %s has no element %s" % (self.dims, tuple(index)))
        if self._values is None:
            self._values = self.table[0].tolist()
        v = self._values
        for i in index:
            v = v[i]
        return v

    def out_shape(self, in_shape=None):
        return tensor_shape(self.dims)

    def extra_repr(self):
        return "dims=%s, dtype=%s" % (self.dims, self.table.dtype)


def const_table(dims, fn, dtype=None):
    """const_table((49, 49), lambda i, j: ...): fn at every index tuple; dtype "long"/"float" or by the values."""
    dims = _dims("const", tuple(dims) if isinstance(dims, (tuple, list)) else (dims,))
    values, integer = _const_values(dims, fn)
    if dtype is None:
        dtype = torch.long if integer else torch.float32
    elif dtype in _INTEGER_DTYPES:
        if not integer:
            raise ValueError("const: dtype %s needs integer values, but fn gave reals" % (dtype,))
        dtype = torch.long
    elif dtype in _REAL_DTYPES:
        dtype = torch.float32
    else:
        raise ValueError("const: dtype must be 'long' or 'float', got %r" % (dtype,))
    if dtype == torch.long:
        table = torch.tensor(values, dtype=torch.long)
    else:
        table = torch.tensor([float(v) for v in values], dtype=torch.float64).to(torch.float32)
    return ConstTable(dims, table.reshape((1,) + dims))


# ---- einsum

_EINSUM_LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
_EINSUM_CACHE = {}


class _EinsumPattern:
    """A parsed "h n d, h m d -> h n m": names per operand, and torch equations with a batch letter."""

    def __init__(self, pattern):
        self.pattern = pattern
        if not isinstance(pattern, str) or pattern.count("->") != 1:
            raise ValueError("einsum %r: the pattern needs exactly one '->'" % (pattern,))
        inputs, output = pattern.split("->")
        operands = inputs.split(",")
        if len(operands) != 2:
            raise ValueError("einsum %r: needs exactly two operands before '->', got %d" % (pattern, len(operands)))
        sides = [self._names(o, w) for o, w in zip(operands + [output], ("first operand", "second operand",
                                                                           "output"))]
        self.a, self.b, self.out = sides
        for n in self.out:
            if n not in self.a and n not in self.b:
                raise ValueError("einsum %r: output index %s is in neither operand" % (pattern, n))
        names = []
        for n in self.a + self.b:
            if n not in names:
                names.append(n)
        if len(names) >= len(_EINSUM_LETTERS):
            raise ValueError("einsum %r: too many indices (%d)" % (pattern, len(names)))
        letter = {n: _EINSUM_LETTERS[i + 1] for i, n in enumerate(names)}  # "a" is the batch

        def word(side):
            return "".join(letter[n] for n in side)
        a, b, out = word(self.a), word(self.b), word(self.out)
        self.both = "a%s,a%s->a%s" % (a, b, out)  # both batched (or both batch 1)
        self.a_shared = "%s,a%s->a%s" % (a, b, out)  # a has batch 1: a weight or const
        self.b_shared = "a%s,%s->a%s" % (a, b, out)

    def _names(self, text, which):
        names = text.split()
        for n in names:
            if not n or n[0] not in _NAME_START or any(c not in _NAME_PART for c in n):
                raise ValueError("einsum %r: %r in the %s is not an index name" % (self.pattern, n, which))
        if len(set(names)) != len(names):
            twice = sorted(n for n in set(names) if names.count(n) > 1)
            raise ValueError("einsum %r: %s appears twice in the %s" % (self.pattern, ", ".join(twice), which))
        return names


def _einsum_pattern(pattern):
    p = _EINSUM_CACHE.get(pattern)
    if p is None:
        p = _EinsumPattern(pattern)
        _EINSUM_CACHE[pattern] = p
    return p


def einsum_shape(pattern, a_shape, b_shape):
    """The per-sample output shape of einsum(pattern, a, b), or a ValueError naming both shapes."""
    p = _einsum_pattern(pattern)
    a_shape, b_shape = tuple(int(s) for s in a_shape), tuple(int(s) for s in b_shape)
    where = "einsum %r on %s and %s" % (pattern, a_shape, b_shape)
    for names, shape, which in ((p.a, a_shape, "first"), (p.b, b_shape, "second")):
        if len(names) != len(shape):
            raise ValueError("%s: the %s operand has %d indices but rank %d" % (where, which, len(names), len(shape)))
    size = {}
    for names, shape in ((p.a, a_shape), (p.b, b_shape)):
        for n, s in zip(names, shape):
            if size.setdefault(n, s) != s:
                raise ValueError("%s: index %s is %d in the first operand but %d in the second"
                                 % (where, n, size[n], s))
    return tensor_shape(tuple(size[n] for n in p.out))


def einsum(pattern, a, b):
    """torch.einsum of the per-sample pattern with the batch axis prepended. An operand with batch 1 while the
    other has more (a weight or const) is used without its batch axis, i.e. shared by every example."""
    p = _einsum_pattern(pattern)
    if a.dim() != len(p.a) + 1 or b.dim() != len(p.b) + 1:
        raise ValueError("einsum %r: operands of shape %s and %s (batch first) do not have the pattern's ranks"
                         % (pattern, tuple(a.shape), tuple(b.shape)))
    if a.shape[0] == b.shape[0]:
        return torch.einsum(p.both, a, b)
    if a.shape[0] == 1:
        return torch.einsum(p.a_shared, a[0], b)
    if b.shape[0] == 1:
        return torch.einsum(p.b_shared, a, b[0])
    raise ValueError("einsum %r: the batches of %s and %s differ" % (pattern, tuple(a.shape), tuple(b.shape)))


# ---- take

def take_shape(table_shape, index_shape, index=None):
    """index.shape ++ table.shape[1:]; with index (the const's tensor) its values are checked against the rows."""
    table_shape, index_shape = tuple(int(s) for s in table_shape), tuple(int(s) for s in index_shape)
    if not table_shape:
        raise ValueError("take needs a table of rank >= 1, got shape %s" % (table_shape,))
    if index is not None:
        if index.dtype.is_floating_point or index.dtype == torch.bool or index.is_complex():
            raise ValueError("take needs an integer index, got %s of shape %s" % (index.dtype, index_shape))
        if index.numel():
            low, high = int(index.min()), int(index.max())
            if low < 0 or high >= table_shape[0]:
                raise ValueError("take: index values %d..%d are outside the %d rows of table %s"
                                 % (low, high, table_shape[0], table_shape))
    return tensor_shape(index_shape + table_shape[1:])


def take(table, index):
    """Rows of table (its first per-sample axis) picked by the integer index: [B, *index, *table[2:]]."""
    if index.dtype.is_floating_point or index.dtype == torch.bool:
        raise ValueError("take needs an integer index, got %s" % (index.dtype,))
    if table.dim() < 2:
        raise ValueError("take needs a table of per-sample rank >= 1, got shape %s (batch first)"
                         % (tuple(table.shape),))
    if index.shape[0] == 1:
        return table[:, index[0]]
    if table.shape[0] not in (1, index.shape[0]):
        raise ValueError("take: the batches of table %s and index %s differ"
                         % (tuple(table.shape), tuple(index.shape)))
    batch = torch.arange(index.shape[0], device=index.device).reshape((-1,) + (1,) * (index.dim() - 1))
    if table.shape[0] == 1:
        batch = torch.zeros_like(batch)
    return table[batch, index]


# ---- broadcasting merges

def broadcast_shape(a_shape, b_shape, what="merge"):
    """numpy broadcasting of two per-sample shapes (right-aligned; the larger rank), or a one-line ValueError."""
    a_shape, b_shape = tuple(int(s) for s in a_shape), tuple(int(s) for s in b_shape)
    rank = max(len(a_shape), len(b_shape))
    a_full = (1,) * (rank - len(a_shape)) + a_shape
    b_full = (1,) * (rank - len(b_shape)) + b_shape
    out = []
    for x, y in zip(a_full, b_full):
        if x != y and x != 1 and y != 1:
            raise ValueError("%s: shapes %s and %s do not broadcast" % (what, a_shape, b_shape))
        out.append(max(x, y))
    return tensor_shape(tuple(out))


def _after_batch(x, rank):
    missing = rank - x.dim()
    return x.reshape((x.shape[0],) + (1,) * missing + tuple(x.shape[1:])) if missing > 0 else x


def aligned(a, b):
    """a and b with size-1 axes inserted right after the batch axis of the lower-rank one, so that their
    per-sample shapes right-align (the batch axes, of size B or 1, stay first)."""
    rank = max(a.dim(), b.dim())
    return _after_batch(a, rank), _after_batch(b, rank)


def add(a, b):
    a, b = aligned(a, b)
    return a + b


def subtract(a, b):
    a, b = aligned(a, b)
    return a - b


def multiply(a, b):
    a, b = aligned(a, b)
    return a * b


def divide(a, b):
    a, b = aligned(a, b)
    return a / b


# ----------------------------------------------------------------------------- safetensors

_DTYPES = {
    "F64": torch.float64, "F32": torch.float32, "F16": torch.float16, "BF16": torch.bfloat16,
    "I64": torch.int64, "I32": torch.int32, "I16": torch.int16, "I8": torch.int8, "U8": torch.uint8,
    "BOOL": torch.bool,
}
_NAMES = {v: k for k, v in _DTYPES.items()}
_MAX_HEADER = 100000000


def _bytes_of(t):
    """A tensor's little-endian bytes, via a byte view (works for bf16, which numpy lacks)."""
    t = t.detach().to("cpu").contiguous()
    if t.numel() == 0:
        return b""
    if t.dtype == torch.bool:
        t = t.to(torch.uint8)
    data = t.reshape(-1).view(torch.uint8)
    try:
        raw = data.numpy().tobytes()
    except (ImportError, RuntimeError):  # a torch built without numpy: slower, same bytes
        raw = bytes(data.tolist())
    if struct.pack("=H", 1) != struct.pack("<H", 1) and t.element_size() > 1:  # big-endian host
        n = t.element_size()
        raw = b"".join(raw[i:i + n][::-1] for i in range(0, len(raw), n))
    return raw


def save_safetensors(path, tensors, metadata=None):
    """Writes tensors (name -> tensor, in order) and string metadata atomically, as SafeTensors.write."""
    header = {}
    if metadata:
        header["__metadata__"] = {str(k): str(v) for k, v in metadata.items()}
    blobs = []
    offset = 0
    for name, t in tensors.items():
        if not name or name == "__metadata__":
            raise ValueError("cannot write %s: bad tensor name %r" % (path, name))
        if t.dtype not in _NAMES:
            raise ValueError("cannot write %s: tensor %s is %s, which safetensors cannot hold" % (path, name, t.dtype))
        raw = _bytes_of(t)
        header[name] = {"dtype": _NAMES[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    text = json.dumps(header, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)
    path = os.fspath(path)
    temp = "%s.%d.tmp" % (path, os.getpid())
    try:
        with open(temp, "wb") as f:
            f.write(struct.pack("<Q", len(text)))
            f.write(text)
            for raw in blobs:
                f.write(raw)
            f.flush()
            os.fsync(f.fileno())
        os.replace(temp, path)
    finally:
        if os.path.exists(temp):
            os.remove(temp)


def _bad(path, why):
    return ValueError("%s: %s" % (path, why))


def load_safetensors(path):
    """Reads a safetensors file: (dict name -> tensor in header order, metadata dict).

    Raises ValueError with one line naming the file for anything malformed."""
    path = os.fspath(path)
    try:
        with open(path, "rb") as f:
            content = f.read()
    except OSError as e:
        raise _bad(path, "cannot read: %s" % (e.strerror or e)) from None
    return load_safetensors_bytes(content, path)


def load_safetensors_bytes(content, path):
    """As load_safetensors, from the file's bytes (read once, e.g. by one rank and broadcast);
    path names the file in messages."""
    if len(content) < 8:
        raise _bad(path, "too short for a safetensors file (%d bytes)" % len(content))
    (n,) = struct.unpack("<Q", content[:8])
    if n > len(content) - 8:
        raise _bad(path, "header length %d is beyond the file's %d bytes" % (n, len(content)))
    if n > _MAX_HEADER:
        raise _bad(path, "header length %d exceeds %d bytes" % (n, _MAX_HEADER))
    try:
        text = content[8:8 + n].decode("utf-8")
    except UnicodeDecodeError:
        raise _bad(path, "header is not UTF-8") from None
    if not text.startswith("{"):
        raise _bad(path, "header is not a JSON object")
    try:
        header = json.loads(text)
    except ValueError as e:
        raise _bad(path, "header is not valid JSON: %s" % str(e).splitlines()[0]) from None
    if not isinstance(header, dict):
        raise _bad(path, "header is not a JSON object")
    data = memoryview(content)[8 + n:]
    metadata = {}
    entries = []
    for name, info in header.items():
        if name == "__metadata__":
            if not isinstance(info, dict):
                raise _bad(path, "__metadata__ is not an object of strings")
            for k, v in info.items():
                if not isinstance(v, str):
                    raise _bad(path, "__metadata__ entry %s is not a string" % k)
                metadata[k] = v
            continue
        if not isinstance(info, dict):
            raise _bad(path, "tensor %s is not an object" % name)
        dtype = _DTYPES.get(info.get("dtype"))
        if dtype is None:
            raise _bad(path, "tensor %s has unknown dtype %r" % (name, info.get("dtype")))
        shape = info.get("shape")
        offsets = info.get("data_offsets")
        if (not isinstance(shape, list) or not all(isinstance(s, int) and not isinstance(s, bool) and s >= 0
                                                   for s in shape)):
            raise _bad(path, "tensor %s has a bad shape %r" % (name, shape))
        if (not isinstance(offsets, list) or len(offsets) != 2
                or not all(isinstance(o, int) and not isinstance(o, bool) for o in offsets)):
            raise _bad(path, "tensor %s has bad data_offsets %r" % (name, offsets))
        begin, end = offsets
        if not 0 <= begin <= end <= len(data):
            raise _bad(path, "tensor %s has data_offsets %r outside the %d data bytes" % (name, offsets, len(data)))
        size = torch.tensor([], dtype=dtype).element_size() * _product(shape)
        if end - begin != size:
            raise _bad(path, "tensor %s has shape %s and dtype %s, %d bytes, but its data_offsets span %d"
                       % (name, shape, info["dtype"], size, end - begin))
        entries.append((name, dtype, shape, begin, end))
    position = 0
    for name, _, _, begin, end in sorted(entries, key=lambda e: (e[3], e[4])):
        if begin != position:
            raise _bad(path, "tensor %s %s at byte %d, expected %d" % (
                name, "overlaps another" if begin < position else "leaves a hole", begin, position))
        position = end
    if position != len(data):
        raise _bad(path, "%d bytes after the last tensor are not part of any" % (len(data) - position))
    tensors = {}
    little = struct.pack("=H", 1) == struct.pack("<H", 1)
    for name, dtype, shape, begin, end in entries:
        raw = bytearray(data[begin:end])
        if not raw:
            t = torch.zeros(0, dtype=dtype)
        elif dtype == torch.bool:
            t = torch.frombuffer(raw, dtype=torch.uint8).to(torch.bool)
        else:
            size = torch.tensor([], dtype=dtype).element_size()
            if not little and size > 1:
                raw = bytearray(b"".join(raw[i:i + size][::-1] for i in range(0, len(raw), size)))
            t = torch.frombuffer(raw, dtype=dtype)
        tensors[name] = t.reshape(shape)
    return tensors, metadata


_CHECKPOINT_FORMAT = "vmodel-checkpoint-1"


def load_weights(module, path):
    """Loads a DJL model.safetensors, or the model/ part of a vmodel checkpoint, into module.

    Names and shapes must match the module's state_dict 1:1; anything else is a one-line ValueError."""
    tensors, metadata = load_safetensors(path)
    if metadata.get("format") == _CHECKPOINT_FORMAT:
        tensors = {k[len("model/"):]: v for k, v in tensors.items() if k.startswith("model/")}
    state = module.state_dict()
    missing = [k for k in state if k not in tensors]
    extra = [k for k in tensors if k not in state]
    if missing or extra:
        parts = []
        if missing:
            parts.append("missing %s" % ", ".join(missing[:5]) + (" (+%d more)" % (len(missing) - 5)
                                                               if len(missing) > 5 else ""))
        if extra:
            parts.append("unexpected %s" % ", ".join(extra[:5]) + (" (+%d more)" % (len(extra) - 5)
                                                                 if len(extra) > 5 else ""))
        raise ValueError("%s does not fit %s: %s" % (path, type(module).__name__, "; ".join(parts)))
    for k, v in state.items():
        if tuple(tensors[k].shape) != tuple(v.shape):
            raise ValueError("%s: tensor %s has shape %s, the model wants %s"
                             % (path, k, list(tensors[k].shape), list(v.shape)))
    with torch.no_grad():
        for k, v in state.items():
            v.copy_(tensors[k].to(v.dtype))
    return module


def model_class(spec):
    """The twin class that MODULE:CLASS names (e.g. ``dev.vmodel.zoo.gmlp:GMlp``), as the Java
    side's ``PythonTwins.module`` gives it. Raises ImportError or AttributeError with the name that
    was looked for.
    """
    module_name, _, class_name = spec.rpartition(":")
    return getattr(importlib.import_module(module_name), class_name)
