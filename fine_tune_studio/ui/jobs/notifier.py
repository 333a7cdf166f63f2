"""Desktop notifications for finished jobs, through the system tray.

A notice goes out whether or not the window is visible (a minimised window is the point),
and every notice is also kept in `records` so the panel (and tests) can list them.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from PySide6.QtCore import QObject
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QStyle, QSystemTrayIcon, QWidget


@dataclass(frozen=True)
class Notice:
    title: str
    message: str
    success: bool
    job_key: str
    at: float


class JobNotifier(QObject):
    def __init__(self, parent: QObject | None = None, *, icon: QIcon | None = None) -> None:
        super().__init__(parent)
        self.records: list[Notice] = []
        style = QApplication.style()
        self._icon = icon or style.standardIcon(QStyle.StandardPixmap.SP_ComputerIcon)
        self.tray = QSystemTrayIcon(self._icon, self)
        self.tray.setToolTip(self.tr("Fine Tune Studio"))

    def notify(self, job_key: str, title: str, message: str, *, success: bool) -> Notice:
        notice = Notice(title, message, success, job_key, time.time())
        self.records.append(notice)
        # The tray icon appears only while there is something to say.
        if QSystemTrayIcon.isSystemTrayAvailable():
            self.tray.show()
        icon = (
            QSystemTrayIcon.MessageIcon.Information
            if success
            else QSystemTrayIcon.MessageIcon.Critical
        )
        self.tray.showMessage(title, message, icon, 15_000)
        window = self._window()
        if window is not None:
            # Flashes the taskbar entry of a minimised or background window.
            QApplication.alert(window, 0)
        return notice

    def _window(self) -> QWidget | None:
        parent = self.parent()
        return parent.window() if isinstance(parent, QWidget) else None
