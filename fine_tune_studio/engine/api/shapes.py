"""Records in the JSON shapes of OpenAI's spec (reference/openai-openapi.yaml)."""

from __future__ import annotations

from typing import Any

from fine_tune_studio.engine.records import (
    CheckpointRecord,
    EventRecord,
    FileRecord,
    JobRecord,
)

ORGANIZATION = "local-engine"


def file_object(record: FileRecord) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": record.id,
        "object": "file",
        "bytes": record.bytes,
        "created_at": record.created_at,
        "filename": record.filename,
        "purpose": record.purpose,
        "status": record.status,
    }
    if record.status_details is not None:
        body["status_details"] = record.status_details
    return body


def _public_hyperparameters(record: JobRecord) -> dict[str, Any]:
    keys = ("n_epochs", "batch_size", "learning_rate_multiplier")
    return {k: record.hyperparameters.get(k, "auto") for k in keys}


def job_object(record: JobRecord) -> dict[str, Any]:
    hyper = _public_hyperparameters(record)
    method_hyper = dict(hyper)
    if record.method_type == "dpo":
        method_hyper["beta"] = record.hyperparameters.get("beta", "auto")
    return {
        "object": "fine_tuning.job",
        "id": record.id,
        "created_at": record.created_at,
        "error": record.error,
        "fine_tuned_model": record.fine_tuned_model,
        "finished_at": record.finished_at,
        "hyperparameters": hyper,
        "model": record.model,
        "organization_id": ORGANIZATION,
        "result_files": list(record.result_files),
        # OpenAI itself answers "paused" from its pause endpoint (see the spec's example),
        # although the schema's enum does not list it.
        "status": record.status,
        "trained_tokens": record.trained_tokens,
        "training_file": record.training_file,
        "validation_file": record.validation_file,
        "integrations": [],
        "seed": record.seed,
        "estimated_finish": record.estimated_finish,
        "method": {
            "type": record.method_type,
            record.method_type: {"hyperparameters": method_hyper},
        },
        "metadata": record.metadata,
        "suffix": record.suffix,
        "engine": record.engine_options,
    }


def event_object(record: EventRecord) -> dict[str, Any]:
    return {
        "object": "fine_tuning.job.event",
        "id": record.id,
        "created_at": record.created_at,
        "level": record.level,
        "message": record.message,
        "type": record.type,
        "data": record.data,
    }


def checkpoint_object(record: CheckpointRecord) -> dict[str, Any]:
    metrics = {k: v for k, v in record.metrics.items() if isinstance(v, int | float)}
    metrics.setdefault("step", record.step)
    return {
        "object": "fine_tuning.job.checkpoint",
        "id": record.id,
        "created_at": record.created_at,
        "fine_tuned_model_checkpoint": record.model_name,
        "fine_tuning_job_id": record.job_id,
        "step_number": record.step,
        "metrics": metrics,
    }


def list_object(data: list[dict[str, Any]], has_more: bool, *, ids: bool = False) -> dict[str, Any]:
    body: dict[str, Any] = {"object": "list", "data": data, "has_more": has_more}
    if ids:
        body["first_id"] = data[0]["id"] if data else None
        body["last_id"] = data[-1]["id"] if data else None
    return body
