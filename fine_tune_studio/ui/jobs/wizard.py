"""The launch wizard: examples and provider → settings → check, cost, confirm, start.

A view over `services.jobs.JobService`: the wizard gathers what the user decides into a
`LaunchPlan` and shows what the service reports while it checks for personal data,
uploads, waits for processing and creates the job. Every check and network call runs in
the background. A file with errors is never uploaded.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
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
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from fine_tune_studio.core.cost import (
    billed_tokens_per_epoch,
    default_batch_size,
    default_epochs,
    estimate_cost,
)
from fine_tune_studio.core.document import DatasetDocument
from fine_tune_studio.core.hyperparameters import (
    LIMITS,
    HyperparameterSpec,
    Method,
)
from fine_tune_studio.core.issues import Issue
from fine_tune_studio.core.job_state import JobSettings
from fine_tune_studio.core.model_display import display_name
from fine_tune_studio.core.model_download import format_memory
from fine_tune_studio.core.privacy import PrivacyChoice
from fine_tune_studio.core.provider_dates import OPENAI_FINE_TUNING_ENDS
from fine_tune_studio.core.providers import ProviderKind
from fine_tune_studio.core.time_estimate import Basis, TimeEstimate, estimate_seconds
from fine_tune_studio.core.training_files import (
    MIN_EXAMPLES_PER_FILE,
    ExamplesFile,
    can_split,
    check_examples,
    held_out_count,
)
from fine_tune_studio.core.training_limits import (
    ALL_SETTINGS,
    DEFAULT_EVALUATIONS,
    PriceEstimate,
    Range,
    TrainingLimits,
    TrainingType,
    settings_shown,
)
from fine_tune_studio.core.training_memory import (
    DEFAULT_LORA_R,
    DEFAULT_MAX_LENGTH,
    SMALL_MODEL_PARAMETERS,
    EngineFacts,
    Fit,
    MemoryEstimate,
    memory_fit,
    training_memory,
)
from fine_tune_studio.services.job_adapter import AdapterFeatures, features_of
from fine_tune_studio.services.job_launch import (
    LaunchPlan,
    LaunchProgress,
    LaunchStage,
    NothingLeftToUpload,
    PrivacyFindings,
    UploadedFiles,
    ValidationMode,
    leaves_the_computer,
    plan_fingerprint,
    scan_plan,
)
from fine_tune_studio.services.job_watch import job_key
from fine_tune_studio.services.jobs import JobService
from fine_tune_studio.ui.editor.privacy_dialog import LocatedFinding, PrivacyDialog
from fine_tune_studio.ui.errors import explain
from fine_tune_studio.ui.file_choice import choose_path
from fine_tune_studio.ui.help import HelpTopic, links_html, show_help
from fine_tune_studio.ui.jobs.context import JobsContext
from fine_tune_studio.ui.model_label import model_label
from fine_tune_studio.ui.models.get_model_button import GetModelButton
from fine_tune_studio.ui.settings.provider_form import long_date
from fine_tune_studio.ui.widgets import Retranslating
from fine_tune_studio.ui.widgets.error_label import ErrorLabel
from fine_tune_studio.ui.widgets.number_field import NumberField
from fine_tune_studio.ui.widgets.scrolling import scrolling_column

log = logging.getLogger(__name__)

_ERROR_STYLE = "QLabel { color: #b3261e; }"
# The share of examples a held-out split may take, in percent.
SPLIT_PERCENT = (5, 50)
# Settings of a LoRA add-on that a job continuing from it cannot change.
FIXED_WHEN_CONTINUING = ("lora_r", "lora_alpha", "trainable_layers")
_NOTE_STYLE = "QLabel { color: #555; }"
# The check before the base model is chosen counts tokens as this model would.
_CHECK_MODEL = "gpt-4o-mini-2024-07-18"


def scrolling_layout(page: QWizardPage) -> QVBoxLayout:
    """The page's layout, inside a scroll area (`widgets.scrolling`)."""
    outer = QVBoxLayout(page)
    outer.setContentsMargins(0, 0, 0, 0)
    return scrolling_column(outer)[1]


def dataset_bytes(dataset: DatasetDocument | None) -> tuple[bytes, Path | None] | None:
    """Bytes and path of the editor's open dataset."""
    if dataset is None:
        return None
    return dataset.to_bytes(), dataset.path


class LaunchWizard(Retranslating, QWizard):
    job_started = Signal(str)  # the job's key (provider id/job id)
    # What the launch reports; a signal, because upload progress may come from the HTTP
    # client's thread.
    launch_progress = Signal(object)

    def __init__(
        self, context: JobsContext, jobs: JobService, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.jobs = jobs
        self.setWindowModality(Qt.WindowModality.NonModal)
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, False)
        self.resize(760, 620)
        self.checked: ExamplesFile | None = None
        self.validation_checked: ExamplesFile | None = None
        self.models: list[Any] = []
        self.created_job: Any = None
        self.launch_task: asyncio.Task[None] | None = None
        # The provider's own word on the chosen model (Together): limits, price, and the
        # files already sent to ask for the price (used again by the launch).
        self.limits: TrainingLimits | None = None
        self.uploaded: UploadedFiles | None = None
        self.estimate: PriceEstimate | None = None
        # Our engine's device and its models' sizes: the memory line and the time estimate.
        self.engine_facts: EngineFacts | None = None
        self.data_page = DataPage(self)
        self.settings_page = SettingsPage(self)
        self.review_page = ReviewPage(self)
        for page in (self.data_page, self.settings_page, self.review_page):
            self.addPage(page)
        self.retranslate_ui()

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

    def features(self) -> AdapterFeatures:
        kind = self.provider_kind()
        return features_of(kind) if kind is not None else AdapterFeatures()

    def training_type(self) -> TrainingType | None:
        if not self.features().training_types:
            return None
        return TrainingType.FULL if self.settings_page.full.isChecked() else TrainingType.LORA

    def method(self) -> Method:
        return Method.DPO if self.data_page.dpo.isChecked() else Method.SUPERVISED

    def model_id(self) -> str | None:
        value = self.data_page.model.currentData()
        return str(value) if value else None

    def job_settings(self) -> JobSettings:
        page = self.settings_page
        return JobSettings(
            model=self.model_id() or "",
            method=self.method(),
            values=page.values(),
            suffix=page.suffix.text().strip() or None,
            seed=page.seed_value(),
            training_type=training_type.value if (training_type := self.training_type())
            else None,
        )

    def plan(self) -> LaunchPlan | None:
        """What "Start training" will do, or None while something is missing."""
        provider_id = self.provider_id()
        if self.checked is None or provider_id is None:
            return None
        page = self.settings_page
        plan = LaunchPlan(
            provider_id=provider_id,
            settings=self.job_settings(),
            training=self.checked,
            validation_mode=ValidationMode(page.validation_mode()),
            split_fraction=page.split_fraction(),
            validation_file=self.validation_checked,
        )
        return replace(plan, predicted_tokens=forecast(plan, self.provider_kind()).trained)

    def run(self, coro: Any) -> asyncio.Task[Any]:
        task: asyncio.Task[Any] = self.context.tasks.start(coro)
        return task

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("New fine-tune"))
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("Start training"))
        self.setButtonText(QWizard.WizardButton.NextButton, self.tr("Next >"))
        self.setButtonText(QWizard.WizardButton.BackButton, self.tr("< Back"))
        self.setButtonText(QWizard.WizardButton.CancelButton, self.tr("Close"))

    def reject(self) -> None:
        task = self.launch_task
        if task is not None and not task.done() and task is not _current_task():
            # Closing stops an upload on its way; the launch closing the wizard itself
            # (to go and fix an example) has nothing left to stop.
            task.cancel()
        super().reject()


# ============================================================================ page 1


class DataPage(Retranslating, QWizardPage):
    def __init__(self, wizard: LaunchWizard) -> None:
        super().__init__()
        self.w = wizard
        self._check_task: asyncio.Task[Any] | None = None
        self.file_dialog: QFileDialog | None = None
        self._models_task: asyncio.Task[Any] | None = None
        self._limits_task: asyncio.Task[Any] | None = None
        self.limits_note = ""  # the last word about the provider's limits (shown with notes)
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
        # This computer's models come from the Get-a-model dialog (ui/models).
        self.get_model = GetModelButton(wizard.context)
        self.get_model.hide()
        self._select_after_load: str | None = None
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
        # No provider yet: the way on is one click, not a hunt through the sidebar.
        self.set_up_provider = QPushButton()
        self.set_up_provider.setObjectName("setUpProvider")
        self.set_up_provider.hide()
        # The questions a first-time user has here, answered by the built-in help.
        self.help_links = QLabel()
        self.help_links.setObjectName("wizardHelpLinks")
        self.help_links.setWordWrap(True)
        self.help_links.linkActivated.connect(lambda topic: show_help(topic, self))

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
        model_row = QHBoxLayout()
        model_row.addWidget(self.model, 1)
        model_row.addWidget(self.get_model)
        form.addRow(self.model_label, model_row)
        form.addRow("", self.continue_ft)
        form.addRow("", self.model_note)
        form.addRow("", self.set_up_provider)
        methods = QHBoxLayout()
        methods.addWidget(self.supervised)
        methods.addWidget(self.dpo)
        methods.addStretch(1)
        form.addRow(self.method_label, methods)
        form.addRow("", self.method_note)

        layout = QVBoxLayout(self)
        layout.addWidget(self.file_box)
        layout.addWidget(self.where_box)
        layout.addWidget(self.help_links)
        layout.addStretch(1)

        self.choose_file.clicked.connect(self._choose_file)
        self.set_up_provider.clicked.connect(self._set_up_provider)
        self.use_open.clicked.connect(self.use_open_dataset)
        self.provider.currentIndexChanged.connect(self._provider_changed)
        self.continue_ft.toggled.connect(lambda _on: self._fill_models())
        self.model.currentIndexChanged.connect(self._model_changed)
        self.get_model.model_ready.connect(self._local_model_arrived)
        wizard.context.local_models_changed.connect(self._local_models_changed)
        self.retranslate_ui()

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
        found = dataset_bytes(self.w.context.dataset)
        if found is None:
            self.file_label.setText(self.tr("No examples file is open in the editor."))
            return
        data, path = found
        self.set_file(data, path.name if path else self.tr("(unsaved examples)"), path)

    def _choose_file(self) -> None:
        self.file_dialog = choose_path(
            self, self.tr("Choose an examples file"), self.open_file,
            name_filter=self.tr("JSON Lines (*.jsonl)"),
        )

    def open_file(self, path: Path) -> None:
        """Check the examples in `path` (read off the GUI thread)."""
        self.w.run(self._read(path))

    async def _read(self, path: Path) -> None:
        try:
            data = await asyncio.to_thread(path.read_bytes)
        except OSError as exc:
            self._show_check_error(str(exc))
            return
        self.set_file(data, path.name, path)

    def set_file(self, data: bytes, name: str, path: Path | None) -> None:
        self.file_label.setText(name if path is None else str(path))
        self._checking = True
        self.check_result.setStyleSheet("")
        self.say(self.check_result, lambda: self.tr("Checking the examples…"))
        self.completeChanged.emit()
        if self._check_task is not None:
            self._check_task.cancel()
        self._check_task = self.w.run(self._check(data, name, path))

    async def _check(self, data: bytes, name: str, path: Path | None) -> None:
        model = self.w.model_id() or _CHECK_MODEL
        try:
            checked = await asyncio.to_thread(check_examples, data, name, path, model=model)
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
        self.say(self.check_result,
                 lambda: self.tr("Could not read the file: %1").replace("%1", text))

    def _show_check(self, checked: ExamplesFile) -> None:
        self.check_result.setStyleSheet(
            _ERROR_STYLE if checked.report.has_errors else "QLabel { color: #1b7f3b; }"
        )
        self.say(self.check_result, lambda: self._check_words(checked))

    def _check_words(self, checked: ExamplesFile) -> str:
        report = checked.report
        if report.has_errors:
            # A run of the same problem on consecutive lines is one issue (line..last_line);
            # the count says how many lines have a problem, as the editor does.
            errors = [i for i in [*report.file_issues, *report.issues] if i.severity == "error"]
            lines = [
                self.tr("This file has %n problem(s) to fix first; it will not be uploaded.",
                        "", report.error_count)
            ]
            lang = self.w.context.effective_language
            for issue in errors[:5]:
                lines.append(f"• {self._where(issue)} {issue.message.get(lang)}".strip())
            if len(errors) > 5:
                lines.append(self.tr("…and %n more.", "", len(errors) - 5))
            return "\n".join(lines)
        warnings = report.warning_count
        text = self.tr("%n example(s), no errors", "", report.valid_examples)
        text += " · " + self.tr("%1 tokens").replace("%1", f"{report.tokens.total:,}")
        if warnings:
            text += " · " + self.tr("%n warning(s) (see the editor)", "", warnings)
        return text

    def _where(self, issue: Issue) -> str:
        if not issue.line:
            return ""
        if issue.last_line and issue.last_line > issue.line:
            return self.tr("Lines %1–%2").replace("%1", str(issue.line)).replace(
                "%2", str(issue.last_line)
            )
        return self.tr("Line %1").replace("%1", str(issue.line))

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
        active = self.w.context.active_profile_id
        lang = self.w.context.effective_language
        for profile in self.w.context.profiles():
            self.provider.addItem(profile.shown_name(lang), profile.id)
        index = self.provider.findData(active) if active else -1
        self.provider.setCurrentIndex(max(0, index))
        self.provider.blockSignals(False)
        self._provider_changed()

    def _local_model_arrived(self, name: str) -> None:
        self._select_after_load = name
        self._provider_changed()

    def _local_models_changed(self, _name: str = "") -> None:
        if self.w.provider_kind() is ProviderKind.LOCAL_ENGINE and not self._loading_models:
            self._select_after_load = self._select_after_load or self.w.model_id()
            self._provider_changed()

    def _set_up_provider(self) -> None:
        """To the Providers panel; the wizard closes, Fine-tune… brings it back."""
        self.w.context.show_panel_requested.emit("settings")
        self.w.reject()

    def _provider_changed(self, *_args: object) -> None:
        provider_id = self.w.provider_id()
        self.get_model.setVisible(self.w.provider_kind() is ProviderKind.LOCAL_ENGINE)
        self.w.models = []
        self.w.engine_facts = None
        self.model.clear()
        self.completeChanged.emit()
        self.set_up_provider.setVisible(provider_id is None)
        if provider_id is None:
            self.say(self.model_note, lambda: self.tr(
                "Choose where to train first: this computer (private and free) or a provider "
                "with an API key."))
            return
        self._loading_models = True
        self.model_note.setStyleSheet(_NOTE_STYLE)
        self.say(self.model_note, lambda: self.tr("Asking the provider for its models…"))
        if self._models_task is not None:
            self._models_task.cancel()
        self._models_task = self.w.run(self._load_models(provider_id))

    async def _load_models(self, provider_id: str) -> None:
        try:
            models = await self.w.jobs.models(provider_id)
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            self._loading_models = False
            if self.w.provider_id() == provider_id:
                self.model_note.setStyleSheet(_ERROR_STYLE)
                self.say(self.model_note, _explained(exc))
            return
        self._loading_models = False
        if self.w.provider_id() != provider_id:
            return
        self.w.models = list(models)
        self._fill_models()
        if self.w.is_engine():
            try:
                facts = await self.w.jobs.engine_facts(provider_id)
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # the review page then says less, nothing breaks
                log.info("engine facts unavailable: %s", exc)
                return
            if self.w.provider_id() == provider_id:
                self.w.engine_facts = facts

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
            # The name the user chose for a fine-tune ("airport"), not a shortened id that
            # cuts it away; the full id is on hover and in the note under the picker.
            text = model_label(info.id)
            if info.shutdown_date is not None:
                text += "  " + self.tr("(shuts down %1)").replace(
                    "%1", info.shutdown_date.isoformat()
                )
            self.model.addItem(text, info.id)
            self.model.setItemData(self.model.count() - 1, info.id,
                                   Qt.ItemDataRole.ToolTipRole)
        wanted, self._select_after_load = self._select_after_load, None
        provider_id = self.w.provider_id()
        if wanted is None and provider_id and not continuing:
            wanted = self.w.context.last_base_model(provider_id)
        if wanted is not None and self.model.findData(wanted) >= 0:
            self.model.setCurrentIndex(self.model.findData(wanted))
        self.model.blockSignals(False)
        if not shown:
            self.model_note.setStyleSheet(_NOTE_STYLE)
            local = self.w.provider_kind() is ProviderKind.LOCAL_ENGINE

            def note() -> str:
                if continuing:
                    return self.tr("This provider has no fine-tuned models of yours yet.")
                if local:
                    return self.get_model.no_model_note()
                return self.tr("This provider offers no model that can be fine-tuned.")

            self.say(self.model_note, note)
        self._model_changed()

    def _model_changed(self, *_args: object) -> None:
        model_id = self.w.model_id()
        info = next((m for m in self.w.models if m.id == model_id), None)
        self.w.limits = None
        self.w.estimate = None
        self.limits_note = ""
        if self._limits_task is not None:
            self._limits_task.cancel()
        provider_id = self.w.provider_id()
        if info is not None and provider_id and self.w.features().provider_limits:
            self._limits_task = self.w.run(self._load_limits(provider_id, info.id))
        if info is not None:
            openai = self.w.provider_kind() is ProviderKind.OPENAI
            continuing = self.continue_ft.isChecked()
            shutdown = info.shutdown_date

            def notes() -> str:
                said = []
                if display_name(info.id) != info.id:
                    said.append(self.tr("Model id: %1.").replace("%1", info.id))
                if openai:
                    said.append(self.tr(
                        "OpenAI takes no new fine-tuning jobs from %1; This computer and "
                        "Together AI take the same examples."
                    ).replace("%1", long_date(OPENAI_FINE_TUNING_ENDS, self._lang())))
                if continuing:
                    said.append(
                        self.tr("Training continues from this fine-tuned model with your new "
                                "examples; the original stays as it is.")
                    )
                if shutdown is not None:
                    said.append(
                        self.tr("The provider retires this model on %1; a fine-tune of it "
                                "stops working then too.").replace("%1", shutdown.isoformat())
                    )
                return " ".join(said)

            self.model_note.setStyleSheet(_NOTE_STYLE)
            self.say(self.model_note, notes)
        elif self.w.models:
            self.say(self.model_note, str)
        self.completeChanged.emit()

    def _lang(self) -> str:
        return self.w.context.effective_language

    async def _load_limits(self, provider_id: str, model: str) -> None:
        """The provider's limits for the chosen model, before its settings are typed."""
        self.limits_note = self.tr("Asking the provider for this model's limits…")
        try:
            limits = await self.w.jobs.training_limits(provider_id, model)
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            if self.w.model_id() == model:
                self.limits_note = explain(exc).as_text()
                self.model_note.setStyleSheet(_ERROR_STYLE)
                self.say(self.model_note, _explained(exc))
            return
        if self.w.model_id() == model and self.w.provider_id() == provider_id:
            self.w.limits = limits
            self.limits_note = ""
            self.w.settings_page.limits_changed()

    def retranslate_ui(self) -> None:
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
        self.set_up_provider.setText(self.tr("Choose where to train…"))
        links = (
            (HelpTopic.WHICH_METHOD, self.tr("Is fine-tuning the right method?")),
            (HelpTopic.HOW_MANY_EXAMPLES, self.tr("How many examples do I need?")),
        )
        self.help_links.setText(links_html(links))
        self._update_methods()
        lang = self.w.context.effective_language
        for row in range(self.provider.count()):
            profile = self.w.context.profile(str(self.provider.itemData(row)))
            if profile is not None:  # "This computer" reads as 這台電腦 in Chinese
                self.provider.setItemText(row, profile.shown_name(lang))


# ============================================================================ page 2


@dataclass
class _Row:
    spec: HyperparameterSpec
    auto: QCheckBox
    field: NumberField
    name: QLabel
    note: QLabel


class SettingsPage(Retranslating, QWizardPage):
    def __init__(self, wizard: LaunchWizard) -> None:
        super().__init__()
        self.w = wizard
        self.file_dialog: QFileDialog | None = None
        self.rows: dict[str, _Row] = {}
        self.grid = QGridLayout()
        self.grid.setColumnStretch(3, 1)
        self.hyper_box = QGroupBox()
        self.hyper_box.setLayout(self.grid)
        for row_index, spec in enumerate(ALL_SETTINGS.values()):
            # Typed numbers are kept as typed and checked against the provider's limits
            # (said under the settings); a spin box would clamp "100" to "10" unsaid.
            field = NumberField(whole=spec.kind is int, minimum=spec.minimum,
                                maximum=spec.maximum, step=spec.step)
            field.setMaximumWidth(120)
            field.setValue(self._default(spec))
            field.value_changed.connect(self.limits_changed)
            field.setEnabled(False)
            auto = QCheckBox()
            auto.setChecked(True)
            auto.toggled.connect(lambda on, f=field: f.setEnabled(not on))
            auto.toggled.connect(lambda _on: self.limits_changed())
            name = QLabel()
            note = QLabel()
            note.setWordWrap(True)
            note.setStyleSheet(_NOTE_STYLE)
            # The explanation sits beside its setting, full width, so it stays one line.
            self.grid.addWidget(name, row_index, 0)
            self.grid.addWidget(auto, row_index, 1)
            self.grid.addWidget(field, row_index, 2)
            self.grid.addWidget(note, row_index, 3)
            # Wrapped, not cut: at 1024 px the longest explanation takes two lines.
            note.setWordWrap(True)
            note.setMinimumWidth(0)
            note.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            self.grid.setColumnStretch(3, 1)
            self.rows[spec.key] = _Row(spec, auto, field, name, note)
        # Continuing from a fine-tuned model: the LoRA shape is the earlier model's.
        self.fixed_note = QLabel()
        self.fixed_note.setWordWrap(True)
        self.fixed_note.setStyleSheet(_NOTE_STYLE)
        self.fixed_note.hide()
        self.layers_advice = QLabel()
        self.layers_advice.setWordWrap(True)
        self.layers_advice.setStyleSheet(_NOTE_STYLE)
        # The provider's own limits for the chosen model, and any value outside them.
        self.limits_label = QLabel()
        self.limits_label.setWordWrap(True)
        self.limits_label.setStyleSheet(_NOTE_STYLE)
        self.limits_problem = QLabel()
        self.limits_problem.setWordWrap(True)
        self.limits_problem.setStyleSheet(_ERROR_STYLE)
        self.limits_problem.hide()
        self._broken: list[str] = []

        # LoRA or full fine-tuning, for providers that offer both.
        self.lora = QRadioButton()
        self.full = QRadioButton()
        self.lora.setChecked(True)
        self.type_group = QButtonGroup(self)
        self.type_group.addButton(self.lora)
        self.type_group.addButton(self.full)
        self.type_note = QLabel()
        self.type_note.setWordWrap(True)
        self.type_note.setStyleSheet(_NOTE_STYLE)
        self.type_box = QGroupBox()
        type_layout = QVBoxLayout(self.type_box)
        type_row = QHBoxLayout()
        type_row.addWidget(self.lora)
        type_row.addWidget(self.full)
        type_row.addStretch(1)
        type_layout.addLayout(type_row)
        type_layout.addWidget(self.type_note)
        self.lora.toggled.connect(lambda _on: self._show_rows())

        self.suffix = QLineEdit()
        self.suffix.setMaxLength(40)
        self.seed_auto = QCheckBox()
        self.seed_auto.setChecked(True)
        seed_spec = LIMITS["seed"]
        self.seed = NumberField(whole=True, minimum=seed_spec.minimum,
                                maximum=seed_spec.maximum)
        self.seed.setMaximumWidth(140)
        self.seed.setValue(42)
        self.seed.setEnabled(False)
        self.seed.value_changed.connect(self.limits_changed)
        self.seed_auto.toggled.connect(lambda on: self.seed.setEnabled(not on))
        self.seed_auto.toggled.connect(lambda _on: self.limits_changed())
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
        self.split_percent = NumberField(whole=True, minimum=SPLIT_PERCENT[0],
                                         maximum=SPLIT_PERCENT[1])
        self.split_percent.setMaximumWidth(60)
        self.split_percent.setValue(10)
        self.split_percent.value_changed.connect(self.limits_changed)
        self.split_percent.value_changed.connect(self._show_split_note)
        self.split_percent_unit = QLabel("%")
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
        split_row = QHBoxLayout()
        split_row.addWidget(self.split_percent)
        split_row.addWidget(self.split_percent_unit)
        valid_layout.addLayout(split_row, 1, 1)
        valid_layout.addWidget(self.valid_file, 2, 0)
        valid_layout.addWidget(self.valid_choose, 2, 1)
        valid_layout.addWidget(self.valid_file_label, 3, 0, 1, 3)
        valid_layout.addWidget(self.split_note, 4, 0, 1, 3)
        valid_layout.setColumnStretch(2, 1)
        self.valid_choose.clicked.connect(self._choose_validation)
        for button in (self.valid_none, self.valid_split, self.valid_file):
            button.toggled.connect(lambda _on: self._validation_mode_changed())

        layout = scrolling_layout(self)
        layout.addWidget(self.type_box)
        layout.addWidget(self.hyper_box)
        layout.addWidget(self.limits_label)
        layout.addWidget(self.limits_problem)
        layout.addWidget(self.fixed_note)
        layout.addWidget(self.layers_advice)
        layout.addWidget(self.name_box)
        layout.addWidget(self.valid_box)
        layout.addStretch(1)
        self.retranslate_ui()

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
            "learning_rate": 1e-5,
            "n_evals": DEFAULT_EVALUATIONS,
        }.get(spec.key, spec.minimum)

    def wanted(self) -> list[HyperparameterSpec]:
        """The settings this provider takes, for this method, training type and validation."""
        kind = self.w.provider_kind() or ProviderKind.LOCAL_ENGINE
        return settings_shown(
            kind, self.w.method(), training_type=self.w.training_type(),
            validation=self.validation_mode() != "none",
        )

    def _show_rows(self) -> None:
        wanted = {s.key for s in self.wanted()}
        for key, row in self.rows.items():
            visible = key in wanted
            for widget in (row.auto, row.field, row.name, row.note):
                widget.setVisible(visible)
        self._show_fixed_rows()
        self.limits_changed()

    # -- what the provider accepts --------------------------------------------------------

    def accepted_range(self, spec: HyperparameterSpec) -> tuple[Range, Callable[[], str]]:
        """The range a setting may take with this provider and model, and who says so
        (words for "… is more than %2 accepts")."""
        kind = self.w.provider_kind()
        limits = self.w.limits
        if limits is not None:
            stated = limits.range_for(
                spec.key, self.w.training_type() or TrainingType.LORA, self.w.method())
            if stated is not None:
                name = self._provider_label()
                return stated, lambda: self.tr("%1 for this model").replace("%1", name)
        if kind in (ProviderKind.OPENAI, ProviderKind.AZURE_OPENAI) and spec.openai_maximum:
            name = self._provider_label()
            return Range(spec.minimum, spec.openai_maximum), lambda: name
        if kind is not None and kind.is_engine:
            return Range(spec.minimum, spec.maximum), lambda: self.tr("the engine")
        return Range(spec.minimum, spec.maximum), lambda: self.tr("this app")

    def _provider_label(self) -> str:
        kind = self.w.provider_kind()
        return kind.label.get(self.w.context.effective_language) if kind else ""

    def limits_changed(self) -> None:
        """Give each number its provider's range and say every value outside it.

        A value outside is never moved into range: the page says which limit it breaks
        and does not go on until the user changes it."""
        if not hasattr(self, "type_box"):
            return  # still being built (a field's first value)
        limits = self.w.limits
        self.type_box.setVisible(self.w.features().training_types)
        if limits is not None:
            self.lora.setEnabled(TrainingType.LORA in limits.training_types)
            self.full.setEnabled(TrainingType.FULL in limits.training_types)
        stated, broken = [], []
        for spec in self.wanted():
            row = self.rows[spec.key]
            accepted, who = self.accepted_range(spec)
            row.field.set_limits(accepted.minimum, accepted.maximum, who)
            if limits is not None and limits.range_for(
                    spec.key, self.w.training_type() or TrainingType.LORA, self.w.method()):
                stated.append(f"{row.name.text()} {spec.shown(accepted.minimum)}–"
                              f"{spec.shown(accepted.maximum)}")
            problem = row.field.problem() if row.field.isEnabled() else None
            if problem:
                broken.append(self.tr("%1: %2").replace("%1", row.name.text())
                              .replace("%2", problem))
        for label, field in ((self.seed_label, self.seed),
                             (self.valid_split, self.split_percent)):
            if field.isEnabled() and (problem := field.problem()):
                name = label.text().replace("&", "")
                broken.append(self.tr("%1: %2").replace("%1", name).replace("%2", problem))
        note = self.w.data_page.limits_note
        if limits is not None and stated:
            self.limits_label.setText(
                self.tr("The provider's limits for %1: %2.")
                .replace("%1", limits.model).replace("%2", self.tr(", ").join(stated))
            )
        else:
            self.limits_label.setText(note)
        self.limits_label.setVisible(bool(self.limits_label.text()))
        self._broken = broken
        self.limits_problem.setText("\n".join(broken))
        self.limits_problem.setVisible(bool(broken))
        self.completeChanged.emit()

    def problems(self) -> bool:
        """Whether a value is outside what is accepted (kept as state: a label's
        visibility also depends on its window's)."""
        return bool(self._broken)

    # -- continuing from a fine-tuned model ------------------------------------------------

    def _show_fixed_rows(self) -> None:
        """Continuing from a fine-tune trains its LoRA add-on further, so the add-on's
        shape (rank, alpha, layers) is the earlier model's: shown, fixed, and why."""
        continuing = self.w.data_page.continue_ft.isChecked()
        earlier = self.w.model_id() or ""
        values = self.w.jobs.lora_of(earlier) if continuing else {}
        wanted = {spec.key for spec in self.wanted()}
        fixed = [key for key in FIXED_WHEN_CONTINUING if key in wanted]
        for key in FIXED_WHEN_CONTINUING:
            row = self.rows[key]
            if continuing and key in fixed:
                row.auto.setChecked(True)
                row.auto.setEnabled(False)
                row.field.setEnabled(False)
                value = values.get(key)
                row.field.setValue(value)
                row.field.setPlaceholderText(self.tr("as before"))
            else:
                row.auto.setEnabled(True)
                row.field.setPlaceholderText("")
                if not row.field.text():
                    row.field.setValue(self._default(row.spec))
        shown = continuing and bool(fixed)
        self.fixed_note.setVisible(shown)
        if shown:
            name = model_label(earlier)
            self.say(self.fixed_note, lambda: self.tr(
                "LoRA rank, alpha and layers are fixed: training continues the add-on of "
                "%1, so its shape stays as it was trained.").replace("%1", name))

    def initializePage(self) -> None:
        self._show_rows()
        checked = self.w.checked
        n = checked.report.valid_examples if checked else 0
        self.layers_advice.setVisible(self.w.is_engine())
        self.layers_advice.setText(
            self.tr("With few examples (%1 here), training only the top layers and leaving the "
                    "lower ones frozen keeps the model from memorising instead of learning. "
                    "Under 100 examples: try a quarter of the layers.").replace("%1", str(n))
        )
        epochs = self.rows["n_epochs"]
        if epochs.auto.isChecked():
            epochs.field.setValue(auto_epochs(self.w.provider_kind(), n))
        splittable = can_split(n)
        self.valid_split.setEnabled(splittable)
        if not splittable and self.valid_split.isChecked():
            self.valid_none.setChecked(True)
        self._validation_mode_changed()

    def _show_split_note(self) -> None:
        checked = self.w.checked
        n = checked.report.valid_examples if checked else 0
        if not can_split(n):
            self.split_note.setText(
                self.tr("Holding out needs at least %1 examples (providers want %2 in each "
                        "file); this file has %3.")
                .replace("%1", str(2 * MIN_EXAMPLES_PER_FILE))
                .replace("%2", str(MIN_EXAMPLES_PER_FILE))
                .replace("%3", str(n)))
            self.split_note.show()
            return
        held = held_out_count(n, self.split_fraction())
        asked = round(n * self.split_fraction())
        self.split_note.setVisible(self.valid_split.isChecked() and held > asked)
        self.split_note.setText(
            self.tr("%1 % of %2 examples would be %3; %4 are held out, the fewest a provider "
                    "takes in a file, and %5 are left to learn from.")
            .replace("%1", str(round(self.split_fraction() * 100)))
            .replace("%2", str(n)).replace("%3", str(asked))
            .replace("%4", str(held)).replace("%5", str(n - held)))

    def values(self) -> dict[str, float | int | None]:
        wanted = {s.key for s in self.wanted()}
        out: dict[str, float | int | None] = {}
        for key, row in self.rows.items():
            value = row.field.value()
            if key in wanted and not row.auto.isChecked() and value is not None:
                out[key] = int(value) if row.spec.kind is int else float(value)
        return out

    def split_fraction(self) -> float:
        value = self.split_percent.value()
        return (value if value is not None else 10) / 100

    def seed_value(self) -> int | None:
        value = self.seed.value()
        return None if self.seed_auto.isChecked() or value is None else int(value)

    def validation_mode(self) -> str:
        if self.valid_split.isChecked():
            return "split"
        if self.valid_file.isChecked():
            return "file"
        return "none"

    def isComplete(self) -> bool:
        if self.problems():
            return False
        if self.validation_mode() == "file":
            checked = self.w.validation_checked
            return checked is not None and not checked.report.has_errors
        return True

    def _validation_mode_changed(self) -> None:
        self.split_percent.setEnabled(self.valid_split.isChecked())
        self._show_split_note()
        self.valid_choose.setEnabled(self.valid_file.isChecked())
        self._show_rows()  # evaluations during training matter only with validation

    def _choose_validation(self) -> None:
        self.file_dialog = choose_path(
            self, self.tr("Choose a validation file"), self.set_validation_file,
            name_filter=self.tr("JSON Lines (*.jsonl)"),
        )

    def set_validation_file(self, path: Path) -> None:
        self.valid_file.setChecked(True)
        self.valid_file_label.setText(self.tr("Checking %1…").replace("%1", path.name))
        self.w.run(self._check_validation(path))

    async def _check_validation(self, path: Path) -> None:
        model = self.w.model_id() or _CHECK_MODEL
        try:
            data = await asyncio.to_thread(path.read_bytes)
            checked = await asyncio.to_thread(
                check_examples, data, path.name, path, model=model
            )
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

    def retranslate_ui(self) -> None:
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
            "learning_rate": self.tr("Learning rate"),
            "n_evals": self.tr("Evaluations"),
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
            "learning_rate": self.tr("How big each adjustment is (Together's default is "
                                     "0.00001). Lower if the loss jumps around."),
            "n_evals": self.tr("How many times the held-out examples are scored during "
                               "training (Auto: 5)."),
        }
        for key, row in self.rows.items():
            row.name.setText(names[key])
            row.note.setText(notes[key])
            row.note.setToolTip(notes[key])
            row.field.set_hint(notes[key])
            row.auto.setText(self.tr("Auto"))
        self.type_box.setTitle(self.tr("LoRA or full fine-tuning"))
        self.lora.setText(self.tr("LoRA (a small add-on; cheaper, faster)"))
        self.full.setText(self.tr("Full (changes every weight; costs more)"))
        self.type_note.setText(self.tr(
            "LoRA suits most uses: style, format, vocabulary. Full fine-tuning can go further "
            "when LoRA's results stop improving."))
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
        self.limits_changed()  # the problems under the settings are words too


# ============================================================================ page 3


class ReviewPage(Retranslating, QWizardPage):
    def __init__(self, wizard: LaunchWizard) -> None:
        super().__init__()
        self.w = wizard
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.privacy_note = QLabel()
        self.privacy_note.setWordWrap(True)
        self.privacy_note.setStyleSheet(_NOTE_STYLE)
        self.privacy_button = QPushButton()
        self.privacy_button.clicked.connect(self.check_privacy)
        privacy_row = QHBoxLayout()
        privacy_row.addWidget(self.privacy_note, 1)
        privacy_row.addWidget(self.privacy_button, 0, Qt.AlignmentFlag.AlignTop)
        # For a provider that prices a job from the uploaded examples (Together).
        self.estimate_button = QPushButton()
        self.estimate_button.clicked.connect(self.ask_price)
        self.estimate_note = QLabel()
        self.estimate_note.setWordWrap(True)
        self.estimate_note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        estimate_row = QHBoxLayout()
        estimate_row.addWidget(self.estimate_note, 1)
        estimate_row.addWidget(self.estimate_button, 0, Qt.AlignmentFlag.AlignTop)
        self._estimate_task: asyncio.Task[None] | None = None
        self._estimate_failed = False
        self.confirm = QCheckBox()
        self.confirm.toggled.connect(lambda _on: self.completeChanged.emit())
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.hide()
        self.stage = QLabel()
        self.stage.setWordWrap(True)
        self.error = ErrorLabel()
        self.error.setStyleSheet(_ERROR_STYLE)
        self.error.hide()
        layout = scrolling_layout(self)
        layout.addWidget(self.summary)
        layout.addLayout(estimate_row)
        layout.addLayout(privacy_row)
        layout.addSpacing(8)
        layout.addWidget(self.confirm)
        layout.addWidget(self.stage)
        layout.addWidget(self.progress)
        layout.addWidget(self.error)
        layout.addStretch(1)
        self.cost_usd: float | None = None
        self.privacy_dialog: PrivacyDialog | None = None
        self._privacy_task: asyncio.Task[None] | None = None
        wizard.launch_progress.connect(self._on_progress)
        self.retranslate_ui()

    def initializePage(self) -> None:
        self.error.hide()
        self.stage.clear()
        self.progress.hide()
        w = self.w
        plan = w.plan()
        # Settings may have changed since a price was given: ask again. The files stay
        # with the provider as long as they are the same examples.
        w.estimate = None
        self._estimate_failed = False
        if w.uploaded is not None and (plan is None or w.uploaded.fingerprint
                                       != plan_fingerprint(plan)):
            w.uploaded = None
        self._prepare()
        if w.uploaded is not None and w.features().price_estimate:
            self.ask_price()

    def _prepare(self) -> None:
        w = self.w
        plan = w.plan()
        if plan is None:
            return
        settings = plan.settings
        train, valid = plan.parts()
        n_train = len(train)
        epochs_value = settings.values.get("n_epochs")
        numbers = forecast(plan, w.provider_kind())
        per_epoch, epochs, trained = numbers.per_epoch, numbers.epochs, numbers.trained
        engine = w.is_engine()
        priced_by_provider = w.features().price_estimate
        self.cost_usd = None if engine else estimate_cost(trained, settings.model)
        estimate = w.estimate
        if priced_by_provider:
            self.cost_usd = estimate.usd if estimate is not None else None
        if engine:
            cost_text = self.tr("Free: it runs on your own engine.")
        elif priced_by_provider and self.cost_usd is not None:
            cost_text = (self.tr("US$%1 (%2's price estimate)")
                         .replace("%1", _usd(self.cost_usd))
                         .replace("%2", self._provider_label()))
        elif priced_by_provider:
            cost_text = (self.tr("The provider could not estimate this job.")
                         if estimate is not None or self._estimate_failed
                         else self.tr("The provider prices the job once it has checked the "
                                      "examples: use the button below."))
        elif self.cost_usd is None:
            cost_text = self.tr("Unknown: no price is known for this model. Check the "
                                "provider's price list.")
        else:
            cost_text = self.tr("about US$%1 (estimate; the provider bills its own count)")
            cost_text = cost_text.replace("%1", _usd(self.cost_usd))
        facts = w.engine_facts if engine else None
        shape = facts.shapes.get(settings.model) if facts is not None else None
        timing = estimate_seconds(
            trained,
            provider_id=plan.provider_id,
            model=settings.model,
            engine=engine,
            history=w.jobs.finished_runs(),
            parameters=shape.parameters if shape is not None else None,
            device=facts.device if facts is not None else None,
        )
        time_text = self._time_text(timing, engine)
        device_rows = []
        if facts is not None:
            need = self._memory_need(facts, settings.model, settings.values,
                                     plan.training.report.example_tokens, n_train)
            device_rows.append((self.tr("Runs on"), self._device_text(facts, need)))
        auto_note = "" if epochs_value else " " + self.tr("(auto)")
        valid_text = (
            self.tr("%n example(s) held out to measure progress", "", len(valid))
            if valid
            else self.tr("none")
        )
        training_type = w.training_type()
        rows = [
            (self.tr("Provider"), w.data_page.provider.currentText()),
            (self.tr("Base model"), settings.model),
            (self.tr("Method"), self.tr("DPO") if settings.method is Method.DPO
             else self.tr("Supervised")),
            *([(self.tr("Training"), self.tr("Full fine-tuning")
                if training_type is TrainingType.FULL else self.tr("LoRA"))]
              if training_type is not None else []),
            (self.tr("Training examples"), f"{n_train:,}"),
            (self.tr("Validation"), valid_text),
            (self.tr("Tokens per epoch"), f"{per_epoch:,}"),
            (self.tr("Epochs"), f"{epochs}{auto_note}"),
            (self.tr("Tokens to train (estimate)"), self._tokens_text(trained)),
            (self.tr("Estimated cost"), cost_text),
            (self.tr("Estimated time"), time_text),
            *device_rows,
        ]
        html = "<table cellspacing='4'>" + "".join(
            f"<tr><td><b>{_html(k)}</b></td><td>{_html(v)}</td></tr>" for k, v in rows
        ) + "</table>"
        self.summary.setText(html)
        self._show_privacy_note()
        self._show_estimate_state()
        self.confirm.setChecked(False)
        if priced_by_provider and self.cost_usd is not None:
            self.confirm.setText(
                self.tr("I understand this may cost about US$%1 (the provider's estimate)")
                .replace("%1", _usd(self.cost_usd)))
        elif engine:
            # currentText is the provider's name in the language shown (shown_name).
            self.confirm.setText(self.tr("Start training on %1").replace(
                "%1", w.data_page.provider.currentText()))
        elif self.cost_usd is not None:
            self.confirm.setText(
                self.tr("I understand this may cost about US$%1").replace(
                    "%1", _usd(self.cost_usd))
            )
        else:
            self.confirm.setText(self.tr("I understand the provider will bill this training"))

    @staticmethod
    def _memory_need(
        facts: EngineFacts, model: str, values: Mapping[str, Any], tokens: Sequence[int],
        n_train: int,
    ) -> MemoryEstimate | None:
        """What the engine's memory check will find (core.training_memory), with the
        examples' token counts standing in for the model's own tokenizer."""
        shape = facts.shapes.get(model)
        if shape is None or not tokens:
            return None
        batch = int(values.get("batch_size") or default_batch_size(n_train))
        lengths = sorted((min(n, DEFAULT_MAX_LENGTH) for n in tokens), reverse=True)
        layers = values.get("trainable_layers")
        return training_memory(
            shape, device=facts.device.kind, weight_bytes=facts.device.weight_bytes,
            batch_size=batch, longest_tokens=lengths[0], batch_tokens=sum(lengths[:batch]),
            lora_r=int(values.get("lora_r") or DEFAULT_LORA_R),
            trainable_layers=int(layers) if layers else None,
            full_embeddings=shape.parameters < SMALL_MODEL_PARAMETERS,
        )

    def _device_text(self, facts: EngineFacts, need: MemoryEstimate | None) -> str:
        """'AMD EPYC, 2 cores: needs about 2.9 GB of the 17.1 GB free'."""
        device = facts.device
        text = device.name
        if need is not None and device.free_memory is not None:
            words = (self.tr("%1: needs about %2 of the %3 free")
                     if memory_fit(need.total, device) is not Fit.TOO_BIG
                     else self.tr("%1: too big, it needs about %2 but only %3 is free; "
                                  "the engine will refuse it. Choose a smaller batch size "
                                  "or model."))
            text = (words.replace("%1", device.name)
                    .replace("%2", format_memory(need.total))
                    .replace("%3", format_memory(device.free_memory)))
        elif need is not None:
            text = self.tr("%1: needs about %2").replace("%1", device.name).replace(
                "%2", format_memory(need.total))
        if device.note:
            text += " (" + device.note + ")"
        return text
    def _tokens_text(self, trained: int) -> str:
        """The prediction, and what it counts: providers count with their own tokenizers,
        so the job later reports another number; saying so keeps both honest."""
        kind = self.w.provider_kind()
        counted = f"{trained:,}"
        if kind is not None and kind.is_engine:
            return self.tr(
                "%1 (counted with OpenAI's tokenizer: every message of each example, times "
                "the epochs). The engine counts with the model's own tokenizer, so the job "
                "reports a different number.").replace("%1", counted)
        if kind in (ProviderKind.OPENAI, ProviderKind.AZURE_OPENAI):
            return self.tr("%1 (every message of each example, times the epochs: what "
                           "OpenAI bills)").replace("%1", counted)
        return self.tr(
            "%1 (counted with OpenAI's tokenizer: every message of each example, times the "
            "epochs). The provider counts with its own tokenizer, so its number differs."
        ).replace("%1", counted)

    def _show_privacy_note(self) -> None:
        kind = self.w.provider_kind()
        if kind is not None and leaves_the_computer(kind):
            self.privacy_note.setText(self.tr(
                "Before anything is uploaded, the examples are checked for personal data "
                "(national ID numbers, phone numbers, e-mail addresses, card numbers, keys); "
                "you decide what happens to any that are found."
            ))
        else:
            self.privacy_note.setText(self.tr(
                "The examples stay on this computer, so nothing is checked before training. "
                "You can still look for personal data a fine-tuned model could repeat."
            ))

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
        measured = estimate.measurement
        if estimate.basis is Basis.MEASURED and measured is not None:
            cores = str(measured.cores or "?")
            if estimate.same_size:
                text = self.tr("about %1, from a training speed measured on a %2-core "
                               "computer with a model of the same size")
            else:
                text = self.tr("about %1, from a training speed measured on a %2-core "
                               "computer with a %3 B-parameter model, scaled to this "
                               "model's size").replace("%3", f"{measured.parameters / 1e9:.2f}")
            text = text.replace("%1", duration).replace("%2", cores)
            if estimate.scaled_to_cores:
                text = self.tr("%1 (scaled to the engine's %n core(s))", "",
                               estimate.scaled_to_cores).replace("%1", text)
            return text
        text = self.tr("roughly %1 (a guess until training starts; the job list then "
                       "shows a measured estimate)").replace("%1", duration)
        if not engine:
            text += " " + self.tr("including time waiting in the provider's queue")
        return text

    def isComplete(self) -> bool:
        running = self.w.launch_task is not None and not self.w.launch_task.done()
        return (self.confirm.isChecked() and self.confirm.isEnabled() and not running
                and self.w.created_job is None)

    # -- the provider's price ----------------------------------------------------------------

    def _show_estimate_state(self) -> None:
        w = self.w
        priced = w.features().price_estimate
        self.estimate_button.setVisible(priced)
        self.estimate_note.setVisible(priced)
        busy = self._estimate_task is not None and not self._estimate_task.done()
        self.estimate_button.setEnabled(not busy and w.estimate is None)
        # The price comes first: confirming a cost nobody stated is no confirmation.
        self.confirm.setEnabled(not priced or w.estimate is not None or self._estimate_failed)
        if not priced:
            return
        estimate = w.estimate
        if busy:
            return
        if estimate is None:
            self.estimate_note.setStyleSheet(_NOTE_STYLE)
            self.estimate_note.setText(self.tr(
                "The provider prices a job only from uploaded examples. Uploading now runs "
                "the personal-data check first; the same upload is then used for the job, "
                "and nothing is trained until you start it."))
            return
        lines = []
        if estimate.usd is not None:
            lines.append(self.tr("%2's price estimate: US$%1.")
                         .replace("%1", _usd(estimate.usd))
                         .replace("%2", self._provider_label()))
        if estimate.train_tokens:
            lines.append(self.tr("It counts %1 tokens to train on.")
                         .replace("%1", f"{estimate.train_tokens:,}"))
        style = _NOTE_STYLE
        if estimate.allowed is False:
            style = _ERROR_STYLE
            limit = estimate.credit_limit_usd
            lines.append(
                self.tr("%2 says the account cannot pay for this job now (credit limit "
                        "US$%1): add credit first, or the job may be cancelled.")
                .replace("%1", f"{limit:,.2f}" if limit is not None else "?")
                .replace("%2", self._provider_label()))
        self.estimate_note.setStyleSheet(style)
        text = lines[0] if lines else ""
        for line in lines[1:]:
            # English puts a space between sentences; Chinese, after "。", does not.
            text = self.tr("%1 %2", "one sentence after another").replace(
                "%1", text).replace("%2", line)
        self.estimate_note.setText(text)

    def _provider_label(self) -> str:
        kind = self.w.provider_kind()
        lang = self.w.context.effective_language
        return kind.label.get(lang) if kind is not None else ""

    def ask_price(self) -> None:
        if self._estimate_task is None or self._estimate_task.done():
            self._estimate_task = self.w.run(self._ask_price())

    async def _ask_price(self) -> None:
        w = self.w
        plan = w.plan()
        if plan is None:
            return
        self.error.hide()
        self.estimate_button.setEnabled(False)
        self.estimate_note.setStyleSheet(_NOTE_STYLE)
        self.estimate_note.setText(self.tr("Asking the provider for its price…"))
        try:
            if w.uploaded is None:
                uploaded = await w.jobs.upload_for_estimate(
                    plan,
                    review_privacy=lambda findings: self._review_privacy(findings, plan),
                    progress=w.launch_progress.emit,
                )
                if uploaded is None:
                    return  # the user went back to fix the examples
                w.uploaded = uploaded
                self.progress.hide()
                self.stage.clear()
            w.estimate = await w.jobs.estimate_price(plan, w.uploaded)
            if w.estimate is None:
                self._estimate_failed = True
        except asyncio.CancelledError:
            raise
        except NothingLeftToUpload:
            self._fail(self._nothing_left)
            return
        except Exception as exc:
            log.info("price estimate failed: %s", exc)
            self._estimate_failed = w.uploaded is not None
            self._fail_with(exc, lambda words: self.tr(
                "Could not get the provider's price. %1").replace("%1", words))
        finally:
            self._estimate_task = None
            self._prepare()

    def validatePage(self) -> bool:
        if self.w.created_job is not None:
            return True
        if not self.isComplete():
            return False
        self.w.launch_task = self.w.run(self.launch())
        self.completeChanged.emit()
        return False

    # -- personal data ---------------------------------------------------------------------

    def check_privacy(self) -> None:
        """Look for personal data on request (the only check for "This computer")."""
        if self._privacy_task is None or self._privacy_task.done():
            self._privacy_task = self.w.run(self._check_privacy())

    async def _check_privacy(self) -> None:
        plan = self.w.plan()
        if plan is None:
            return
        self.privacy_button.setEnabled(False)
        self.stage.setText(self.tr("Looking for personal data…"))
        try:
            findings = await scan_plan(plan)
        finally:
            self.privacy_button.setEnabled(True)
            self.stage.clear()
        await self._ask(findings, plan, exclude=False)

    async def _review_privacy(self, findings: PrivacyFindings, plan: LaunchPlan) -> PrivacyChoice:
        """The service found personal data in examples about to leave the computer."""
        self.stage.setText(self.tr("Possible personal data was found: choose what to do in "
                                   "the window that opened."))
        return await self._ask(findings, plan, exclude=True)

    async def _ask(
        self, findings: PrivacyFindings, plan: LaunchPlan, *, exclude: bool
    ) -> PrivacyChoice:
        located = [
            LocatedFinding(f, plan.training.name, plan.training.path) for f in findings.training
        ]
        if plan.validation_file is not None:
            validation = plan.validation_file
            located += [
                LocatedFinding(f, validation.name, validation.path) for f in findings.validation
            ]
        going_to = self.w.data_page.provider.currentText() if exclude else ""
        dialog = PrivacyDialog(parent=self.w, findings=located, exclude=exclude,
                               going_to=going_to)
        self.privacy_dialog = dialog
        decided: asyncio.Future[str] = asyncio.get_running_loop().create_future()
        def answer(choice: str) -> None:
            if not decided.done():
                decided.set_result(choice)

        dialog.decided.connect(answer)
        dialog.open()
        try:
            choice = PrivacyChoice(await decided)
        except asyncio.CancelledError:
            dialog.close()  # the wizard was closed while the dialog was open
            raise
        chosen = dialog.chosen
        if choice is PrivacyChoice.FIX and chosen is not None:
            # To the editor at that example; the wizard closes, the user starts again after.
            path = chosen.file_path
            self.w.context.show_example_requested.emit(
                str(path) if path else "", chosen.finding.line - 1, chosen.finding.path
            )
            self.w.reject()
        return choice

    # -- the launch ------------------------------------------------------------------------

    async def launch(self) -> None:
        w = self.w
        plan = w.plan()
        if plan is None or plan.training.report.has_errors:
            return  # the first page does not let this happen; belt and braces
        self.error.hide()
        self.privacy_button.setEnabled(False)  # the launch runs its own check
        try:
            launched = await w.jobs.launch(
                plan,
                review_privacy=lambda findings: self._review_privacy(findings, plan),
                progress=w.launch_progress.emit,
                uploaded=w.uploaded,
            )
        except asyncio.CancelledError:
            self._stage(self.tr("Stopped."))
            raise
        except NothingLeftToUpload:
            self._fail(self._nothing_left)
            return
        except Exception as exc:
            log.info("launch failed: %s", exc)
            self._fail_with(exc, lambda words: self.tr(
                "Could not start the job. %1").replace("%1", words))
            return
        finally:
            self.privacy_button.setEnabled(True)
        if launched is None:
            return  # the user went back to fix the examples
        w.created_job = launched.job
        if not w.data_page.continue_ft.isChecked():
            w.context.remember_base_model(plan.provider_id, plan.settings.model)
        text = self.tr("Started. Follow it in the job list.")
        if launched.excluded:
            left_out = self.tr(
                "%n example(s) with personal data were left out.", "", launched.excluded
            )
            # English puts a space between sentences; Chinese, after "。", does not.
            text = self.tr("%1 %2", "one sentence after another").replace(
                "%1", text).replace("%2", left_out)
        self._stage(text)
        w.job_started.emit(job_key(launched.provider_id, launched.job.id))
        self.completeChanged.emit()
        w.accept()

    def _nothing_left(self) -> str:
        return self.tr("Every example holds personal data, so none is left to upload. Fix "
                       "them in the editor first.")

    def _fail(self, words: Callable[[], str]) -> None:
        self._stage("")
        self.progress.hide()
        self.error.show_words(words)
        self.error.show()
        self.completeChanged.emit()

    def _fail_with(self, error: BaseException, lead: Callable[[str], str]) -> None:
        """Say `error` (re-worded on a language switch); the provider's own answer is
        shown as such, a local failure's technical detail waits behind "Details"."""
        self._stage("")
        self.progress.hide()
        self.error.show_error(error, lead=lead, provider_kind=self.w.provider_kind())
        self.error.show()
        self.completeChanged.emit()

    def _on_progress(self, progress: LaunchProgress) -> None:
        stage = progress.stage
        if stage in (LaunchStage.UPLOADING_TRAINING, LaunchStage.UPLOADING_VALIDATION):
            self.stage.setText(
                self.tr("Uploading the examples…")
                if stage is LaunchStage.UPLOADING_TRAINING
                else self.tr("Uploading the validation examples…")
            )
            total = progress.total
            self.progress.setValue(int(100 * progress.sent / total) if total else 0)
            self.progress.show()
            return
        self.progress.hide()
        words = {
            LaunchStage.SCANNING: self.tr("Looking for personal data…"),
            LaunchStage.PROCESSING: self.tr("Waiting for the provider to process the file…"),
            LaunchStage.STARTING: self.tr("Starting the job…"),
        }
        if stage in words:
            self.stage.setText(words[stage])

    def _stage(self, text: str) -> None:
        self.stage.setText(text)

    def retranslate_ui(self) -> None:
        self.setTitle(self.tr("Check and start"))
        self.setSubTitle(self.tr("What will happen, what it costs, and how long it may take."))
        self.privacy_button.setText(self.tr("Check for personal data…"))
        self.estimate_button.setText(self.tr("Upload and get the provider's price"))
        if self.w.currentPage() is self:
            # The summary and the confirmation are words too; a switch keeps the tick.
            ticked = self.confirm.isChecked()
            self._prepare()
            self.confirm.setChecked(ticked)


def _explained(error: BaseException) -> Callable[[], str]:
    """The words for `error`, in the language shown when they are asked for."""
    return lambda: explain(error).as_text()


def _usd(amount: float) -> str:
    """Dollars as a person reads a price: 1,234.50, 0.42, and 0.0016 (not 0.00) for a
    job of a few cents' fraction."""
    if 0 < abs(amount) < 0.01:
        return f"{amount:.4f}"
    return f"{amount:,.2f}"


@dataclass(frozen=True)
class Forecast:
    """Tokens a plan trains on, as this app counts them (o200k, every message framed)."""

    per_epoch: int
    epochs: int
    trained: int


def forecast(plan: LaunchPlan, kind: ProviderKind | None) -> Forecast:
    train, _valid = plan.parts()
    n_train = len(train)
    # The held-out share of tokens is not trained on; scale rather than recount.
    share = n_train / max(1, len(plan.training.examples))
    epochs_value = plan.settings.values.get("n_epochs")
    epochs = int(epochs_value) if epochs_value else auto_epochs(kind, n_train)
    per_epoch = int(billed_tokens_per_epoch(plan.training.report.example_tokens,
                                            plan.settings.model) * share)
    return Forecast(per_epoch, epochs, per_epoch * epochs)


def auto_epochs(kind: ProviderKind | None, n_examples: int) -> int:
    """What "Auto" epochs come to: Together trains 1 unless told; OpenAI's rule elsewhere."""
    if kind is ProviderKind.TOGETHER:
        return 1
    return max(1, default_epochs(n_examples)) if n_examples else 3


def _current_task() -> asyncio.Task[Any] | None:
    try:
        return asyncio.current_task()
    except RuntimeError:  # called from Qt while no asyncio loop runs
        return None


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
