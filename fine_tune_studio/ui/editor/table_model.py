"""The example list: a table over the session's cached summaries, with its own filter/sort.

QSortFilterProxyModel would call Python once per row and comparison; at 100,000 rows that
blocks the GUI for seconds. Here a filter or sort computes one list of document indices
(`_order`) with list operations, and the view shows rows through it.
"""

from __future__ import annotations

from enum import IntEnum

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from fine_tune_studio.ui.editor.session import DocumentSession
from fine_tune_studio.ui.editor.summaries import (
    STATUS_ERROR,
    STATUS_OK,
    STATUS_PENDING,
    STATUS_WARNING,
)

_Index = QModelIndex | QPersistentModelIndex


class Column(IntEnum):
    number = 0
    question = 1
    tokens = 2
    status = 3


class StatusFilter(IntEnum):
    all = 0
    errors = 1
    warnings = 2
    problems = 3


_STATUS_COLORS = {
    STATUS_ERROR: QColor("#c62828"),
    STATUS_WARNING: QColor("#b26a00"),
    STATUS_OK: QColor("#2e7d32"),
    STATUS_PENDING: QColor("#757575"),
}


class ExampleTableModel(QAbstractTableModel):
    def __init__(self, session: DocumentSession, parent: object | None = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self.session = session
        self._order: list[int] | None = None  # None: every line in document order
        self.status_filter = StatusFilter.all
        self.search_text = ""
        self.sort_column = Column.number
        self.sort_descending = False
        session.document_replaced.connect(self.refresh)
        session.structure_changed.connect(self.refresh)
        session.lines_changed.connect(self._lines_changed)
        session.checks_updated.connect(self._checks_updated)

    # ------------------------------------------------------------------ mapping
    @property
    def filtered(self) -> bool:
        return self._order is not None

    def line_at(self, row: int) -> int:
        return self._order[row] if self._order is not None else row

    def row_of_line(self, line: int) -> int | None:
        if self._order is None:
            return line if 0 <= line < len(self.session) else None
        try:
            return self._order.index(line)
        except ValueError:
            return None

    def _compute_order(self) -> list[int] | None:
        session = self.session
        candidates: list[int] | None = None
        if self.status_filter == StatusFilter.errors:
            candidates = session.indices_with_status({STATUS_ERROR})
        elif self.status_filter == StatusFilter.warnings:
            candidates = session.indices_with_status({STATUS_WARNING})
        elif self.status_filter == StatusFilter.problems:
            candidates = session.indices_with_status({STATUS_ERROR, STATUS_WARNING})
        if self.search_text:
            candidates = session.search(self.search_text, candidates)
        if self.sort_column == Column.number and not self.sort_descending:
            return candidates
        rows = candidates if candidates is not None else list(range(len(session)))
        if self.sort_column == Column.tokens:
            rows.sort(key=session.tokens, reverse=self.sort_descending)
        elif self.sort_column == Column.status:
            rows.sort(key=session.status, reverse=self.sort_descending)
        elif self.sort_column == Column.question:
            rows.sort(key=session.first_user, reverse=self.sort_descending)
        else:
            rows.sort(reverse=self.sort_descending)
        return rows

    def refresh(self) -> None:
        self.beginResetModel()
        self._order = self._compute_order()
        self.endResetModel()

    def set_status_filter(self, value: StatusFilter) -> None:
        self.status_filter = value
        self.refresh()

    def set_search_text(self, text: str) -> None:
        self.search_text = text.strip()
        self.refresh()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.sort_column = Column(column)
        self.sort_descending = order == Qt.SortOrder.DescendingOrder
        self.layoutAboutToBeChanged.emit()
        self._order = self._compute_order()
        self.layoutChanged.emit()

    def _lines_changed(self, indices: list[int]) -> None:
        for line in indices:
            row = self.row_of_line(line)
            if row is not None:
                self.dataChanged.emit(self.index(row, 0), self.index(row, Column.status))

    def _checks_updated(self) -> None:
        if self.rowCount():
            # The view repaints only what is visible, so one range signal is cheap.
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, Column.status))

    # ------------------------------------------------------------------ Qt model API
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid():
            return 0
        return len(self._order) if self._order is not None else len(self.session)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 4

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return {
            Column.number: self.tr("#"),
            Column.question: self.tr("First question"),
            Column.tokens: self.tr("Tokens"),
            Column.status: self.tr("Status"),
        }[Column(section)]

    def status_text(self, status: int) -> str:
        return {
            STATUS_OK: self.tr("OK"),
            STATUS_WARNING: self.tr("Warning"),
            STATUS_ERROR: self.tr("Error"),
            STATUS_PENDING: self.tr("Checking…"),
        }[status]

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        line = self.line_at(index.row())
        column = index.column()
        session = self.session
        if role == Qt.ItemDataRole.DisplayRole:
            if column == Column.number:
                return line + 1
            if column == Column.question:
                text = session.first_user(line)
                if not session.document.line_bytes(line).strip():
                    return self.tr("(blank line)")
                return text.replace("\n", " ")[:200]
            if column == Column.tokens:
                tokens = session.tokens(line)
                return tokens if tokens >= 0 else ""
            return self.status_text(session.status(line))
        if role == Qt.ItemDataRole.ForegroundRole and column == Column.status:
            return QBrush(_STATUS_COLORS[session.status(line)])
        if role == Qt.ItemDataRole.ToolTipRole and column == Column.status:
            summary = session.summary(line)
            if summary is not None and summary.issues:
                from fine_tune_studio.ui.editor.texts import issue_text

                return "\n".join(issue_text(issue) for issue in summary.issues[:8])
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (Column.number, Column.tokens):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
