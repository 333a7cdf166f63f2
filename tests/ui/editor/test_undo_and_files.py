"""Undo/redo of every kind of edit, lossless saving, templates and unsaved-change prompts."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from fine_tune_studio.ui.editor.checking import STATUS_OK
from tests.ui.editor.conftest import VALID
from tests.ui.editor.keyboard import type_text


def test_undo_and_redo_typing_and_list_edits(make_editor: Any, tmp_path: Path, qtbot: Any) -> None:
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
    qtbot.waitUntil(
        lambda: all(panel.session.status(i) == STATUS_OK for i in range(1, len(original)))
    )


def test_saving_an_unedited_file_is_byte_identical(make_editor: Any, tmp_path: Path) -> None:
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
    panel.save_action.trigger()
    assert path.read_bytes() == data
    copy = tmp_path / "copy.jsonl"
    assert panel.save_to(copy)
    assert copy.read_bytes() == data
    # Deleting and undoing keeps even the bytes that are not UTF-8.
    panel.select_lines([2, 3])
    panel.delete_action.trigger()
    panel.undo_action.trigger()
    assert panel.save_to(copy)
    assert copy.read_bytes() == data


def test_new_from_template_and_closing_asks_when_unsaved(
    make_editor: Any, qtbot: Any, tmp_path: Path
) -> None:
    panel = make_editor()
    panel.template_menu.actions()[0].trigger()
    assert len(panel.document) == 24
    assert panel.path is None
    qtbot.waitUntil(lambda: not panel.session.checking)
    assert panel.error_count() == 0
    type_text(qtbot, panel.form.bubbles[1].content_edit, "!")
    assert panel.is_modified()

    answers: list[str] = []

    def answer(choice: str) -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        answers.append(box.text())
        for button in box.buttons():
            if button.text() == choice:
                button.click()

    QTimer.singleShot(0, lambda: answer("Cancel"))
    assert panel.close() is False
    assert answers and "not saved" in answers[0]
    assert panel.isVisible()
    QTimer.singleShot(0, lambda: answer("Don't save"))
    assert panel.close() is True


def test_main_window_close_asks_too(make_editor: Any, qtbot: Any) -> None:
    from PySide6.QtWidgets import QMainWindow

    window = QMainWindow()
    panel = make_editor()
    window.setCentralWidget(panel)
    window.show()
    panel.add_action.trigger()
    assert panel.is_modified()
    asked: list[str] = []

    def cancel() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        asked.append(box.text())
        next(b for b in box.buttons() if b.text() == "Cancel").click()

    QTimer.singleShot(0, cancel)
    assert window.close() is False
    assert asked and window.isVisible()
    panel.undo_action.trigger()
    assert not panel.is_modified()
    assert window.close() is True
    # Hand the panel back to the fixture (which closes it) before the window goes away.
    window.takeCentralWidget()
    panel.setParent(None)
    window.deleteLater()


def test_recent_files_and_drop_to_open(make_editor: Any, tmp_path: Path) -> None:
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
    assert panel.path == path
    assert len(panel.document) == 24
    assert panel.recent_files()[0] == str(path.resolve())


def test_context_receives_the_dataset_and_sends_examples(make_editor: Any, qtbot: Any) -> None:
    from PySide6.QtCore import QObject, Signal

    class Context(QObject):
        add_example_requested = Signal(dict)

        def __init__(self) -> None:
            super().__init__()
            self.datasets: list[Any] = []

        def set_dataset(self, dataset: Any) -> None:
            self.datasets.append(dataset)

    context = Context()
    panel = make_editor(context=context)
    assert context.datasets[-1] is panel.document
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
    panel.undo_action.trigger()
    assert len(panel.document) == 0
