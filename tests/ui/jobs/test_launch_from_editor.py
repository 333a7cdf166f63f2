"""From the editor's open examples to the launch wizard in one step (toolbar or shortcut)."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path
from typing import Any

from fine_tune_studio.ui.main_window import MainWindow
from tests.support.qt_fixtures import until
from tests.ui.jobs.conftest import AIRPORT_FAQ


def test_fine_tune_from_the_editor_opens_the_wizard_on_its_file(
    qtbot: Any, qasync_loop: asyncio.AbstractEventLoop, make_ui_context: Any, tmp_path: Path
) -> None:
    examples = tmp_path / AIRPORT_FAQ.name
    shutil.copyfile(AIRPORT_FAQ, examples)
    window = MainWindow(make_ui_context())
    qtbot.addWidget(window)
    window.show()
    editor = window.panel_widgets["editor"]
    jobs = window.panel_widgets["jobs"]
    assert qasync_loop.run_until_complete(editor.open_path(examples, ask=False))
    window.show_panel("editor")

    action = editor.fine_tune_action
    assert action.isEnabled() and action.shortcut().toString() == "Ctrl+Shift+T"
    # The main action is its own button beside the toolbar, visible at every window size.
    button = editor.fine_tune_button
    assert button.isVisible() and button.isEnabled() and button.defaultAction() is action
    button.click()  # as the user clicks it

    async def wizard_on_the_file() -> Any:
        await until(lambda: jobs._wizard is not None and jobs._wizard.isVisible())
        wizard = jobs._wizard
        await until(lambda: str(examples) in wizard.data_page.file_label.text())
        return wizard

    wizard = qasync_loop.run_until_complete(asyncio.wait_for(wizard_on_the_file(), 60))
    assert window.current_panel_key() == "jobs"
    wizard.reject()
    qasync_loop.run_until_complete(jobs.shutdown())

