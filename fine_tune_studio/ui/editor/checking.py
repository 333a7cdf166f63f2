"""The background check of a whole file, handed to the session in chunks.

It is one coroutine on the qasync loop (`ui.background`). Files of `PROCESS_MIN_LINES`
lines or more are checked in the GUI's spawned worker processes: the pure-Python rules and
the tokenizer, which releases and re-takes the GIL on every call, starved the GUI thread
for 200+ ms when run on a thread. Smaller ones are checked on a worker thread that pauses
now and then (no process start-up for a small file). Each chunk's results reach the GUI
thread when its await returns, so no cross-thread Qt signals and no polling timers.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import time
from collections import deque
from collections.abc import Sequence
from concurrent.futures.process import BrokenProcessPool

from PySide6.QtCore import QObject, Signal

from fine_tune_studio.core.document import Line
from fine_tune_studio.ui import memory
from fine_tune_studio.ui.async_tools import TaskTracker
from fine_tune_studio.ui.background import (
    background_work,
    process_pool,
    run_in_process,
    run_in_thread,
)
from fine_tune_studio.ui.editor.summaries import LineSummary, summarize_lines


class BackgroundChecker(QObject):
    """Checks a snapshot of lines and hands the results back chunk by chunk.

    Results are keyed by line uid together with the raw bytes that were checked, so the
    session can drop a result for a line edited meanwhile.
    """

    chunk_ready = Signal(object)  # list[tuple[uid, raw, LineSummary]]
    progress = Signal(int, int)
    finished = Signal(float)  # seconds

    THREAD_CHUNK = 500
    PROCESS_CHUNK = 1000
    PROCESS_MIN_LINES = 20_000

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.tasks = TaskTracker()
        self._task: asyncio.Task[None] | None = None
        self.used_processes = False  # how the last check ran (tests look)

    @classmethod
    def wants_processes(cls, lines: int) -> bool:
        return lines >= cls.PROCESS_MIN_LINES

    def start(self, lines: Sequence[Line], model: str) -> None:
        """Check `lines` (the document's Line objects; the list is copied) in order."""
        self.cancel()
        self._task = self.tasks.start(self._check(list(lines), model), name="editor-check")

    def cancel(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    async def _check(self, lines: list[Line], model: str) -> None:
        started = time.perf_counter()
        self.used_processes = self.wants_processes(len(lines))
        handed = _Handed()
        try:
            with background_work():
                if self.used_processes:
                    # A worker that died (out of memory?) leaves the rest to a thread.
                    with contextlib.suppress(BrokenProcessPool):
                        await self._in_processes(lines, model, handed)
                await self._on_thread(lines, model, handed)
        except Exception:
            # The error goes to the excepthook; the progress bar must not stay up.
            self.finished.emit(time.perf_counter() - started)
            raise
        self.finished.emit(time.perf_counter() - started)
        # The document and its cache now live as long as the file is open.
        memory.freeze_long_lived()

    def _hand_over(
        self, chunk: list[Line], raws: list[bytes], summaries: list[LineSummary], handed: _Handed
    ) -> None:
        handed.lines += len(chunk)
        self.chunk_ready.emit(
            [
                (line.uid, raw, summary)
                for line, raw, summary in zip(chunk, raws, summaries, strict=True)
            ]
        )
        self.progress.emit(handed.lines, handed.total)

    async def _on_thread(self, lines: list[Line], model: str, handed: _Handed) -> None:
        handed.total = len(lines)
        for first in range(handed.lines, len(lines), self.THREAD_CHUNK):
            chunk = lines[first : first + self.THREAD_CHUNK]
            # Read now: an edit on the GUI thread replaces a line's `raw`, never changes it.
            raws = [line.raw for line in chunk]
            summaries = await run_in_thread(
                functools.partial(summarize_lines, raws, first + 1, model, beside_gui=True)
            )
            self._hand_over(chunk, raws, summaries, handed)
        if not lines:
            self.progress.emit(0, 0)

    async def _in_processes(self, lines: list[Line], model: str, handed: _Handed) -> None:
        handed.total = len(lines)
        # A few chunks in flight keep every worker busy without queueing the whole file.
        window = 2 * process_pool().workers
        pending: deque[_Job] = deque()
        try:
            for first in range(0, len(lines), self.PROCESS_CHUNK):
                chunk = lines[first : first + self.PROCESS_CHUNK]
                raws = [line.raw for line in chunk]
                job = asyncio.ensure_future(run_in_process(summarize_lines, raws, first + 1, model))
                pending.append((chunk, raws, job))
                if len(pending) >= window:
                    await self._receive(pending, handed)
            while pending:
                await self._receive(pending, handed)
        finally:
            for _, _, job in pending:
                if not job.cancel() and not job.cancelled():
                    job.exception()  # seen, so asyncio does not log it as lost

    async def _receive(self, pending: deque[_Job], handed: _Handed) -> None:
        chunk, raws, job = pending[0]
        summaries = await job
        pending.popleft()
        self._hand_over(chunk, raws, summaries, handed)


_Job = tuple[list[Line], list[bytes], "asyncio.Task[list[LineSummary]]"]


class _Handed:
    """How far a check has got: lines handed to the session, of how many."""

    def __init__(self) -> None:
        self.lines = 0
        self.total = 0
