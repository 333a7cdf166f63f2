"""One job up close: status in words, numbers, actions, loss charts, events, checkpoints."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from fine_tune_studio.core.job_state import JobEvent, JobSnapshot, is_terminal
from fine_tune_studio.core.metrics import Metric
from fine_tune_studio.core.model_download import format_memory
from fine_tune_studio.core.training_memory import device_of_event
from fine_tune_studio.services.job_watch import TrackedJob
from fine_tune_studio.ui.errors import explain
from fine_tune_studio.ui.jobs.chart import LossChart
from fine_tune_studio.ui.jobs.event_words import event_words
from fine_tune_studio.ui.jobs.job_table import format_duration, time_left
from fine_tune_studio.ui.jobs.status_words import status_text
from fine_tune_studio.ui.widgets import Retranslating

_CHECKPOINT_COLUMNS = (
    Metric.TRAIN_LOSS,
    Metric.VALID_LOSS,
    Metric.FULL_VALID_LOSS,
    Metric.TRAIN_ACCURACY,  # a preference (DPO) job's: its reward accuracy (see below)
)
_ACCURACY_COLUMN = 4


class JobDetail(Retranslating, QWidget):
    action_requested = Signal(str, str)  # job key, "cancel" / "pause" / "resume"
    download_requested = Signal(str)  # job key
    open_in_playground = Signal(str, str)  # job key, model id (the fine-tune or a checkpoint)
    export_requested = Signal(str)  # job key: Export… its fine-tune or a checkpoint
    weights_requested = Signal(str)  # job key: bring the model onto this computer

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tracked: TrackedJob | None = None
        # Which jobs' models are on this computer (set by the panel): only those export.
        self.can_export: Callable[[TrackedJob], bool] = lambda _tracked: False

        self.title = QLabel()
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status = QLabel()
        self.failure = QLabel()
        self.failure.setWordWrap(True)
        self.failure.setFrameShape(QFrame.Shape.StyledPanel)
        self.failure.setStyleSheet(
            "QLabel { background: #fdecea; color: #8a1c14; padding: 6px; border-radius: 4px; }"
        )
        self.failure.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.failure.hide()

        self.cancel_button = QPushButton()
        self.pause_button = QPushButton()
        self.resume_button = QPushButton()
        self.download_button = QPushButton()
        self.weights_button = QPushButton()
        self.playground_button = QPushButton()
        self.export_button = QPushButton()
        self.export_button.setObjectName("exportModel")
        # Which providers let their models be downloaded (set by the panel).
        self.offers_weights: Callable[[str], bool] = lambda _provider_id: False
        self.weights_progress = QProgressBar()
        self.weights_progress.hide()
        self.weights_status = QLabel()
        self.weights_status.setWordWrap(True)
        self.weights_status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.weights_status.hide()
        self._weights_busy: set[str] = set()
        self._weights_done: set[str] = set()  # a second download would only duplicate it
        buttons = QHBoxLayout()
        for button in (
            self.cancel_button,
            self.pause_button,
            self.resume_button,
            self.download_button,
            self.weights_button,
            self.playground_button,
            self.export_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.cancel_button.clicked.connect(lambda: self._act("cancel"))
        self.pause_button.clicked.connect(lambda: self._act("pause"))
        self.resume_button.clicked.connect(lambda: self._act("resume"))
        self.download_button.clicked.connect(self._download)
        self.weights_button.clicked.connect(self._weights)
        self.playground_button.clicked.connect(self._open_model)
        self.export_button.clicked.connect(self._export)

        self._form = QFormLayout()
        self._form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._values: dict[str, QLabel] = {}
        self._form_labels: dict[str, QLabel] = {}
        for name in (
            "provider",
            "model",
            "fine_tuned",
            "dataset",
            "settings",
            "tokens",
            "device",
            "elapsed",
            "finish",
        ):
            label, value = QLabel(), QLabel()
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setWordWrap(True)
            self._values[name] = value
            self._form_labels[name] = label
            self._form.addRow(label, value)

        self.chart = LossChart()
        self.events = QPlainTextEdit()
        self.events.setReadOnly(True)
        self.events.setMaximumBlockCount(20_000)
        self.checkpoints = QTableWidget(0, 6)
        self.checkpoints.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.checkpoints.verticalHeader().hide()
        self.checkpoints.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.checkpoints.horizontalHeader().setStretchLastSection(True)

        # The numbers live in a tab of their own so the chart keeps the room on a
        # small screen.
        details = QWidget()
        details_layout = QVBoxLayout(details)
        details_layout.addLayout(self._form)
        details_layout.addStretch(1)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.chart, "")
        self.tabs.addTab(details, "")
        self.tabs.addTab(self.events, "")
        self.tabs.addTab(self.checkpoints, "")

        header = QVBoxLayout()
        title_row = QHBoxLayout()
        title_row.addWidget(self.title, 1)
        title_row.addWidget(self.status)
        header.addLayout(title_row)
        header.addWidget(self.failure)
        header.addLayout(buttons)
        header.addWidget(self.weights_progress)
        header.addWidget(self.weights_status)

        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.tabs, 1)
        self.retranslate_ui()
        self.show_job(None)

    # -- feeding -------------------------------------------------------------------------

    @property
    def job_key(self) -> str | None:
        return self._tracked.key if self._tracked else None

    def show_job(self, tracked: TrackedJob | None) -> None:
        self._tracked = tracked
        self.events.clear()
        if tracked is not None:
            self.append_events(tracked.events)
        self.update_job()
        self.update_checkpoints()

    def update_job(self) -> None:
        tracked = self._tracked
        enabled = tracked is not None
        for button in (self.cancel_button, self.pause_button, self.resume_button):
            button.setEnabled(False)
        self.download_button.setEnabled(False)
        self.playground_button.setEnabled(False)
        self.export_button.setEnabled(False)
        self.weights_button.setVisible(False)
        if tracked is None:
            self.title.setText(self.tr("No job selected"))
            self.status.clear()
            self.failure.hide()
            for value in self._values.values():
                value.setText("—")
            return
        status = tracked.status
        job = tracked.job
        self.title.setText(tracked.title)
        self.status.setText(status_text(status))
        self.cancel_button.setEnabled(enabled and not is_terminal(status))
        self.pause_button.setEnabled(status == "running")
        self.resume_button.setEnabled(status == "paused")
        self.download_button.setEnabled(bool(job.result_files))
        offers = self.offers_weights(tracked.provider_id)
        self.download_button.setVisible(not offers)
        self.weights_button.setVisible(offers)
        self.weights_button.setEnabled(
            status == "succeeded"
            and tracked.key not in self._weights_busy
            and tracked.key not in self._weights_done
        )
        self.playground_button.setEnabled(bool(job.fine_tuned_model))
        self.export_button.setEnabled(bool(job.fine_tuned_model) and self.can_export(tracked))
        self._show_failure(tracked)
        record = tracked.record
        values = self._values
        values["provider"].setText(tracked.provider_name)
        values["model"].setText(job.model or "—")
        values["fine_tuned"].setText(job.fine_tuned_model or "—")
        values["dataset"].setText(
            (record.dataset_path if record and record.dataset_path else None) or "—"
        )
        values["settings"].setText(self._settings_text(job))
        tokens = job.trained_tokens
        text = f"{tokens:,}" if tokens is not None else "—"
        predicted = record.predicted_tokens if record else None
        if predicted:
            # Two counts of the same training: the provider's, and the wizard's forecast
            # made with OpenAI's tokenizer. Said side by side, neither looks wrong.
            text = self.tr("%1 as the provider counts them (the wizard forecast %2 with "
                           "OpenAI's tokenizer)").replace("%1", text).replace(
                               "%2", f"{predicted:,}")
        values["tokens"].setText(text)
        values["device"].setText(self._device_text(tracked))
        values["elapsed"].setText(format_duration(tracked.elapsed_seconds(time.time())))
        values["finish"].setText(time_left(tracked, time.time()))

    def _device_text(self, tracked: TrackedJob) -> str:
        """Where our engine trains the job and the memory it needs (its device event)."""
        for event in reversed(tracked.events):
            found = device_of_event(event.data)
            if found is None:
                continue
            device, needed = found
            if needed is None:
                return device.name
            if device.free_memory is None:
                words = self.tr("%1, needs about %2")
            else:
                words = self.tr("%1, needs about %2 of the %3 free").replace(
                    "%3", format_memory(device.free_memory))
            return words.replace("%1", device.name).replace("%2", format_memory(needed))
        return "—"

    def _settings_text(self, job: JobSnapshot) -> str:
        parts = [self.tr("DPO") if job.method == "dpo" else self.tr("Supervised")]
        names = {
            "n_epochs": self.tr("epochs"),
            "batch_size": self.tr("batch size"),
            "learning_rate_multiplier": self.tr("learning-rate multiplier"),
            "learning_rate": self.tr("learning rate"),
            "beta": self.tr("beta"),
            "n_evals": self.tr("evaluations"),
        }
        for key, name in names.items():
            value = job.hyperparameters.get(key)
            if value is not None:
                parts.append(f"{name} {value}")
        for key, value in job.engine_options.items():
            parts.append(f"{key} {value}")
        return " · ".join(parts)

    def _show_failure(self, tracked: TrackedJob) -> None:
        failure = tracked.job.failure
        if tracked.status == "failed":
            message = failure.message if failure else None
            reason = message or self.tr("The provider gave no reason.")
            code = failure.code if failure else None
            text = self.tr("Training stopped with an error: %1").replace("%1", reason)
            if code:
                text += f" ({code})"
            self.failure.setText(text)
            self.failure.show()
        elif tracked.last_error is not None:
            explanation = explain(tracked.last_error)
            self.failure.setText(
                self.tr("Could not check this job: %1").replace("%1", explanation.as_text())
            )
            self.failure.show()
        else:
            self.failure.hide()

    def append_events(self, events: list[JobEvent]) -> None:
        lines = []
        for event in events:
            created = event.created_at
            stamp = (
                datetime.fromtimestamp(created).strftime("%H:%M:%S")
                if created is not None
                else "        "
            )
            marker = {"warn": "⚠ ", "error": "✖ "}.get(event.level, "")
            lines.append(f"{stamp}  {marker}{event_words(event.message)}")
        if lines:
            self.events.appendPlainText("\n".join(lines))

    def update_checkpoints(self) -> None:
        tracked = self._tracked
        rows = tracked.checkpoints if tracked else []
        # A preference (DPO) job's checkpoints say how often the preferred answer won: that,
        # not TRL's token accuracy, tells which checkpoint to try.
        preference = any(
            c.metrics is not None and Metric.TRAIN_REWARD_ACCURACY in c.metrics.values
            for c in rows
        )
        columns = (*_CHECKPOINT_COLUMNS[:-1],
                   Metric.TRAIN_REWARD_ACCURACY if preference else Metric.TRAIN_ACCURACY)
        header = self.checkpoints.horizontalHeaderItem(_ACCURACY_COLUMN)
        if header is not None:
            header.setText(self.tr("Reward accuracy") if preference
                           else self.tr("Token accuracy"))
        self.checkpoints.setRowCount(len(rows))
        for row, checkpoint in enumerate(rows):
            step = checkpoint.step
            point = checkpoint.metrics
            self.checkpoints.setItem(row, 0, QTableWidgetItem(str(step or "")))
            for column, metric in enumerate(columns, start=1):
                value = point.values.get(metric) if point else None
                text = f"{value:.4f}" if value is not None else "—"
                item = QTableWidgetItem(text)
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.checkpoints.setItem(row, column, item)
            model = checkpoint.model or ""
            button = QPushButton(self.tr("Open in playground"))
            button.setToolTip(model)
            button.setEnabled(bool(model))
            button.clicked.connect(lambda _=False, m=model: self._emit_open(m))
            self.checkpoints.setCellWidget(row, 5, button)

    # -- actions -------------------------------------------------------------------------

    def _act(self, action: str) -> None:
        if self._tracked is not None:
            self.action_requested.emit(self._tracked.key, action)

    def _weights(self) -> None:
        if self._tracked is not None:
            self.weights_requested.emit(self._tracked.key)

    def show_weights_progress(self, key: str, received: int, total: int | None) -> None:
        """Bytes of a model download so far (shown while that job is selected)."""
        self._weights_busy.add(key)
        if self.job_key != key:
            return
        self.weights_button.setEnabled(False)
        self.weights_progress.show()
        if total:
            self.weights_progress.setRange(0, 1000)
            self.weights_progress.setValue(int(1000 * received / total))
        else:
            self.weights_progress.setRange(0, 0)  # size unknown: a busy bar
        megabytes = received / 1_000_000
        text = self.tr("Downloading the model: %1 MB").replace("%1", f"{megabytes:,.1f}")
        if total:
            text += " / " + f"{total / 1_000_000:,.1f} MB"
        self.weights_status.setStyleSheet("")
        self.weights_status.setText(text)
        self.weights_status.show()

    def show_weights_done(self, key: str, text: str, *, failed: bool) -> None:
        self._weights_busy.discard(key)
        if not failed:
            self._weights_done.add(key)
        if self.job_key != key:
            return
        self.weights_progress.hide()
        self.weights_status.setStyleSheet("QLabel { color: #b3261e; }" if failed else "")
        self.weights_status.setText(text)
        self.weights_status.show()
        self.update_job()

    def _download(self) -> None:
        if self._tracked is not None:
            self.download_requested.emit(self._tracked.key)

    def _open_model(self) -> None:
        if self._tracked is not None:
            self._emit_open(self._tracked.job.fine_tuned_model or "")

    def _export(self) -> None:
        if self._tracked is not None:
            self.export_requested.emit(self._tracked.key)

    def _emit_open(self, model: str) -> None:
        if self._tracked is not None and model:
            self.open_in_playground.emit(self._tracked.key, model)

    # -- language ------------------------------------------------------------------------

    def retranslate_ui(self) -> None:
        tracked: TrackedJob | None = getattr(self, "_tracked", None)
        if tracked is not None:
            # The event log in the language shown (event_words): written again.
            self.events.clear()
            self.append_events(tracked.events)
        self.cancel_button.setText(self.tr("Cancel job"))
        self.pause_button.setText(self.tr("Pause"))
        self.resume_button.setText(self.tr("Resume"))
        self.download_button.setText(self.tr("Download result files…"))
        self.weights_button.setText(self.tr("Download the model to this computer"))
        self.playground_button.setText(self.tr("Try the model in the playground"))
        self.export_button.setText(self.tr("Export…"))
        self.export_button.setToolTip(self.tr(
            "Take the fine-tuned model out: LoRA adapter, merged model, GGUF or Ollama"))
        names = {
            "provider": self.tr("Provider"),
            "model": self.tr("Base model"),
            "fine_tuned": self.tr("Fine-tuned model"),
            "dataset": self.tr("Examples file"),
            "settings": self.tr("Settings"),
            "tokens": self.tr("Trained tokens"),
            "device": self.tr("Trains on"),
            "elapsed": self.tr("Elapsed"),
            "finish": self.tr("Time left"),
        }
        for key, label in self._form_labels.items():
            label.setText(names[key])
        self.tabs.setTabText(0, self.tr("Loss chart"))
        self.tabs.setTabText(1, self.tr("Details"))
        self.tabs.setTabText(2, self.tr("Events"))
        self.tabs.setTabText(3, self.tr("Checkpoints"))
        self.checkpoints.setHorizontalHeaderLabels(
            [
                self.tr("Step"),
                self.tr("Train loss"),
                self.tr("Validation loss"),
                self.tr("Full validation loss"),
                self.tr("Token accuracy"),
                self.tr("Model"),
            ]
        )
        self.update_job()
        self.update_checkpoints()

