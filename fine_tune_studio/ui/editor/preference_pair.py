"""A preference (DPO) example's two answers, side by side: the one the model should prefer
and the one it should not."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from fine_tune_studio.ui.editor.bubbles import GrowingTextEdit, issue_html
from fine_tune_studio.ui.widgets import Retranslating

PREFERRED = "preferred_output"
NON_PREFERRED = "non_preferred_output"
_COLORS = {PREFERRED: "#e8f5e9", NON_PREFERRED: "#fbe9e7"}


def answer_of(example: dict[str, Any], key: str) -> dict[str, Any] | None:
    """The one assistant message of `example[key]`, if it is written the way the form can
    show it (a list of one message)."""
    output = example.get(key)
    if isinstance(output, list) and len(output) == 1 and isinstance(output[0], dict):
        return output[0]
    return None


class _Answer(QFrame):
    def __init__(self, key: str, message: dict[str, Any], parent: QWidget) -> None:
        super().__init__(parent)
        self.key = key
        self.message = message
        self.setObjectName(key)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(
            f"QFrame#{key} {{ background: {_COLORS[key]}; border: 1px solid #cfd8dc; "
            "border-radius: 10px; }"
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        self.heading = QLabel(self)
        self.heading.setStyleSheet("font-weight: bold;")
        self.edit = GrowingTextEdit(self)
        content = message.get("content")
        self.edit.setPlainText(content if isinstance(content, str) else "")
        self.edit.setReadOnly(not isinstance(content, str | None))
        self.issue_label = QLabel(self)
        self.issue_label.setWordWrap(True)
        self.issue_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.issue_label.hide()
        layout.addWidget(self.heading)
        layout.addWidget(self.edit)
        layout.addWidget(self.issue_label)

    def set_issues(self, lines: list[tuple[bool, str]]) -> None:
        self.issue_label.setText(issue_html(lines))
        self.issue_label.setVisible(bool(lines))


class PreferencePair(Retranslating, QWidget):
    """Both answers of a preference example; typing writes into the example it was given."""

    changed = Signal(str)  # the key of the answer that changed

    def __init__(self, example: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("preferencePair")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.answers: dict[str, _Answer] = {}
        for key in (PREFERRED, NON_PREFERRED):
            message = answer_of(example, key)
            assert message is not None, "show only examples the form can show"
            answer = _Answer(key, message, self)
            answer.edit.textChanged.connect(lambda a=answer: self._edited(a))
            layout.addWidget(answer, 1)
            self.answers[key] = answer
        self.retranslate_ui()

    @property
    def preferred_edit(self) -> GrowingTextEdit:
        return self.answers[PREFERRED].edit

    @property
    def non_preferred_edit(self) -> GrowingTextEdit:
        return self.answers[NON_PREFERRED].edit

    def retranslate_ui(self) -> None:
        self.answers[PREFERRED].heading.setText(self.tr("Preferred answer"))
        self.answers[NON_PREFERRED].heading.setText(self.tr("Non-preferred answer"))
        self.preferred_edit.setAccessibleName(self.tr("Preferred answer"))
        self.non_preferred_edit.setAccessibleName(self.tr("Non-preferred answer"))

    def _edited(self, answer: _Answer) -> None:
        if answer.edit.isReadOnly():
            return
        answer.message["content"] = answer.edit.toPlainText()
        self.changed.emit(answer.key)

    def set_issues(self, key: str, lines: list[tuple[bool, str]]) -> None:
        self.answers[key].set_issues(lines)

    def focus(self, key: str) -> None:
        self.answers[key].edit.setFocus()
