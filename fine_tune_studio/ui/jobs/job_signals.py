"""The job service's reports as Qt signals, so table models and views can connect to them.

`JobService` (services/jobs.py) is Qt-free and calls a listener; `JobSignals.listener` is
that listener, re-emitting each call as the signal of the same name. The calls arrive on
the event loop's thread (the GUI thread under qasync), so the signals are delivered
directly.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from fine_tune_studio.core.job_state import JobEvent
from fine_tune_studio.core.metrics import MetricPoint


class JobSignals(QObject):
    jobs_changed = Signal()  # jobs were added or removed
    job_updated = Signal(str)  # key: status or numbers changed
    events_added = Signal(str, list)  # key, new JobEvents (oldest first)
    metrics_added = Signal(str, list)  # key, new MetricPoints
    checkpoints_updated = Signal(str)
    job_finished = Signal(str)  # key: a job we watched run has ended
    provider_error = Signal(str, object)  # provider id, the exception
    provider_ok = Signal(str)
    records_not_saved = Signal(object)  # the OSError

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.listener = _Relay(self)


class _Relay:
    """A `JobWatchListener` that emits the matching signal."""

    def __init__(self, signals: JobSignals) -> None:
        self._signals = signals

    def jobs_changed(self) -> None:
        self._signals.jobs_changed.emit()

    def job_updated(self, key: str) -> None:
        self._signals.job_updated.emit(key)

    def events_added(self, key: str, events: list[JobEvent]) -> None:
        self._signals.events_added.emit(key, events)

    def metrics_added(self, key: str, points: list[MetricPoint]) -> None:
        self._signals.metrics_added.emit(key, points)

    def checkpoints_updated(self, key: str) -> None:
        self._signals.checkpoints_updated.emit(key)

    def job_finished(self, key: str) -> None:
        self._signals.job_finished.emit(key)

    def provider_error(self, provider_id: str, error: BaseException) -> None:
        self._signals.provider_error.emit(provider_id, error)

    def provider_ok(self, provider_id: str) -> None:
        self._signals.provider_ok.emit(provider_id)

    def records_not_saved(self, error: OSError) -> None:
        self._signals.records_not_saved.emit(error)
