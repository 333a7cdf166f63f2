"""The one way the GUI runs work that would block it (docs/architecture.md, "Background work").

Everything is a coroutine on the qasync loop, started through a `TaskTracker` (or
`@asyncSlot` on a QObject method) so that quitting cancels it. Inside it:

- `await run_in_thread(func, *args)`: disk, or CPU work in bounded pieces;
- `await run_in_process(func, *args)`: CPU work big enough to fight the GUI thread for the
  GIL, in a shared pool of *spawned* worker processes. Never a fork of the GUI process: a
  fork copies locks that the GUI's other threads hold, so the child can deadlock, and a
  forked child outlived an app killed with `kill -9`. `func` and its arguments travel by
  pickle and must import without Qt;
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
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

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
