"""A key entry that stays masked unless the user asks to see it.

Copying out of the field is refused even while shown (a key should travel from the
provider's website into the app, not back out), and the field masks itself again whenever
it is filled programmatically, cleared or hidden. Under the entry it can show a problem
with what was typed (`set_problem`); what counts as a problem is the caller's rule, not
this widget's, and the text never quotes the key.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QToolButton, QVBoxLayout, QWidget

from fine_tune_studio.ui.widgets.retranslating import Retranslating


class _NoCopyLineEdit(QLineEdit):
    def keyPressEvent(self, event):
        if event.matches(QKeySequence.StandardKey.Copy) or event.matches(
            QKeySequence.StandardKey.Cut
        ):
            event.ignore()
            return
        super().keyPressEvent(event)

    def contextMenuEvent(self, event):
        # The standard menu offers Copy once the key is shown; paste has its own button.
        event.accept()


class SecretField(Retranslating, QWidget):
    textChanged = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.line_edit = _NoCopyLineEdit(self)
        self.line_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.line_edit.setObjectName("secretLineEdit")
        self.show_button = QToolButton(self)
        self.show_button.setCheckable(True)
        self.show_button.setObjectName("showSecretButton")
        self.paste_button = QToolButton(self)
        self.paste_button.setObjectName("pasteSecretButton")
        self.problem_label = QLabel(self)
        self.problem_label.setObjectName("secretProblemLabel")
        self.problem_label.setWordWrap(True)
        self.problem_label.setTextFormat(Qt.TextFormat.PlainText)
        self.problem_label.setStyleSheet("color: #b3261e;")
        self.problem_label.hide()
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.line_edit, 1)
        row.addWidget(self.paste_button)
        row.addWidget(self.show_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.problem_label)
        self.show_button.toggled.connect(self._set_shown)
        self.paste_button.clicked.connect(self.paste_from_clipboard)
        self.line_edit.textChanged.connect(self.textChanged)
        self.setFocusProxy(self.line_edit)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.show_button.setText(self.tr("Hide") if self.is_shown() else self.tr("Show"))
        self.show_button.setToolTip(self.tr("Show or hide the key"))
        self.paste_button.setText(self.tr("Paste"))
        self.paste_button.setToolTip(self.tr("Paste the key from the clipboard"))

    def hideEvent(self, event) -> None:
        self.show_button.setChecked(False)
        super().hideEvent(event)

    def is_shown(self) -> bool:
        return self.line_edit.echoMode() == QLineEdit.EchoMode.Normal

    def _set_shown(self, shown: bool) -> None:
        self.line_edit.setEchoMode(
            QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
        )
        self.retranslate_ui()

    def text(self) -> str:
        # Keys copied from web pages often carry a stray space or line break.
        return "".join(self.line_edit.text().split())

    def setText(self, text: str) -> None:
        self.show_button.setChecked(False)
        self.line_edit.setText(text)

    def clear(self) -> None:
        self.setText("")

    def set_problem(self, text: str) -> None:
        """Show what is wrong with the typed key under the entry ("" hides it)."""
        self.problem_label.setText(text)
        self.problem_label.setVisible(bool(text))

    def problem(self) -> str:
        return self.problem_label.text() if self.problem_label.isVisibleTo(self) else ""

    def setPlaceholderText(self, text: str) -> None:
        self.line_edit.setPlaceholderText(text)

    def paste_from_clipboard(self) -> None:
        clipboard = QGuiApplication.clipboard()
        text = "".join(clipboard.text().split())
        if text:
            self.line_edit.setText(text)
            self.line_edit.setFocus()
