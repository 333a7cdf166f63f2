"""The Training panel: every job of every provider, live, with a detail view and charts.

A view over `services.jobs.JobService`, which launches, watches and remembers the jobs;
the panel shows what it reports (through `JobSignals`) and passes the user's actions on.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from pathlib import Path
from typing import Any

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from fine_tune_studio.core.job_state import JobAction
from fine_tune_studio.core.providers import ProviderKind
from fine_tune_studio.paths import engine_default_models_dir
from fine_tune_studio.services.errors import ServiceError
from fine_tune_studio.services.job_adapter import FineTuningAdapter, adapter_for, features_of
from fine_tune_studio.services.job_records_store import JobRecordStore, default_path
from fine_tune_studio.services.job_watch import ProviderRef
from fine_tune_studio.services.jobs import JobService
from fine_tune_studio.services.together_download import NotAModelFolder
from fine_tune_studio.ui.async_tools import TaskTracker
from fine_tune_studio.ui.errors import explain
from fine_tune_studio.ui.export import is_local_engine
from fine_tune_studio.ui.file_choice import choose_path
from fine_tune_studio.ui.jobs.context import JobsContext
from fine_tune_studio.ui.jobs.detail import JobDetail
from fine_tune_studio.ui.jobs.job_signals import JobSignals
from fine_tune_studio.ui.jobs.job_table import JobTableModel
from fine_tune_studio.ui.jobs.notifier import JobNotifier
from fine_tune_studio.ui.jobs.status_words import status_text
from fine_tune_studio.ui.widgets import Retranslating

log = logging.getLogger(__name__)


class JobsPanel(Retranslating, QWidget):
    message = Signal(str)

    def __init__(
        self,
        context: JobsContext,
        parent: QWidget | None = None,
        *,
        record_store: JobRecordStore | None = None,
        poll_interval: float = 2.0,
        start_watching: bool = True,
    ) -> None:
        super().__init__(parent)
        self.context = context
        if record_store is None:
            record_store = JobRecordStore(default_path(context.settings_store.dirs.data))
        self.signals = JobSignals(self)
        # The shell's tracker, so closing the app cancels our work before the provider
        # clients it uses are closed.
        self.tasks: TaskTracker = context.tasks
        self.jobs = JobService(
            self._adapter_for,
            self._providers,
            record_store,
            self.signals.listener,
            spawn=lambda coro: self.tasks.start(coro, name="job-watcher"),
            base_interval=poll_interval,
        )
        self.notifier = JobNotifier(self)
        self._wizard: Any = None
        self.download_dialog: QFileDialog | None = None
        # Providers that failed last time (unreachable, no key): said in the banner, in
        # the language shown now, until they answer again.
        self._provider_errors: dict[str, BaseException] = {}

        self.new_button = QPushButton()
        self.new_button.setObjectName("newFineTune")
        self.refresh_button = QPushButton()
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.banner = QFrame()
        self.banner.setObjectName("providerBanner")
        self.banner.setStyleSheet(
            "QFrame#providerBanner { background: #fff4e5; border-radius: 4px; }"
            "QLabel { color: #6b3d00; }"
        )
        self.banner_text = QLabel()
        self.banner_text.setWordWrap(True)
        self.banner_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.retry_button = QPushButton()
        self.retry_button.setObjectName("retryProviders")
        banner_layout = QHBoxLayout(self.banner)
        banner_layout.setContentsMargins(8, 6, 8, 6)
        banner_layout.addWidget(self.banner_text, 1)
        banner_layout.addWidget(self.retry_button, 0, Qt.AlignmentFlag.AlignTop)
        self.banner.hide()
        self.message_label = QLabel()
        self.message_label.setWordWrap(True)
        self.message_label.hide()

        self.model = JobTableModel(self.jobs.watcher, self.signals, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        # Every column as wide as its header and values (a clipped "Estimated finish" was
        # seen); the job's name takes what is left.
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.model.modelReset.connect(self._restore_selection)

        self.detail = JobDetail()
        self.detail.action_requested.connect(self._on_action)
        self.detail.download_requested.connect(self._on_download)
        self.detail.open_in_playground.connect(self._on_open_model)
        self.detail.export_requested.connect(self._on_export)
        self.detail.can_export = lambda tracked: is_local_engine(self.context, tracked.provider_id)
        self.export_dialog: Any = None
        self.detail.weights_requested.connect(self._on_weights)
        self.detail.offers_weights = self._offers_weights

        top = QHBoxLayout()
        top.addWidget(self.new_button)
        top.addWidget(self.refresh_button)
        top.addWidget(self.hint, 1)
        list_box = QWidget()
        list_layout = QVBoxLayout(list_box)
        list_layout.setContentsMargins(0, 0, 0, 0)
        list_layout.addLayout(top)
        list_layout.addWidget(self.banner)
        list_layout.addWidget(self.message_label)
        list_layout.addWidget(self.table, 1)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(list_box)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([200, 600])
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter)

        self.new_button.clicked.connect(self.open_wizard)
        context.fine_tune_requested.connect(self._on_fine_tune_requested)
        self.refresh_button.clicked.connect(lambda: self.jobs.refresh_now())
        self.retry_button.clicked.connect(lambda: self.jobs.refresh_now())
        self.signals.events_added.connect(self._on_events)
        self.signals.metrics_added.connect(self._on_metrics)
        self.signals.job_updated.connect(self._on_job_updated)
        self.signals.checkpoints_updated.connect(self._on_checkpoints)
        self.signals.job_finished.connect(self._on_finished)
        self.signals.provider_error.connect(self._on_provider_error)
        self.signals.provider_ok.connect(self._on_provider_ok)
        self.signals.records_not_saved.connect(self._on_records_not_saved)
        for signal in (context.providers_changed, context.engine_state_changed):
            signal.connect(lambda *_: self.jobs.refresh_now())

        self._clock = QTimer(self)
        self._clock.setInterval(1000)
        self._clock.timeout.connect(self._tick)
        self._clock.start()
        self._selected: list[str] = []
        self.retranslate_ui()
        if start_watching:
            # Deferred so the panel can be built before the event loop runs.
            QTimer.singleShot(0, self._start_watching)

    # -- services ------------------------------------------------------------------------

    async def _adapter_for(self, provider_id: str) -> FineTuningAdapter:
        return adapter_for(await self.context.client(provider_id))

    def _providers(self) -> list[ProviderRef]:
        refs = []
        engine_running = self.context.engine is not None
        for profile in self.context.profiles():
            local = profile.kind is ProviderKind.LOCAL_ENGINE
            refs.append(
                ProviderRef(profile.id, profile.shown_name(self.context.effective_language),
                            list_jobs=engine_running or not local)
            )
        return refs

    def _start_watching(self) -> None:
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            # No asyncio loop yet (qasync not running): try again shortly.
            QTimer.singleShot(200, self._start_watching)
            return
        self.jobs.start_watching()

    def _run(self, coro: Coroutine[Any, Any, None]) -> None:
        self.tasks.start(coro)

    # -- launching -----------------------------------------------------------------------

    def open_wizard(self) -> Any:
        from fine_tune_studio.ui.jobs.wizard import LaunchWizard

        if self._wizard is not None and self._wizard.isVisible():
            self._wizard.raise_()
            return self._wizard
        self._wizard = LaunchWizard(self.context, self.jobs, self)
        self._wizard.job_started.connect(self._on_job_started)
        self._wizard.open()
        return self._wizard

    def _on_fine_tune_requested(self) -> None:
        self._show_panel("jobs")
        self.open_wizard()

    def _show_panel(self, key: str) -> None:
        """Ask the main window (if there is one) to bring a panel to the front."""
        self.context.show_panel_requested.emit(key)

    def _on_job_started(self, key: str) -> None:
        """The wizard started a job: show it (the service already lists and watches it)."""
        self.select_job(key)

    def _on_records_not_saved(self, error: object) -> None:
        self._show_message(self.tr("Could not save the list of started jobs: %1").replace(
            "%1", str(error)
        ))

    # -- selection -----------------------------------------------------------------------

    def select_job(self, key: str) -> None:
        row = self.model.row_of(key)
        if row is None:
            return
        self.table.selectionModel().select(
            self.model.index(row, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )

    def selected_keys(self) -> list[str]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        keys = [self.model.key_at(row) for row in rows]
        return [key for key in keys if key]

    def _restore_selection(self) -> None:
        for key in self._selected:
            row = self.model.row_of(key)
            if row is not None:
                self.table.selectionModel().select(
                    self.model.index(row, 0),
                    QItemSelectionModel.SelectionFlag.Select
                    | QItemSelectionModel.SelectionFlag.Rows,
                )

    def _selection_changed(self, *_args: object) -> None:
        keys = self.selected_keys()
        if not keys and self.model.rowCount() and self._selected:
            return  # a model reset cleared the selection; _restore_selection brings it back
        self._selected = keys
        chart = self.detail.chart
        for key in chart.job_keys():
            if key not in keys:
                chart.remove_job(key)
        for key in keys:
            tracked = self.jobs.jobs.get(key)
            if tracked is None:
                continue
            if key not in chart.job_keys():
                chart.set_job(key, tracked.title, n_epochs=tracked.job.n_epochs)
                if tracked.points:
                    chart.add_points(key, tracked.points)
            if not tracked.history_loaded:
                self._run(self._load_history(key))
        primary = self.jobs.jobs.get(keys[0]) if keys else None
        if primary is None or primary.key != self.detail.job_key:
            self.detail.show_job(primary)

    async def _load_history(self, key: str) -> None:
        try:
            await self.jobs.load_history(key)
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            self._show_message(explain(exc).as_text())

    # -- what the service reports ---------------------------------------------------------

    def _on_events(self, key: str, events: list[Any]) -> None:
        if key == self.detail.job_key:
            self.detail.append_events(events)

    def _on_metrics(self, key: str, points: list[Any]) -> None:
        if key in self.detail.chart.job_keys():
            tracked = self.jobs.jobs[key]
            self.detail.chart.set_job(key, tracked.title, n_epochs=tracked.job.n_epochs)
            self.detail.chart.add_points(key, points)

    def _on_job_updated(self, key: str) -> None:
        if key == self.detail.job_key:
            self.detail.update_job()

    def _on_checkpoints(self, key: str) -> None:
        if key == self.detail.job_key:
            self.detail.update_checkpoints()

    def _on_finished(self, key: str) -> None:
        tracked = self.jobs.jobs.get(key)
        if tracked is None:
            return
        name = tracked.title
        if tracked.status == "succeeded":
            title = self.tr("Fine-tuning finished")
            model = tracked.job.fine_tuned_model or ""
            body = self.tr("%1 is ready: %2").replace("%1", name).replace("%2", model)
        elif tracked.status == "failed":
            title = self.tr("Fine-tuning failed")
            failure = tracked.job.failure
            reason = (failure.message if failure else None) or self.tr("no reason given")
            body = self.tr("%1 stopped: %2").replace("%1", name).replace("%2", str(reason))
        else:
            title = self.tr("Fine-tuning cancelled")
            body = self.tr("%1 was cancelled.").replace("%1", name)
        self.notifier.notify(key, title, body, success=tracked.status == "succeeded")

    def _on_provider_error(self, provider_id: str, error: object) -> None:
        if not isinstance(error, BaseException):
            error = RuntimeError(str(error))
        self._provider_errors[provider_id] = error
        self._update_banner()

    def _on_provider_ok(self, provider_id: str) -> None:
        if self._provider_errors.pop(provider_id, None) is not None:
            self._update_banner()

    def _update_banner(self) -> None:
        """One line per failing provider in the words of the language shown now (the
        watcher asks it again by itself, less often each time; Retry asks at once). The
        technical account stays in the log: a failed connection is not the provider
        speaking."""
        lines = []
        for provider_id, error in self._provider_errors.items():
            profile = self.context.profile(provider_id)
            words = explain(error, provider_kind=profile.kind if profile else None)
            name = self.jobs.provider_name(provider_id)
            lines.append(self.tr("%1: %2 %3").replace("%1", name)
                         .replace("%2", words.message).replace("%3", words.what_to_do))
        if lines:
            lines.append(self.tr("The app asks again by itself, less often each time; "
                                 "Retry asks now."))
        self.banner_text.setText("\n".join(lines))
        self.banner.setVisible(bool(self._provider_errors))

    def _show_message(self, text: str) -> None:
        self.message_label.setText(text)
        self.message_label.setVisible(bool(text))
        self.message.emit(text)

    def _tick(self) -> None:
        self.model.tick()
        if self.detail.job_key:
            self.detail.update_job()

    # -- actions -------------------------------------------------------------------------

    def _on_action(self, key: str, action: str) -> None:
        self._run(self._act(key, JobAction(action)))

    async def _act(self, key: str, action: JobAction) -> None:
        try:
            await self.jobs.act(key, action)
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            tracked = self.jobs.jobs.get(key)
            state = status_text(tracked.status) if tracked else ""
            self._show_message(
                self._action_failed(action).replace("%1", state)
                .replace("%2", explain(exc).as_text())
            )
        else:
            self._show_message("")

    def _action_failed(self, action: JobAction) -> str:
        # Whole sentences: a verb put into a sentence does not translate.
        return {
            JobAction.CANCEL: self.tr("Could not cancel the job (%1): %2"),
            JobAction.PAUSE: self.tr("Could not pause the job (%1): %2"),
            JobAction.RESUME: self.tr("Could not resume the job (%1): %2"),
        }[action]

    def _on_download(self, key: str) -> None:
        self.download_dialog = choose_path(
            self, self.tr("Save result files in"),
            lambda folder: self._run(self._download(key, folder)), folder=True,
        )

    async def _download(self, key: str, folder: Path) -> None:
        try:
            files = await self.jobs.result_files(key)
            for result in files:
                # The provider names the file; only its last part is a name, never a path.
                target = folder / Path(result.name).name
                await asyncio.to_thread(target.write_bytes, result.data)
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            self._show_message(explain(exc).as_text())
            return
        self._show_message(
            self.tr("Saved %n result file(s) in %1", "", len(files)).replace("%1", str(folder))
        )

    def _offers_weights(self, provider_id: str) -> bool:
        profile = self.context.profile(provider_id)
        return profile is not None and features_of(profile.kind).weights_download

    def models_folder(self) -> Path:
        """The models on this computer, where a downloaded model goes (the engine's folder;
        the shared "models on this computer" service will own this choice)."""
        folder = self.context.engine_models_folder()
        return folder if folder is not None else engine_default_models_dir()

    def _on_weights(self, key: str) -> None:
        self._run(self._download_weights(key))

    async def _download_weights(self, key: str) -> None:
        detail = self.detail
        detail.show_weights_progress(key, 0, None)
        try:
            folder = await self.jobs.download_weights(
                key, self.models_folder(),
                progress=lambda got, total: detail.show_weights_progress(key, got, total),
            )
        except asyncio.CancelledError:
            raise
        except NotAModelFolder as exc:
            detail.show_weights_done(key, self._not_a_model_text(exc), failed=True)
            return
        except Exception as exc:
            words = explain(exc)
            text = self.tr("The download stopped: %1").replace("%1", words.as_text())
            if isinstance(exc, ServiceError) and exc.retryable:
                text += " " + self.tr("Press the button again to continue where it stopped.")
            detail.show_weights_done(key, text, failed=True)
            return
        detail.show_weights_done(
            key,
            self.tr("The model is on this computer now, in %1. Choose This computer in the "
                    "playground to talk to it.").replace("%1", str(folder)),
            failed=False,
        )

    def _not_a_model_text(self, error: NotAModelFolder) -> str:
        reasons = {
            "adapter_only": self.tr("it holds only a LoRA add-on, without the model it "
                                    "belongs to"),
            "unsafe": self.tr("it would write files outside its folder"),
            "unreadable": self.tr("it is not an archive this app can open"),
        }
        lang = self.context.effective_language
        reason = reasons.get(error.reason) or " ".join(
            problem.text(lang) for problem in error.problems
        ) or error.reason
        return self.tr("The downloaded file is not a model this computer can use: %1. "
                       "Nothing was added to your models.").replace("%1", reason)

    def _on_open_model(self, key: str, model: str) -> None:
        self._run(self._open_model(key, model))

    async def _open_model(self, key: str, model: str) -> None:
        """The playground with the model the job started from beside the fine-tune."""
        pair = await self.jobs.model_pair(key, model)
        if pair is None:
            return
        self.context.compare_models_requested.emit(pair)
        self._show_panel("playground")

    def _on_export(self, key: str) -> None:
        """Export… the job's fine-tune (or, chosen in the dialog, one of its checkpoints)."""
        from fine_tune_studio.ui.export.dialog import ExportDialog

        tracked = self.jobs.jobs.get(key)
        if tracked is None or not tracked.job.fine_tuned_model:
            return
        models = [tracked.job.fine_tuned_model] + [
            c.model for c in reversed(tracked.checkpoints) if c.model]
        self.export_dialog = ExportDialog(self.context, models, self)
        self.export_dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.export_dialog.open()

    # -- language ------------------------------------------------------------------------

    def retranslate_ui(self) -> None:
        self.new_button.setText(self.tr("New fine-tune…"))
        self.refresh_button.setText(self.tr("Refresh"))
        self.retry_button.setText(self.tr("Retry"))
        self._update_banner()
        self.hint.setText(
            self.tr("Select a job to see its curves; select several to compare them.")
        )
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 7)

    async def shutdown(self) -> None:
        """Stop watching jobs (the app is closing); safe to call twice."""
        self._clock.stop()
        await self.jobs.aclose()

    def closeEvent(self, event: Any) -> None:
        self.jobs.watcher.stop()
        super().closeEvent(event)
