"""Before examples leave the computer: list the personal data and secrets found in them."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
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

    jump_requested = Signal(int, str)  # 0-based line, field path

    def __init__(self, lines: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Privacy check"))
        self.findings: list[Finding] = scan_lines(lines)
        layout = QVBoxLayout(self)
        self.heading = QLabel(self)
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)
        self.list = QTreeWidget(self)
        self.list.setHeaderLabels([self.tr("Line"), self.tr("Field"), self.tr("What"), self.tr("Found")])
        self.list.setRootIsDecorated(False)
        lang = current_lang()
        for finding in self.findings:
            item = QTreeWidgetItem(
                [str(finding.line), finding.path, finding.describe(lang), finding.masked]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, finding)
            self.list.addTopLevelItem(item)
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
            self.buttons.addButton(self.tr("Go back and fix"), QDialogButtonBox.ButtonRole.RejectRole)
        else:
            self.heading.setText(
                self.tr("No e-mail addresses, phone numbers, ID numbers, card numbers or API keys were found.")
            )
            self.go_on = self.buttons.addButton(self.tr("Continue"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.resize(720, 420)

    def _activated(self, item: QTreeWidgetItem) -> None:
        finding: Finding = item.data(0, Qt.ItemDataRole.UserRole)
        self.jump_requested.emit(finding.line - 1, finding.path)
        self.reject()


def confirm_privacy(lines: Sequence[str], parent: QWidget | None = None) -> bool:
    """For the upload path: True when nothing was found or the user chose to go on."""
    dialog = PrivacyDialog(lines, parent)
    if not dialog.findings:
        return True
    return bool(dialog.exec())
