"""/v1/fine_tuning/jobs: create, list, retrieve, cancel, pause, resume, events, checkpoints."""

from __future__ import annotations

import asyncio
import secrets
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from fine_tune_studio.core.model_download import format_memory
from fine_tune_studio.core.training_memory import (
    SMALL_MODEL_PARAMETERS,
    model_shape,
    training_memory,
)
from fine_tune_studio.engine import ids
from fine_tune_studio.engine.api import schemas
from fine_tune_studio.engine.api.errors import APIError, invalid, not_found
from fine_tune_studio.engine.api.limits import Limited
from fine_tune_studio.engine.api.models import model_not_found
from fine_tune_studio.engine.api.routing import EngineRoute
from fine_tune_studio.engine.api.shapes import (
    checkpoint_object,
    event_object,
    job_object,
    list_object,
)
from fine_tune_studio.engine.api.state import EngineState, engine_state
from fine_tune_studio.engine.job_runner import JobStateError, now
from fine_tune_studio.engine.model_registry import find_model
from fine_tune_studio.engine.records import CheckpointRecord, EventRecord, FileRecord, JobRecord

router = APIRouter(route_class=EngineRoute)
State = Annotated[EngineState, Depends(engine_state)]

Auto = Literal["auto"]


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


# Every number a job takes is checked against core.hyperparameters' table (`Limited`).
class Hyperparameters(_Open):
    n_epochs: Annotated[int | Auto | None, Limited("n_epochs")] = "auto"
    batch_size: Annotated[int | Auto | None, Limited("batch_size")] = "auto"
    learning_rate_multiplier: Annotated[
        float | Auto | None, Limited("learning_rate_multiplier")
    ] = "auto"
    beta: Annotated[float | Auto | None, Limited("beta")] = None


class MethodPart(_Open):
    hyperparameters: Hyperparameters | None = None


class Method(_Open):
    type: Literal["supervised", "dpo", "reinforcement"]
    supervised: MethodPart | None = None
    dpo: MethodPart | None = None


class EngineOptions(BaseModel):
    """Engine-only settings, sent by the SDK as `extra_body={"engine": {...}}`.

    They map onto the trainer's TrainingSpec fields of the same names."""

    model_config = ConfigDict(extra="forbid")

    lora_r: Annotated[int | None, Limited("lora_r", auto=False)] = None
    lora_alpha: Annotated[int | None, Limited("lora_alpha", auto=False)] = None
    lora_dropout: Annotated[float | None, Limited("lora_dropout", auto=False)] = None
    trainable_layers: Annotated[int | None, Limited("trainable_layers", auto=False)] = None
    train_embeddings: bool | None = None
    checkpoint_every_epochs: Annotated[
        int | None, Limited("checkpoint_every_epochs", auto=False)
    ] = None
    max_length: Annotated[int | None, Limited("max_length", auto=False)] = None
    validation_sample_size: Annotated[
        int | None, Limited("validation_sample_size", auto=False)
    ] = None


# OpenAI's metadata limits: 16 pairs, keys up to 64 characters, values up to 512.
MetadataKey = Annotated[str, StringConstraints(max_length=64)]
MetadataValue = Annotated[str, StringConstraints(max_length=512)]


class CreateJob(_Open):
    model: str
    training_file: str
    validation_file: str | None = None
    suffix: str | None = Field(default=None, max_length=64)
    seed: Annotated[int | None, Limited("seed", auto=False)] = None
    hyperparameters: Hyperparameters | None = None
    method: Method | None = None
    metadata: dict[MetadataKey, MetadataValue] | None = Field(default=None, max_length=16)
    integrations: list[Any] | None = None
    engine: EngineOptions | None = None


def _resolve_method(body: CreateJob) -> tuple[str, dict[str, Any]]:
    method_type = body.method.type if body.method else "supervised"
    if method_type == "reinforcement":
        raise invalid("The local engine trains with the supervised and dpo methods only.",
                      param="method.type", code="unsupported_method")
    part = None
    if body.method is not None:
        part = body.method.dpo if method_type == "dpo" else body.method.supervised
    source = part.hyperparameters if part and part.hyperparameters else body.hyperparameters
    hyper = source.model_dump(exclude_none=True) if source else {}
    hyper = {k: v for k, v in hyper.items()
             if k in ("n_epochs", "batch_size", "learning_rate_multiplier", "beta")}
    if method_type != "dpo":
        hyper.pop("beta", None)
    return method_type, hyper


_SUFFIX_OK = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.")


async def _require_file(state: EngineState, file_id: str, param: str) -> FileRecord:
    record = None
    if ids.is_valid_id(file_id, ids.FILE_PREFIX):
        record = await asyncio.to_thread(state.store.get, FileRecord, file_id)
    if record is None:
        raise invalid(f"invalid {param}: {file_id} (no such file)", param=param,
                      code="invalid_file")
    if record.purpose != "fine-tune":
        raise invalid(f"{param} {file_id} must have purpose 'fine-tune'.", param=param,
                      code="invalid_file")
    return record


# The least a job can ask of the device: one example of this many tokens per step.
SMALLEST_JOB_TOKENS = 128


async def _refuse_what_cannot_fit(
    state: EngineState, base_dir: Path, engine: dict[str, Any]
) -> None:
    """A 400 when even the smallest job on this model needs more memory than the device
    has at all; the worker checks the real job against the free memory before it loads
    the model (engine/training/memory_check.py)."""
    shape = await asyncio.to_thread(model_shape, base_dir)
    if shape is None:
        return
    device = await state.device.facts()
    if device.total_memory is None:
        return
    full_embeddings = engine.get("train_embeddings")
    if full_embeddings is None:
        full_embeddings = shape.parameters < SMALL_MODEL_PARAMETERS
    least = training_memory(
        shape, device=device.kind, weight_bytes=device.weight_bytes, batch_size=1,
        longest_tokens=SMALLEST_JOB_TOKENS, lora_r=int(engine.get("lora_r") or 16),
        trainable_layers=engine.get("trainable_layers"), full_embeddings=bool(full_embeddings),
    )
    if least.total > device.total_memory:
        raise invalid(
            f"This model is too big for {device.name}: training it needs at least "
            f"{format_memory(least.total)} of memory (its weights alone "
            f"{format_memory(least.weights)}), and the device has "
            f"{format_memory(device.total_memory)} in all. Choose a smaller model.",
            param="model", code="model_too_large",
        )


@router.post("/fine_tuning/jobs", response_model=schemas.FineTuningJob)
async def create_job(state: State, body: CreateJob) -> dict[str, Any]:
    method_type, hyper = _resolve_method(body)
    if body.suffix is not None and not set(body.suffix) <= _SUFFIX_OK:
        raise invalid("suffix may hold only letters, digits, '-', '_' and '.'.", param="suffix")
    entry = await asyncio.to_thread(find_model, state.store, state.config.models_dir, body.model)
    if entry is None:
        raise await model_not_found(state, body.model, param="model")
    await _require_file(state, body.training_file, "training_file")
    if body.validation_file:
        await _require_file(state, body.validation_file, "validation_file")
    engine = body.engine.model_dump(exclude_none=True) if body.engine else {}
    await _refuse_what_cannot_fit(state, entry.base_dir, engine)
    job = JobRecord(
        id=ids.new_id(ids.JOB_PREFIX), created_at=now(), model=body.model,
        training_file=body.training_file, validation_file=body.validation_file or None,
        suffix=body.suffix or None,
        seed=body.seed if body.seed is not None else secrets.randbelow(2**31),
        method_type=method_type, hyperparameters=hyper, engine_options=engine,
        metadata=body.metadata, base_dir=str(entry.base_dir),
        init_adapter_dir=str(entry.adapter_dir) if entry.adapter_dir else None,
    )
    await asyncio.to_thread(state.store.insert, job)
    await state.runner.log_event(job.id, f"Created fine-tuning job: {job.id}")
    state.runner.wake()
    return job_object(job)


async def get_job(state: EngineState, job_id: str) -> JobRecord:
    record = None
    if ids.is_valid_id(job_id, ids.JOB_PREFIX):
        record = await asyncio.to_thread(state.store.get, JobRecord, job_id)
    if record is None:
        raise not_found(f"No fine-tuning job found with id {job_id}.", param="fine_tuning_job_id",
                        code="fine_tune_not_found")
    return record


@router.get("/fine_tuning/jobs", response_model=schemas.JobList)
async def list_jobs(
    state: State,
    after: str | None = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 20,
) -> dict[str, Any]:
    records, has_more = await asyncio.to_thread(state.store.page, JobRecord, after=after,
                                                limit=limit)
    return list_object([job_object(r) for r in records], has_more)


@router.get("/fine_tuning/jobs/{job_id}", response_model=schemas.FineTuningJob)
async def retrieve_job(state: State, job_id: str) -> dict[str, Any]:
    return job_object(await get_job(state, job_id))


async def _control(state: EngineState, job_id: str, action: str) -> dict[str, Any]:
    await get_job(state, job_id)
    operation = {"cancel": state.runner.cancel, "pause": state.runner.pause,
                 "resume": state.runner.resume}[action]
    try:
        return job_object(await operation(job_id))
    except JobStateError as exc:
        raise APIError(400, str(exc), param="fine_tuning_job_id",
                       code=f"cannot_{action}") from exc


@router.post("/fine_tuning/jobs/{job_id}/cancel", response_model=schemas.FineTuningJob)
async def cancel_job(state: State, job_id: str) -> dict[str, Any]:
    return await _control(state, job_id, "cancel")


@router.post("/fine_tuning/jobs/{job_id}/pause", response_model=schemas.FineTuningJob)
async def pause_job(state: State, job_id: str) -> dict[str, Any]:
    return await _control(state, job_id, "pause")


@router.post("/fine_tuning/jobs/{job_id}/resume", response_model=schemas.FineTuningJob)
async def resume_job(state: State, job_id: str) -> dict[str, Any]:
    return await _control(state, job_id, "resume")


@router.get("/fine_tuning/jobs/{job_id}/events", response_model=schemas.JobEventList)
async def list_events(
    state: State,
    job_id: str,
    after: str | None = None,
    limit: Annotated[int, Query(ge=1, le=10000)] = 20,
) -> dict[str, Any]:
    await get_job(state, job_id)
    records, has_more = await asyncio.to_thread(
        state.store.page, EventRecord, where="job_id = ?", params=[job_id], after=after,
        limit=limit,
    )
    return list_object([event_object(r) for r in records], has_more)


@router.get("/fine_tuning/jobs/{job_id}/checkpoints",
            response_model=schemas.CheckpointList)
async def list_checkpoints(
    state: State,
    job_id: str,
    after: str | None = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 10,
) -> dict[str, Any]:
    await get_job(state, job_id)
    records, has_more = await asyncio.to_thread(
        state.store.page, CheckpointRecord, where="job_id = ? AND deleted = 0",
        params=[job_id], after=after, limit=limit,
    )
    return list_object([checkpoint_object(r) for r in records], has_more, ids=True)
