"""One fine-tuning job at a time: the queue, and supervision of the worker subprocess.

validating_files -> queued -> running (<-> paused) -> succeeded | failed | cancelled.
The worker (`python -m fine_tune_studio.engine.training.worker SPEC_JSON`) reports on stdout
one JSON object per line; its stderr goes to jobs/<id>/worker.log, whose tail becomes the
job's error when it dies without saying why.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from fine_tune_studio.engine import ids
from fine_tune_studio.engine.config import EngineConfig
from fine_tune_studio.engine.fsutil import inside, write_atomic
from fine_tune_studio.engine.model_registry import checkpoint_name, fine_tuned_name
from fine_tune_studio.engine.records import (
    TERMINAL_STATUSES,
    CheckpointRecord,
    EventRecord,
    FileRecord,
    JobRecord,
)
from fine_tune_studio.engine.store import Store
from fine_tune_studio.engine.worker_protocol import (
    metrics_data,
    metrics_message,
    parse_line,
    results_csv,
)

log = logging.getLogger(__name__)

WORKER_MODULE = "fine_tune_studio.engine.training.worker"
CANCEL_GRACE_S = 30.0
# Shorter when the engine itself stops, so the app's launcher (15 s) need not kill the engine
# before it has killed its worker.
SHUTDOWN_GRACE_S = 8.0
STDERR_TAIL_CHARS = 2000

SpecWriter = Callable[[JobRecord, EngineConfig], tuple[Path, dict[str, Any]]]


def now() -> int:
    return int(time.time())


class JobStateError(Exception):
    """The job is not in a state that allows the requested transition."""


@dataclass
class _Running:
    job_id: str
    process: asyncio.subprocess.Process
    log_path: Path
    cancel_requested: bool = False
    paused: bool = False
    started: float = field(default_factory=time.monotonic)
    paused_total: float = 0.0
    paused_since: float | None = None

    def stop_process(self) -> None:
        """SIGSTOP the worker and start counting paused time."""
        _signal(self.process, "SIGSTOP")
        self.paused = True
        self.paused_since = time.monotonic()


class JobRunner:
    def __init__(self, config: EngineConfig, store: Store, write_spec: SpecWriter) -> None:
        self._config = config
        self._store = store
        self._write_spec = write_spec
        self._wake_run = asyncio.Event()
        self._wake_validation = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []
        self._current: _Running | None = None
        self._stopping = False
        self._background: set[asyncio.Task[None]] = set()
        self._cancel_pending: set[str] = set()
        # A job is "running" a moment before its worker process exists; a pause asked for
        # in that moment is remembered and applied as the process starts.
        self._starting: str | None = None
        self._pause_pending: set[str] = set()

    # -- lifecycle ----------------------------------------------------------------------

    async def start(self) -> None:
        await asyncio.to_thread(self._recover_stale_jobs)
        self._tasks = [
            asyncio.create_task(self._loop(), name="job-runner"),
            asyncio.create_task(self._validation_loop(), name="job-validation"),
        ]

    async def stop(self) -> None:
        self._stopping = True
        current = self._current
        if current is not None:
            # A stopped engine cannot supervise; the job is failed rather than left running.
            await self._terminate(current)
        for task in self._tasks:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        if current is not None:
            await asyncio.to_thread(
                self._finish_failed, current.job_id, "engine_stopped",
                "The engine was stopped while this job was running. Start the job again.",
            )

    def wake(self) -> None:
        self._wake_validation.set()
        self._wake_run.set()

    def _recover_stale_jobs(self) -> None:
        for job in self._store.all(JobRecord, "status IN ('running', 'paused')"):
            self._finish_failed(
                job.id, "engine_restarted",
                "The engine stopped while this job was running. Start the job again.",
            )

    # -- control ------------------------------------------------------------------------

    async def cancel(self, job_id: str) -> JobRecord:
        job = await self._get(job_id)
        if job.status in TERMINAL_STATUSES:
            raise JobStateError(f"Job {job_id} has already {job.status}; it cannot be cancelled.")
        current = self._current
        if current is not None and current.job_id == job_id:
            current.cancel_requested = True
            await self.log_event(job_id, "Cancelling the job: stopping training at the next step.")
            await self._terminate(current)
            return await self._get(job_id)
        changed = await asyncio.to_thread(
            lambda: self._store.update(
                JobRecord, job_id, status="cancelled", finished_at=now(), estimated_finish=None,
                only_if_status=["validating_files", "queued"],
            )
        )
        if changed is None:
            # It started (or finished) in the meantime.
            if self._current is not None and self._current.job_id == job_id:
                return await self.cancel(job_id)
            job = await self._get(job_id)
            if job.status in TERMINAL_STATUSES:
                raise JobStateError(f"Job {job_id} has already {job.status}.")
            # Its worker is being started: cancel it as soon as it exists.
            self._cancel_pending.add(job_id)
            return job
        await self.log_event(job_id, "Fine-tuning job cancelled")
        return await self._get(job_id)

    async def pause(self, job_id: str) -> JobRecord:
        if self._starting == job_id and hasattr(signal, "SIGSTOP"):
            if job_id not in self._pause_pending:
                self._pause_pending.add(job_id)  # `_run` stops the worker as it starts
                await self._record_paused(job_id)
            return await self._get(job_id)
        current = self._require_running(job_id, "paused")
        if not current.paused:
            current.stop_process()
            await self._record_paused(job_id)
        return await self._get(job_id)

    async def resume(self, job_id: str) -> JobRecord:
        if self._starting == job_id:
            if job_id in self._pause_pending:
                self._pause_pending.discard(job_id)
                await self._record_resumed(job_id)
            return await self._get(job_id)
        current = self._require_running(job_id, "resumed")
        if current.paused:
            _signal(current.process, "SIGCONT")
            current.paused = False
            if current.paused_since is not None:
                current.paused_total += time.monotonic() - current.paused_since
                current.paused_since = None
            await self._record_resumed(job_id)
        return await self._get(job_id)

    async def _record_paused(self, job_id: str) -> None:
        await asyncio.to_thread(
            self._store.update, JobRecord, job_id, status="paused", estimated_finish=None
        )
        await self.log_event(job_id, "Fine-tuning job paused")

    async def _record_resumed(self, job_id: str) -> None:
        await asyncio.to_thread(self._store.update, JobRecord, job_id, status="running")
        await self.log_event(job_id, "Fine-tuning job resumed")

    def _require_running(self, job_id: str, verb: str) -> _Running:
        current = self._current
        if current is None or current.job_id != job_id or current.cancel_requested:
            raise JobStateError(f"Only a running job can be {verb}.")
        if not hasattr(signal, "SIGSTOP"):
            raise JobStateError("Pausing jobs is not supported on this operating system.")
        return current

    # -- the loop -----------------------------------------------------------------------

    async def _loop(self) -> None:
        """Runs queued jobs one at a time, oldest first."""
        while not self._stopping:
            try:
                queued = await asyncio.to_thread(self._store.all, JobRecord, "status = 'queued'")
                if queued:
                    await self._run(queued[0])
                    continue
            except asyncio.CancelledError:
                raise
            except Exception:  # the loop must outlive any one job's surprise
                log.exception("job runner iteration failed")
            await self._nap(self._wake_run)

    async def _validation_loop(self) -> None:
        """Moves jobs on from validating_files as their files are checked, also while
        another job trains."""
        while not self._stopping:
            try:
                if await asyncio.to_thread(self._advance_validating):
                    self._wake_run.set()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("job validation iteration failed")
            await self._nap(self._wake_validation)

    @staticmethod
    async def _nap(event: asyncio.Event) -> None:
        event.clear()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(event.wait(), timeout=1.0)

    def _advance_validating(self) -> bool:
        """True when a job became queued."""
        queued = False
        for job in self._store.all(JobRecord, "status = 'validating_files'"):
            problem = self._file_problem(job)
            if problem == "pending":
                continue
            if isinstance(problem, tuple):
                code, param, message = problem
                self._finish_failed(job.id, code, message, param=param)
                continue
            if self._store.update(JobRecord, job.id, status="queued",
                                  only_if_status=["validating_files"]):
                self._add_event(job.id, "Validated the training files; the job is queued")
                queued = True
        return queued

    def _file_problem(
        self, job: JobRecord
    ) -> tuple[str, str, str] | Literal["pending"] | None:
        """(code, param, message) of the first unusable file, "pending" while one is
        still being checked, None when all are fine."""
        wanted = "preference" if job.method_type == "dpo" else "chat"
        pairs = [("training_file", job.training_file)]
        if job.validation_file:
            pairs.append(("validation_file", job.validation_file))
        for param, file_id in pairs:
            record = self._store.get(FileRecord, file_id)
            code = f"invalid_{param}"
            if record is None:
                return code, param, f"The file {file_id} no longer exists."
            if record.status == "uploaded":
                return "pending"
            if record.status == "error":
                return code, param, (
                    f"The file {file_id} ({record.filename}) has problems:\n"
                    f"{record.status_details or ''}"
                ).strip()
            if record.kind not in (wanted, None):
                what = "preference pairs (input, preferred_output, non_preferred_output)" \
                    if wanted == "preference" else "chat examples (messages)"
                return code, param, (
                    f"A {job.method_type} job needs {what}, but {record.filename} holds "
                    f"{record.kind} examples."
                )
        return None

    async def _run(self, job: JobRecord) -> None:
        job_dir = self._config.jobs_dir / job.id
        try:
            spec_path, resolved = await asyncio.to_thread(self._write_spec, job, self._config)
        except Exception as exc:
            await asyncio.to_thread(
                self._finish_failed, job.id, "invalid_job", f"Could not prepare training: {exc}"
            )
            return
        log_path = job_dir / "worker.log"
        job_dir.mkdir(parents=True, exist_ok=True)
        started = await asyncio.to_thread(
            lambda: self._store.update(
                JobRecord, job.id, status="running", only_if_status=["queued"],
                hyperparameters={**job.hyperparameters, **resolved},
            )
        )
        if started is None:
            return  # cancelled while its spec was written
        self._starting = job.id
        try:
            await self.log_event(job.id, "Fine-tuning job started")
            # If the engine is killed outright, the worker notices (engine.parent_watch) and
            # stops; the job is marked failed when the engine starts again.
            with log_path.open("ab") as stderr:
                process = await asyncio.create_subprocess_exec(
                    sys.executable, "-m", WORKER_MODULE, str(spec_path),
                    stdin=asyncio.subprocess.DEVNULL,
                    stdout=asyncio.subprocess.PIPE,
                    stderr=stderr,
                    limit=4 * 1024 * 1024,
                )
            current = _Running(job.id, process, log_path)
            self._current = current
            if job.id in self._pause_pending:  # paused while the worker was starting
                current.stop_process()
        finally:
            self._starting = None
            self._pause_pending.discard(job.id)
        if job.id in self._cancel_pending:
            self._cancel_pending.discard(job.id)
            current.cancel_requested = True
            await self._terminate(current)
        try:
            outcome = await self._supervise(current)
        except Exception as exc:  # e.g. an absurdly long line: never leave the job running
            log.exception("supervising %s failed", job.id)
            await self._terminate(current)
            outcome = {"metrics": [], "error": f"The engine lost track of training: {exc}",
                       "returncode": await process.wait()}
        finally:
            self._current = None
        if self._stopping:
            return
        try:
            await asyncio.to_thread(self._finish, current, outcome)
        except Exception as exc:
            log.exception("finishing %s failed", job.id)
            await asyncio.to_thread(self._finish_failed, job.id, "engine_error",
                                    f"The engine could not save the results: {exc}")

    async def _supervise(self, current: _Running) -> dict[str, Any]:
        outcome: dict[str, Any] = {"metrics": []}
        assert current.process.stdout is not None
        async for raw in current.process.stdout:
            message = parse_line(raw)
            if message is None:
                continue
            kind = message["type"]
            if kind == "message":
                level = message.get("level", "info")
                await self.log_event(current.job_id, str(message.get("message", "")),
                                  level=level if level in ("info", "warn", "error") else "info")
            elif kind == "metrics":
                data = metrics_data(message)
                outcome["metrics"].append(data)
                await self.log_event(current.job_id, metrics_message(data), type_="metrics",
                                  data=data)
                await asyncio.to_thread(self._update_estimate, current, data)
            elif kind == "checkpoint":
                await asyncio.to_thread(self._add_checkpoint, current.job_id, message)
            elif kind == "done":
                outcome["done"] = message
            elif kind == "error":
                outcome["error"] = str(message.get("message", "training failed"))
        outcome["returncode"] = await current.process.wait()
        return outcome

    def _update_estimate(self, current: _Running, data: dict[str, Any]) -> None:
        step, total = data.get("step"), data.get("total_steps")
        if not isinstance(step, int) or not isinstance(total, int) or step <= 0 or current.paused:
            return
        elapsed = time.monotonic() - current.started - current.paused_total
        remaining = elapsed / step * max(total - step, 0)
        self._store.update(JobRecord, current.job_id, estimated_finish=now() + int(remaining))

    def _add_checkpoint(self, job_id: str, message: dict[str, Any]) -> None:
        job = self._store.get(JobRecord, job_id)
        step, path = message.get("step"), message.get("path")
        if job is None or not isinstance(step, int) or not isinstance(path, str):
            return
        if not inside(self._config.jobs_dir / job_id, Path(path)):
            self._add_event(job_id, f"Ignored a checkpoint outside the job folder: {path}",
                            level="warn")
            return
        model = checkpoint_name(self.fine_tuned_model_name(job), step)
        raw_metrics = message.get("metrics")
        metrics = dict(raw_metrics) if isinstance(raw_metrics, dict) else {}
        metrics.setdefault("step", step)
        self._store.insert(CheckpointRecord(
            id=ids.new_id(ids.CHECKPOINT_PREFIX), job_id=job_id, created_at=now(), step=step,
            model_name=model, path=path, metrics=metrics,
        ))
        self._add_event(job_id, f"Checkpoint created at step {step}", data={"step": step})

    @staticmethod
    def fine_tuned_model_name(job: JobRecord) -> str:
        base_name = Path(job.base_dir).name if job.base_dir else job.model
        return fine_tuned_name(base_name, job.suffix, ids.short_part(job.id))

    def _finish(self, current: _Running, outcome: dict[str, Any]) -> None:
        job_id = current.job_id
        done = outcome.get("done")
        adapter = done.get("adapter_dir") if isinstance(done, dict) else None
        completed = (outcome.get("returncode") == 0 and isinstance(adapter, str)
                     and inside(self._config.jobs_dir / job_id, Path(adapter))
                     and Path(adapter).is_dir())
        if current.cancel_requested and not completed:
            self._store.update(JobRecord, job_id, status="cancelled", finished_at=now(),
                               estimated_finish=None)
            self._add_event(job_id, "Fine-tuning job cancelled")
            return
        if completed:
            assert isinstance(adapter, str)
            # A cancel that came after the last step does not undo a finished model.
            self._succeed(job_id, outcome, adapter)
            return
        message = outcome.get("error") or self._stderr_tail(current.log_path) or (
            f"The training process exited with code {outcome.get('returncode')}."
        )
        self._finish_failed(job_id, "training_failed", message)

    def _succeed(self, job_id: str, outcome: dict[str, Any], adapter: str) -> None:
        job = self._store.get(JobRecord, job_id)
        assert job is not None
        result_id = ids.new_id(ids.FILE_PREFIX)
        csv_bytes = results_csv(outcome["metrics"])
        write_atomic(self._config.files_dir / result_id, csv_bytes)
        self._store.insert(FileRecord(
            id=result_id, filename="step_metrics.csv", purpose="fine-tune-results",
            bytes=len(csv_bytes), created_at=now(), status="processed",
        ))
        trained = outcome["done"].get("trained_tokens")
        model = self.fine_tuned_model_name(job)
        self._store.update(
            JobRecord, job_id, status="succeeded", finished_at=now(), estimated_finish=None,
            fine_tuned_model=model, adapter_dir=adapter, result_files=[result_id],
            trained_tokens=trained if isinstance(trained, int) else None,
        )
        self._add_event(job_id, f"New fine-tuned model created: {model}")
        self._add_event(job_id, "The job has successfully completed")

    def _finish_failed(
        self, job_id: str, code: str, message: str, *, param: str | None = None
    ) -> None:
        changed = self._store.update(
            JobRecord, job_id, status="failed", finished_at=now(), estimated_finish=None,
            error={"code": code, "message": message, "param": param},
            only_if_status=["validating_files", "queued", "running", "paused"],
        )
        if changed is None:
            return
        self._add_event(job_id, f"Fine-tuning job failed: {message}", level="error")

    @staticmethod
    def _stderr_tail(path: Path) -> str:
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""
        return text[-STDERR_TAIL_CHARS:].strip()

    async def _terminate(self, current: _Running) -> None:
        process = current.process
        if process.returncode is not None:
            return
        if current.paused:
            _signal(process, "SIGCONT")
            current.paused = False
        process.terminate()

        grace = SHUTDOWN_GRACE_S if self._stopping else CANCEL_GRACE_S

        async def kill_later() -> None:
            try:
                await asyncio.wait_for(process.wait(), grace)
            except TimeoutError:
                with contextlib.suppress(ProcessLookupError):
                    process.kill()

        if self._stopping:
            await kill_later()
        else:
            task = asyncio.get_running_loop().create_task(kill_later())
            self._background.add(task)
            task.add_done_callback(self._background.discard)

    # -- records ------------------------------------------------------------------------

    async def _get(self, job_id: str) -> JobRecord:
        job = await asyncio.to_thread(self._store.get, JobRecord, job_id)
        if job is None:
            raise KeyError(job_id)
        return job

    async def log_event(self, job_id: str, message: str, *, level: str = "info",
                     type_: str = "message", data: dict[str, Any] | None = None) -> None:
        await asyncio.to_thread(self._add_event, job_id, message, level=level, type_=type_,
                                data=data)

    def _add_event(self, job_id: str, message: str, *, level: str = "info",
                   type_: str = "message", data: dict[str, Any] | None = None) -> None:
        self._store.insert(EventRecord(
            id=ids.new_id(ids.EVENT_PREFIX), job_id=job_id, created_at=now(), level=level,
            message=message, type=type_, data=data or {},
        ))


def _signal(process: asyncio.subprocess.Process, name: str) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(process.pid, getattr(signal, name))
