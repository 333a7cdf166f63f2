"""The one way the GUI runs work that would block it (docs/architecture.md, "Background work").

Everything is a coroutine on the qasync loop, started through a `TaskTracker` (or
`@asyncSlot` on a QObject method) so that quitting cancels it. Inside it:

- `await run_in_thread(func, *args)`: disk, or CPU work in bounded pieces;
- `await run_in_process(func, *args)`: CPU work big enough to fight the GUI thread for the
  GIL, in a shared pool of *spawned* worker processes. Never a fork of the GUI process: a
  fork copies locks that the GUI's other threads hold, so the child can deadlock, and a
  forked child outlived an app killed with `kill -9`. `func` and its arguments travel by
  pickle and must import without Qt;
- `async for batch in stream_in_thread(produce):` for a long stream of network work (many
  requests whose client-side CPU, in the SDK and the HTTP stack, would otherwise run on the
  GUI thread): `produce()` is an async iterator run on an event loop of its own in a worker
  thread; what it yields reaches the GUI in batches, a few times a second;
- `with background_work():` around a job made of several such steps, so that the rules
  below hold for the whole job and not only for each step;
- dialogs: `await dialog_answer(dialog)` (`ui.async_tools`), never `exec()`.

While background work runs, the GUI thread must win the GIL back quickly after each Qt call
(PySide releases it around C++ calls): with the default 5 ms switch interval a timer tick
waited 40+ ms, with 0.5 ms it does not. Full garbage collections wait too (`ui.memory`).

These helpers find their loop with `get_event_loop()`, not `get_running_loop()`: qasync runs
the loop's callbacks whenever Qt processes events, also at moments when asyncio does not
count the loop as running (qasync's `run_until_complete` processes events once more after
the loop stopped), and a step of the editor's work landing there must not fail.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import multiprocessing
import os
import sys
import threading
from collections.abc import AsyncGenerator, AsyncIterator, Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QObject, QTimer

from fine_tune_studio.ui import memory, worker_process

T = TypeVar("T")

SWITCH_INTERVAL_S = 0.0005
# An idle pool gives its memory back (each worker holds the tokenizer, ~100 MB).
PROCESS_IDLE_MS = 120_000

_jobs = 0
_saved_switch_interval = 0.005


@contextlib.contextmanager
def background_work() -> Iterator[None]:
    """Mark a stretch of background work (called on the GUI thread; nests)."""
    global _jobs, _saved_switch_interval
    if _jobs == 0:
        _saved_switch_interval = sys.getswitchinterval()
        sys.setswitchinterval(SWITCH_INTERVAL_S)
    _jobs += 1
    try:
        with memory.deferring_full_collections():
            yield
    finally:
        _jobs -= 1
        if _jobs == 0:
            sys.setswitchinterval(_saved_switch_interval)


def working() -> bool:
    return _jobs > 0


async def run_in_thread(func: Callable[..., T], /, *args: Any) -> T:
    """`func(*args)` on a worker thread; cancelling the await leaves the thread to finish."""
    with background_work():
        return await asyncio.get_event_loop().run_in_executor(None, functools.partial(func, *args))


async def run_in_process(func: Callable[..., T], /, *args: Any) -> T:
    """`func(*args)` in a worker process of the shared pool (started on first use).

    Raises `BrokenProcessPool` when a worker died (the next call starts a new pool).
    """
    pool = process_pool()
    with background_work(), pool.in_use():
        try:
            return await asyncio.get_event_loop().run_in_executor(pool.executor(), func, *args)
        except BrokenProcessPool:
            pool.stop()
            raise


async def stream_in_thread(
    produce: Callable[[], AsyncIterator[T]], *, min_interval: float = 0.1
) -> AsyncGenerator[list[T], None]:
    """Run the async iterator `produce()` on an event loop of its own in a worker thread and
    yield what it yields, in order, in batches: at most one batch per `min_interval`
    seconds, none while it has nothing new.

    For many requests at once (the evaluation runner): each reply costs the client a few
    milliseconds of CPU, and on the GUI thread's loop those steps queue up between the
    GUI's own events. On a loop of its own they only take the GIL, which the GUI thread
    wins back within the short switch interval of `background_work()`, held meanwhile.
    `produce()` is called on the worker thread and must use nothing of the GUI loop's
    (clients, connections, events): build what it needs there. An exception it raises
    comes out of this iterator after the items before it. Leaving the `async for` (or
    cancelling its task) cancels `produce()` on its loop and waits for the thread to end.
    """
    loop = asyncio.get_event_loop()
    outbox: _Outbox[T] = _Outbox(loop)
    remote = _RemoteTask()
    with background_work():
        finished = loop.run_in_executor(None, _drive, produce, outbox, remote)
        finished.add_done_callback(lambda _f: outbox.wake.set())
        try:
            while True:
                await outbox.wake.wait()
                batch = outbox.take()
                if batch:
                    yield batch
                if finished.done() and not outbox.pending:
                    finished.result()  # the producer's exception, if it raised one
                    return
                # Coalesce: whatever arrives meanwhile comes as the next batch.
                await asyncio.sleep(min_interval)
        finally:
            remote.cancel()
            if not finished.done():
                # Shielded: a second cancellation leaves the thread to end on its own.
                with contextlib.suppress(asyncio.CancelledError):
                    await asyncio.shield(finished)


class _Outbox(Generic[T]):
    """Items from the worker thread; `wake` (of the GUI loop) is set once per batch."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop
        self._lock = threading.Lock()
        self._items: list[T] = []
        self._woken = False
        self.wake = asyncio.Event()

    def put(self, item: T) -> None:  # worker thread
        with self._lock:
            self._items.append(item)
            if self._woken:
                return  # a wake-up is on its way already: one per batch, not per item
            self._woken = True
        with contextlib.suppress(RuntimeError):  # the GUI loop is closed: nobody reads
            self._loop.call_soon_threadsafe(self.wake.set)

    @property
    def pending(self) -> bool:
        with self._lock:
            return bool(self._items)

    def take(self) -> list[T]:  # GUI thread
        with self._lock:
            items, self._items = self._items, []
            self._woken = False
        self.wake.clear()
        return items


class _RemoteTask:
    """The worker loop's main task, cancellable from the GUI thread (also before it began)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._task: asyncio.Task[None] | None = None
        self._cancelled = False

    def started(self, task: asyncio.Task[None]) -> None:  # worker thread
        with self._lock:
            self._loop, self._task = task.get_loop(), task
            cancelled = self._cancelled
        if cancelled:
            task.cancel()

    def cancel(self) -> None:  # GUI thread
        with self._lock:
            self._cancelled = True
            loop, task = self._loop, self._task
        if loop is not None and task is not None:
            with contextlib.suppress(RuntimeError):  # that loop has ended already
                loop.call_soon_threadsafe(task.cancel)


def _drive(produce: Callable[[], AsyncIterator[T]], outbox: _Outbox[T],
           remote: _RemoteTask) -> None:
    """The worker thread: a loop of its own until `produce()` ends or is cancelled."""

    async def main() -> None:
        task = asyncio.current_task()
        assert task is not None
        remote.started(task)
        items = produce()
        try:
            async for item in items:
                outbox.put(item)
        finally:
            close = getattr(items, "aclose", None)
            if close is not None:
                await close()

    with contextlib.suppress(asyncio.CancelledError):  # cancelled on request: done
        asyncio.run(main())


def available_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


class ProcessPool(QObject):
    """The GUI's spawned worker processes: started lazily or ahead of need, stopped when idle."""

    def __init__(self, workers: int) -> None:
        super().__init__()
        self.workers = workers
        self._executor: ProcessPoolExecutor | None = None
        self._users = 0
        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.setInterval(PROCESS_IDLE_MS)
        self._idle.timeout.connect(self.stop)

    def executor(self) -> ProcessPoolExecutor:
        if self._executor is None:
            self._executor = ProcessPoolExecutor(
                max_workers=self.workers,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=worker_process.started,
            )
        return self._executor

    def start(self) -> None:
        """Start every worker now, ahead of need (each takes ~0.3 s to get ready)."""
        executor = self.executor()
        # A spawning pool starts one more worker for each job that finds none idle.
        for _ in range(self.workers):
            executor.submit(worker_process.ready)
        if not self._users:
            self._idle.start()

    @contextlib.contextmanager
    def in_use(self) -> Iterator[None]:
        self._users += 1
        self._idle.stop()
        try:
            yield
        finally:
            self._users -= 1
            if not self._users:
                self._idle.start()

    @property
    def running(self) -> bool:
        return self._executor is not None

    def stop(self) -> None:
        """Let the workers go; unfinished jobs are cancelled (their awaits raise)."""
        self._idle.stop()
        executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=False, cancel_futures=True)


_pool: ProcessPool | None = None


def process_pool() -> ProcessPool:
    global _pool
    if _pool is None:
        # Two workers at most: the GUI thread needs a core of its own on a laptop.
        _pool = ProcessPool(workers=max(1, min(2, available_cpus() - 1)))
    return _pool


def start_processes() -> None:
    """Start the worker processes now because work for them is coming."""
    process_pool().start()


def stop_processes() -> None:
    """At the app's end (an idle pool also stops on its own)."""
    if _pool is not None:
        _pool.stop()
