"""Typing an example: its problems appear at the field and go away when fixed."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from fine_tune_studio.ui.editor.summaries import STATUS_ERROR, STATUS_OK
from fine_tune_studio.ui.editor.table_model import Column
from tests.support.qt_fixtures import until
from tests.ui.editor.keyboard import type_text


def bubble_problems(panel: Any, index: int) -> str:
    return panel.form.bubbles[index].issue_label.text()


def test_type_an_example_and_watch_the_error_come_and_go(
    make_editor: Any, qtbot: Any, run: Any
) -> None:
    panel = make_editor()
    panel.add_action.trigger()
    assert len(panel.document) == 1
    bubbles = panel.form.bubbles
    assert [b.role for b in bubbles] == ["user", "assistant"]
    # A fresh example is empty: both fields say so, where they are.
    run(until(lambda: "empty" in bubble_problems(panel, 0)))
    assert "empty" in bubble_problems(panel, 1)

    type_text(qtbot, bubbles[0].content_edit, "行李可以帶幾公斤?")
    run(until(lambda: bubble_problems(panel, 0) == ""))
    assert "empty" in bubble_problems(panel, 1)
    assert panel.session.status(0) == STATUS_ERROR

    type_text(qtbot, bubbles[1].content_edit, "經濟艙通常可托運 23 公斤。")
    run(until(lambda: bubble_problems(panel, 1) == ""))
    assert panel.session.status(0) == STATUS_OK
    status_cell = panel.table_model.index(0, Column.status)
    assert panel.table_model.data(status_cell) == "OK"
    assert panel.document.line_text(0) == (
        '{"messages":[{"role":"user","content":"行李可以帶幾公斤?"},'
        '{"role":"assistant","content":"經濟艙通常可托運 23 公斤。"}]}'
    )

    # Erase the answer again: the problem is back at the answer.
    bubbles[1].content_edit.selectAll()
    qtbot.keyClick(bubbles[1].content_edit, Qt.Key.Key_Backspace)
    run(until(lambda: "empty" in bubble_problems(panel, 1)))
    assert panel.session.status(0) == STATUS_ERROR


def test_raw_json_and_form_stay_in_sync(make_editor: Any, qtbot: Any, run: Any) -> None:
    panel = make_editor()
    panel.add_action.trigger()
    form = panel.form
    type_text(qtbot, form.bubbles[0].content_edit, "Q")
    # The JSON view follows the form...
    assert '"content": "Q"' in form.raw_edit.toPlainText()
    # ...and the form follows the JSON view.
    form.tabs.setCurrentIndex(1)
    form.raw_edit.setPlainText(
        '{"messages": [{"role": "user", "content": "Where is B5?"}, '
        '{"role": "assistant", "content": "Terminal 2."}]}'
    )
    run(until(
        lambda: (
            [b.content_edit.toPlainText() for b in form.bubbles] == ["Where is B5?", "Terminal 2."]
        )
    ))
    run(until(lambda: panel.session.status(0) == STATUS_OK))
    # Breaking the JSON keeps the text as typed and says what is wrong.
    form.raw_edit.setPlainText('{"messages": [')
    run(until(lambda: panel.session.status(0) == STATUS_ERROR))
    assert panel.document.line_text(0) == '{"messages": ['
    run(until(lambda: form.example_issues.text() != ""))


def test_assistant_reply_options_and_tool_calls(make_editor: Any, qtbot: Any) -> None:
    panel = make_editor()
    panel.add_action.trigger()
    form = panel.form
    type_text(qtbot, form.bubbles[0].content_edit, "Weather?")
    answer = form.bubbles[1]
    type_text(qtbot, answer.content_edit, "Let me check.")
    answer.weight_box.setChecked(False)
    assert '"weight":0' in panel.document.line_text(0)
    answer.weight_box.setChecked(True)
    assert '"weight"' not in panel.document.line_text(0)

    qtbot.mouseClick(answer.add_tool_call_button, Qt.MouseButton.LeftButton)
    # The template has no function name yet: the tool-call editor says so itself.
    assert answer.tool_error.text() != ""
    answer.tool_calls_edit.setPlainText(
        '[{"id": "call_1", "type": "function", '
        '"function": {"name": "weather", "arguments": "{\\"city\\": \\"Taipei\\"}"}}]'
    )
    assert answer.tool_error.text() == ""
    assert '"name":"weather"' in panel.document.line_text(0)
    answer.tool_calls_edit.setPlainText('[{"function": {"name": "weather", "arguments": "{oops"}}]')
    assert answer.tool_error.text() != ""


def test_messages_can_be_added_reordered_and_removed(
    make_editor: Any, qtbot: Any, run: Any
) -> None:
    panel = make_editor()
    panel.add_action.trigger()
    form = panel.form
    qtbot.mouseClick(form.add_system_button, Qt.MouseButton.LeftButton)
    assert [b.role for b in form.bubbles] == ["system", "user", "assistant"]
    type_text(qtbot, form.bubbles[0].content_edit, "You are polite.")
    form.bubbles[2].move_requested.emit(-1)
    assert [b.role for b in form.bubbles] == ["system", "assistant", "user"]
    form.bubbles[1].role_box.setCurrentIndex(form.bubbles[1].role_box.findData("tool"))
    assert '"role":"tool"' in panel.document.line_text(0)
    form.bubbles[1].remove_requested.emit()
    assert [b.role for b in form.bubbles] == ["system", "user"]
    run(until(
        lambda: "answer" in form.example_issues.text() or "assistant" in form.example_issues.text()
    ))
