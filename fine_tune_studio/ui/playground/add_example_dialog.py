"""Turn the conversation into a training example: pick or correct each answer, see problems.

The answers start from what the user chose (or, if nothing was chosen, from the column
they clicked "add" in) and stay editable, since the point is usually to write the answer
the model *should* have given. The line is checked with the same rules the editor uses,
and "Add" stays disabled while there are errors.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from fine_tune_studio.core.conversation import Conversation, example_to_jsonl_line
from fine_tune_studio.core.validation import check_line
from fine_tune_studio.ui.playground.language import current_language
from fine_tune_studio.ui.widgets import Retranslating


class AddExampleDialog(Retranslating, QDialog):
    def __init__(
        self, conversation: Conversation, fallback_column: int = 0, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("addExampleDialog")
        self.conversation = conversation
        self.setMinimumSize(520, 420)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        form_host = QWidget()
        self.form = QFormLayout(form_host)
        self.answer_edits: list[QPlainTextEdit] = []
        self.question_labels: list[QLabel] = []
        for turn in conversation.turns:
            question = QLabel(turn.user)
            question.setWordWrap(True)
            question.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            answer = QPlainTextEdit()
            answer.setPlainText(self._start_answer(turn, fallback_column))
            answer.setMinimumHeight(70)
            answer.textChanged.connect(self.recheck)
            self.question_labels.append(question)
            self.answer_edits.append(answer)
            self.form.addRow(question)
            self.form.addRow(answer)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(form_host)
        # A user who asked three questions usually means three examples, not one long one.
        self.separate_check = QCheckBox()
        self.separate_check.setVisible(len(conversation.turns) > 1)
        self.separate_check.toggled.connect(lambda _on: self.recheck())
        self.problems_caption = QLabel()
        self.problems = QListWidget()
        self.problems.setMaximumHeight(110)
        self.problems.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self._accept_if_valid)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.separate_check)
        layout.addWidget(self.problems_caption)
        layout.addWidget(self.problems)
        layout.addWidget(self.buttons)
        self._has_errors = False
        self.retranslate_ui()

    @staticmethod
    def _start_answer(turn: Any, fallback_column: int) -> str:
        answer = turn.answer_for_training()
        if answer is not None:
            return str(answer)
        if 0 <= fallback_column < len(turn.replies):
            return str(turn.replies[fallback_column].text)
        return ""

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Add to the dataset"))
        self.intro.setText(
            self.tr("Check each answer and correct it where the model should have said "
                    "something better. The example is added to the dataset open in Examples.")
        )
        self.problems_caption.setText(self.tr("Problems"))
        self.separate_check.setText(self.tr("Add each question as its own example"))
        self.recheck()

    def examples(self) -> list[dict[str, Any]]:
        """One example with the whole conversation, or one per question when asked."""
        system: list[dict[str, str]] = []
        if self.conversation.system_prompt.strip():
            system.append({"role": "system", "content": self.conversation.system_prompt})
        pairs = [
            [{"role": "user", "content": turn.user},
             {"role": "assistant", "content": edit.toPlainText()}]
            for turn, edit in zip(self.conversation.turns, self.answer_edits, strict=True)
        ]
        if self.separate_check.isChecked():
            return [{"messages": system + pair} for pair in pairs]
        return [{"messages": system + [m for pair in pairs for m in pair]}]

    def corrections(self) -> list[str]:
        return [edit.toPlainText() for edit in self.answer_edits]

    def recheck(self) -> None:
        examples = self.examples()
        self.problems.clear()
        self._has_errors = False
        for number, example in enumerate(examples, start=1):
            problems = check_example_line(example_to_jsonl_line(example), current_language())
            for severity, text in problems:
                self._has_errors |= severity == "error"
                prefix = self.tr("Error") if severity == "error" else self.tr("Warning")
                if len(examples) > 1:
                    prefix = self.tr("Example %1 — %2").replace("%1", str(number)).replace(
                        "%2", prefix)
                self.problems.addItem(f"{prefix}: {text}")
        if not self.problems.count():
            self.problems.addItem(self.tr("No problems found."))
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(not self._has_errors)
        # English has no plural forms file here, so the two cases are spelled out.
        ok.setText(self.tr("Add example") if len(examples) == 1
                   else self.tr("Add %1 examples").replace("%1", str(len(examples))))

    @property
    def has_errors(self) -> bool:
        return self._has_errors

    def problem_texts(self) -> list[str]:
        return [self.problems.item(i).text() for i in range(self.problems.count())]

    def _accept_if_valid(self) -> None:
        if not self._has_errors:
            self.accept()


def check_example_line(line: str, lang: str) -> list[tuple[str, str]]:
    """(severity, words) for each problem the editor's rules find in this line."""
    result = check_line(line, 1)
    found: list[tuple[str, str]] = []
    for issue in result.issues:
        words = issue.message.get(lang)
        if issue.fix is not None:
            words += " " + issue.fix.get(lang)
        found.append((str(getattr(issue.severity, "value", issue.severity)), words))
    return found
