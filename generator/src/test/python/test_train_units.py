"""The trainer's parts, in process: recipe, schedule, weight decay, seeds, PNG, safetensors, batches
and the dataset readers, each against values worked out by hand or by a second, plain computation."""

import math
import struct
import zlib

import pytest
import torch

import train_fixtures as tf  # puts the trainer's folder on sys.path
import vmodel_train as vt


# -- recipe -------------------------------------------------------------------------------------


def test_a_setting_is_parsed_and_checked_as_the_language_does():
    assert vt.parse_setting("lr", "5e-4") == 5e-4
    assert vt.parse_setting("epochs", "10") == 10
    assert vt.parse_setting("nesterov", "TRUE") is True
    assert vt.parse_setting("dataset", "fashionmnist") == "fashionMnist"
    with pytest.raises(vt.TrainError, match=r"^unknown recipe setting 'lrr'; known: optimizer, lr, minLr"):
        vt.parse_setting("lrr", "1")
    with pytest.raises(vt.TrainError, match=r"bad value '-1' for recipe setting 'lr' \(expects a positive number\)"):
        vt.parse_setting("lr", "-1")
    with pytest.raises(vt.TrainError, match=r"bad value '2.5' for recipe setting 'epochs'"):
        vt.parse_setting("epochs", "2.5")
    with pytest.raises(vt.TrainError, match=r"bad value 'nan'"):
        vt.parse_setting("lr", "nan")


def test_the_recipe_takes_the_model_s_settings_then_the_overrides_then_checks_relations():
    r = vt.make_recipe({"lr": 0.01, "epochs": 4}, [("epochs", "2"), ("warmupEpochs", "1")])
    assert (r["lr"], r["epochs"], r["warmupEpochs"], r["batch"]) == (0.01, 2, 1, 128)
    assert len(r) == 28
    with pytest.raises(vt.TrainError, match=r"warmupEpochs \(5\) must be less than epochs \(2\)"):
        vt.make_recipe({}, [("epochs", "2")])
    with pytest.raises(vt.TrainError, match=r"minLr \(0.5\) must be at most lr \(0.1\)"):
        vt.make_recipe({}, [("lr", "0.1"), ("minLr", "0.5")])


# -- schedule and weight decay ---------------------------------------------------------------------


def test_cosine_warms_up_linearly_then_follows_the_half_cosine_to_min_lr():
    s = vt.LrSchedule("cosine", 1.0, 0.1, 0.0, 2, 6, 1, 1.0)
    # Warm-up 0 -> 1 over 2 steps; then t = step - 2 of T = 4: 0.1 + 0.45 * (1 + cos(pi t / 4)).
    assert [s.at(i) for i in range(3)] == [0.0, 0.5, 1.0]
    assert s.at(3) == pytest.approx(0.1 + 0.45 * (1 + math.sqrt(0.5)))
    assert s.at(4) == pytest.approx(0.55)
    assert s.at(6) == 0.1 and s.at(100) == 0.1


def test_linear_step_and_constant_schedules():
    lin = vt.LrSchedule("linear", 1.0, 0.2, 0.0, 0, 4, 1, 1.0)
    assert [lin.at(i) for i in range(6)] == pytest.approx([1.0, 0.8, 0.6, 0.4, 0.2, 0.2])
    step = vt.LrSchedule("step", 1.0, 0.2, 0.0, 0, 100, 2, 0.5)
    assert [step.at(i) for i in range(7)] == [1.0, 1.0, 0.5, 0.5, 0.25, 0.25, 0.2]
    assert vt.LrSchedule("constant", 0.3, 0.0, 0.0, 0, 0, 1, 1.0).at(1000) == 0.3


def test_weight_decay_skips_vectors_biases_position_embeddings_and_class_tokens():
    assert vt.decays("blocks.0.attn.qkv.weight", (6, 2))
    assert not vt.decays("blocks.0.norm.weight", (2,))
    assert not vt.decays("head.bias", (2, 2))
    assert not vt.decays("pos_embed.pos_embedding", (1, 4, 2))
    assert not vt.decays("cls_token", (1, 1, 2))
    assert not vt.decays("enc.learned_position_embedding", (4, 2))
    assert not vt.decays("gamma", ())


def test_the_optimizer_groups_follow_the_decay_rule():
    class Net(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.fc = torch.nn.Linear(3, 2)
            self.cls_token = torch.nn.Parameter(torch.zeros(1, 1, 3))

    recipe = vt.make_recipe({"weightDecay": 0.05}, [])
    opt, names = vt.make_optimizer(Net(), recipe)
    assert isinstance(opt, torch.optim.AdamW)
    assert names == ["fc.weight", "cls_token", "fc.bias"]  # decayed first, then the rest
    assert [g["weight_decay"] for g in opt.param_groups] == [0.05, 0.0]
    assert [len(g["params"]) for g in opt.param_groups] == [1, 2]
    sgd, _ = vt.make_optimizer(Net(), vt.make_recipe({}, [("optimizer", "sgd"), ("nesterov", "true")]))
    assert isinstance(sgd, torch.optim.SGD) and sgd.defaults["nesterov"] and sgd.defaults["momentum"] == 0.9


# -- seeds ------------------------------------------------------------------------------------------


def test_mix_is_splitmix64s_finaliser():
    # SplitMix64's first two outputs for the seed 0 (the reference values of the algorithm).
    assert vt.mix(0, 0) == 0xE220A8397B1DCDAF
    assert vt.mix(0, 1) == 0x6E789E6AA1B965F4


# -- PNG --------------------------------------------------------------------------------------------


def _png(width, height, color, rows, filters, palette=None):
    """A PNG written by hand: each row filtered with its filter type by the forward definitions."""
    bpp = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}[color]
    raw = bytearray()
    prev = bytes(width * bpp)
    for row, ftype in zip(rows, filters):
        out = bytearray()
        for i, v in enumerate(row):
            a = row[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if ftype == 0:
                pred = 0
            elif ftype == 1:
                pred = a
            elif ftype == 2:
                pred = b
            elif ftype == 3:
                pred = (a + b) // 2
            else:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
            out.append((v - pred) % 256)
        raw += bytes([ftype]) + out
        prev = bytes(row)

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    body = chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, color, 0, 0, 0))
    if palette:
        body += chunk(b"PLTE", palette)
    return vt._PNG_SIGNATURE + body + chunk(b"IDAT", zlib.compress(bytes(raw))) + chunk(b"IEND", b"")


def test_png_rows_of_every_filter_decode_to_their_pixels(tmp_path):
    rows = [[(x * 37 + y * 91 + c * 13) % 256 for x in range(5) for c in range(3)] for y in range(5)]
    path = tmp_path / "rgb.png"
    path.write_bytes(_png(5, 5, 2, rows, [0, 1, 2, 3, 4]))
    pixels = vt.read_png(str(path))
    assert pixels.shape == (3, 5, 5)
    for y in range(5):
        for x in range(5):
            assert [int(pixels[c, y, x]) for c in range(3)] == rows[y][x * 3:x * 3 + 3]


def test_png_gray_alpha_rgba_and_palette_drop_alpha(tmp_path):
    ga = tmp_path / "ga.png"
    ga.write_bytes(_png(2, 1, 4, [[10, 255, 20, 0]], [4]))
    assert vt.read_png(str(ga)).tolist() == [[[10, 20]]]
    rgba = tmp_path / "rgba.png"
    rgba.write_bytes(_png(1, 2, 6, [[1, 2, 3, 9], [4, 5, 6, 9]], [0, 2]))
    assert vt.read_png(str(rgba)).tolist() == [[[1], [4]], [[2], [5]], [[3], [6]]]
    pal = tmp_path / "pal.png"
    pal.write_bytes(_png(2, 1, 3, [[1, 0]], [0], palette=bytes([7, 8, 9, 70, 80, 90])))
    assert vt.read_png(str(pal)).tolist() == [[[70, 7]], [[80, 8]], [[90, 9]]]


def test_png_that_the_twin_cannot_read_is_named(tmp_path):
    bad = tmp_path / "x.png"
    bad.write_bytes(b"GIF89a....")
    with pytest.raises(vt.TrainError, match=r"x\.png: not a PNG image"):
        vt.read_png(str(bad))
    deep = tmp_path / "deep.png"
    deep.write_bytes(_png(1, 1, 0, [[0]], [0]).replace(struct.pack(">IIBB", 1, 1, 8, 0), struct.pack(">IIBB", 1, 1, 16, 0)))
    with pytest.raises(vt.TrainError, match=r"deep\.png: a PNG of bit depth 16"):
        vt.read_png(str(deep))


def test_a_folder_of_pngs_is_read_as_classes_and_jpeg_is_refused(tmp_path):
    for k, name in enumerate(["cat", "dog"]):
        (tmp_path / "train" / name).mkdir(parents=True)
        (tmp_path / "val" / name).mkdir(parents=True)
        for i in range(3):
            (tmp_path / "train" / name / ("%d.png" % i)).write_bytes(_png(4, 4, 0, [[100 * k + i] * 4] * 4, [0] * 4))
        (tmp_path / "val" / name / "v.png").write_bytes(_png(4, 4, 0, [[100 * k] * 4] * 4, [0] * 4))
    data = vt.open_data(str(tmp_path), None, (1, 2, 2), False, 0.0, 1, 0, 0)
    assert data.format == "folder" and data.train.class_names == ["cat", "dog"]
    assert data.train.labels.tolist() == [0, 0, 0, 1, 1, 1]
    # A uniform image stays uniform when shrunk.
    assert data.train.images[4].flatten().tolist() == [101] * 4
    assert len(data.validation) == 2
    with pytest.raises(vt.TrainError, match=r"the images have 1 channel but the model takes 3; pass --gray-to-rgb"):
        vt.open_data(str(tmp_path), None, (3, 2, 2), False, 0.0, 1, 0, 0)
    rgb = vt.open_data(str(tmp_path), None, (3, 2, 2), True, 0.0, 1, 0, 0)
    assert rgb.train.images[4, :, 0, 0].tolist() == [101, 101, 101]
    (tmp_path / "train" / "dog" / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    with pytest.raises(vt.TrainError, match=r"photo\.jpg: JPEG images are not supported by the PyTorch twin's trainer"):
        vt.open_data(str(tmp_path), None, (1, 2, 2), False, 0.0, 1, 0, 0)


# -- batches ----------------------------------------------------------------------------------------


def _set(n, c=1, side=4, classes=2):
    images = torch.arange(n * c * side * side, dtype=torch.int64).remainder(256).to(torch.uint8).reshape(n, c, side, side)
    return vt.ImageSet(images, torch.arange(n) % classes, [str(i) for i in range(classes)])


def test_batches_are_normalised_and_label_smoothed_and_padded_to_the_model_s_classes():
    data = _set(2)
    recipe = vt.make_recipe({"labelSmoothing": 0.1}, [])
    norm = vt.normalization("mnist", "idx", 1)
    x, t, labels = vt.assemble(data, [1, 0], [0, 1], recipe, norm, 3, 5, True)
    assert labels.tolist() == [1, 0]
    # 1 - s + s/K on the label, s/K elsewhere (K = 2 data classes), 0 for the model's extra class.
    assert t.tolist() == [[pytest.approx(0.05), pytest.approx(0.95), 0.0], [pytest.approx(0.95), pytest.approx(0.05), 0.0]]
    v = int(data.images[1, 0, 0, 3])
    mean, std = float(torch.tensor(0.1307, dtype=torch.float32)), float(torch.tensor(0.3081, dtype=torch.float32))
    assert float(x[0, 0, 0, 3]) == pytest.approx((v / 255 - mean) / std, rel=1e-6)


def test_the_statistics_follow_the_format_and_the_channels():
    mean, std = vt.normalization("auto", "cifar10", 3)
    assert mean.flatten().tolist() == pytest.approx([0.4914, 0.4822, 0.4465])
    mean, std = vt.normalization("imagenet", "idx", 1)
    assert float(mean) == pytest.approx((0.485 + 0.456 + 0.406) / 3) and float(std) == pytest.approx(0.226, abs=1e-6)
    assert vt.normalization("auto", "synthetic", 2)[0].flatten().tolist() == [0.5, 0.5]


def test_padded_crop_shifts_with_zeros_and_mixup_blends_mirrored_images():
    image = torch.arange(1, 10, dtype=torch.uint8).reshape(1, 3, 3)
    assert vt.padded_crop(image, 1, -1)[0].tolist() == [[0, 4, 5], [0, 7, 8], [0, 0, 0]]
    data = _set(4)
    recipe = vt.make_recipe({"mixup": 0.4, "labelSmoothing": 0.0}, [])
    x, t, _ = vt.assemble(data, [0, 1, 2, 3], [0, 1, 2, 3], recipe, vt.normalization("none", "idx", 1), 2, 9, True)
    lam = float(t[0, 0])  # image 0 (label 0) mixed with image 3 (label 1)
    plain = data.images.float() / 255
    assert torch.allclose(x[0], lam * plain[0] + (1 - lam) * plain[3], atol=1e-6)
    assert torch.allclose(t.sum(1), torch.ones(4))


def test_the_split_holds_out_a_seeded_fraction_in_the_original_order():
    data = _set(10)
    train, val = vt.split(data, 0.3, 42)
    assert len(train) == 7 and len(val) == 3
    seen = sorted(train.labels.tolist() + val.labels.tolist())
    assert seen == sorted(data.labels.tolist())
    # _set's image i starts with pixel 16 i: the parts keep the original order.
    starts = train.images[:, 0, 0, 0].tolist()
    assert starts == sorted(starts) and val.images[:, 0, 0, 0].tolist() == sorted(val.images[:, 0, 0, 0].tolist())
    again_train, _ = vt.split(data, 0.3, 42)
    assert torch.equal(again_train.images, train.images)
    with pytest.raises(vt.TrainError, match="leaves no training images"):
        vt.split(_set(2), 0.9, 1)


# -- dataset readers --------------------------------------------------------------------------------


def test_idx_gz_with_a_test_split_and_errors_that_name_the_file(tmp_path):
    images, labels = tf.easy_images(8, side=4, classes=2)
    tf.write_idx(str(tmp_path), images, labels, 4, gz=True)
    tf.write_idx(str(tmp_path), images[:4], labels[:4], 4, prefix="t10k")
    data = vt.open_data(str(tmp_path), None, (1, 4, 4), False, 0.5, 1, 0, 0)
    assert (len(data.train), len(data.validation)) == (8, 4)
    assert data.train.images[3].flatten().tolist() == list(images[3])
    assert data.train.class_names == ["0", "1"]
    with pytest.raises(vt.TrainError, match=r"pass --gray-to-rgb"):
        vt.open_data(str(tmp_path), None, (3, 4, 4), False, 0.5, 1, 0, 0)
    bad = tmp_path / "bad"
    tf.write_idx(str(bad), images, labels, 4)
    with open(bad / "train-images-idx3-ubyte", "r+b") as f:
        f.write(struct.pack(">i", 0x802))
    with pytest.raises(vt.TrainError, match=r"train-images-idx3-ubyte: wrong magic number 0x00000802, expected"):
        vt.open_data(str(bad), None, (1, 4, 4), False, 0.5, 1, 0, 0)
    with pytest.raises(vt.TrainError, match=r"format cifar10 expects .* but the directory holds idx files"):
        vt.open_data(str(bad), "cifar10", (3, 32, 32), False, 0.5, 1, 0, 0)


def test_cifar10_binary_records_with_names_and_a_resize(tmp_path):
    folder = tmp_path / "cifar-10-batches-bin"
    folder.mkdir()
    records = b""
    for label in (3, 7):
        records += bytes([label]) + bytes([label * 10]) * 3072
    (folder / "data_batch_1.bin").write_bytes(records)
    (folder / "batches.meta.txt").write_text("\n".join("c%d" % i for i in range(10)) + "\n\n")
    data = vt.open_data(str(tmp_path), None, (3, 16, 16), False, 0.5, 1, 0, 0)
    assert data.format == "cifar10" and data.train.class_names[7] == "c7"
    assert len(data.train) == 1 and len(data.validation) == 1
    both = torch.cat([data.train.images, data.validation.images])
    labels = torch.cat([data.train.labels, data.validation.labels]).tolist()
    assert both.shape[1:] == (3, 16, 16)
    assert sorted(zip(labels, both[:, 1, 5, 5].tolist())) == [(3, 30), (7, 70)]
    (folder / "data_batch_1.bin").write_bytes(records[:-1])
    with pytest.raises(vt.TrainError, match=r"data_batch_1\.bin: 6145 bytes is not a whole number of 3073-byte"):
        vt.open_data(str(tmp_path), None, (3, 16, 16), False, 0.5, 1, 0, 0)


def test_synthetic_images_put_each_class_in_its_own_cell():
    data = vt.synthetic(8, 4, (1, 4, 4), 3)
    assert data.labels.tolist() == [0, 1, 2, 3, 0, 1, 2, 3]
    # 4 classes: a 2x2 grid of 2x2 cells; class 3's square is the bottom-right cell.
    assert bool((data.images[3, 0, 2:, 2:] >= 192).all()) and bool((data.images[3, 0, :2, :] < 64).all())
