"""Import rows from CSV, Excel or a spreadsheet paste: map columns, preview, then add.

Nothing reaches the document until the user presses Import, and by then every row that
cannot become an example is listed with its spreadsheet row number. A spreadsheet file is
read on a worker thread (`ui.background.run_in_thread`); the file chooser opens with
`open()`.
"""

from __future__ import annotations

import asyncio
import functools
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from fine_tune_studio.core.i18n import join_sentences
from fine_tune_studio.core.tabular_import import (
    ColumnMapping,
    ImportResult,
    Table,
    TableReadError,
    convert,
    guess_mapping,
    read_delimited,
    read_pasted_rows,
    read_table,
)
from fine_tune_studio.ui.async_tools import TaskTracker
from fine_tune_studio.ui.background import run_in_thread
from fine_tune_studio.ui.editor.texts import localized
from fine_tune_studio.ui.file_choice import start_folder
from fine_tune_studio.ui.widgets import Retranslating

PREVIEW_ROWS = 50


class ImportDialog(Retranslating, QDialog):
    def __init__(
        self, parent: QWidget | None = None, *, path: Path | None = None, pasted: str | None = None
    ) -> None:
        super().__init__(parent)
        self.path = path
        self.pasted = pasted
        self.table: Table | None = None
        self.import_result: ImportResult = ImportResult()
        self.tasks = TaskTracker()
        self._read_task: asyncio.Task[None] | None = None
        layout = QVBoxLayout(self)

        source = QHBoxLayout()
        self.source_label = QLabel(self)
        source.addWidget(self.source_label, 1)
        self.browse_button = QPushButton(self)
        self.browse_button.clicked.connect(self._browse)
        source.addWidget(self.browse_button)
        layout.addLayout(source)

        # A workbook with several worksheets: which one to read (hidden otherwise).
        sheet_row = QHBoxLayout()
        self.sheet_label = QLabel(self)
        self.sheet_box = QComboBox(self)
        self.sheet_box.setObjectName("sheetPicker")
        self.sheet_box.activated.connect(lambda _index: self._reload())
        sheet_row.addWidget(self.sheet_label)
        sheet_row.addWidget(self.sheet_box, 1)
        layout.addLayout(sheet_row)
        self._show_sheets([])

        self.header_box = QCheckBox(self)
        self.header_box.setChecked(True)
        self.header_box.toggled.connect(self._reload)
        layout.addWidget(self.header_box)

        form = QFormLayout()
        self.question_box = QComboBox(self)
        self.answer_box = QComboBox(self)
        self.system_box = QComboBox(self)
        self.default_system = QLineEdit(self)
        self.form_labels = [QLabel(self) for _ in range(4)]  # in retranslate_ui's order
        for label, field in zip(
            self.form_labels,
            (self.question_box, self.answer_box, self.system_box, self.default_system),
            strict=True,
        ):
            form.addRow(label, field)
        layout.addLayout(form)
        for box in (self.question_box, self.answer_box, self.system_box):
            box.currentIndexChanged.connect(self._update_preview)
        self.default_system.textChanged.connect(self._update_preview)

        self.preview_label = QLabel(self)
        layout.addWidget(self.preview_label)
        self.preview = QTableWidget(self)
        self.preview.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        layout.addWidget(self.preview, 2)
        self.problems_label = QLabel(self)
        self.problems_label.setWordWrap(True)
        layout.addWidget(self.problems_label)
        self.problems_list = QListWidget(self)
        layout.addWidget(self.problems_list, 1)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.import_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.resize(760, 620)
        self.retranslate_ui()

        if pasted is not None:
            self.browse_button.hide()
            self.header_box.blockSignals(True)
            table = read_pasted_rows(pasted)
            self.header_box.setChecked(bool(table.headers))
            self.header_box.blockSignals(False)
            self._set_table(table)
        elif path is not None:
            self.load_path(path)

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Import examples from a spreadsheet"))
        if self.pasted is not None:
            self.source_label.setText(self.tr("Rows pasted from the clipboard"))
        elif self.path is None:
            self.source_label.setText(self.tr("No file chosen yet."))
        self.browse_button.setText(self.tr("Choose file…"))
        self.sheet_label.setText(self.tr("Worksheet"))
        self.header_box.setText(self.tr("The first row holds column names"))
        self.default_system.setPlaceholderText(self.tr("Optional: a system prompt for every row"))
        for label, text in zip(
            self.form_labels,
            (
                self.tr("Question column"),
                self.tr("Answer column"),
                self.tr("System prompt column"),
                self.tr("System prompt for all"),
            ),
            strict=True,
        ):
            label.setText(text)
        self.preview_label.setText(self.tr("Preview"))
        self.import_button.setText(self.tr("Import"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        if self.system_box.count():
            self.system_box.setItemText(0, self.tr("(none)"))
        if not self.reading:
            self._update_preview()  # the preview's headers, the count and the problems

    # ------------------------------------------------------------------ loading
    def _browse(self) -> None:
        chooser = QFileDialog(
            self,
            self.tr("Choose a spreadsheet"),
            start_folder(),
            self.tr("Spreadsheets (*.csv *.tsv *.xlsx);;All files (*)"),
        )
        chooser.setFileMode(QFileDialog.FileMode.ExistingFile)
        chooser.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        chooser.fileSelected.connect(lambda name: self.load_path(Path(name)))
        chooser.open()

    def load_path(self, path: Path) -> None:
        self.path = path
        self.source_label.setText(path.name)
        self._show_sheets([])  # a new file: its own worksheets, from its first
        self._reload()

    def _show_sheets(self, sheets: list[str], current: str = "") -> None:
        self.sheet_box.blockSignals(True)
        self.sheet_box.clear()
        self.sheet_box.addItems(sheets)
        self.sheet_box.setCurrentIndex(max(0, self.sheet_box.findText(current)))
        self.sheet_box.blockSignals(False)
        for widget in (self.sheet_label, self.sheet_box):
            widget.setVisible(len(sheets) > 1)

    def choose_sheet(self, name: str) -> None:
        """Read another worksheet of the workbook (what picking it in the list does)."""
        self.sheet_box.setCurrentIndex(self.sheet_box.findText(name))
        self._reload()

    @property
    def reading(self) -> bool:
        return self._read_task is not None and not self._read_task.done()

    def _reload(self) -> None:
        if self._read_task is not None:
            self._read_task.cancel()  # a newer choice replaces an unfinished read
        self.import_button.setEnabled(False)
        self._read_task = self.tasks.start(self._read())

    async def _read(self) -> None:
        has_header = self.header_box.isChecked()
        try:
            if self.pasted is not None:
                table = read_delimited(self.pasted, delimiter="\t", has_header=has_header)
            elif self.path is not None:
                self.problems_label.setText(self.tr("Reading %1…").replace("%1", self.path.name))
                sheet = self.sheet_box.currentText() or None
                read = functools.partial(
                    read_table, self.path, has_header=has_header, sheet=sheet
                )
                table = await run_in_thread(read)
            else:
                return
        except (TableReadError, OSError, UnicodeError) as error:
            message = localized(error.message) if isinstance(error, TableReadError) else str(error)
            self.problems_label.setText(
                self.tr("This file cannot be read: %1").replace("%1", message)
            )
            self.table = None
            self._read_task = None
            self._update_preview()
            return
        self._read_task = None
        self._set_table(table)

    def done(self, result: int) -> None:
        # A file still being read is of no use once the dialog is answered.
        self.tasks.cancel()
        super().done(result)

    def _set_table(self, table: Table) -> None:
        self.table = table
        self._show_sheets(table.sheets, table.sheet)
        names = table.column_names()
        guess = guess_mapping(table.headers) if table.headers else None
        if guess is None:
            guess = ColumnMapping(0, 1 if len(names) > 1 else 0, None)
        for box in (self.question_box, self.answer_box, self.system_box):
            box.blockSignals(True)
            box.clear()
        self.system_box.addItem(self.tr("(none)"), -1)
        for index, name in enumerate(names):
            self.question_box.addItem(name, index)
            self.answer_box.addItem(name, index)
            self.system_box.addItem(name, index)
        self.question_box.setCurrentIndex(guess.question)
        self.answer_box.setCurrentIndex(guess.answer)
        self.system_box.setCurrentIndex(0 if guess.system is None else guess.system + 1)
        for box in (self.question_box, self.answer_box, self.system_box):
            box.blockSignals(False)
        self._update_preview()

    # ------------------------------------------------------------------ mapping and preview
    def mapping(self) -> ColumnMapping | None:
        if self.table is None or self.question_box.count() == 0:
            return None
        system = int(self.system_box.currentData())
        return ColumnMapping(
            question=int(self.question_box.currentData()),
            answer=int(self.answer_box.currentData()),
            system=None if system < 0 else system,
        )

    def _update_preview(self) -> None:
        mapping = self.mapping()
        self.problems_list.clear()
        if mapping is None or self.table is None:
            self.import_result = ImportResult()
            self.preview.clear()
            self.import_button.setEnabled(False)
            return
        if mapping.question == mapping.answer:
            self.import_result = ImportResult()
            self.problems_label.setText(
                self.tr("Choose different columns for questions and answers.")
            )
            self.import_button.setEnabled(False)
            return
        self.import_result = convert(
            self.table, mapping, default_system=self.default_system.text().strip()
        )
        self.preview.clear()
        self.preview.setColumnCount(4)
        self.preview.setHorizontalHeaderLabels(
            [self.tr("Row"), self.tr("System prompt"), self.tr("Question"), self.tr("Answer")]
        )
        shown = self.import_result.examples[:PREVIEW_ROWS]
        self.preview.setRowCount(len(shown))
        for row, (number, example) in enumerate(shown):
            messages: list[dict[str, Any]] = example["messages"]  # type: ignore[assignment]
            by_role = {m["role"]: m["content"] for m in messages}
            for column, value in enumerate(
                (
                    str(number),
                    by_role.get("system", ""),
                    by_role.get("user", ""),
                    by_role.get("assistant", ""),
                )
            ):
                self.preview.setItem(row, column, QTableWidgetItem(str(value)))
        self.preview.resizeColumnToContents(0)
        header = self.preview.horizontalHeader()
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        for problem in self.import_result.problems:
            where = self.tr("Row %1").replace("%1", str(problem.row))
            if problem.column:
                where += f" ({problem.column})"
            self.problems_list.addItem(f"{where}: {localized(problem.message)}")
        count = len(self.import_result.examples)
        text = self.tr("%n row(s) become examples.", "", count)
        if self.import_result.problems:
            rows = sorted({p.row for p in self.import_result.problems})
            text = join_sentences(text, self.tr(
                "%n row(s) have problems and will not be added (rows %1); fix them in the "
                "spreadsheet or add them by hand.",
                "",
                len(rows),
            ).replace("%1", ", ".join(map(str, rows[:20]))))
        empty = len(self.import_result.skipped_empty)
        if empty:
            text = join_sentences(text, self.tr("%n empty row(s) left out.", "", empty))
        self.problems_label.setText(text)
        self.import_button.setEnabled(count > 0 and not self.reading)

    def examples(self) -> list[dict[str, Any]]:
        return [example for _, example in self.import_result.examples]
