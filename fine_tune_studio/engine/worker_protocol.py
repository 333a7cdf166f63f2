"""Parsing the training worker's stdout: one JSON object per line (see docs/engine.md).

Metric names come from `core.metrics`, the one place they are spelled.
"""

from __future__ import annotations

import json
from typing import Any

from fine_tune_studio.core.metrics import (
    METRICS_EVENT_KEYS,
    RESULT_COLUMNS,
    STEP,
    TOTAL_STEPS,
    Metric,
)
from fine_tune_studio.core.training_memory import (
    DEVICE_KEY,
    MEMORY_NEEDED_KEY,
    PRECISION_KEY,
    DeviceFacts,
    describe_device,
)

KNOWN_TYPES = frozenset({"message", "metrics", "checkpoint", "done", "error", "device"})


def parse_line(raw: bytes) -> dict[str, Any] | None:
    """The message on this line, or None for anything that is not one of ours (a library
    printing to stdout must not break supervision)."""
    text = raw.decode("utf-8", errors="replace").strip()
    if not text.startswith("{"):
        return None
    try:
        value = json.loads(text)
    except json.JSONDecodeError:
        return None
    if not isinstance(value, dict) or value.get("type") not in KNOWN_TYPES:
        return None
    return value


def metrics_message(data: dict[str, Any]) -> str:
    """OpenAI's wording: `Step 12/300: training loss=1.23, validation loss=1.45`."""
    parts = []
    for metric, words in ((Metric.TRAIN_LOSS, "training loss"),
                          (Metric.VALID_LOSS, "validation loss"),
                          (Metric.FULL_VALID_LOSS, "full validation loss")):
        value = data.get(metric)
        if isinstance(value, int | float):
            parts.append(f"{words}={value:.4f}")
    step = data.get(STEP, "?")
    total = data.get(TOTAL_STEPS, "?")
    return f"Step {step}/{total}: " + (", ".join(parts) or "no metrics")


def metrics_data(message: dict[str, Any]) -> dict[str, Any]:
    """The `data` of a metrics event: the known keys the worker sent, without nulls."""
    return {k: message[k] for k in METRICS_EVENT_KEYS if message.get(k) is not None}


def results_csv(rows: list[dict[str, Any]]) -> bytes:
    """OpenAI's result file columns, from the metrics events of one job."""
    lines = [",".join(column for column, _ in RESULT_COLUMNS)]
    for row in rows:
        values = [row.get(metric if metric is not None else STEP) for _, metric in RESULT_COLUMNS]
        lines.append(",".join("" if v is None else str(v) for v in values))
    return ("\n".join(lines) + "\n").encode("utf-8")


def device_event_data(message: dict[str, Any]) -> dict[str, Any] | None:
    """The `data` of the job event that says where a job trains: the device's facts and the
    memory the job needs (core.training_memory reads it back for the app)."""
    raw = message.get("device")
    facts = DeviceFacts.from_dict(raw) if isinstance(raw, dict) else None
    if facts is None:
        return None
    needed = message.get(MEMORY_NEEDED_KEY)
    precision = message.get(PRECISION_KEY)
    return {DEVICE_KEY: facts.to_dict(),
            MEMORY_NEEDED_KEY: needed if isinstance(needed, int) else None,
            PRECISION_KEY: precision if precision in ("bf16", "fp16") else None}


def device_message(data: dict[str, Any]) -> str:
    """`Training on NVIDIA GeForce RTX 4070 (bfloat16); this job needs about 3.4 GB of
    the 11.2 GB free`."""
    facts = DeviceFacts.from_dict(data[DEVICE_KEY])
    assert facts is not None
    return describe_device(facts, data.get(MEMORY_NEEDED_KEY), data.get(PRECISION_KEY))
