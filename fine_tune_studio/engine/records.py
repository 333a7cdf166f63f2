"""The engine's records (plain dataclasses) as they live in SQLite."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

FileStatus = Literal["uploaded", "processed", "error"]
# The words of the OpenAI protocol, as the app's core uses them (core/job_state.py holds
# which of them are final: TERMINAL_STATUSES).
JobStatus = Literal[
    "validating_files", "queued", "running", "paused", "succeeded", "failed", "cancelled"
]


@dataclass
class FileRecord:
    id: str
    filename: str
    purpose: str
    bytes: int
    created_at: int
    status: FileStatus = "uploaded"
    status_details: str | None = None
    # chat / preference / mixed, from validation; None until processed.
    kind: str | None = None
    n_examples: int | None = None


@dataclass
class JobRecord:
    id: str
    created_at: int
    model: str
    training_file: str
    validation_file: str | None
    suffix: str | None
    seed: int
    method_type: str
    hyperparameters: dict[str, Any]
    engine_options: dict[str, Any]
    status: JobStatus = "validating_files"
    error: dict[str, Any] | None = None
    fine_tuned_model: str | None = None
    finished_at: int | None = None
    trained_tokens: int | None = None
    estimated_finish: int | None = None
    result_files: list[str] = field(default_factory=list)
    metadata: dict[str, str] | None = None
    adapter_dir: str | None = None
    model_deleted: bool = False
    # Resolved at creation: the base folder, and the adapter a job continues from when its
    # `model` is itself a fine-tuned model.
    base_dir: str | None = None
    init_adapter_dir: str | None = None


@dataclass
class EventRecord:
    id: str
    job_id: str
    created_at: int
    level: str
    message: str
    type: str = "message"
    data: dict[str, Any] = field(default_factory=dict)


@dataclass
class CheckpointRecord:
    id: str
    job_id: str
    created_at: int
    step: int
    model_name: str
    path: str
    metrics: dict[str, Any] = field(default_factory=dict)
    deleted: bool = False
