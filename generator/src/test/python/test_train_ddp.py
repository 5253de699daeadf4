"""The trainer under torchrun (2 CPU ranks, gloo over loopback): the same steps as one process with
the same global batch, and a rank killed half-way fails the job quickly, with a line that says so,
and the run resumes from its last checkpoint."""

import os
import signal
import subprocess
import time

import pytest

import train_fixtures as tf
import vmodel_runtime as vr
import vmodel_train as vt

# DDP averages the 2 ranks' gradients of their halves of each global batch; one process takes the
# gradient of the whole batch. The two differ only in float32 rounding (measured: 4e-9 to 4e-8
# relative on the per-epoch train losses of TinyNet), so 1e-5 relative leaves a wide margin and
# still fails for any real difference (a batch taken in another order, a step skipped, a wrong lr).
TOLERANCE = 1e-5


def _data(tmp_path):
    images, labels = tf.easy_images(256)
    tf.write_idx(str(tmp_path / "data"), images, labels, 8)
    return str(tmp_path / "data")


# Each image's augmentation draws from a stream seeded by its place in the epoch's global order, so
# the ranks augment their images as one process does: augmentation, label smoothing and gradient
# clipping keep the runs together too (mixup/cutmix, which mix within a rank's part, would not).
AUGMENTED = ["--set", "hflip=true", "--set", "cropPadding=1", "--set", "randomResizedCrop=true",
             "--set", "minScale=0.5", "--set", "labelSmoothing=0.1", "--set", "clipGrad=1"]


@pytest.mark.parametrize("recipe", [[], AUGMENTED], ids=["plain", "augmented"])
def test_two_ranks_take_the_steps_of_one_process_with_the_same_global_batch(tmp_path, recipe):
    model = tf.write_model_module(str(tmp_path))
    data = _data(tmp_path)
    common = ["--model", model, "--data", data, "--set", "epochs=3", "--set", "batch=16", "--threads", "1"] + recipe
    one = tf.run_trainer(common + ["--output", str(tmp_path / "one")], str(tmp_path))
    assert one.returncode == 0, one.stderr
    two = tf.run_trainer(common + ["--output", str(tmp_path / "two")], str(tmp_path), ranks=2)
    assert two.returncode == 0, two.stdout + two.stderr
    assert "batch 16 (8 per rank x 2 ranks)" in two.stdout
    # Only rank 0 reports.
    assert two.stdout.count("final: top-1") == 1
    a, b = tf.read_metrics(str(tmp_path / "one")), tf.read_metrics(str(tmp_path / "two"))
    assert [r["step"] for r in a] == [r["step"] for r in b] == [12, 24, 36]
    for x, y in zip(a, b):
        assert abs(x["train_loss"] - y["train_loss"]) <= TOLERANCE * abs(x["train_loss"]), (x, y)
        assert abs(x["val_loss"] - y["val_loss"]) <= TOLERANCE * abs(x["val_loss"]) + 1e-9, (x, y)
        assert x["top1"] == y["top1"] and x["lr"] == y["lr"]


def test_a_global_batch_that_does_not_split_over_the_ranks_is_refused(tmp_path):
    model = tf.write_model_module(str(tmp_path))
    r = tf.run_trainer(["--model", model, "--data", _data(tmp_path), "--set", "batch=15",
                        "--output", str(tmp_path / "run")], str(tmp_path), ranks=2)
    assert r.returncode != 0
    assert ("vmodel_train: the global batch 15 does not split evenly over 2 ranks; choose a batch that is a multiple"
            " of 2 (--set batch=N)") in r.stderr


def _workers(parent):
    """The pids of torchrun's worker processes, by rank."""
    ranks = {}
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open("/proc/%s/status" % pid) as f:
                ppid = next(int(line.split()[1]) for line in f if line.startswith("PPid:"))
            if ppid != parent:
                continue
            with open("/proc/%s/environ" % pid, "rb") as f:
                env = dict(item.split(b"=", 1) for item in f.read().split(b"\0") if b"=" in item)
        except (OSError, StopIteration):
            continue
        if b"RANK" in env:
            ranks[int(env[b"RANK"])] = int(pid)
    return ranks


def test_a_killed_rank_fails_the_job_with_a_clear_line_and_resume_completes(tmp_path):
    model = tf.write_model_module(str(tmp_path))
    data = _data(tmp_path)
    out = str(tmp_path / "run")
    # 48 steps of at least 50 ms each, a checkpoint every 5 steps.
    args = ["--model", model, "--data", data, "--output", out, "--param", "delay=0.05", "--checkpoint-every", "5",
            "--threads", "1", "--dist-timeout", "20"]
    job = subprocess.Popen(tf.trainer_command(args, ranks=2), env=tf.env_for(str(tmp_path)),
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    checkpoint = os.path.join(out, "checkpoint.safetensors")
    try:
        deadline = time.time() + 60
        while not os.path.exists(checkpoint) and time.time() < deadline and job.poll() is None:
            time.sleep(0.05)
        assert os.path.exists(checkpoint), "no checkpoint within 60 s"
        workers = _workers(job.pid)
        assert sorted(workers) == [0, 1]
        os.kill(workers[1], signal.SIGKILL)
        killed = time.time()
        out_text, err_text = job.communicate(timeout=60)
        took = time.time() - killed
    finally:
        job.kill()
    assert job.returncode != 0
    assert took < 30, "the job took %.1f s to fail after the kill" % took
    # Rank 0 says what happened, and torchrun names the killed worker.
    assert "vmodel_train: rank 0: lost contact with the other ranks" in err_text, err_text
    assert "continue with --resume" in err_text
    assert "Signal 9 (SIGKILL)" in out_text + err_text
    with open(checkpoint, "rb") as f:
        _, meta = vr.load_safetensors_bytes(f.read(), checkpoint)
    saved = int(meta["global_step"])
    assert saved % 5 == 0 and 5 <= saved < 48, meta

    resumed = tf.run_trainer(args + ["--resume"], str(tmp_path), ranks=2)
    assert resumed.returncode == 0, resumed.stdout + resumed.stderr
    assert "resuming at epoch %d step %d" % (saved // 12 + 1, saved % 12) in resumed.stdout
    rows = tf.read_metrics(out)
    assert [r["epoch"] for r in rows] == [1, 2, 3, 4] and rows[-1]["step"] == 48
    assert os.path.exists(os.path.join(out, "model.safetensors"))
    # The same steps as a run never interrupted, on one process.
    whole = str(tmp_path / "whole")
    r = tf.run_trainer(["--model", model, "--data", data, "--output", whole, "--threads", "1"], str(tmp_path))
    assert r.returncode == 0, r.stderr
    for x, y in zip(rows, tf.read_metrics(whole)):
        assert abs(x["train_loss"] - y["train_loss"]) <= TOLERANCE * abs(y["train_loss"]), (x, y)
