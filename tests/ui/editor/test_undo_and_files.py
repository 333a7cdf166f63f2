"""Undo/redo of every kind of edit, lossless saving, templates and unsaved-change prompts."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from fine_tune_studio.ui.editor.summaries import STATUS_OK
from tests.support.qt_fixtures import until
from tests.ui.editor.conftest import VALID, dialog_shown, open_dialog
from tests.ui.editor.keyboard import type_text


def test_undo_and_redo_typing_and_list_edits(
    make_editor: Any, tmp_path: Path, qtbot: Any, run: Any
) -> None:
    path = tmp_path / "faq.jsonl"
    shutil.copyfile(VALID, path)
    panel = make_editor(path)
    original = [panel.document.line_text(i) for i in range(len(panel.document))]
    question = panel.form.bubbles[1].content_edit
    type_text(qtbot, question, " 請問")
    edited = panel.document.line_text(0)
    assert edited != original[0] and "請問" in edited
    assert panel.is_modified()
    # Typing in one field is one undo step.
    panel.undo_action.trigger()
    assert panel.document.line_text(0) == original[0]
    assert panel.form.bubbles[1].content_edit.toPlainText() in original[0]
    assert not panel.is_modified()
    panel.redo_action.trigger()
    assert panel.document.line_text(0) == edited
    assert "請問" in panel.form.bubbles[1].content_edit.toPlainText()

    panel.select_lines([1, 2])
    panel.delete_action.trigger()
    assert len(panel.document) == len(original) - 2
    assert panel.document.line_text(1) == original[3]
    panel.undo_action.trigger()
    assert [panel.document.line_text(i) for i in range(1, 4)] == original[1:4]

    panel.select_lines([4, 5])
    panel.duplicate_action.trigger()
    assert [panel.document.line_text(i) for i in range(4, 8)] == [original[4], original[5]] * 2
    panel.undo_action.trigger()
    assert len(panel.document) == len(original)

    panel.select_lines([5, 6])
    panel.move_up_action.trigger()
    assert [panel.document.line_text(i) for i in (4, 5, 6)] == [
        original[5],
        original[6],
        original[4],
    ]
    assert panel.selected_lines() == [4, 5]
    panel.undo_action.trigger()
    assert [panel.document.line_text(i) for i in range(len(original))] == [edited, *original[1:]]
    panel.redo_action.trigger()
    assert panel.document.line_text(6) == original[4]
    panel.undo_action.trigger()

    # The system prompt, applied to every example in one step.
    panel.select_line(0)
    system = panel.form.bubbles[0]
    assert system.role == "system"
    system.content_edit.setPlainText("你是友善的機場客服。")
    qtbot.mouseClick(system.apply_all_button, Qt.MouseButton.LeftButton)
    assert all(
        '"content":"你是友善的機場客服。"' in panel.document.line_text(i)
        for i in range(len(original))
    )
    panel.undo_action.trigger()
    assert [panel.document.line_text(i) for i in range(1, len(original))] == original[1:]
    run(until(
        lambda: all(panel.session.status(i) == STATUS_OK for i in range(1, len(original)))
    ))


def test_saving_an_unedited_file_is_byte_identical(
    make_editor: Any, tmp_path: Path, run: Any
) -> None:
    data = (
        "\ufeff".encode()
        + VALID.read_bytes().splitlines()[0]
        + b"\r\n\r\n"
        + b'{"messages": [{"role": "user", "content": "caf\xe9 \xff"}]}\r\n'
        + b"not json at all\r\n"
        + VALID.read_bytes().splitlines()[1]
    )
    path = tmp_path / "odd.jsonl"
    path.write_bytes(data)
    panel = make_editor(path)
    assert len(panel.document) == 5
    # Looking at every line (and a raw view of the undecodable one) changes nothing.
    for line in range(5):
        panel.select_line(line)
    saved: list[Path] = []
    panel.saved.connect(saved.append)
    panel.save_action.trigger()
    run(until(lambda: saved == [path]))
    assert path.read_bytes() == data
    copy = tmp_path / "copy.jsonl"
    assert run(panel.save_to(copy))
    assert copy.read_bytes() == data
    # Deleting and undoing keeps even the bytes that are not UTF-8.
    panel.select_lines([2, 3])
    panel.delete_action.trigger()
    panel.undo_action.trigger()
    assert run(panel.save_to(copy))
    assert copy.read_bytes() == data


def test_new_from_template_and_closing_asks_when_unsaved(
    make_editor: Any, qtbot: Any, tmp_path: Path, run: Any
) -> None:
    panel = make_editor()
    panel.template_menu.actions()[0].trigger()
    run(until(lambda: len(panel.document) == 24))
    assert panel.path is None
    run(until(lambda: not panel.session.checking))
    assert panel.error_count() == 0
    type_text(qtbot, panel.form.bubbles[1].content_edit, "!")
    assert panel.is_modified()

    async def close_answering(choice: str) -> bool:
        closed = panel.close()  # the question comes after: the close is refused for now
        box = await dialog_shown(QMessageBox)
        assert "not saved" in box.text()
        next(b for b in box.buttons() if b.text() == choice).click()
        await until(lambda: open_dialog(QMessageBox) is None)
        return closed

    assert run(close_answering("Cancel")) is False
    assert panel.isVisible() and panel.is_modified()
    assert run(close_answering("Don't save")) is False
    run(until(lambda: not panel.isVisible()))


def test_main_window_close_asks_too(make_editor: Any, run: Any) -> None:
    from PySide6.QtWidgets import QMainWindow

    window = QMainWindow()
    panel = make_editor()
    window.setCentralWidget(panel)
    window.show()
    panel.add_action.trigger()
    assert panel.is_modified()

    async def close_and_cancel() -> None:
        assert window.close() is False
        box = await dialog_shown(QMessageBox)
        assert "not saved" in box.text()
        next(b for b in box.buttons() if b.text() == "Cancel").click()
        await until(lambda: open_dialog(QMessageBox) is None)

    run(close_and_cancel())
    assert window.isVisible()
    panel.undo_action.trigger()
    assert not panel.is_modified()
    assert window.close() is True
    # Hand the panel back to the fixture (which closes it) before the window goes away.
    window.takeCentralWidget()
    panel.setParent(None)
    window.deleteLater()


def test_closing_after_save_writes_the_file_first(
    make_editor: Any, tmp_path: Path, qtbot: Any, run: Any
) -> None:
    path = tmp_path / "faq.jsonl"
    shutil.copyfile(VALID, path)
    panel = make_editor(path)
    type_text(qtbot, panel.form.bubbles[1].content_edit, "!")

    async def close_saving() -> None:
        panel.close()
        box = await dialog_shown(QMessageBox)
        next(b for b in box.buttons() if b.text() == "Save").click()
        await until(lambda: not panel.isVisible())

    run(close_saving())
    assert "!" in path.read_text(encoding="utf-8").splitlines()[0]


def test_recent_files_and_drop_to_open(make_editor: Any, tmp_path: Path, run: Any) -> None:
    from PySide6.QtCore import QMimeData, QPointF, QUrl
    from PySide6.QtGui import QDropEvent

    path = tmp_path / "faq.jsonl"
    shutil.copyfile(VALID, path)
    panel = make_editor()
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    event = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    panel.dropEvent(event)
    run(until(lambda: panel.path == path))
    assert len(panel.document) == 24
    assert panel.recent_files()[0] == str(path.resolve())


def test_context_receives_the_dataset_and_sends_examples(
    make_editor: Any, make_ui_context: Any
) -> None:
    context = make_ui_context()
    panel = make_editor(context=context)
    assert context.dataset is panel.document
    # The app has a Training panel to hand examples to, once there are some.
    assert not panel.fine_tune_action.isEnabled()
    example = {
        "messages": [
            {"role": "user", "content": "機場有 Wi-Fi 嗎?"},
            {"role": "assistant", "content": "有,免費。"},
        ]
    }
    context.add_example_requested.emit(example)
    assert len(panel.document) == 1
    assert panel.example_object(0) == example
    assert panel.is_modified()
    assert panel.fine_tune_action.isEnabled() and panel.fine_tune_button.isEnabled()
    # The button keeps the "…" that says a dialog comes first (Qt drops it by default).
    assert panel.fine_tune_button.text() == "Fine-tune…"
    panel.undo_action.trigger()
    assert len(panel.document) == 0


def test_save_as_asks_where_then_writes(make_editor: Any, tmp_path: Path, run: Any) -> None:
    from PySide6.QtWidgets import QFileDialog, QLineEdit

    panel = make_editor()
    panel.template_menu.actions()[0].trigger()
    run(until(lambda: len(panel.document) == 24))
    assert panel.path is None
    target = tmp_path / "mine"
    panel.save_action.trigger()  # no file yet: Save asks where

    async def choose() -> None:
        dialog = await dialog_shown(QFileDialog)
        assert dialog.windowModality() == Qt.WindowModality.WindowModal  # open(), not exec()

        dialog.setDirectory(str(target.parent))
        name_edit = dialog.findChild(QLineEdit, "fileNameEdit")

        def type_name_and_save() -> bool:
            # Qt's own file dialog may clear the name once it has read the folder: type it
            # again until the dialog takes it.
            name_edit.setText(target.name)
            if dialog.selectedFiles() == [str(target)]:
                dialog.accept()
            return not dialog.isVisible()

        await until(type_name_and_save)
        await until(lambda: panel.path is not None)

    run(choose())
    assert panel.path == target.with_suffix(".jsonl")
    assert panel.path.read_bytes() == panel.document.to_bytes()
    assert "mine.jsonl" in panel.windowTitle()


def test_a_file_that_cannot_be_read_is_explained(
    make_editor: Any, tmp_path: Path, run: Any
) -> None:
    panel = make_editor()
    assert run(panel.open_path(tmp_path / "missing.jsonl", ask=False)) is False
    box = open_dialog(QMessageBox)
    assert box is not None and "could not be opened" in box.text()
    assert not panel.loading and not panel.progress.isVisible()
    box.accept()
