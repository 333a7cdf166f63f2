"""The blind-judging controls: switch blind mode on, give a verdict per turn, reveal names."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QPushButton, QWidget

from fine_tune_studio.core.evaluation import LETTERS, Verdict
from fine_tune_studio.ui.widgets import Retranslating


class BlindBar(Retranslating, QWidget):
    blind_toggled = Signal(bool)
    verdict_chosen = Signal(object)  # Verdict
    reveal_requested = Signal()
    next_round_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.blind_check = QCheckBox()
        self.prompt = QLabel()
        self.prompt.setWordWrap(True)
        self.prompt.setMinimumWidth(60)
        self.letter_buttons = [QPushButton() for _ in LETTERS]
        self.tie_button = QPushButton()
        self.both_bad_button = QPushButton()
        self.reveal_button = QPushButton()
        self.next_round_button = QPushButton()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.blind_check)
        layout.addWidget(self.prompt, 1)
        for letter, button in zip(LETTERS, self.letter_buttons, strict=True):
            button.setObjectName(f"verdict{letter}")
            button.clicked.connect(lambda _c=False, x=letter: self.verdict_chosen.emit(
                Verdict.win(x)))
            layout.addWidget(button)
        layout.addWidget(self.tie_button)
        layout.addWidget(self.both_bad_button)
        layout.addWidget(self.reveal_button)
        layout.addWidget(self.next_round_button)
        layout.addStretch(1)
        self.blind_check.toggled.connect(self.blind_toggled)
        self.tie_button.clicked.connect(lambda: self.verdict_chosen.emit(Verdict.tie()))
        self.both_bad_button.clicked.connect(lambda: self.verdict_chosen.emit(Verdict.both_bad()))
        self.reveal_button.clicked.connect(self.reveal_requested)
        self.next_round_button.clicked.connect(self.next_round_requested)
        self._columns = 0
        self._can_judge = False
        self._judged: str | None = None
        self._revealed = False
        self.retranslate_ui()
        self.set_state(columns=0, can_judge=False, judged=None, revealed=False, judgements=0)

    def retranslate_ui(self) -> None:
        self.blind_check.setText(self.tr("&Blind comparison"))
        self.blind_check.setToolTip(
            self.tr("Hide the model names and shuffle the columns, then judge each turn")
        )
        for letter, button in zip(LETTERS, self.letter_buttons, strict=True):
            button.setText(self.tr("%1 is better").replace("%1", letter))
        self.tie_button.setText(self.tr("Tie"))
        self.both_bad_button.setText(self.tr("Both bad"))
        self.reveal_button.setText(self.tr("Reveal names"))
        self.next_round_button.setText(self.tr("New blind round"))
        self._update_prompt()

    def set_state(
        self, *, columns: int, can_judge: bool, judged: str | None, revealed: bool,
        judgements: int,
    ) -> None:
        """columns: how many blind columns (0 when blind mode is off); judged: the verdict
        already given for the latest turn, if any."""
        self._columns, self._can_judge, self._judged = columns, can_judge, judged
        self._revealed = revealed
        blind = columns > 0
        judging = blind and not revealed
        for i, button in enumerate(self.letter_buttons):
            button.setVisible(judging and i < columns)
            button.setEnabled(can_judge)
        for button in (self.tie_button, self.both_bad_button):
            button.setVisible(judging)
            button.setEnabled(can_judge)
        self.reveal_button.setVisible(blind and not revealed)
        self.reveal_button.setEnabled(judgements > 0)
        self.next_round_button.setVisible(blind and revealed)
        self.prompt.setVisible(blind)
        self._update_prompt()

    def _update_prompt(self) -> None:
        if self._revealed:
            self.prompt.setText(self.tr("Names revealed."))
        elif self._judged:
            self.prompt.setText(self.tr("Your verdict: %1").replace("%1", self._verdict_words()))
        elif self._can_judge:
            self.prompt.setText(self.tr("Which answer is better?"))
        else:
            self.prompt.setText(self.tr("Ask a question, then judge the answers."))

    def _verdict_words(self) -> str:
        if self._judged == "tie":
            return self.tr("tie")
        if self._judged == "both_bad":
            return self.tr("both bad")
        return self.tr("%1 is better").replace("%1", self._judged or "")
