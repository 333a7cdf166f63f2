"""The GUI's one way to run background work (`ui.background`, `ui.async_tools`) and its one
garbage-collection rule (`ui.memory`), as the app installs them (tests/ui/conftest.py)."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import os
import threading
import weakref
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import pytest
from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QDialog, QMessageBox

from fine_tune_studio.ui import background, memory, worker_process
from fine_tune_studio.ui.async_tools import dialog_answer
from tests.support.qt_fixtures import until


class Node:
    """Something that only the cycle collector can free."""

    def __init__(self) -> None:
        self.me = self


@pytest.fixture
def collections() -> Iterator[list[tuple[int, int]]]:
    """(thread id, generation) of every collection while the test runs."""
    seen: list[tuple[int, int]] = []

    def note(phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            seen.append((threading.get_ident(), info["generation"]))

    gc.callbacks.append(note)
    yield seen
    gc.callbacks.remove(note)


def test_garbage_made_on_a_worker_thread_is_collected_on_the_gui_thread_only(
    qasync_loop: asyncio.AbstractEventLoop, collections: list[tuple[int, int]]
) -> None:
    assert memory.installed() is not None
    made: list[weakref.ref[Any]] = []

    def make_garbage() -> None:
        # Far more than the 700 allocations that start an automatic collection, in cycles,
        # QObjects among them (one freed here would leave its Qt timers dangling).
        for _ in range(20_000):
            Node()
        holder = QObject()
        node = Node()
        node.holder = holder  # type: ignore[attr-defined]
        holder.node = node  # type: ignore[attr-defined]
        made.append(weakref.ref(node))

    gui_thread = threading.main_thread().ident
    qasync_loop.run_until_complete(background.run_in_thread(make_garbage))
    assert {thread for thread, _ in collections} <= {gui_thread}
    # ...and it is collected all the same, by the GUI thread's timer.
    qasync_loop.run_until_complete(until(lambda: made[0]() is None))
    assert collections
    assert {thread for thread, _ in collections} == {gui_thread}


def test_a_closed_documents_frozen_cycles_are_given_back(qapp: Any) -> None:
    document = Node()  # a document with a cycle in it, open and fully checked
    gone = weakref.ref(document)
    memory.freeze_long_lived()
    del document  # closed
    gc.collect()
    assert gone() is not None  # frozen: an ordinary full collection does not look at it
    memory.release_long_lived(at_once=True)
    assert gone() is None


def test_full_collections_wait_while_background_work_runs(
    qasync_loop: asyncio.AbstractEventLoop, collections: list[tuple[int, int]]
) -> None:
    collector = memory.installed()
    assert collector is not None
    release = threading.Event()

    async def scenario() -> None:
        work = asyncio.ensure_future(background.run_in_thread(release.wait, 30))
        await until(background.working)
        for _ in range(30):  # as many ticks as make a full collection due when idle
            for _ in range(2_000):
                Node()
            collector.collect_due()
        release.set()
        await work

    qasync_loop.run_until_complete(scenario())
    generations = [generation for _, generation in collections]
    assert generations and max(generations) == 0


def test_cpu_work_runs_in_a_spawned_process_that_loads_no_qt(
    qasync_loop: asyncio.AbstractEventLoop,
) -> None:
    async def scenario() -> tuple[int, bool]:
        pid = await background.run_in_process(worker_process.ready)
        has_qt = await background.run_in_process(
            eval, "'PySide6.QtWidgets' in __import__('sys').modules"
        )
        return pid, has_qt

    pid, has_qt = qasync_loop.run_until_complete(scenario())
    assert pid != os.getpid()
    assert not has_qt
    background.stop_processes()


@pytest.fixture
def app_keeps_running(qapp: Any) -> Iterator[None]:
    """As in the app: closing the last window (a dialog here) does not end the loop."""
    quits = qapp.quitOnLastWindowClosed()
    qapp.setQuitOnLastWindowClosed(False)
    yield
    qapp.setQuitOnLastWindowClosed(quits)


def test_a_dialog_is_answered_without_a_nested_event_loop(
    qasync_loop: asyncio.AbstractEventLoop, app_keeps_running: None
) -> None:
    box = QMessageBox(QMessageBox.Icon.Question, "Question", "Go on?")
    yes = box.addButton("Yes", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("No", QMessageBox.ButtonRole.RejectRole)
    ticks: list[int] = []

    async def tick() -> None:
        while True:
            ticks.append(1)
            await asyncio.sleep(0.01)

    async def scenario() -> None:
        ticking = asyncio.ensure_future(tick())
        answer = asyncio.ensure_future(dialog_answer(box))
        await until(box.isVisible)
        assert box.windowModality() == Qt.WindowModality.WindowModal  # open(), not exec()
        before = len(ticks)
        await until(lambda: len(ticks) > before + 3)  # the loop keeps running meanwhile
        yes.click()
        await answer
        ticking.cancel()

    qasync_loop.run_until_complete(scenario())
    assert box.clickedButton() is yes and not box.isVisible()


def test_a_dialog_whose_waiter_is_cancelled_closes(
    qasync_loop: asyncio.AbstractEventLoop, app_keeps_running: None
) -> None:
    dialog = QDialog()

    async def scenario() -> None:
        waiting = asyncio.ensure_future(dialog_answer(dialog))
        await until(dialog.isVisible)
        waiting.cancel()
        await until(lambda: not dialog.isVisible())

    qasync_loop.run_until_complete(scenario())
    assert dialog.result() == QDialog.DialogCode.Rejected


# -- a stream of network work on a loop of its own (`stream_in_thread`) ----------------------


def test_a_stream_runs_on_a_loop_of_its_own_and_arrives_in_order_in_batches(
    qasync_loop: asyncio.AbstractEventLoop,
) -> None:
    async def produce() -> AsyncIterator[tuple[int, int, asyncio.AbstractEventLoop]]:
        loop = asyncio.get_running_loop()
        for n in range(200):  # all at once: they reach the GUI loop in few wake-ups
            yield n, threading.get_ident(), loop

    async def consume() -> list[list[tuple[int, int, asyncio.AbstractEventLoop]]]:
        batches = []
        async for batch in background.stream_in_thread(produce, min_interval=0.05):
            assert background.working()  # the GUI-thread rules hold while it streams
            batches.append(batch)
        return batches

    batches = qasync_loop.run_until_complete(consume())
    got = [item for batch in batches for item in batch]
    assert [n for n, _thread, _loop in got] == list(range(200))
    assert {thread for _n, thread, _loop in got} & {threading.main_thread().ident} == set()
    assert {loop for _n, _thread, loop in got} & {qasync_loop} == set()
    assert len(batches) < len(got)
    assert not background.working()


def test_leaving_a_stream_or_cancelling_its_task_stops_the_producer_on_its_thread(
    qasync_loop: asyncio.AbstractEventLoop,
) -> None:
    stopped: list[str] = []

    def endless(name: str) -> Callable[[], AsyncIterator[int]]:
        async def produce() -> AsyncIterator[int]:
            try:
                n = 0
                while True:
                    yield n
                    n += 1
                    await asyncio.sleep(0.01)
            finally:
                stopped.append(name)

        return produce

    async def leave_after_one_batch() -> list[int]:
        async with contextlib.aclosing(background.stream_in_thread(endless("left"))) as batches:
            async for batch in batches:
                return batch
        return []

    assert qasync_loop.run_until_complete(leave_after_one_batch())[0] == 0
    assert stopped == ["left"]  # the thread ended before the `async with` did

    async def consume_forever() -> None:
        async for _batch in background.stream_in_thread(endless("cancelled")):
            pass

    async def cancel_it() -> None:
        task = asyncio.ensure_future(consume_forever())
        await asyncio.sleep(0.2)
        task.cancel()
        await asyncio.wait([task])

    qasync_loop.run_until_complete(cancel_it())
    assert stopped == ["left", "cancelled"]
    assert not background.working()


def test_a_producers_error_comes_out_after_what_it_produced(
    qasync_loop: asyncio.AbstractEventLoop,
) -> None:
    async def produce() -> AsyncIterator[int]:
        yield 1
        yield 2
        raise ValueError("the producer broke")

    got: list[int] = []

    async def consume() -> None:
        async for batch in background.stream_in_thread(produce):
            got.extend(batch)

    with pytest.raises(ValueError, match="the producer broke"):
        qasync_loop.run_until_complete(consume())
    assert got == [1, 2]
