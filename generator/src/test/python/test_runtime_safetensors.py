"""vmodel_runtime's safetensors reader/writer and load_weights, on files written here byte by byte."""

import json
import struct

import pytest
import torch

import vmodel_runtime as vr


def raw_file(path, header, data=b"", pad=True):
    """A safetensors file written by hand: 8-byte LE header length, JSON header, data."""
    text = json.dumps(header).encode("utf-8")
    if pad:
        text += b" " * ((8 - len(text) % 8) % 8)
    path.write_bytes(struct.pack("<Q", len(text)) + text + data)
    return path


def test_round_trip_of_every_dtype_with_metadata(tmp_path):
    tensors = {
        "f32": torch.tensor([[1.5, -2.0], [3.25, 0.0]]),
        "f64": torch.tensor([1e-300, -2.5], dtype=torch.float64),
        "f16": torch.tensor([0.5, -65504.0], dtype=torch.float16),
        "bf16": torch.tensor([1.0, -3.0, 256.0], dtype=torch.bfloat16),
        "i64": torch.tensor([2 ** 40, -1], dtype=torch.int64),
        "i32": torch.tensor([[7], [-8]], dtype=torch.int32),
        "i16": torch.tensor([-300], dtype=torch.int16),
        "i8": torch.tensor([-128, 127], dtype=torch.int8),
        "u8": torch.tensor([0, 255], dtype=torch.uint8),
        "bool": torch.tensor([True, False, True]),
        "empty": torch.zeros(0, 3),
        "scalar": torch.tensor(4.0),
    }
    path = tmp_path / "all.safetensors"
    vr.save_safetensors(path, tensors, {"format": "pt", "note": "é"})
    loaded, metadata = vr.load_safetensors(path)
    assert metadata == {"format": "pt", "note": "é"}
    assert list(loaded) == list(tensors)
    for name, t in tensors.items():
        assert loaded[name].dtype == t.dtype and loaded[name].shape == t.shape, name
        assert torch.equal(loaded[name], t), name
    assert not list(tmp_path.glob("*.tmp"))


def test_written_layout_is_the_documented_one(tmp_path):
    path = tmp_path / "one.safetensors"
    vr.save_safetensors(path, {"a": torch.tensor([1.0, 2.0]), "b": torch.tensor([3], dtype=torch.int16)},
                        {"k": "v"})
    content = path.read_bytes()
    (n,) = struct.unpack("<Q", content[:8])
    assert n % 8 == 0
    header = json.loads(content[8:8 + n])
    assert list(header) == ["__metadata__", "a", "b"]
    assert header["a"] == {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]}
    assert header["b"] == {"dtype": "I16", "shape": [1], "data_offsets": [8, 10]}
    assert content[8 + n:] == struct.pack("<ffh", 1.0, 2.0, 3)


def test_reads_a_file_in_any_order_without_padding(tmp_path):
    data = struct.pack("<i", -5) + struct.pack("<2d", 0.5, 1.5)
    path = raw_file(tmp_path / "x.safetensors", {
        "late": {"dtype": "F64", "shape": [2], "data_offsets": [4, 20]},
        "early": {"dtype": "I32", "shape": [1, 1], "data_offsets": [0, 4]},
    }, data, pad=False)
    tensors, metadata = vr.load_safetensors(path)
    assert metadata == {}
    assert tensors["early"].tolist() == [[-5]] and tensors["late"].tolist() == [0.5, 1.5]


F32_2 = {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]}


@pytest.mark.parametrize("write, message", [
    (lambda p: p.write_bytes(b"\x01\x02"), "too short for a safetensors file (2 bytes)"),
    (lambda p: p.write_bytes(struct.pack("<Q", 1000) + b"{}"), "header length 1000 is beyond the file's 10 bytes"),
    (lambda p: p.write_bytes(struct.pack("<Q", 2) + b"[]"), "header is not a JSON object"),
    (lambda p: p.write_bytes(struct.pack("<Q", 3) + b"{x}"), "header is not valid JSON"),
    (lambda p: p.write_bytes(struct.pack("<Q", 2) + b"\xff\xfe"), "header is not UTF-8"),
    (lambda p: raw_file(p, {"t": {"dtype": "F8", "shape": [1], "data_offsets": [0, 1]}}, b"\0"),
     "tensor t has unknown dtype 'F8'"),
    (lambda p: raw_file(p, {"t": {"dtype": "F32", "shape": [3], "data_offsets": [0, 8]}}, bytes(8)),
     "tensor t has shape [3] and dtype F32, 12 bytes, but its data_offsets span 8"),
    (lambda p: raw_file(p, {"t": F32_2}, bytes(4)), "outside the 4 data bytes"),
    (lambda p: raw_file(p, {"t": F32_2, "u": F32_2}, bytes(8)), "overlaps another"),
    (lambda p: raw_file(p, {"t": {"dtype": "F32", "shape": [2], "data_offsets": [4, 12]}}, bytes(12)),
     "leaves a hole"),
    (lambda p: raw_file(p, {"t": F32_2}, bytes(12)), "4 bytes after the last tensor"),
    (lambda p: raw_file(p, {"__metadata__": {"k": 1}}), "__metadata__ entry k is not a string"),
    (lambda p: raw_file(p, {"t": {"dtype": "F32", "shape": [-2], "data_offsets": [0, 8]}}, bytes(8)),
     "tensor t has a bad shape"),
])
def test_malformed_files_are_one_line_value_errors_naming_the_file(tmp_path, write, message):
    path = tmp_path / "bad.safetensors"
    write(path)
    with pytest.raises(ValueError) as e:
        vr.load_safetensors(path)
    text = str(e.value)
    assert text.startswith(str(path)) and message in text and "\n" not in text


def test_a_missing_file_is_a_one_line_error(tmp_path):
    with pytest.raises(ValueError, match="nope.safetensors: cannot read"):
        vr.load_safetensors(tmp_path / "nope.safetensors")


class Tiny(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.norm = vr.batch_norm((3, 2, 2))
        self.head = vr.linear((3,), out=2)


def djl_names(module):
    return {k: torch.randn(v.shape) for k, v in module.state_dict().items()}


def test_load_weights_of_a_model_file_and_of_a_checkpoint(tmp_path):
    model = Tiny()
    weights = djl_names(model)
    vr.save_safetensors(tmp_path / "model.safetensors", weights, {"format": "pt"})
    vr.load_weights(model, tmp_path / "model.safetensors")
    for k, v in model.state_dict().items():
        assert torch.equal(v, weights[k]), k
    checkpoint = {"model/" + k: v * 2 for k, v in weights.items()}
    checkpoint["optimizer/head.weight/m"] = torch.zeros(2, 3)
    vr.save_safetensors(tmp_path / "ckpt.safetensors", checkpoint, {"format": "vmodel-checkpoint-1", "step": "7"})
    vr.load_weights(model, tmp_path / "ckpt.safetensors")
    assert torch.equal(model.head.weight, weights["head.weight"] * 2)


@pytest.mark.parametrize("change, message", [
    (lambda w: w.pop("norm.running_var"), "missing norm.running_var"),
    (lambda w: w.update({"head.extra": torch.zeros(1)}), "unexpected head.extra"),
    (lambda w: w.update({"head.weight": torch.zeros(3, 2)}), "tensor head.weight has shape [3, 2], the model wants [2, 3]"),
])
def test_load_weights_is_strict_about_names_and_shapes(tmp_path, change, message):
    model = Tiny()
    weights = djl_names(model)
    change(weights)
    vr.save_safetensors(tmp_path / "m.safetensors", weights)
    before = {k: v.clone() for k, v in model.state_dict().items()}
    with pytest.raises(ValueError) as e:
        vr.load_weights(model, tmp_path / "m.safetensors")
    assert message in str(e.value) and "\n" not in str(e.value)
    assert all(torch.equal(before[k], v) for k, v in model.state_dict().items())
