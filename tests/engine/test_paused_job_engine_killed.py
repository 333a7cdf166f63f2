"""A paused job's worker does not outlive an engine that is killed outright.

Pause used to SIGSTOP the worker: a stopped process runs nothing, not even the watch that
ends it when its engine is gone, so `kill -9` of the engine left it frozen for good, holding
its memory, while the restarted engine marked the job failed. Pausing is now cooperative
(the worker waits between steps and keeps watching), which this checks with a real engine.
"""

from __future__ import annotations

import asyncio
import os
import signal
import time
from pathlib import Path
from typing import Any

import psutil
import pytest

from fine_tune_studio.services.local_engine import LocalEngine
from tests.engine.conftest import AIRPORT_FAQ, all_events, wait_for_file, wait_for_job
from tests.support.engine_fixtures import ENGINE_TEST_ENV, EngineServer, make_client

pytestmark = [pytest.mark.slow, pytest.mark.asyncio, pytest.mark.timeout(900)]

PATIENCE_S = 300.0  # generous: only a failure waits this long


def _server(engine: LocalEngine, data_dir: Path, models_dir: Path) -> EngineServer:
    return EngineServer(base_url=engine.base_url, token=engine.token, data_dir=data_dir,
                        models_dir=models_dir, base_model="tiny-llama", launcher=engine)


def _gone(process: psutil.Process) -> bool:
    try:
        return process.status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


async def _wait_for_event(client: Any, job_id: str, words: str) -> None:
    deadline = time.monotonic() + PATIENCE_S
    while not any(words in e.message for e in await all_events(client, job_id)):
        assert time.monotonic() < deadline, f"no event saying {words!r}"
        await asyncio.sleep(0.5)


async def test_a_paused_worker_stops_when_its_engine_is_killed(
    tmp_path: Path, engine_models_dir: Path
) -> None:
    engine = LocalEngine(data_dir=tmp_path, models_dir=engine_models_dir,
                         extra_env=ENGINE_TEST_ENV, startup_timeout=120)
    await engine.start()
    workers: list[psutil.Process] = []
    try:
        assert engine._process is not None
        engine_process = psutil.Process(engine._process.pid)
        async with make_client(_server(engine, tmp_path, engine_models_dir)) as client:
            with AIRPORT_FAQ.open("rb") as handle:
                uploaded = await client.files.create(file=handle, purpose="fine-tune")
            await wait_for_file(client, uploaded.id)
            job = await client.fine_tuning.jobs.create(
                model="tiny-llama", training_file=uploaded.id,
                hyperparameters={"n_epochs": 50, "batch_size": 1})
            await wait_for_job(client, job.id, {"running"}, timeout=PATIENCE_S)
            await _wait_for_event(client, job.id, "Step 1/")
            workers = engine_process.children(recursive=True)
            assert workers, "no training worker process"
            paused = await client.fine_tuning.jobs.pause(job.id)
            assert paused.status == "paused"
            # The worker says so once it has finished its step and waits.
            await _wait_for_event(client, job.id, "Training paused after step")

        os.kill(engine_process.pid, signal.SIGKILL)  # no chance to stop its worker
        deadline = time.monotonic() + PATIENCE_S
        while not _gone(engine_process) or not all(_gone(w) for w in workers):
            assert time.monotonic() < deadline, (
                "the paused worker outlived its killed engine: "
                + ", ".join(f"{w.pid} {w.status()}" for w in workers if not _gone(w))
            )
            time.sleep(0.5)
    finally:
        for worker in workers:
            if not _gone(worker):
                worker.kill()
        await engine.stop()

    again = LocalEngine(data_dir=tmp_path, models_dir=engine_models_dir,
                        extra_env=ENGINE_TEST_ENV, startup_timeout=120)
    await again.start()
    try:
        async with make_client(_server(again, tmp_path, engine_models_dir)) as client:
            after = await client.fine_tuning.jobs.retrieve(job.id)
    finally:
        await again.stop()
    assert after.status == "failed"
    assert after.error is not None and after.error.code == "engine_restarted"
