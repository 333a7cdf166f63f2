"""The whole file's problems in one list; activating one jumps to its line and field."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from fine_tune_studio.core import validation
from fine_tune_studio.ui.editor.form_words import NEEDS_LINE, form_issue_text
from fine_tune_studio.ui.editor.session import DocumentSession
from fine_tune_studio.ui.editor.texts import issue_text
from fine_tune_studio.ui.widgets import Retranslating

_Index = QModelIndex | QPersistentModelIndex

MIN_EXAMPLES = validation.MIN_EXAMPLES
RECOMMENDED_EXAMPLES = validation.RECOMMENDED_EXAMPLES


@dataclass(frozen=True)
class Problem:
    uid: int | None  # None for the file as a whole
    is_error: bool
    path: str
    text: str
    code: str


class ProblemsModel(QAbstractTableModel):
    def __init__(self, session: DocumentSession, parent: object | None = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self.session = session
        self.problems: list[Problem] = []
        # More warnings than the checks give, each called at every refresh (the test-set
        # leak warnings, `leaks.LeakWarnings`); listed after the file's own problems.
        self.sources: list[Callable[[], list[Problem]]] = []

    def refresh(self) -> None:
        session = self.session
        problems: list[Problem] = []
        duplicate_text = self.tr("This example is the same as another one in the file.")
        for index, uid, issues, duplicate in session.problem_lines():
            for issue in issues:
                # The editor's words: the form is where the user fixes it.
                line = (
                    session.document.line_text(index) if issue.code in NEEDS_LINE else None
                )
                words = form_issue_text(issue, line)
                problems.append(Problem(uid, issue.is_error, issue.path or "", words, issue.code))
            if duplicate and not any(i.code == "duplicate_example" for i in issues):
                problems.append(Problem(uid, False, "", duplicate_text, "duplicate_example"))
        first = [problem for source in self.sources for problem in source()]
        if not session.checking:
            first[:0] = [
                Problem(None, issue.is_error, "", issue_text(issue), issue.code)
                for issue in validation.file_level_issues(
                    session.examples, session.valid, dict(session.kinds), bom=session.document.bom
                )
                # Without a file of their own yet, having no examples is where everyone
                # starts (the editor shows ways to begin), not a mistake.
                if issue.code != "no_examples" or session.path is not None
            ]
        problems[:0] = first
        self.beginResetModel()
        self.problems = problems
        self.endResetModel()

    def error_count(self) -> int:
        return sum(p.is_error for p in self.problems)

    def warning_count(self) -> int:
        return sum(not p.is_error for p in self.problems)

    def line_of(self, problem: Problem) -> int | None:
        if problem.uid is None:
            return None
        return self.session.index_of_uid(problem.uid)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.problems)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 3

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (self.tr("Line"), self.tr("Field"), self.tr("Problem"))[section]

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        problem = self.problems[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            if index.column() == 0:
                line = self.line_of(problem)
                return self.tr("file") if line is None else line + 1
            if index.column() == 1:
                return problem.path
            mark = "✖ " if problem.is_error else "⚠ "
            return mark + problem.text
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 2:
            return problem.text
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 2:
            return QBrush(QColor("#c62828" if problem.is_error else "#b26a00"))
        return None


class ProblemsPanel(Retranslating, QWidget):
    jump_requested = Signal(int, str)  # 0-based line index, field path

    def __init__(self, session: DocumentSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = ProblemsModel(session, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.heading = QLabel(self)
        layout.addWidget(self.heading)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setWordWrap(False)
        self.view.verticalHeader().hide()
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.view.activated.connect(self._activated)
        self.view.clicked.connect(self._activated)
        layout.addWidget(self.view, 1)
        # The chosen problem (else the first) in full: the table cuts long texts short in a
        # narrow window, and what to do is at their end.
        self.detail = QLabel(self)
        self.detail.setObjectName("problemDetail")
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.detail)
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._show_detail())
        self.refresh()

    def retranslate_ui(self) -> None:
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 2)
        self.refresh()

    def refresh(self) -> None:
        self.model.refresh()
        errors, warnings = self.model.error_count(), self.model.warning_count()
        if errors == 0 and warnings == 0:
            self.heading.setText(self.tr("No problems found."))
        else:
            self.heading.setText(
                self.tr("Problems: %1, %2")
                .replace("%1", self.tr("%n error(s)", "", errors))
                .replace("%2", self.tr("%n warning(s)", "", warnings))
            )
        self._show_detail()

    def _show_detail(self) -> None:
        problems = self.model.problems
        if not problems:
            self.detail.hide()
            return
        current = self.view.currentIndex()
        problem = problems[current.row() if current.isValid() else 0]
        line = self.model.line_of(problem)
        where = self.tr("The file") if line is None else self.tr("Line %1").replace(
            "%1", str(line + 1))
        if problem.path:
            where = self.tr("%1, field %2").replace("%1", where).replace("%2", problem.path)
        self.detail.setText(self.tr("%1: %2").replace("%1", where).replace("%2", problem.text))
        self.detail.show()

    def _activated(self, index: QModelIndex) -> None:
        problem = self.model.problems[index.row()]
        line = self.model.line_of(problem)
        if line is not None:
            self.jump_requested.emit(line, problem.path)

    def activate_row(self, row: int) -> None:
        """What a click on row `row` does (keyboard users press Enter)."""
        index = self.model.index(row, 2)
        self.view.setCurrentIndex(index)
        self._activated(index)
