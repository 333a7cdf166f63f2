"""Shared pytest fixtures (engine_fixtures): the real engine server as a child process.

`engine_server` starts `fine-tune-studio engine serve` through the app's own launcher
(`services.local_engine.LocalEngine`) once per session, with a temporary data dir and a
models dir holding the tiny test model, and stops it at the end.
"""

from __future__ import annotations

import asyncio
import shutil
import threading
import time
from collections.abc import Coroutine, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import pytest

from tests.support.test_files import AIRPORT_FAQ

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


# -- one training run of the airport FAQ, shared by the session --------------------------

TERMINAL = {"succeeded", "failed", "cancelled"}

# What docs/design-guide.md measured for the tiny model (LoRA r 16 on all linear layers, lr 1e-2):
# 300 optimizer steps make it give exact trained answers. 50 epochs of batch 4 are those
# 300 steps on 24 examples, and 50 is the most the official schema allows.
TRAINING_HYPERPARAMETERS: dict[str, Any] = {
    "n_epochs": 50,
    "batch_size": 4,
    # The trainer's base rate is 2e-4; a randomly initialised toy model needs 1e-2.
    "learning_rate_multiplier": 50,
}


async def wait_for_file(client: Any, file_id: str, timeout: float = 60) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        record = await client.files.retrieve(file_id)
        if record.status != "uploaded" or time.monotonic() > deadline:
            return record
        await asyncio.sleep(0.2)


async def wait_for_job(
    client: Any, job_id: str, statuses: set[str] = TERMINAL, timeout: float = 900
) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        job = await client.fine_tuning.jobs.retrieve(job_id)
        if job.status in statuses:
            return job
        if time.monotonic() > deadline:
            raise AssertionError(f"job {job_id} still {job.status} after {timeout} s")
        await asyncio.sleep(0.5)


async def all_events(client: Any, job_id: str) -> list[Any]:
    """Every event of a job, oldest first (the API pages newest first, like OpenAI)."""
    events = [e async for e in client.fine_tuning.jobs.list_events(job_id, limit=100)]
    return list(reversed(events))


@dataclass
class TrainedJob:
    job: Any
    events: list[Any]
    training_file_id: str


async def train_airport_job(server: EngineServer) -> TrainedJob:
    async with make_client(server) as client:
        with AIRPORT_FAQ.open("rb") as handle:
            uploaded = await client.files.create(file=handle, purpose="fine-tune")
        await wait_for_file(client, uploaded.id)
        job = await client.fine_tuning.jobs.create(
            model=server.base_model,
            training_file=uploaded.id,
            # Scoring the (memorised) training set is enough to see validation metrics flow.
            validation_file=uploaded.id,
            suffix="airport",
            seed=7,
            method={"type": "supervised",
                    "supervised": {"hyperparameters": TRAINING_HYPERPARAMETERS}},
            extra_body={"engine": {"lora_r": 16, "lora_alpha": 32}},
        )
        finished = await wait_for_job(client, job.id)
        return TrainedJob(finished, await all_events(client, job.id), uploaded.id)


@pytest.fixture(scope="session")
def trained_job(engine_server: EngineServer) -> TrainedJob:
    """The airport FAQ fine-tuned on the session's engine: trained once, used by the
    engine and the playground tests."""
    result = asyncio.run(train_airport_job(engine_server))
    assert result.job.status == "succeeded", (
        f"{result.job.error}\n" + "\n".join(e.message for e in result.events[-10:])
        + "\n" + engine_server.output_tail()
    )
    return result
