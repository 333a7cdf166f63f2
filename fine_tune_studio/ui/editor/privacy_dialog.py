"""Before examples leave the computer: list the personal data and secrets found in them."""

from __future__ import annotations

import threading
from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, QEventLoop, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QProgressDialog,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from fine_tune_studio.core.privacy import Finding, scan_lines
from fine_tune_studio.ui.editor.texts import current_lang


class PrivacyDialog(QDialog):
    """Findings with their line and field; double-click (or Enter) jumps there.

    Accepting means "go on anyway"; with no findings the dialog says so and accepts.
    """

    jump_requested = Signal(int, str)  # 0-based line, field path (after the dialog closed)

    def __init__(
        self,
        lines: Sequence[str],
        parent: QWidget | None = None,
        *,
        findings: list[Finding] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Privacy check"))
        self.findings: list[Finding] = findings if findings is not None else scan_lines(lines)
        self.chosen: Finding | None = None
        layout = QVBoxLayout(self)
        self.heading = QLabel(self)
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)
        self.list = QTreeWidget(self)
        self.list.setHeaderLabels(
            [self.tr("Line"), self.tr("Field"), self.tr("What"), self.tr("Found")]
        )
        self.list.setRootIsDecorated(False)
        lang = current_lang()
        for finding in self.findings:
            item = QTreeWidgetItem(
                [str(finding.line), finding.path, finding.describe(lang), finding.masked]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, finding)
            self.list.addTopLevelItem(item)
        for column in range(3):
            self.list.resizeColumnToContents(column)
        self.list.itemActivated.connect(self._activated)
        self.list.itemDoubleClicked.connect(self._activated)
        layout.addWidget(self.list, 1)
        self.buttons = QDialogButtonBox(self)
        if self.findings:
            self.heading.setText(
                self.tr(
                    "%1 possible personal details or secrets were found in the examples. "
                    "A fine-tuned model can repeat them to anyone. Double-click one to see it."
                ).replace("%1", str(len(self.findings)))
            )
            self.go_on = self.buttons.addButton(
                self.tr("Continue anyway"), QDialogButtonBox.ButtonRole.AcceptRole
            )
            self.buttons.addButton(
                self.tr("Go back and fix"), QDialogButtonBox.ButtonRole.RejectRole
            )
        else:
            self.heading.setText(
                self.tr(
                    "No e-mail addresses, phone numbers, ID numbers, card numbers or API keys "
                    "were found."
                )
            )
            self.go_on = self.buttons.addButton(
                self.tr("Continue"), QDialogButtonBox.ButtonRole.AcceptRole
            )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.resize(720, 420)

    def _activated(self, item: QTreeWidgetItem) -> None:
        self.chosen = item.data(0, Qt.ItemDataRole.UserRole)
        self.reject()

    def done(self, result: int) -> None:
        super().done(result)
        # Only once the dialog is gone can the editor take the keyboard focus.
        if self.chosen is not None:
            self.jump_requested.emit(self.chosen.line - 1, self.chosen.path)


def scan_in_background(lines: Sequence[str], parent: QWidget | None = None) -> list[Finding]:
    """Scan on a worker thread behind a progress dialog, so a big file never freezes the GUI."""
    result: list[list[Finding]] = []
    worker = threading.Thread(
        target=lambda: result.append(scan_lines(lines)), name="privacy-scan", daemon=True
    )
    progress = QProgressDialog(
        QCoreApplication.translate("PrivacyDialog", "Looking for personal data…"), "", 0, 0, parent
    )
    progress.setCancelButton(None)
    progress.setMinimumDuration(300)
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    loop = QEventLoop()
    poll = QTimer()
    poll.setInterval(20)
    poll.timeout.connect(lambda: None if worker.is_alive() else loop.quit())
    worker.start()
    poll.start()
    loop.exec()
    poll.stop()
    progress.close()
    worker.join()
    return result[0]


def confirm_privacy(lines: Sequence[str], parent: QWidget | None = None) -> bool:
    """For the upload path: True when nothing was found or the user chose to go on."""
    dialog = PrivacyDialog(lines, parent, findings=scan_in_background(lines, parent))
    if not dialog.findings:
        return True
    return bool(dialog.exec())
