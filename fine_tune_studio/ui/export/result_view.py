"""What a finished export shows: the folder, and for Ollama the command, copy, and — when
the `ollama` program is installed — running it with its output shown."""

from __future__ import annotations

import asyncio
import shlex
from pathlib import Path

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from fine_tune_studio.core.model_export import ExportResult
from fine_tune_studio.services.model_export import ExportFailed, ModelExporter
from fine_tune_studio.ui.async_tools import TaskTracker
from fine_tune_studio.ui.widgets import Retranslating


class ResultView(Retranslating, QWidget):
    ollama_finished = Signal(int)  # exit code

    def __init__(self, exporter: ModelExporter, tasks: TaskTracker,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._exporter = exporter
        self._tasks = tasks
        self._result: ExportResult | None = None
        self._installed = False
        self.folder_label = QLabel()
        self.folder_label.setWordWrap(True)
        self.open_button = QPushButton()
        self.open_button.clicked.connect(self._open_folder)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder_label, 1)
        folder_row.addWidget(self.open_button)

        self.command_label = QLabel()
        self.command_label.setWordWrap(True)
        self.command = QLineEdit()
        self.command.setReadOnly(True)
        self.copy_button = QPushButton()
        self.copy_button.clicked.connect(self._copy)
        self.run_button = QPushButton()
        self.run_button.clicked.connect(self._run_ollama)
        command_row = QHBoxLayout()
        command_row.addWidget(self.command, 1)
        command_row.addWidget(self.copy_button)
        command_row.addWidget(self.run_button)
        self.ollama_note = QLabel()
        self.ollama_note.setWordWrap(True)
        self.output = QPlainTextEdit()
        self.output.setReadOnly(True)
        self.output.setMaximumBlockCount(2000)
        self.output.setMinimumHeight(90)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(folder_row)
        layout.addWidget(self.command_label)
        layout.addLayout(command_row)
        layout.addWidget(self.ollama_note)
        layout.addWidget(self.output)
        self._ollama_widgets: list[QWidget] = [
            self.command_label, self.command, self.copy_button, self.run_button,
            self.ollama_note, self.output]
        self.retranslate_ui()
        self.show_result(None)

    def show_result(self, result: ExportResult | None) -> None:
        self._result = result
        self.setVisible(result is not None)
        has_ollama = bool(result and result.ollama_command)
        for widget in self._ollama_widgets:
            widget.setVisible(has_ollama)
        self.output.clear()
        self.output.setVisible(False)
        if result is None:
            return
        if result.ollama_command:
            self.command.setText(shlex.join(result.ollama_command))
            self.command.setCursorPosition(0)  # "ollama create NAME" first, the path after
            self._installed = self._exporter.ollama_path() is not None
            self.run_button.setVisible(self._installed)
            self.run_button.setEnabled(self._installed)
        self._result_texts()

    def _result_texts(self) -> None:
        result = self._result
        if result is None:
            return
        self.folder_label.setText(self.tr("Exported to %1").replace("%1", result.out))
        self.ollama_note.setText(
            self.tr("Ollama runs this command itself when you press Run it now.")
            if self._installed else
            self.tr("Ollama is not installed on this computer: run the command where it "
                    "is (copy the folder there first)."))

    def _open_folder(self) -> None:
        if self._result is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(self._result.out))

    def _copy(self) -> None:
        QGuiApplication.clipboard().setText(self.command.text())

    def _run_ollama(self) -> None:
        result = self._result
        if result is None or not result.ollama_command:
            return
        self.run_button.setEnabled(False)
        self.output.clear()
        self.output.setVisible(True)
        self._tasks.start(self._ollama(result.ollama_command, Path(result.out)))

    async def _ollama(self, command: list[str], folder: Path) -> None:
        try:
            code = await self._exporter.run_ollama(command, cwd=folder,
                                                   output=self.output.appendPlainText)
        except asyncio.CancelledError:
            raise
        except (OSError, ExportFailed) as error:
            self.output.appendPlainText(str(error))
            code = -1
        model = self._result.ollama_model if self._result else ""
        self.output.appendPlainText(
            self.tr("Ollama finished: try it with “ollama run %1”.").replace("%1", model or "")
            if code == 0 else
            self.tr("Ollama stopped with exit code %1.").replace("%1", str(code)))
        self.run_button.setEnabled(True)
        self.ollama_finished.emit(code)

    def retranslate_ui(self) -> None:
        self.open_button.setText(self.tr("Open folder"))
        self.command_label.setText(self.tr("Add it to Ollama with this command:"))
        self.copy_button.setText(self.tr("Copy"))
        self.run_button.setText(self.tr("Run it now"))
        self._result_texts()
