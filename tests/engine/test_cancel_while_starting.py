"""A cancel is never lost while a job is starting.

Starting a job takes several awaits (spec written, status "running" recorded, "started"
event, worker process spawned), and so does answering a cancel. Each test here holds one
of those awaits open on purpose, sends the other side through it, and checks that the job
ends cancelled with its worker gone: no moment of the start-up is left to chance.

The worker is a stand-in that just sleeps (the real one needs a model); these are fault
injection tests of the runner's bookkeeping, not of training.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest

from fine_tune_studio.engine import job_runner
from fine_tune_studio.engine.config import EngineConfig
from fine_tune_studio.engine.job_runner import JobRunner, JobStateError
from fine_tune_studio.engine.records import JobRecord
from fine_tune_studio.engine.store import Store

pytestmark = pytest.mark.asyncio

JOB_ID = "ftjob-starting"
# Ample for a python process to start and be signalled on a busy machine; only a failure
# waits this long.
PATIENCE_S = 60.0
# More moments than the start-up (or a cancel) has: the loops below stop at the first
# number that is never reached.
MOST_AWAITS = 20


spawned: list[Any] = []  # every stand-in worker, killed at the end of each round


class Gate:
    """Holds one task at the n-th moment it passes (before and after each to_thread call
    and the process spawn)."""

    def __init__(self, number: int) -> None:
        self.number = number
        self.task: asyncio.Task[Any] | None = None
        self.count = 0
        self.reached = asyncio.Event()
        self.release = asyncio.Event()

    async def passing(self) -> None:
        if self.task is None or asyncio.current_task() is not self.task:
            return
        self.count += 1
        if self.count == self.number and not self.release.is_set():
            self.reached.set()
            await self.release.wait()


def _setup(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, gate: Gate | _Either
) -> tuple[JobRunner, Store]:
    config = EngineConfig(data_dir=tmp_path, models_dir=tmp_path / "models", token="t")
    store = Store(config.db_path)
    spec = tmp_path / "spec.json"
    spec.write_text("{}", encoding="utf-8")
    runner = JobRunner(config, store, lambda job, _config: (spec, {}))
    store.insert(JobRecord(
        id=JOB_ID, created_at=0, model="tiny", training_file="file-x",
        validation_file=None, suffix=None, seed=1, method_type="supervised",
        hyperparameters={}, engine_options={}, status="queued",
    ))
    real_to_thread = asyncio.to_thread
    real_exec = asyncio.create_subprocess_exec

    # Each await may be held before its work is done or after it, before the task goes on
    # (its result already stale): both are moments another task can run in.
    async def gated_to_thread(func: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Any:
        await gate.passing()
        result = await real_to_thread(func, *args, **kwargs)
        await gate.passing()
        return result

    async def stand_in_worker(*_args: Any, **kwargs: Any) -> Any:
        await gate.passing()
        process = await real_exec(sys.executable, "-c", "import time; time.sleep(600)",
                                  **kwargs)
        spawned.append(process)
        await gate.passing()
        return process

    monkeypatch.setattr(job_runner.asyncio, "to_thread", gated_to_thread)
    monkeypatch.setattr(job_runner.asyncio, "create_subprocess_exec", stand_in_worker)
    return runner, store


async def _ends_cancelled(
    runner: JobRunner, store: Store, run: Awaitable[None], moment: str
) -> None:
    """The run finishes on its own (the worker stopped) and the job says cancelled."""
    try:
        await asyncio.wait_for(run, PATIENCE_S)
    except TimeoutError:
        job = store.get(JobRecord, JOB_ID)
        pytest.fail(f"{moment}: the cancel was lost, the job is still {job and job.status}")
    finally:
        for process in spawned:
            if process.returncode is None:
                process.kill()
                await process.wait()
        spawned.clear()
    job = store.get(JobRecord, JOB_ID)
    assert job is not None and job.status == "cancelled", (moment, job and job.status)
    assert runner._current is None


def _worker_exists(runner: JobRunner) -> Callable[[], bool]:
    return lambda: runner._current is not None


async def _held_or_done(gate: Gate, *others: Callable[[], bool]) -> bool:
    """Wait until the gate holds its task, or one of `others` holds; True if the gate."""
    deadline = asyncio.get_running_loop().time() + PATIENCE_S
    while not gate.reached.is_set():
        if any(check() for check in others):
            return False
        assert asyncio.get_running_loop().time() < deadline, "neither held nor done"
        await asyncio.sleep(0.01)
    return True


async def test_a_cancel_is_honoured_at_every_moment_of_the_start_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """For each moment m of the start-up and each moment n of the cancel: the start-up runs
    to m, the cancel to n, the start-up on until the worker exists (or it gives up), then
    the cancel finishes. n = None lets the cancel run through in one go.

    The loss this was written for: the cancel found no worker yet, read the job (running)
    while the start-up ran to its end, and only then asked for "cancel once it exists" --
    which the start-up had already looked for."""
    startup_moments = 0
    cancel_moments: set[int] = set()
    for m in range(1, MOST_AWAITS + 1):
        startup_reached = False
        for n in [None, *range(1, MOST_AWAITS + 1)]:
            moment = f"start-up held at moment {m}, cancel at moment {n}"
            folder = tmp_path / f"{m}-{n}"
            run_gate = Gate(m)
            cancel_gate = Gate(n or MOST_AWAITS + 1)
            with monkeypatch.context() as patch:
                runner, store = _setup(folder, patch, _Either(run_gate, cancel_gate))
                job = store.get(JobRecord, JOB_ID)
                assert job is not None
                run = asyncio.create_task(runner._run(job))
                run_gate.task = run
                if not await _held_or_done(run_gate, run.done, _worker_exists(runner)):
                    await _stop_everything(run_gate, cancel_gate, run)
                    store.close()
                    break  # the start-up has fewer moments than m
                startup_reached = True
                cancel = asyncio.create_task(runner.cancel(JOB_ID))
                cancel_gate.task = cancel
                cancel_held = await _held_or_done(cancel_gate, cancel.done)
                if n is not None and not cancel_held:
                    await _stop_everything(run_gate, cancel_gate, run, cancel)
                    store.close()
                    break  # the cancel has fewer moments than n
                if n is not None:
                    cancel_moments.add(n)
                run_gate.release.set()
                await _held_or_done(Gate(0), run.done, _worker_exists(runner))
                cancel_gate.release.set()
                try:
                    answer = await asyncio.wait_for(cancel, PATIENCE_S)
                except JobStateError as exc:
                    pytest.fail(f"{moment}: the cancel was refused: {exc}")
                assert answer.status in ("cancelled", "running", "paused"), (
                    moment, answer.status)
                await _ends_cancelled(runner, store, run, moment)
                store.close()
        if not startup_reached:
            break
        startup_moments += 1
    # Spec, "running", "started" event, spawn: at least four awaits, held before and after.
    assert startup_moments >= 8, startup_moments
    assert len(cancel_moments) >= 2, cancel_moments


class _Either:
    """Two gates, each holding its own task."""

    def __init__(self, *gates: Gate) -> None:
        self.gates = gates

    async def passing(self) -> None:
        for gate in self.gates:
            await gate.passing()


async def _stop_everything(run_gate: Gate, cancel_gate: Gate, *tasks: asyncio.Task[Any]) -> None:
    run_gate.release.set()
    cancel_gate.release.set()
    for process in spawned:
        if process.returncode is None:
            process.kill()
    spawned.clear()
    for task in tasks:
        await asyncio.wait_for(task, PATIENCE_S)
