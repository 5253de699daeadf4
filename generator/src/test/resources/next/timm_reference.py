"""timm 0.9.16's forward passes of Swin, CaiT and XCiT (swin_transformer.py, cait.py, xcit.py),
transcribed with torch.nn.functional, in float64: the reference NextZooTimmReferenceTest holds the
DJL models generated from model-specs/next/ to.

Run as: timm_reference.py MODEL WEIGHTS IO key=value...; WEIGHTS holds the DJL model's
parameters under their stable names, in model order, and IO its input x and output y (both
safetensors). The key=value pairs are the variant's params. Prints the largest difference of
the logits and the largest logit."""
import json
import math
import struct
import sys

import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)


def load_safetensors(path):
    """The tensors of a float32 safetensors file, in the order of its header."""
    with open(path, "rb") as f:
        content = f.read()
    (n,) = struct.unpack("<Q", content[:8])
    header = json.loads(content[8 : 8 + n].decode("utf-8"))
    data = content[8 + n :]
    out = []
    for name, info in header.items():
        if name == "__metadata__":
            continue
        assert info["dtype"] == "F32", (name, info["dtype"])
        begin, end = info["data_offsets"]
        t = torch.frombuffer(bytearray(data[begin:end]), dtype=torch.float32).double()
        out.append((name, t.reshape(info["shape"])))
    return out


class P:
    """The parameters, taken in model order; each take checks its name holds timm's name for it."""

    def __init__(self, params):
        self.it = iter(params)

    def __call__(self, expect):
        name, a = next(self.it)
        assert expect in name, (expect, name)
        return a

    def ln(self, x, eps):
        return F.layer_norm(x, x.shape[-1:], self("weight"), self("bias"), eps)

    def lin(self, x, bias=True):
        w = self("weight")
        return F.linear(x, w, self("bias") if bias else None)

    def bn(self, x):
        g, b, m, v = self("weight"), self("bias"), self("running_mean"), self("running_var")
        return F.batch_norm(x, m, v, g, b, False, 0.0, 1e-5)

    def mlp(self, x):
        return self.lin(F.gelu(self.lin(x)))


# ---------------------------------------------------------------- CaiT (timm cait.py)
def cait(p, x, depth, class_depth, heads, patch):
    x = F.conv2d(x, p("weight"), p("bias"), stride=patch).flatten(2).transpose(1, 2)
    x = x + p("pos_embedding")
    for _ in range(depth):
        B, N, C = x.shape
        y = p.ln(x, 1e-6)
        qkv = p.lin(y).reshape(B, N, 3, heads, C // heads).permute(2, 0, 3, 1, 4)
        q, k, v = qkv[0] * (C // heads) ** -0.5, qkv[1], qkv[2]
        attn = q @ k.transpose(-2, -1)
        attn = p.lin(attn.permute(0, 2, 3, 1)).permute(0, 3, 1, 2)
        attn = attn.softmax(dim=-1)
        attn = p.lin(attn.permute(0, 2, 3, 1)).permute(0, 3, 1, 2)
        y = (attn @ v).transpose(1, 2).reshape(B, N, C)
        y = p.lin(y)
        x = x + p("gamma_1") * y
        y = p.mlp(p.ln(x, 1e-6))
        x = x + p("gamma_2") * y
    cls = p("cls_token").expand(x.shape[0], -1, -1)
    for _ in range(class_depth):
        u = torch.cat((cls, x), dim=1)
        y = class_attn(p, p.ln(u, 1e-6), heads)
        cls = cls + p("gamma_1") * y
        y = p.mlp(p.ln(cls, 1e-6))
        cls = cls + p("gamma_2") * y
    x = torch.cat((cls, x), dim=1)
    x = p.ln(x, 1e-6)
    return p.lin(x[:, 0])


def class_attn(p, x, heads):
    B, N, C = x.shape
    q = p.lin(x[:, 0]).unsqueeze(1).reshape(B, 1, heads, C // heads).permute(0, 2, 1, 3)
    k = p.lin(x).reshape(B, N, heads, C // heads).permute(0, 2, 1, 3)
    v = p.lin(x).reshape(B, N, heads, C // heads).permute(0, 2, 1, 3)
    q = q * (C // heads) ** -0.5
    attn = (q @ k.transpose(-2, -1)).softmax(dim=-1)
    x_cls = (attn @ v).transpose(1, 2).reshape(B, 1, C)
    return p.lin(x_cls)


# ---------------------------------------------------------------- XCiT (timm xcit.py)
def fourier(H, W, hidden=32, temperature=10000):
    eps, scale = 1e-6, 2 * math.pi
    y = torch.arange(1, H + 1).double().unsqueeze(1).repeat(1, 1, W)
    x = torch.arange(1, W + 1).double().repeat(1, H, 1)
    y = y / (y[:, -1:, :] + eps) * scale
    x = x / (x[:, :, -1:] + eps) * scale
    dim_t = torch.arange(hidden).double()
    dim_t = temperature ** (2 * torch.div(dim_t, 2, rounding_mode="floor") / hidden)
    px, py = x[:, :, :, None] / dim_t, y[:, :, :, None] / dim_t
    px = torch.stack([px[:, :, :, 0::2].sin(), px[:, :, :, 1::2].cos()], dim=4).flatten(3)
    py = torch.stack([py[:, :, :, 0::2].sin(), py[:, :, :, 1::2].cos()], dim=4).flatten(3)
    return torch.cat((py, px), dim=3).permute(0, 3, 1, 2)  # 1, 64, H, W


def xcit(p, x, depth, class_depth, heads):
    for i in range(4):
        x = p.bn(F.conv2d(x, p("weight"), stride=2, padding=1))
        if i < 3:
            x = F.gelu(x)
    B, C, Hp, Wp = x.shape
    x = x.flatten(2).transpose(1, 2)
    pos = F.conv2d(fourier(Hp, Wp), p("weight").reshape(C, 64, 1, 1), p("bias"))
    x = x + pos.reshape(1, C, -1).permute(0, 2, 1)
    for _ in range(depth):
        y = p.ln(x, 1e-6)
        N = y.shape[1]
        temperature = p("weight")
        qkv = p.lin(y).reshape(B, N, 3, heads, C // heads).permute(2, 0, 3, 4, 1)
        q, k, v = qkv.unbind(0)
        q, k = F.normalize(q, dim=-1), F.normalize(k, dim=-1)
        attn = ((q @ k.transpose(-2, -1)) * temperature).softmax(dim=-1)
        y = (attn @ v).permute(0, 3, 1, 2).reshape(B, N, C)
        y = p.lin(y)
        x = x + p("gamma1") * y
        y = p.ln(x, 1e-6).permute(0, 2, 1).reshape(B, C, Hp, Wp)
        y = F.conv2d(y, p("weight"), p("bias"), padding=1, groups=C)
        y = p.bn(F.gelu(y))
        y = F.conv2d(y, p("weight"), p("bias"), padding=1, groups=C)
        x = x + p("gamma3") * y.reshape(B, C, N).permute(0, 2, 1)
        y = p.mlp(p.ln(x, 1e-6))
        x = x + p("gamma2") * y
    x = torch.cat((p("cls_token").expand(B, -1, -1), x), dim=1)
    for _ in range(class_depth):  # tokens_norm=True
        x_norm1 = p.ln(x, 1e-6)
        x_attn = torch.cat([class_attn(p, x_norm1, heads), x_norm1[:, 1:]], dim=1)
        x = x + p("gamma1") * x_attn
        x = p.ln(x, 1e-6)
        x_res = x
        cls_token = p.mlp(x[:, 0:1])
        cls_token = p("gamma2") * cls_token
        x = torch.cat([cls_token, x[:, 1:]], dim=1)
        x = x_res + x
    x = p.ln(x, 1e-6)
    return p.lin(x[:, 0])


# ---------------------------------------------------------------- Swin (timm swin_transformer.py)
def window_partition(x, w):
    B, H, W, C = x.shape
    x = x.view(B, H // w, w, W // w, w, C)
    return x.permute(0, 1, 3, 2, 4, 5).contiguous().view(-1, w, w, C)


def window_reverse(windows, w, H, W):
    C = windows.shape[-1]
    x = windows.view(-1, H // w, W // w, w, w, C)
    return x.permute(0, 1, 3, 2, 4, 5).contiguous().view(-1, H, W, C)


def rel_index(w):
    coords = torch.stack(torch.meshgrid([torch.arange(w), torch.arange(w)], indexing="ij"))
    cf = torch.flatten(coords, 1)
    rc = (cf[:, :, None] - cf[:, None, :]).permute(1, 2, 0).contiguous()
    rc[:, :, 0] += w - 1
    rc[:, :, 1] += w - 1
    rc[:, :, 0] *= 2 * w - 1
    return rc.sum(-1)


def attn_mask(H, w, s):
    img = torch.zeros((1, H, H, 1))
    cnt = 0
    for h in (slice(0, -w), slice(-w, -s), slice(-s, None)):
        for ww in (slice(0, -w), slice(-w, -s), slice(-s, None)):
            img[:, h, ww, :] = cnt
            cnt += 1
    mw = window_partition(img, w).view(-1, w * w)
    m = mw.unsqueeze(1) - mw.unsqueeze(2)
    return m.masked_fill(m != 0, -100.0).masked_fill(m == 0, 0.0)


def swin_block(p, x, heads, w, s):
    B, H, W, C = x.shape
    shortcut = x
    y = p.ln(x, 1e-5)
    if s:
        y = torch.roll(y, shifts=(-s, -s), dims=(1, 2))
    win = window_partition(y, w).view(-1, w * w, C)
    table = p("weight")
    B_, N, _ = win.shape
    qkv = p.lin(win).reshape(B_, N, 3, heads, -1).permute(2, 0, 3, 1, 4)
    q, k, v = qkv.unbind(0)
    q = q * (C // heads) ** -0.5
    a = q @ k.transpose(-2, -1)
    a = a + table[rel_index(w).view(-1)].view(N, N, -1).permute(2, 0, 1).unsqueeze(0)
    if s:
        m = attn_mask(H, w, s)
        nw = m.shape[0]
        a = a.view(-1, nw, heads, N, N) + m.unsqueeze(1).unsqueeze(0)
        a = a.view(-1, heads, N, N)
    a = a.softmax(-1)
    y = (a @ v).transpose(1, 2).reshape(B_, N, -1)
    y = p.lin(y)
    y = window_reverse(y.view(-1, w, w, C), w, H, W)
    if s:
        y = torch.roll(y, shifts=(s, s), dims=(1, 2))
    x = shortcut + y
    x = x + p.mlp(p.ln(x, 1e-5))
    return x


def swin(p, x, depths, head_dim, window, patch):
    x = F.conv2d(x, p("weight"), p("bias"), stride=patch).permute(0, 2, 3, 1)
    x = p.ln(x, 1e-5)
    for stage, depth in enumerate(depths):
        if stage:
            B, H, W, C = x.shape
            x = x.reshape(B, H // 2, 2, W // 2, 2, C).permute(0, 1, 3, 4, 2, 5).flatten(3)
            x = p.lin(p.ln(x, 1e-5), bias=False)
        H, C = x.shape[1], x.shape[3]
        w = min(window, H)
        for i in range(depth):
            s = 0 if (i % 2 == 0 or H <= window) else window // 2
            x = swin_block(p, x, C // head_dim, w, s)
    x = p.ln(x, 1e-5).mean(dim=(1, 2))
    return p.lin(x)


def main():
    model, weights, io = sys.argv[1:4]
    args = {k: float(v) if "." in v else int(v) for k, v in (a.split("=") for a in sys.argv[4:])}
    p = P(load_safetensors(weights))
    tensors = dict(load_safetensors(io))
    x, y = tensors["x"], tensors["y"]
    with torch.no_grad():
        if model == "Cait":
            out = cait(p, x, args["depth"], args["classDepth"], args["heads"], args["patch"])
        elif model == "Xcit":
            out = xcit(p, x, args["depth"], args["classDepth"], args["heads"])
        else:
            depths = (args["depth1"], args["depth2"], args["depth3"], args["depth4"])
            out = swin(p, x, depths, args["headDim"], args["window"], args["patch"])
    left = [name for name, _ in p.it]
    assert not left, "parameters the reference did not use: %s" % left
    print(float((out - y).abs().max()), float(y.abs().max()))


if __name__ == "__main__":
    main()
