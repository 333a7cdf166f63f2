"""Choosing an examples file in the wizard: a dialog opened with open(), the file read and
checked in the background."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from tests.support.qt_fixtures import until
from tests.ui.jobs.conftest import MISTAKES


def test_a_chosen_file_with_mistakes_is_checked_and_not_offered_for_upload(
    fake_api_context: Any, make_panel: Any, qasync_loop: asyncio.AbstractEventLoop,
    qtbot: Any, tmp_path: Path,
) -> None:
    chosen = Path(shutil.copy(MISTAKES, tmp_path / "mine.jsonl"))
    panel = make_panel(fake_api_context)

    async def scenario() -> Any:
        qtbot.mouseClick(panel.new_button, Qt.MouseButton.LeftButton)
        wizard = panel._wizard
        page = wizard.data_page
        await until(lambda: wizard.checked is not None)  # the editor's open file first
        assert wizard.checked.name == "airport-faq.zh-TW.jsonl"
        qtbot.mouseClick(page.choose_file, Qt.MouseButton.LeftButton)
        dialog = page.file_dialog
        assert dialog is not None and dialog.isVisible()
        dialog.selectFile(str(chosen))
        dialog.accept()
        await until(lambda: wizard.checked is not None and wizard.checked.name == chosen.name)
        await until(lambda: "will not be uploaded" in page.check_result.text())
        await panel.shutdown()
        return wizard

    wizard = qasync_loop.run_until_complete(asyncio.wait_for(scenario(), 60))
    assert str(chosen) in wizard.data_page.file_label.text()
    assert wizard.checked.report.has_errors
