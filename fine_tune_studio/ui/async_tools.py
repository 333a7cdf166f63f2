"""Small helpers for running asyncio work from Qt without losing track of it.

Every background task the UI starts goes through a `TaskTracker`, so that closing the
window can cancel whatever is still running instead of leaving it to die with the loop
(which prints "Task was destroyed but it is pending" and can hang on open sockets).

A coroutine that needs the user's answer awaits `dialog_answer(dialog)`: the dialog is
opened with `open()`, never `exec()`, whose nested event loop would run asyncio callbacks
re-entrantly under qasync.
"""

from __future__ import annotations

import asyncio
import contextlib
import sys
from collections.abc import Coroutine
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from PySide6.QtWidgets import QDialog

T = TypeVar("T")


class TaskTracker:
    def __init__(self) -> None:
        self._tasks: set[asyncio.Task[Any]] = set()

    def start(self, coro: Coroutine[Any, Any, T], *, name: str | None = None) -> asyncio.Task[T]:
        """Run `coro` in the background; an exception goes to sys.excepthook like qasync's."""
        task = asyncio.ensure_future(coro)
        if name:
            task.set_name(name)
        self._tasks.add(task)
        task.add_done_callback(self._finished)
        return task

    def _finished(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        if task.cancelled():
            return
        error = task.exception()
        if error is not None:
            sys.excepthook(type(error), error, error.__traceback__)

    @property
    def pending(self) -> int:
        return sum(1 for task in self._tasks if not task.done())

    def cancel(self) -> None:
        """Ask every unfinished task to stop, without waiting (from a Qt event handler)."""
        for task in self._tasks:
            if not task.done():
                task.cancel()

    async def cancel_all(self, timeout: float = 5.0) -> None:
        tasks = [task for task in self._tasks if not task.done()]
        for task in tasks:
            task.cancel()
        if tasks:
            # A task that swallows CancelledError must not keep the app from quitting.
            await asyncio.wait(tasks, timeout=timeout)


def cancel_pending_tasks(loop: asyncio.AbstractEventLoop, timeout: float = 5.0) -> int:
    """Cancel every task still on `loop` and let them unwind; returns how many there were."""
    tasks = [task for task in asyncio.all_tasks(loop) if not task.done()]
    for task in tasks:
        task.cancel()
    if tasks:
        gathered = asyncio.wait(tasks, timeout=timeout)
        loop.run_until_complete(gathered)
    return len(tasks)


async def dialog_answer(dialog: QDialog) -> int:
    """Open `dialog` (window-modal, without a nested event loop) and wait for its result.

    If the waiting coroutine is cancelled, the dialog is rejected so it does not linger.
    """
    # get_event_loop(): see ui.background on steps that qasync runs outside run_forever.
    answer: asyncio.Future[int] = asyncio.get_event_loop().create_future()

    def finished(result: int) -> None:
        if not answer.done():
            answer.set_result(result)

    dialog.finished.connect(finished)
    dialog.open()
    try:
        return await answer
    finally:
        # RuntimeError: the dialog (deleted on close) is gone already.
        with contextlib.suppress(RuntimeError):
            dialog.finished.disconnect(finished)
            if dialog.isVisible():
                dialog.reject()
