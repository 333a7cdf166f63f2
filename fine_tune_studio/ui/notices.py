"""A finished job, said inside the main window: a bar above the panels, always.

The Training panel tells the system when a job ends (a tray message, a flashing taskbar
entry), but many desktops have no tray, and its notices were kept in `notifier.records`
without being shown. The window shows the latest one in a bar ("Show" goes to the Training
panel) and marks the Training entry of the sidebar until the user has been there.

The shell reads the Training panel's existing signal, `signals.job_finished(key)`, and the
notice the panel recorded for that job (`JobNoticeSource` below: mypy checks that the
Training panel has both).
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QToolButton, QWidget

from fine_tune_studio.ui.widgets import Retranslating

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance

    from fine_tune_studio.ui.jobs.panel import JobsPanel


class JobNotice(Protocol):
    @property
    def title(self) -> str: ...

    @property
    def message(self) -> str: ...

    @property
    def success(self) -> bool: ...

    @property
    def job_key(self) -> str: ...


class _FinishedSignals(Protocol):
    @property
    def job_finished(self) -> SignalInstance: ...  # the key of a job that has ended


class _Notices(Protocol):
    @property
    def records(self) -> Sequence[JobNotice]: ...


@runtime_checkable
class JobNoticeSource(Protocol):
    """What the shell reads of the Training panel."""

    @property
    def signals(self) -> _FinishedSignals: ...

    @property
    def notifier(self) -> _Notices: ...


if TYPE_CHECKING:

    def _the_training_panel_gives_notices(panel: JobsPanel) -> JobNoticeSource:
        return panel  # mypy checks that the Training panel has what the shell reads


def notice_for(source: JobNoticeSource, key: str) -> JobNotice | None:
    """The latest notice the panel recorded for job `key`."""
    return next((n for n in reversed(source.notifier.records) if n.job_key == key), None)


class NoticeBar(Retranslating, QFrame):
    """The latest finished job, above the panels, until dismissed or looked at."""

    show_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("noticeBar")
        self.notice: JobNotice | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 6, 6)
        self.text = QLabel(self)
        self.text.setObjectName("noticeText")
        self.text.setWordWrap(True)
        self.show_button = QPushButton(self)
        self.show_button.clicked.connect(self.show_requested)
        self.close_button = QToolButton(self)
        self.close_button.setText("✕")
        self.close_button.clicked.connect(self.dismiss)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.show_button)
        layout.addWidget(self.close_button)
        self.hide()
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.show_button.setText(self.tr("Show in Training"))
        self.close_button.setToolTip(self.tr("Dismiss"))
        self.close_button.setAccessibleName(self.tr("Dismiss"))

    def post(self, notice: JobNotice) -> None:
        self.notice = notice
        mark = "✔" if notice.success else "✖"
        colors = ("#e8f5e9", "#1b5e20") if notice.success else ("#ffebee", "#b71c1c")
        self.setStyleSheet(
            f"QFrame#noticeBar {{ background: {colors[0]}; border-bottom: 1px solid #cfd8dc; }}"
            f"QLabel#noticeText {{ color: {colors[1]}; }}"
        )
        # The Training panel's words, in the language they were said in (a notice reports
        # a moment, like an open error box).
        title, message = html.escape(notice.title), html.escape(notice.message)
        self.text.setText(f"{mark} <b>{title}</b> — {message}")
        self.show()

    def dismiss(self) -> None:
        self.notice = None
        self.hide()
