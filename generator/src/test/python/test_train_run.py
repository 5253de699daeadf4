"""The trainer as a command, on one process: it learns, writes its run folder, stops cleanly on a
signal and resumes, and refuses bad input with one line and status 2."""

import json
import os
import signal
import subprocess
import time

import train_fixtures as tf
import vmodel_runtime as vr
import vmodel_train as vt


def _data(tmp_path, count=256):
    images, labels = tf.easy_images(count)
    tf.write_idx(str(tmp_path / "data"), images, labels, 8)
    return str(tmp_path / "data")


def test_a_single_process_learns_the_easy_set_and_writes_its_run_folder(tmp_path):
    model = tf.write_model_module(str(tmp_path))
    data = _data(tmp_path)
    out = str(tmp_path / "run")
    r = tf.run_trainer(["--model", model, "--variant", "small", "--data", data, "--output", out,
                        "--set", "epochs=3", "--threads", "1"], str(tmp_path))
    assert r.returncode == 0, r.stderr
    assert "training TinyNet.small (" in r.stdout and "192 train, 64 validation" in r.stdout
    rows = tf.read_metrics(out)
    assert [row["epoch"] for row in rows] == [1, 2, 3]
    assert [row["step"] for row in rows] == [12, 24, 36]  # 192 images in global batches of 16
    assert list(rows[0]) == list(vt.METRIC_KEYS)
    # Four classes: chance is 25% top-1; the bands are easy, so the model is nearly always right.
    assert rows[-1]["top1"] >= 0.95
    assert rows[-1]["train_loss"] < rows[0]["train_loss"] / 5
    # The lr after the last step of epoch 1: warm-up over epoch 1 (12 steps) from 0.001 to 0.01.
    assert rows[0]["lr"] == 0.001 + (0.01 - 0.001) * 11 / 12
    with open(os.path.join(out, "model.safetensors"), "rb") as f:
        weights, meta = vr.load_safetensors_bytes(f.read(), "model")
    assert sorted(weights) == ["fc1.bias", "fc1.weight", "fc2.bias", "fc2.weight"]
    assert weights["fc1.weight"].shape == (8, 64)  # the variant's hidden width
    assert meta["format"] == "pt" and meta["variant"] == "small"
    with open(os.path.join(out, "checkpoint.safetensors"), "rb") as f:
        ckpt, meta = vr.load_safetensors_bytes(f.read(), "checkpoint")
    assert meta["format"] == "vmodel-checkpoint-1"
    assert (meta["epoch"], meta["step_in_epoch"], meta["global_step"]) == ("3", "0", "36")
    assert json.loads(meta["recipe"])["epochs"] == 3
    assert "optim/fc1.weight/exp_avg" in ckpt and "model/fc2.bias" in ckpt
    # A second start in the same folder refuses to overwrite the run.
    again = tf.run_trainer(["--model", model, "--data", data, "--output", out], str(tmp_path))
    assert again.returncode == 2
    assert again.stderr.strip().splitlines() == [
        "vmodel_train: %s already holds a run (checkpoint.safetensors); pass --resume to continue it, or choose"
        " another --output" % out]


def test_sigint_writes_a_checkpoint_at_the_next_step_and_resume_finishes_the_run(tmp_path):
    model = tf.write_model_module(str(tmp_path))
    data = _data(tmp_path)
    out = str(tmp_path / "run")
    args = ["--model", model, "--data", data, "--output", out, "--param", "delay=0.05", "--threads", "1"]
    p = subprocess.Popen(tf.trainer_command(args), env=tf.env_for(str(tmp_path)), stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
    try:
        # 48 steps of at least 50 ms: interrupt once the first line is out and steps are under way.
        assert p.stdout.readline().startswith("training TinyNet")
        time.sleep(0.5)
        p.send_signal(signal.SIGINT)
        _, err = p.communicate(timeout=30)
    finally:
        p.kill()
    assert p.returncode == 130, err
    line = err.strip().splitlines()[-1]
    assert line.startswith("vmodel_train: interrupted at epoch 1 step ") and line.endswith("continue with --resume")
    with open(os.path.join(out, "checkpoint.safetensors"), "rb") as f:
        _, meta = vr.load_safetensors_bytes(f.read(), "checkpoint")
    stopped = int(meta["global_step"])
    assert 1 <= stopped < 48 and int(meta["epoch_steps"]) == stopped
    r = tf.run_trainer(args[:-4] + ["--resume", "--param", "delay=0.05"], str(tmp_path))
    assert r.returncode == 0, r.stderr
    assert "resuming at epoch 1 step %d" % stopped in r.stdout
    rows = tf.read_metrics(out)
    assert [row["step"] for row in rows] == [12, 24, 36, 48]
    # The interrupted run and its resumption take the uninterrupted run's steps.
    whole = str(tmp_path / "whole")
    r = tf.run_trainer(["--model", model, "--data", data, "--output", whole, "--threads", "1"], str(tmp_path))
    assert r.returncode == 0, r.stderr
    for a, b in zip(rows, tf.read_metrics(whole)):
        assert abs(a["train_loss"] - b["train_loss"]) <= 1e-6 * abs(b["train_loss"]), (a, b)


def _one_line_error(tmp_path, args):
    model = tf.write_model_module(str(tmp_path))
    r = tf.run_trainer(["--model", model] + args + ["--output", str(tmp_path / "run")], str(tmp_path))
    lines = r.stderr.strip().splitlines()
    assert r.returncode == 2 and len(lines) == 1, r.stderr
    return lines[0]


def test_missing_data_is_one_line_and_status_2(tmp_path):
    missing = str(tmp_path / "nowhere")
    assert _one_line_error(tmp_path, ["--data", missing]) == "vmodel_train: %s: no such file or directory" % missing


def test_an_unknown_recipe_setting_is_one_line_and_status_2(tmp_path):
    line = _one_line_error(tmp_path, ["--data", _data(tmp_path, 16), "--set", "lrr=0.1"])
    assert line.startswith("vmodel_train: unknown recipe setting 'lrr'; known: optimizer, lr, minLr, warmupLr")


def test_other_bad_inputs_are_one_line_each(tmp_path):
    data = _data(tmp_path, 16)
    assert _one_line_error(tmp_path, ["--data", data, "--variant", "huge"]) == (
        "vmodel_train: TinyNet has no variant 'huge'; its variants: small")
    assert _one_line_error(tmp_path, ["--data", data, "--param", "depth=2"]) == (
        "vmodel_train: unknown param 'depth' of TinyNet; known: hidden, num_classes, side, delay")
    assert _one_line_error(tmp_path, ["--data", data, "--set", "batch=32"]) == (
        "vmodel_train: batch 32 is larger than the 12 training images; lower it (--set batch=N)")
    assert "argument --format: invalid choice: 'tiff'" in _one_line_error(tmp_path, ["--format", "tiff"])
