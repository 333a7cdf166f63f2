"""The report inside the panel: automatic measures, win rates with their 95 % intervals
(pyqtgraph, made when the chart is first shown), per tag, the items a chosen model lost,
and the AI judge's agreement.

The numbers all come from `core.eval_report.ReportData`, the same object the exported
HTML, CSV and JSON are written from, so the panel and the file never disagree. While a run
streams in, `add_answers` updates what answers change (the automatic measures, the items a
model lost) in time proportional to the new answers; votes, the chart and the tallies do
not depend on answers and stay as they are.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from fine_tune_studio.core.eval_report import ReportData
from fine_tune_studio.core.eval_run import Answer
from fine_tune_studio.core.eval_stats import PairTally
from fine_tune_studio.core.test_sets import TestItem
from fine_tune_studio.ui.widgets import Retranslating

if TYPE_CHECKING:
    from fine_tune_studio.ui.evaluation.win_rate_plot import WinRatePlot

ALL_TAGS = ""
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class RowsModel(QAbstractTableModel):
    """Rows of text for a table view: refilled with one reset, no object per cell (a run of
    a thousand questions refreshes this twice a second while answers arrive)."""

    def __init__(self, columns: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.columns = columns
        self.headers: list[str] = [""] * columns
        self.rows: list[tuple[str, ...]] = []

    def set_rows(self, rows: list[tuple[str, ...]]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def insert_row(self, position: int, row: tuple[str, ...]) -> None:
        """One row more; the view keeps its selection and scroll position (a reset does not)."""
        self.beginInsertRows(QModelIndex(), position, position)
        self.rows.insert(position, row)
        self.endInsertRows()

    def rowCount(self, parent: Any = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self.rows)

    def columnCount(self, parent: Any = None) -> int:
        return self.columns

    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        value = self.rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return value.replace("\n", " ")
        if role == Qt.ItemDataRole.ToolTipRole:
            return value
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section]
        return None


class WinRateChart(QWidget):
    """Bars of win rate per pair, whiskers for the Wilson interval, a dashed 50 % line.

    The tallies are kept here; the pyqtgraph plot that draws them (`win_rate_plot`) is
    made the first time the chart is shown or `plot` is asked for, so building the panel
    does not import pyqtgraph (docs/packaging.md, "Start-up time").
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tallies: list[PairTally] = []
        self._plot: WinRatePlot | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.setMinimumHeight(180)

    @property
    def tallies(self) -> list[PairTally]:
        return list(self._tallies)

    @property
    def plot_built(self) -> bool:
        return self._plot is not None

    @property
    def plot(self) -> WinRatePlot:
        """The plot (made now if it was not yet), with `bars` and `whiskers` as drawn."""
        if self._plot is None:
            from fine_tune_studio.ui.evaluation.win_rate_plot import WinRatePlot

            self._plot = WinRatePlot()
            layout = self.layout()
            assert layout is not None
            layout.addWidget(self._plot)
            self._plot.show_tallies(self._tallies)
        return self._plot

    def showEvent(self, event: QShowEvent) -> None:
        _ = self.plot
        super().showEvent(event)

    def show_tallies(self, tallies: list[PairTally]) -> None:
        self._tallies = list(tallies)
        if self._plot is not None:
            self._plot.show_tallies(self._tallies)


class ReportView(Retranslating, QWidget):
    open_example = Signal(object)  # TestItem
    add_corrected = Signal(object, str)  # TestItem, the losing answer
    export_requested = Signal()
    judge_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data: ReportData | None = None
        self._rows: list[tuple[TestItem, str, str]] = []
        # For adding answers as they arrive: each row's place in the test set, and the
        # chosen model's items that reviewers voted on (or voted against it).
        self._row_places: list[int] = []
        self._places: dict[str, int] = {}
        self._voted: set[str] = set()
        self._lost_to: dict[str, list[str]] = {}
        self._score_cells: list[list[QTableWidgetItem]] = []  # the auto table's, by row
        self.auto_table = QTableWidget(0, 5)
        self.auto_table.setObjectName("autoScores")
        self.auto_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.auto_table.verticalHeader().setVisible(False)
        self.auto_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.chart = WinRateChart()
        self.tag_label = QLabel()
        self.tag_box = QComboBox()
        self.tag_box.setObjectName("reportTag")
        self.chart_note = QLabel()
        self.chart_note.setWordWrap(True)
        self.tally_label = QLabel()
        self.tally_label.setWordWrap(True)
        self.tally_label.setObjectName("tallyText")
        self.judge_label = QLabel()
        self.judge_label.setWordWrap(True)
        self.judge_label.setObjectName("judgeAgreement")
        self.loser_label = QLabel()
        self.loser_box = QComboBox()
        self.loser_box.setObjectName("loserChoice")
        self.losses = QTableView()
        self.losses_model = RowsModel(3, self)
        self.losses.setModel(self.losses_model)
        self.losses.setObjectName("lostItems")
        self.losses.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.losses.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.losses.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.losses.verticalHeader().setVisible(False)
        self.losses.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.losses.doubleClicked.connect(lambda _i: self._open_selected())
        self.open_button = QPushButton()
        self.add_button = QPushButton()
        self.export_button = QPushButton()
        self.export_button.setObjectName("exportReport")
        self.judge_button = QPushButton()
        self.open_button.clicked.connect(self._open_selected)
        self.add_button.clicked.connect(self._add_selected)
        self.export_button.clicked.connect(self.export_requested)
        self.judge_button.clicked.connect(self.judge_requested)
        self.tag_box.currentIndexChanged.connect(lambda _i: self._show_chart())
        self.loser_box.currentIndexChanged.connect(lambda _i: self._show_losses())

        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.auto_table, 1)
        chart_head = QHBoxLayout()
        chart_head.addWidget(self.tag_label)
        chart_head.addWidget(self.tag_box, 1)
        chart_head.addStretch(1)
        chart_head.addWidget(self.judge_button)
        chart_head.addWidget(self.export_button)
        top_layout.addLayout(chart_head)
        top_layout.addWidget(self.chart, 2)
        top_layout.addWidget(self.chart_note)
        top_layout.addWidget(self.tally_label)
        top_layout.addWidget(self.judge_label)
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        loser_row = QHBoxLayout()
        loser_row.addWidget(self.loser_label)
        loser_row.addWidget(self.loser_box, 1)
        loser_row.addStretch(1)
        loser_row.addWidget(self.open_button)
        loser_row.addWidget(self.add_button)
        bottom_layout.addLayout(loser_row)
        bottom_layout.addWidget(self.losses, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(bottom)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.auto_table.setHorizontalHeaderLabels([
            self.tr("Model"), self.tr("Answered"), self.tr("Exact match"),
            self.tr("Similarity (chrF)"), self.tr("Mean length"),
        ])
        self.tag_label.setText(self.tr("Win rates for:"))
        self.chart_note.setText(self.tr(
            "Bars: how often the first model of each pair was judged better (a tie counts "
            "half); whiskers: 95% interval; dashed line: 50%."
        ))
        self.loser_label.setText(self.tr("Where this model lost:"))
        self.losses_model.headers = [self.tr("Question"), self.tr("Its answer"),
                                     self.tr("Why listed")]
        self.open_button.setText(self.tr("Open in editor"))
        self.add_button.setText(self.tr("Add corrected answer…"))
        self.export_button.setText(self.tr("Export report…"))
        self.judge_button.setText(self.tr("AI judge…"))
        self.show_data(self.data)

    # -- filling -------------------------------------------------------------------------------

    def show_data(self, data: ReportData | None) -> None:
        self.data = data
        for button in (self.export_button, self.judge_button, self.open_button, self.add_button):
            button.setEnabled(data is not None)
        self.auto_table.setRowCount(0)
        if data is None:
            self.chart.show_tallies([])
            self.tally_label.setText(self.tr("Open or start a run to see its report."))
            self.judge_label.setText("")
            self.losses_model.set_rows([])
            self._rows = []
            return
        self._places = {item.id: n for n, item in enumerate(data.items)}
        self.auto_table.setRowCount(len(data.names))
        self._score_cells = []
        for row in range(len(data.names)):
            cells = []
            for col in range(self.auto_table.columnCount()):
                cell = QTableWidgetItem()
                if col:
                    cell.setTextAlignment(RIGHT)
                self.auto_table.setItem(row, col, cell)
                cells.append(cell)
            self._score_cells.append(cells)
        self._show_scores(data)
        self._fill_boxes(data)
        self._show_chart()
        agree = data.judge_agreement()
        if not data.judge_votes:
            self.judge_label.setText("")
        elif agree.kappa is None:
            self.judge_label.setText(self.tr("The AI judge rated %n pair(s); none was also "
                                             "rated by a reviewer.", "", len(data.judge_votes)))
        else:
            self.judge_label.setText(
                self.tr("The AI judge agrees with the reviewers on %1% of %n vote(s) "
                        "(Cohen's kappa %2).", "", agree.compared)
                .replace("%1", f"{agree.percent:.0f}").replace("%2", f"{agree.kappa:.2f}")
            )
        self._show_losses()

    def _show_scores(self, data: ReportData) -> None:
        for row, s in enumerate(data.auto_scores()):
            cells = [s.contestant, f"{s.answered}/{len(data.items)}", f"{s.exact_match:.0%}",
                     f"{s.similarity:.2f}", f"{s.mean_answer_chars:.0f}"]
            for cell, text in zip(self._score_cells[row], cells, strict=True):
                cell.setText(text)

    def add_answers(self, answers: Sequence[Answer]) -> None:
        """Answers that arrived since the report was shown, scored in `data.measures`."""
        data = self.data
        if data is None:
            return
        replaced = any((a.item, a.contestant) in data.answers for a in answers)
        data.add_answers(answers)
        self._show_scores(data)
        name = self.loser_box.currentData()
        if replaced or any(a.item in self._lost_to for a in answers if a.contestant == name):
            self._show_losses()  # a listed row changes: rare, list them again
            return
        why = self.tr("differs from the reference")
        for answer in answers:
            place = self._places.get(answer.item)
            if (answer.contestant != name or place is None or answer.item in self._voted
                    or data.is_exact(answer.item, name)):
                continue
            position = bisect_right(self._row_places, place)
            item = data.items[place]
            self._rows.insert(position, (item, answer.answer, why))
            self._row_places.insert(position, place)
            self.losses_model.insert_row(position, (item.question, answer.answer, why))

    def _fill_boxes(self, data: ReportData) -> None:
        for box, entries in (
            (self.tag_box, [(self.tr("All questions"), ALL_TAGS)] + [(t, t) for t in data.tags()]),
            (self.loser_box, [(n, n) for n in data.names]),
        ):
            current = box.currentData()
            box.blockSignals(True)
            box.clear()
            for text, value in entries:
                box.addItem(text, value)
            index = box.findData(current)
            if index < 0 and box is self.loser_box:
                index = 1 if len(entries) > 1 else 0  # the fine-tune usually sits second
            box.setCurrentIndex(max(0, index))
            box.blockSignals(False)

    def tallies(self) -> list[PairTally]:
        if self.data is None:
            return []
        tag = self.tag_box.currentData() or ALL_TAGS
        include = {i.id for i in self.data.items if tag in i.tags} if tag else None
        return self.data.pair_tallies(include=include)

    def _show_chart(self) -> None:
        tallies = self.tallies()
        self.chart.show_tallies(tallies)
        if not tallies:
            self.tally_label.setText(self.tr("No votes yet: review the answers (Review tab) "
                                             "or ask the AI judge."))
            return
        lines = [
            self.tr("%1 vs %2: %3 wins, %4 ties, %5 losses; win rate %6 (95%: %7–%8)")
            .replace("%1", t.first).replace("%2", t.second).replace("%3", str(t.wins))
            .replace("%4", str(t.ties)).replace("%5", str(t.losses))
            .replace("%6", f"{t.win_rate:.0%}").replace("%7", f"{t.interval[0]:.0%}")
            .replace("%8", f"{t.interval[1]:.0%}")
            for t in tallies
        ]
        self.tally_label.setText("\n".join(lines))

    # -- losses --------------------------------------------------------------------------------

    def lost_items(self) -> list[tuple[TestItem, str, str]]:
        """(item, its answer, why) for each item the chosen model lost: a reviewer preferred
        another answer; with no votes on an item, its answer differs from the reference (an
        item not answered yet is not lost: a run streaming in adds it if it is)."""
        data = self.data
        name = self.loser_box.currentData()
        if data is None or not name:
            return []
        lost_to: dict[str, list[str]] = {}
        voted: set[str] = set()
        for vote in data.votes:
            if name in vote.pair:
                voted.add(vote.item_id)
                if vote.winner is not None and vote.winner != name:
                    lost_to.setdefault(vote.item_id, []).append(vote.winner)
        self._voted, self._lost_to = voted, lost_to
        found = []
        for item in data.items:
            answer = data.answers.get((item.id, name))
            text = answer.answer if answer else ""
            if item.id in lost_to:
                winners = self.tr(", ").join(sorted(set(lost_to[item.id])))
                why = self.tr("%1 preferred").replace("%1", winners)
            elif answer is not None and item.id not in voted and not data.is_exact(item.id, name):
                why = self.tr("differs from the reference")
            else:
                continue
            found.append((item, text, why))
        return found

    def _show_losses(self) -> None:
        rows = self.lost_items()
        self.losses_model.set_rows([(item.question, text, why) for item, text, why in rows])
        self._rows = rows
        self._row_places = [self._places.get(item.id, -1) for item, _text, _why in rows]

    def _selected(self) -> tuple[TestItem, str, str] | None:
        row = self.losses.currentIndex().row()
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def _open_selected(self) -> None:
        chosen = self._selected()
        if chosen is not None:
            self.open_example.emit(chosen[0])

    def _add_selected(self) -> None:
        chosen = self._selected()
        if chosen is not None:
            self.add_corrected.emit(chosen[0], chosen[1])
