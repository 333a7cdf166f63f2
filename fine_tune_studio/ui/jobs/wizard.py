"""The launch wizard: examples and provider → settings → check, cost, confirm, start.

Every network call (models, upload, processing, job creation) runs on the event loop in
the background; the wizard only shows progress. A file with errors is never uploaded.
"""

from __future__ import annotations

import asyncio
import logging
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from fine_tune_studio.core.cost import billed_tokens_per_epoch, default_epochs, estimate_cost
from fine_tune_studio.core.hyperparameters import (
    HYPERPARAMETERS,
    HyperparameterSpec,
    Method,
    specs_for,
)
from fine_tune_studio.core.job_records import JobRecord
from fine_tune_studio.core.providers import ProviderKind
from fine_tune_studio.core.time_estimate import Basis, FinishedRun, TimeEstimate, estimate_seconds
from fine_tune_studio.core.validation import Report, check_line, validate_bytes
from fine_tune_studio.ui.errors import explain
from fine_tune_studio.ui.jobs.launch import (
    MIN_EXAMPLES_PER_FILE,
    JobRequest,
    can_split,
    split_for_validation,
)

log = logging.getLogger(__name__)

_ERROR_STYLE = "QLabel { color: #b3261e; }"
_NOTE_STYLE = "QLabel { color: #555; }"


@dataclass
class CheckedFile:
    """An examples file and what the dataset check said about it."""

    name: str
    path: Path | None
    data: bytes
    report: Report
    kinds: dict[str, int] = field(default_factory=dict)

    @property
    def is_preference(self) -> bool:
        return self.kinds.get("preference", 0) > 0 and self.kinds.get("chat", 0) == 0

    def example_lines(self) -> list[bytes]:
        return [line for line in self.data.splitlines() if line.strip()]


def check_file(data: bytes, name: str, path: Path | None, model: str) -> CheckedFile:
    """The dataset check (runs in a worker thread: it tokenizes every example)."""
    report = validate_bytes(data, model=model, file=name)
    kinds: dict[str, int] = {}
    for number, line in enumerate(data.splitlines(), start=1):
        if line.strip():
            kind = check_line(line, number).kind
            kinds[kind] = kinds.get(kind, 0) + 1
    return CheckedFile(name, path, data, report, kinds)


def dataset_bytes(dataset: object) -> tuple[bytes, Path | None] | None:
    """Bytes and path of the editor's open dataset (a session or a bare document)."""
    if dataset is None:
        return None
    document = getattr(dataset, "document", dataset)
    to_bytes = getattr(document, "to_bytes", None)
    if not callable(to_bytes):
        return None
    data = to_bytes()
    path = getattr(document, "path", None)
    return (data if isinstance(data, bytes) else bytes(data)), (Path(path) if path else None)


class LaunchWizard(QWizard):
    job_created = Signal(str, object, object)  # provider id, job, JobRecord
    upload_progress = Signal(int, int)  # bytes sent, total (may come from another thread)

    def __init__(
        self,
        context: Any,
        parent: QWidget | None = None,
        *,
        finished_runs: Callable[[], list[FinishedRun]] | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        # Earlier jobs that trained to the end: their speed is the best time estimate.
        self.finished_runs = finished_runs or list
        self.setWindowModality(Qt.WindowModality.NonModal)
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, False)
        self.resize(760, 620)
        self.checked: CheckedFile | None = None
        self.validation_checked: CheckedFile | None = None
        self.models: list[Any] = []
        self.created_job: Any = None
        self.launch_task: asyncio.Task[None] | None = None
        self.data_page = DataPage(self)
        self.settings_page = SettingsPage(self)
        self.review_page = ReviewPage(self)
        for page in (self.data_page, self.settings_page, self.review_page):
            self.addPage(page)
        self._retranslate()

    # -- shared state --------------------------------------------------------------------

    def provider_id(self) -> str | None:
        value = self.data_page.provider.currentData()
        return str(value) if value else None

    def provider_kind(self) -> ProviderKind | None:
        provider_id = self.provider_id()
        profile = self.context.profile(provider_id) if provider_id else None
        return profile.kind if profile is not None else None

    def is_engine(self) -> bool:
        kind = self.provider_kind()
        return bool(kind and kind.is_engine)

    def method(self) -> Method:
        return Method.DPO if self.data_page.dpo.isChecked() else Method.SUPERVISED

    def model_id(self) -> str | None:
        value = self.data_page.model.currentData()
        return str(value) if value else None

    def request(self) -> JobRequest:
        page = self.settings_page
        return JobRequest(
            model=self.model_id() or "",
            method=self.method(),
            values=page.values(),
            suffix=page.suffix.text().strip() or None,
            seed=None if page.seed_auto.isChecked() else page.seed.value(),
            engine=self.is_engine(),
        )

    def run(self, coro: Any) -> asyncio.Task[Any]:
        tasks = getattr(self.context, "tasks", None)
        if tasks is not None:
            task: asyncio.Task[Any] = tasks.start(coro)
            return task
        return asyncio.ensure_future(coro)

    def _retranslate(self) -> None:
        self.setWindowTitle(self.tr("New fine-tune"))
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("Start training"))
        self.setButtonText(QWizard.WizardButton.NextButton, self.tr("Next >"))
        self.setButtonText(QWizard.WizardButton.BackButton, self.tr("< Back"))
        self.setButtonText(QWizard.WizardButton.CancelButton, self.tr("Close"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def reject(self) -> None:
        if self.launch_task is not None and not self.launch_task.done():
            self.launch_task.cancel()
        super().reject()


# ============================================================================ page 1


class DataPage(QWizardPage):
    def __init__(self, wizard: LaunchWizard) -> None:
        super().__init__()
        self.w = wizard
        self._check_task: asyncio.Task[Any] | None = None
        self._models_task: asyncio.Task[Any] | None = None
        self._checking = False
        self._loading_models = False

        self.file_label = QLabel()
        self.file_label.setWordWrap(True)
        self.choose_file = QPushButton()
        self.use_open = QPushButton()
        self.check_result = QLabel()
        self.check_result.setWordWrap(True)
        self.check_result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.provider = QComboBox()
        self.model = QComboBox()
        self.model.setMinimumContentsLength(30)
        self.continue_ft = QCheckBox()
        self.model_note = QLabel()
        self.model_note.setWordWrap(True)
        self.model_note.setStyleSheet(_NOTE_STYLE)
        self.supervised = QRadioButton()
        self.dpo = QRadioButton()
        self.supervised.setChecked(True)
        self.method_group = QButtonGroup(self)
        self.method_group.addButton(self.supervised)
        self.method_group.addButton(self.dpo)
        self.method_note = QLabel()
        self.method_note.setWordWrap(True)
        self.method_note.setStyleSheet(_NOTE_STYLE)

        self.file_box = QGroupBox()
        file_layout = QVBoxLayout(self.file_box)
        file_row = QHBoxLayout()
        file_row.addWidget(self.file_label, 1)
        file_row.addWidget(self.use_open)
        file_row.addWidget(self.choose_file)
        file_layout.addLayout(file_row)
        file_layout.addWidget(self.check_result)

        self.where_box = QGroupBox()
        form = QFormLayout(self.where_box)
        self.provider_label = QLabel()
        self.model_label = QLabel()
        self.method_label = QLabel()
        form.addRow(self.provider_label, self.provider)
        form.addRow(self.model_label, self.model)
        form.addRow("", self.continue_ft)
        form.addRow("", self.model_note)
        methods = QHBoxLayout()
        methods.addWidget(self.supervised)
        methods.addWidget(self.dpo)
        methods.addStretch(1)
        form.addRow(self.method_label, methods)
        form.addRow("", self.method_note)

        layout = QVBoxLayout(self)
        layout.addWidget(self.file_box)
        layout.addWidget(self.where_box)
        layout.addStretch(1)

        self.choose_file.clicked.connect(self._choose_file)
        self.use_open.clicked.connect(self.use_open_dataset)
        self.provider.currentIndexChanged.connect(self._provider_changed)
        self.continue_ft.toggled.connect(lambda _on: self._fill_models())
        self.model.currentIndexChanged.connect(self._model_changed)
        self._retranslate()

    # -- life ----------------------------------------------------------------------------

    def initializePage(self) -> None:
        if self.provider.count() == 0:
            self._fill_providers()
        if self.w.checked is None:
            self.use_open_dataset()

    def isComplete(self) -> bool:
        checked = self.w.checked
        return (
            checked is not None
            and not self._checking
            and not checked.report.has_errors
            and checked.report.valid_examples > 0
            and self.w.model_id() is not None
        )

    # -- the file ------------------------------------------------------------------------

    def use_open_dataset(self) -> None:
        found = dataset_bytes(getattr(self.w.context, "dataset", None))
        if found is None:
            self.file_label.setText(self.tr("No examples file is open in the editor."))
            return
        data, path = found
        self.set_file(data, path.name if path else self.tr("(unsaved examples)"), path)

    def _choose_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("Choose an examples file"), "", self.tr("JSON Lines (*.jsonl)")
        )
        if name:
            path = Path(name)
            try:
                data = path.read_bytes()
            except OSError as exc:
                self._show_check_error(str(exc))
                return
            self.set_file(data, path.name, path)

    def set_file(self, data: bytes, name: str, path: Path | None) -> None:
        self.file_label.setText(name if path is None else str(path))
        self._checking = True
        self.check_result.setStyleSheet("")
        self.check_result.setText(self.tr("Checking the examples…"))
        self.completeChanged.emit()
        if self._check_task is not None:
            self._check_task.cancel()
        self._check_task = self.w.run(self._check(data, name, path))

    async def _check(self, data: bytes, name: str, path: Path | None) -> None:
        model = self.w.model_id() or "gpt-4o-mini-2024-07-18"
        try:
            checked = await asyncio.to_thread(check_file, data, name, path, model)
        except Exception as exc:
            self._checking = False
            self._show_check_error(str(exc))
            return
        self.w.checked = checked
        self._checking = False
        self._show_check(checked)
        self._update_methods()
        self.completeChanged.emit()

    def _show_check_error(self, text: str) -> None:
        self.check_result.setStyleSheet(_ERROR_STYLE)
        self.check_result.setText(self.tr("Could not read the file: %1").replace("%1", text))

    def _show_check(self, checked: CheckedFile) -> None:
        report = checked.report
        if report.has_errors:
            errors = [i for i in [*report.file_issues, *report.issues] if i.severity == "error"]
            lines = [
                self.tr("This file has %n problem(s) to fix first; it will not be uploaded.",
                        "", len(errors))
            ]
            lang = str(getattr(self.w.context, "effective_language", "en"))
            for issue in errors[:5]:
                where = self.tr("Line %1").replace("%1", str(issue.line)) if issue.line else ""
                lines.append(f"• {where} {issue.message.get(lang)}".strip())
            if len(errors) > 5:
                lines.append(self.tr("…and %n more.", "", len(errors) - 5))
            self.check_result.setStyleSheet(_ERROR_STYLE)
            self.check_result.setText("\n".join(lines))
            return
        warnings = sum(1 for i in report.issues if i.severity == "warning")
        text = self.tr("%n example(s), no errors", "", report.valid_examples)
        text += " · " + self.tr("%1 tokens").replace("%1", f"{report.tokens.total:,}")
        if warnings:
            text += " · " + self.tr("%n warning(s) (see the editor)", "", warnings)
        self.check_result.setStyleSheet("QLabel { color: #1b7f3b; }")
        self.check_result.setText(text)

    def _update_methods(self) -> None:
        checked = self.w.checked
        preference = bool(checked and checked.is_preference)
        self.dpo.setEnabled(preference)
        self.supervised.setEnabled(not preference)
        (self.dpo if preference else self.supervised).setChecked(True)
        if preference:
            self.method_note.setText(
                self.tr("Your examples pair a better and a worse answer, so the model "
                        "learns by preference (DPO).")
            )
        else:
            self.method_note.setText(
                self.tr("Your examples are conversations, so the model learns to answer "
                        "like them (supervised). Files of preferred/non-preferred answer "
                        "pairs use DPO.")
            )

    # -- provider and model --------------------------------------------------------------

    def _fill_providers(self) -> None:
        self.provider.blockSignals(True)
        self.provider.clear()
        active = getattr(self.w.context, "active_profile_id", None)
        for profile in self.w.context.profiles():
            self.provider.addItem(profile.display_name, profile.id)
        index = self.provider.findData(active) if active else -1
        self.provider.setCurrentIndex(max(0, index))
        self.provider.blockSignals(False)
        self._provider_changed()

    def _provider_changed(self, *_args: object) -> None:
        provider_id = self.w.provider_id()
        self.w.models = []
        self.model.clear()
        self.completeChanged.emit()
        if provider_id is None:
            self.model_note.setText(self.tr("Add a provider in Settings first."))
            return
        self._loading_models = True
        self.model_note.setStyleSheet(_NOTE_STYLE)
        self.model_note.setText(self.tr("Asking the provider for its models…"))
        if self._models_task is not None:
            self._models_task.cancel()
        self._models_task = self.w.run(self._load_models(provider_id))

    async def _load_models(self, provider_id: str) -> None:
        try:
            client = await self.w.context.client(provider_id)
            models = await client.list_models()
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            self._loading_models = False
            if self.w.provider_id() == provider_id:
                self.model_note.setStyleSheet(_ERROR_STYLE)
                self.model_note.setText(explain(exc).as_text())
            return
        self._loading_models = False
        if self.w.provider_id() != provider_id:
            return
        self.w.models = list(models)
        self._fill_models()

    def _fill_models(self) -> None:
        continuing = self.continue_ft.isChecked()
        self.model.blockSignals(True)
        self.model.clear()
        shown = [
            m
            for m in self.w.models
            if (m.is_fine_tuned if continuing else (m.fine_tunable and not m.is_fine_tuned))
        ]
        for info in shown:
            text = info.id
            if info.shutdown_date is not None:
                text += "  " + self.tr("(shuts down %1)").replace(
                    "%1", info.shutdown_date.isoformat()
                )
            self.model.addItem(text, info.id)
        self.model.blockSignals(False)
        if not shown:
            self.model_note.setStyleSheet(_NOTE_STYLE)
            self.model_note.setText(
                self.tr("This provider has no fine-tuned models of yours yet.")
                if continuing
                else self.tr("This provider offers no model that can be fine-tuned.")
            )
        self._model_changed()

    def _model_changed(self, *_args: object) -> None:
        model_id = self.w.model_id()
        info = next((m for m in self.w.models if m.id == model_id), None)
        if info is not None:
            notes = []
            if self.continue_ft.isChecked():
                notes.append(
                    self.tr("Training continues from this fine-tuned model with your new "
                            "examples; the original stays as it is.")
                )
            if info.shutdown_date is not None:
                notes.append(
                    self.tr("The provider retires this model on %1; a fine-tune of it stops "
                            "working then too.").replace("%1", info.shutdown_date.isoformat())
                )
            self.model_note.setStyleSheet(_NOTE_STYLE)
            self.model_note.setText(" ".join(notes))
        elif self.w.models:
            self.model_note.setText("")
        self.completeChanged.emit()

    def _retranslate(self) -> None:
        self.setTitle(self.tr("Examples and provider"))
        self.setSubTitle(
            self.tr("What to learn from, where to train, and which model to start from.")
        )
        self.file_box.setTitle(self.tr("Examples"))
        self.where_box.setTitle(self.tr("Where to train"))
        self.choose_file.setText(self.tr("Choose file…"))
        self.use_open.setText(self.tr("Use the open file"))
        self.provider_label.setText(self.tr("Provider"))
        self.model_label.setText(self.tr("Base model"))
        self.method_label.setText(self.tr("Method"))
        self.continue_ft.setText(self.tr("Continue from one of my fine-tuned models"))
        self.supervised.setText(self.tr("Supervised (learn from example answers)"))
        self.dpo.setText(self.tr("DPO (learn from preferred vs. rejected answers)"))
        self._update_methods()


# ============================================================================ page 2


@dataclass
class _Row:
    spec: HyperparameterSpec
    auto: QCheckBox
    spin: QSpinBox | QDoubleSpinBox
    name: QLabel
    note: QLabel


class SettingsPage(QWizardPage):
    def __init__(self, wizard: LaunchWizard) -> None:
        super().__init__()
        self.w = wizard
        self.rows: dict[str, _Row] = {}
        self.grid = QGridLayout()
        self.grid.setColumnStretch(3, 1)
        self.hyper_box = QGroupBox()
        self.hyper_box.setLayout(self.grid)
        for row_index, spec in enumerate(HYPERPARAMETERS):
            spin: QSpinBox | QDoubleSpinBox
            if spec.kind is int:
                spin = QSpinBox()
                spin.setRange(int(spec.minimum), int(spec.maximum))
            else:
                spin = QDoubleSpinBox()
                spin.setDecimals(2)
                spin.setRange(spec.minimum, spec.maximum)
                spin.setSingleStep(spec.step)
            if isinstance(spin, QSpinBox):
                spin.setValue(int(self._default(spec)))
            else:
                spin.setValue(self._default(spec))
            spin.setEnabled(False)
            auto = QCheckBox()
            auto.setChecked(True)
            auto.toggled.connect(lambda on, s=spin: s.setEnabled(not on))
            name = QLabel()
            note = QLabel()
            note.setWordWrap(True)
            note.setStyleSheet(_NOTE_STYLE)
            # The explanation sits beside its setting, full width, so it stays one line.
            self.grid.addWidget(name, row_index, 0)
            self.grid.addWidget(auto, row_index, 1)
            self.grid.addWidget(spin, row_index, 2)
            self.grid.addWidget(note, row_index, 3)
            note.setWordWrap(False)
            note.setMinimumWidth(0)
            note.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            self.rows[spec.key] = _Row(spec, auto, spin, name, note)
        self.layers_advice = QLabel()
        self.layers_advice.setWordWrap(True)
        self.layers_advice.setStyleSheet(_NOTE_STYLE)

        self.suffix = QLineEdit()
        self.suffix.setMaxLength(40)
        self.seed_auto = QCheckBox()
        self.seed_auto.setChecked(True)
        self.seed = QSpinBox()
        self.seed.setRange(0, 2**31 - 1)
        self.seed.setValue(42)
        self.seed.setEnabled(False)
        self.seed_auto.toggled.connect(lambda on: self.seed.setEnabled(not on))
        self.name_box = QGroupBox()
        name_form = QFormLayout(self.name_box)
        self.suffix_label = QLabel()
        self.seed_label = QLabel()
        seed_row = QHBoxLayout()
        seed_row.addWidget(self.seed_auto)
        seed_row.addWidget(self.seed)
        seed_row.addStretch(1)
        name_form.addRow(self.suffix_label, self.suffix)
        name_form.addRow(self.seed_label, seed_row)

        self.valid_none = QRadioButton()
        self.valid_split = QRadioButton()
        self.valid_file = QRadioButton()
        self.valid_split.setChecked(True)
        self.split_percent = QSpinBox()
        self.split_percent.setRange(5, 50)
        self.split_percent.setValue(10)
        self.split_percent.setSuffix(" %")
        self.valid_choose = QPushButton()
        self.valid_file_label = QLabel()
        self.valid_file_label.setWordWrap(True)
        self.split_note = QLabel()
        self.split_note.setWordWrap(True)
        self.split_note.setStyleSheet(_NOTE_STYLE)
        self.split_note.hide()
        self.valid_box = QGroupBox()
        valid_layout = QGridLayout(self.valid_box)
        valid_layout.addWidget(self.valid_none, 0, 0, 1, 3)
        valid_layout.addWidget(self.valid_split, 1, 0)
        valid_layout.addWidget(self.split_percent, 1, 1)
        valid_layout.addWidget(self.valid_file, 2, 0)
        valid_layout.addWidget(self.valid_choose, 2, 1)
        valid_layout.addWidget(self.valid_file_label, 3, 0, 1, 3)
        valid_layout.addWidget(self.split_note, 4, 0, 1, 3)
        valid_layout.setColumnStretch(2, 1)
        self.valid_choose.clicked.connect(self._choose_validation)
        for button in (self.valid_none, self.valid_split, self.valid_file):
            button.toggled.connect(lambda _on: self._validation_mode_changed())

        layout = QVBoxLayout(self)
        layout.addWidget(self.hyper_box)
        layout.addWidget(self.layers_advice)
        layout.addWidget(self.name_box)
        layout.addWidget(self.valid_box)
        layout.addStretch(1)
        self._retranslate()

    @staticmethod
    def _default(spec: HyperparameterSpec) -> float:
        return {
            "n_epochs": 3,
            "batch_size": 8,
            "learning_rate_multiplier": 1.0,
            "beta": 0.1,
            "lora_r": 16,
            "lora_alpha": 32,
            "trainable_layers": 2,
        }.get(spec.key, spec.minimum)

    def initializePage(self) -> None:
        wanted = {s.key for s in specs_for(self.w.method(), local_engine=self.w.is_engine())}
        for key, row in self.rows.items():
            visible = key in wanted
            for widget in (row.auto, row.spin, row.name, row.note):
                widget.setVisible(visible)
        checked = self.w.checked
        n = checked.report.valid_examples if checked else 0
        self.layers_advice.setVisible(self.w.is_engine())
        self.layers_advice.setText(
            self.tr("With few examples (%1 here), training only the top layers and leaving the "
                    "lower ones frozen keeps the model from memorising instead of learning. "
                    "Under 100 examples: try a quarter of the layers.").replace("%1", str(n))
        )
        epochs_spin = self.rows["n_epochs"].spin
        if isinstance(epochs_spin, QSpinBox):
            epochs_spin.setValue(max(1, default_epochs(n)) if n else 3)
        splittable = can_split(n)
        self.valid_split.setEnabled(splittable)
        if not splittable and self.valid_split.isChecked():
            self.valid_none.setChecked(True)
        self.split_note.setVisible(not splittable)
        self.split_note.setText(
            self.tr("Holding out needs at least %1 examples (providers want %2 in each file); "
                    "this file has %3.")
            .replace("%1", str(2 * MIN_EXAMPLES_PER_FILE))
            .replace("%2", str(MIN_EXAMPLES_PER_FILE))
            .replace("%3", str(n))
        )
        self._validation_mode_changed()

    def values(self) -> dict[str, float | int | None]:
        wanted = {s.key for s in specs_for(self.w.method(), local_engine=self.w.is_engine())}
        out: dict[str, float | int | None] = {}
        for key, row in self.rows.items():
            if key in wanted and not row.auto.isChecked():
                out[key] = row.spin.value()
        return out

    def validation_mode(self) -> str:
        if self.valid_split.isChecked():
            return "split"
        if self.valid_file.isChecked():
            return "file"
        return "none"

    def isComplete(self) -> bool:
        if self.validation_mode() == "file":
            checked = self.w.validation_checked
            return checked is not None and not checked.report.has_errors
        return True

    def _validation_mode_changed(self) -> None:
        self.split_percent.setEnabled(self.valid_split.isChecked())
        self.valid_choose.setEnabled(self.valid_file.isChecked())
        self.completeChanged.emit()

    def _choose_validation(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("Choose a validation file"), "", self.tr("JSON Lines (*.jsonl)")
        )
        if name:
            self.set_validation_file(Path(name))

    def set_validation_file(self, path: Path) -> None:
        self.valid_file.setChecked(True)
        self.valid_file_label.setText(self.tr("Checking %1…").replace("%1", path.name))
        self.w.run(self._check_validation(path))

    async def _check_validation(self, path: Path) -> None:
        model = self.w.model_id() or "gpt-4o-mini-2024-07-18"
        try:
            data = await asyncio.to_thread(path.read_bytes)
            checked = await asyncio.to_thread(check_file, data, path.name, path, model)
        except OSError as exc:
            self.valid_file_label.setText(str(exc))
            return
        self.w.validation_checked = checked
        if checked.report.has_errors:
            self.valid_file_label.setStyleSheet(_ERROR_STYLE)
            self.valid_file_label.setText(
                self.tr("%1 has errors; fix it in the editor first.").replace("%1", path.name)
            )
        else:
            self.valid_file_label.setStyleSheet("")
            self.valid_file_label.setText(
                self.tr("%1: %n example(s), no errors", "", checked.report.valid_examples)
                .replace("%1", path.name)
            )
        self.completeChanged.emit()

    def _retranslate(self) -> None:
        self.setTitle(self.tr("Training settings"))
        self.setSubTitle(
            self.tr("Leave a setting on Auto and the provider picks a sensible value.")
        )
        self.hyper_box.setTitle(self.tr("How to train"))
        names = {
            "n_epochs": self.tr("Epochs"),
            "batch_size": self.tr("Batch size"),
            "learning_rate_multiplier": self.tr("Learning-rate multiplier"),
            "beta": self.tr("DPO beta"),
            "lora_r": self.tr("LoRA rank"),
            "lora_alpha": self.tr("LoRA alpha"),
            "trainable_layers": self.tr("Layers to train"),
        }
        notes = {
            "n_epochs": self.tr("How many times the model reads all your examples. More can "
                                "fit them better, too many makes it parrot them."),
            "batch_size": self.tr("How many examples it reads before each adjustment. Larger "
                                  "is steadier but slower to react."),
            "learning_rate_multiplier": self.tr("How big each adjustment is. Lower if the loss "
                                                "jumps around, higher if it barely moves."),
            "beta": self.tr("How strongly to prefer the chosen answers over the rejected "
                            "ones. Higher stays closer to the original model."),
            "lora_r": self.tr("Size of the small add-on that is trained instead of the whole "
                              "model. Bigger learns more, needs more memory."),
            "lora_alpha": self.tr("How loudly the add-on speaks over the original model; "
                                  "usually one to two times the rank."),
            "trainable_layers": self.tr("Train only the top layers and keep the lower ones "
                                        "frozen: safer with little data."),
        }
        for key, row in self.rows.items():
            row.name.setText(names[key])
            row.note.setText(notes[key])
            row.note.setToolTip(notes[key])
            row.spin.setToolTip(notes[key])
            row.auto.setText(self.tr("Auto"))
        self.name_box.setTitle(self.tr("Name and repeatability"))
        self.suffix_label.setText(self.tr("Name suffix"))
        self.suffix.setPlaceholderText(self.tr("e.g. airport-faq (letters, digits, - and _)"))
        self.seed_label.setText(self.tr("Seed"))
        self.seed_auto.setText(self.tr("Auto"))
        self.valid_box.setTitle(self.tr("Validation (to see whether it learns or memorises)"))
        self.valid_none.setText(self.tr("No validation"))
        self.valid_split.setText(self.tr("Hold out part of my examples (same split every time)"))
        self.valid_file.setText(self.tr("Use a separate file"))
        self.valid_choose.setText(self.tr("Choose file…"))


# ============================================================================ page 3


class ReviewPage(QWizardPage):
    def __init__(self, wizard: LaunchWizard) -> None:
        super().__init__()
        self.w = wizard
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.confirm = QCheckBox()
        self.confirm.toggled.connect(lambda _on: self.completeChanged.emit())
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.hide()
        self.stage = QLabel()
        self.stage.setWordWrap(True)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet(_ERROR_STYLE)
        self.error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addSpacing(8)
        layout.addWidget(self.confirm)
        layout.addWidget(self.stage)
        layout.addWidget(self.progress)
        layout.addWidget(self.error)
        layout.addStretch(1)
        self.cost_usd: float | None = None
        self.train_lines: list[bytes] = []
        self.valid_lines: list[bytes] = []
        wizard.upload_progress.connect(self._on_progress)
        self._retranslate()

    def initializePage(self) -> None:
        self.error.hide()
        self.stage.clear()
        self.progress.hide()
        self._prepare()

    def _prepare(self) -> None:
        w = self.w
        checked = w.checked
        if checked is None:
            return
        request = w.request()
        lines = checked.example_lines()
        mode = w.settings_page.validation_mode()
        seed = request.seed if request.seed is not None else 0
        if mode == "split":
            fraction = w.settings_page.split_percent.value() / 100
            self.train_lines, self.valid_lines = split_for_validation(lines, fraction, seed)
        else:
            self.train_lines, self.valid_lines = lines, []
        if mode == "file" and w.validation_checked is not None:
            self.valid_lines = w.validation_checked.example_lines()
        tokens = checked.report.example_tokens
        n_train = len(self.train_lines)
        # The held-out share of tokens is not trained on; scale rather than recount.
        share = n_train / max(1, len(lines))
        epochs_value = request.values.get("n_epochs")
        epochs = int(epochs_value) if epochs_value else default_epochs(n_train)
        per_epoch = int(billed_tokens_per_epoch(tokens, request.model) * share)
        trained = per_epoch * epochs
        engine = w.is_engine()
        self.cost_usd = None if engine else estimate_cost(trained, request.model)
        if engine:
            cost_text = self.tr("Free: it runs on your own engine.")
        elif self.cost_usd is None:
            cost_text = self.tr("Unknown: no price is known for this model. Check the "
                                "provider's price list.")
        else:
            cost_text = self.tr("about US$%1 (estimate; the provider bills its own count)")
            cost_text = cost_text.replace("%1", f"{self.cost_usd:,.2f}")
        estimate = estimate_seconds(
            trained,
            provider_id=w.provider_id() or "",
            model=request.model,
            engine=engine,
            history=w.finished_runs(),
        )
        time_text = self._time_text(estimate, engine)
        auto_epochs = "" if epochs_value else " " + self.tr("(auto)")
        valid_text = (
            self.tr("%n example(s) held out to measure progress", "", len(self.valid_lines))
            if self.valid_lines
            else self.tr("none")
        )
        rows = [
            (self.tr("Provider"), w.data_page.provider.currentText()),
            (self.tr("Base model"), request.model),
            (self.tr("Method"), self.tr("DPO") if request.method is Method.DPO
             else self.tr("Supervised")),
            (self.tr("Training examples"), f"{n_train:,}"),
            (self.tr("Validation"), valid_text),
            (self.tr("Tokens per epoch"), f"{per_epoch:,}"),
            (self.tr("Epochs"), f"{epochs}{auto_epochs}"),
            (self.tr("Trained tokens"), f"{trained:,}"),
            (self.tr("Estimated cost"), cost_text),
            (self.tr("Estimated time"), time_text),
        ]
        html = "<table cellspacing='4'>" + "".join(
            f"<tr><td><b>{_html(k)}</b></td><td>{_html(v)}</td></tr>" for k, v in rows
        ) + "</table>"
        self.summary.setText(html)
        self.confirm.setChecked(False)
        if engine:
            self.confirm.setText(self.tr("Start training on %1").replace(
                "%1", w.data_page.provider.currentText()))
        elif self.cost_usd is not None:
            self.confirm.setText(
                self.tr("I understand this may cost about US$%1").replace(
                    "%1", f"{self.cost_usd:,.2f}")
            )
        else:
            self.confirm.setText(self.tr("I understand the provider will bill this training"))


    def _rough_duration(self, seconds: float) -> str:
        """'40 seconds', '12 minutes', '3.5 hours': an estimate reads better in words."""
        if seconds < 90:
            return self.tr("%n second(s)", "", max(1, round(seconds)))
        if seconds < 90 * 60:
            return self.tr("%n minute(s)", "", round(seconds / 60))
        return self.tr("%1 hours").replace("%1", f"{seconds / 3600:.1f}")

    def _time_text(self, estimate: TimeEstimate, engine: bool) -> str:
        duration = self._rough_duration(estimate.seconds)
        if estimate.basis is Basis.SAME_MODEL:
            return self.tr(
                "about %1, at the speed of %n earlier job(s) on this provider with this model",
                "", estimate.runs,
            ).replace("%1", duration)
        if estimate.basis is Basis.SAME_PROVIDER:
            return self.tr(
                "about %1, at the speed of %n earlier job(s) on this provider (other models)",
                "", estimate.runs,
            ).replace("%1", duration)
        text = self.tr("roughly %1 (a guess until training starts; the job list then "
                       "shows a measured estimate)").replace("%1", duration)
        if not engine:
            text += " " + self.tr("including time waiting in the provider's queue")
        return text
    def isComplete(self) -> bool:
        running = self.w.launch_task is not None and not self.w.launch_task.done()
        return self.confirm.isChecked() and not running and self.w.created_job is None

    def validatePage(self) -> bool:
        if self.w.created_job is not None:
            return True
        if not self.isComplete():
            return False
        self.w.launch_task = self.w.run(self.launch())
        self.completeChanged.emit()
        return False

    # -- the launch ----------------------------------------------------------------------

    async def launch(self) -> None:
        w = self.w
        checked = w.checked
        provider_id = w.provider_id()
        if checked is None or provider_id is None or checked.report.has_errors:
            return  # the first page does not let this happen; belt and braces
        self.error.hide()
        request = w.request()
        folder = Path(tempfile.mkdtemp(prefix="fts-upload-"))
        stem = Path(checked.name).stem or "examples"
        train_path = folder / f"{stem}.train.jsonl"
        valid_path = folder / f"{stem}.valid.jsonl"
        try:
            await asyncio.to_thread(train_path.write_bytes, b"\n".join(self.train_lines) + b"\n")
            if self.valid_lines:
                await asyncio.to_thread(
                    valid_path.write_bytes, b"\n".join(self.valid_lines) + b"\n"
                )
            client = await w.context.client(provider_id)
            self._stage(self.tr("Uploading the examples…"), progress=True)
            training = await client.upload_file(train_path, progress=self._progress_callback)
            self._stage(self.tr("Waiting for the provider to process the file…"))
            await client.wait_for_file(training.id)
            validation_id = None
            if self.valid_lines:
                self._stage(self.tr("Uploading the validation examples…"), progress=True)
                validation = await client.upload_file(valid_path, progress=self._progress_callback)
                self._stage(self.tr("Waiting for the provider to process the file…"))
                await client.wait_for_file(validation.id)
                validation_id = validation.id
            self._stage(self.tr("Starting the job…"))
            job = await client.create_job(**request.create_kwargs(training.id, validation_id))
        except asyncio.CancelledError:
            self._stage(self.tr("Stopped."))
            raise
        except Exception as exc:
            log.info("launch failed: %s", exc)
            self._stage("")
            self.progress.hide()
            explanation = explain(exc)
            text = self.tr("Could not start the job. %1").replace("%1", explanation.as_text())
            if explanation.detail:
                text += "\n" + self.tr("The provider said: %1").replace("%1", explanation.detail)
            self.error.setText(text)
            self.error.show()
            self.completeChanged.emit()
            return
        finally:
            for path in (train_path, valid_path):
                path.unlink(missing_ok=True)
            folder.rmdir()
        w.created_job = job
        record = JobRecord(
            provider_id=provider_id,
            job_id=str(job.id),
            dataset_path=str(checked.path) if checked.path else checked.name,
            validation_path=(
                str(w.validation_checked.path)
                if w.settings_page.validation_mode() == "file" and w.validation_checked
                else None
            ),
            base_model=request.model,
            method=request.method.value,
            suffix=request.suffix,
            n_examples=len(self.train_lines),
            estimated_tokens=checked.report.tokens.total,
        )
        self._stage(self.tr("Started. Follow it in the job list."))
        w.job_created.emit(provider_id, job, record)
        self.completeChanged.emit()
        w.accept()

    def _progress_callback(self, sent: int, total: int) -> None:
        self.w.upload_progress.emit(sent, total)

    def _on_progress(self, sent: int, total: int) -> None:
        self.progress.show()
        self.progress.setValue(int(100 * sent / total) if total else 100)

    def _stage(self, text: str, *, progress: bool = False) -> None:
        self.stage.setText(text)
        if progress:
            self.progress.setValue(0)
            self.progress.show()

    def _retranslate(self) -> None:
        self.setTitle(self.tr("Check and start"))
        self.setSubTitle(self.tr("What will happen, what it costs, and how long it may take."))


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
