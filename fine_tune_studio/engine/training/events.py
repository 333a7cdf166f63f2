"""The worker's stdout protocol: one JSON object per line, flushed at once.

Event shapes (the server parses these with `engine.worker_protocol`):

- ``{"type": "message", "level": "info"|"warn"|"error", "message": str}``
- ``{"type": "metrics", "step": int, "total_steps": int, "epoch": float, "train_loss": float,
  "train_mean_token_accuracy": float, ["valid_loss", "valid_mean_token_accuracy",
  "full_valid_loss", "full_valid_mean_token_accuracy"], [dpo: "train_reward_accuracy",
  "train_reward_margin"]}`` (the names are `core.metrics`')
- ``{"type": "checkpoint", "step": int, "path": str, "metrics": {...same keys as metrics...}}``
- ``{"type": "device", "device": {DeviceFacts}, "memory_needed": int | null,
  "precision": "bf16" | "fp16" | null}`` (once, before the model is loaded)
- ``{"type": "done", "trained_tokens": int, "adapter_dir": str}``
- ``{"type": "error", "message": str}``
"""

from __future__ import annotations

import json
import sys
import threading
from typing import Any, Literal, TextIO

from fine_tune_studio.core.training_memory import DeviceFacts

Level = Literal["info", "warn", "error"]


class EventWriter:
    """Writes protocol events to a stream (stdout by default), one flushed line each."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self._stream = stream if stream is not None else sys.stdout
        self._lock = threading.Lock()

    def emit(self, event: dict[str, Any]) -> None:
        line = json.dumps(event, ensure_ascii=False, allow_nan=False, default=str)
        with self._lock:
            self._stream.write(line + "\n")
            self._stream.flush()

    def message(self, text: str, level: Level = "info") -> None:
        self.emit({"type": "message", "level": level, "message": text})

    def metrics(self, values: dict[str, Any]) -> None:
        self.emit({"type": "metrics", **values})

    def checkpoint(self, step: int, path: str, metrics: dict[str, Any]) -> None:
        self.emit({"type": "checkpoint", "step": step, "path": path, "metrics": metrics})

    def device(self, facts: DeviceFacts, memory_needed: int | None, precision: str | None
               ) -> None:
        self.emit({"type": "device", "device": facts.to_dict(), "memory_needed": memory_needed,
                   "precision": precision})

    def done(self, trained_tokens: int, adapter_dir: str) -> None:
        self.emit({"type": "done", "trained_tokens": trained_tokens, "adapter_dir": adapter_dir})

    def error(self, text: str) -> None:
        self.emit({"type": "error", "message": text})

