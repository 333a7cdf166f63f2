"""The job list as a table model over the job service's jobs (rows cached, newest first)."""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from fine_tune_studio.core.job_state import is_terminal
from fine_tune_studio.services.job_watch import JobWatcher, TrackedJob
from fine_tune_studio.ui.jobs.job_signals import JobSignals
from fine_tune_studio.ui.jobs.status_words import status_text
from fine_tune_studio.ui.model_label import model_label

Index = QModelIndex | QPersistentModelIndex

COL_NAME, COL_PROVIDER, COL_MODEL, COL_DATASET, COL_STATUS, COL_ELAPSED, COL_FINISH, COL_TOKENS = (
    range(8)
)
KEY_ROLE = Qt.ItemDataRole.UserRole + 1


def format_duration(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    seconds = int(seconds)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes}:{secs:02d}"


def time_left(tracked: TrackedJob, now: float) -> str:
    """What is left of a running job, counting down with the clock: a finish clock time
    read a while later says nothing about how long is left."""
    finish = tracked.estimated_finish(now)
    return "—" if finish is None else format_duration(max(0.0, finish - now))


def progress_text(tracked: TrackedJob) -> str:
    step, total = tracked.last_step, tracked.total_steps
    if step and total and not is_terminal(tracked.status):
        return f"{step}/{total}"
    return ""


class JobTableModel(QAbstractTableModel):
    def __init__(
        self, watcher: JobWatcher, signals: JobSignals, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.watcher = watcher
        self._rows: list[TrackedJob] = []
        signals.jobs_changed.connect(self.reload)
        signals.job_updated.connect(self._row_changed)
        signals.metrics_added.connect(lambda key, _points: self._row_changed(key))
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self._rows = self.watcher.sorted_jobs()
        self.endResetModel()

    def key_at(self, row: int) -> str | None:
        return self._rows[row].key if 0 <= row < len(self._rows) else None

    def row_of(self, key: str) -> int | None:
        for row, tracked in enumerate(self._rows):
            if tracked.key == key:
                return row
        return None

    def tick(self) -> None:
        """Refresh the clocks of unfinished jobs (elapsed, time left)."""
        for row, tracked in enumerate(self._rows):
            if not is_terminal(tracked.status):
                self.dataChanged.emit(self.index(row, COL_ELAPSED), self.index(row, COL_FINISH))

    def _row_changed(self, key: str) -> None:
        row = self.row_of(key)
        if row is not None:
            self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 8

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        # Spelled out (not through a helper) so lupdate finds each text.
        return [
            QCoreApplication.translate("JobTable", "Job"),
            QCoreApplication.translate("JobTable", "Provider"),
            QCoreApplication.translate("JobTable", "Base model"),
            QCoreApplication.translate("JobTable", "Examples file"),
            QCoreApplication.translate("JobTable", "Status"),
            QCoreApplication.translate("JobTable", "Elapsed"),
            QCoreApplication.translate("JobTable", "Time left"),
            QCoreApplication.translate("JobTable", "Trained tokens"),
        ][section]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        tracked = self._rows[index.row()]
        column = index.column()
        if role == KEY_ROLE:
            return tracked.key
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(tracked, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == COL_STATUS and tracked.status == "failed":
                failure = tracked.job.failure
                return (failure.message if failure else None) or ""
            if column == COL_NAME:
                return tracked.id
            if column == COL_DATASET and tracked.record and tracked.record.dataset_path:
                return tracked.record.dataset_path
            if column == COL_MODEL:
                return tracked.job.model
        if role == Qt.ItemDataRole.ForegroundRole and column == COL_STATUS:
            colours = {"succeeded": "#1b7f3b", "failed": "#b3261e", "cancelled": "#6b6b6b"}
            colour = colours.get(tracked.status or "")
            return QBrush(QColor(colour)) if colour else None
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (
            COL_ELAPSED,
            COL_FINISH,
            COL_TOKENS,
        ):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _display(self, tracked: TrackedJob, column: int) -> str:
        if column == COL_NAME:
            return tracked.title
        if column == COL_PROVIDER:
            return tracked.provider_name
        if column == COL_MODEL:
            # A continuation starts from a fine-tune: shown by the name the user gave it.
            return model_label(tracked.job.model)
        if column == COL_DATASET:
            name = tracked.record.dataset_name if tracked.record else None
            return name or "—"
        if column == COL_STATUS:
            progress = progress_text(tracked)
            text = status_text(tracked.status)
            return f"{text} ({progress})" if progress else text
        if column == COL_ELAPSED:
            return format_duration(tracked.elapsed_seconds(time.time()))
        if column == COL_FINISH:
            return time_left(tracked, time.time())
        if column == COL_TOKENS:
            tokens = tracked.job.trained_tokens
            return f"{tokens:,}" if tokens is not None else "—"
        return ""
