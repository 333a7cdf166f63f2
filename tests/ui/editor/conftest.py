"""Fixtures for the editor's tests: an isolated recovery folder and settings, and a panel."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.test_files import AIRPORT_FAQ, AIRPORT_FAQ_WITH_MISTAKES

MISTAKES = AIRPORT_FAQ_WITH_MISTAKES
VALID = AIRPORT_FAQ


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


@pytest.fixture
def make_editor(qtbot: Any, recovery_dir: Path) -> Iterator[Callable[..., Any]]:
    from fine_tune_studio.ui.editor import EditorPanel

    made: list[Any] = []

    def make(
        path: Path | None = None, *, context: Any = None, size: tuple[int, int] = (1280, 860)
    ) -> Any:
        panel = EditorPanel(context)
        panel.auto_offer_recovery = False
        # Not qtbot.addWidget: pytest-qt closes those before fixtures tear down, and a
        # panel with unsaved changes would then ask (modally) whether to save them.
        panel.resize(*size)
        panel.show()
        if path is not None:
            assert panel.open_path(path, ask=False)
            wait_checked(qtbot, panel)
        made.append(panel)
        return panel

    yield make
    for panel in made:
        panel.undo_stack.setClean()
        panel._restored = False
        panel.close()
        panel.deleteLater()


def wait_checked(qtbot: Any, panel: Any) -> None:
    """Until the background check of the whole file has reached the panel."""
    qtbot.waitUntil(lambda: not panel.session.checking, timeout=30_000)
    panel._refresh_aggregates()


@pytest.fixture
def mistakes_copy(tmp_path: Path) -> Path:
    target = tmp_path / "faq-with-mistakes.jsonl"
    shutil.copyfile(MISTAKES, target)
    return target
