""""Models on this computer": the base models in the models folder, with Get a model…,
Add a model folder…, Remove (asks first; refused while a job uses the model) and Show in
folder. Shown where "This computer" is set up (the settings panel).

Disk work (listing, copying, deleting) runs in worker threads; the engine is asked over
its API which jobs use a model. Dialogs are opened with `open()`, never `exec()`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from fine_tune_studio.core.model_download import format_bytes
from fine_tune_studio.core.model_names import model_name_problem, suggest_model_name
from fine_tune_studio.core.providers import ProviderKind
from fine_tune_studio.services.local_models import (
    CopyCancelled,
    LocalModel,
    LocalModels,
    LocalModelsError,
    ModelSource,
)
from fine_tune_studio.services.model_usage import ModelUsage, model_usage
from fine_tune_studio.ui.file_choice import start_folder
from fine_tune_studio.ui.models.background import in_thread
from fine_tune_studio.ui.models.card import BAD_STYLE, NOTE_STYLE
from fine_tune_studio.ui.models.context import ModelsContext
from fine_tune_studio.ui.models.get_model_dialog import GetModelDialog, open_get_model_dialog
from fine_tune_studio.ui.widgets import Retranslating, named

log = logging.getLogger(__name__)
BAR_STEPS = 1000


class LocalModelsBox(Retranslating, QGroupBox):
    # From the copying thread to the GUI thread (a queued connection).
    _copy_progress = Signal(int, int)

    def __init__(self, context: ModelsContext, parent: QWidget | None = None, *,
                 dialog_options: dict[str, Any] | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.dialog_options = dict(dialog_options or {})
        self.models: list[LocalModel] = []
        self.refresh_task: asyncio.Task[Any] | None = None
        self.work_task: asyncio.Task[Any] | None = None
        self.file_dialog: QFileDialog | None = None
        self.confirm_box: QMessageBox | None = None
        self._cancel_copy = threading.Event()
        self._message: tuple[Callable[[], str], bool] | None = None
        self.setObjectName("localModelsBox")

        self.folder_label = named(QLabel(wordWrap=True), "modelsFolderLabel")
        self.folder_label.setTextFormat(Qt.TextFormat.PlainText)
        self.folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.folder_label.setStyleSheet(NOTE_STYLE)
        self.tree = named(QTreeWidget(), "localModelsTree")
        self.tree.setColumnCount(3)
        self.tree.setRootIsDecorated(False)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setMinimumHeight(90)
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.empty_label = named(QLabel(wordWrap=True), "noLocalModelsLabel")
        self.get_button = named(QPushButton(), "getModelButton")
        self.add_button = named(QPushButton(), "addModelFolderButton")
        self.remove_button = named(QPushButton(), "removeModelButton")
        self.show_button = named(QPushButton(), "showModelFolderButton")
        self.message = named(QLabel(wordWrap=True), "localModelsMessage")
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.hide()
        self.copy_bar = named(QProgressBar(), "copyProgress")
        self.copy_bar.setRange(0, BAR_STEPS)
        self.cancel_copy_button = named(QPushButton(), "cancelCopyButton")
        copy_row = QHBoxLayout()
        copy_row.addWidget(self.copy_bar, 1)
        copy_row.addWidget(self.cancel_copy_button)
        self.copy_bar.hide()
        self.cancel_copy_button.hide()

        buttons = QHBoxLayout()
        for button in (self.get_button, self.add_button, self.remove_button, self.show_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.folder_label)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.tree)
        layout.addLayout(buttons)
        layout.addLayout(copy_row)
        layout.addWidget(self.message)
        layout.addStretch(1)

        self.get_button.clicked.connect(self.open_get_model)
        self.add_button.clicked.connect(self.choose_folder)
        self.remove_button.clicked.connect(self.remove_selected)
        self.show_button.clicked.connect(self.show_in_folder)
        self.cancel_copy_button.clicked.connect(self._cancel_copy.set)
        self.tree.itemSelectionChanged.connect(self._update_buttons)
        self._copy_progress.connect(self._show_copy_progress)
        context.local_models_changed.connect(self._models_changed)  # a method: disconnected
        # with the box; a folder's problems come in the app's language.
        context.language_changed.connect(self._language_changed)
        self.retranslate_ui()
        self.refresh()

    def _models_changed(self, _name: str) -> None:
        self.refresh()

    def _language_changed(self, _lang: str) -> None:
        self.retranslate_ui()

    @property
    def lang(self) -> str:
        return self.context.effective_language

    def local_models(self) -> LocalModels:
        return LocalModels(self.context.models_dir)

    def _run(self, coro: Any) -> asyncio.Task[Any]:
        task: asyncio.Task[Any] = self.context.tasks.start(coro)
        return task

    # -- texts -----------------------------------------------------------------------------

    def retranslate_ui(self) -> None:
        self.setTitle(self.tr("Models on this computer"))
        self.tree.setHeaderLabels([self.tr("Name"), self.tr("Size"), self.tr("From")])
        self.empty_label.setText(self.tr(
            "No base model on this computer yet. Get one to start training "
            "(Qwen2.5-0.5B-Instruct is a good first choice), or add a model folder you "
            "already have."))
        self.get_button.setText(self.tr("Get a model…"))
        self.add_button.setText(self.tr("Add a model folder…"))
        self.remove_button.setText(self.tr("Remove…"))
        self.show_button.setText(self.tr("Show in folder"))
        self.cancel_copy_button.setText(self.tr("Stop"))
        self.folder_label.setText(self.tr("Models folder: %1").replace(
            "%1", str(self.context.models_dir)))
        if self._message is not None:
            words, problem = self._message
            self._say(words, problem=problem)
        self._fill()

    def source_text(self, model: LocalModel) -> str:
        if model.source is ModelSource.CATALOGUE:
            return self.tr("Downloaded from the list (%1)").replace("%1", model.repo_id or "")
        if model.source is ModelSource.HUB:
            return self.tr("Downloaded from Hugging Face (%1)").replace("%1",
                                                                        model.repo_id or "")
        if model.source is ModelSource.FOLDER:
            return self.tr("Copied from %1").replace("%1", model.added_from or "?")
        if model.source is ModelSource.PROVIDER:
            return self.tr("Downloaded from a hosted provider (%1)").replace(
                "%1", model.repo_id or "")
        return self.tr("Put in the models folder by hand")

    # -- the list --------------------------------------------------------------------------

    def refresh(self) -> asyncio.Task[Any]:
        self.refresh_task = self._run(self._refresh())
        return self.refresh_task

    async def _refresh(self) -> None:
        models = self.local_models()

        def look() -> list[LocalModel]:
            models.clean_leftovers()  # e.g. a removal the app was closed in the middle of
            return models.list()

        self.models = await in_thread(look)
        self._fill()

    def _fill(self) -> None:
        selected = self.selected_name()
        self.tree.clear()
        for model in self.models:
            item = QTreeWidgetItem([model.name, format_bytes(model.size_bytes),
                                    self.source_text(model)])
            item.setData(0, Qt.ItemDataRole.UserRole, model.name)
            item.setToolTip(0, str(model.path))
            item.setToolTip(2, self.source_text(model))
            self.tree.addTopLevelItem(item)
            if model.name == selected:
                self.tree.setCurrentItem(item)
        self.tree.setVisible(bool(self.models))
        self.empty_label.setVisible(not self.models)
        self.get_button.setDefault(not self.models)
        self._update_buttons()

    def selected_name(self) -> str | None:
        item = self.tree.currentItem()
        if item is None or not item.isSelected():
            return None
        value = item.data(0, Qt.ItemDataRole.UserRole)
        return value if isinstance(value, str) else None

    def select(self, name: str) -> None:
        for row in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(row)
            if item is not None and item.data(0, Qt.ItemDataRole.UserRole) == name:
                self.tree.setCurrentItem(item)
                item.setSelected(True)

    def _update_buttons(self) -> None:
        busy = self.work_task is not None and not self.work_task.done()
        chosen = self.selected_name() is not None
        self.remove_button.setEnabled(chosen and not busy)
        self.add_button.setEnabled(not busy)
        self.show_button.setToolTip(
            self.tr("Open the model's folder") if chosen else self.tr("Open the models folder"))

    def _say(self, words: Callable[[], str] | None, *, problem: bool = False) -> None:
        """Show a note under the buttons; `words` makes its text, again after a change of
        language."""
        self._message = (words, problem) if words is not None else None
        text = words() if words is not None else ""
        self.message.setText(text)
        self.message.setStyleSheet(BAD_STYLE if problem else NOTE_STYLE)
        self.message.setVisible(bool(text))

    # -- getting and adding ----------------------------------------------------------------

    def open_get_model(self) -> GetModelDialog:
        return open_get_model_dialog(self.context, self.window(), **self.dialog_options)

    def choose_folder(self) -> QFileDialog:
        dialog = QFileDialog(self, self.tr("Choose a Hugging Face model folder"), start_folder())
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
        dialog.fileSelected.connect(lambda path: self.add_folder(Path(path)))
        self.file_dialog = dialog
        dialog.open()
        return dialog

    def add_folder(self, folder: Path, name: str | None = None) -> asyncio.Task[Any] | None:
        if self.work_task is not None and not self.work_task.done():
            return None
        self.work_task = self._run(self._add(folder, name))
        self.work_task.add_done_callback(lambda _task: self._update_buttons())
        self._update_buttons()
        return self.work_task

    def _free_name(self, folder: Path) -> str:
        base = suggest_model_name(folder.name)
        taken = {m.name.lower() for m in self.models}
        candidate, number = base, 2
        while candidate.lower() in taken or (self.context.models_dir / candidate).exists():
            candidate = f"{base}-{number}"
            number += 1
        return candidate

    async def _add(self, folder: Path, name: str | None) -> None:
        chosen = name if name and model_name_problem(name) is None else self._free_name(folder)
        self._cancel_copy.clear()
        self._say(lambda: self.tr("Checking %1…").replace("%1", str(folder)))
        self.copy_bar.setValue(0)
        self.copy_bar.setFormat("")
        models = self.local_models()
        try:
            model = await in_thread(
                models.add_folder, folder, chosen, progress=self._copy_progress.emit,
                cancel=self._cancel_copy)
        except LocalModelsError as error:
            refused = error
            self._say(lambda: refused.text(self.lang), problem=True)
            return
        except CopyCancelled:
            self._say(lambda: self.tr("Copying stopped; nothing was added."))
            return
        except OSError as error:
            reason = error.strerror or str(error)
            self._say(lambda: self.tr("The model could not be copied: %1").replace(
                "%1", reason), problem=True)
            return
        finally:
            self.copy_bar.hide()
            self.cancel_copy_button.hide()
            self._update_buttons()
        self._say(lambda: self.tr("“%1” is on this computer now, copied from %2.")
                  .replace("%1", model.name).replace("%2", str(folder)))
        await self._refresh()
        self.select(model.name)
        self.context.local_models_changed.emit(model.name)

    def _show_copy_progress(self, done: int, total: int) -> None:
        self.copy_bar.show()
        self.cancel_copy_button.show()
        self.copy_bar.setValue(round(done / total * BAR_STEPS) if total else BAR_STEPS)
        self.copy_bar.setFormat(self.tr("Copying: %1 of %2")
                                .replace("%1", format_bytes(done))
                                .replace("%2", format_bytes(total)))

    # -- removing --------------------------------------------------------------------------

    def remove_selected(self) -> asyncio.Task[Any] | None:
        name = self.selected_name()
        if name is None or (self.work_task is not None and not self.work_task.done()):
            return None
        self.work_task = self._run(self._remove(name))
        self.work_task.add_done_callback(lambda _task: self._update_buttons())
        self._update_buttons()
        return self.work_task

    async def _remove(self, name: str) -> None:
        model = next((m for m in self.models if m.name == name), None)
        if model is None:
            return
        self._say(lambda: self.tr("Asking the engine whether a training job uses “%1”…")
                  .replace("%1", name))
        usage = await self._usage(name)
        if usage is not None and usage.unfinished_jobs:
            jobs = ", ".join(usage.unfinished_jobs)
            self._say(lambda: self.tr("“%1” cannot be removed now: training job %2 uses it. Wait "
                              "for it to finish, or cancel it under Training, then remove "
                              "the model.")
                      .replace("%1", name).replace("%2", jobs),
                      problem=True)
            return
        self._say(None)
        if not await self._confirm(model, usage):
            return
        try:
            await in_thread(self.local_models().remove, name)
        except (LocalModelsError, OSError) as error:
            failure = error
            self._say(lambda: self.tr("“%1” could not be removed: %2").replace("%1", name)
                      .replace("%2", failure.text(self.lang)
                               if isinstance(failure, LocalModelsError) else str(failure)),
                      problem=True)
            return
        self._say(lambda: self.tr("Removed “%1”.").replace("%1", name))
        await self._refresh()
        self.context.local_models_changed.emit(name)

    async def _usage(self, name: str) -> ModelUsage | None:
        """What the engine on this computer says uses `name` (None: it cannot be asked)."""
        profile = next((p for p in self.context.profiles()
                        if p.kind is ProviderKind.LOCAL_ENGINE), None)
        if profile is None or not self.context.engine_available:
            return None
        try:
            client = await self.context.client(profile.id)
            return await model_usage(client, name)
        except asyncio.CancelledError:
            raise
        except Exception as error:  # no engine, no jobs that could use the model
            log.warning("could not ask the engine about %s: %s", name, type(error).__name__)
            return None

    async def _confirm(self, model: LocalModel, usage: ModelUsage | None) -> bool:
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Remove a model"))
        box.setText(self.tr("Remove “%1” from this computer?").replace("%1", model.name))
        details = [self.tr("Its files (%1) are deleted from %2.")
                   .replace("%1", format_bytes(model.size_bytes))
                   .replace("%2", str(model.path))]
        if usage is not None and usage.fine_tuned_models:
            count = len(usage.fine_tuned_models)
            details.append(self.tr(
                "%n fine-tuned model(s) made from it stop working until it is back.", "",
                count))
        if model.source in (ModelSource.CATALOGUE, ModelSource.HUB):
            details.append(self.tr("You can download it again at any time."))
        box.setInformativeText("\n".join(details))
        remove = box.addButton(self.tr("Remove"), QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        answer: asyncio.Future[bool] = asyncio.get_running_loop().create_future()

        def decided(button: Any) -> None:
            if not answer.done():
                answer.set_result(button is remove)

        box.buttonClicked.connect(decided)
        box.finished.connect(lambda _result: decided(None))
        self.confirm_box = box
        box.open()
        try:
            return await answer
        finally:
            self.confirm_box = None
            box.deleteLater()

    # -- showing ---------------------------------------------------------------------------

    def folder_to_show(self) -> Path:
        name = self.selected_name()
        return self.context.models_dir / name if name else self.context.models_dir

    def show_in_folder(self) -> None:
        folder = self.folder_to_show()
        with contextlib.suppress(OSError):
            folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
