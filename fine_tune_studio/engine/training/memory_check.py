"""Before the model is loaded: will this job fit the device's memory? (core.training_memory
has the formula; this module feeds it the job's real numbers and says no in words.)"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from fine_tune_studio.core.model_download import format_memory
from fine_tune_studio.core.training_memory import (
    SMALL_MODEL_PARAMETERS,
    DeviceFacts,
    DeviceKind,
    Fit,
    MemoryEstimate,
    ModelShape,
    memory_fit,
    training_memory,
)
from fine_tune_studio.engine.training.spec import TrainingSpec


class NotEnoughMemory(RuntimeError):
    """The job cannot fit the device; the message says how much it needs and has."""


@dataclass(frozen=True)
class BatchSize:
    rows: int  # sequences in a batch
    longest: int  # tokens of the longest one
    tokens: int | None  # tokens of the largest batch (None: rows × longest, i.e. padded)


def supervised_batch(lengths: Sequence[int], batch_size: int) -> BatchSize:
    """The worst batch of padding-free supervised training: the `batch_size` longest rows."""
    ordered = sorted(lengths, reverse=True)
    rows = min(batch_size, len(ordered)) or 1
    return BatchSize(rows, ordered[0] if ordered else 1, sum(ordered[:rows]) or 1)


def preference_batch(tokenizer: Any, rows: Sequence[dict[str, Any]], spec: TrainingSpec
                     ) -> BatchSize:
    """DPO pads each batch and runs the preferred and the other reply together: twice the
    rows, each as long as the longest prompt + reply."""
    longest = 1
    for row in rows:
        for reply in ("chosen", "rejected"):
            text = tokenizer.apply_chat_template(row["prompt"] + row[reply], tokenize=False)
            longest = max(longest, len(tokenizer(str(text), add_special_tokens=False)
                                       ["input_ids"]))
    longest = min(longest, spec.max_length)
    return BatchSize(2 * min(spec.batch_size, max(1, len(rows))), longest, None)


def estimate(spec: TrainingSpec, device: DeviceFacts, shape: ModelShape, batch: BatchSize
             ) -> MemoryEstimate:
    full_embeddings = (spec.train_embeddings if spec.train_embeddings is not None
                       else shape.parameters < SMALL_MODEL_PARAMETERS)
    return training_memory(
        shape, device=device.kind, weight_bytes=device.weight_bytes, batch_size=batch.rows,
        longest_tokens=batch.longest, batch_tokens=batch.tokens, lora_r=spec.lora_r,
        trainable_layers=spec.trainable_layers, full_embeddings=full_embeddings,
    )


def check_memory(spec: TrainingSpec, device: DeviceFacts, shape: ModelShape, batch: BatchSize
                 ) -> MemoryEstimate:
    """The estimate, or NotEnoughMemory when it is more than the device has free."""
    need = estimate(spec, device, shape, batch)
    if memory_fit(need.total, device) is not Fit.TOO_BIG:
        return need
    where = ("of this computer's memory" if device.kind is DeviceKind.CPU
             else f"of memory on {device.name}")
    free = device.free_memory or 0
    raise NotEnoughMemory(
        f"This job needs about {format_memory(need.total)} {where} (the model's "
        f"weights {format_memory(need.weights)}, the activations of a batch of "
        f"{spec.batch_size} {format_memory(need.activations)}, the rest "
        f"{format_memory(need.trainable + need.runtime)}), but only {format_memory(free)} is free. "
        "Choose a smaller batch size or a smaller model, or close other programs."
    )
