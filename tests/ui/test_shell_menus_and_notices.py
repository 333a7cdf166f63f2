"""What the shell adds around the panels: the editor's File and Edit entries with the
platform's keys from every panel, the last file reopened on start, the first window sized
to the screen, and a finished job said inside the window."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication

from fine_tune_studio.ui.main_window import MainWindow, first_window_geometry
from tests.support.qt_fixtures import until
from tests.support.test_files import AIRPORT_FAQ


def make_window(qtbot: Any, qasync_loop: Any, make_ui_context: Any) -> MainWindow:
    window = MainWindow(make_ui_context())
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qasync_loop.run_until_complete(until(window.isActiveWindow))
    return window


def texts(actions: Any) -> list[str]:
    return [a.text() for a in actions if not a.isSeparator()]


def test_file_and_edit_menus_carry_the_editors_actions_with_standard_keys(
    qtbot: Any, qasync_loop: Any, make_ui_context: Any
) -> None:
    window = make_window(qtbot, qasync_loop, make_ui_context)
    editor = window.panel_widgets["editor"]
    file_entries = texts(window.file_menu.actions())
    for text in ("New", "New from template", "Open…", "Open recent", "Save", "Save as…",
                 "Export to a JSONL file…", "Fine-tune…", "&Quit"):
        assert text in file_entries, (text, file_entries)
    assert file_entries[-1] == "&Quit"
    edit_entries = texts(window.edit_menu.actions())
    for text in ("Undo", "Redo", "Add example", "Duplicate", "Delete", "Privacy check…"):
        assert text in edit_entries, (text, edit_entries)
    assert window.edit_menu.menuAction().isVisible()
    assert window.edit_menu.title() == "&Edit"
    for action, key in (
        (editor.new_action, QKeySequence.StandardKey.New),
        (editor.open_action, QKeySequence.StandardKey.Open),
        (editor.save_action, QKeySequence.StandardKey.Save),
    ):
        assert action.shortcut() == QKeySequence(key)
    assert not editor.save_as_action.shortcut().isEmpty()

    window.language_actions["zh_TW"].trigger()
    assert window.edit_menu.title() == "編輯(&E)"
    assert "儲存" in texts(window.file_menu.actions())


def test_save_from_another_panel_saves_the_file_and_shows_the_editor(
    qtbot: Any, qasync_loop: Any, make_ui_context: Any, tmp_path: Path
) -> None:
    path = tmp_path / "faq.jsonl"
    shutil.copyfile(AIRPORT_FAQ, path)
    window = make_window(qtbot, qasync_loop, make_ui_context)
    editor = window.panel_widgets["editor"]
    assert qasync_loop.run_until_complete(editor.open_path(path, ask=False))
    count = len(editor.session)
    editor.add_example()
    assert editor.is_modified()

    window.show_panel("settings")
    qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qasync_loop.run_until_complete(until(lambda: not editor.is_modified()))
    assert window.current_panel_key() == "editor"
    assert len(path.read_text(encoding="utf-8").splitlines()) == count + 1

    # A menu entry used from another panel shows the editor too.
    window.show_panel("jobs")
    editor.editor_actions.add.trigger()
    assert window.current_panel_key() == "editor" and len(editor.session) == count + 2
    editor.undo_stack.setClean()


def test_the_last_file_reopens_on_start_unless_it_is_gone_or_another_is_open(
    qtbot: Any, qasync_loop: Any, make_ui_context: Any, tmp_path: Path
) -> None:
    path = tmp_path / "faq.jsonl"
    other = tmp_path / "other.jsonl"
    shutil.copyfile(AIRPORT_FAQ, path)
    shutil.copyfile(AIRPORT_FAQ, other)
    first = make_window(qtbot, qasync_loop, make_ui_context)
    assert qasync_loop.run_until_complete(first.panel_widgets["editor"].open_path(path))
    first.close()

    second = make_window(qtbot, qasync_loop, make_ui_context)
    editor = second.panel_widgets["editor"]
    second.reopen_last_file()
    qasync_loop.run_until_complete(until(lambda: editor.path == path.resolve()))
    assert editor.pages.currentWidget() is editor.splitter and not editor.is_modified()
    second.close()

    # A file given to the app was opened first: it stays.
    third = make_window(qtbot, qasync_loop, make_ui_context)
    editor = third.panel_widgets["editor"]
    assert qasync_loop.run_until_complete(editor.open_path(other, ask=False))
    assert qasync_loop.run_until_complete(editor._reopen_last_file()) is False
    assert editor.path == other
    third.close()

    # The last file was deleted meanwhile: the welcome page, no error.
    other.unlink()
    fourth = make_window(qtbot, qasync_loop, make_ui_context)
    editor = fourth.panel_widgets["editor"]
    assert qasync_loop.run_until_complete(editor._reopen_last_file()) is False
    assert editor.path is None and editor.pages.currentWidget() is editor.welcome


def test_the_first_window_takes_80_percent_of_the_screen_at_least_1024x700() -> None:
    minimum = QSize(640, 480)
    big = QRect(0, 0, 2560, 1400)
    place = first_window_geometry(big, minimum)
    assert place.size() == QSize(2048, 1120) and place.center() == big.center()
    laptop = QRect(0, 0, 1366, 728)  # 80 % would be 582 high: too low for the panels
    assert first_window_geometry(laptop, minimum).size() == QSize(1092, 700)
    small = QRect(0, 0, 800, 600)  # all the screen has, never more
    assert first_window_geometry(small, minimum) == small
    second_screen = QRect(1920, 0, 1920, 1040)
    assert second_screen.contains(first_window_geometry(second_screen, minimum))


def test_a_first_start_sizes_to_the_screen_and_a_restart_restores(
    qtbot: Any, qasync_loop: Any, make_ui_context: Any
) -> None:
    first = make_window(qtbot, qasync_loop, make_ui_context)
    expected = first_window_geometry(first.screen().availableGeometry(), first.minimumSize())
    assert first.size() == expected.size()
    first.resize(701, 455)
    qasync_loop.run_until_complete(until(lambda: first.width() == 701))
    first.close()
    second = make_window(qtbot, qasync_loop, make_ui_context)
    assert (second.width(), second.height()) == (701, 455)  # not sized again


def test_a_finished_job_shows_a_bar_and_marks_training_until_seen(
    qtbot: Any, qasync_loop: Any, make_ui_context: Any
) -> None:
    window = make_window(qtbot, qasync_loop, make_ui_context)
    jobs = window.panel_widgets["jobs"]
    training_row = [s.key for s in window.panel_specs].index("jobs")
    window.show_panel("editor")
    assert not window.notice_bar.isVisible()

    jobs.notifier.notify("job-1", "Fine-tuning finished", "airport-faq is ready", success=True)
    jobs.signals.job_finished.emit("job-1")
    qasync_loop.run_until_complete(until(window.notice_bar.isVisible))
    assert "Fine-tuning finished" in window.notice_bar.text.text()
    assert "airport-faq is ready" in window.notice_bar.text.text()
    item = window.sidebar.item(training_row)
    assert item.text().endswith("●") and item.font().bold()
    assert item.toolTip() == "A fine-tuning job has ended"

    # The mark follows a language switch.
    window.language_actions["zh_TW"].trigger()
    assert window.sidebar.item(training_row).text().endswith("●")
    assert window.notice_bar.show_button.text() != "Show in Training"
    window.language_actions["en"].trigger()

    # "Show in Training" goes there; the bar and the mark go away.
    window.notice_bar.show_button.click()
    assert window.current_panel_key() == "jobs"
    assert not window.notice_bar.isVisible()
    assert not window.sidebar.item(training_row).text().endswith("●")

    # A failure, dismissed with ✕: the bar goes, the mark stays until Training is visited.
    window.show_panel("playground")
    jobs.notifier.notify("job-2", "Fine-tuning failed", "stopped: bad file", success=False)
    jobs.signals.job_finished.emit("job-2")
    qasync_loop.run_until_complete(until(window.notice_bar.isVisible))
    assert window.notice_bar.text.text().startswith("✖")
    window.notice_bar.close_button.click()
    assert not window.notice_bar.isVisible()
    assert window.sidebar.item(training_row).text().endswith("●")
    window.show_panel("jobs")
    assert not window.sidebar.item(training_row).text().endswith("●")

    # Seen where it happened: on the Training panel, no bar.
    jobs.notifier.notify("job-3", "Fine-tuning finished", "x is ready", success=True)
    jobs.signals.job_finished.emit("job-3")
    QApplication.processEvents()  # the queued call
    assert not window.notice_bar.isVisible()
    assert not window.sidebar.item(training_row).text().endswith("●")
