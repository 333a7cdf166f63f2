"""The editor in both languages at a small and a large size; screenshots land in /tmp/shots/editor.

Besides saving the pictures for a person to look at, it checks what a reader would notice
first: the translation is complete (no English left on the toolbar in Chinese) and the
conversation form keeps its controls on screen at the small size.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, Qt, QTranslator

from fine_tune_studio.paths import resources_dir
from tests.support.qt_fixtures import until
from tests.ui.editor.conftest import wait_checked

SHOTS = Path("/tmp/shots/editor")


@pytest.fixture(params=["en", "zh_TW"])
def language(request: Any, qapp: Any) -> Iterator[str]:
    translator = QTranslator()
    if request.param == "zh_TW":
        assert translator.load(str(resources_dir() / "translations" / "editor_zh_TW.qm"))
        QCoreApplication.installTranslator(translator)
    yield request.param
    QCoreApplication.removeTranslator(translator)


@pytest.mark.parametrize("size", [(820, 560), (1600, 1000)], ids=["small", "large"])
def test_screens(
    language: str, size: tuple[int, int], make_editor: Any, mistakes_copy: Path, run: Any
) -> None:
    panel = make_editor(mistakes_copy, size=size)
    wait_checked(run, panel)
    panel.jump_to(2, "messages[2].role")
    SHOTS.mkdir(parents=True, exist_ok=True)
    name = f"{language}-{size[0]}x{size[1]}"
    run(asyncio.sleep(0.05))
    panel.grab().save(str(SHOTS / f"editor-{name}.png"))
    panel.jump_to(6, "")
    run(asyncio.sleep(0.05))
    panel.grab().save(str(SHOTS / f"editor-raw-{name}.png"))
    panel.bottom_tabs.setCurrentIndex(1)
    run(asyncio.sleep(0.05))
    panel.grab().save(str(SHOTS / f"editor-summary-{name}.png"))

    labels = [action.text() for action in panel.toolbar.actions() if action.text()]
    if language == "zh_TW":
        assert panel.new_action.text() == "新增"
        assert all(not text.isascii() for text in labels), labels
        assert "範例" in panel.summary.guidance.text() or "數量" in panel.summary.guidance.text()
    else:
        assert panel.new_action.text() == "New"
    bubble = panel.form.bubbles[0] if panel.form.bubbles else None
    if bubble is not None:
        assert bubble.role_box.width() > 40


def test_language_switch_while_open(make_editor: Any, mistakes_copy: Path, run: Any) -> None:
    panel = make_editor(mistakes_copy)
    panel.jump_to(2, "messages[2].role")
    assert panel.new_action.text() == "New"
    assert "not a role" in panel.form.bubbles[2].issue_label.text()
    translator = QTranslator()
    assert translator.load(str(resources_dir() / "translations" / "editor_zh_TW.qm"))
    QCoreApplication.installTranslator(translator)
    try:
        run(until(lambda: panel.new_action.text() == "新增"))
        assert panel.form.tabs.tabText(0) == "對話"
        assert panel.bottom_tabs.tabText(1) == "摘要"
        # Core messages follow the same switch.
        assert "角色" in panel.form.bubbles[2].issue_label.text()
        assert panel.table_model.headerData(1, Qt.Orientation.Horizontal) == "第一則提問"
    finally:
        QCoreApplication.removeTranslator(translator)
    run(until(lambda: panel.new_action.text() == "New"))
