"""Export the valid examples as JSONL, optionally split into train and validation files.

The files are written on a worker thread (`ui.background.run_in_thread`); the file chooser
opens with `open()`, and what is missing or went wrong is said inside the dialog. A split
that would leave either file with fewer examples than a provider takes is said before
anything is written, with the smallest share that works (as the launch wizard does).
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from fine_tune_studio.core.export import (
    ExportResult,
    export_jsonl,
    split_is_usable,
    usable_split_percent,
    validation_path_for,
    validation_size,
)
from fine_tune_studio.core.i18n import join_sentences
from fine_tune_studio.core.training_files import MIN_EXAMPLES_PER_FILE
from fine_tune_studio.ui.async_tools import TaskTracker
from fine_tune_studio.ui.background import run_in_thread
from fine_tune_studio.ui.widgets import Retranslating


class ExportDialog(Retranslating, QDialog):
    def __init__(
        self, examples: Sequence[str], skipped: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.examples = list(examples)
        self.skipped = skipped
        self.written: ExportResult | None = None  # what was written, once it is
        self.tasks = TaskTracker()
        self._writing: asyncio.Task[None] | None = None
        layout = QVBoxLayout(self)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        form = QFormLayout()
        row = QHBoxLayout()
        self.path_edit = QLineEdit(self)
        self.browse_button = QPushButton(self)
        self.browse_button.clicked.connect(self._browse)
        row.addWidget(self.path_edit, 1)
        row.addWidget(self.browse_button)
        self.path_label = QLabel(self)
        form.addRow(self.path_label, row)
        self.split_box = QCheckBox(self)
        form.addRow(self.split_box)
        self.fraction = QSpinBox(self)  # percent
        self.fraction.setRange(5, 50)
        self.fraction.setSingleStep(5)
        self.fraction.setValue(10)
        self.fraction_label = QLabel(self)
        form.addRow(self.fraction_label, self.fraction)
        self.split_note = QLabel(self)
        self.split_note.setObjectName("splitNote")
        self.split_note.setWordWrap(True)
        self.split_note.setStyleSheet("color: #6b3d00;")
        self.use_share_button = QPushButton(self)
        self.use_share_button.clicked.connect(self._use_working_share)
        form.addRow(self.split_note)
        form.addRow(self.use_share_button)
        self.seed = QSpinBox(self)
        self.seed.setRange(0, 2**31 - 1)
        self.seed.setValue(42)
        self.seed_label = QLabel(self)
        form.addRow(self.seed_label, self.seed)
        layout.addLayout(form)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #c62828;")
        self.message.hide()
        layout.addWidget(self.message)
        self.split_box.toggled.connect(self._update)
        self.fraction.valueChanged.connect(self._update)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.export)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        # Room for the note about the split on a few lines rather than many.
        self.setMinimumWidth(480)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Export training file"))
        text = self.tr("%n example(s) will be exported.", "", len(self.examples))
        if self.skipped:
            text = join_sentences(text, self.tr(
                "%n example(s) with errors are left out; fix them to include them.", "",
                self.skipped,
            ))
        self.note.setText(text)
        self.browse_button.setText(self.tr("Choose…"))
        self.path_label.setText(self.tr("Training file"))
        self.split_box.setText(self.tr("Keep some examples apart for validation"))
        self.fraction.setSuffix(self.tr("% of the examples"))
        self.fraction_label.setText(self.tr("Validation share"))
        self.seed.setToolTip(self.tr("The same seed always picks the same validation examples."))
        self.seed_label.setText(self.tr("Seed"))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Export"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self._update()  # the note under the share

    @property
    def example_count(self) -> int:
        return sum(1 for line in self.examples if line.strip())

    def split_works(self) -> bool:
        """No split, or one that leaves both files enough examples for a provider."""
        return not self.split_box.isChecked() or split_is_usable(
            self.example_count, self.fraction.value()
        )

    def _update(self) -> None:
        splitting = self.split_box.isChecked()
        self.fraction.setEnabled(splitting)
        self.seed.setEnabled(splitting)
        count, percent = self.example_count, self.fraction.value()
        works = self.split_works()
        share = usable_split_percent(count, self.fraction.minimum(), self.fraction.maximum())
        if works:
            note = ""
        elif share is None:
            note = self.tr(
                "Keeping examples apart needs at least %1 of them: providers want %2 in each "
                "file, and there are %3. Export them all for training, or write more."
            )
            note = (
                note.replace("%1", str(2 * MIN_EXAMPLES_PER_FILE))
                .replace("%2", str(MIN_EXAMPLES_PER_FILE))
                .replace("%3", str(count))
            )
        else:
            held = validation_size(count, percent / 100)
            note = (
                self.tr(
                    "%1 % of %2 examples keeps %3 apart, and providers refuse a file of fewer "
                    "than %4 examples. %5 % keeps %6 apart and leaves %7 for training."
                )
                .replace("%1", str(percent))
                .replace("%2", str(count))
                .replace("%3", str(min(held, count - held)))
                .replace("%4", str(MIN_EXAMPLES_PER_FILE))
                .replace("%5", str(share))
                .replace("%6", str(validation_size(count, share / 100)))
                .replace("%7", str(count - validation_size(count, share / 100)))
            )
        self.split_note.setText(note)
        self.split_note.setVisible(bool(note))
        self.use_share_button.setVisible(not works and share is not None)
        if share is not None:
            self.use_share_button.setText(self.tr("Keep %1 % apart").replace("%1", str(share)))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(works)
        self._fit_height()

    def _fit_height(self) -> None:
        """Taller when the note appears: a window does not grow for a wrapped label by
        itself, and the note's last words would be cut off."""
        layout = self.layout()
        if layout is None or not self.isVisible():
            return
        layout.activate()
        width = self.width()
        needed = (
            layout.totalHeightForWidth(width)
            if layout.hasHeightForWidth()
            else layout.totalSizeHint().height()
        )
        if needed > self.height():
            self.resize(width, needed)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._fit_height()

    def _use_working_share(self) -> None:
        share = usable_split_percent(
            self.example_count, self.fraction.minimum(), self.fraction.maximum()
        )
        if share is not None:
            self.fraction.setValue(share)

    def _browse(self) -> None:
        chooser = QFileDialog(
            self, self.tr("Export to"), self.path_edit.text(), self.tr("Training files (*.jsonl)")
        )
        chooser.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        chooser.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        chooser.fileSelected.connect(self.path_edit.setText)
        chooser.open()

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def export(self) -> None:
        if self._writing is None or self._writing.done():
            self._writing = self.tasks.start(self._export())

    async def _export(self) -> None:
        text = self.path_edit.text().strip()
        if not self.split_works():
            return  # said under the share, and Export is off meanwhile
        if not text:
            self._say(self.tr("Choose where to save the file first."))
            return
        path = Path(text)
        if not path.suffix:
            path = path.with_suffix(".jsonl")
        fraction = self.fraction.value() / 100 if self.split_box.isChecked() else 0.0
        self._say("")
        self.buttons.setEnabled(False)
        try:
            result = await run_in_thread(
                functools.partial(
                    export_jsonl,
                    self.examples,
                    path,
                    validation_fraction=fraction,
                    seed=self.seed.value(),
                    validation_path=validation_path_for(path) if fraction else None,
                )
            )
        except OSError as error:
            self._say(self.tr("Export failed: %1").replace("%1", str(error)))
            return
        finally:
            self.buttons.setEnabled(True)
        self.written = result
        self.accept()
