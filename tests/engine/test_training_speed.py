"""What makes the engine train faster must not change what it learns: padding-free batches
give the padded batches' loss, step by step; the device and its dtype are chosen by one
rule; a job too big for the device is refused before its model is loaded."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from fine_tune_studio.core.training_memory import (
    SMALL_MODEL_PARAMETERS,
    DeviceFacts,
    DeviceKind,
    model_shape,
)
from fine_tune_studio.engine import device as device_module
from fine_tune_studio.engine.device import Device, choose_device, cpu_device
from fine_tune_studio.engine.training import runner
from fine_tune_studio.engine.training.control import TrainingControl
from fine_tune_studio.engine.training.events import EventWriter
from fine_tune_studio.engine.training.memory_check import NotEnoughMemory
from fine_tune_studio.engine.training.spec import TrainingSpec
from tests.support.model_fixtures import AIRPORT_FAQ, TINY_RECIPE

PLAIN_CPU = Device(DeviceKind.CPU, "test CPU, 1 core", "float32", None, "float32", cores=1)


def _spec(model_dir: Path, out: Path, **fields: Any) -> TrainingSpec:
    values = {**TINY_RECIPE, "n_epochs": 2, **fields}
    return TrainingSpec(job_id="j", base_model_dir=model_dir, training_file=AIRPORT_FAQ,
                        output_dir=out, **values)


def _train(spec: TrainingSpec, monkeypatch: pytest.MonkeyPatch, *, packed: bool
           ) -> tuple[list[dict[str, Any]], Any]:
    """The worker's own training run in this process: its metrics events, and its trainer."""
    monkeypatch.setattr(runner, "packed_batches_supported", lambda: packed)
    monkeypatch.setattr(runner, "engine_device", lambda: PLAIN_CPU)
    built: list[Any] = []
    real_build = runner._sft_trainer

    def keep(*args: Any) -> Any:
        trainer, full = real_build(*args)
        built.append(trainer)
        return trainer, full

    monkeypatch.setattr(runner, "_sft_trainer", keep)
    stream = io.StringIO()
    runner.run_training(spec, EventWriter(stream), TrainingControl())
    events = [json.loads(line) for line in stream.getvalue().splitlines()]
    return [e for e in events if e["type"] == "metrics"], built[0]


@pytest.mark.slow
def test_padding_free_batches_give_the_padded_loss_step_by_step(
    tiny_model_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Same data, same seed, same batches: the per-token loss of each step, and the tokens
    counted, agree whether the examples are padded or laid end to end."""
    padded, padded_trainer = _train(_spec(tiny_model_dir, tmp_path / "padded"), monkeypatch,
                                    packed=False)
    packed, packed_trainer = _train(_spec(tiny_model_dir, tmp_path / "packed"), monkeypatch,
                                    packed=True)
    # The runs really differ in how batches are built...
    assert packed_trainer.data_collator.padding_free
    assert not padded_trainer.data_collator.padding_free
    batch = next(iter(packed_trainer.get_train_dataloader()))
    assert batch["input_ids"].shape[0] == 1 and "attention_mask" not in batch
    # ...and not in what they learn: 6 steps of lr 1e-2, every loss within 1e-5 (measured:
    # 5e-7, float32 sums in another order; examples that could see each other across the
    # batch differ by 4e-3 to 2e-2), the token count exact.
    assert [m["step"] for m in packed] == [m["step"] for m in padded] == list(range(1, 7))
    for mine, theirs in zip(packed, padded, strict=True):
        assert mine["train_loss"] == pytest.approx(theirs["train_loss"], rel=1e-5, abs=1e-5)
        assert mine["trained_tokens"] == theirs["trained_tokens"]
    assert padded[-1]["train_loss"] < padded[0]["train_loss"]  # it did learn


def test_a_job_too_big_for_the_device_is_refused_before_the_model_is_loaded(
    tiny_model_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    starved = Device(DeviceKind.CPU, "test CPU, 1 core", "float32", None, "float32", cores=1)
    monkeypatch.setattr(Device, "memory", lambda self: (2 * 1024**3, 600 * 1024**2))
    monkeypatch.setattr(runner, "engine_device", lambda: starved)

    def never(*_args: Any) -> Any:
        raise AssertionError("the model was loaded")

    monkeypatch.setattr(runner, "load_trainable_model", never)
    stream = io.StringIO()
    with pytest.raises(NotEnoughMemory) as refused:
        runner.run_training(_spec(tiny_model_dir, tmp_path, batch_size=24), EventWriter(stream),
                            TrainingControl())
    message = str(refused.value)
    assert "needs about" in message and "only 0.6 GB is free" in message
    assert "smaller batch size" in message


def test_the_worker_reports_its_device_and_the_memory_the_job_needs(
    tiny_model_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(runner, "engine_device", lambda: PLAIN_CPU)

    def stop(*_args: Any) -> Any:
        raise RuntimeError("stop here")

    monkeypatch.setattr(runner, "load_trainable_model", stop)
    stream = io.StringIO()
    with pytest.raises(RuntimeError, match="stop here"):
        runner.run_training(_spec(tiny_model_dir, tmp_path), EventWriter(stream),
                            TrainingControl())
    event = json.loads(stream.getvalue().splitlines()[0])
    assert event["type"] == "device"
    facts = DeviceFacts.from_dict(event["device"])
    assert facts is not None and facts.kind is DeviceKind.CPU and facts.name == PLAIN_CPU.name
    # The tiny model: ~1 GB of runtime dominates; its weights and activations are small.
    assert 1024**3 < event["memory_needed"] < 2 * 1024**3
    assert event["precision"] is None


def test_the_cpu_trains_in_bfloat16_only_with_native_support_and_a_large_enough_model(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(device_module, "cpu_has_bf16", lambda: True)
    fast = cpu_device()
    assert (fast.kind, fast.train_dtype, fast.chat_dtype) == (DeviceKind.CPU, "float32",
                                                              "float32")
    assert fast.training_precision(494_032_768) == "bf16"
    assert fast.training_precision(SMALL_MODEL_PARAMETERS - 1) is None  # tiny models
    monkeypatch.setattr(device_module, "cpu_has_bf16", lambda: False)
    assert cpu_device().training_precision(494_032_768) is None


def test_a_gpu_that_fails_to_start_falls_back_to_the_cpu_with_a_reason(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken() -> Device:
        raise RuntimeError("CUDA error: no kernel image is available\nmore")

    monkeypatch.setattr(device_module, "_available", lambda kind: kind is DeviceKind.CUDA)
    monkeypatch.setattr(device_module, "_cuda_device", broken)
    chosen = choose_device("auto")
    assert chosen.kind is DeviceKind.CPU
    assert chosen.note is not None
    assert "NVIDIA graphics card could not be started (CUDA error: no kernel image" in chosen.note
    assert chosen.note.endswith("use the CPU instead.")
    assert choose_device("cpu").note is None


def test_device_rules_for_gpus(monkeypatch: pytest.MonkeyPatch) -> None:
    """bf16 on a CUDA card that has it, float32 weights with fp16 autocast on older cards;
    float32 training and float16 chat on Apple's GPU (written from the transformers and
    PyTorch docs: no such device here)."""
    import torch

    monkeypatch.setattr(device_module, "_available", lambda kind: kind is not DeviceKind.CPU)
    monkeypatch.setattr(torch.Tensor, "item", lambda self: 0)
    real_ones = torch.ones
    monkeypatch.setattr(torch, "ones", lambda *a, device=None, **k: real_ones(*a, **k))
    monkeypatch.setattr(torch.cuda, "get_device_name", lambda index=0: "Test RTX")
    monkeypatch.setattr(torch.cuda, "is_bf16_supported", lambda *a, **k: True)
    modern = choose_device("cuda")
    assert (modern.train_dtype, modern.mixed_precision, modern.chat_dtype) == (
        "bfloat16", "bf16", "bfloat16")
    monkeypatch.setattr(torch.cuda, "is_bf16_supported", lambda *a, **k: False)
    older = choose_device("cuda")
    assert (older.train_dtype, older.mixed_precision, older.chat_dtype) == (
        "float32", "fp16", "float16")
    apple = choose_device("mps")
    assert (apple.kind, apple.train_dtype, apple.mixed_precision, apple.chat_dtype) == (
        DeviceKind.MPS, "float32", None, "float16")


def test_the_tiny_model_shape_is_read_from_its_folder(tiny_model_dir: Path) -> None:
    from transformers import AutoModelForCausalLM

    shape = model_shape(tiny_model_dir)
    model = AutoModelForCausalLM.from_pretrained(tiny_model_dir)
    assert shape is not None
    assert shape.parameters == sum(p.numel() for p in model.parameters())
    assert (shape.hidden_size, shape.num_layers, shape.tied_embeddings) == (64, 2, False)
