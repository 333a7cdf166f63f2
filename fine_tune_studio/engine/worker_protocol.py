"""Parsing the training worker's stdout: one JSON object per line (see docs/engine.md)."""

from __future__ import annotations

import json
from typing import Any

KNOWN_TYPES = frozenset({"message", "metrics", "checkpoint", "done", "error"})


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
    if isinstance(data.get("train_loss"), int | float):
        parts.append(f"training loss={data['train_loss']:.4f}")
    if isinstance(data.get("valid_loss"), int | float):
        parts.append(f"validation loss={data['valid_loss']:.4f}")
    if isinstance(data.get("full_valid_loss"), int | float):
        parts.append(f"full validation loss={data['full_valid_loss']:.4f}")
    step = data.get("step", "?")
    total = data.get("total_steps", "?")
    return f"Step {step}/{total}: " + (", ".join(parts) or "no metrics")


METRIC_KEYS = (
    "step",
    "total_steps",
    "train_loss",
    "train_mean_token_accuracy",
    "valid_loss",
    "valid_mean_token_accuracy",
    "full_valid_loss",
    "full_valid_mean_token_accuracy",
)


def metrics_data(message: dict[str, Any]) -> dict[str, Any]:
    return {k: message[k] for k in METRIC_KEYS if message.get(k) is not None}


RESULT_COLUMNS = ("step", "train_loss", "train_accuracy", "valid_loss", "valid_mean_token_accuracy")


def results_csv(rows: list[dict[str, Any]]) -> bytes:
    """OpenAI's result file columns, from the metrics events of one job."""
    lines = [",".join(RESULT_COLUMNS)]
    for row in rows:
        values = [
            row.get("step"),
            row.get("train_loss"),
            row.get("train_mean_token_accuracy"),
            row.get("valid_loss"),
            row.get("valid_mean_token_accuracy"),
        ]
        lines.append(",".join("" if v is None else str(v) for v in values))
    return ("\n".join(lines) + "\n").encode("utf-8")
