"""Before examples leave the computer: list the personal data and secrets found in them.

One dialog for the editor's Export and for uploading to a provider. It is opened with
`open()` and answers through `decided` (and `jump_requested` when the user wants to fix
an example); it never runs a nested event loop. Given line texts, it scans them on a
worker thread and shows "Looking…" until the result arrives; the upload path scans in
the job service and hands the findings over.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QProgressBar,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from fine_tune_studio.core.privacy import Finding, PrivacyChoice, scan_lines
from fine_tune_studio.ui.editor.texts import current_lang
from fine_tune_studio.ui.widgets import Retranslating

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class LocatedFinding:
    """A finding and the file it is in (for a dialog listing more than one file)."""

    finding: Finding
    file_label: str = ""
    file_path: Path | None = None


class _ScanRelay(QObject):
    """Carries the worker thread's result to the GUI thread (a queued signal)."""

    done = Signal(object)


class PrivacyDialog(Retranslating, QDialog):
    """Findings with their line and field; the user fixes, leaves them out or goes on.

    `decided(choice)` says what the user chose (a `PrivacyChoice` value); with "fix",
    `jump_requested(line, field)` first says where (0-based line of the chosen finding, or
    of the first one). `exclude` offers "Leave these examples out" (the upload path).
    """

    decided = Signal(str)
    jump_requested = Signal(int, str)  # 0-based line, field path (after the dialog closed)

    def __init__(
        self,
        lines: Sequence[str] | None = None,
        parent: QWidget | None = None,
        *,
        findings: Sequence[LocatedFinding] | None = None,
        exclude: bool = False,
        going_to: str = "",
    ) -> None:
        super().__init__(parent)
        self._exclude_offered = exclude
        self._going_to = going_to  # where the examples go ("OpenAI"), for the words
        self.findings: list[LocatedFinding] = list(findings or [])
        self.scanning = findings is None
        self.failure: Exception | None = None  # the scan itself failed
        self.choice: PrivacyChoice | None = None
        self.chosen: LocatedFinding | None = None
        layout = QVBoxLayout(self)
        self.heading = QLabel(self)
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)
        self.busy = QProgressBar(self)
        self.busy.setRange(0, 0)
        self.busy.setVisible(self.scanning)
        layout.addWidget(self.busy)
        self.list = QTreeWidget(self)
        self.list.setRootIsDecorated(False)
        self.list.itemActivated.connect(self._activated)
        self.list.itemDoubleClicked.connect(self._activated)
        layout.addWidget(self.list, 1)
        self.buttons = QDialogButtonBox(self)
        self.fix_button = QPushButton(self)
        self.exclude_button = QPushButton(self)
        self.go_on = QPushButton(self)
        self.buttons.addButton(self.fix_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.addButton(self.exclude_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.go_on, QDialogButtonBox.ButtonRole.AcceptRole)
        self.fix_button.clicked.connect(lambda: self._decide(PrivacyChoice.FIX))
        self.exclude_button.clicked.connect(lambda: self._decide(PrivacyChoice.EXCLUDE))
        self.go_on.clicked.connect(lambda: self._decide(PrivacyChoice.GO_ON))
        # Enter must not send personal data away: the safe answer is the default.
        self.go_on.setAutoDefault(False)
        self.exclude_button.setAutoDefault(False)
        self.fix_button.setDefault(True)
        layout.addWidget(self.buttons)
        self.resize(760, 440)
        self._show_words()
        if self.scanning:
            self._scan(list(lines or []))
        else:
            self._fill()

    # -- the scan --------------------------------------------------------------------------

    def _scan(self, lines: list[str]) -> None:
        # A thread and a queued signal rather than asyncio: the standalone editor has no
        # asyncio loop, and a big file must never freeze the window while it is read.
        self._relay = _ScanRelay()
        self._relay.done.connect(self._scanned)
        relay = self._relay

        def work() -> None:
            try:
                relay.done.emit(scan_lines(lines))
            except Exception as exc:  # a bug of ours must not leave "Looking…" forever
                log.exception("privacy scan failed")
                relay.done.emit(exc)

        threading.Thread(target=work, name="privacy-scan", daemon=True).start()

    def _scanned(self, result: list[Finding] | Exception) -> None:
        self.scanning = False
        self.busy.hide()
        if isinstance(result, Exception):
            self.failure = result
        else:
            self.findings = [LocatedFinding(f) for f in result]
            self._fill()
        self._show_words()

    def _fill(self) -> None:
        self.list.clear()
        lang = current_lang()
        with_files = len({f.file_label for f in self.findings}) > 1
        self.list.setColumnCount(5 if with_files else 4)
        for located in self.findings:
            finding = located.finding
            cells = [str(finding.line), finding.path, finding.describe(lang), finding.masked]
            if with_files:
                cells.insert(0, located.file_label)
            item = QTreeWidgetItem(cells)
            item.setData(0, Qt.ItemDataRole.UserRole, located)
            self.list.addTopLevelItem(item)
        for column in range(self.list.columnCount() - 1):
            self.list.resizeColumnToContents(column)
        first = self.list.topLevelItem(0)
        if first is not None:
            self.list.setCurrentItem(first)

    # -- choosing --------------------------------------------------------------------------

    def _activated(self, item: QTreeWidgetItem) -> None:
        self.list.setCurrentItem(item)
        self._decide(PrivacyChoice.FIX)

    def _decide(self, choice: PrivacyChoice) -> None:
        self.choice = choice
        if choice is PrivacyChoice.FIX:
            item = self.list.currentItem()
            self.chosen = item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None
            self.reject()
        else:
            self.accept()

    def done(self, result: int) -> None:
        if self.choice is None:  # closed with Esc or the window's close button
            self.choice = PrivacyChoice.FIX
        super().done(result)
        # Only once the dialog is gone can the editor take the keyboard focus.
        if self.choice is PrivacyChoice.FIX and self.chosen is not None:
            finding = self.chosen.finding
            self.jump_requested.emit(finding.line - 1, finding.path)
        self.decided.emit(self.choice.value)

    # -- words -----------------------------------------------------------------------------

    def _show_words(self) -> None:
        self.setWindowTitle(self.tr("Privacy check"))
        headers = [self.tr("Line"), self.tr("Field"), self.tr("What"), self.tr("Found")]
        if self.list.columnCount() == 5:
            headers.insert(0, self.tr("File"))
        self.list.setHeaderLabels(headers)
        found = bool(self.findings)
        self.list.setVisible(found or self.scanning)
        self.fix_button.setText(self.tr("Go back and fix"))
        self.exclude_button.setText(self.tr("Leave these examples out"))
        self.exclude_button.setVisible(found and self._exclude_offered)
        self.fix_button.setVisible(found or self.scanning)
        self.go_on.setEnabled(not self.scanning)
        if self.scanning:
            self.heading.setText(self.tr("Looking for personal data and secrets…"))
            self.go_on.setText(self.tr("Continue"))
            return
        if self.failure is not None:
            self.heading.setText(
                self.tr("The check for personal data could not finish (%1), so nothing is "
                        "known about these examples.").replace("%1", str(self.failure))
            )
            self.go_on.setText(self.tr("Continue anyway"))
            return
        if not found:
            self.heading.setText(
                self.tr(
                    "No e-mail addresses, phone numbers, ID numbers, card numbers or API keys "
                    "were found."
                )
            )
            self.go_on.setText(self.tr("Continue"))
            return
        examples = len({(f.file_label, f.finding.line) for f in self.findings})
        text = self.tr(
            "%n possible personal detail(s) or secret(s) found in the examples: national "
            "ID numbers, phone numbers, e-mail addresses, card numbers or keys. A "
            "fine-tuned model can repeat them to anyone who asks.", "", len(self.findings)
        )
        if self._going_to:
            text = self._then(text, self.tr("Uploading sends them to %1.").replace(
                "%1", self._going_to))
        if self._exclude_offered:
            advice = self.tr(
                "Double-click one to fix it in the editor, leave out the %n example(s) that "
                "hold them, or go on knowingly.", "", examples
            )
        else:
            advice = self.tr("Double-click one to fix it in the editor, or go on knowingly.")
        text = self._then(text, advice)
        self.heading.setText(text)
        self.go_on.setText(
            self.tr("Upload anyway") if self._exclude_offered else self.tr("Continue anyway")
        )

    def _then(self, first: str, second: str) -> str:
        # English puts a space between sentences; Chinese, after "。", does not.
        return self.tr("%1 %2", "one sentence after another").replace("%1", first).replace(
            "%2", second)

    def retranslate_ui(self) -> None:
        if not self.scanning:
            self._fill()  # "What" is in the interface language
        self._show_words()
