"""The Export… dialog: which model, which format (each with a sentence on what it is for),
which folder; then progress, and the finished folder or a failure in plain words.

Opened with `open()`; the export runs in a spawned child process through
`ModelExporter`, followed by a task on the app's loop, so the window never waits. A folder
in the way is replaced only after the user said so in a question of its own.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from fine_tune_studio.core.model_export import (
    GGUF_ARCHITECTURES,
    ExportErrorCode,
    ExportFormat,
    ExportProgress,
    ExportResult,
    ExportStage,
    GgufKind,
    ollama_model_name,
)
from fine_tune_studio.services.model_export import (
    ExportFailed,
    ExportJob,
    ModelExporter,
    folder_in_the_way,
)
from fine_tune_studio.ui.export import engine_folders
from fine_tune_studio.ui.export.context import ExportContext
from fine_tune_studio.ui.export.result_view import ResultView
from fine_tune_studio.ui.file_choice import choose_path
from fine_tune_studio.ui.widgets import Retranslating
from fine_tune_studio.ui.widgets.scrolling import grow_to_show, scrolling_column

FORMATS = (ExportFormat.ADAPTER, ExportFormat.MERGED, ExportFormat.GGUF, ExportFormat.OLLAMA)


def default_export_root() -> Path:
    return Path.home() / "Fine-tuned models"


class ExportDialog(Retranslating, QDialog):
    exported = Signal(object)  # the ExportResult
    failed = Signal(object)  # the ExportFailed

    def __init__(self, context: ExportContext, models: list[str],
                 parent: QWidget | None = None, *, exporter: ModelExporter | None = None,
                 root: Path | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("exportDialog")
        self.context = context
        self.exporter = exporter or ModelExporter()
        self.tasks = context.tasks
        self._root = root or default_export_root()
        self._task: asyncio.Task[None] | None = None
        self._folder_edited = False
        self.question: QMessageBox | None = None
        # What the status and problem lines say, kept as words to re-say after a language
        # switch (a text set once would stay in the old language).
        self._status_words: Callable[[], str] = str
        self._problem: tuple[Callable[[], str], str] | None = None
        self.folder_dialog: Any = None

        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.model_box = QComboBox()
        for model in models:
            self.model_box.addItem(model, model)
        self.model_box.currentIndexChanged.connect(lambda _i: self._suggest_folder())

        self.format_group = QButtonGroup(self)
        self.format_buttons: dict[ExportFormat, QRadioButton] = {}
        self.format_notes: dict[ExportFormat, QLabel] = {}
        formats = QVBoxLayout()
        formats.setSpacing(2)
        for index, fmt in enumerate(FORMATS):
            button = QRadioButton()
            note = QLabel()
            note.setWordWrap(True)
            note.setIndent(22)
            note.setStyleSheet("color: palette(dark);")
            self.format_group.addButton(button, index)
            self.format_buttons[fmt], self.format_notes[fmt] = button, note
            formats.addWidget(button)
            formats.addWidget(note)
        self.kind_box = QComboBox()
        for kind in (GgufKind.Q8_0, GgufKind.F16):
            self.kind_box.addItem("", kind.value)
        self.kind_label = QLabel()
        kind_row = QHBoxLayout()
        kind_row.setContentsMargins(22, 0, 0, 0)
        kind_row.addWidget(self.kind_label)
        kind_row.addWidget(self.kind_box, 1)
        formats.addLayout(kind_row)
        self.architectures = QLabel()
        self.architectures.setWordWrap(True)
        self.architectures.setIndent(22)
        formats.addWidget(self.architectures)
        self.format_buttons[ExportFormat.GGUF].setChecked(True)
        self.format_group.idToggled.connect(self._format_toggled)
        self.kind_box.currentIndexChanged.connect(lambda _i: self._suggest_folder())

        self.folder_edit = QLineEdit()
        self.folder_edit.textEdited.connect(self._folder_typed)
        self.choose_button = QPushButton()
        self.choose_button.clicked.connect(self._choose_folder)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder_edit, 1)
        folder_row.addWidget(self.choose_button)

        self.form = QFormLayout()
        self.model_label, self.format_label, self.folder_label = QLabel(), QLabel(), QLabel()
        self.form.addRow(self.model_label, self.model_box)
        self.form.addRow(self.format_label, formats)
        self.form.addRow(self.folder_label, folder_row)

        self.progress = QProgressBar()
        self.progress.hide()
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setObjectName("exportProblem")
        self.problem.setStyleSheet(
            "QLabel { background: #fdecea; color: #8a1c14; padding: 6px; border-radius: 4px; }")
        self.problem.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problem.hide()
        self.result_view = ResultView(self.exporter, self.tasks)

        self.export_button = QPushButton()
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self.start_export)
        self.cancel_button = QPushButton()
        self.cancel_button.clicked.connect(self._cancel)
        self.cancel_button.hide()
        self.close_button = QPushButton()
        self.close_button.clicked.connect(self.close)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for push in (self.export_button, self.cancel_button, self.close_button):
            buttons.addWidget(push)

        layout = QVBoxLayout(self)
        self._shown_once = False
        self.body_scroll, column = scrolling_column(layout)
        column.addWidget(self.intro)
        column.addLayout(self.form)
        column.addWidget(self.progress)
        column.addWidget(self.status)
        column.addWidget(self.problem)
        column.addWidget(self.result_view)
        column.addStretch(1)
        layout.addLayout(buttons)
        self.retranslate_ui()
        self._format_changed()

    # -- choices ---------------------------------------------------------------------------

    @property
    def chosen_format(self) -> ExportFormat:
        return FORMATS[max(0, self.format_group.checkedId())]

    def choose_format(self, fmt: ExportFormat) -> None:
        self.format_buttons[fmt].setChecked(True)

    @property
    def chosen_kind(self) -> GgufKind:
        return GgufKind(self.kind_box.currentData())

    def _format_toggled(self, _id: int, checked: bool) -> None:
        if checked:
            self._format_changed()

    def _format_changed(self) -> None:
        self._enable_gguf_choices()
        self._suggest_folder()

    def _enable_gguf_choices(self) -> None:
        uses_gguf = self.chosen_format in (ExportFormat.GGUF, ExportFormat.OLLAMA)
        for widget in (self.kind_label, self.kind_box, self.architectures):
            widget.setEnabled(uses_gguf)

    def set_folder(self, folder: Path) -> None:
        """Export into `folder` (kept when the format changes, as a typed one is)."""
        self.folder_edit.setText(str(folder))
        self._folder_edited = True

    def _folder_typed(self, _text: str) -> None:
        self._folder_edited = True

    def _suggest_folder(self) -> None:
        if self._folder_edited:
            return
        model = str(self.model_box.currentData() or "model")
        tail = self.chosen_format.value
        if self.chosen_format in (ExportFormat.GGUF, ExportFormat.OLLAMA):
            tail += f"-{self.chosen_kind.value}"
        self.folder_edit.setText(str(self._root / f"{ollama_model_name(model)}-{tail}"))

    def _choose_folder(self) -> None:
        def chosen(folder: Path) -> None:
            self.set_folder(folder / (Path(self.folder_edit.text()).name or "export"))

        self.folder_dialog = choose_path(self, self.tr("Export into which folder?"), chosen,
                                         folder=True)

    # -- running ---------------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    def start_export(self) -> None:
        """Export, after asking when the folder is in the way."""
        if self.running:
            return
        text = self.folder_edit.text().strip()
        if not text or not self.model_box.currentData():
            self._show_problem(lambda: self.tr("Choose a model and a folder first."), "")
            return
        out = Path(text).expanduser()
        if folder_in_the_way(out):
            self._ask_to_replace(out)
            return
        self._begin(out, overwrite=False)

    def _ask_to_replace(self, out: Path) -> None:
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Replace the folder?"),
                          self.tr("“%1” already exists and is not empty. Replace it?")
                          .replace("%1", str(out)), QMessageBox.StandardButton.NoButton, self)
        box.setInformativeText(self.tr("Its contents are replaced only once the export has "
                                       "succeeded; until then nothing in it changes."))
        replace = box.addButton(self.tr("Replace"), QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def answered(_button: object) -> None:
            if box.clickedButton() is replace:
                self._begin(out, overwrite=True)
            self.question = None

        box.buttonClicked.connect(answered)
        self.question = box
        box.open()

    def _begin(self, out: Path, *, overwrite: bool) -> None:
        data_dir, models_dir = engine_folders(self.context)
        job = ExportJob(str(self.model_box.currentData()), self.chosen_format, out, data_dir,
                        models_dir, self.chosen_kind, overwrite)
        self._problem = None
        self.problem.hide()
        self.result_view.show_result(None)
        self.progress.setRange(0, 0)  # busy until the first counted stage
        self.progress.show()
        self._set_running(True)
        self._task = self.tasks.start(self._export(job), name="model-export")

    async def _export(self, job: ExportJob) -> None:
        try:
            result = await self.exporter.export(job, self._on_progress)
        except asyncio.CancelledError:
            self._finish(None, lambda: self.tr("Export cancelled. Nothing was written."))
            raise
        except (ExportFailed, OSError) as error:  # OSError: the child could not even start
            failure = error if isinstance(error, ExportFailed) else ExportFailed(
                ExportErrorCode.FAILED, str(error))
            self._finish(None, str)
            self._show_problem(lambda: self._failure_words(failure.code), failure.message)
            self.failed.emit(failure)
            return
        self._finish(result, lambda: self.tr("Done."))
        self.exported.emit(result)

    def _on_progress(self, progress: ExportProgress) -> None:
        if progress.total:
            self.progress.setRange(0, progress.total)
            self.progress.setValue(progress.done)
        else:
            self.progress.setRange(0, 0)
        self._set_status(lambda: self._stage_words(progress))

    def _set_status(self, words: Callable[[], str]) -> None:
        self._status_words = words
        self.status.setText(words())

    def _finish(self, result: ExportResult | None, status: Callable[[], str]) -> None:
        self._set_running(False)
        self.progress.hide()
        self._set_status(status)
        self.result_view.show_result(result)
        self._bring_into_view(self.result_view if result is not None else self.status)

    def _set_running(self, running: bool) -> None:
        for widget in (self.model_box, self.folder_edit, self.choose_button, self.kind_box,
                       *self.format_buttons.values()):
            widget.setEnabled(not running)
        if not running:
            self._enable_gguf_choices()
        self.export_button.setVisible(not running)
        self.cancel_button.setVisible(running)

    def _cancel(self) -> None:
        if self._task is not None:
            self._task.cancel()

    def _show_problem(self, words: Callable[[], str], detail: str) -> None:
        """A failure in the user's language; `detail` is the export's own (English) words."""
        self._problem = (words, detail)
        self.problem.setText(words() if not detail else self.tr("%1\n\nDetails: %2").replace(
            "%1", words()).replace("%2", detail))
        self.problem.show()
        self._bring_into_view(self.problem)

    def _bring_into_view(self, widget: QWidget) -> None:
        grow_to_show(self, self.body_scroll, widget)

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if not self._shown_once:
            # Opened as tall as its wrapped texts need at this width (a scroll area alone
            # would open it at the height those texts need when wider), screen allowing.
            self._shown_once = True
            grow_to_show(self, self.body_scroll, self.intro)

    def closeEvent(self, event: Any) -> None:
        self._cancel()  # a closed dialog does not leave an export running unseen
        super().closeEvent(event)

    # -- words -----------------------------------------------------------------------------

    def _stage_words(self, progress: ExportProgress) -> str:
        counted = {
            ExportStage.MERGE: self.tr("Merging the fine-tuning into the base weights "
                                       "(%1 of %2)…"),
            ExportStage.GGUF: self.tr("Writing the GGUF file (%1 of %2 tensors)…"),
        }
        plain = {
            ExportStage.CHECK: self.tr("Checking the model and the folder…"),
            ExportStage.COPY: self.tr("Copying the adapter…"),
            ExportStage.MERGE: self.tr("Merging the fine-tuning into the base weights…"),
            ExportStage.GGUF: self.tr("Writing the GGUF file…"),
            ExportStage.CARD: self.tr("Writing the model card…"),
            ExportStage.FINISH: self.tr("Putting the folder in place…"),
        }
        if progress.total and progress.stage in counted:
            return counted[progress.stage].replace("%1", str(progress.done)).replace(
                "%2", str(progress.total))
        return plain[progress.stage]

    def _failure_words(self, code: ExportErrorCode) -> str:
        words = {
            ExportErrorCode.MODEL_NOT_FOUND: self.tr(
                "This computer no longer has this model."),
            ExportErrorCode.FOLDER_EXISTS: self.tr(
                "The folder already exists. Choose another one, or export again and let it "
                "be replaced."),
            ExportErrorCode.UNSUPPORTED_ARCHITECTURE: self.tr(
                "GGUF export does not support this kind of model yet. The merged model and "
                "the LoRA adapter work for every model."),
            ExportErrorCode.UNSUPPORTED_ADAPTER: self.tr(
                "This adapter cannot be merged yet. Export it as a LoRA adapter."),
            ExportErrorCode.UNSUPPORTED_TOKENIZER: self.tr(
                "GGUF export does not support this model's tokenizer yet. The merged model "
                "and the LoRA adapter work for every model."),
            ExportErrorCode.NOT_ENOUGH_SPACE: self.tr(
                "There is not enough free space on that disk. Free some space or choose a "
                "folder on another disk."),
            ExportErrorCode.DISK_FULL: self.tr(
                "The disk filled up during the export. Nothing was left behind; free some "
                "space and try again."),
            ExportErrorCode.UNREADABLE: self.tr(
                "A file of the model could not be read."),
            ExportErrorCode.FAILED: self.tr("The export failed."),
        }
        return words[code]

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Export a fine-tuned model"))
        self.intro.setText(self.tr(
            "Take your fine-tuned model out of Fine Tune Studio, to use it in other programs "
            "or share it. Every export comes with a README that says how it was made."))
        self.model_label.setText(self.tr("Model"))
        self.format_label.setText(self.tr("Format"))
        self.folder_label.setText(self.tr("Folder"))
        titles = {
            ExportFormat.ADAPTER: self.tr("LoRA adapter"),
            ExportFormat.MERGED: self.tr("Merged model"),
            ExportFormat.GGUF: self.tr("GGUF"),
            ExportFormat.OLLAMA: self.tr("Ollama"),
        }
        notes = {
            ExportFormat.ADAPTER: self.tr(
                "Small (megabytes). For people who keep the base model: load it over the "
                "base model with PEFT."),
            ExportFormat.MERGED: self.tr(
                "A complete Hugging Face folder (safetensors) with the fine-tuning merged in, "
                "made on this computer. For transformers, vLLM, or uploading to a model hub."),
            ExportFormat.GGUF: self.tr(
                "One file for llama.cpp, LM Studio, Jan and Ollama."),
            ExportFormat.OLLAMA: self.tr(
                "A folder with the GGUF and a Modelfile (chat template and your examples' "
                "system prompt), plus the command that adds it to Ollama."),
        }
        for fmt in FORMATS:
            self.format_buttons[fmt].setText(titles[fmt])
            self.format_notes[fmt].setText(notes[fmt])
        self.kind_label.setText(self.tr("GGUF weights:"))
        self.kind_box.setItemText(0, self.tr("Q8_0 — half the size, nearly the same answers "
                                             "(recommended)"))
        self.kind_box.setItemText(1, self.tr("F16 — exact, twice the size"))
        self.architectures.setText(
            self.tr("GGUF works for: %1. Other models: not yet — export the merged model.")
            .replace("%1", ", ".join(GGUF_ARCHITECTURES.values())))
        self.choose_button.setText(self.tr("Choose…"))
        self.export_button.setText(self.tr("Export"))
        self.cancel_button.setText(self.tr("Cancel export"))
        self.close_button.setText(self.tr("Close"))
        self.status.setText(self._status_words())
        if self._problem is not None:
            self._show_problem(*self._problem)
