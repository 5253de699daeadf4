"""The PyTorch twin's trainer: a generated model trained with its spec's recipe, on one process or
under torchrun (DistributedDataParallel).

    python3 -m com.example.models.vmodel_train --model com.example.models.gmlp:GMlp --variant ti16 \\
        --data data/cifar-10-batches-bin --set epochs=30 --output runs/gmlp
    torchrun --nproc-per-node 2 -m com.example.models.vmodel_train --model ... (the same options)

It mirrors the DJL trainer (dev.vmodel.runtime.train.Training): the same recipe keys and checks,
the same dataset formats (IDX raw/.gz, CIFAR-10/100 binary, an image folder, synthetic), the same
normalisation statistics, augmentations (random resized crop, random crop with zero padding,
horizontal flip, mixup/cutmix), soft-target cross-entropy with label smoothing, the same weight
decay rule and per-step learning-rate schedule, the same run folder (metrics.jsonl,
checkpoint.safetensors, model.safetensors) and the same exit status: 0 done, 2 bad usage or input
(one line on standard error), 3 the loss became NaN or infinite, 130 interrupted (checkpoint
written), 1 an internal failure or a lost rank.

Distributed runs: the recipe's batch is the global batch, split evenly across the ranks. Each
epoch's order is DistributedSampler's seeded permutation (seed = the recipe's seed), so rank r takes
the elements r, r + W, r + 2W, ... of each global batch; a single process with the same recipe takes
the same global batches, and since DDP averages the gradients, both take the same steps (up to the
rounding of the gradient all-reduce) when nothing random differs (no mixup/cutmix: those mix within
each rank's part of the batch, as timm does). Only rank 0 prints, logs and writes files; a resumed
run reads rank 0's checkpoint and sends it to every rank. A rank that dies makes the others fail at
their next collective (gloo notices a closed connection at once; a stalled rank after
--dist-timeout) with one line, and torchrun fails the job. Ctrl-C (SIGINT) or SIGTERM reaches every
worker: all stop after the same step, rank 0 writes the checkpoint, and they exit 130 (torchrun then
exits 1 with its own report).

Checkpoints and weights are safetensors files, read and written by vmodel_runtime (copied next to
this file).

Only torch and the standard library are used, and only APIs that torch 1.13 and 2.x share.
"""

import argparse
import datetime
import gzip
import json
import math
import os
import random
import signal
import struct
import sys
import time
import zlib

import torch
import torch.distributed as dist
import torch.nn.functional as F

try:  # next to the generated modules, in their package
    from . import vmodel_runtime as vr
except ImportError:  # on sys.path by itself (the tests)
    import vmodel_runtime as vr

PROG = "vmodel_train"
USAGE = 2
NOT_FINITE = 3
INTERRUPTED = 130
FAILED = 1
# Seconds a rank other than 0 waits, on an error, for rank 0 to say it first (see main).
RANK_ERROR_GRACE_S = 10

CHECKPOINT = "checkpoint.safetensors"
WEIGHTS = "model.safetensors"
CHECKPOINT_FORMAT = "vmodel-checkpoint-1"
METRICS = "metrics.jsonl"
METRIC_KEYS = ("epoch", "step", "train_loss", "val_loss", "top1", "top5", "lr", "img_per_s", "seconds")


class TrainError(Exception):
    """A failure reported as one line, with the exit status it ends the run with."""

    def __init__(self, message, status=USAGE):
        super().__init__(message)
        self.status = status


# ---------------------------------------------------------------------------------------------
# The recipe: the 28 settings of a spec's train section, as dev.vmodel.semantic.model.RecipeSetting.


def _symbols(*names):
    return ("symbol", names, "one of " + ", ".join(names), None)


def _number(expects, check):
    return ("number", None, expects, check)


def _whole(expects, check):
    return ("whole", None, expects, check)


_BOOLEAN = ("boolean", None, "true or false", None)

# key -> (kind, symbols, what it expects, range check); in RecipeSetting's order.
SETTINGS = {
    "optimizer": _symbols("adamw", "adam", "sgd"),
    "lr": _number("a positive number", lambda v: v > 0),
    "minLr": _number("a number of at least 0", lambda v: v >= 0),
    "warmupLr": _number("a number of at least 0", lambda v: v >= 0),
    "weightDecay": _number("a number of at least 0", lambda v: v >= 0),
    "momentum": _number("a number in [0, 1)", lambda v: 0 <= v < 1),
    "nesterov": _BOOLEAN,
    "beta1": _number("a number in [0, 1)", lambda v: 0 <= v < 1),
    "beta2": _number("a number in [0, 1)", lambda v: 0 <= v < 1),
    "eps": _number("a positive number", lambda v: v > 0),
    "warmupEpochs": _whole("a whole number of at least 0", lambda v: v >= 0),
    "schedule": _symbols("cosine", "step", "constant", "linear"),
    "decayEpochs": _whole("a positive whole number", lambda v: v > 0),
    "decayRate": _number("a number in (0, 1]", lambda v: 0 < v <= 1),
    "labelSmoothing": _number("a number in [0, 1)", lambda v: 0 <= v < 1),
    "epochs": _whole("a positive whole number", lambda v: v > 0),
    "batch": _whole("a positive whole number", lambda v: v > 0),
    "clipGrad": _number("a number of at least 0 (0 = off)", lambda v: v >= 0),
    "seed": _whole("a whole number", lambda v: True),
    "dataset": _symbols("imagenet", "cifar10", "cifar100", "mnist", "fashionMnist", "folder", "synthetic"),
    "validationSplit": _number("a number in [0, 1)", lambda v: 0 <= v < 1),
    "normalize": _symbols("auto", "imagenet", "cifar", "mnist", "half", "none"),
    "cropPadding": _whole("a whole number of at least 0 (0 = off)", lambda v: v >= 0),
    "randomResizedCrop": _BOOLEAN,
    "minScale": _number("a number in (0, 1]", lambda v: 0 < v <= 1),
    "hflip": _BOOLEAN,
    "mixup": _number("a number of at least 0 (0 = off)", lambda v: v >= 0),
    "cutmix": _number("a number of at least 0 (0 = off)", lambda v: v >= 0),
}

# TrainRecipe.defaults(): what a spec without a train section gets.
DEFAULT_RECIPE = {
    "optimizer": "adamw", "lr": 1e-3, "minLr": 1e-5, "warmupLr": 1e-6, "weightDecay": 0.05,
    "momentum": 0.9, "nesterov": False, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8,
    "warmupEpochs": 5, "schedule": "cosine", "decayEpochs": 30, "decayRate": 0.1,
    "labelSmoothing": 0.1, "epochs": 300, "batch": 128, "clipGrad": 0.0, "seed": 42,
    "dataset": "imagenet", "validationSplit": 0.1, "normalize": "auto", "cropPadding": 0,
    "randomResizedCrop": False, "minScale": 0.08, "hflip": False, "mixup": 0.0, "cutmix": 0.0,
}


def parse_setting(key, text):
    """One recipe setting read from text, checked as the language checks a train section."""
    if key not in SETTINGS:
        raise TrainError("unknown recipe setting '%s'; known: %s" % (key, ", ".join(SETTINGS)))
    kind, symbols, expects, check = SETTINGS[key]
    bad = TrainError("bad value '%s' for recipe setting '%s' (expects %s)" % (text, key, expects))
    t = str(text).strip()
    if kind == "symbol":
        for s in symbols:
            if s.lower() == t.lower():
                return s
        raise bad
    if kind == "boolean":
        if t.lower() in ("true", "false"):
            return t.lower() == "true"
        raise bad
    try:
        value = float(t)
    except ValueError:
        raise bad from None
    if not math.isfinite(value):
        raise bad
    if kind == "whole":
        if value != int(value):
            raise bad
        value = int(value)
    if not check(value):
        raise bad
    return value


def make_recipe(base, overrides):
    """The recipe: `base` (a model's RECIPE, missing keys from the defaults) with the text
    `overrides` applied, then the relations between settings checked."""
    recipe = dict(DEFAULT_RECIPE)
    for key, value in (base or {}).items():
        if key not in SETTINGS:
            raise TrainError("the model's RECIPE has an unknown setting '%s'" % key)
        recipe[key] = value if not isinstance(value, str) else parse_setting(key, value)
    for key, text in overrides:
        recipe[key] = parse_setting(key, text)
    if not recipe["warmupEpochs"] < recipe["epochs"]:
        raise TrainError("warmupEpochs (%s) must be less than epochs (%s)" % (recipe["warmupEpochs"], recipe["epochs"]))
    if not recipe["minLr"] <= recipe["lr"]:
        raise TrainError("minLr (%s) must be at most lr (%s)" % (_show(recipe["minLr"]), _show(recipe["lr"])))
    return recipe


def _show(v):
    return repr(v) if isinstance(v, float) else str(v)


# ---------------------------------------------------------------------------------------------
# The learning-rate schedule and the weight-decay rule, as LrSchedule.java and WeightDecay.java.


class LrSchedule:
    """Learning rate per global step: a linear warm-up from warmupLr to lr over warmup_steps, then
    cosine or linear to min_lr at total_steps, step decay every decay_steps, or constant."""

    def __init__(self, kind, lr, min_lr, warmup_lr, warmup_steps, total_steps, decay_steps, decay_rate):
        if kind not in ("cosine", "linear", "step", "constant"):
            raise ValueError("unknown learning-rate schedule '%s' (known: cosine, linear, step, constant)" % kind)
        if kind in ("cosine", "linear") and total_steps <= warmup_steps:
            raise TrainError("total steps (%d) must exceed the warm-up steps (%d) for a %s schedule"
                             % (total_steps, warmup_steps, kind))
        self.kind, self.lr, self.min_lr, self.warmup_lr = kind, lr, min_lr, warmup_lr
        self.warmup_steps, self.total_steps = warmup_steps, total_steps
        self.decay_steps, self.decay_rate = decay_steps, decay_rate

    def at(self, step):
        if step < self.warmup_steps:
            return self.warmup_lr + (self.lr - self.warmup_lr) * step / self.warmup_steps
        t = step - self.warmup_steps
        span = self.total_steps - self.warmup_steps
        if self.kind == "cosine":
            if t >= span:
                return self.min_lr
            return self.min_lr + 0.5 * (self.lr - self.min_lr) * (1 + math.cos(math.pi * t / span))
        if self.kind == "linear":
            return self.min_lr if t >= span else self.lr - (self.lr - self.min_lr) * t / span
        if self.kind == "step":
            return max(self.min_lr, self.lr * self.decay_rate ** (t // self.decay_steps))
        return self.lr


_NO_DECAY_NAMES = {"pos_embedding", "pos_embed", "cls_token", "dist_token", "relative_position_bias_table"}


def decays(name, shape):
    """timm's rule: no decay for 1-D or scalar params, `.bias`, position embeddings, class tokens."""
    if len(shape) <= 1:
        return False
    last = name.rsplit(".", 1)[-1]
    if last == "bias":
        return False
    return last not in _NO_DECAY_NAMES and "position_embedding" not in last


def make_optimizer(model, recipe):
    """The recipe's optimizer over two groups: decayed params, and params free of weight decay."""
    decayed, free = [], []
    for name, p in model.named_parameters():
        if p.requires_grad:
            (decayed if decays(name, p.shape) else free).append((name, p))
    groups = [{"params": [p for _, p in decayed], "weight_decay": recipe["weightDecay"]},
              {"params": [p for _, p in free], "weight_decay": 0.0}]
    groups = [g for g in groups if g["params"]]
    names = [n for n, _ in decayed] + [n for n, _ in free]
    kind = recipe["optimizer"]
    if kind == "sgd":
        opt = torch.optim.SGD(groups, lr=recipe["lr"], momentum=recipe["momentum"], nesterov=recipe["nesterov"]
                              and recipe["momentum"] > 0)
    else:
        cls = torch.optim.AdamW if kind == "adamw" else torch.optim.Adam
        opt = cls(groups, lr=recipe["lr"], betas=(recipe["beta1"], recipe["beta2"]), eps=recipe["eps"])
    return opt, names


# ---------------------------------------------------------------------------------------------
# Seeds (Seeds.java): SplitMix64's finaliser, so that every random choice is a pure function of
# the recipe's seed and the position in the run, and a resumed run draws the same numbers.

_M64 = (1 << 64) - 1


def mix(seed, salt):
    """A well-mixed 64-bit seed (unsigned) for item `salt` of the stream `seed`."""
    z = (seed + 0x9E3779B97F4A7C15 * (salt + 1)) & _M64
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _M64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _M64
    return z ^ (z >> 31)


def step_seed(seed, epoch, step):
    return mix(mix(seed, epoch), step)


# ---------------------------------------------------------------------------------------------
# Datasets: uint8 images [N, C, H, W] at the model's input size, and int64 labels.


class ImageSet:
    def __init__(self, images, labels, class_names):
        self.images = images
        self.labels = labels
        self.class_names = list(class_names)

    def __len__(self):
        return int(self.labels.shape[0])

    @property
    def classes(self):
        return len(self.class_names)

    def subset(self, indices):
        idx = torch.as_tensor(indices, dtype=torch.long)
        return ImageSet(self.images[idx], self.labels[idx], self.class_names)


class DataSplit:
    def __init__(self, fmt, train, validation, description):
        self.format, self.train, self.validation, self.description = fmt, train, validation, description


IDX_EXPECTS = ("train-images-idx3-ubyte and train-labels-idx1-ubyte (raw or .gz; optionally"
               " t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte)")
CIFAR10_EXPECTS = "data_batch_1.bin..data_batch_5.bin and test_batch.bin (CIFAR-10 binary, possibly in cifar-10-batches-bin/)"
CIFAR100_EXPECTS = "train.bin and test.bin (CIFAR-100 binary, possibly in cifar-100-binary/)"
FOLDER_EXPECTS = ("one folder of .png images per class (root/<class>/...), or root/train/<class>/... with"
                  " root/val/<class>/... (or root/test/)")
FORMATS = ("idx", "cifar10", "cifar100", "folder", "synthetic")


def _read_bytes(path):
    try:
        if path.endswith(".gz"):
            with gzip.open(path, "rb") as f:
                return f.read()
        with open(path, "rb") as f:
            return f.read()
    except (OSError, EOFError, zlib.error) as e:
        if isinstance(e, (EOFError, zlib.error)) or "gzip" in str(e).lower() or "CRC" in str(e):
            raise TrainError("%s: bad gzip data (%s)" % (path, e)) from None
        raise TrainError("%s: cannot read (%s)" % (path, e.strerror or e)) from None


def _idx_find(d, name):
    dotted = name.replace("-idx", ".idx")
    for candidate in (name, name + ".gz", dotted, dotted + ".gz"):
        p = os.path.join(d, candidate)
        if os.path.isfile(p):
            return p
    return None


def _idx_present(d, prefix="train"):
    return _idx_find(d, prefix + "-images-idx3-ubyte") is not None and _idx_find(d, prefix + "-labels-idx1-ubyte") is not None


def _idx_read(images_file, labels_file):
    data = _read_bytes(images_file)
    if len(data) < 16:
        raise TrainError("%s: truncated: %d bytes, shorter than the 16-byte IDX header" % (images_file, len(data)))
    magic, count, rows, cols = struct.unpack(">iiii", data[:16])
    if magic != 0x803:
        raise TrainError("%s: wrong magic number 0x%08x, expected 0x00000803 (IDX images of unsigned bytes)"
                         % (images_file, magic & 0xFFFFFFFF))
    if count < 0 or rows <= 0 or cols <= 0:
        raise TrainError("%s: bad IDX header: %d images of %dx%d" % (images_file, count, rows, cols))
    _check_length(images_file, len(data), 16 + count * rows * cols, "%d images of %dx%d" % (count, rows, cols))
    lab = _read_bytes(labels_file)
    if len(lab) < 8:
        raise TrainError("%s: truncated: %d bytes, shorter than the 8-byte IDX header" % (labels_file, len(lab)))
    magic, nlab = struct.unpack(">ii", lab[:8])
    if magic != 0x801:
        raise TrainError("%s: wrong magic number 0x%08x, expected 0x00000801 (IDX labels of unsigned bytes)"
                         % (labels_file, magic & 0xFFFFFFFF))
    if nlab < 0:
        raise TrainError("%s: bad IDX header: %d labels" % (labels_file, nlab))
    _check_length(labels_file, len(lab), 8 + nlab, "%d labels" % nlab)
    if nlab != count:
        raise TrainError("%s has %d images but %s has %d labels" % (images_file, count, labels_file, nlab))
    if count == 0:
        raise TrainError("%s: no images" % images_file)
    images = torch.frombuffer(bytearray(data[16:]), dtype=torch.uint8).reshape(count, 1, rows, cols)
    labels = torch.frombuffer(bytearray(lab[8:]), dtype=torch.uint8).to(torch.long)
    return images, labels


def _check_length(path, actual, expected, header):
    if actual < expected:
        raise TrainError("%s: truncated: the header says %s (%d bytes) but the file has %d"
                         % (path, header, expected, actual))
    if actual > expected:
        raise TrainError("%s: %d bytes, more than the %d its header describes (%s)" % (path, actual, expected, header))


def _cifar_dir(root, hundred):
    for d in (root, os.path.join(root, "cifar-100-binary" if hundred else "cifar-10-batches-bin")):
        if hundred and os.path.isfile(os.path.join(d, "train.bin")):
            return d
        if not hundred and any(os.path.isfile(os.path.join(d, "data_batch_%d.bin" % b)) for b in range(1, 6)):
            return d
    return None


def _cifar_read(files, hundred):
    label_bytes = 2 if hundred else 1
    record = label_bytes + 3072
    classes = 100 if hundred else 10
    chunks = []
    for path in files:
        data = _read_bytes(path)
        if len(data) == 0 or len(data) % record:
            raise TrainError("%s: %d bytes is not a whole number of %d-byte %s records (truncated or not a CIFAR file)"
                             % (path, len(data), record, "CIFAR-100 binary" if hundred else "CIFAR-10 binary"))
        rows = torch.frombuffer(bytearray(data), dtype=torch.uint8).reshape(-1, record)
        labels = rows[:, label_bytes - 1].to(torch.long)
        if int(labels.max()) >= classes:
            r = int(torch.nonzero(labels >= classes)[0])
            raise TrainError("%s: record %d has label %d, out of range for %d classes"
                             % (path, r, int(labels[r]), classes))
        chunks.append((rows[:, label_bytes:].reshape(-1, 3, 32, 32), labels))
    return torch.cat([c[0] for c in chunks]), torch.cat([c[1] for c in chunks])


def _lines(path):
    try:
        with open(path, encoding="utf-8") as f:
            return [line.strip() for line in f if line.strip()]
    except OSError as e:
        raise TrainError("%s: cannot read (%s)" % (path, e.strerror or e)) from None


# PNG: a minimal decoder (zlib + the five row filters) for 8-bit, non-interlaced images of every
# colour type; torch cannot decode images without torchvision.

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_PNG_SAMPLES = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}


def png_header(path):
    """(width, height, bit depth, colour type, interlace) of a PNG, or a one-line error."""
    try:
        with open(path, "rb") as f:
            head = f.read(33)
    except OSError as e:
        raise TrainError("%s: cannot read (%s)" % (path, e.strerror or e)) from None
    if not head.startswith(_PNG_SIGNATURE) or head[12:16] != b"IHDR" or len(head) < 33:
        raise TrainError("%s: not a PNG image" % path)
    w, h, depth, color, _, _, interlace = struct.unpack(">IIBBBBB", head[16:29])
    return w, h, depth, color, interlace


def read_png(path):
    """The pixels of a PNG as uint8 [C, H, W]: C = 1 for gray (alpha dropped), 3 for colour."""
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as e:
        raise TrainError("%s: cannot read (%s)" % (path, e.strerror or e)) from None
    if not data.startswith(_PNG_SIGNATURE):
        raise TrainError("%s: not a PNG image" % path)
    pos, ihdr, palette, idat = 8, None, None, []
    while pos + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        if len(chunk) < length:
            raise TrainError("%s: truncated PNG (chunk %s)" % (path, kind.decode("latin-1")))
        pos += 12 + length
        if kind == b"IHDR":
            ihdr = struct.unpack(">IIBBBBB", chunk[:13])
        elif kind == b"PLTE":
            palette = chunk
        elif kind == b"IDAT":
            idat.append(chunk)
        elif kind == b"IEND":
            break
    if ihdr is None or not idat:
        raise TrainError("%s: not a complete PNG image (no IHDR or IDAT)" % path)
    w, h, depth, color, _, _, interlace = ihdr
    if depth != 8 or color not in _PNG_SAMPLES or interlace != 0:
        raise TrainError("%s: a PNG of bit depth %d, colour type %d%s; the twin reads 8-bit non-interlaced PNGs only"
                         % (path, depth, color, ", interlaced" if interlace else ""))
    if color == 3 and palette is None:
        raise TrainError("%s: a palette PNG without a PLTE chunk" % path)
    try:
        raw = zlib.decompress(b"".join(idat))
    except zlib.error as e:
        raise TrainError("%s: bad PNG data (%s)" % (path, e)) from None
    bpp = _PNG_SAMPLES[color]
    stride = w * bpp
    if len(raw) < (stride + 1) * h:
        raise TrainError("%s: truncated PNG data" % path)
    out = bytearray(stride * h)
    prev = bytearray(stride)
    for y in range(h):
        ftype = raw[y * (stride + 1)]
        row = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        if ftype == 1:
            for i in range(bpp, stride):
                row[i] = (row[i] + row[i - bpp]) & 0xFF
        elif ftype == 2:
            row = bytearray((a + b) & 0xFF for a, b in zip(row, prev))
        elif ftype == 3:
            for i in range(stride):
                left = row[i - bpp] if i >= bpp else 0
                row[i] = (row[i] + ((left + prev[i]) >> 1)) & 0xFF
        elif ftype == 4:
            for i in range(stride):
                a = row[i - bpp] if i >= bpp else 0
                b = prev[i]
                c = prev[i - bpp] if i >= bpp else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                row[i] = (row[i] + pred) & 0xFF
        elif ftype != 0:
            raise TrainError("%s: bad PNG row filter %d" % (path, ftype))
        out[y * stride:(y + 1) * stride] = row
        prev = row
    pixels = torch.frombuffer(out, dtype=torch.uint8).reshape(h, w, bpp)
    if color == 3:
        table = torch.frombuffer(bytearray(palette), dtype=torch.uint8).reshape(-1, 3)
        if int(pixels.max()) >= table.shape[0]:
            raise TrainError("%s: a palette index beyond the PLTE chunk" % path)
        pixels = table[pixels[:, :, 0].long()]
    elif color == 4:
        pixels = pixels[:, :, :1]
    elif color == 6:
        pixels = pixels[:, :, :3]
    return pixels.permute(2, 0, 1).contiguous()


def _hidden(name):
    return name.startswith(".")


def _subfolders(d):
    try:
        return sorted(e for e in os.listdir(d) if not _hidden(e) and os.path.isdir(os.path.join(d, e)))
    except OSError:
        return []


def _folder_images(folder):
    found = []
    for top, dirs, files in os.walk(folder, followlinks=True):
        dirs[:] = sorted(d for d in dirs if not _hidden(d))
        for f in files:
            if not _hidden(f) and f.lower().endswith((".png", ".jpg", ".jpeg")):
                found.append(os.path.join(top, f))
    return sorted(found)


def _folder_list(d, known):
    folders = _subfolders(d)
    if not folders:
        raise TrainError("%s: no class folders; expected %s" % (d, FOLDER_EXPECTS))
    names = known if known is not None else folders
    files, labels, all_gray = [], [], True
    for folder in folders:
        if folder not in names:
            raise TrainError("%s: class '%s' is not one of the %d training classes"
                             % (os.path.join(d, folder), folder, len(names)))
        images = _folder_images(os.path.join(d, folder))
        if not images:
            raise TrainError("%s: no .png images in this class folder" % os.path.join(d, folder))
        for path in images:
            if not path.lower().endswith(".png"):
                raise TrainError("%s: JPEG images are not supported by the PyTorch twin's trainer (torch has no JPEG"
                                 " decoder without torchvision); convert the folder to PNG, or train it with the"
                                 " DJL trainer" % path)
            color = png_header(path)[3]
            all_gray = all_gray and color in (0, 4)
            files.append(path)
            labels.append(names.index(folder))
    return names, files, labels, all_gray


def resize_cover(images, height, width):
    """Resizes uint8 images [N, C, h, w] so that they cover height x width, and crops the centre
    (torchvision's Resize then CenterCrop); bilinear with antialiasing, as Pillow and Resample.java."""
    n, c, h, w = images.shape
    if (h, w) == (height, width):
        return images
    scale = max(height / h, width / w)
    bh, bw = min(h, max(1, round(height / scale))), min(w, max(1, round(width / scale)))
    top, left = (h - bh) // 2, (w - bw) // 2
    return _resample(images[:, :, top:top + bh, left:left + bw], height, width)


def _resample(images, height, width):
    out = []
    for chunk in images.split(512):
        f = F.interpolate(chunk.float(), size=(height, width), mode="bilinear", align_corners=False, antialias=True)
        out.append(f.round_().clamp_(0, 255).to(torch.uint8))
    return torch.cat(out)


def _to_channels(images, channels):
    """Stored channels to the model's: gray copied to every channel, RGB to luma (as Java's)."""
    c = images.shape[1]
    if c == channels:
        return images
    if c == 1:
        return images.expand(-1, channels, -1, -1).contiguous()
    if channels == 1 and c == 3:
        rgb = images.to(torch.int64)
        luma = (rgb[:, 0] * 19595 + rgb[:, 1] * 38470 + rgb[:, 2] * 7471 + 0x8000) >> 16
        return luma.unsqueeze(1).to(torch.uint8)
    raise TrainError("images of %d channels for a %d-channel model" % (c, channels))


def _check_channels(where, data_channels, shape, gray_to_rgb):
    model = shape[0]
    if data_channels == model or (data_channels == 1 and model == 3 and gray_to_rgb):
        return
    if data_channels == 1 and model == 3:
        raise TrainError("%s: the images have 1 channel but the model takes 3; pass --gray-to-rgb" % where)
    raise TrainError("%s: the images have %d channel%s but the model takes %d; use a model with %d input channel%s"
                     % (where, data_channels, "" if data_channels == 1 else "s", model, data_channels,
                        "" if data_channels == 1 else "s"))


def split(data, fraction, seed):
    """A seeded split as Datasets.split: the first round(fraction * n) (at least one) of a seeded
    permutation are held out; both parts keep their original order."""
    n = len(data)
    held = 0 if fraction == 0 else max(1, int(math.floor(fraction * n + 0.5)))
    if held >= n:
        raise TrainError("a validation split of %s leaves no training images out of %d" % (fraction, n))
    g = torch.Generator().manual_seed(mix(seed & _M64, 0x5B1175) & ((1 << 63) - 1))
    order = torch.randperm(n, generator=g)
    return data.subset(order[held:].sort().values), data.subset(order[:held].sort().values)


def _split_text(train, val, fraction, seed):
    if len(val) == 0:
        return "%d train, no validation" % len(train)
    return "%d train, %d validation (%d%% held out, seed %d)" % (len(train), len(val), round(fraction * 100), seed)


def synthetic(size, classes, shape, seed):
    """Images a tiny model learns in seconds (SyntheticImageSet.java's idea): class k is a bright
    square in cell k of a grid, on dim noise. A pure function of the seed and the size."""
    c, h, w = shape
    grid = int(math.ceil(math.sqrt(max(classes, 1))))
    if size < 2:
        raise TrainError("synthetic data needs at least 2 images, not %d" % size)
    if classes < 2 or grid > min(h, w):
        raise TrainError("synthetic data: %d classes do not fit %dx%d images (at least 2, at most %d)"
                         % (classes, h, w, min(h, w) ** 2))
    g = torch.Generator().manual_seed(mix(seed & _M64, 0x5E7) & ((1 << 63) - 1))
    images = torch.randint(0, 64, (size, c, h, w), generator=g, dtype=torch.uint8)
    bright = torch.randint(192, 256, (size,), generator=g)
    labels = torch.arange(size) % classes
    for i in range(size):
        k = int(labels[i])
        row, col = k // grid, k % grid
        y0, x0 = row * h // grid, col * w // grid
        y1, x1 = max(y0 + 1, (row + 1) * h // grid), max(x0 + 1, (col + 1) * w // grid)
        images[i, :, y0:y1, x0:x1] = int(bright[i])
    return ImageSet(images, labels, [str(i) for i in range(classes)])


def open_data(path, fmt, shape, gray_to_rgb, fraction, seed, synthetic_size, synthetic_classes):
    """The training and validation images at the model's input shape, as Datasets.open."""
    c, h, w = shape
    if fmt == "synthetic":
        all_ = synthetic(synthetic_size, synthetic_classes, shape, seed)
        train, val = split(all_, fraction, seed)
        return DataSplit("synthetic", train, val, "synthetic: %d images of %d classes, %dx%dx%d, %s"
                         % (len(all_), synthetic_classes, c, h, w, _split_text(train, val, fraction, seed)))
    if not os.path.exists(path):
        raise TrainError("%s: no such file or directory" % path)
    if not os.path.isdir(path):
        raise TrainError("%s: not a directory; a dataset is a directory holding %s" % (path, _expectations()))
    found = _detect(path)
    if fmt is None:
        if found is None:
            raise TrainError("%s: no dataset files found; expected %s" % (path, _expectations()))
        fmt = found
    elif not _present(fmt, path):
        raise TrainError("%s: format %s expects %s%s" % (path, fmt, _expects(fmt), ", not found" if found is None
                                                         else ", but the directory holds %s files" % found))
    to = "%dx%dx%d" % (c, h, w)
    if fmt == "idx":
        train_images, train_labels = _idx_read(_idx_find(path, "train-images-idx3-ubyte"),
                                               _idx_find(path, "train-labels-idx1-ubyte"))
        _check_channels(path, 1, shape, gray_to_rgb)
        test = None
        if _idx_present(path, "t10k"):
            test = _idx_read(_idx_find(path, "t10k-images-idx3-ubyte"), _idx_find(path, "t10k-labels-idx1-ubyte"))
            if test[0].shape[2:] != train_images.shape[2:]:
                raise TrainError("%s: the test images are %dx%d but the training images %dx%d"
                                 % (path, test[0].shape[2], test[0].shape[3], train_images.shape[2],
                                    train_images.shape[3]))
        classes = max(2, int(train_labels.max()) + 1)
        if test is not None and int(test[1].max()) >= classes:
            raise TrainError("%s: label %d is out of range: the training labels go up to %d"
                             % (_idx_find(path, "t10k-labels-idx1-ubyte"), int(test[1].max()), classes - 1))
        names = [str(i) for i in range(classes)]
        frm = "1x%dx%d" % tuple(train_images.shape[2:])
        arrow = "" if frm == to else " -> " + to
        train = ImageSet(_to_channels(resize_cover(train_images, h, w), c), train_labels, names)
        if test is not None:
            val = ImageSet(_to_channels(resize_cover(test[0], h, w), c), test[1], names)
            return DataSplit("idx", train, val, "MNIST IDX at %s: %d train, %d test, %s%s"
                             % (path, len(train), len(val), frm, arrow))
        train, val = split(train, fraction, seed)
        return DataSplit("idx", train, val, "MNIST IDX at %s: %s, %s%s"
                         % (path, _split_text(train, val, fraction, seed), frm, arrow))
    if fmt in ("cifar10", "cifar100"):
        hundred = fmt == "cifar100"
        d = _cifar_dir(path, hundred)
        _check_channels(d, 3, shape, gray_to_rgb)
        files = [os.path.join(d, "train.bin")] if hundred else [
            os.path.join(d, "data_batch_%d.bin" % b) for b in range(1, 6)
            if os.path.isfile(os.path.join(d, "data_batch_%d.bin" % b))]
        train_images, train_labels = _cifar_read(files, hundred)
        classes = 100 if hundred else 10
        names_file = os.path.join(d, "fine_label_names.txt" if hundred else "batches.meta.txt")
        names = [str(i) for i in range(classes)]
        if os.path.isfile(names_file):
            names = _lines(names_file)
            if len(names) != classes:
                raise TrainError("%s: %d class names, expected %d" % (names_file, len(names), classes))
        title = "CIFAR-100 binary" if hundred else "CIFAR-10 binary"
        arrow = "" if to == "3x32x32" else " -> " + to
        train = ImageSet(resize_cover(train_images, h, w), train_labels, names)
        test_file = os.path.join(d, "test.bin" if hundred else "test_batch.bin")
        if os.path.isfile(test_file):
            ti, tl = _cifar_read([test_file], hundred)
            val = ImageSet(resize_cover(ti, h, w), tl, names)
            return DataSplit(fmt, train, val, "%s at %s: %d train, %d test, 3x32x32%s"
                             % (title, d, len(train), len(val), arrow))
        train, val = split(train, fraction, seed)
        return DataSplit(fmt, train, val, "%s at %s: %s, 3x32x32%s"
                         % (title, d, _split_text(train, val, fraction, seed), arrow))
    # folder
    if c not in (1, 3):
        raise TrainError("%s: the images have 3 channels (RGB) or 1 (gray) but the model takes %d" % (path, c))
    train_dir = os.path.join(path, "train")
    if not (os.path.isdir(train_dir) and _subfolders(train_dir)):
        train_dir = path
    val_dir = None
    if train_dir != path:
        for name in ("val", "test"):
            if os.path.isdir(os.path.join(path, name)):
                val_dir = os.path.join(path, name)
                break
    names, files, labels, all_gray = _folder_list(train_dir, None)
    val_list = _folder_list(val_dir, names) if val_dir else None
    if all_gray and (val_list is None or val_list[3]) and c == 3:
        _check_channels(path, 1, shape, gray_to_rgb)

    def load(paths, labs):
        images = [resize_cover(_to_channels(read_png(p).unsqueeze(0), c), h, w) for p in paths]
        return ImageSet(torch.cat(images), torch.tensor(labs, dtype=torch.long), names)

    train = load(files, labels)
    desc = "ImageFolder at %s: %d classes, " % (path, len(names))
    if val_list is not None:
        val = load(val_list[1], val_list[2])
        return DataSplit("folder", train, val, desc + "%d train (%s/), %d validation (%s/), images resized to %s"
                         % (len(train), os.path.basename(train_dir), len(val), os.path.basename(val_dir), to))
    train, val = split(train, fraction, seed)
    return DataSplit("folder", train, val, desc + _split_text(train, val, fraction, seed) + ", images resized to " + to)


def _detect(d):
    if _idx_present(d):
        return "idx"
    if _cifar_dir(d, False):
        return "cifar10"
    if _cifar_dir(d, True):
        return "cifar100"
    if _subfolders(d):
        return "folder"
    return None


def _present(fmt, d):
    return {"idx": lambda: _idx_present(d), "cifar10": lambda: _cifar_dir(d, False) is not None,
            "cifar100": lambda: _cifar_dir(d, True) is not None, "folder": lambda: bool(_subfolders(d))}[fmt]()


def _expects(fmt):
    return {"idx": IDX_EXPECTS, "cifar10": CIFAR10_EXPECTS, "cifar100": CIFAR100_EXPECTS, "folder": FOLDER_EXPECTS}[fmt]


def _expectations():
    return "MNIST IDX files (%s), %s, %s, or an ImageFolder tree (%s)" % (
        IDX_EXPECTS, CIFAR10_EXPECTS, CIFAR100_EXPECTS, FOLDER_EXPECTS)


# ---------------------------------------------------------------------------------------------
# Normalisation and augmentation (Normalization.java, Batches.java).

_STATS = {
    "imagenet": ((0.485, 0.456, 0.406), (0.229, 0.224, 0.225)),
    "cifar": ((0.4914, 0.4822, 0.4465), (0.2470, 0.2435, 0.2616)),
}


def normalization(name, fmt, channels):
    """(mean, std) per channel, float64 tensors, for a recipe's `normalize` and the data's format."""
    if name == "auto":
        name = {"idx": "mnist", "cifar10": "cifar", "cifar100": "cifar", "folder": "imagenet", "synthetic": "half"}[fmt]
    if name in _STATS:
        # The Java side keeps the constants as floats: round them the same way.
        mean, std = [[float(torch.tensor(v, dtype=torch.float32)) for v in s] for s in _STATS[name]]
        if channels == 1:
            mean = [float(torch.tensor(sum(mean), dtype=torch.float32) / 3)]
            std = [float(torch.tensor(sum(std), dtype=torch.float32) / 3)]
        elif channels != 3:
            raise TrainError("the %s statistics are for 1- or 3-channel images, not %d channels" % (name, channels))
    else:
        m, s = {"mnist": (0.1307, 0.3081), "half": (0.5, 0.5), "none": (0.0, 1.0)}[name]
        mean = [float(torch.tensor(m, dtype=torch.float32))] * channels
        std = [float(torch.tensor(s, dtype=torch.float32))] * channels
    return (torch.tensor(mean, dtype=torch.float64).view(-1, 1, 1), torch.tensor(std, dtype=torch.float64).view(-1, 1, 1))


_LOG_RATIO = (math.log(3.0 / 4), math.log(4.0 / 3))


def random_resized_crop(image, min_scale, rng):
    """torchvision's RandomResizedCrop on one uint8 [C, H, W] image, resized back to H x W."""
    _, h, w = image.shape
    area = float(h * w)
    for _ in range(10):
        target = area * (min_scale + (1 - min_scale) * rng.random())
        ratio = math.exp(_LOG_RATIO[0] + (_LOG_RATIO[1] - _LOG_RATIO[0]) * rng.random())
        cw, ch = int(round(math.sqrt(target * ratio))), int(round(math.sqrt(target / ratio)))
        if 0 < cw <= w and 0 < ch <= h:
            top, left = rng.randrange(h - ch + 1), rng.randrange(w - cw + 1)
            return _resample(image[None, :, top:top + ch, left:left + cw], h, w)[0]
    ratio = w / h
    if ratio < 3 / 4:
        cw, ch = w, min(h, int(round(w / (3 / 4))))
    elif ratio > 4 / 3:
        ch, cw = h, min(w, int(round(h * (4 / 3))))
    else:
        cw, ch = w, h
    top, left = (h - ch) // 2, (w - cw) // 2
    return _resample(image[None, :, top:top + ch, left:left + cw], h, w)[0]


def padded_crop(image, dy, dx):
    """dst[y][x] = src[y + dy][x + dx], zero outside the source: a crop of the zero-padded image."""
    _, h, w = image.shape
    out = torch.zeros_like(image)
    y0, y1, x0, x1 = max(0, -dy), min(h, h - dy), max(0, -dx), min(w, w - dx)
    if y1 > y0 and x1 > x0:
        out[:, y0:y1, x0:x1] = image[:, y0 + dy:y1 + dy, x0 + dx:x1 + dx]
    return out


def assemble(data, indices, positions, recipe, norm, model_classes, seed, train):
    """A batch: images float32 [n, C, H, W] normalised, targets [n, model_classes] (label smoothing,
    then mixup/cutmix within the batch), and labels. Image j's augmentation draws from a stream
    seeded by (seed, positions[j]): its position in the epoch's global order, so every rank draws
    for an image what a single process draws for it."""
    images = data.images[indices]
    if train and (recipe["randomResizedCrop"] or recipe["cropPadding"] > 0 or recipe["hflip"]):
        images = images.clone()
        p = recipe["cropPadding"]
        for j in range(images.shape[0]):
            rng = random.Random(mix(seed, positions[j]))
            img = images[j]
            if recipe["randomResizedCrop"]:
                img = random_resized_crop(img, recipe["minScale"], rng)
            if p > 0:
                img = padded_crop(img, rng.randrange(2 * p + 1) - p, rng.randrange(2 * p + 1) - p)
            if recipe["hflip"] and rng.random() < 0.5:
                img = img.flip(-1)
            images[j] = img
    mean, std = norm
    x = ((images.to(torch.float64) / 255 - mean) / std).to(torch.float32)
    labels = data.labels[indices]
    k = data.classes
    s = recipe["labelSmoothing"] if train else 0.0
    targets = torch.full((len(indices), k), s / k, dtype=torch.float32)
    targets[torch.arange(len(indices)), labels] = 1 - s + s / k
    if train and (recipe["mixup"] > 0 or recipe["cutmix"] > 0):
        x, targets = _mix(x, targets, recipe, random.Random(mix(seed, -1)))
    if model_classes > k:
        targets = torch.cat([targets, torch.zeros(len(indices), model_classes - k)], dim=1)
    return x, targets, labels


def _mix(x, targets, recipe, rng):
    """timm's batch-mode mixup or cutmix: image j with image n-1-j, one lambda ~ Beta(a, a)."""
    if recipe["mixup"] > 0 and recipe["cutmix"] > 0:
        cutmix = rng.random() < 0.5
    else:
        cutmix = recipe["cutmix"] > 0
    alpha = recipe["cutmix"] if cutmix else recipe["mixup"]
    lam = rng.betavariate(alpha, alpha)
    flipped = x.flip(0)
    if cutmix:
        _, _, h, w = x.shape
        cut = math.sqrt(1 - lam)
        cut_h, cut_w = int(h * cut), int(w * cut)
        cy, cx = rng.randrange(h), rng.randrange(w)
        y0, y1 = min(max(cy - cut_h // 2, 0), h), min(max(cy + cut_h // 2, 0), h)
        x0, x1 = min(max(cx - cut_w // 2, 0), w), min(max(cx + cut_w // 2, 0), w)
        x = x.clone()
        x[:, :, y0:y1, x0:x1] = flipped[:, :, y0:y1, x0:x1]
        lam = 1 - (y1 - y0) * (x1 - x0) / (h * w)
    else:
        x = lam * x + (1 - lam) * flipped
    return x, lam * targets + (1 - lam) * targets.flip(0)


def soft_target_cross_entropy(logits, targets):
    """mean_b(-sum_k target[b, k] * log_softmax(logits)[b, k]), as timm's SoftTargetCrossEntropy."""
    return -(targets * F.log_softmax(logits, dim=1)).sum(dim=1).mean()


# ---------------------------------------------------------------------------------------------
# The model: a generated class (VARIANTS, factories, PARAMS, RECIPE, input_shape, num_classes).


def load_model_class(spec):
    if ":" not in spec:
        raise TrainError("--model takes MODULE:CLASS (e.g. com.example.models.gmlp:GMlp), got '%s'" % spec)
    module_name, class_name = spec.rsplit(":", 1)
    try:
        return vr.model_class(spec)
    except ImportError as e:
        raise TrainError("--model %s: cannot import %s (%s); is its folder on PYTHONPATH?" % (spec, module_name, e)) from None
    except AttributeError:
        raise TrainError("--model %s: module %s has no class %s" % (spec, module_name, class_name)) from None


def parse_param(cls, name, text):
    defaults = getattr(cls, "PARAMS", None)
    if defaults is not None and name not in defaults:
        raise TrainError("unknown param '%s' of %s; known: %s" % (name, cls.__name__, ", ".join(defaults)))
    default = defaults.get(name) if defaults is not None else None
    t = text.strip()
    if isinstance(default, bool) or (default is None and t.lower() in ("true", "false")):
        if t.lower() not in ("true", "false"):
            raise TrainError("bad value '%s' for param '%s' (expects true or false)" % (text, name))
        return t.lower() == "true"
    if isinstance(default, int) or default is None:
        try:
            return int(t)
        except ValueError:
            if isinstance(default, int):
                raise TrainError("bad value '%s' for param '%s' (expects a whole number)" % (text, name)) from None
    if isinstance(default, float) or default is None:
        try:
            return float(t)
        except ValueError:
            if isinstance(default, float):
                raise TrainError("bad value '%s' for param '%s' (expects a number)" % (text, name)) from None
    return t


def build_model(cls, variant, params):
    variants = tuple(getattr(cls, "VARIANTS", ()))
    label = cls.__name__ + ("." + variant if variant else "")
    if variant is not None and variant not in variants:
        raise TrainError("%s has no variant '%s'; its variants: %s"
                         % (cls.__name__, variant, ", ".join(variants) if variants else "none"))
    try:
        model = getattr(cls, variant)(**params) if variant else cls(**params)
    except (TypeError, ValueError) as e:
        raise TrainError("cannot build %s with params %s: %s" % (label, params or "{}", e)) from None
    shape = tuple(getattr(model, "input_shape", ()))
    if len(shape) != 3:
        raise TrainError("the trainer feeds images, but %s takes input %s per sample; declare `input image(C, H, W)`"
                         % (label, shape))
    return model, label


# ---------------------------------------------------------------------------------------------
# The run.


class _Stop:
    """SIGINT/SIGTERM ask for a stop at the next step boundary (a checkpoint is written there)."""

    requested = False

    @classmethod
    def install(cls):
        def handler(signum, frame):
            cls.requested = True

        for s in (signal.SIGINT, signal.SIGTERM):
            signal.signal(s, handler)


class Trainer:
    def __init__(self, args):
        self.args = args
        self.world = int(os.environ.get("WORLD_SIZE", "1"))
        self.rank = int(os.environ.get("RANK", "0"))
        self.local_rank = int(os.environ.get("LOCAL_RANK", "0"))
        self.distributed = self.world > 1
        self.out = sys.stdout

    def say(self, text, stream=None):
        if self.rank == 0:
            print(text, file=stream or self.out, flush=True)

    # -- set-up, identical on every rank, before any process group exists -------------------
    def set_up(self):
        a = self.args
        if a.threads is not None:
            if a.threads < 1:
                raise TrainError("--threads must be at least 1, got %d" % a.threads)
            torch.set_num_threads(a.threads)
        if a.checkpoint_every < 0:
            raise TrainError("--checkpoint-every must be 0 or more, got %d" % a.checkpoint_every)
        cls = load_model_class(a.model)
        overrides = []
        for item in a.set:
            key, eq, value = item.partition("=")
            if not eq:
                raise TrainError("--set takes KEY=VALUE, got '%s'" % item)
            overrides.append((key.strip(), value))
        for key, value in (("epochs", a.epochs), ("batch", a.batch), ("lr", a.lr)):
            if value is not None:
                overrides.append((key, value))
        self.recipe = make_recipe(getattr(cls, "RECIPE", None), overrides)
        params = {}
        for item in a.param:
            name, eq, value = item.partition("=")
            if not eq:
                raise TrainError("--param takes NAME=VALUE, got '%s'" % item)
            params[name.strip()] = parse_param(cls, name.strip(), value)
        r = self.recipe
        torch.manual_seed(r["seed"] & ((1 << 63) - 1))
        self.model, self.label = build_model(cls, a.variant, params)
        self.cls, self.params = cls, params
        self.shape = tuple(int(v) for v in self.model.input_shape)
        self.classes = int(self.model.num_classes)
        fmt = a.format
        if fmt is None and a.data is None:
            if r["dataset"] != "synthetic":
                raise TrainError("no data given: pass --data PATH (the recipe expects %s; formats: IDX, CIFAR-10/100"
                                 " binary, an image folder) or --format synthetic" % r["dataset"])
            fmt = "synthetic"
        if fmt != "synthetic" and a.data is None:
            raise TrainError("no data given for format %s: pass --data PATH" % fmt)
        self.data = open_data(a.data, fmt, self.shape, a.gray_to_rgb, r["validationSplit"], r["seed"],
                              a.synthetic_size, min(self.classes, 10))
        if self.data.train.classes > self.classes:
            raise TrainError("the data has %d classes but %s predicts %d; raise the model's class count with --param"
                             % (self.data.train.classes, self.label, self.classes))
        self.norm = normalization(r["normalize"], self.data.format, self.shape[0])
        batch = r["batch"]
        if batch > len(self.data.train):
            raise TrainError("batch %d is larger than the %d training images; lower it (--set batch=N)"
                             % (batch, len(self.data.train)))
        if batch % self.world:
            raise TrainError("the global batch %d does not split evenly over %d ranks; choose a batch that is a"
                             " multiple of %d (--set batch=N)" % (batch, self.world, self.world))
        self.local_batch = batch // self.world
        self.steps_per_epoch = len(self.data.train) // batch
        self.schedule = LrSchedule(r["schedule"], r["lr"], r["minLr"], r["warmupLr"],
                                   r["warmupEpochs"] * self.steps_per_epoch, r["epochs"] * self.steps_per_epoch,
                                   r["decayEpochs"] * self.steps_per_epoch, r["decayRate"])
        variant = a.variant or "defaults"
        self.output = a.output or os.path.join("vmodel-runs", cls.__name__ + "-" + variant)
        self.description = {
            "model": a.model, "variant": variant, "params": json.dumps(params, sort_keys=True),
            "recipe": json.dumps(r), "data": self.data.description,
        }
        if self.rank == 0:
            self.check_output()

    def check_output(self):
        out = self.output
        try:
            os.makedirs(out, exist_ok=True)
            probe = os.path.join(out, ".vmodel-write-probe")
            with open(probe, "w"):
                pass
            os.remove(probe)
        except OSError as e:
            raise TrainError("cannot write to the output folder %s: %s" % (out, e.strerror or e)) from None
        exists = os.path.exists(os.path.join(out, CHECKPOINT))
        if not self.args.resume and exists:
            raise TrainError("%s already holds a run (%s); pass --resume to continue it, or choose another --output"
                             % (out, CHECKPOINT))
        if self.args.resume and not exists:
            raise TrainError("--resume: there is no %s in %s to resume from; start without --resume" % (CHECKPOINT, out))

    # -- the process group ------------------------------------------------------------------
    def connect(self):
        cuda = torch.cuda.is_available()
        if cuda:
            torch.cuda.set_device(self.local_rank)
        self.device = torch.device("cuda", self.local_rank) if cuda else torch.device("cpu")
        if self.distributed:
            dist.init_process_group("nccl" if cuda else "gloo",
                                    timeout=datetime.timedelta(seconds=self.args.dist_timeout))

    def all_sum(self, values):
        """Sums float64 values over the ranks (as they are on one process)."""
        t = torch.tensor(values, dtype=torch.float64, device=self.device)
        if self.distributed:
            dist.all_reduce(t)
        return t.tolist()

    # -- resume -----------------------------------------------------------------------------
    def restore(self, optimizer, names):
        """Rank 0 reads the checkpoint and sends its bytes to every rank (no shared disk needed)."""
        path = os.path.join(self.output, CHECKPOINT)
        blob = [None]
        if self.rank == 0:
            with open(path, "rb") as f:
                blob[0] = f.read()
        if self.distributed:
            dist.broadcast_object_list(blob, src=0)
        try:
            tensors, meta = vr.load_safetensors_bytes(blob[0], path)
        except ValueError as e:
            raise TrainError(str(e)) from None
        if meta.get("format") != CHECKPOINT_FORMAT:
            raise TrainError("%s is not a vmodel checkpoint (its metadata has no format=%s)" % (path, CHECKPOINT_FORMAT))
        for key in ("model", "variant", "params"):
            if meta.get(key) != self.description[key]:
                raise TrainError("the checkpoint in %s is of %s %s, not %s; resume with the same model, variant and"
                                 " params, or choose another --output" % (self.output, key, meta.get(key),
                                                                          self.description[key]))
        if meta.get("recipe") != self.description["recipe"]:
            self.say("note: the recipe differs from the checkpoint's; continuing with the new one", sys.stderr)
        weights = {k[len("model/"):]: v for k, v in tensors.items() if k.startswith("model/")}
        self.load_weights(weights, path)
        by_index = {name: i for i, name in enumerate(names)}
        state = {}
        for key, t in tensors.items():
            if key.startswith("optim/"):
                name, _, kind = key[len("optim/"):].rpartition("/")
                if name not in by_index:
                    raise TrainError("%s: optimizer state for an unknown parameter %s" % (path, name))
                state.setdefault(by_index[name], {})[kind] = t
        sd = optimizer.state_dict()
        sd["state"] = state
        try:
            optimizer.load_state_dict(sd)
        except (ValueError, KeyError, RuntimeError) as e:
            raise TrainError("%s: the optimizer state does not fit (%s)" % (path, e)) from None
        try:
            position = (int(meta["epoch"]), int(meta["step_in_epoch"]), int(meta["global_step"]))
            sums = (float(meta.get("epoch_loss_sum", 0)), int(meta.get("epoch_steps", 0)),
                    int(meta.get("epoch_images", 0)), float(meta.get("epoch_seconds", 0)))
        except (KeyError, ValueError):
            raise TrainError("%s: the checkpoint's position (epoch, step_in_epoch, global_step) is missing or not a"
                             " number" % path) from None
        return position, sums

    def load_weights(self, weights, path):
        own = self.model.state_dict()
        missing = [k for k in own if k not in weights]
        extra = [k for k in weights if k not in own]
        if missing or extra:
            raise TrainError("%s does not fit %s: %s" % (path, self.label, "missing " + ", ".join(missing[:3]) if missing
                                                         else "unexpected " + ", ".join(extra[:3])))
        for k, v in own.items():
            if tuple(weights[k].shape) != tuple(v.shape):
                raise TrainError("%s: %s has shape %s, the model's %s" % (path, k, tuple(weights[k].shape), tuple(v.shape)))
        self.model.load_state_dict({k: weights[k].to(v.dtype) for k, v in own.items()})

    # -- files (rank 0) -----------------------------------------------------------------------
    def save_checkpoint(self, optimizer, names, position, sums):
        tensors = {"model/" + k: v for k, v in self.model.state_dict().items()}
        for index, st in optimizer.state_dict()["state"].items():
            for kind, v in st.items():
                t = v if torch.is_tensor(v) else torch.tensor(v, dtype=torch.float64)
                tensors["optim/%s/%s" % (names[index], kind)] = t
        meta = {"format": CHECKPOINT_FORMAT}
        meta.update(self.description)
        meta.update({"epoch": position[0], "step_in_epoch": position[1], "global_step": position[2],
                     "epoch_loss_sum": repr(sums[0]), "epoch_steps": sums[1], "epoch_images": sums[2],
                     "epoch_seconds": repr(sums[3]), "world_size": self.world})
        vr.save_safetensors(os.path.join(self.output, CHECKPOINT), tensors, meta)
        self.last_checkpoint = position

    def open_metrics(self, first_epoch):
        path = os.path.join(self.output, METRICS)
        rows = []
        if self.args.resume and os.path.exists(path):
            with open(path, encoding="utf-8") as f:
                for line in f:
                    if line.endswith("\n"):
                        row = json.loads(line)
                        if row["epoch"] < first_epoch:
                            rows.append(line)
        tmp = path + ".tmp"
        with open(tmp, "w", encoding="utf-8") as f:
            f.writelines(rows)
        os.replace(tmp, path)
        return path

    @staticmethod
    def metrics_line(values):
        row = {k: (v if v is None or not isinstance(v, float) or math.isfinite(v) else None)
               for k, v in zip(METRIC_KEYS, values)}
        return json.dumps(row) + "\n"

    # -- training -----------------------------------------------------------------------------
    def run(self):
        r = self.recipe
        self.model.to(self.device)
        optimizer, names = make_optimizer(self.model, r)
        position, sums = (0, 0, 0), (0.0, 0, 0, 0.0)
        self.last_checkpoint = None
        if self.args.resume:
            position, sums = self.restore(optimizer, names)
            self.last_checkpoint = position
        if self.distributed:
            ids = [self.local_rank] if self.device.type == "cuda" else None
            net = torch.nn.parallel.DistributedDataParallel(self.model, device_ids=ids)
        else:
            net = self.model
        count = sum(p.numel() for p in self.model.parameters())
        self.say("training %s (%s params) on %s\n  recipe: %s, lr %s, batch %d%s, %d epochs of %d steps; output %s"
                 % (self.label, format(count, ","), self.data.description, r["optimizer"], r["lr"], r["batch"],
                    " (%d per rank x %d ranks)" % (self.local_batch, self.world) if self.distributed else "",
                    r["epochs"], self.steps_per_epoch, self.output))
        if self.args.resume:
            self.say("  resuming at epoch %d step %d" % (position[0] + 1, position[1]))
        metrics = self.open_metrics(position[0] + 1) if self.rank == 0 else None
        sampler = torch.utils.data.distributed.DistributedSampler(
            range(len(self.data.train)), num_replicas=self.world, rank=self.rank, shuffle=True,
            seed=r["seed"] & ((1 << 63) - 1), drop_last=True)
        global_step = position[2]
        last = None
        for epoch in range(position[0], r["epochs"]):
            sampler.set_epoch(epoch)
            order = list(sampler)
            first = position[1] if epoch == position[0] else 0
            loss_sum, steps, images, before = sums if first > 0 else (0.0, 0, 0, 0.0)
            start = time.time()
            lr = self.schedule.at(max(0, global_step - 1))
            for step in range(first, self.steps_per_epoch):
                lr = self.schedule.at(global_step)
                loss, stop = self.step(net, optimizer, order, epoch, step, lr)
                if not math.isfinite(loss):
                    where = ("no checkpoint was written yet" if self.last_checkpoint is None else
                             "the last good checkpoint is %s (epoch %d step %d)"
                             % (os.path.join(self.output, CHECKPOINT), self.last_checkpoint[0] + 1,
                                self.last_checkpoint[1]))
                    raise TrainError("the loss became %s at epoch %d step %d (step %d of the run); stopped without"
                                     " saving; %s; try a lower lr or clipGrad"
                                     % (loss, epoch + 1, step + 1, global_step + 1, where), NOT_FINITE)
                global_step += 1
                loss_sum, steps, images = loss_sum + loss, steps + 1, images + r["batch"]
                seconds = before + time.time() - start
                if self.rank == 0 and sys.stderr.isatty():
                    print("\repoch %d/%d step %d/%d loss %.4f" % (epoch + 1, r["epochs"], step + 1,
                                                                  self.steps_per_epoch, loss),
                          end="", file=sys.stderr, flush=True)
                done = step + 1 == self.steps_per_epoch
                if stop:
                    self.interrupt(optimizer, names, (epoch, step + 1, global_step), (loss_sum, steps, images, seconds))
                if (self.args.checkpoint_every > 0 and global_step % self.args.checkpoint_every == 0 and not done
                        and self.rank == 0):
                    self.save_checkpoint(optimizer, names, (epoch, step + 1, global_step),
                                         (loss_sum, steps, images, seconds))
            if self.rank == 0 and sys.stderr.isatty():
                print(file=sys.stderr)
            seconds = before + time.time() - start
            val_loss, top1, top5 = self.validate()
            last = (epoch + 1, global_step, loss_sum / steps if steps else float("nan"), val_loss, top1, top5, lr,
                    images / seconds if seconds > 0 else 0.0, seconds)
            if self.rank == 0:
                with open(metrics, "a", encoding="utf-8") as f:
                    f.write(self.metrics_line(last))
                self.say("epoch %d/%d  train loss %.4f  val loss %.4f  top-1 %.2f%%  top-5 %.2f%%  lr %.3g  %.1f img/s"
                         "  %.1f s" % (epoch + 1, r["epochs"], last[2], val_loss, 100 * top1, 100 * top5, lr, last[7],
                                       seconds))
                self.save_checkpoint(optimizer, names, (epoch + 1, 0, global_step), (0.0, 0, 0, 0.0))
        if self.rank == 0:
            weights = os.path.join(self.output, WEIGHTS)
            meta = {"format": "pt"}
            meta.update(self.description)
            vr.save_safetensors(weights, dict(self.model.state_dict()), meta)
            if last is not None:
                self.say("final: top-1 %.2f%%, top-5 %.2f%%, val loss %.4f after %d epochs"
                         % (100 * last[4], 100 * last[5], last[3], last[0]))
            self.say("done: weights %s, metrics %s" % (weights, metrics))
        if self.distributed:
            dist.barrier()

    def step(self, net, optimizer, order, epoch, step, lr):
        """One step on this rank's part of the global batch; returns the global mean loss and
        whether any rank was asked to stop."""
        r = self.recipe
        lo = step * self.local_batch
        indices = order[lo:lo + self.local_batch]
        # Rank q holds the elements q, q + W, ... of the global batch: their positions in it.
        positions = [(lo + j) * self.world + self.rank for j in range(self.local_batch)]
        seed = step_seed(r["seed"] & _M64, epoch, step)
        x, t, _ = assemble(self.data.train, indices, positions, r, self.norm, self.classes, seed, True)
        # The generator (dropout, drop-path) reseeded every step, so a resumed run draws the same.
        torch.manual_seed(mix(step_seed(~r["seed"] & _M64, epoch, step), self.rank) & ((1 << 63) - 1))
        for group in optimizer.param_groups:
            group["lr"] = lr
        net.train()
        optimizer.zero_grad(set_to_none=True)
        logits = net(x.to(self.device))
        loss = soft_target_cross_entropy(logits, t.to(self.device))
        loss.backward()
        if r["clipGrad"] > 0:
            torch.nn.utils.clip_grad_norm_(self.model.parameters(), r["clipGrad"])
        optimizer.step()
        total, stops = self.all_sum([float(loss.detach()), 1.0 if _Stop.requested else 0.0])
        return total / self.world, stops > 0

    def validate(self):
        """Loss, top-1 and top-5 over the validation images, each rank scoring every W-th image."""
        val = self.data.validation
        if len(val) == 0:
            return float("nan"), float("nan"), float("nan")
        mine = list(range(self.rank, len(val), self.world))
        k = min(5, self.classes)
        loss_sum = right1 = right_k = 0.0
        self.model.eval()
        with torch.no_grad():
            for lo in range(0, len(mine), self.recipe["batch"]):
                idx = mine[lo:lo + self.recipe["batch"]]
                x, t, labels = assemble(val, idx, idx, self.recipe, self.norm, self.classes, 0, False)
                logits = self.model(x.to(self.device)).float()
                t, labels = t.to(self.device), labels.to(self.device)
                loss_sum += float(-(t * F.log_softmax(logits, dim=1)).sum(dim=1).double().sum())
                mine_score = logits.gather(1, labels.view(-1, 1))
                rank = (logits > mine_score).sum(dim=1)
                right1 += float((rank == 0).sum())
                right_k += float((rank < k).sum())
        self.model.train()
        loss_sum, right1, right_k = self.all_sum([loss_sum, right1, right_k])
        n = len(val)
        return loss_sum / n, right1 / n, right_k / n

    def interrupt(self, optimizer, names, position, sums):
        if self.rank == 0:
            self.save_checkpoint(optimizer, names, position, sums)
        if self.distributed:
            dist.barrier()
        raise TrainError("interrupted at epoch %d step %d; checkpoint written to %s; continue with --resume"
                         % (position[0] + 1, position[1], os.path.join(self.output, CHECKPOINT)), INTERRUPTED)


def parser():
    p = argparse.ArgumentParser(
        prog=PROG, description="Trains a generated vmodel PyTorch model on a dataset with its spec's recipe, on one"
        " process or under torchrun.",
        epilog="Exit status: 0 done, 2 bad usage or input, 3 NaN/inf loss, 130 interrupted (checkpoint written), 1 an"
        " internal failure or a lost rank.")
    p.add_argument("--model", required=True, metavar="MODULE:CLASS", help="e.g. com.example.models.gmlp:GMlp")
    p.add_argument("--variant", metavar="NAME", help="a variant of the spec (default: the spec's param defaults)")
    p.add_argument("--data", metavar="PATH", help="the dataset folder (IDX files, CIFAR batches, class folders)")
    p.add_argument("--format", choices=FORMATS, help="default: detected from the files")
    p.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", help="overrides a recipe setting")
    p.add_argument("--param", action="append", default=[], metavar="NAME=VALUE", help="overrides a model param")
    p.add_argument("--epochs", metavar="N", help="shorthand for --set epochs=N")
    p.add_argument("--batch", metavar="N", help="shorthand for --set batch=N (the global batch)")
    p.add_argument("--lr", metavar="LR", help="shorthand for --set lr=LR")
    p.add_argument("--output", metavar="DIR", help="the run folder (default: vmodel-runs/CLASS-VARIANT)")
    p.add_argument("--resume", action="store_true", help="continue the run in the output folder from its checkpoint")
    p.add_argument("--checkpoint-every", type=int, default=0, metavar="STEPS",
                   help="also write a checkpoint every STEPS steps (default: after each epoch only)")
    p.add_argument("--gray-to-rgb", action="store_true", help="let 1-channel images feed a 3-channel model")
    p.add_argument("--synthetic-size", type=int, default=1024, metavar="N", help="images of synthetic data")
    p.add_argument("--threads", type=int, metavar="N", help="torch intra-op threads")
    p.add_argument("--dist-timeout", type=float, default=120.0, metavar="SECONDS",
                   help="how long a rank waits for the others in a collective before failing (default: 120)")
    return p


def main(argv=None):
    p = parser()

    def error(message):
        # One line and status 2, as the DJL trainer's picocli handler.
        print("%s: %s" % (PROG, message), file=sys.stderr)
        sys.exit(USAGE)

    p.error = error
    args = p.parse_args(argv)
    trainer = Trainer(args)
    connected = False
    try:
        trainer.set_up()
        trainer.connect()
        connected = True
        _Stop.install()
        trainer.run()
        return 0
    except TrainError as e:
        # A usage error is the same on every rank: rank 0 says it. The other ranks give it time
        # to: torchrun stops every rank as soon as one exits with an error, and a rank that
        # exited first would have rank 0 stopped before it printed. A rank still running after
        # the wait met an error rank 0 did not, and says it itself.
        if trainer.rank == 0:
            print("%s: %s" % (PROG, e), file=sys.stderr, flush=True)
        else:
            time.sleep(RANK_ERROR_GRACE_S)
            print("%s: rank %d: %s" % (PROG, trainer.rank, e), file=sys.stderr, flush=True)
        return e.status
    except KeyboardInterrupt:
        # Before the run's own handler is in place (loading data, connecting): nothing to save.
        if trainer.rank == 0:
            print("%s: interrupted before training started; nothing was written" % PROG, file=sys.stderr, flush=True)
        return INTERRUPTED
    except Exception as e:  # noqa: BLE001 - one line instead of a trace, as the DJL trainer
        first = str(e).strip().splitlines()[0] if str(e).strip() else ""
        first = "%s: %s" % (type(e).__name__, first) if not isinstance(e, RuntimeError) or not first else first
        if trainer.distributed and connected and isinstance(e, RuntimeError):
            print("%s: rank %d: lost contact with the other ranks (one died or stalled past --dist-timeout %g s): %s;"
                  " the last checkpoint is in %s; continue with --resume"
                  % (PROG, trainer.rank, args.dist_timeout, first, trainer.output), file=sys.stderr, flush=True)
        else:
            print("%s: internal failure: %s (set VMODEL_DEBUG=1 for the trace)" % (PROG, first), file=sys.stderr,
                  flush=True)
        if os.environ.get("VMODEL_DEBUG"):
            raise
        return FAILED
    finally:
        if connected and trainer.distributed and dist.is_initialized():
            try:
                dist.destroy_process_group()
            except RuntimeError:
                pass


if __name__ == "__main__":
    sys.exit(main())
