"""Following fine-tuning jobs: one job as an async iterator, or every provider's jobs at once.

Both poll through a `FineTuningAdapter`: the job's status and its *new* log lines and
metrics (by cursor). The interval grows while nothing changes (backoff x1.5, to 15x the
base) and snaps back when something does, so a quiet queued job costs little and a
running one updates about every `base_interval` seconds; failures back off x2. A job that
just ended is read twice more, for events written a moment after the status (final
metrics, the last message).

`JobWatcher` (every job of every provider, for the Training panel) tells a listener what
changed; it never raises into its caller. A provider that fails (unreachable, no key) is
left alone on a doubling schedule (`RetrySchedule`: 15 s up to 15 min; `retry_in` says
when next) until it answers or `refresh_now()` asks at once. Qt-free: the panel relays
the listener calls as signals.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from fine_tune_studio.core.job_records import JobRecord, JobRecordBook
from fine_tune_studio.core.job_state import (
    JobAction,
    JobCheckpoint,
    JobEvent,
    JobSnapshot,
    is_terminal,
)
from fine_tune_studio.core.metrics import MetricPoint
from fine_tune_studio.services.job_adapter import FineTuningAdapter

log = logging.getLogger(__name__)

AdapterFor = Callable[[str], Awaitable[FineTuningAdapter]]
Spawn = Callable[[Coroutine[Any, Any, None]], "asyncio.Task[None]"]

# Rounds of event reads after a job ended (late events land just after the status).
SETTLE_ROUNDS = 2
# A provider that cannot be reached is asked again after 15 s, then 30 s, 1 min… at
# most every 15 minutes: asking every minute forever helps nobody and, for a provider
# that answers, costs requests. Retry (refresh_now) asks at once.
FIRST_RETRY_SECONDS = 15.0
MAX_RETRY_SECONDS = 15 * 60.0


@dataclass
class RetrySchedule:
    """When to ask a failing provider again: doubling waits, capped."""

    first: float = FIRST_RETRY_SECONDS
    cap: float = MAX_RETRY_SECONDS
    failures: int = 0
    next_try: float = 0.0  # monotonic seconds; 0: now

    def failed(self, now: float) -> float:
        """Record a failure; returns the wait before the next try."""
        self.failures += 1
        wait = min(self.cap, self.first * 2 ** (self.failures - 1))
        self.next_try = now + wait
        return wait

    def due(self, now: float) -> bool:
        return now >= self.next_try

    def wait(self, now: float) -> float:
        return max(0.0, self.next_try - now)


def job_key(provider_id: str, job_id: str) -> str:
    return f"{provider_id}/{job_id}"


@dataclass(frozen=True)
class ProviderRef:
    id: str
    name: str
    # False for "This computer" when its engine is not running and nothing was started
    # there: listing would start the engine just to find nothing.
    list_jobs: bool = True


@dataclass
class TrackedJob:
    """A job being followed, with everything read about it so far."""

    provider_id: str
    provider_name: str
    job: JobSnapshot
    record: JobRecord | None = None
    events: list[JobEvent] = field(default_factory=list)
    cursor: str | None = None
    points: list[MetricPoint] = field(default_factory=list)
    checkpoints: list[JobCheckpoint] = field(default_factory=list)
    history_loaded: bool = False
    seen_unfinished: bool = False  # we watched it run, so its end is news worth a notice
    first_metric_at: float | None = None
    last_error: BaseException | None = None
    settle_rounds: int = 0
    fetch_lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    @property
    def id(self) -> str:
        return self.job.id

    @property
    def key(self) -> str:
        return job_key(self.provider_id, self.id)

    @property
    def status(self) -> str | None:
        return self.job.status

    @property
    def title(self) -> str:
        """What the user calls the job: its suffix or fine-tuned model, else the short id."""
        suffix = (self.record.suffix if self.record else None) or self.job.suffix
        return suffix or self.job.fine_tuned_model or self.id

    @property
    def last_step(self) -> int | None:
        return self.points[-1].step if self.points else None

    @property
    def total_steps(self) -> int | None:
        for point in reversed(self.points):
            if point.total_steps:
                return point.total_steps
        return None

    def elapsed_seconds(self, now: float | None = None) -> float | None:
        created = self.job.created_at
        if created is None:
            return None
        end = self.job.finished_at or (now or time.time())
        return max(0.0, end - created)

    def estimated_finish(self, now: float | None = None) -> float | None:
        """Unix time the job should end: the provider's guess, else ours from the steps."""
        if is_terminal(self.status):
            return None
        if self.job.estimated_finish:
            return self.job.estimated_finish
        step, total = self.last_step, self.total_steps
        if not step or not total or self.first_metric_at is None or self.status != "running":
            return None
        now = now or time.time()
        per_step = (now - self.first_metric_at) / max(1, step)
        return now + per_step * max(0, total - step)


@dataclass(frozen=True)
class JobUpdate:
    """What one round of following a job found (see `follow_job`)."""

    job: JobSnapshot
    events: tuple[JobEvent, ...] = ()
    points: tuple[MetricPoint, ...] = ()
    finished: bool = False  # this is the last update: the job ended and late events are in


async def fetch_new(tracked: TrackedJob, adapter: FineTuningAdapter) -> tuple[
    list[JobEvent], list[MetricPoint]
]:
    """Read what the job logged since the last read, and keep it in `tracked`."""
    # The poll loop and a detail view's history load must not both read from the same
    # cursor, or events would be counted twice.
    async with tracked.fetch_lock:
        page = await adapter.job_events(tracked.id, after=tracked.cursor)
        tracked.cursor = page.cursor or tracked.cursor
    events, points = list(page.events), list(page.points)
    tracked.events.extend(events)
    if points:
        if tracked.first_metric_at is None:
            tracked.first_metric_at = page.points_since or time.time()
        tracked.points.extend(points)
    return events, points


async def follow_job(
    adapter: FineTuningAdapter,
    job_id: str,
    *,
    base_interval: float = 2.0,
    max_interval: float = 30.0,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
) -> AsyncIterator[JobUpdate]:
    """Follow one job until it ends: `async for update in follow_job(adapter, id)`.

    Yields when something changed (status, numbers, new events or metrics); the last
    update has `finished=True`. Events that cannot be read are skipped (the status still
    comes); a failing status read raises its ServiceError to the caller, who may follow
    again (the events then start from the beginning).
    """
    tracked = TrackedJob("", "", await adapter.get_job(job_id))
    changed = True  # the first update always comes: it says where the job stands
    late_reads = 0
    interval = base_interval
    while True:
        try:
            events, points = await fetch_new(tracked, adapter)
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            # A provider without events (or a passing failure) still gets its status told.
            log.info("events of %s unavailable: %s", job_id, exc)
            events, points = [], []
        last = tracked.job.terminal and late_reads == 0
        if changed or events or points or last:
            yield JobUpdate(tracked.job, tuple(events), tuple(points), finished=last)
        if last:
            return
        if tracked.job.terminal:
            late_reads -= 1
            changed = False
            await sleep(base_interval)
            continue
        quiet = not (changed or events or points)
        interval = min(max_interval, interval * 1.5) if quiet else base_interval
        await sleep(interval)
        job = await adapter.get_job(job_id)
        changed = job.differs_for_the_user(tracked.job)
        if job.terminal:
            late_reads = SETTLE_ROUNDS
        tracked.job = job


class JobWatchListener(Protocol):
    """What the job service reports; keys are `job_key(provider_id, job_id)`."""

    def jobs_changed(self) -> None: ...  # jobs were added or removed
    def job_updated(self, key: str) -> None: ...  # status or numbers changed
    def events_added(self, key: str, events: list[JobEvent]) -> None: ...
    def metrics_added(self, key: str, points: list[MetricPoint]) -> None: ...
    def checkpoints_updated(self, key: str) -> None: ...
    def job_finished(self, key: str) -> None: ...  # a job we watched run has ended
    def provider_error(self, provider_id: str, error: BaseException) -> None: ...
    def provider_ok(self, provider_id: str) -> None: ...
    def records_not_saved(self, error: OSError) -> None: ...  # the job runs regardless


class JobWatcher:
    """Every job of every provider, polled by one background task (see the module text)."""

    def __init__(
        self,
        adapter_for: AdapterFor,
        providers: Callable[[], Sequence[ProviderRef]],
        records: JobRecordBook,
        listener: JobWatchListener,
        *,
        spawn: Spawn | None = None,
        base_interval: float = 2.0,
        max_interval: float = 30.0,
        list_interval: float = 60.0,
        first_retry: float = FIRST_RETRY_SECONDS,
        max_retry: float = MAX_RETRY_SECONDS,
    ) -> None:
        self._adapter_for = adapter_for
        self._providers = providers
        self.records = records
        self.listener = listener
        self._spawn: Spawn = spawn or asyncio.ensure_future
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
        # Providers that failed last time, and when each may be asked again.
        self._trouble: dict[str, RetrySchedule] = {}
        self._first_retry, self._max_retry = first_retry, max_retry

    # -- lifecycle ---------------------------------------------------------------------

    def start(self) -> None:
        if self._closed:
            return  # the app is closing: a late start would outlive the event loop
        if self._task is None or self._task.done():
            self._task = self._spawn(self._run())

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
        """Ask again now, every provider included (a Retry, a changed key or profile)."""
        self._relist = self._relist or relist
        for schedule in self._trouble.values():
            schedule.next_try = 0.0
        self._interval = self.base_interval
        if self._wake is not None and not self._wake.done():
            self._wake.set_result(None)

    # -- what callers ask ----------------------------------------------------------------

    def sorted_jobs(self) -> list[TrackedJob]:
        return sorted(self.jobs.values(), key=lambda t: t.job.created_at or 0, reverse=True)

    def add_created(
        self, provider_id: str, provider_name: str, job: JobSnapshot, record: JobRecord
    ) -> str:
        """A job just started here: watch it at once."""
        tracked = TrackedJob(provider_id, provider_name, job, record=record, seen_unfinished=True)
        self.jobs[tracked.key] = tracked
        self.listener.jobs_changed()
        self.refresh_now(relist=False)
        self.start()
        return tracked.key

    async def act(self, key: str, action: JobAction) -> None:
        """Cancel, pause or resume; raises ServiceError for the caller to explain."""
        tracked = self.jobs[key]
        adapter = await self._adapter_for(tracked.provider_id)
        self._apply_job(tracked, await adapter.control_job(tracked.id, action))
        self.refresh_now(relist=False)

    async def load_history(self, key: str) -> None:
        """All events, checkpoints and (if no metrics came as events) the result metrics."""
        tracked = self.jobs.get(key)
        if tracked is None or tracked.history_loaded:
            return
        adapter = await self._adapter_for(tracked.provider_id)
        await self._fetch_events(tracked, adapter)
        await self._fetch_checkpoints(tracked, adapter)
        if not tracked.points and is_terminal(tracked.status):
            points = await adapter.result_metrics(tracked.job)
            if points:
                tracked.points.extend(points)
                self.listener.metrics_added(key, points)
        tracked.history_loaded = True

    async def adapter(self, key: str) -> FineTuningAdapter:
        return await self._adapter_for(self.jobs[key].provider_id)

    def retry_in(self, provider_id: str, now: float | None = None) -> float | None:
        """Seconds until a failing provider is asked again; None when it is not failing."""
        schedule = self._trouble.get(provider_id)
        if schedule is None:
            return None
        return schedule.wait(time.monotonic() if now is None else now)

    def _can_ask(self, provider_id: str, now: float) -> bool:
        schedule = self._trouble.get(provider_id)
        return schedule is None or schedule.due(now)

    def _provider_failed(self, provider_id: str, error: BaseException) -> None:
        schedule = self._trouble.setdefault(
            provider_id, RetrySchedule(self._first_retry, self._max_retry))
        if schedule.due(time.monotonic()):
            schedule.failed(time.monotonic())
        self.listener.provider_error(provider_id, error)

    # -- the loop ----------------------------------------------------------------------

    async def _run(self) -> None:
        while True:
            changed = False
            failed = False
            now = time.monotonic()
            retry_due = any(s.due(now) for s in self._trouble.values())
            if self._relist or retry_due or now - self._last_list >= self.list_interval:
                relist = self._relist or now - self._last_list >= self.list_interval
                self._relist = False
                if relist:
                    self._last_list = now
                changed_list, failed_list = await self._list_all(only_retries=not relist)
                changed |= changed_list
                failed |= failed_list
            for tracked in [t for t in self.jobs.values() if t.settle_rounds > 0]:
                tracked.settle_rounds -= 1
                try:
                    adapter = await self._adapter_for(tracked.provider_id)
                    changed |= await self._fetch_events(tracked, adapter)
                except asyncio.CancelledError:
                    raise
                except Exception as exc:
                    log.info("late events of %s unavailable: %s", tracked.key, exc)
            for tracked in [t for t in self.jobs.values() if not is_terminal(t.status)]:
                if not self._can_ask(tracked.provider_id, time.monotonic()):
                    continue  # its provider is failing: asked again on its schedule
                try:
                    changed |= await self._poll(tracked)
                    tracked.last_error = None
                    if self._trouble.pop(tracked.provider_id, None) is not None:
                        self.listener.provider_ok(tracked.provider_id)
                except asyncio.CancelledError:
                    raise
                except Exception as exc:
                    failed = True
                    tracked.last_error = exc
                    self._provider_failed(tracked.provider_id, exc)
            if changed:
                self._interval = self.base_interval
            elif failed:
                self._interval = min(self.max_interval * 2, self._interval * 2)
            else:
                self._interval = min(self.max_interval, self._interval * 1.5)
            busy = any(
                (not is_terminal(t.status) and self._can_ask(t.provider_id, time.monotonic()))
                or t.settle_rounds
                for t in self.jobs.values()
            )
            if self._closed:
                # A cancellation can arrive as a transport error mid-request (the SDK maps
                # it); the closed flag ends the loop either way.
                return
            wait = self._interval if busy else self.list_interval
            retries = [s.wait(time.monotonic()) for s in self._trouble.values()]
            # A retry may wake the loop early, never into a busy loop: at least the poll
            # interval (at most a second) passes between rounds.
            await self._sleep(max(min([wait, *retries]), min(wait, 1.0)))

    async def _sleep(self, seconds: float) -> None:
        """Wait `seconds` or until refresh_now(). A bare future, not wait_for(Event): under
        qasync on 3.11 cancelling wait_for hung until its timeout, so closing the app
        waited up to a minute.

        The loop the task runs on, not `get_running_loop()`: qasync steps tasks from Qt's
        own event loop, and a step can come while Qt processes events outside asyncio's
        run (a modal wait, a test's qtbot.wait), where no loop counts as running."""
        loop = asyncio.get_event_loop()
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

    async def _list_all(self, *, only_retries: bool = False) -> tuple[bool, bool]:
        """List every provider's jobs (`only_retries`: only failing ones now due)."""
        changed = failed = False
        known = {provider.id for provider in self._providers()}
        for gone in [pid for pid in self._trouble if pid not in known]:
            self._trouble.pop(gone)  # a removed provider has nothing left to retry
            self.listener.provider_ok(gone)
        for provider in self._providers():
            now = time.monotonic()
            if not self._can_ask(provider.id, now):
                continue
            if only_retries and provider.id not in self._trouble:
                continue
            wanted = provider.list_jobs or any(
                t.provider_id == provider.id for t in self.jobs.values()
            )
            if not wanted and not self.records.for_provider(provider.id):
                # Not asked, so nothing to retry (a due schedule left here would wake the
                # loop at once, again and again).
                if self._trouble.pop(provider.id, None) is not None:
                    self.listener.provider_ok(provider.id)
                continue
            try:
                adapter = await self._adapter_for(provider.id)
                jobs = await adapter.list_jobs(limit=50)
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                failed = True
                self._provider_failed(provider.id, exc)
                continue
            self._trouble.pop(provider.id, None)
            self.listener.provider_ok(provider.id)
            added = False
            for job in jobs:
                key = job_key(provider.id, job.id)
                tracked = self.jobs.get(key)
                if tracked is None:
                    record = self.records.get(provider.id, job.id)
                    tracked = TrackedJob(provider.id, provider.name, job, record=record)
                    tracked.seen_unfinished = not is_terminal(job.status)
                    self.jobs[key] = tracked
                    added = True
                else:
                    changed |= self._apply_job(tracked, job)
            if added:
                changed = True
                self.listener.jobs_changed()
        return changed, failed

    async def _poll(self, tracked: TrackedJob) -> bool:
        adapter = await self._adapter_for(tracked.provider_id)
        job = await adapter.get_job(tracked.id)
        ending = is_terminal(job.status) and not is_terminal(tracked.status)
        changed = False
        try:
            changed = await self._fetch_events(tracked, adapter)
            if ending:
                # The last events (final metrics, "job succeeded") may land with the status.
                changed |= await self._fetch_events(tracked, adapter)
                await self._fetch_checkpoints(tracked, adapter)
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            # A provider without events or checkpoints still gets its status shown.
            log.info("events of %s unavailable: %s", tracked.key, exc)
        changed |= self._apply_job(tracked, job)
        return changed

    def _apply_job(self, tracked: TrackedJob, job: JobSnapshot) -> bool:
        was_terminal = is_terminal(tracked.status)
        differs = job.differs_for_the_user(tracked.job)
        tracked.job = job
        if not is_terminal(job.status):
            tracked.seen_unfinished = True
        if not differs:
            return False
        self.listener.job_updated(tracked.key)
        if is_terminal(job.status) and not was_terminal and tracked.seen_unfinished:
            tracked.settle_rounds = SETTLE_ROUNDS
            self.listener.job_finished(tracked.key)
        return True

    async def _fetch_events(self, tracked: TrackedJob, adapter: FineTuningAdapter) -> bool:
        events, points = await fetch_new(tracked, adapter)
        if events:
            self.listener.events_added(tracked.key, events)
        if points:
            self.listener.metrics_added(tracked.key, points)
        return bool(events or points)

    async def _fetch_checkpoints(self, tracked: TrackedJob, adapter: FineTuningAdapter) -> None:
        tracked.checkpoints = await adapter.job_checkpoints(tracked.id)
        self.listener.checkpoints_updated(tracked.key)
