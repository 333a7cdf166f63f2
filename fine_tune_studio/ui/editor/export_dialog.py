"""Export the valid examples as JSONL, optionally split into train and validation files.

The files are written on a worker thread (`ui.background.run_in_thread`); the file chooser
opens with `open()`, and what is missing or went wrong is said inside the dialog.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt
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

from fine_tune_studio.core.export import export_jsonl, validation_path_for
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
        self.result_info: str | None = None
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
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.export)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.retranslate_ui()
        self._update()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Export training file"))
        text = self.tr("%n example(s) will be exported.", "", len(self.examples))
        if self.skipped:
            text += " " + self.tr(
                "%n example(s) with errors are left out; fix them to include them.", "",
                self.skipped,
            )
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

    def _update(self) -> None:
        self.fraction.setEnabled(self.split_box.isChecked())
        self.seed.setEnabled(self.split_box.isChecked())

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
        total = result.train_count + result.validation_count
        if result.validation_path is not None:
            self.result_info = (
                self.tr("Exported %n example(s): %1 for training, %2 for validation.", "", total)
                .replace("%1", str(result.train_count))
                .replace("%2", str(result.validation_count))
            )
        else:
            self.result_info = self.tr("Exported %n example(s).", "", result.train_count)
        self.accept()
