"""The review screen: one question, two answers labelled only A and B, a vote per item.

Keys: 1 = A is better, 2 = B is better, 3 = tie (each moves on to the next item), ← / → move
without voting. Sides are chosen per item by `core.eval_stats.left_side` (random-looking,
stable for the run) and stored with the vote. Model names never show here; the report
reveals them. The reference answer stays hidden until the reviewer asks for it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from fine_tune_studio.core.eval_run import Answer
from fine_tune_studio.core.eval_stats import Choice, Vote, latest_votes, left_side
from fine_tune_studio.core.test_sets import TestItem
from fine_tune_studio.services.eval_store import RunFolder
from fine_tune_studio.ui.widgets import Retranslating


def _text_box(object_name: str) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setObjectName(object_name)
    box.setReadOnly(True)
    box.setTabChangesFocus(True)
    # Reviewers read these for a long time: a little larger than the interface text.
    font = box.font()
    font.setPointSizeF(font.pointSizeF() * 1.15)
    box.setFont(font)
    return box


class ReviewView(Retranslating, QWidget):
    voted = Signal(object)  # the Vote

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.folder: RunFolder | None = None
        self.items: list[TestItem] = []
        self.known: Mapping[tuple[str, str], Answer] = {}
        self.index = 0
        self.reviewer_label = QLabel()
        self.reviewer = QLineEdit()
        self.reviewer.setObjectName("reviewerName")
        self.pair_label = QLabel()
        self.first = QComboBox()
        self.second = QComboBox()
        self.progress = QLabel()
        self.progress.setObjectName("reviewProgress")
        self.question = _text_box("reviewQuestion")
        self.answer_a = _text_box("reviewAnswerA")
        self.answer_b = _text_box("reviewAnswerB")
        self.title_a, self.title_b = QLabel(), QLabel()
        self.reference = _text_box("reviewReference")
        self.reference.setVisible(False)
        self.reference_title = QLabel()
        self.reference_title.setVisible(False)
        self.reference_button = QPushButton()
        self.reference_button.setCheckable(True)
        self.reference_button.toggled.connect(self._show_reference)
        self.note_label = QLabel()
        self.note = QLineEdit()
        self.note.setObjectName("reviewNote")
        self.a_button, self.b_button, self.tie_button = QPushButton(), QPushButton(), QPushButton()
        self.back_button, self.next_button = QPushButton(), QPushButton()
        self.status = QLabel()
        self.status.setWordWrap(True)

        top = QHBoxLayout()
        top.addWidget(self.reviewer_label)
        top.addWidget(self.reviewer, 1)
        top.addWidget(self.pair_label)
        top.addWidget(self.first, 1)
        top.addWidget(QLabel("↔"))
        top.addWidget(self.second, 1)
        top.addWidget(self.progress)
        answers = QGridLayout()
        answers.addWidget(self.title_a, 0, 0)
        answers.addWidget(self.title_b, 0, 1)
        answers.addWidget(self.answer_a, 1, 0)
        answers.addWidget(self.answer_b, 1, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        for button in (self.a_button, self.b_button, self.tie_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.next_button)
        note_row = QHBoxLayout()
        note_row.addWidget(self.note_label)
        note_row.addWidget(self.note, 1)
        note_row.addWidget(self.reference_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.question, 1)
        layout.addLayout(answers, 3)
        layout.addLayout(note_row)
        layout.addWidget(self.reference_title)
        layout.addWidget(self.reference, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.status)

        self.a_button.clicked.connect(lambda: self.vote(Choice.A))
        self.b_button.clicked.connect(lambda: self.vote(Choice.B))
        self.tie_button.clicked.connect(lambda: self.vote(Choice.TIE))
        self.back_button.clicked.connect(lambda: self.go(-1))
        self.next_button.clicked.connect(lambda: self.go(1))
        self.first.currentIndexChanged.connect(lambda _i: self.show_item())
        self.second.currentIndexChanged.connect(lambda _i: self.show_item())
        self.reviewer.editingFinished.connect(self.show_item)
        # Shortcuts, not key handlers: a QLineEdit (the note) takes printable keys first, so
        # typing "1" in a note stays text.
        shortcut = Qt.ShortcutContext.WidgetWithChildrenShortcut
        for key, slot in (
            ("1", lambda: self.vote(Choice.A)), ("2", lambda: self.vote(Choice.B)),
            ("3", lambda: self.vote(Choice.TIE)), ("Left", lambda: self.go(-1)),
            ("Right", lambda: self.go(1)),
        ):
            QShortcut(QKeySequence(key), self, slot, context=shortcut)
        self.retranslate_ui()

    # -- texts ---------------------------------------------------------------------------------

    def retranslate_ui(self) -> None:
        self.reviewer_label.setText(self.tr("Your name:"))
        self.reviewer.setPlaceholderText(self.tr("asked once; keeps your votes apart"))
        self.pair_label.setText(self.tr("Compare:"))
        self.title_a.setText(self.tr("Answer A"))
        self.title_b.setText(self.tr("Answer B"))
        self.reference_title.setText(self.tr("Reference answer (what the test set expects)"))
        self.note_label.setText(self.tr("Note (optional, saved with your vote):"))
        self.reference_button.setText(self.tr("Show reference answer"))
        self.a_button.setText(self.tr("A is better (1)"))
        self.b_button.setText(self.tr("B is better (2)"))
        self.tie_button.setText(self.tr("Tie (3)"))
        self.back_button.setText(self.tr("← Previous"))
        self.next_button.setText(self.tr("Next →"))
        self.show_item()

    # -- data ----------------------------------------------------------------------------------

    def set_run(self, folder: RunFolder | None, items: Sequence[TestItem],
                answers: Mapping[tuple[str, str], Answer]) -> None:
        """Review `folder`'s run. `answers` is the panel's own record of the run's answers
        by (item, contestant), kept up to date as they arrive (read, not copied)."""
        self.folder = folder
        self.items = list(items)
        self.known = answers
        self.index = 0
        names = [c.name for c in folder.spec.contestants] if folder else []
        for box, default in ((self.first, 0), (self.second, 1)):
            box.blockSignals(True)
            box.clear()
            for i, _name in enumerate(names):
                # Blind: the boxes say "model 1", "model 2"; names wait for the report.
                box.addItem(self.tr("Model %1").replace("%1", str(i + 1)), i)
            box.setCurrentIndex(min(default, len(names) - 1))
            box.blockSignals(False)
        self.show_item()

    @property
    def pair(self) -> tuple[str, str] | None:
        if self.folder is None:
            return None
        names = [c.name for c in self.folder.spec.contestants]
        i, j = self.first.currentData(), self.second.currentData()
        if i is None or j is None or i == j:
            return None
        return names[i], names[j]

    def _my_votes(self) -> dict[str, Vote]:
        if self.folder is None or self.pair is None:
            return {}
        pair = tuple(sorted(self.pair))
        me = self.reviewer.text().strip()
        return {
            v.item_id: v for v in latest_votes(self.folder.votes())
            if v.reviewer == me and v.pair == pair
        }

    def sides(self, item: TestItem) -> tuple[str, str]:
        assert self.folder is not None and self.pair is not None
        first, second = self.pair
        left = left_side(self.folder.spec.seed, item.id, first, second)
        return (left, second if left == first else first)

    # -- showing -------------------------------------------------------------------------------

    def show_item(self) -> None:
        ready = bool(self.items) and self.pair is not None and bool(self.reviewer.text().strip())
        for button in (self.a_button, self.b_button, self.tie_button, self.back_button,
                       self.next_button):
            button.setEnabled(ready)
        if not self.items or self.folder is None:
            self.progress.setText("")
            self._fill("", "", "", "")
            self.status.setText(self.tr("Open or start a run to review its answers."))
            return
        votes = self._my_votes()
        self.progress.setText(
            self.tr("%1 of %2").replace("%1", str(self.index + 1))
            .replace("%2", str(len(self.items)))
        )
        item = self.items[self.index]
        if self.pair is None:
            self.status.setText(self.tr("Choose two different models to compare."))
            self._fill(item.question, "", "", item.reference)
            return
        left, right = self.sides(item)
        self._fill(item.question, self._answer_text(item, left),
                   self._answer_text(item, right), item.reference)
        vote = votes.get(item.id)
        self.note.setText(vote.note if vote else "")
        if not self.reviewer.text().strip():
            self.status.setText(self.tr("Type your name first: each reviewer's votes are "
                                        "counted apart."))
        elif vote is None:
            self.status.setText(self.tr("%n of %1 rated by you.", "", len(votes))
                                .replace("%1", str(len(self.items))))
        else:
            said = {Choice.A: self.tr("You chose A."), Choice.B: self.tr("You chose B."),
                    Choice.TIE: self.tr("You called it a tie.")}
            shown = vote.choice if vote.left == left else {
                Choice.A: Choice.B, Choice.B: Choice.A, Choice.TIE: Choice.TIE}[vote.choice]
            self.status.setText(said[shown])

    def _answer_text(self, item: TestItem, contestant: str) -> str:
        answer = self.known.get((item.id, contestant))
        return answer.answer if answer is not None else self.tr("(no answer yet)")

    def refresh_answers(self) -> None:
        """Show answers that arrived since this item was shown (a run still going, or the
        tab opened again); the note being typed and the scroll position of an answer
        already shown stay as they are."""
        if not self.items or self.folder is None or self.pair is None:
            return
        item = self.items[self.index]
        left, right = self.sides(item)
        for box, contestant in ((self.answer_a, left), (self.answer_b, right)):
            text = self._answer_text(item, contestant)
            if box.toPlainText() != text:
                box.setPlainText(text)

    def _fill(self, question: str, a: str, b: str, reference: str) -> None:
        self.question.setPlainText(question)
        self.answer_a.setPlainText(a)
        self.answer_b.setPlainText(b)
        self.reference.setPlainText(reference)

    def _show_reference(self, shown: bool) -> None:
        self.reference.setVisible(shown)
        self.reference_title.setVisible(shown)
        self.reference_button.setText(
            self.tr("Hide reference answer") if shown else self.tr("Show reference answer")
        )

    # -- acting --------------------------------------------------------------------------------

    def go(self, step: int) -> None:
        if not self.items:
            return
        self.index = max(0, min(len(self.items) - 1, self.index + step))
        self.show_item()

    def vote(self, choice: Choice) -> None:
        me = self.reviewer.text().strip()
        if self.folder is None or self.pair is None or not self.items or not me:
            return
        item = self.items[self.index]
        left, right = self.sides(item)
        vote = Vote(item.id, left, right, choice, me, self.note.text().strip())
        self.folder.add_vote(vote)
        self.voted.emit(vote)
        if self.index < len(self.items) - 1:
            self.go(1)
        else:
            self.show_item()
