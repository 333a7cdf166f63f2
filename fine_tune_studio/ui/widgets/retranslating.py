"""`Retranslating`: the one way a widget's texts follow the interface language, live.

Installing or removing a translator (`ui.i18n.LanguageSwitcher.apply`) sends every widget a
`QEvent.LanguageChange`; a widget that mixes this in answers it by calling its
`retranslate_ui()`, which sets every text the widget shows. docs/ui.md, "Languages".
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent
from shiboken6 import isValid

if TYPE_CHECKING:
    from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget

    # For the type checker the mixin is a QWidget, so `super().changeEvent` and `self.tr`
    # are known; at run time it is a plain class, placed before the Qt class in the bases.
    _WidgetBase = QWidget
else:
    _WidgetBase = object


class Retranslating(_WidgetBase):
    """Mix into a QWidget subclass (QDialog, QWizardPage, QMainWindow…), *before* the Qt
    class, and set every text in `retranslate_ui()`:

        class ReportPanel(Retranslating, QWidget):
            def __init__(self, context: ReportContext, parent: QWidget | None = None) -> None:
                super().__init__(parent)
                self.title = QLabel()
                ...
                self.retranslate_ui()

            def retranslate_ui(self) -> None:
                self.title.setText(self.tr("Report"))

    `retranslate_ui()` runs again on every language switch, after Qt's own handling of the
    event (so a QWizard's or QDialogButtonBox's standard texts are already switched).

    A text that says what happened (a check's result, an error) is shown with
    `self.say(label, lambda: self.tr(...))`: the words are kept and said again, in the new
    language, after `retranslate_ui()` on every switch.
    """

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
            for target, words in list(self._said().items()):
                if isValid(target):
                    target.setText(words())

    def retranslate_ui(self) -> None:
        """Set every text this widget shows, in the language installed now."""
        raise NotImplementedError(f"{type(self).__name__} must implement retranslate_ui()")

    def say(self, target: QLabel | QAbstractButton, words: Callable[[], str]) -> None:
        """Show `words()` on `target` now, and again after every language switch (until
        something else is said there)."""
        self._said()[target] = words
        target.setText(words())

    def _said(self) -> dict[QLabel | QAbstractButton, Callable[[], str]]:
        # Kept in the instance's own dict: the mixin has no __init__ of its own, so that it
        # never stands between a Qt class and its constructor arguments.
        said: dict[QLabel | QAbstractButton, Callable[[], str]]
        said = self.__dict__.setdefault("_retranslating_said", {})
        return said
