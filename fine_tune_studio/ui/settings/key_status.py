"""Says plainly where keys are kept, and offers the plaintext file only after a warning."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QMessageBox, QPushButton, QWidget

from fine_tune_studio.services.keys import KeyBackendStatus
from fine_tune_studio.ui.widgets import Retranslating, named


class KeyStatusBox(Retranslating, QFrame):
    plaintext_opt_in_requested = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("keyStatusBox")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self._status = KeyBackendStatus.UNKNOWN
        self._plaintext_path = ""
        self.label = named(QLabel(wordWrap=True), "keyStatusLabel")
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.file_button = named(QPushButton(), "plaintextButton")
        self.file_button.clicked.connect(self._file_button_clicked)
        layout = QHBoxLayout(self)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.file_button)
        self.warning_box: QMessageBox | None = None
        self.retranslate_ui()

    def set_status(self, status: KeyBackendStatus, plaintext_path: str = "") -> None:
        self._status = status
        self._plaintext_path = plaintext_path
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        status = self._status
        if status is KeyBackendStatus.SECURE:
            text = self.tr("Keys are stored safely in this computer's keyring.")
        elif status is KeyBackendStatus.MEMORY_ONLY:
            text = self.tr(
                "No secure keyring was found on this computer. Keys are kept only until you "
                "quit the app; you will need to paste them again next time."
            )
        elif status is KeyBackendStatus.PLAINTEXT_OPT_IN:
            text = self.tr(
                "As you chose, keys are kept in a file that is not encrypted: %1"
            ).replace("%1", self._plaintext_path)
        else:
            text = self.tr("Checking where keys can be kept safely…")
        self.label.setText(text)
        self.file_button.setVisible(
            status in (KeyBackendStatus.MEMORY_ONLY, KeyBackendStatus.PLAINTEXT_OPT_IN)
        )
        self.file_button.setText(
            self.tr("Stop keeping keys in a file")
            if status is KeyBackendStatus.PLAINTEXT_OPT_IN
            else self.tr("Keep keys in a file…")
        )

    def _file_button_clicked(self) -> None:
        if self._status is KeyBackendStatus.PLAINTEXT_OPT_IN:
            self.plaintext_opt_in_requested.emit(False)
            return
        # Non-modal: this may run while asyncio work is in flight on the same loop.
        box = QMessageBox(self)
        box.setObjectName("plaintextWarning")
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.tr("Keep keys in a plain file?"))
        box.setText(self.tr("The file is not encrypted."))
        box.setInformativeText(
            self.tr(
                "Anyone who can read your files, and any program you run, could read your "
                "keys and use them at your cost. Only do this on a computer that is yours "
                "alone. You can switch it off here at any time."
            )
        )
        keep = box.addButton(self.tr("Keep keys in a file"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)

        def finished() -> None:
            if box.clickedButton() is keep:
                self.plaintext_opt_in_requested.emit(True)
            self.warning_box = None

        box.finished.connect(finished)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.warning_box = box
        box.open()
