"""One fine-tuning job at a time: the queue, and supervision of the worker subprocess.

validating_files -> queued -> running (<-> paused) -> succeeded | failed | cancelled.
The worker (`python -m fine_tune_studio.engine.training.worker SPEC_JSON --control-stdin`)
reports on stdout one JSON object per line and takes `pause` / `resume` / `stop` lines on
its stdin (see `engine.training.control`); its stderr goes to jobs/<id>/worker.log, whose
tail becomes the job's error when it dies without saying why.

Cancels and pauses can arrive at any moment of a job's start-up, which awaits several
times (spec, status, event, process). Both are recorded before anything is awaited, and
the start-up looks for them after each of its awaits, so none is lost in between.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from fine_tune_studio.core.job_state import TERMINAL_STATUSES
from fine_tune_studio.engine import ids
from fine_tune_studio.engine.config import EngineConfig
from fine_tune_studio.engine.fsutil import inside, write_atomic
from fine_tune_studio.engine.model_registry import checkpoint_name, fine_tuned_name
from fine_tune_studio.engine.records import (
    CheckpointRecord,
    EventRecord,
    FileRecord,
    JobRecord,
)
from fine_tune_studio.engine.store import Store
from fine_tune_studio.engine.worker_protocol import (
    device_event_data,
    device_message,
    metrics_data,
    metrics_message,
    parse_line,
    results_csv,
)

log = logging.getLogger(__name__)

WORKER_MODULE = "fine_tune_studio.engine.training.worker"
WORKER_CONTROL_FLAG = "--control-stdin"
CANCEL_GRACE_S = 30.0
# Shorter when the engine itself stops, so the app's launcher (15 s) need not kill the engine
# before it has killed its worker.
SHUTDOWN_GRACE_S = 8.0
STDERR_TAIL_CHARS = 2000
# Worker logs and everything else the engine writes are for this user only (docs/engine.md).
PRIVATE_FILE_MODE = 0o600

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

    def send(self, command: Literal["pause", "resume", "stop"]) -> None:
        """One line on the worker's control channel. Never awaits (callers rely on that)."""
        stdin = self.process.stdin
        if stdin is None or stdin.is_closing() or self.process.returncode is not None:
            return
        with contextlib.suppress(ConnectionError, RuntimeError):
            stdin.write(f"{command}\n".encode())

    def pause(self) -> None:
        """Ask the worker to wait after its current step, and start counting paused time."""
        self.send("pause")
        self.paused = True
        self.paused_since = time.monotonic()

    def resume(self) -> None:
        self.send("resume")
        self.paused = False
        if self.paused_since is not None:
            self.paused_total += time.monotonic() - self.paused_since
            self.paused_since = None


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
        # Jobs a cancel was asked for: recorded before the cancel awaits anything, looked
        # for by the start-up after each of its awaits, dropped when the job has ended.
        self._cancel_requested: set[str] = set()
        # Cancel calls still answering, per job, and the jobs their requests got cancelled:
        # such a call answers with the cancelled job, not "already cancelled".
        self._cancel_calls: dict[str, int] = {}
        self._cancelled_on_request: set[str] = set()
        # A job is "running" a moment before its worker process exists; a pause asked for
        # in that moment is remembered and applied as the process starts.
        self._starting: str | None = None
        self._pause_pending: set[str] = set()
        self._active: str | None = None  # the job `_run` handles, from start to finish

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
            self._terminate(current)
            try:
                await asyncio.wait_for(current.process.wait(), SHUTDOWN_GRACE_S)
            except TimeoutError:
                with contextlib.suppress(ProcessLookupError):
                    current.process.kill()
        for task in [*self._tasks, *self._background]:
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
        # First, before any await: a start-up running meanwhile must be able to see it.
        self._cancel_requested.add(job_id)
        self._cancel_calls[job_id] = self._cancel_calls.get(job_id, 0) + 1
        try:
            return await self._cancel(job_id)
        finally:
            self._cancel_calls[job_id] -= 1
            if not self._cancel_calls[job_id]:
                del self._cancel_calls[job_id]
                self._cancelled_on_request.discard(job_id)

    async def _cancel(self, job_id: str) -> JobRecord:
        try:
            job = await self._get(job_id)
        except KeyError:
            self._cancel_requested.discard(job_id)
            raise
        if job.status == "cancelled" and job_id in self._cancelled_on_request:
            return job  # the start-up honoured this request while it waited
        if job.status in TERMINAL_STATUSES:
            self._cancel_requested.discard(job_id)
            raise JobStateError(f"Job {job_id} has already {job.status}; it cannot be cancelled.")
        if await self._stop_current(job_id):
            return await self._get(job_id)
        changed = await asyncio.to_thread(
            lambda: self._store.update(
                JobRecord, job_id, status="cancelled", finished_at=now(), estimated_finish=None,
                only_if_status=["validating_files", "queued"],
            )
        )
        if changed is not None:
            self._cancel_requested.discard(job_id)
            await self.log_event(job_id, "Fine-tuning job cancelled")
            return await self._get(job_id)
        # It started (or ended) in the meantime.
        if await self._stop_current(job_id):
            return await self._get(job_id)
        job = await self._get(job_id)
        if job.status == "cancelled" and job_id in self._cancelled_on_request:
            return job
        if job.status in TERMINAL_STATUSES:
            self._cancel_requested.discard(job_id)
            raise JobStateError(f"Job {job_id} has already {job.status}.")
        if self._active != job_id:
            # Its worker has just exited and the job is being finished: too late to cancel.
            self._cancel_requested.discard(job_id)
        # Otherwise its start-up is under way and stops it at its next step.
        return job

    async def _stop_current(self, job_id: str) -> bool:
        """Stop this job's worker if it is the one running; False if it is not."""
        current = self._current
        if current is None or current.job_id != job_id:
            return False
        if not current.cancel_requested:
            current.cancel_requested = True
            self._terminate(current)  # before the await below: nothing may come between
            await self.log_event(job_id, "Cancelling the job: stopping training at the next step.")
        return True

    async def pause(self, job_id: str) -> JobRecord:
        if self._starting == job_id and job_id not in self._cancel_requested:
            if job_id not in self._pause_pending:
                self._pause_pending.add(job_id)  # `_start` passes it on as the worker starts
                await self._record_paused(job_id)
            return await self._get(job_id)
        current = self._require_running(job_id, "paused")
        if not current.paused:
            current.pause()
            await self._record_paused(job_id)
        return await self._get(job_id)

    async def resume(self, job_id: str) -> JobRecord:
        if self._starting == job_id and job_id not in self._cancel_requested:
            if job_id in self._pause_pending:
                self._pause_pending.discard(job_id)
                await self._record_resumed(job_id)
            return await self._get(job_id)
        current = self._require_running(job_id, "resumed")
        if current.paused:
            current.resume()
            await self._record_resumed(job_id)
        return await self._get(job_id)

    async def _record_paused(self, job_id: str) -> None:
        # Compare-and-set: a job that ended meanwhile keeps its final status.
        changed = await asyncio.to_thread(
            lambda: self._store.update(JobRecord, job_id, status="paused", estimated_finish=None,
                                       only_if_status=["running"])
        )
        if changed is not None:
            await self.log_event(job_id, "Fine-tuning job paused")

    async def _record_resumed(self, job_id: str) -> None:
        changed = await asyncio.to_thread(
            lambda: self._store.update(JobRecord, job_id, status="running",
                                       only_if_status=["paused"])
        )
        if changed is not None:
            await self.log_event(job_id, "Fine-tuning job resumed")

    def _require_running(self, job_id: str, verb: str) -> _Running:
        current = self._current
        if current is None or current.job_id != job_id or current.cancel_requested:
            raise JobStateError(f"Only a running job can be {verb}.")
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
        self._active = job.id
        try:
            await self._run_active(job)
        finally:
            self._active = None
            self._cancel_requested.discard(job.id)

    async def _run_active(self, job: JobRecord) -> None:
        try:
            current = await self._start(job)
        finally:
            self._starting = None
            self._pause_pending.discard(job.id)
        if current is None:
            return
        try:
            outcome = await self._supervise(current)
        except Exception as exc:  # e.g. an absurdly long line: never leave the job running
            log.exception("supervising %s failed", job.id)
            self._terminate(current)
            outcome = {"metrics": [], "error": f"The engine lost track of training: {exc}",
                       "returncode": await current.process.wait()}
        finally:
            self._current = None
            if current.process.stdin is not None:
                current.process.stdin.close()
        if self._stopping:
            return
        try:
            await asyncio.to_thread(self._finish, current, outcome)
        except Exception as exc:
            log.exception("finishing %s failed", job.id)
            await asyncio.to_thread(self._finish_failed, job.id, "engine_error",
                                    f"The engine could not save the results: {exc}")

    async def _start(self, job: JobRecord) -> _Running | None:
        """Spec, status, event, worker process: the worker, or None when the job was
        cancelled on the way (a cancel is looked for after every await) or could not start.
        """
        if await self._cancelled_at_start(job.id):
            return None
        job_dir = self._config.jobs_dir / job.id
        try:
            spec_path, resolved = await asyncio.to_thread(self._write_spec, job, self._config)
        except Exception as exc:
            await asyncio.to_thread(
                self._finish_failed, job.id, "invalid_job", f"Could not prepare training: {exc}"
            )
            return None
        if await self._cancelled_at_start(job.id):
            return None
        log_path = job_dir / "worker.log"
        started = await asyncio.to_thread(
            lambda: self._store.update(
                JobRecord, job.id, status="running", only_if_status=["queued"],
                hyperparameters={**job.hyperparameters, **resolved},
            )
        )
        if started is None or await self._cancelled_at_start(job.id):
            return None  # cancelled while its spec was written, or just now
        self._starting = job.id
        await self.log_event(job.id, "Fine-tuning job started")
        if await self._cancelled_at_start(job.id):
            return None
        # If the engine is killed outright, the worker notices (its parent watch, and the
        # end of its control channel) and stops; the job is marked failed when the engine
        # starts again.
        try:
            process = await self._spawn_worker(spec_path, log_path)
        except Exception as exc:
            log.exception("starting the worker of %s failed", job.id)
            await asyncio.to_thread(self._finish_failed, job.id, "training_failed",
                                    f"The training process could not be started: {exc}")
            return None
        current = _Running(job.id, process, log_path)
        # From here to the return nothing is awaited: a cancel or pause asked for until now
        # is seen below, and one asked for later finds `_current`.
        self._current = current
        if job.id in self._cancel_requested:
            self._honouring_cancel(job.id)
            current.cancel_requested = True
            self._terminate(current)
        elif job.id in self._pause_pending:  # paused while the worker was starting
            current.pause()
        return current

    async def _cancelled_at_start(self, job_id: str) -> bool:
        """Honour a cancel asked for while the job starts: True when it was."""
        if job_id not in self._cancel_requested:
            return False
        self._honouring_cancel(job_id)
        await asyncio.to_thread(self._finish_cancelled, job_id, ["queued", "running", "paused"])
        return True

    def _honouring_cancel(self, job_id: str) -> None:
        """The start-up is acting on a cancel: the calls still waiting to answer it must
        answer with the cancelled job."""
        if job_id in self._cancel_calls:
            self._cancelled_on_request.add(job_id)

    @staticmethod
    async def _spawn_worker(spec_path: Path, log_path: Path) -> asyncio.subprocess.Process:
        log_path.parent.mkdir(parents=True, exist_ok=True)
        # Private, whatever the umask: the log may quote training data.
        fd = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, PRIVATE_FILE_MODE)
        with os.fdopen(fd, "ab") as stderr:
            return await asyncio.create_subprocess_exec(
                sys.executable, "-m", WORKER_MODULE, str(spec_path), WORKER_CONTROL_FLAG,
                stdin=asyncio.subprocess.PIPE,
                stdout=asyncio.subprocess.PIPE,
                stderr=stderr,
                limit=4 * 1024 * 1024,
            )

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
            elif kind == "device":
                device = device_event_data(message)
                if device is not None:
                    await self.log_event(current.job_id, device_message(device), data=device)
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
            self._finish_cancelled(job_id, ["running", "paused"])
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

    def _finish_cancelled(self, job_id: str, only_if_status: list[str]) -> None:
        changed = self._store.update(
            JobRecord, job_id, status="cancelled", finished_at=now(), estimated_finish=None,
            only_if_status=only_if_status,
        )
        if changed is not None:
            self._add_event(job_id, "Fine-tuning job cancelled")

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

    def _terminate(self, current: _Running) -> None:
        """Ask the worker to stop at its next step (a paused one stops waiting), and kill it
        if it has not within the grace period. Never awaits: callers rely on that."""
        process = current.process
        if process.returncode is not None:
            return
        current.send("stop")
        if os.name == "posix":
            # SIGTERM also reaches a worker not yet reading its control channel; on Windows
            # terminate() would kill at once, so there the "stop" line does the asking.
            process.terminate()

        async def kill_later() -> None:
            try:
                await asyncio.wait_for(process.wait(), CANCEL_GRACE_S)
            except TimeoutError:
                with contextlib.suppress(ProcessLookupError):
                    process.kill()

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

