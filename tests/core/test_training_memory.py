"""The memory formula: its parts from a model's shape, and the verdict against a device."""

from __future__ import annotations

import json
import struct
from pathlib import Path

import pytest

from fine_tune_studio.core.training_memory import (
    GIB,
    RUNTIME_BYTES,
    SYSTEM_RESERVE_BYTES,
    DeviceFacts,
    DeviceKind,
    EngineFacts,
    Fit,
    ModelShape,
    describe_device,
    device_of_event,
    memory_fit,
    model_shape,
    safetensors_parameters,
    training_memory,
)

# Qwen2.5-0.5B-Instruct's config.json (the catalogue's pinned revision).
QWEN_CONFIG = {
    "architectures": ["Qwen2ForCausalLM"], "hidden_size": 896, "intermediate_size": 4864,
    "num_hidden_layers": 24, "num_attention_heads": 14, "num_key_value_heads": 2,
    "vocab_size": 151936, "tie_word_embeddings": True,
}
QWEN = ModelShape.from_config(QWEN_CONFIG, parameters=494_032_768)


def test_a_qwen_config_gives_its_shape_and_peft_s_lora_count() -> None:
    assert QWEN is not None
    assert (QWEN.kv_size, QWEN.embedding_parameters) == (128, 151936 * 896)
    # PEFT reports 8,798,208 trainable parameters for r 16 on all linear layers of this
    # model; the formula counts the same matrices.
    assert QWEN.lora_parameters(16) == 8_798_208
    assert QWEN.lora_parameters(16, layers=6) == 8_798_208 // 4
    assert ModelShape.from_config({"hidden_size": 8}, parameters=1) is None


def test_the_parts_of_the_estimate() -> None:
    assert QWEN is not None
    cpu = training_memory(QWEN, device=DeviceKind.CPU, weight_bytes=4, batch_size=8,
                          longest_tokens=93, batch_tokens=600)
    assert cpu.weights == 494_032_768 * 4
    assert cpu.trainable == 8_798_208 * 16  # weight, gradient, two AdamW moments
    assert cpu.runtime == RUNTIME_BYTES["cpu"]
    assert cpu.total == cpu.weights + cpu.trainable + cpu.activations + cpu.runtime
    # Padding-free batches hold their real tokens; a padded one 8 × the longest.
    padded = training_memory(QWEN, device=DeviceKind.CPU, weight_bytes=4, batch_size=8,
                             longest_tokens=93)
    assert padded.activations > cpu.activations
    # Half the bytes per weight on a GPU in bfloat16; trained embeddings cost 16 bytes each.
    gpu = training_memory(QWEN, device=DeviceKind.CUDA, weight_bytes=2, batch_size=8,
                          longest_tokens=93, batch_tokens=600, full_embeddings=True)
    assert gpu.weights == cpu.weights // 2
    assert gpu.trainable == cpu.trainable + QWEN.embedding_parameters * 16
    # More examples per step, more activations; about linearly.
    bigger = training_memory(QWEN, device=DeviceKind.CPU, weight_bytes=4, batch_size=16,
                             longest_tokens=93, batch_tokens=1200)
    assert 1.8 < (bigger.activations / cpu.activations) < 2.2


def test_the_estimate_is_near_the_measured_peak_of_the_benchmark() -> None:
    """benchmarks/engine_bench.py --shape qwen2.5-0.5b measured the engine's peak memory
    (docs/engine-training.md); the formula must stay within ±30 % of it."""
    assert QWEN is not None
    need = training_memory(QWEN, device=DeviceKind.CPU, weight_bytes=4, batch_size=8,
                           longest_tokens=93, batch_tokens=8 * 71)
    measured_peak = 5_444 * 1024**2
    assert 0.7 * measured_peak < need.total < 1.3 * measured_peak


def test_fit_against_the_device_leaves_the_system_its_share_on_a_cpu() -> None:
    def cpu(free: int | None) -> DeviceFacts:
        return DeviceFacts(DeviceKind.CPU, "CPU", "float32", 16 * GIB, free)

    assert memory_fit(4 * GIB, cpu(8 * GIB)) is Fit.FITS
    assert memory_fit(4 * GIB, cpu(4 * GIB)) is Fit.TOO_BIG
    assert memory_fit(4 * GIB, cpu(4 * GIB + SYSTEM_RESERVE_BYTES)) is Fit.FITS
    assert memory_fit(4 * GIB, cpu(None)) is Fit.UNKNOWN
    card = DeviceFacts(DeviceKind.CUDA, "RTX", "bfloat16", 8 * GIB, 4 * GIB)
    assert memory_fit(4 * GIB, card) is Fit.FITS  # a graphics card's memory is all for us


def _write_safetensors(path: Path, shapes: dict[str, list[int]]) -> None:
    header = {name: {"dtype": "F32", "shape": shape, "data_offsets": [0, 0]}
              for name, shape in shapes.items()}
    header["__metadata__"] = {"format": "pt"}  # type: ignore[assignment]
    raw = json.dumps(header).encode()
    path.write_bytes(struct.pack("<Q", len(raw)) + raw)


def test_a_folder_s_parameters_come_from_the_safetensors_headers(tmp_path: Path) -> None:
    _write_safetensors(tmp_path / "model-00001-of-00002.safetensors",
                       {"a": [10, 20], "b": [5]})
    _write_safetensors(tmp_path / "model-00002-of-00002.safetensors", {"c": [3, 3, 3]})
    assert safetensors_parameters(tmp_path) == 200 + 5 + 27
    assert model_shape(tmp_path) is None  # no config.json
    (tmp_path / "config.json").write_text(json.dumps(QWEN_CONFIG), encoding="utf-8")
    shape = model_shape(tmp_path)
    assert shape is not None and shape.parameters == 232 and shape.num_layers == 24
    (tmp_path / "broken.safetensors").write_bytes(b"\x01")
    assert safetensors_parameters(tmp_path) is None
    assert safetensors_parameters(tmp_path / "nowhere") is None


def test_facts_travel_as_json_and_come_back() -> None:
    assert QWEN is not None
    device = DeviceFacts(DeviceKind.MPS, "Apple silicon GPU (Metal)", "float32", 16 * GIB,
                         9 * GIB, None, "a note")
    answer = {"object": "engine", "device": device.to_dict(),
              "models": [{"id": "qwen", "shape": QWEN.to_dict()}, {"id": "odd", "shape": None}]}
    facts = EngineFacts.from_dict(json.loads(json.dumps(answer)))
    assert facts is not None and facts.device == device
    assert facts.shapes == {"qwen": QWEN, "odd": None}
    assert EngineFacts.from_dict({"object": "engine"}) is None
    assert DeviceFacts.from_dict({"kind": "tpu", "name": "x", "dtype": "f"}) is None


@pytest.mark.parametrize(("needed", "words"), [
    (3 * GIB, "Training on RTX (bfloat16); this job needs about 3.0 GB of the 7.5 GB free"),
    (None, "Training on RTX (bfloat16)"),
])
def test_the_device_event_reads_back(needed: int | None, words: str) -> None:
    card = DeviceFacts(DeviceKind.CUDA, "RTX", "bfloat16", 8 * GIB, int(7.5 * GIB))
    assert describe_device(card, needed, "bf16") == words
    data = {"device": card.to_dict(), "memory_needed": needed, "precision": "bf16"}
    assert device_of_event(data) == (card, needed)
    assert device_of_event({"step": 3}) is None
