"""The benchmark runner (vmodel_bench): real runs on a tiny model laid out as a generated package,
its JSON lines checked against the benchmark contract; bad input refused with one line and status 2;
and its CPU accounting, percentiles and quiet wait on fake /proc texts and clocks."""

import json
import math
import os
import shutil
import subprocess
import time

import pytest
import torch

import train_fixtures as tf  # puts the library's folder on sys.path
import vmodel_bench as vb

# The contract's fields of a measurement line, in its order.
MEASUREMENT_KEYS = ["stack", "mode", "engine", "threads", "params", "imgPerS", "windows", "foreign", "stepMsP50",
                    "stepMsP95", "timedSteps", "rssPeakMb", "rssStartMb", "rssEndMb", "heapMb", "lossFirst",
                    "lossLast"]
QUICK = ["--warmup-s", "0.2", "--window-s", "0.1", "--quiet", "0", "--threads", "1"]


@pytest.fixture(scope="module")
def package(tmp_path_factory):
    """A folder holding the package `twin`: the tiny model next to the library, as the generator
    lays out a twin, so that the runner is started as `python3 -m twin.vmodel_bench`."""
    root = tmp_path_factory.mktemp("bench")
    pkg = root / "twin"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    tf.write_model_module(str(pkg))
    for name in ("vmodel_runtime.py", "vmodel_train.py", "vmodel_bench.py"):
        shutil.copy(os.path.join(tf.PYTHON_DIR, name), str(pkg / name))
    return str(root)


def bench(package, *args):
    env = dict(os.environ)
    env["PYTHONPATH"] = package
    env["OMP_NUM_THREADS"] = "1"
    return subprocess.run([tf.PYTHON, "-m", "twin.vmodel_bench"] + list(args), cwd=package, env=env,
                          capture_output=True, text=True, timeout=60)


def json_lines(stdout):
    return [json.loads(line) for line in stdout.splitlines() if line.startswith("{")]


def tiny_params():
    import tinynet

    model = tinynet.TinyNet.small()
    return sum(p.numel() for p in model.parameters())


# -- real runs ------------------------------------------------------------------------------------


def test_both_modes_print_a_training_line_then_an_inference_line_as_the_contract_has_them(package, monkeypatch):
    r = bench(package, "--model", "twin.tinynet:TinyNet", "--variant", "small", "--batch", "8", "--mode", "both",
              "--windows", "3", *QUICK)
    assert r.returncode == 0, r.stderr
    lines = json_lines(r.stdout)
    assert [line["mode"] for line in lines] == ["train", "infer"]
    monkeypatch.syspath_prepend(os.path.join(package, "twin"))
    params = tiny_params()
    for line in lines:
        assert list(line) == MEASUREMENT_KEYS
        assert (line["stack"], line["threads"]) == ("pytorch", 1)
        assert line["engine"] == vb.engine() and line["engine"].startswith("torch " + torch.__version__)
        assert line["params"] == params == 8 * 64 + 8 + 4 * 8 + 4  # the variant's hidden width is 8
        assert len(line["windows"]) == len(line["foreign"]) == 3
        assert all(w > 0 for w in line["windows"]) and all(0 <= f <= 1 for f in line["foreign"])
        assert line["imgPerS"] > 0 and min(line["windows"]) <= line["imgPerS"] <= max(line["windows"])
        assert line["timedSteps"] >= 3 and line["timedSteps"] % 3 == 0
        assert 0 < line["stepMsP50"] <= line["stepMsP95"]
        assert 0 < line["rssStartMb"] <= line["rssPeakMb"] and 0 < line["rssEndMb"] <= line["rssPeakMb"]
        assert line["heapMb"] is None
    train, infer = lines
    # The fixed batch is memorised: the loss after the windows is well below the first step's.
    assert math.isfinite(train["lossFirst"]) and math.isfinite(train["lossLast"])
    assert train["lossLast"] < train["lossFirst"]
    assert infer["lossFirst"] is None and infer["lossLast"] is None


def test_the_engine_names_the_blas_library_the_process_mapped():
    def maps(*paths):
        return "".join(f"7f0000000000-7f0000001000 r-xp 00000000 08:01 {1000 + i} {p}\n" for i, p in enumerate(paths))

    libc = "/usr/lib/x86_64-linux-gnu/libc.so.6"
    assert vb.blas_library(maps(libc, "/usr/lib/x86_64-linux-gnu/openblas-openmp/libopenblasp-r0.3.21.so")) \
        == "OpenBLAS (OpenMP)"
    assert vb.blas_library(maps("/usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblasp-r0.3.21.so", libc)) \
        == "OpenBLAS (pthreads)"
    assert vb.blas_library(maps("/opt/lib/libopenblas.so.0")) == "OpenBLAS"
    assert vb.blas_library(maps("/opt/intel/lib/libmkl_rt.so.2")) == "MKL"
    # anonymous mappings have five fields; a wheel's libtorch holds MKL inside
    assert vb.blas_library("7f0000000000-7f0000001000 rw-p 00000000 00:00 0\n" + maps(libc)) is None


def test_steps_fixes_the_steps_of_every_window(package):
    r = bench(package, "--model", "twin.tinynet:TinyNet", "--batch", "4", "--mode", "infer", "--windows", "2",
              "--steps", "7", *QUICK)
    assert r.returncode == 0, r.stderr
    (line,) = json_lines(r.stdout)
    assert line["mode"] == "infer" and line["timedSteps"] == 14 and len(line["windows"]) == 2


def test_matmul_prints_the_peak_line_after_multiplying_for_its_seconds(package):
    start = time.monotonic()
    r = bench(package, "--matmul", "128", "--threads", "1")
    assert r.returncode == 0, r.stderr
    # a 128^3 product takes microseconds: the best is taken over MATMUL_SECONDS all the same
    assert time.monotonic() - start >= vb.MATMUL_SECONDS
    (line,) = json_lines(r.stdout)
    assert list(line) == ["stack", "mode", "engine", "threads", "n", "gflops"]
    assert (line["stack"], line["mode"], line["threads"], line["n"]) == ("pytorch", "matmul", 1, 128)
    assert line["gflops"] > 0


def test_an_unknown_variant_exits_2_with_one_line_and_no_trace(package):
    r = bench(package, "--model", "twin.tinynet:TinyNet", "--variant", "huge", "--batch", "8", "--mode", "train")
    assert r.returncode == 2
    assert r.stdout == ""
    assert r.stderr.splitlines() == ["vmodel_bench: TinyNet has no variant 'huge'; its variants: small"]


# -- bad input, in process ------------------------------------------------------------------------


@pytest.mark.parametrize("args, message", [
    (["--model", "tinynet:TinyNet", "--param", "hidden=wide"],
     "bad value 'wide' for param 'hidden' (expects a whole number)"),
    (["--model", "tinynet:TinyNet", "--param", "hidden"], "--param takes NAME=VALUE, got 'hidden'"),
    (["--model", "tinynet:TinyNet", "--param", "depth=3"], "unknown param 'depth' of TinyNet; known: hidden,"),
    (["--model", "tinynet:NoSuchNet"], "--model tinynet:NoSuchNet: module tinynet has no class NoSuchNet"),
    (["--model", "nosuchmodule:Net"], "--model nosuchmodule:Net: cannot import nosuchmodule"),
    (["--model", "tinynet"], "--model takes MODULE:CLASS"),
    (["--model", "tinynet:TinyNet", "--batch", "0"], "--batch must be at least 1, got 0"),
    (["--model", "tinynet:TinyNet", "--windows", "-1"], "--windows must be at least 1, got -1"),
    (["--model", "tinynet:TinyNet", "--steps", "-2"], "--steps must be at least 0, got -2"),
    (["--model", "tinynet:TinyNet", "--warmup-s", "-5"], "--warmup-s must be a number of at least 0, got -5"),
    (["--model", "tinynet:TinyNet", "--quiet", "nan"], "--quiet must be a number of at least 0, got nan"),
    (["--model", "tinynet:TinyNet", "--seed", str(1 << 63)], "--seed must be a 64-bit whole number"),
    (["--model", "tinynet:TinyNet", "--threads", "0"], "--threads must be at least 1, got 0"),
    (["--model", "tinynet:TinyNet", "--window-s", "0"], "--window-s must be above 0 unless --steps is given"),
    (["--model", "tinynet:TinyNet", "--mode", "fly"], "argument --mode: invalid choice: 'fly'"),
    (["--model", "tinynet:TinyNet", "--matmul", "64"], "argument --matmul: not allowed with argument --model"),
    (["--batch", "8"], "one of the arguments --model --matmul is required"),
    (["--matmul", "0"], "--matmul must be at least 1, got 0"),
])
def test_bad_input_is_refused_with_one_line_and_status_2(args, message, tmp_path, monkeypatch, capsys):
    tf.write_model_module(str(tmp_path))
    monkeypatch.syspath_prepend(str(tmp_path))
    if "--model" in args and "--batch" not in args and "--matmul" not in args:
        args = args + ["--batch", "8"]
    if "--model" in args and "--mode" not in args:
        args = args + ["--mode", "train"]
    assert vb.main(args) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert len(err.splitlines()) == 1 and err.startswith("vmodel_bench: " + message)


def test_model_without_batch_or_mode_is_refused(capsys):
    assert vb.main(["--model", "tinynet:TinyNet", "--mode", "train"]) == 2
    assert capsys.readouterr().err == "vmodel_bench: --model needs --batch and --mode\n"


def test_a_failure_during_the_run_exits_1_with_one_line(tmp_path, monkeypatch, capsys):
    tf.write_model_module(str(tmp_path))
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delenv("VMODEL_DEBUG", raising=False)
    # The model's forward sleeps `delay` seconds: a negative delay fails in the first step.
    assert vb.main(["--model", "tinynet:TinyNet", "--param", "delay=-1", "--batch", "2", "--mode", "infer"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.splitlines() == ["vmodel_bench: failed: ValueError: sleep length must be non-negative"
                                " (set VMODEL_DEBUG=1 for the trace)"]


# -- the parts -------------------------------------------------------------------------------------

PROC_STAT = ("cpu  100 20 30 400 50 6 4 0 0 0\n"
             "cpu0 50 10 15 200 25 3 2 0 0 0\n"
             "intr 12345\n")
# The command name holds a space and a parenthesis; utime 7 and stime 3 are fields 14 and 15.
SELF_STAT = "4242 (py (x) thon) R 1 2 3 4 5 6 7 8 9 10 7 3 0 0 20 0 1 0 100 200 300\n"


def test_cpu_jiffies_are_read_from_the_cpu_line_and_the_process_s_utime_and_stime():
    sample = vb.parse_cpu(PROC_STAT, SELF_STAT)
    # total = 100+20+30+400+50+6+4 = 610; busy = total - idle (400) - iowait (50) = 160.
    assert sample == vb.CpuSample(total=610, busy=160, own=10)


def test_foreign_share_is_the_others_busy_jiffies_over_all_jiffies():
    before = vb.CpuSample(total=1000, busy=300, own=50)
    # 400 jiffies passed on all CPUs, 260 of them busy, 100 of those this process's own.
    after = vb.CpuSample(total=1400, busy=560, own=150)
    assert vb.foreign_share(before, after) == pytest.approx(160 / 400)
    # Nothing passed, or this process accounts for more than the counted busy time: no share.
    assert vb.foreign_share(before, before) == 0.0
    assert vb.foreign_share(before, vb.CpuSample(total=1400, busy=310, own=150)) == 0.0


def test_memory_fields_are_read_in_mib():
    status = "Name:\tpython3\nVmHWM:\t  204800 kB\nVmRSS:\t  102912 kB\n"
    assert vb.parse_status_mb(status, "VmRSS") == 100.5
    assert vb.parse_status_mb(status, "VmHWM") == 200.0
    with pytest.raises(ValueError, match="no VmSwap"):
        vb.parse_status_mb(status, "VmSwap")


def test_percentiles_are_nearest_rank():
    values = [float(v) for v in range(20, 0, -1)]  # 1..20, out of order
    assert vb.percentile(values, 50) == 10.0
    assert vb.percentile(values, 95) == 19.0
    assert vb.percentile([3.0], 95) == 3.0
    assert vb.percentile([1.0, 2.0, 3.0], 50) == 2.0


def test_the_rate_is_the_median_of_the_clean_windows_or_of_all_when_none_is_clean():
    def timing(rates, foreign):
        return vb.Timing(None, 1, rates, foreign, [1.0], 1.0, 1.0, True)

    assert timing([10.0, 50.0, 20.0, 30.0], [0.0, 0.5, 0.05, 0.09]).img_per_s == 20.0
    assert timing([10.0, 50.0, 20.0], [0.2, 0.5, 0.1]).img_per_s == 20.0


class FakeMachine:
    """A clock and a /proc that other processes load with the given shares, one per spell."""

    def __init__(self, shares):
        self.shares = list(shares)
        self.now = 0.0
        self.total = self.busy = 0

    def sample(self):
        return vb.CpuSample(self.total, self.busy, 0)

    def sleep(self, seconds):
        self.now += seconds
        share = self.shares.pop(0)
        self.total += 1000
        self.busy += int(1000 * share)

    def clock(self):
        return self.now


def test_the_quiet_wait_ends_at_the_first_quiet_spell():
    m = FakeMachine([0.5, 0.3, 0.05, 0.5])
    assert vb.wait_quiet(60, m.sample, m.sleep, m.clock) is True
    assert m.now == 3 * vb.QUIET_SPELL_S


def test_the_quiet_wait_gives_up_after_its_limit():
    m = FakeMachine([0.5] * 10)
    assert vb.wait_quiet(5, m.sample, m.sleep, m.clock) is False
    assert m.now == 6.0  # spells of 2 s until the 5 s have passed
    assert vb.wait_quiet(0, m.sample, m.sleep, m.clock) is True and m.now == 6.0
