"""The status line under the editor says the state of the file that is open now, in the
language of the interface: never "Saved …" once something changed, never the previous
file's news."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QTranslator

from fine_tune_studio.paths import resources_dir
from tests.support.qt_fixtures import until
from tests.ui.editor.conftest import VALID

EXAMPLE = {
    "messages": [
        {"role": "user", "content": "機場有 Wi-Fi 嗎?"},
        {"role": "assistant", "content": "有,免費。"},
    ]
}


def test_saved_turns_into_unsaved_changes_and_a_new_file_starts_fresh(
    make_editor: Any, make_ui_context: Any, tmp_path: Path, run: Any
) -> None:
    first, second = tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    shutil.copyfile(VALID, first)
    shutil.copyfile(VALID, second)
    context = make_ui_context()
    panel = make_editor(first, context=context)
    assert panel.status_label.text() == str(first)

    panel.save_action.trigger()
    run(until(lambda: panel.status_label.text() == f"Saved {first}"))
    # The playground's "Add to dataset": the file is no longer what was saved.
    context.add_example_requested.emit(EXAMPLE)
    assert panel.status_label.text() == "first.jsonl — changes not saved yet"
    panel.undo_action.trigger()  # back to what is on disk
    assert panel.status_label.text() == str(first)

    panel.save_action.trigger()
    run(until(lambda: panel.status_label.text().startswith("Saved")))
    assert run(panel.open_path(second))
    assert panel.status_label.text() == str(second)  # nothing of the first file


def test_the_status_line_follows_a_language_switch(
    make_editor: Any, make_ui_context: Any, tmp_path: Path, run: Any
) -> None:
    path = tmp_path / "faq.jsonl"
    shutil.copyfile(VALID, path)
    context = make_ui_context()
    panel = make_editor(path, context=context)
    panel.save_action.trigger()
    run(until(lambda: panel.status_label.text().startswith("Saved")))
    context.add_example_requested.emit(EXAMPLE)
    assert panel.undo_action.text() == "Undo Add example"
    translator = QTranslator()
    assert translator.load(str(resources_dir() / "translations" / "editor_zh_TW.qm"))
    QCoreApplication.installTranslator(translator)
    try:
        run(until(lambda: panel.new_action.text() == "新增"))
        assert panel.status_label.text() == "faq.jsonl — 有尚未儲存的變更"
        # The step already taken is named in Chinese too, not "Undo Add example".
        assert panel.undo_action.text() == "復原「新增範例」"
        assert panel.undo_action.iconText() == "復原"
    finally:
        QCoreApplication.removeTranslator(translator)
    run(until(lambda: panel.new_action.text() == "New"))
    assert panel.undo_action.text() == "Undo Add example"
