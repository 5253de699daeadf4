"""Helpers of the trainer's tests: a tiny model module that follows the generated classes' contract,
tiny datasets in real formats, and a way to run the trainer (plain or under torchrun) as a process."""

import gzip
import os
import struct
import subprocess
import sys
import textwrap

HERE = os.path.dirname(os.path.abspath(__file__))
PYTHON_DIR = os.path.normpath(os.path.join(HERE, "..", "..", "main", "resources", "dev", "vmodel", "generator", "python"))
PYTHON = os.environ.get("VMODEL_PYTHON", "/usr/bin/python3")

if PYTHON_DIR not in sys.path:
    sys.path.insert(0, PYTHON_DIR)

# torchrun 1.x on Python 3.11+ cannot parse its own default "--redirects 0 --tee 0" (Std.from_str
# finds no zero-valued flag member and returns None, then fails with "'NoneType' object has no
# attribute 'get'"): pass non-zero values there. Rank 0's standard output then comes back prefixed
# with "[default0]:"; standard error is not redirected.
TORCHRUN_STREAMS = []
if sys.version_info >= (3, 11):
    import torch

    if int(torch.__version__.split(".")[0]) < 2:
        TORCHRUN_STREAMS = ["--redirects", "1", "--tee", "1"]

# A model module as the generator writes them: VARIANTS, factories, PARAMS, RECIPE, input_shape and
# num_classes per instance. No dropout, so that two runs of one recipe compute the same thing.
# `delay` (seconds per forward) slows a run down for the tests that stop it half-way.
TINY_MODULE = textwrap.dedent('''
    import time
    import torch
    from torch import nn


    class TinyNet(nn.Module):
        VARIANTS = ("small",)
        PARAMS = {"hidden": 16, "num_classes": 4, "side": 8, "delay": 0.0}
        RECIPE = {
            "optimizer": "adamw", "lr": 0.01, "minLr": 0.0001, "warmupLr": 0.001, "weightDecay": 0.01,
            "momentum": 0.9, "nesterov": False, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8,
            "warmupEpochs": 1, "schedule": "cosine", "decayEpochs": 30, "decayRate": 0.1,
            "labelSmoothing": 0.0, "epochs": 4, "batch": 16, "clipGrad": 0.0, "seed": 7,
            "dataset": "mnist", "validationSplit": 0.25, "normalize": "auto", "cropPadding": 0,
            "randomResizedCrop": False, "minScale": 0.08, "hflip": False, "mixup": 0.0, "cutmix": 0.0,
        }
        SPEC = "tiny.vmodel:1"

        def __init__(self, hidden=16, num_classes=4, side=8, delay=0.0):
            super().__init__()
            self.input_shape = (1, side, side)
            self.num_classes = num_classes
            self.delay = delay
            self.fc1 = nn.Linear(side * side, hidden)
            self.fc2 = nn.Linear(hidden, num_classes)

        @classmethod
        def small(cls, **overrides):
            params = {"hidden": 8}
            params.update(overrides)
            return cls(**params)

        def forward(self, x):
            if self.delay:
                time.sleep(self.delay)
            return self.fc2(torch.relu(self.fc1(x.flatten(1))))
''')


def write_model_module(folder):
    """Writes tinynet.py into `folder`; the model is `tinynet:TinyNet`."""
    with open(os.path.join(folder, "tinynet.py"), "w") as f:
        f.write(TINY_MODULE)
    return "tinynet:TinyNet"


def easy_images(count, side=8, classes=4, seed=1):
    """Images a linear model separates: class k lights row band k; plus a little noise. Returns
    (list of bytes per image, labels) computed with the standard library only."""
    import random

    rng = random.Random(seed)
    band = side // classes
    images, labels = [], []
    for i in range(count):
        k = i % classes
        pixels = bytearray(rng.randrange(40) for _ in range(side * side))
        for y in range(k * band, (k + 1) * band):
            for x in range(side):
                pixels[y * side + x] = 200 + rng.randrange(56)
        images.append(bytes(pixels))
        labels.append(k)
    return images, labels


def write_idx(folder, images, labels, side, prefix="train", gz=False):
    """Writes MNIST IDX files (big-endian headers, one byte per pixel or label)."""
    os.makedirs(folder, exist_ok=True)
    opener = gzip.open if gz else open
    ext = ".gz" if gz else ""
    with opener(os.path.join(folder, "%s-images-idx3-ubyte%s" % (prefix, ext)), "wb") as f:
        f.write(struct.pack(">iiii", 0x803, len(images), side, side))
        for image in images:
            f.write(image)
    with opener(os.path.join(folder, "%s-labels-idx1-ubyte%s" % (prefix, ext)), "wb") as f:
        f.write(struct.pack(">ii", 0x801, len(labels)))
        f.write(bytes(labels))


def env_for(model_dir):
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([PYTHON_DIR, model_dir] + ([env["PYTHONPATH"]] if env.get("PYTHONPATH") else []))
    env.pop("WORLD_SIZE", None)
    env.pop("RANK", None)
    env.pop("LOCAL_RANK", None)
    env["OMP_NUM_THREADS"] = "1"
    return env


def trainer_command(args, ranks=0):
    """The command line of a run: one process, or torchrun with `ranks` local workers."""
    if ranks:
        return [PYTHON, "-m", "torch.distributed.run", "--standalone", "--nproc_per_node", str(ranks),
                "--monitor_interval", "1"] + TORCHRUN_STREAMS + ["-m", "vmodel_train"] + args
    return [PYTHON, "-m", "vmodel_train"] + args


def run_trainer(args, model_dir, ranks=0, timeout=120):
    return subprocess.run(trainer_command(args, ranks), env=env_for(model_dir), capture_output=True, text=True,
                          timeout=timeout)


def read_metrics(output):
    import json

    with open(os.path.join(output, "metrics.jsonl")) as f:
        return [json.loads(line) for line in f]
