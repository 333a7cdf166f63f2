"""Two small dialogs of the Evaluation panel, both opened with `open()` and answering by a
signal: the AI judge's setup, and "Add corrected answer" for an item the model lost."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from fine_tune_studio.core.conversation import example_to_jsonl_line
from fine_tune_studio.core.eval_judge import DEFAULT_RUBRIC
from fine_tune_studio.core.issues import Severity
from fine_tune_studio.core.test_sets import TestItem, normalize_question
from fine_tune_studio.core.validation import check_line
from fine_tune_studio.services.evaluation import JudgeSetup
from fine_tune_studio.ui.widgets import Retranslating


def _buttons(dialog: QDialog) -> QDialogButtonBox:
    box = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    box.rejected.connect(dialog.reject)
    return box


class JudgeDialog(Retranslating, QDialog):
    chosen = Signal(object)  # services.evaluation.JudgeSetup

    def __init__(self, profiles: list[tuple[str, str]], lang: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("judgeDialog")
        self.setMinimumWidth(520)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.provider = QComboBox()
        for profile_id, name in profiles:
            self.provider.addItem(name, profile_id)
        self.model = QLineEdit()
        # The rubric is the user's to edit: it stays in the language it was first shown in.
        self.rubric = QPlainTextEdit(DEFAULT_RUBRIC.get(lang))
        self.labels = [QLabel() for _ in range(3)]  # in retranslate_ui's order
        form = QFormLayout()
        for label, field in zip(self.labels, (self.provider, self.model, self.rubric),
                                strict=True):
            form.addRow(label, field)
        self.buttons = _buttons(self)
        self.buttons.accepted.connect(self._accept)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("AI judge"))
        self.intro.setText(self.tr(
            "A chat model rates each pair of answers with the rubric below. It is asked twice, "
            "with A and B swapped; a verdict counts only when both agree. The report shows how "
            "often it agrees with your reviewers."
        ))
        for label, text in zip(self.labels, (self.tr("Provider:"), self.tr("Model:"),
                                             self.tr("Rubric:")), strict=True):
            label.setText(text)

    def _accept(self) -> None:
        if not self.model.text().strip() or not self.rubric.toPlainText().strip():
            return
        self.chosen.emit(JudgeSetup(str(self.provider.currentData()), self.model.text().strip(),
                                    self.rubric.toPlainText().strip()))
        self.accept()


class CorrectedAnswerDialog(Retranslating, QDialog):
    """A training example from a lost item: the question (better reworded: the same question
    in both files would be a leak) and the answer the model should have given."""

    example_ready = Signal(dict)

    def __init__(self, item: TestItem, lost_answer: str, lang: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("correctedAnswerDialog")
        self.setMinimumSize(520, 420)
        self.item = item
        self.lang = lang
        self.lost_answer = lost_answer
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.question = QPlainTextEdit(item.question)
        self.answer = QPlainTextEdit(item.reference)
        self.lost = QLabel()
        self.lost.setWordWrap(True)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.labels = [QLabel() for _ in range(2)]  # in retranslate_ui's order
        form = QFormLayout()
        for label, field in zip(self.labels, (self.question, self.answer), strict=True):
            form.addRow(label, field)
        self.buttons = _buttons(self)
        self.buttons.accepted.connect(self._accept)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.lost)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.question.textChanged.connect(self.recheck)
        self.answer.textChanged.connect(self.recheck)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Add corrected answer"))
        self.intro.setText(self.tr(
            "Adds an example to the training file open in Examples. Reword the question: "
            "the same question in the test set and the training file would make the next "
            "evaluation measure memory instead of skill."
        ))
        self.lost.setText(self.tr("The model answered: %1").replace("%1", self.lost_answer[:300]))
        for label, text in zip(self.labels, (self.tr("Question:"), self.tr("Answer:")),
                               strict=True):
            label.setText(text)
        self.recheck()

    def example(self) -> dict[str, Any]:
        system = [dict(m) for m in self.item.prompt if m.get("role") == "system"]
        return {"messages": [*system,
                             {"role": "user", "content": self.question.toPlainText()},
                             {"role": "assistant", "content": self.answer.toPlainText()}]}

    def recheck(self) -> None:
        check = check_line(example_to_jsonl_line(self.example()), 1)
        errors = [i.message.get(self.lang) for i in check.issues if i.severity is Severity.ERROR]
        same = normalize_question(self.question.toPlainText()) == normalize_question(
            self.item.question)
        notes = errors + ([self.tr("This is the test question itself: reword it.")]
                          if same else [])
        self.problem.setText("\n".join(notes))
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(not errors)

    def _accept(self) -> None:
        self.example_ready.emit(self.example())
        self.accept()
