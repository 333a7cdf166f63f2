"""The FastAPI application: OpenAI's REST shapes under /v1, `GET /health` without auth."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import APIRouter, Depends, FastAPI

from fine_tune_studio.engine.api import chat, files, jobs, models
from fine_tune_studio.engine.api.auth import require_token
from fine_tune_studio.engine.api.errors import install_error_handlers
from fine_tune_studio.engine.api.state import EngineState
from fine_tune_studio.engine.api.upload_limit import UploadLimitMiddleware
from fine_tune_studio.engine.chat_backend import ChatBackend
from fine_tune_studio.engine.config import EngineConfig
from fine_tune_studio.engine.job_runner import JobRunner
from fine_tune_studio.engine.spec_writer import write_spec
from fine_tune_studio.engine.store import Store


def create_app(config: EngineConfig) -> FastAPI:
    for folder in (config.data_dir, config.files_dir, config.jobs_dir):
        folder.mkdir(parents=True, exist_ok=True)
    config.models_dir.mkdir(parents=True, exist_ok=True)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        store = Store(config.db_path)
        runner = JobRunner(config, store, write_spec)
        state = EngineState(config=config, store=store, runner=runner, chat=ChatBackend())
        app.state.engine = state
        await runner.start()
        await files.revalidate_pending(state)
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

    v1 = APIRouter(prefix="/v1", dependencies=[Depends(require_token)])
    for module in (files, jobs, models, chat):
        v1.include_router(module.router)
    app.include_router(v1)

    @app.get("/health")
    async def health() -> dict[str, Any]:
        return {"status": "ok"}

    return app
