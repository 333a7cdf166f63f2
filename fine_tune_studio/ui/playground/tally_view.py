"""The session's tally: wins, ties and losses per model, exportable as JSON or CSV."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from fine_tune_studio.core.evaluation import Tally
from fine_tune_studio.ui.widgets import Retranslating


class TallyView(Retranslating, QWidget):
    exported = Signal(str)
    cleared = Signal()  # the user started a new tally (the panel saves it)

    def __init__(
        self, tally: Tally, label_for: Callable[[str], str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.tally = tally
        # Tally keys are "profile id/model"; the user knows providers by their names.
        self.label_for = label_for or (lambda key: key)
        self.caption = QLabel()
        self.caption.setWordWrap(True)
        self.table = QTableWidget(0, 5)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setWordWrap(True)
        self.export_button = QPushButton()
        self.export_button.clicked.connect(self._ask_export)
        self.clear_button = QPushButton()
        self.clear_button.clicked.connect(self._ask_clear)
        buttons = QHBoxLayout()
        buttons.addWidget(self.clear_button)
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.caption)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.caption.setText(
            self.tr("Blind verdicts so far, kept between sessions. Names appear once a round "
                    "is revealed.")
        )
        self.table.setHorizontalHeaderLabels(
            [self.tr("Model"), self.tr("Wins"), self.tr("Ties"), self.tr("Losses"),
             self.tr("Both bad")]
        )
        self.export_button.setText(self.tr("Export…"))
        self.clear_button.setText(self.tr("Start a new tally…"))
        self.refresh()

    def refresh(self) -> None:
        scores = self.tally.scores()
        self.table.setRowCount(len(scores))
        for row, score in enumerate(scores):
            values = [
                self.label_for(score.model), score.wins, score.ties, score.losses, score.both_bad
            ]
            for col, value in enumerate(values):
                item = QTableWidgetItem(str(value))
                if col == 0:  # the full id, for the name shortened to what the user gave
                    item.setToolTip(score.model.partition("/")[2] or score.model)
                self.table.setItem(row, col, item)
        self.table.resizeRowsToContents()
        self.export_button.setEnabled(bool(scores))
        self.clear_button.setEnabled(bool(scores))

    def rows(self) -> list[list[str]]:
        """What the table shows, as text (for the user's eyes and the tests')."""
        rows: list[list[str]] = []
        for r in range(self.table.rowCount()):
            items = [self.table.item(r, c) for c in range(self.table.columnCount())]
            rows.append([item.text() if item is not None else "" for item in items])
        return rows

    def clear(self) -> None:
        self.tally.clear()
        self.refresh()
        self.cleared.emit()

    def _ask_clear(self) -> None:
        answer = QMessageBox.question(
            self,
            self.tr("Start a new tally"),
            self.tr("Forget every verdict counted so far? Export them first if you want "
                    "to keep them."),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.clear()

    def export_to(self, path: Path) -> None:
        text = self.tally.to_csv() if path.suffix.lower() == ".csv" else self.tally.to_json()
        path.write_text(text, encoding="utf-8")
        self.exported.emit(str(path))

    def _ask_export(self) -> None:
        name, chosen = QFileDialog.getSaveFileName(
            self, self.tr("Export the tally"), "tally.csv",
            self.tr("CSV (*.csv);;JSON (*.json)"),
        )
        if name:
            path = Path(name)
            if not path.suffix:
                path = path.with_suffix(".json" if "json" in chosen.lower() else ".csv")
            self.export_to(path)
