"""The FastAPI application: OpenAI's REST shapes under /v1, `GET /health` without auth, and
the engine's own OpenAPI document at `GET /v1/openapi.json` (behind the token)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import APIRouter, Depends, FastAPI

from fine_tune_studio.engine.api import chat, engine_info, files, jobs, models
from fine_tune_studio.engine.api.auth import require_token
from fine_tune_studio.engine.api.errors import CatchAllMiddleware, install_error_handlers
from fine_tune_studio.engine.api.routing import EngineRoute
from fine_tune_studio.engine.api.schemas import ErrorResponse
from fine_tune_studio.engine.api.state import EngineState
from fine_tune_studio.engine.api.upload_limit import UploadLimitMiddleware
from fine_tune_studio.engine.chat_backend import ChatBackend
from fine_tune_studio.engine.config import EngineConfig, make_private_dir
from fine_tune_studio.engine.job_runner import JobRunner
from fine_tune_studio.engine.spec_writer import write_spec
from fine_tune_studio.engine.store import Store

OPENAPI_PATH = "/v1/openapi.json"
# How `engine serve` runs the app under uvicorn (tests serve it the same way).
SERVER_OPTIONS: dict[str, Any] = {
    "log_level": "warning",
    "access_log": False,
    "timeout_graceful_shutdown": 5,
    # Idle connections are closed by the client first (httpx keeps them 5 s), never by the
    # engine while a client may be sending on one (uvicorn's default is 5 s too).
    "timeout_keep_alive": 75,
}


def create_app(config: EngineConfig) -> FastAPI:
    # Records, uploads, adapters and logs hold the user's training data: the data dir is
    # theirs alone (0700), whatever it was before; files inside are made 0600.
    for folder in (config.data_dir, config.files_dir, config.jobs_dir):
        make_private_dir(folder)
    config.models_dir.mkdir(parents=True, exist_ok=True)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        store = Store(config.db_path)
        runner = JobRunner(config, store, write_spec)
        state = EngineState(config=config, store=store, runner=runner, chat=ChatBackend())
        app.state.engine = state
        await runner.start()
        await files.revalidate_pending(state)
        # Ask about the device now (a child process imports torch: seconds), not when the
        # first job or the app's wizard waits for the answer.
        state.spawn(state.device.warm())
        try:
            yield
        finally:
            await runner.stop()
            for task in list(state.background):
                task.cancel()
            store.close()

    app = FastAPI(title="Fine Tune Studio local engine", lifespan=lifespan, docs_url=None,
                  redoc_url=None, openapi_url=None)
    install_error_handlers(app)
    app.add_middleware(UploadLimitMiddleware, max_bytes=config.max_upload_bytes)
    # Outermost of ours, so that it also answers for the middleware above.
    app.add_middleware(CatchAllMiddleware)

    v1 = APIRouter(
        prefix="/v1", dependencies=[Depends(require_token)], route_class=EngineRoute,
        responses={"default": {"model": ErrorResponse, "description": "An OpenAI-shaped error"}},
    )
    for module in (files, jobs, models, chat, engine_info):
        v1.include_router(module.router)

    @v1.get("/openapi.json", include_in_schema=False)
    async def openapi_document() -> dict[str, Any]:
        return openapi(app)

    app.include_router(v1)

    @app.get("/health")
    async def health() -> dict[str, Any]:
        return {"status": "ok"}

    return app


def openapi(app: FastAPI) -> dict[str, Any]:
    """FastAPI's document of the routes, told the truth in two places: every /v1 request
    needs the bearer token, and invalid requests are OpenAI-shaped 400s (FastAPI would
    announce 422s with its own error shape, which the engine never sends)."""
    document = app.openapi()  # built once, then cached by FastAPI; amended in place once
    components = document.setdefault("components", {})
    if "securitySchemes" in components:
        return document
    for path, operations in document.get("paths", {}).items():
        for operation in operations.values():
            operation.get("responses", {}).pop("422", None)
            operation["security"] = [{"bearer": []}] if path.startswith("/v1/") else []
    for unused in ("HTTPValidationError", "ValidationError"):
        components.get("schemas", {}).pop(unused, None)
    components["securitySchemes"] = {
        "bearer": {"type": "http", "scheme": "bearer",
                   "description": "The engine's token (printed at start, or "
                   "FINE_TUNE_STUDIO_ENGINE_TOKEN)."},
    }
    return document
