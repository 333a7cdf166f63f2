"""Fixtures for the editor's tests: an isolated recovery folder and settings, and a panel.

The editor runs its background work as coroutines on a qasync loop (docs/architecture.md,
"Background work"), and pytest-qt knows nothing of qasync: a test waits through
`run(until(...))` (the loop runs, so Qt events and asyncio tasks both make progress), never
`qtbot.wait*`, which would step asyncio tasks outside the running loop.
"""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import Callable, Coroutine, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest
from PySide6.QtWidgets import QApplication

from tests.support.qt_fixtures import until
from tests.support.test_files import AIRPORT_FAQ, AIRPORT_FAQ_WITH_MISTAKES

MISTAKES = AIRPORT_FAQ_WITH_MISTAKES
VALID = AIRPORT_FAQ
T = TypeVar("T")

Run = Callable[[Coroutine[Any, Any, T]], T]


@pytest.fixture
def app_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The app's folders (recovery files, editor.ini) for this test only; inherited by
    the processes it starts."""
    home = tmp_path / "app-home"
    monkeypatch.setenv("FINE_TUNE_STUDIO_HOME", str(home))
    return home


@pytest.fixture
def recovery_dir(app_home: Path) -> Path:
    return app_home / "data" / "recovery"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    """Let the editor's last coroutines finish (as the app's loop would) before pytest-qt
    processes Qt events after the test, which would step them outside the running loop."""
    yield
    loop = getattr(item, "funcargs", {}).get("qasync_loop")
    if loop is not None and not loop.is_closed() and not loop.is_running():
        loop.run_until_complete(_settle())


async def _settle(timeout: float = 10.0) -> None:
    current = asyncio.current_task()
    pending = [t for t in asyncio.all_tasks() if t is not current and not t.done()]
    if pending:
        _, stuck = await asyncio.wait(pending, timeout=timeout)
        for task in stuck:
            task.cancel()
        if stuck:
            await asyncio.wait(stuck, timeout=timeout)


@pytest.fixture
def run(qasync_loop: asyncio.AbstractEventLoop, qapp: QApplication) -> Iterator[Callable[..., Any]]:
    """`run(coroutine)`: run the qasync loop until it is done (a minute at most)."""

    def run_until_done(work: Coroutine[Any, Any, T], timeout: float = 60.0) -> T:
        return qasync_loop.run_until_complete(asyncio.wait_for(work, timeout))

    # As in the app: closing the last window must not end the loop under a coroutine.
    quits = qapp.quitOnLastWindowClosed()
    qapp.setQuitOnLastWindowClosed(False)
    yield run_until_done
    qapp.setQuitOnLastWindowClosed(quits)


@pytest.fixture
def make_editor(
    qtbot: Any, recovery_dir: Path, run: Callable[..., Any]
) -> Iterator[Callable[..., Any]]:
    from fine_tune_studio.ui.editor import EditorPanel

    made: list[Any] = []

    def make(
        path: Path | None = None, *, context: Any = None, size: tuple[int, int] = (1280, 860)
    ) -> Any:
        panel = EditorPanel(context)
        panel.auto_offer_recovery = False
        # Not qtbot.addWidget: pytest-qt closes those before fixtures tear down, and a
        # panel with unsaved changes would then ask whether to save them.
        panel.resize(*size)
        panel.show()
        made.append(panel)
        if path is not None:
            assert run(panel.open_path(path, ask=False))
        wait_checked(run, panel)
        return panel

    yield make
    for panel in made:
        panel.undo_stack.setClean()
        panel._restored = False
        panel.close()
        run(panel.shutdown())
        panel.deleteLater()


def wait_checked(run: Callable[..., Any], panel: Any) -> None:
    """Until the background check of the whole file has reached the panel."""
    run(until(lambda: not panel.loading and not panel.session.checking))
    panel._refresh_aggregates()


def open_dialog(kind: type[T]) -> T | None:
    """The dialog of this kind the user sees now (the editor opens them with `open()`)."""
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, kind) and widget.isVisible():
            return widget
    return None


async def dialog_shown(kind: type[T]) -> T:
    await until(lambda: open_dialog(kind) is not None)
    dialog = open_dialog(kind)
    assert dialog is not None
    return dialog


@pytest.fixture
def mistakes_copy(tmp_path: Path) -> Path:
    target = tmp_path / "faq-with-mistakes.jsonl"
    shutil.copyfile(MISTAKES, target)
    return target
