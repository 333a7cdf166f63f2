"""/v1/models: base folders, fine-tuned models and checkpoints; delete fine-tuned ones."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends

from fine_tune_studio.engine.api import schemas
from fine_tune_studio.engine.api.errors import APIError, invalid
from fine_tune_studio.engine.api.routing import EngineRoute
from fine_tune_studio.engine.api.state import EngineState, engine_state
from fine_tune_studio.engine.fsutil import inside
from fine_tune_studio.engine.model_registry import ModelEntry, find_model, list_models
from fine_tune_studio.engine.records import CheckpointRecord, JobRecord

router = APIRouter(route_class=EngineRoute)
State = Annotated[EngineState, Depends(engine_state)]


def model_object(entry: ModelEntry) -> dict[str, Any]:
    return {"id": entry.id, "object": "model", "created": entry.created,
            "owned_by": entry.owned_by}


async def model_not_found(state: EngineState, model: str, *, param: str) -> APIError:
    entries = await asyncio.to_thread(list_models, state.store, state.config.models_dir)
    available = ", ".join(e.id for e in entries) or "none"
    hint = "" if entries else (
        f" Put a Hugging Face model folder into {state.config.models_dir} (see docs/engine.md)."
    )
    return APIError(
        404, f"The model '{model}' does not exist on this engine. Available models: "
        f"{available}.{hint}", param=param, code="model_not_found",
    )


async def require_model(state: EngineState, model: str, *, param: str = "model") -> ModelEntry:
    entry = await asyncio.to_thread(find_model, state.store, state.config.models_dir, model)
    if entry is None:
        raise await model_not_found(state, model, param=param)
    return entry


@router.get("/models", response_model=schemas.ModelList)
async def get_models(state: State) -> dict[str, Any]:
    entries = await asyncio.to_thread(list_models, state.store, state.config.models_dir)
    return {"object": "list", "data": [model_object(e) for e in entries]}


@router.get("/models/{model:path}", response_model=schemas.Model)
async def retrieve_model(state: State, model: str) -> dict[str, Any]:
    return model_object(await require_model(state, model))


@router.delete("/models/{model:path}", response_model=schemas.ModelDeleted)
async def delete_model(state: State, model: str) -> dict[str, Any]:
    entry = await require_model(state, model)
    if entry.kind == "base":
        raise invalid(
            f"'{model}' is a base model folder; the engine deletes fine-tuned models only. "
            "Remove the folder from the models dir to remove it.", param="model",
            code="model_not_deletable",
        )
    await asyncio.to_thread(_delete, state, entry)
    return {"id": entry.id, "object": "model", "deleted": True}


def _delete(state: EngineState, entry: ModelEntry) -> None:
    jobs_dir = state.config.jobs_dir
    if entry.kind == "fine-tuned" and entry.job_id:
        state.store.update(JobRecord, entry.job_id, model_deleted=True)
    else:
        for ckpt in state.store.all(CheckpointRecord, "model_name = ?", [entry.id]):
            state.store.update(CheckpointRecord, ckpt.id, deleted=True)
    state.chat.forget(entry)
    if entry.adapter_dir and inside(jobs_dir, entry.adapter_dir):
        shutil.rmtree(Path(entry.adapter_dir), ignore_errors=True)
