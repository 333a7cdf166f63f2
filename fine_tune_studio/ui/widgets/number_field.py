"""`NumberField`: a number box that keeps what was typed and says why it is refused.

A QSpinBox clamps: with a maximum of 50, typing "100" leaves "10" (the third key is
refused without a word) and a value set from code is moved into range. For a setting the
provider limits, the user must see the limit and who sets it, and keep their number
until they change it. This field accepts any text, reads it as a number, and `problem()`
says in words what is wrong with it ("100 is more than OpenAI accepts (at most 50).").
The view decides what a problem stops (a wizard page does not go on).
"""

from __future__ import annotations

import math
from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QWidget

from fine_tune_studio.ui.widgets.retranslating import Retranslating

_PROBLEM_STYLE = "QLineEdit { border: 1px solid #b3261e; background: #fdecea; }"


class NumberField(Retranslating, QLineEdit):
    value_changed = Signal()

    def __init__(
        self,
        *,
        whole: bool,
        minimum: float,
        maximum: float,
        step: float = 1.0,
        decimals: int = 8,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.whole = whole
        self.minimum = minimum
        self.maximum = maximum
        self.step = step
        self.decimals = decimals
        self._who: Callable[[], str] = lambda: ""
        self._empty_words: Callable[[], str] | None = None
        self._hint = ""
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.textChanged.connect(self._changed)
        self.retranslate_ui()

    # -- what the field accepts -------------------------------------------------------

    def set_limits(self, minimum: float, maximum: float, who: Callable[[], str]) -> None:
        """The accepted range and who sets it ("OpenAI", "Together AI for this model"),
        in the words shown now: asked again whenever the problem is said."""
        self.minimum, self.maximum, self._who = minimum, maximum, who
        self._show_problem()  # not value_changed: the value is the same

    def allow_empty(self, words: Callable[[], str]) -> None:
        """An empty field is a valid choice (no value: "default", "none"), shown as the
        placeholder `words()`."""
        self._empty_words = words
        self.retranslate_ui()

    def set_hint(self, hint: str) -> None:
        """What the field is for, on hover (a problem, while there is one, comes first)."""
        self._hint = hint
        self._show_problem()

    # -- reading and writing ----------------------------------------------------------

    def value(self) -> float | int | None:
        """The typed number (in range or not); None when empty or not a number."""
        text = self.text().strip().replace(",", "")
        if not text:
            return None
        try:
            number = float(text)
        except ValueError:
            return None
        if not math.isfinite(number):
            return None
        if self.whole:
            return int(number) if number.is_integer() else number
        return number

    def setValue(self, value: float | None) -> None:  # QSpinBox's name, for callers
        self.setText("" if value is None else self.format(value))

    def format(self, value: float) -> str:
        if float(value).is_integer() and abs(value) < 10**15:
            return str(int(value))
        # Decimal notation, never "1e-05": people type learning rates as 0.00001.
        return f"{value:.{self.decimals}f}".rstrip("0").rstrip(".") or "0"

    def problem(self) -> str | None:
        """Why the typed text is not acceptable, in words; None when it is."""
        text = self.text().strip()
        if not text:
            return None if self._empty_words is not None else self._not_a_number()
        value = self.value()
        if value is None:
            return self._not_a_number()
        if self.whole and not float(value).is_integer():
            return self._not_a_number()
        who = self._who()
        if value > self.maximum:
            return self.tr("%1 is more than %2 accepts (at most %3).").replace(
                "%1", text).replace("%2", who).replace("%3", self.format(self.maximum))
        if value < self.minimum:
            return self.tr("%1 is less than %2 accepts (at least %3).").replace(
                "%1", text).replace("%2", who).replace("%3", self.format(self.minimum))
        return None

    def _not_a_number(self) -> str:
        example = self.format(self.minimum if self.minimum > 0 else self.maximum / 2)
        if self.whole:
            return self.tr("Type a whole number, for example %1.").replace("%1", example)
        return self.tr("Type a number, for example %1.").replace("%1", example)

    # -- showing ----------------------------------------------------------------------

    def retranslate_ui(self) -> None:
        if self._empty_words is not None:
            self.setPlaceholderText(self._empty_words())
        self._show_problem()

    def _changed(self, *_args: object) -> None:
        self._show_problem()
        self.value_changed.emit()

    def _show_problem(self) -> None:
        problem = self.problem() if self.isEnabled() else None
        self.setStyleSheet(_PROBLEM_STYLE if problem else "")
        self.setToolTip(problem or self._hint)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.EnabledChange:
            self._show_problem()  # a disabled (Auto) field is never marked wrong

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Up and down step the number, as in a spin box, without clamping it.
        key = event.key()
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            current = self.value()
            base = current if current is not None else self.minimum
            self.setValue(base + (self.step if key == Qt.Key.Key_Up else -self.step))
            return
        super().keyPressEvent(event)
