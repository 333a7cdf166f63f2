"""Watches the fine-tuning jobs of every provider, on the event loop, never blocking Qt.

One background task polls: the providers' job lists now and then, and each unfinished
job's status and *new* events (by cursor) often. The interval grows while nothing changes
(backoff) and snaps back when something does, so a quiet queued job costs little and a
running one updates about every `base_interval` seconds. Failures back off further and
are reported per provider, never raised into Qt.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from PySide6.QtCore import QObject, Signal

from fine_tune_studio.core.job_records import JobRecord, JobRecordBook
from fine_tune_studio.core.metrics import MetricPoint, parse_result_csv, point_from_event
from fine_tune_studio.ui.async_tools import TaskTracker
from fine_tune_studio.ui.jobs.status_words import is_terminal

log = logging.getLogger(__name__)


class JobsClient(Protocol):
    """The part of services.client.ProviderClient the monitor uses."""

    async def list_jobs(self, limit: int = 20, after: str | None = None) -> list[Any]: ...
    async def retrieve_job(self, job_id: str) -> Any: ...
    async def list_events(self, job_id: str, after: str | None = None) -> Any: ...
    async def list_checkpoints(self, job_id: str) -> list[Any]: ...
    async def cancel_job(self, job_id: str) -> Any: ...
    async def pause_job(self, job_id: str) -> Any: ...
    async def resume_job(self, job_id: str) -> Any: ...
    async def download_file(self, file_id: str) -> bytes: ...


ClientFor = Callable[[str], Awaitable[JobsClient]]


@dataclass(frozen=True)
class ProviderRef:
    id: str
    name: str
    # False for "This computer" when its engine is not running and nothing was started
    # there: listing would start the engine just to find nothing.
    list_jobs: bool = True


def job_key(provider_id: str, job_id: str) -> str:
    return f"{provider_id}/{job_id}"


def field_of(obj: Any, name: str, default: Any = None) -> Any:
    """A field of an SDK object or a plain dict (events and errors come as either)."""
    if obj is None:
        return default
    if isinstance(obj, dict):
        return obj.get(name, default)
    value = getattr(obj, name, default)
    if value is default:
        extra = getattr(obj, "model_extra", None) or {}
        value = extra.get(name, default)
    return value


@dataclass
class TrackedJob:
    provider_id: str
    provider_name: str
    job: Any
    record: JobRecord | None = None
    events: list[Any] = field(default_factory=list)
    cursor: str | None = None
    points: list[MetricPoint] = field(default_factory=list)
    checkpoints: list[Any] = field(default_factory=list)
    history_loaded: bool = False
    seen_unfinished: bool = False  # we watched it run, so its end is news worth a notice
    first_metric_at: float | None = None
    last_error: BaseException | None = None
    # After the end, events written a moment after the status (final metrics, the last
    # message) are still fetched on this many more rounds.
    settle_rounds: int = 0
    fetch_lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    @property
    def id(self) -> str:
        return str(field_of(self.job, "id"))

    @property
    def key(self) -> str:
        return job_key(self.provider_id, self.id)

    @property
    def status(self) -> str | None:
        value = field_of(self.job, "status")
        return str(value) if value is not None else None

    @property
    def last_step(self) -> int | None:
        return self.points[-1].step if self.points else None

    @property
    def total_steps(self) -> int | None:
        for point in reversed(self.points):
            if point.total_steps:
                return point.total_steps
        return None

    def n_epochs(self) -> int | None:
        hyper = field_of(self.job, "hyperparameters")
        value = field_of(hyper, "n_epochs")
        if isinstance(value, int):
            return value
        method = field_of(self.job, "method")
        kind = field_of(method, "type")
        part = field_of(method, str(kind)) if kind else None
        value = field_of(field_of(part, "hyperparameters"), "n_epochs")
        return value if isinstance(value, int) else None

    def elapsed_seconds(self, now: float | None = None) -> float | None:
        created = field_of(self.job, "created_at")
        if not isinstance(created, int | float):
            return None
        finished = field_of(self.job, "finished_at")
        end = finished if isinstance(finished, int | float) and finished else (now or time.time())
        return max(0.0, end - created)

    def estimated_finish(self, now: float | None = None) -> float | None:
        """Unix time the job should end: the provider's guess, else ours from the steps."""
        if is_terminal(self.status):
            return None
        estimate = field_of(self.job, "estimated_finish")
        if isinstance(estimate, int | float) and estimate > 0:
            return float(estimate)
        step, total = self.last_step, self.total_steps
        if not step or not total or self.first_metric_at is None or self.status != "running":
            return None
        now = now or time.time()
        per_step = (now - self.first_metric_at) / max(1, step)
        return now + per_step * max(0, total - step)


class JobMonitor(QObject):
    jobs_changed = Signal()  # jobs were added or removed
    job_updated = Signal(str)  # key: status or numbers changed
    events_added = Signal(str, list)  # key, new events (oldest first)
    metrics_added = Signal(str, list)  # key, new MetricPoints
    checkpoints_updated = Signal(str)
    job_finished = Signal(str)  # key: a job we watched reached succeeded/failed/cancelled
    provider_error = Signal(str, object)  # provider id, the exception (ServiceError)
    provider_ok = Signal(str)

    def __init__(
        self,
        client_for: ClientFor,
        providers: Callable[[], Sequence[ProviderRef]],
        records: JobRecordBook,
        *,
        tasks: TaskTracker | None = None,
        base_interval: float = 2.0,
        max_interval: float = 30.0,
        list_interval: float = 60.0,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._client_for = client_for
        self._providers = providers
        self.records = records
        self.tasks = tasks or TaskTracker()
        self.base_interval = base_interval
        self.max_interval = max_interval
        self.list_interval = list_interval
        self.jobs: dict[str, TrackedJob] = {}
        self._interval = base_interval
        self._wake: asyncio.Future[None] | None = None
        self._relist = True
        self._task: asyncio.Task[None] | None = None
        self._last_list = 0.0
        self._closed = False

    # -- lifecycle ---------------------------------------------------------------------

    def start(self) -> None:
        if self._closed:
            return  # the app is closing: a late start would outlive the event loop
        if self._task is None or self._task.done():
            self._task = self.tasks.start(self._run(), name="job-monitor")

    def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            self._task = None

    async def aclose(self) -> None:
        """Stop polling for good and wait until the poller has really ended."""
        self._closed = True
        task, self._task = self._task, None
        if task is not None and not task.done():
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    def refresh_now(self, *, relist: bool = True) -> None:
        self._relist = self._relist or relist
        self._interval = self.base_interval
        if self._wake is not None and not self._wake.done():
            self._wake.set_result(None)

    # -- what the panel asks -----------------------------------------------------------

    def sorted_jobs(self) -> list[TrackedJob]:
        return sorted(
            self.jobs.values(),
            key=lambda t: field_of(t.job, "created_at") or 0,
            reverse=True,
        )

    def add_created(self, provider_id: str, provider_name: str, job: Any, record: JobRecord) -> str:
        """A job the wizard just created: watch it at once."""
        tracked = TrackedJob(provider_id, provider_name, job, record=record, seen_unfinished=True)
        self.jobs[tracked.key] = tracked
        self.jobs_changed.emit()
        self.refresh_now(relist=False)
        return tracked.key

    async def act(self, key: str, action: str) -> None:
        """cancel / pause / resume; raises ServiceError for the caller to explain."""
        tracked = self.jobs[key]
        client = await self._client_for(tracked.provider_id)
        method = {
            "cancel": client.cancel_job,
            "pause": client.pause_job,
            "resume": client.resume_job,
        }[action]
        job = await method(tracked.id)
        self._apply_job(tracked, job)
        self.refresh_now(relist=False)

    async def load_history(self, key: str) -> None:
        """All events, checkpoints and (if no metrics events) the result file of a job."""
        tracked = self.jobs.get(key)
        if tracked is None or tracked.history_loaded:
            return
        client = await self._client_for(tracked.provider_id)
        await self._fetch_events(tracked, client)
        await self._fetch_checkpoints(tracked, client)
        if not tracked.points and is_terminal(tracked.status):
            await self._fetch_result_metrics(tracked, client)
        tracked.history_loaded = True

    async def download_results(self, key: str) -> list[tuple[str, bytes]]:
        tracked = self.jobs[key]
        client = await self._client_for(tracked.provider_id)
        files = []
        for file_id in field_of(tracked.job, "result_files") or []:
            files.append((str(file_id), await client.download_file(str(file_id))))
        return files

    # -- the loop ----------------------------------------------------------------------

    async def _run(self) -> None:
        while True:
            changed = False
            failed = False
            now = time.monotonic()
            if self._relist or now - self._last_list >= self.list_interval:
                self._relist = False
                self._last_list = now
                changed_list, failed_list = await self._list_all()
                changed |= changed_list
                failed |= failed_list
            for tracked in [t for t in self.jobs.values() if t.settle_rounds > 0]:
                tracked.settle_rounds -= 1
                try:
                    client = await self._client_for(tracked.provider_id)
                    changed |= bool(await self._fetch_events(tracked, client))
                except asyncio.CancelledError:
                    raise
                except Exception as exc:
                    log.info("late events of %s unavailable: %s", tracked.key, exc)
            for tracked in [t for t in self.jobs.values() if not is_terminal(t.status)]:
                try:
                    changed |= await self._poll(tracked)
                    tracked.last_error = None
                except asyncio.CancelledError:
                    raise
                except Exception as exc:
                    failed = True
                    tracked.last_error = exc
                    self.provider_error.emit(tracked.provider_id, exc)
            if changed:
                self._interval = self.base_interval
            elif failed:
                self._interval = min(self.max_interval * 2, self._interval * 2)
            else:
                self._interval = min(self.max_interval, self._interval * 1.5)
            if not any(
                not is_terminal(t.status) or t.settle_rounds for t in self.jobs.values()
            ):
                wait = self.list_interval
            else:
                wait = self._interval
            if self._closed:
                # A cancellation can arrive as a transport error mid-request (the SDK maps
                # it); the closed flag ends the loop either way.
                return
            await self._sleep(wait)

    async def _sleep(self, seconds: float) -> None:
        """Wait `seconds` or until refresh_now(). A bare future, not wait_for(Event): under
        qasync on 3.11 cancelling wait_for hung until its timeout, so closing the app
        waited up to a minute."""
        loop = asyncio.get_running_loop()
        wake: asyncio.Future[None] = loop.create_future()
        self._wake = wake
        def ring() -> None:
            if not wake.done():
                wake.set_result(None)

        timer = loop.call_later(seconds, ring)
        try:
            await wake
        finally:
            timer.cancel()
            self._wake = None

    async def _list_all(self) -> tuple[bool, bool]:
        changed = failed = False
        for provider in self._providers():
            wanted = provider.list_jobs or any(
                t.provider_id == provider.id for t in self.jobs.values()
            )
            if not wanted and not self.records.for_provider(provider.id):
                continue
            try:
                client = await self._client_for(provider.id)
                jobs = await client.list_jobs(limit=50)
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                failed = True
                self.provider_error.emit(provider.id, exc)
                continue
            self.provider_ok.emit(provider.id)
            added = False
            for job in jobs:
                key = job_key(provider.id, str(field_of(job, "id")))
                tracked = self.jobs.get(key)
                if tracked is None:
                    record = self.records.get(provider.id, str(field_of(job, "id")))
                    tracked = TrackedJob(provider.id, provider.name, job, record=record)
                    tracked.seen_unfinished = not is_terminal(tracked.status)
                    self.jobs[key] = tracked
                    added = True
                else:
                    changed |= self._apply_job(tracked, job)
            if added:
                changed = True
                self.jobs_changed.emit()
        return changed, failed

    async def _poll(self, tracked: TrackedJob) -> bool:
        client = await self._client_for(tracked.provider_id)
        job = await client.retrieve_job(tracked.id)
        finished = is_terminal(field_of(job, "status")) and not is_terminal(tracked.status)
        changed = False
        try:
            changed = bool(await self._fetch_events(tracked, client))
            if finished:
                # The last events (final metrics, "job succeeded") may land with the status.
                changed |= bool(await self._fetch_events(tracked, client))
                await self._fetch_checkpoints(tracked, client)
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            # A provider without events or checkpoints still gets its status shown.
            log.info("events of %s unavailable: %s", tracked.key, exc)
        changed |= self._apply_job(tracked, job)
        return changed

    def _apply_job(self, tracked: TrackedJob, job: Any) -> bool:
        before = (
            tracked.status,
            field_of(tracked.job, "trained_tokens"),
            field_of(tracked.job, "fine_tuned_model"),
            field_of(tracked.job, "estimated_finish"),
        )
        was_terminal = is_terminal(tracked.status)
        tracked.job = job
        after = (
            tracked.status,
            field_of(job, "trained_tokens"),
            field_of(job, "fine_tuned_model"),
            field_of(job, "estimated_finish"),
        )
        if not is_terminal(tracked.status):
            tracked.seen_unfinished = True
        if before == after:
            return False
        self.job_updated.emit(tracked.key)
        if is_terminal(tracked.status) and not was_terminal and tracked.seen_unfinished:
            tracked.settle_rounds = 2
            self.job_finished.emit(tracked.key)
        return True

    async def _fetch_events(self, tracked: TrackedJob, client: JobsClient) -> list[Any]:
        # The poll loop and a detail view's history load must not both read from the same
        # cursor, or events would be counted twice.
        async with tracked.fetch_lock:
            page = await client.list_events(tracked.id, after=tracked.cursor)
            events = list(field_of(page, "events") or [])
            tracked.cursor = field_of(page, "cursor") or tracked.cursor
        if not events:
            return []
        tracked.events.extend(events)
        points = [p for p in (point_from_event(e) for e in events) if p is not None]
        if points and tracked.first_metric_at is None:
            created = field_of(next(e for e in events if point_from_event(e)), "created_at")
            tracked.first_metric_at = float(created) if created else time.time()
        self.events_added.emit(tracked.key, events)
        if points:
            tracked.points.extend(points)
            self.metrics_added.emit(tracked.key, points)
        return events

    async def _fetch_checkpoints(self, tracked: TrackedJob, client: JobsClient) -> None:
        checkpoints = list(await client.list_checkpoints(tracked.id))
        checkpoints.sort(key=lambda c: field_of(c, "step_number") or 0)
        tracked.checkpoints = checkpoints
        self.checkpoints_updated.emit(tracked.key)

    async def _fetch_result_metrics(self, tracked: TrackedJob, client: JobsClient) -> None:
        for file_id in field_of(tracked.job, "result_files") or []:
            try:
                data = await client.download_file(str(file_id))
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # the chart stays empty; the job itself is fine
                log.info("result file %s unreadable: %s", file_id, exc)
                continue
            points = parse_result_csv(data)
            if points:
                tracked.points.extend(points)
                self.metrics_added.emit(tracked.key, points)
                return
