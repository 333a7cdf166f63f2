"""Shared pytest fixtures (engine_fixtures): the real engine server as a child process.

`engine_server` starts `fine-tune-studio engine serve` through the app's own launcher
(`services.local_engine.LocalEngine`) once per session, with a temporary data dir and a
models dir holding the tiny test model, and stops it at the end.
"""

from __future__ import annotations

import asyncio
import shutil
import threading
from collections.abc import Coroutine, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import pytest

T = TypeVar("T")

TINY_MODEL_NAME = "tiny-llama"
# Tests share 2 busy cores: the engine and its training worker use one thread each.
ENGINE_TEST_ENV = {
    "OMP_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "TOKENIZERS_PARALLELISM": "false",
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_DATASETS_OFFLINE": "1",
}


class LoopThread:
    """An event loop in a background thread, so a session-long child process keeps its
    pipes drained while the tests run on their own loops."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self._thread.start()

    def run(self, coro: Coroutine[Any, Any, T], timeout: float | None = None) -> T:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    def close(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(10)
        self.loop.close()


@dataclass
class EngineServer:
    base_url: str
    token: str
    data_dir: Path
    models_dir: Path
    base_model: str
    launcher: Any

    def output_tail(self) -> str:
        return str(self.launcher.output_tail())


def make_client(server: EngineServer, *, token: str | None = None, **kwargs: Any) -> Any:
    """An official AsyncOpenAI client pointed at the engine (no retries: tests see errors)."""
    from openai import AsyncOpenAI

    kwargs.setdefault("timeout", 120.0)
    return AsyncOpenAI(
        base_url=server.base_url,
        api_key=server.token if token is None else token,
        max_retries=0,
        **kwargs,
    )


@pytest.fixture(scope="session")
def engine_models_dir(tmp_path_factory: pytest.TempPathFactory, tiny_model_dir: Path) -> Path:
    models_dir = tmp_path_factory.mktemp("engine-models")
    shutil.copytree(tiny_model_dir, models_dir / TINY_MODEL_NAME)
    return models_dir


@pytest.fixture(scope="session")
def engine_server(
    tmp_path_factory: pytest.TempPathFactory, engine_models_dir: Path
) -> Iterator[EngineServer]:
    from fine_tune_studio.services.local_engine import LocalEngine

    data_dir = tmp_path_factory.mktemp("engine-data")
    launcher = LocalEngine(
        data_dir=data_dir, models_dir=engine_models_dir, extra_env=ENGINE_TEST_ENV,
        startup_timeout=120.0,
    )
    loop = LoopThread()
    try:
        loop.run(launcher.start())
        yield EngineServer(
            base_url=launcher.base_url, token=launcher.token, data_dir=data_dir,
            models_dir=engine_models_dir, base_model=TINY_MODEL_NAME, launcher=launcher,
        )
    finally:
        loop.run(launcher.stop(), timeout=60)
        loop.close()
