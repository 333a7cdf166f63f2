"""A pause asked for while a job's worker is still starting is kept, not refused.

The job is "running" a moment before its worker process exists; a user (or a client)
pausing right then used to get "Only a running job can be paused". Here the start is held
open on purpose, so the moment is not left to chance. The stand-in worker writes down the
commands it receives on its control channel (stdin), as the real one obeys them.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from typing import Any

import pytest

from fine_tune_studio.engine import job_runner
from fine_tune_studio.engine.config import EngineConfig
from fine_tune_studio.engine.job_runner import JobRunner
from fine_tune_studio.engine.records import JobRecord
from fine_tune_studio.engine.store import Store

pytestmark = pytest.mark.asyncio


async def test_pause_during_start_is_applied_when_the_worker_starts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = EngineConfig(data_dir=tmp_path, models_dir=tmp_path / "models", token="t")
    store = Store(config.db_path)
    spec = tmp_path / "spec.json"
    spec.write_text("{}", encoding="utf-8")
    runner = JobRunner(config, store, lambda job, _config: (spec, {}))
    store.insert(JobRecord(
        id="ftjob-abc", created_at=0, model="tiny", training_file="file-x",
        validation_file=None, suffix=None, seed=1, method_type="supervised",
        hyperparameters={}, engine_options={}, status="queued",
    ))

    release = asyncio.Event()
    real_exec = asyncio.create_subprocess_exec
    received = tmp_path / "commands.txt"
    stand_in = (
        "import sys\n"
        "with open(sys.argv[1], 'w') as out:\n"
        "    for line in sys.stdin:\n"
        "        out.write(line); out.flush()\n"
    )

    async def slow_start(*_args: Any, **kwargs: Any) -> Any:
        await release.wait()  # the job already says "running"; its worker does not exist
        # A stand-in worker that notes its commands (the real one needs a model).
        return await real_exec(sys.executable, "-c", stand_in, str(received), **kwargs)

    async def commands(count: int) -> list[str]:
        for _ in range(2000):
            lines = received.read_text().split() if received.exists() else []
            if len(lines) >= count:
                return lines
            await asyncio.sleep(0.05)
        raise AssertionError(f"the worker received only {received.read_text()!r}")

    monkeypatch.setattr(job_runner.asyncio, "create_subprocess_exec", slow_start)
    queued = store.get(JobRecord, "ftjob-abc")
    assert queued is not None
    run = asyncio.create_task(runner._run(queued))
    try:
        for _ in range(500):
            record = store.get(JobRecord, "ftjob-abc")
            if record is not None and record.status == "running":
                break
            await asyncio.sleep(0.01)
        paused = await runner.pause("ftjob-abc")
        assert paused.status == "paused"
        assert (await runner.pause("ftjob-abc")).status == "paused"  # asking twice is fine

        release.set()
        for _ in range(500):
            if runner._current is not None:
                break
            await asyncio.sleep(0.01)
        current = runner._current
        assert current is not None and current.paused
        assert await commands(1) == ["pause"]  # the pause reached the worker

        resumed = await runner.resume("ftjob-abc")
        assert resumed.status == "running"
        assert await commands(2) == ["pause", "resume"]
    finally:
        release.set()
        if runner._current is not None:
            runner._current.process.kill()
        await asyncio.wait_for(run, 60)
