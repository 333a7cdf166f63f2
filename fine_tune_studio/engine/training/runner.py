"""One training run, start to finish: data, model, TRL trainer, events, final adapter."""

from __future__ import annotations

import os
from dataclasses import replace
from typing import Any

from fine_tune_studio.core.metrics import Metric
from fine_tune_studio.core.training_memory import DeviceKind, model_shape
from fine_tune_studio.engine.device import Device, engine_device
from fine_tune_studio.engine.training.control import TrainingCancelled, TrainingControl
from fine_tune_studio.engine.training.data import preference_rows, supervised_rows
from fine_tune_studio.engine.training.events import EventWriter
from fine_tune_studio.engine.training.lora import load_tokenizer, load_trainable_model
from fine_tune_studio.engine.training.memory_check import (
    BatchSize,
    check_memory,
    preference_batch,
    supervised_batch,
)
from fine_tune_studio.engine.training.spec import TrainingSpec

__all__ = ["TrainingCancelled", "run_training"]


def configure_threads(spec: TrainingSpec) -> None:
    import torch

    threads = spec.num_threads
    if threads is None and os.environ.get("OMP_NUM_THREADS", "").isdigit():
        threads = int(os.environ["OMP_NUM_THREADS"])
    if threads:
        torch.set_num_threads(threads)


def packed_batches_supported() -> bool:
    """Whether transformers builds a per-sequence causal mask from position ids that
    restart at 0 (masking_utils, transformers >= 4.53): then TRL's padding-free batches
    (every example of a batch end to end in one row, no padding) train exactly as padded
    ones with the sdpa and eager attention a CPU uses, not only with FlashAttention."""
    try:
        from transformers import masking_utils
    except ImportError:
        return False
    return hasattr(masking_utils, "find_packed_sequence_indices")


def trainer_arguments(
    spec: TrainingSpec, config_cls: Any, device: Device, precision: str | None, **extra: Any
) -> Any:
    """Settings shared by the SFT and DPO configs, for `device` with autocast `precision`."""
    return config_cls(
        output_dir=str(spec.output_dir / "trainer"),
        num_train_epochs=spec.n_epochs,
        per_device_train_batch_size=spec.batch_size,
        per_device_eval_batch_size=spec.batch_size,
        learning_rate=spec.learning_rate,
        lr_scheduler_type="linear",
        warmup_steps=0,
        weight_decay=0.0,
        seed=spec.seed,
        data_seed=spec.seed,
        logging_strategy="steps",
        logging_steps=1,
        eval_strategy="no",  # validation is scored by ProgressReporter after each epoch
        save_strategy="no",  # LoRA checkpoints are saved by ProgressReporter
        report_to="none",
        disable_tqdm=True,
        # Recomputing activations costs a third more arithmetic per step (a LoRA backward
        # pass is about one forward); the memory check refuses what would not fit instead.
        gradient_checkpointing=False,
        bf16=precision == "bf16",
        fp16=precision == "fp16",
        use_cpu=device.kind is DeviceKind.CPU,
        # Collating pre-tokenised rows takes microseconds: worker processes would only
        # copy the dataset and compete with torch for the cores.
        dataloader_num_workers=0,
        # The trainer would log a NaN/inf step's loss as the window's average (0.0 with
        # logging_steps=1), and a diverged run would look like a perfect one; the
        # ProgressReporter fails the run instead.
        logging_nan_inf_filter=False,
        **{"max_length": spec.max_length, **extra},
    )


def _sft_trainer(
    spec: TrainingSpec, tokenizer: Any, events: EventWriter, callback: Any, device: Device
) -> tuple[Any, Any]:
    """(trainer, the whole validation set or None)."""
    from datasets import Dataset
    from trl import SFTConfig, SFTTrainer

    train = supervised_rows(tokenizer, spec.training_file, max_length=spec.max_length)
    if train.truncated:
        events.message(
            f"{train.truncated} training examples were longer than {spec.max_length} tokens "
            "and were cut",
            "warn",
        )
    if train.skipped:
        events.message(
            f"{train.skipped} training examples have no assistant reply to learn "
            "(all weight 0, or cut off) and were left out",
            "warn",
        )
    if not train.rows:
        raise ValueError("the training file has no assistant replies to learn from")
    eval_full = eval_sample = None
    if spec.validation_file is not None:
        valid = supervised_rows(tokenizer, spec.validation_file, max_length=spec.max_length)
        if valid.rows:
            eval_full = Dataset.from_list(valid.rows)
            eval_sample = eval_full.select(range(min(len(eval_full), spec.validation_sample_size)))
    lengths = [len(row["input_ids"]) for row in train.rows]
    precision = _announce(spec, device, supervised_batch(lengths, spec.batch_size), events)
    model, peft_config = load_trainable_model(spec, device, precision)
    events.message(f"Loaded {len(train.rows)} training examples; training starts")
    # Short chat examples padded to the longest of their batch waste a fifth to a half of
    # the arithmetic; padding-free batches lay the examples end to end instead (the rows
    # are already cut to max_length, which TRL then need not enforce).
    packed = packed_batches_supported()
    trainer = SFTTrainer(
        model=model,
        args=trainer_arguments(
            spec, SFTConfig, device, precision,
            padding_free=packed, max_length=None if packed else spec.max_length,
        ),
        train_dataset=Dataset.from_list(train.rows),
        eval_dataset=eval_sample,
        processing_class=tokenizer,
        peft_config=peft_config,
        callbacks=[callback],
    )
    return trainer, eval_full


def _dpo_trainer(
    spec: TrainingSpec, tokenizer: Any, events: EventWriter, callback: Any, device: Device
) -> tuple[Any, Any]:
    from datasets import Dataset
    from trl import DPOConfig, DPOTrainer

    rows = preference_rows(spec.training_file)
    if not rows:
        raise ValueError("the training file has no preference examples")
    eval_full = eval_sample = None
    if spec.validation_file is not None:
        valid_rows = preference_rows(spec.validation_file)
        if valid_rows:
            eval_full = Dataset.from_list(valid_rows)
            eval_sample = eval_full.select(range(min(len(eval_full), spec.validation_sample_size)))
    precision = _announce(spec, device, preference_batch(tokenizer, rows, spec), events)
    model, peft_config = load_trainable_model(spec, device, precision)
    events.message(f"Loaded {len(rows)} preference examples; training starts")
    trainer = DPOTrainer(
        model=model,
        args=trainer_arguments(spec, DPOConfig, device, precision, beta=spec.effective_beta),
        train_dataset=Dataset.from_list(rows),
        eval_dataset=eval_sample,
        processing_class=tokenizer,
        peft_config=peft_config,
        callbacks=[callback],
    )
    return trainer, eval_full


def _announce(
    spec: TrainingSpec, device: Device, batch: BatchSize, events: EventWriter
) -> str | None:
    """Check that the job fits the device (raises NotEnoughMemory with the reason before
    the model is loaded), say where it trains, and return the autocast to train with."""
    shape = model_shape(spec.base_model_dir)
    precision = device.training_precision(shape.parameters if shape else None)
    facts = device.facts()
    if precision == "bf16":  # the base weights are then loaded in bfloat16 (lora.py)
        facts = replace(facts, dtype="bfloat16")
    estimate = check_memory(spec, facts, shape, batch) if shape is not None else None
    events.device(facts, estimate.total if estimate else None, precision)
    return precision


def run_training(spec: TrainingSpec, events: EventWriter, control: TrainingControl) -> None:
    """Train and save `spec.adapter_dir`; raise TrainingCancelled when stopped early."""
    for path in (spec.training_file, spec.validation_file, spec.base_model_dir):
        if path is not None and not path.exists():
            raise FileNotFoundError(2, "missing", str(path))
    import transformers

    from fine_tune_studio.engine.training.progress import ProgressReporter

    configure_threads(spec)
    device = engine_device()
    transformers.set_seed(spec.seed)
    spec.output_dir.mkdir(parents=True, exist_ok=True)
    tokenizer = load_tokenizer(spec.base_model_dir)
    callback = ProgressReporter(
        spec, events, control, has_validation=spec.validation_file is not None
    )
    if device.note:
        events.message(device.note, "warn")
    build = _dpo_trainer if spec.method == "dpo" else _sft_trainer
    trainer, full_validation = build(spec, tokenizer, events, callback, device)
    callback.trainer = trainer
    if control.stop_requested:
        raise TrainingCancelled()
    trainer.train()
    if control.stop_requested:
        raise TrainingCancelled()

    if full_validation is not None:
        scores = callback.evaluate(full_validation)
        final = dict(callback.last_metrics)
        final[Metric.FULL_VALID_LOSS] = scores["loss"]
        final[Metric.FULL_VALID_ACCURACY] = scores["accuracy"]
        callback.last_metrics = final
        events.metrics(final)

    trainer.model.save_pretrained(spec.adapter_dir)
    tokenizer.save_pretrained(spec.adapter_dir)
    trained_tokens = int(getattr(trainer, "_total_train_tokens", 0))
    events.done(trained_tokens, str(spec.adapter_dir))
