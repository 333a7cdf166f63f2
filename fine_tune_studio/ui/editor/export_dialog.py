"""Export the valid examples as JSONL, optionally split into train and validation files."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from fine_tune_studio.core.export import export_jsonl, validation_path_for


class ExportDialog(QDialog):
    def __init__(
        self, examples: Sequence[str], skipped: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Export training file"))
        self.examples = list(examples)
        self.result_info: str | None = None
        layout = QVBoxLayout(self)
        note = QLabel(self)
        note.setWordWrap(True)
        text = self.tr("%1 examples will be exported.").replace("%1", str(len(self.examples)))
        if skipped:
            text += " " + self.tr(
                "%1 examples with errors are left out; fix them to include them."
            ).replace("%1", str(skipped))
        note.setText(text)
        layout.addWidget(note)
        form = QFormLayout()
        row = QHBoxLayout()
        self.path_edit = QLineEdit(self)
        browse = QPushButton(self.tr("Choose…"), self)
        browse.clicked.connect(self._browse)
        row.addWidget(self.path_edit, 1)
        row.addWidget(browse)
        form.addRow(self.tr("Training file"), row)
        self.split_box = QCheckBox(self.tr("Keep some examples apart for validation"), self)
        form.addRow(self.split_box)
        self.fraction = QSpinBox(self)  # percent
        self.fraction.setRange(5, 50)
        self.fraction.setSingleStep(5)
        self.fraction.setValue(10)
        self.fraction.setSuffix(self.tr("% of the examples"))
        form.addRow(self.tr("Validation share"), self.fraction)
        self.seed = QSpinBox(self)
        self.seed.setRange(0, 2**31 - 1)
        self.seed.setValue(42)
        self.seed.setToolTip(self.tr("The same seed always picks the same validation examples."))
        form.addRow(self.tr("Seed"), self.seed)
        layout.addLayout(form)
        self.split_box.toggled.connect(self._update)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Export"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self.buttons.accepted.connect(self.export)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._update()

    def _update(self) -> None:
        self.fraction.setEnabled(self.split_box.isChecked())
        self.seed.setEnabled(self.split_box.isChecked())

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export to"), self.path_edit.text(), self.tr("Training files (*.jsonl)")
        )
        if path:
            self.path_edit.setText(path)

    def export(self) -> None:
        text = self.path_edit.text().strip()
        if not text:
            QMessageBox.information(
                self, self.tr("Export"), self.tr("Choose where to save the file first.")
            )
            return
        path = Path(text)
        if not path.suffix:
            path = path.with_suffix(".jsonl")
        fraction = self.fraction.value() / 100 if self.split_box.isChecked() else 0.0
        try:
            result = export_jsonl(
                self.examples,
                path,
                validation_fraction=fraction,
                seed=self.seed.value(),
                validation_path=validation_path_for(path) if fraction else None,
            )
        except OSError as error:
            QMessageBox.warning(
                self, self.tr("Export"), self.tr("Export failed: %1").replace("%1", str(error))
            )
            return
        if result.validation_path is not None:
            self.result_info = (
                self.tr("Exported %1 training and %2 validation examples.")
                .replace("%1", str(result.train_count))
                .replace("%2", str(result.validation_count))
            )
        else:
            self.result_info = self.tr("Exported %1 examples.").replace(
                "%1", str(result.train_count)
            )
        self.accept()
