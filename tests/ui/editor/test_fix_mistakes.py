"""A first-time author's file with mistakes, fixed through the editor until it is clean."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from fine_tune_studio.core.schema import ROLES
from fine_tune_studio.core.validation import validate_path
from fine_tune_studio.ui.editor.repair_dialog import RepairDialog
from fine_tune_studio.ui.editor.summaries import STATUS_ERROR
from tests.support.qt_fixtures import until
from tests.ui.editor.conftest import dialog_shown, wait_checked
from tests.ui.editor.keyboard import type_text


def first_line_error(panel: Any) -> int | None:
    for row, problem in enumerate(panel.problems.model.problems):
        if problem.is_error and problem.uid is not None:
            return row
    return None


def test_fix_every_mistake_through_the_ui_and_save(
    make_editor: Any, mistakes_copy: Path, qtbot: Any, run: Any
) -> None:
    panel = make_editor(mistakes_copy)
    before = validate_path(mistakes_copy)
    error_lines = sorted({i.line for i in before.issues if i.is_error and i.line is not None})
    assert panel.error_count() == len(error_lines) > 0
    # Each broken line is listed, with its own line number, in the problems panel.
    listed = {
        panel.problems.model.line_of(p) + 1
        for p in panel.problems.model.problems
        if p.is_error and p.uid is not None
    }
    assert listed == set(error_lines)

    fixed: list[int] = []
    while (row := first_line_error(panel)) is not None:
        problem = panel.problems.model.problems[row]
        panel.problems.activate_row(row)
        line = panel._current_line
        assert line == panel.problems.model.line_of(problem)
        form = panel.form
        text = panel.document.line_text(line)
        if problem.path.endswith(".role"):
            # The field the problem names has the focus: pick the right role there.
            index = int(problem.path.split("[")[1].split("]")[0])
            bubble = form.bubbles[index]
            assert bubble.role_box.hasFocus()
            bubble.role_box.setCurrentIndex(bubble.role_box.findData("assistant"))
        elif problem.path.endswith(".content"):
            index = int(problem.path.split("[")[1].split("]")[0])
            bubble = form.bubbles[index]
            assert bubble.content_edit.hasFocus(), (
                QApplication.focusWidget(),
                form.tabs.currentIndex(),
                bubble.isVisible(),
            )
            type_text(qtbot, bubble.content_edit, "可以申請退稅嗎?")
        elif problem.path == "messages":
            qtbot.mouseClick(form.add_answer_button, Qt.MouseButton.LeftButton)
            type_text(qtbot, form.bubbles[-1].content_edit, "行動電源只能放在隨身行李,不可托運。")
        elif form.form_quotes_button.isVisible():
            # Word-processor quotes: the form offers the fix without the JSON tab, and the
            # problem names its button.
            assert form.tabs.currentIndex() == 0
            assert "Replace word-processor quotes" in problem.text
            qtbot.mouseClick(form.form_quotes_button, Qt.MouseButton.LeftButton)
        else:
            # Cut off: the form offers the repair and shows the result before applying it.
            assert form.tabs.currentIndex() == 0 and form.repair_cut_button.isVisible()
            assert "Repair the cut-off line" in problem.text and "]}" not in problem.text
            qtbot.mouseClick(form.repair_cut_button, Qt.MouseButton.LeftButton)
            dialog = run(dialog_shown(RepairDialog))
            assert "航廈電車" in dialog.preview.toPlainText()  # the last answer, as it is
            assert dialog.added.strip() == "]}"
            qtbot.mouseClick(dialog.repair_button, Qt.MouseButton.LeftButton)
        run(until(lambda line=line: panel.session.status(line) != STATUS_ERROR))
        assert panel.document.line_text(line) != text
        fixed.append(line + 1)
        panel._refresh_aggregates()
        assert len(fixed) <= len(error_lines)

    assert sorted(fixed) == error_lines
    assert panel.error_count() == 0
    assert panel.problems.model.error_count() == 0
    assert panel.summary.numbers is not None
    assert panel.summary.numbers.valid == panel.summary.numbers.examples

    panel.save_action.trigger()
    run(until(lambda: not panel.is_modified()))
    report = validate_path(mistakes_copy)
    assert not report.has_errors, [i.to_json_dict() for i in report.issues]
    assert report.valid_examples == report.examples == len(panel.document)


def test_problems_filter_and_search(
    make_editor: Any, mistakes_copy: Path, qtbot: Any, run: Any
) -> None:
    panel = make_editor(mistakes_copy)
    panel.status_filter.setCurrentIndex(panel.status_filter.findData(1))  # errors only
    lines = [panel.table_model.line_at(r) for r in range(panel.table_model.rowCount())]
    assert lines and all(panel.session.status(i) == STATUS_ERROR for i in lines)
    panel.status_filter.setCurrentIndex(0)
    type_text(qtbot, panel.search_edit, "Wi-Fi")
    run(until(lambda: panel.table_model.rowCount() == 1))
    assert "Wi-Fi" in panel.session.first_user(panel.table_model.line_at(0))
    panel.search_edit.clear()
    # Structural words match only inside messages, not the JSON keys every line has.
    type_text(qtbot, panel.search_edit, "content")
    run(until(lambda: panel.table_model.rowCount() < len(panel.document)))
    panel.search_edit.clear()
    run(until(lambda: panel.table_model.rowCount() == len(panel.document)))
    wait_checked(run, panel)


def test_errors_only_list_follows_fixes(
    make_editor: Any, mistakes_copy: Path, qtbot: Any, run: Any
) -> None:
    panel = make_editor(mistakes_copy)
    panel.status_filter.setCurrentIndex(panel.status_filter.findData(1))
    before = panel.table_model.rowCount()
    panel.table.selectRow(0)
    line = panel.table_model.line_at(0)
    assert panel._current_line == line
    bubble = next(b for b in panel.form.bubbles if b.role not in ROLES)
    bubble.role_box.setCurrentIndex(bubble.role_box.findData("assistant"))
    run(until(lambda: panel.table_model.rowCount() == before - 1))
    assert line not in [panel.table_model.line_at(r) for r in range(panel.table_model.rowCount())]


def test_checker_process_gives_the_same_results_as_the_thread(
    make_editor: Any, mistakes_copy: Path, qtbot: Any, monkeypatch: Any
) -> None:
    """Big files are checked in spawned worker processes; force that path on the small file."""
    from fine_tune_studio.ui.editor.checking import BackgroundChecker

    by_thread = make_editor(mistakes_copy)
    expected = [
        (s.status, s.tokens, [i.code for i in s.issues]) if s else None
        for _, s in by_thread.session.summaries_in_order()
    ]
    monkeypatch.setattr(BackgroundChecker, "PROCESS_MIN_LINES", 1)
    by_process = make_editor(mistakes_copy)
    assert by_process.session._checker.used_processes
    assert not by_thread.session._checker.used_processes
    got = [
        (s.status, s.tokens, [i.code for i in s.issues]) if s else None
        for _, s in by_process.session.summaries_in_order()
    ]
    assert got == expected
    assert by_process.problems.model.error_count() == by_thread.problems.model.error_count()


def test_the_chosen_problem_is_shown_in_full_under_the_list(
    make_editor: Any, mistakes_copy: Path
) -> None:
    # In a narrow window the list cuts long texts short; what to do is at their end.
    panel = make_editor(mistakes_copy)
    problems = panel.problems
    first = problems.model.problems[0]
    assert first.uid is None  # the file's own problem comes first
    assert problems.detail.text() == f"The file: {first.text}"
    row = first_line_error(panel)
    assert row is not None
    problems.activate_row(row)
    chosen = problems.model.problems[row]
    line = problems.model.line_of(chosen) + 1
    where = f"Line {line}, field {chosen.path}" if chosen.path else f"Line {line}"
    assert problems.detail.text() == f"{where}: {chosen.text}"
    assert problems.detail.wordWrap()
