"""The PyTorch side of `vmodel:benchmark`: time a generated twin's training or inference steps on
a fixed synthetic batch, eagerly on the CPU, and print one JSON line per measurement.

Run by dev.vmodel.runtime.bench.BenchmarkCli, alternately with the DJL model, from the folder the
generated package is under:

    python3 -m PACKAGE.vmodel_bench --model PACKAGE.MODULE:CLASS [--variant NAME] [--param k=v ...]
        --batch 16 --mode train|infer|both [--threads 2] [--seed 42] [--warmup 3] [--warmup-s 5]
        [--windows 5] [--window-s 2] [--steps 0] [--quiet 60]
    python3 -m PACKAGE.vmodel_bench --matmul 2048 [--threads 2]

The protocol is the DJL runner's, so that the two figures compare: warm up for at least `warmup`
steps and `warmup_s` seconds; size a window from the last warm-up step (or take --steps); wait for
a quiet machine; then time `windows` windows, each step's latency too. The machine may be shared,
so every window also records the share of all CPUs that other processes used during it (from
/proc/stat less this process's own time), and the reported rate is the median of the clean
windows (foreign share below 10%), or of all windows when none is clean. Percentiles are
nearest-rank.

Exit status: 0 done; 2 bad usage, or a model, variant or param that cannot be built (one line on
standard error); 1 a failure during the run (one line).
"""

import argparse
import dataclasses
import json
import math
import os
import statistics
import sys
import time

import torch
import torch.nn.functional as F

try:  # next to the generated modules, in their package
    from . import vmodel_train as vt
except ImportError:  # on sys.path by itself (the tests)
    import vmodel_train as vt

PROG = "vmodel_bench"
USAGE = 2
FAILED = 1
INTERRUPTED = 130

STACK = "pytorch"
CLEAN = 0.10  # a window whose foreign CPU share is below this is clean
QUIET_SPELL_S = 2.0  # the quiet wait looks for a spell this long below CLEAN
MATMUL_REPS = 5  # timed matmuls after the warm-up one, at least; the best counts
MATMUL_SECONDS = 2.0  # ... and for at least this long: a VM's cores switch speed every second or so


class BenchError(Exception):
    """Bad input, reported as one line with status 2."""


@dataclasses.dataclass(frozen=True)
class Protocol:
    """How long to warm up and how to window the timed steps (the contract's defaults)."""

    warmup: int = 3  # at least this many warm-up steps ...
    warmup_s: float = 5.0  # ... and at least this many seconds of them
    windows: int = 5
    window_s: float = 2.0  # steps per window fill about this much time ...
    steps: int = 0  # ... unless this is above 0
    quiet: float = 60.0  # wait at most this long for a quiet machine before the windows


# ---------------------------------------------------------------------------------------------
# What the machine and the process report: CPU jiffies and memory, from /proc.


@dataclasses.dataclass(frozen=True)
class CpuSample:
    """Jiffies at one moment: all CPUs' total and busy time, and this process's own CPU time."""

    total: int
    busy: int
    own: int


def parse_cpu(proc_stat, self_stat):
    """A CpuSample from the texts of /proc/stat and /proc/self/stat. The first line of /proc/stat
    sums all CPUs: total is the sum of its fields, busy the total less idle and iowait (the 4th
    and 5th). /proc/self/stat's 14th and 15th fields are utime and stime; the command name (2nd)
    may hold spaces, so fields are counted after its closing parenthesis."""
    fields = proc_stat.splitlines()[0].split()
    if fields[0] != "cpu":
        raise ValueError("the first line of /proc/stat is not the 'cpu' line")
    jiffies = [int(v) for v in fields[1:]]
    total = sum(jiffies)
    after_name = self_stat.rsplit(")", 1)[1].split()  # field 3 (state) onwards
    own = int(after_name[11]) + int(after_name[12])
    return CpuSample(total, total - jiffies[3] - jiffies[4], own)


def read_cpu():
    with open("/proc/stat") as f:
        proc_stat = f.read()
    with open("/proc/self/stat") as f:
        self_stat = f.read()
    return parse_cpu(proc_stat, self_stat)


def foreign_share(before, after):
    """The share (0..1) of all CPUs that other processes kept busy between two samples."""
    total = after.total - before.total
    if total <= 0:
        return 0.0
    others = (after.busy - before.busy) - (after.own - before.own)
    return min(1.0, max(0.0, others / total))


def parse_status_mb(status, field):
    """A memory field of /proc/self/status (VmRSS, VmHWM: kB) in MiB."""
    for line in status.splitlines():
        name, _, value = line.partition(":")
        if name == field:
            return int(value.split()[0]) / 1024.0
    raise ValueError("/proc/self/status has no %s" % field)


def memory_mb(field):
    with open("/proc/self/status") as f:
        return parse_status_mb(f.read(), field)


def wait_quiet(limit_s, sample=read_cpu, sleep=time.sleep, clock=time.perf_counter):
    """Waits, at most about limit_s seconds, for a spell of QUIET_SPELL_S in which other processes
    use less than CLEAN of all CPUs; True when one came. A limit of 0 does not wait."""
    if limit_s <= 0:
        return True
    deadline = clock() + limit_s
    while True:
        before = sample()
        sleep(min(QUIET_SPELL_S, limit_s))
        if foreign_share(before, sample()) < CLEAN:
            return True
        if clock() >= deadline:
            return False


# ---------------------------------------------------------------------------------------------
# Timing a step function.


def percentile(values, p):
    """Nearest-rank percentile: the smallest value with at least p% of the values at or below it."""
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100.0 * len(ordered)))
    return ordered[rank - 1]


@dataclasses.dataclass
class Timing:
    """What measuring one step function found."""

    first: object  # what the first warm-up step returned
    steps_per_window: int
    rates: list  # images per second, per window
    foreign: list  # other processes' CPU share, per window
    latencies_ms: list  # every timed step
    rss_start_mb: float
    rss_end_mb: float
    quiet: bool  # whether a quiet spell came before the windows

    @property
    def img_per_s(self):
        clean = [r for r, f in zip(self.rates, self.foreign) if f < CLEAN]
        return statistics.median(clean or self.rates)


def measure(step, batch, protocol):
    """Warms `step` up, then times protocol.windows windows of it; `batch` images per step."""
    start = time.perf_counter()
    first = step()
    took = time.perf_counter() - start
    done = 1
    while done < protocol.warmup or time.perf_counter() - start < protocol.warmup_s:
        t = time.perf_counter()
        step()
        took = time.perf_counter() - t
        done += 1
    steps = protocol.steps if protocol.steps > 0 else max(1, round(protocol.window_s / took))
    quiet = wait_quiet(protocol.quiet)
    rss_start = memory_mb("VmRSS")
    rates, foreign, latencies = [], [], []
    for _ in range(protocol.windows):
        cpu = read_cpu()
        window_start = time.perf_counter()
        for _ in range(steps):
            t = time.perf_counter()
            step()
            latencies.append((time.perf_counter() - t) * 1e3)
        seconds = time.perf_counter() - window_start
        foreign.append(foreign_share(cpu, read_cpu()))
        rates.append(batch * steps / seconds)
    return Timing(first, steps, rates, foreign, latencies, rss_start, memory_mb("VmRSS"), quiet)


def train_step(model, x, y):
    """One training step as the contract fixes it; returns the loss (a tensor, read only when used)."""
    model.train()
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=0.01)

    def step():
        loss = F.cross_entropy(model(x), y)
        loss.backward()
        optimizer.step()
        optimizer.zero_grad(set_to_none=True)
        return loss.detach()

    return step


def infer_step(model, x):
    """One forward pass in eval mode, without autograd."""
    model.eval()

    def step():
        with torch.no_grad():
            return model(x)

    return step


def matmul_gflops(n):
    """The CPU's matmul peak: the best of timed n x n fp32 products after one warm-up, at 2 n^3
    flops each, run for MATMUL_SECONDS and at least MATMUL_REPS times. A virtual machine's cores
    can switch between a slow and a fast speed every second or so (the DJL runner's PEAK_SECONDS
    says what was measured); five products fall within one slow spell too often."""
    a, b = torch.randn(n, n), torch.randn(n, n)
    torch.mm(a, b)
    best = math.inf
    start = time.perf_counter()
    reps = 0
    while reps < MATMUL_REPS or time.perf_counter() - start < MATMUL_SECONDS:
        t = time.perf_counter()
        torch.mm(a, b)
        best = min(best, time.perf_counter() - t)
        reps += 1
    return 2.0 * n ** 3 / best / 1e9


# ---------------------------------------------------------------------------------------------
# The command.


def _finite(value):
    """A loss for JSON: NaN and infinity are not JSON numbers, so they become null."""
    value = float(value)
    return value if math.isfinite(value) else None


def blas_library(maps_text):
    """The BLAS library a process mapped, from its /proc/self/maps text: "OpenBLAS (OpenMP)" or
    "OpenBLAS (pthreads)" for Debian's builds, whose folders say which, "OpenBLAS" or "MKL" for
    others, None when none is mapped (PyPI's wheels link MKL into libtorch itself)."""
    for line in maps_text.splitlines():
        fields = line.split()
        path = fields[-1] if len(fields) >= 6 else ""
        name = os.path.basename(path)
        if "openblas" in name:
            folder = os.path.basename(os.path.dirname(path))
            threads = {"openblas-openmp": " (OpenMP)", "openblas-pthread": " (pthreads)"}.get(folder, "")
            return "OpenBLAS" + threads
        if name.startswith("libmkl_"):
            return "MKL"
    return None


def engine():
    """The twin's engine line: torch's version and, where the process mapped one, its BLAS."""
    try:
        with open("/proc/self/maps", encoding="utf-8", errors="replace") as f:
            blas = blas_library(f.read())
    except OSError:
        blas = None
    return "torch " + torch.__version__ + (" with " + blas if blas else "")


def measurement_line(mode, params, timing, loss_first=None, loss_last=None):
    """The contract's JSON object for one measurement, in its field order."""
    return {
        "stack": STACK, "mode": mode, "engine": engine(), "threads": torch.get_num_threads(),
        "params": params, "imgPerS": round(timing.img_per_s, 4),
        "windows": [round(r, 4) for r in timing.rates], "foreign": [round(f, 4) for f in timing.foreign],
        "stepMsP50": round(percentile(timing.latencies_ms, 50), 4),
        "stepMsP95": round(percentile(timing.latencies_ms, 95), 4),
        "timedSteps": len(timing.latencies_ms),
        "rssPeakMb": round(memory_mb("VmHWM"), 2), "rssStartMb": round(timing.rss_start_mb, 2),
        "rssEndMb": round(timing.rss_end_mb, 2), "heapMb": None,
        "lossFirst": None if loss_first is None else _finite(loss_first),
        "lossLast": None if loss_last is None else _finite(loss_last),
    }


def _emit(line):
    print(json.dumps(line), flush=True)


def set_threads(threads):
    """Intra-op threads as asked; one inter-op thread. Torch lets a process set the inter-op
    threads only once, before any inter-op work, and a second try aborts the process (torch 1.13)
    rather than raising: so they are set only when not 1 already."""
    if threads is not None:
        torch.set_num_threads(threads)
    if torch.get_num_interop_threads() != 1:
        torch.set_num_interop_threads(1)


def build(args):
    """The model as asked, with its fixed synthetic batch: inputs N(0, 1), labels uniform."""
    try:
        cls = vt.load_model_class(args.model)
        params = {}
        for item in args.param:
            name, eq, value = item.partition("=")
            if not eq or not name.strip():
                raise BenchError("--param takes NAME=VALUE, got '%s'" % item)
            params[name.strip()] = vt.parse_param(cls, name.strip(), value)
        torch.manual_seed(args.seed)
        model, label = vt.build_model(cls, args.variant, params)
    except vt.TrainError as e:
        raise BenchError(str(e)) from None
    classes = getattr(model, "num_classes", None)
    if not isinstance(classes, int) or classes < 1:
        raise BenchError("%s has no class count (num_classes); the benchmark trains a classifier" % label)
    data = torch.Generator().manual_seed(args.seed)
    x = torch.randn((args.batch,) + tuple(int(v) for v in model.input_shape), generator=data)
    y = torch.randint(0, classes, (args.batch,), generator=data)
    return model, x, y


def run(args):
    set_threads(args.threads)
    if args.matmul is not None:
        _emit({"stack": STACK, "mode": "matmul", "engine": engine(),
               "threads": torch.get_num_threads(), "n": args.matmul, "gflops": round(matmul_gflops(args.matmul), 2)})
        return
    model, x, y = build(args)
    params = sum(p.numel() for p in model.parameters())
    protocol = Protocol(args.warmup, args.warmup_s, args.windows, args.window_s, args.steps, args.quiet)
    for mode in (("train", "infer") if args.mode == "both" else (args.mode,)):
        step = train_step(model, x, y) if mode == "train" else infer_step(model, x)
        timing = measure(step, args.batch, protocol)
        if not timing.quiet:
            print("%s: warning: other processes kept over %d%% of the CPUs busy for the whole %g s quiet wait;"
                  " timing anyway" % (PROG, round(CLEAN * 100), args.quiet), file=sys.stderr, flush=True)
        if mode == "train":
            _emit(measurement_line(mode, params, timing, timing.first, step()))
        else:
            _emit(measurement_line(mode, params, timing))


def parser():
    p = argparse.ArgumentParser(
        prog=PROG, description="Times a generated vmodel PyTorch twin's training or inference steps on the CPU, or"
        " the CPU's matmul peak, and prints one JSON line per measurement.",
        epilog="Exit status: 0 done, 2 bad usage or a model that cannot be built, 1 a failure during the run.")
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("--model", metavar="MODULE:CLASS", help="the twin, e.g. com.example.models.gmlp:GMlp")
    what.add_argument("--matmul", type=int, metavar="N", help="time N x N fp32 matmuls instead of a model")
    p.add_argument("--variant", metavar="NAME", help="a variant of the spec (default: the spec's param defaults)")
    p.add_argument("--param", action="append", default=[], metavar="NAME=VALUE", help="overrides a model param")
    p.add_argument("--batch", type=int, metavar="N", help="images per step (required with --model)")
    p.add_argument("--mode", choices=("train", "infer", "both"), help="what to time (required with --model);"
                   " both: training, then inference")
    p.add_argument("--threads", type=int, metavar="N", help="torch intra-op threads (default: torch's)")
    p.add_argument("--seed", type=int, default=42, help="seeds the weights and the batch (default: 42)")
    d = Protocol()
    p.add_argument("--warmup", type=int, default=d.warmup, metavar="STEPS", help="least warm-up steps")
    p.add_argument("--warmup-s", type=float, default=d.warmup_s, metavar="SECONDS", help="least warm-up time")
    p.add_argument("--windows", type=int, default=d.windows, metavar="N", help="timed windows")
    p.add_argument("--window-s", type=float, default=d.window_s, metavar="SECONDS", help="about how long a window is")
    p.add_argument("--steps", type=int, default=d.steps, metavar="N", help="steps per window (0: fill --window-s)")
    p.add_argument("--quiet", type=float, default=d.quiet, metavar="SECONDS",
                   help="wait at most this long for a quiet machine before the windows (0: do not wait)")
    return p


def check(args):
    """The limits argparse cannot express."""
    if args.model is not None:
        if args.batch is None or args.mode is None:
            raise BenchError("--model needs --batch and --mode")
        if args.batch < 1:
            raise BenchError("--batch must be at least 1, got %d" % args.batch)
    elif args.matmul < 1:
        raise BenchError("--matmul must be at least 1, got %d" % args.matmul)
    if not -(1 << 63) <= args.seed < (1 << 63):
        raise BenchError("--seed must be a 64-bit whole number (as a Java long), got %d" % args.seed)
    if args.threads is not None and args.threads < 1:
        raise BenchError("--threads must be at least 1, got %d" % args.threads)
    for name, value, least in (("--warmup", args.warmup, 1), ("--windows", args.windows, 1),
                               ("--steps", args.steps, 0)):
        if value < least:
            raise BenchError("%s must be at least %d, got %d" % (name, least, value))
    for name, value in (("--warmup-s", args.warmup_s), ("--window-s", args.window_s), ("--quiet", args.quiet)):
        if not math.isfinite(value) or value < 0:
            raise BenchError("%s must be a number of at least 0, got %g" % (name, value))
    if args.window_s == 0 and args.steps == 0:
        raise BenchError("--window-s must be above 0 unless --steps is given")


def main(argv=None):
    p = parser()

    def usage_error(message):
        raise BenchError(message)

    p.error = usage_error  # one line and status 2, instead of argparse's usage text
    try:
        args = p.parse_args(argv)
        check(args)
        run(args)
        return 0
    except BenchError as e:
        print("%s: %s" % (PROG, e), file=sys.stderr, flush=True)
        return USAGE
    except KeyboardInterrupt:
        print("%s: interrupted" % PROG, file=sys.stderr, flush=True)
        return INTERRUPTED
    except Exception as e:  # noqa: BLE001 - one line instead of a trace
        text = str(e).strip()
        first = text.splitlines()[0] if text else ""
        print("%s: failed: %s: %s (set VMODEL_DEBUG=1 for the trace)" % (PROG, type(e).__name__, first),
              file=sys.stderr, flush=True)
        if os.environ.get("VMODEL_DEBUG"):
            raise
        return FAILED


if __name__ == "__main__":
    sys.exit(main())
