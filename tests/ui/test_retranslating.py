"""`widgets.Retranslating`: a widget's texts follow a language switch, whatever Qt class it
mixes into, exactly once per switch, and Qt's own handling of the switch still runs."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QTranslator
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMainWindow,
    QWidget,
    QWizard,
    QWizardPage,
)

from fine_tune_studio.ui.widgets import Retranslating


class Shouting(QTranslator):
    """A translation into capitals, for any text (no .qm file needed)."""

    def translate(self, context: str, source: str, disambiguation: Any = None,
                  n: int = -1) -> str:
        return source.upper()

    def isEmpty(self) -> bool:  # Qt announces only a translator that is not empty
        return False


@pytest.fixture
def shouting(qapp: Any) -> Iterator[callable]:
    translator = Shouting()

    def switch() -> None:
        qapp.installTranslator(translator)
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LanguageChange)

    yield switch
    qapp.removeTranslator(translator)
    QCoreApplication.sendPostedEvents(None, QEvent.Type.LanguageChange)


def make(base: type[QWidget]) -> QWidget:
    class Window(Retranslating, base):  # type: ignore[valid-type, misc]
        def __init__(self) -> None:
            super().__init__()
            self.switches = 0
            self.label = QLabel(self)
            self.retranslate_ui()

        def retranslate_ui(self) -> None:
            self.switches += 1
            self.label.setText(self.tr("Examples"))
            self.setWindowTitle(self.tr("Fine Tune Studio"))

    return Window()


@pytest.mark.parametrize("base", [QWidget, QDialog, QWizardPage, QMainWindow, QWizard],
                         ids=lambda b: b.__name__)
def test_texts_follow_a_language_switch_once(base: type[QWidget], qtbot: Any,
                                             shouting: Any) -> None:
    window = make(base)
    qtbot.addWidget(window)
    window.show()
    assert (window.label.text(), window.windowTitle()) == ("Examples", "Fine Tune Studio")

    shouting()

    assert (window.label.text(), window.windowTitle()) == ("EXAMPLES", "FINE TUNE STUDIO")
    assert window.switches == 2  # the first texts, then one switch


def test_a_hidden_widget_switches_too(qtbot: Any, shouting: Any) -> None:
    window = make(QWidget)
    qtbot.addWidget(window)
    shouting()
    assert window.label.text() == "EXAMPLES"


def test_qts_own_texts_still_switch(qtbot: Any, shouting: Any) -> None:
    class Dialog(Retranslating, QDialog):
        def __init__(self) -> None:
            super().__init__()
            self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
            self.retranslate_ui()

        def retranslate_ui(self) -> None:
            self.setWindowTitle(self.tr("Export"))

    dialog = Dialog()
    qtbot.addWidget(dialog)
    cancel = dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel)
    assert cancel.text().replace("&", "") == "Cancel"
    shouting()
    assert cancel.text().replace("&", "") == "CANCEL"
    assert dialog.windowTitle() == "EXPORT"


def test_what_was_said_is_said_again_in_the_new_words(qtbot: Any, shouting: Any) -> None:
    window = make(QWidget)
    qtbot.addWidget(window)
    status = QLabel(window)
    count = 3
    window.say(status, lambda: window.tr("Checked %1 examples").replace("%1", str(count)))
    assert status.text() == "Checked 3 examples"
    shouting()
    assert status.text() == "CHECKED 3 EXAMPLES"
    assert window.label.text() == "EXAMPLES"
