"""GET /v1/engine (behind the token, not an OpenAI route): the device this engine trains and
chats on, with its memory, and the shape of every model it serves, so that the app can show
what a job will need before it starts (core.training_memory has the formula)."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends

from fine_tune_studio.core.training_memory import ModelShape, model_shape
from fine_tune_studio.engine.api import schemas
from fine_tune_studio.engine.api.routing import EngineRoute
from fine_tune_studio.engine.api.state import EngineState, engine_state
from fine_tune_studio.engine.model_registry import list_models

router = APIRouter(route_class=EngineRoute)
State = Annotated[EngineState, Depends(engine_state)]


def _model_shapes(state: EngineState) -> list[dict[str, Any]]:
    entries = list_models(state.store, state.config.models_dir)
    shapes: dict[Path, ModelShape | None] = {}
    models = []
    for entry in entries:
        if entry.base_dir not in shapes:
            shapes[entry.base_dir] = model_shape(entry.base_dir)
        shape = shapes[entry.base_dir]
        models.append({"id": entry.id, "shape": shape.to_dict() if shape else None})
    return models


@router.get("/engine", response_model=schemas.EngineInfo)
async def engine_info(state: State) -> dict[str, Any]:
    device = await state.device.facts()
    models = await asyncio.to_thread(_model_shapes, state)
    return {"object": "engine", "device": device.to_dict(), "models": models}
