"""The settings panel: providers (add, edit, remove with undo, make active, test) and keys.

Everything that touches a provider or the keyring runs as a tracked asyncio task on the
qasync loop, so the window stays responsive, a busy indicator shows, and a connection test
can be cancelled. Failures are explained through `ui.errors.explain`.
"""

from __future__ import annotations

import asyncio
import errno
import logging
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from fine_tune_studio.core.providers import ProviderKind, ProviderProfile
from fine_tune_studio.services.client import ModelInfo
from fine_tune_studio.services.engine_setup import EngineEnvironment, SetupOptions
from fine_tune_studio.services.settings_store import SettingsSaveError
from fine_tune_studio.ui.context import AppContext, RemovedProfile, default_engine_factory
from fine_tune_studio.ui.errors import ErrorExplanation, explain
from fine_tune_studio.ui.i18n import SUPPORTED_LANGUAGES, language_display_name
from fine_tune_studio.ui.models.local_models_box import LocalModelsBox
from fine_tune_studio.ui.settings.engine_setup_dialog import EngineSetupDialog
from fine_tune_studio.ui.settings.first_run import FirstRunBox
from fine_tune_studio.ui.settings.key_status import KeyStatusBox
from fine_tune_studio.ui.settings.provider_form import FormError, ProviderForm
from fine_tune_studio.ui.widgets import Retranslating, named

log = logging.getLogger(__name__)

UNDO_SECONDS = 30


class SettingsPanel(Retranslating, QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        # The running (or last) connection test, for Cancel and for whoever waits on it.
        self.connection_test: asyncio.Task[Any] | None = None
        self._removed: RemovedProfile | None = None
        self._last_error: ErrorExplanation | None = None
        self._last_error_source: BaseException | None = None
        self._creating = False
        # How "Set up training on this computer…" installs (tests give a wheel folder).
        self.engine_setup_options = SetupOptions.from_environment
        self.engine_setup_dialog: EngineSetupDialog | None = None

        self.heading = named(QLabel(), "settingsHeading")
        font = QFont(self.heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.heading.setFont(font)
        self.key_status = KeyStatusBox()
        self.first_run = FirstRunBox(context.engine_available)
        # While the settings file cannot be written: said here, where the changes are made.
        self.save_problem = named(QLabel(wordWrap=True), "settingsSaveProblem")
        self.save_problem.setTextFormat(Qt.TextFormat.PlainText)
        self.save_problem.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.save_problem.setStyleSheet("color: #b3261e;")
        self.save_problem.hide()

        # Left: the providers.
        self.providers_list = named(QListWidget(), "providersList")
        self.providers_list.setMinimumWidth(140)
        self.providers_list.setWordWrap(True)
        self.providers_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.add_button = named(QPushButton(), "addProviderButton")
        self.remove_button = named(QPushButton(), "removeProviderButton")
        self.make_active_button = named(QPushButton(), "makeActiveButton")
        list_buttons = QHBoxLayout()
        for button in (self.add_button, self.remove_button):
            list_buttons.addWidget(button)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        self.providers_label = QLabel(wordWrap=True)
        left_layout.addWidget(self.providers_label)
        left_layout.addWidget(self.providers_list, 1)
        left_layout.addLayout(list_buttons)
        left_layout.addWidget(self.make_active_button)

        # Right: the selected provider.
        self.editor_box = named(QGroupBox(), "providerEditorBox")
        self.form = ProviderForm(context.effective_language)
        self.form_error = named(QLabel(wordWrap=True), "formError")
        self.form_error.setStyleSheet("color: #b3261e;")
        self.form_error.hide()
        self.save_button = named(QPushButton(), "saveProviderButton")
        self.test_button = named(QPushButton(), "testConnectionButton")
        self.cancel_test_button = named(QPushButton(), "cancelTestButton")
        self.cancel_test_button.hide()
        self.busy = named(QProgressBar(), "testBusy")
        self.busy.setRange(0, 0)  # indeterminate: a provider gives no progress to report
        self.busy.setMaximumWidth(120)
        self.busy.setTextVisible(False)
        self.busy.hide()
        action_row = QHBoxLayout()
        action_row.addWidget(self.save_button)
        action_row.addWidget(self.test_button)
        action_row.addWidget(self.cancel_test_button)
        action_row.addWidget(self.busy)
        action_row.addStretch(1)
        self.result_label = named(QLabel(wordWrap=True), "testResultLabel")
        self.result_label.setTextFormat(Qt.TextFormat.PlainText)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.switch_provider_button = named(QPushButton(), "switchProviderButton")
        self.switch_provider_button.hide()
        # "This computer" chosen while its engine is not installed: the way to install it.
        self.set_up_engine_button = named(QPushButton(), "setUpEngineFromFormButton")
        self.set_up_engine_button.hide()
        self.models_list = named(QListWidget(), "modelsList")
        self.models_list.hide()
        # "This computer" only: the base models it has, and how to get one.
        self.local_models_box = LocalModelsBox(context)
        self.local_models_box.hide()
        editor_layout = QVBoxLayout(self.editor_box)
        editor_layout.addWidget(self.form)
        editor_layout.addWidget(self.form_error)
        editor_layout.addLayout(action_row)
        editor_layout.addWidget(self.result_label)
        editor_layout.addWidget(self.switch_provider_button, 0, Qt.AlignmentFlag.AlignLeft)
        editor_layout.addWidget(self.set_up_engine_button, 0, Qt.AlignmentFlag.AlignLeft)
        editor_layout.addWidget(self.models_list, 10)
        editor_layout.addWidget(self.local_models_box)
        # Keeps the form and its buttons together at the top while no list is shown.
        editor_layout.addStretch(1)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(self.editor_box)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([180, 700])  # the form needs the room
        splitter.setChildrenCollapsible(False)

        # Undo strip after a removal.
        self.undo_bar = named(QFrame(), "undoBar")
        self.undo_bar.setFrameShape(QFrame.Shape.StyledPanel)
        self.undo_label = named(QLabel(), "undoLabel")
        self.undo_button = named(QPushButton(), "undoButton")
        undo_layout = QHBoxLayout(self.undo_bar)
        undo_layout.addWidget(self.undo_label, 1)
        undo_layout.addWidget(self.undo_button)
        self.undo_bar.hide()
        self._undo_timer = QTimer(self, singleShot=True, interval=UNDO_SECONDS * 1000)
        self._undo_timer.timeout.connect(self._expire_undo)

        # General: the interface language.
        self.general_box = named(QGroupBox(), "generalBox")
        self.language_combo = named(QComboBox(), "languageCombo")
        self.language_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        for lang in ("system", *SUPPORTED_LANGUAGES):
            self.language_combo.addItem("", lang)
        general = QFormLayout(self.general_box)
        self.language_label = QLabel()
        general.addRow(self.language_label, self.language_combo)

        content = QWidget()
        layout = QVBoxLayout(content)
        layout.addWidget(self.heading)
        layout.addWidget(self.save_problem)
        layout.addWidget(self.key_status)
        layout.addWidget(self.first_run)
        layout.addWidget(self.undo_bar)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.general_box)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

        self.providers_list.currentItemChanged.connect(self._selection_changed)
        self.add_button.clicked.connect(lambda: self.start_new_profile())
        self.remove_button.clicked.connect(self.remove_selected)
        self.make_active_button.clicked.connect(self.make_selected_active)
        self.save_button.clicked.connect(self.save_profile)
        self.test_button.clicked.connect(self.test_connection)
        self.cancel_test_button.clicked.connect(self.cancel_test)
        self.switch_provider_button.clicked.connect(self.switch_to_other_provider)
        self.undo_button.clicked.connect(self.undo_remove)
        self.first_run.use_this_computer.connect(self.use_this_computer)
        self.first_run.set_up_engine.connect(self.open_engine_setup)
        self.set_up_engine_button.clicked.connect(self.open_engine_setup)
        context.engine_availability_changed.connect(self._engine_availability_changed)
        self.first_run.add_with_key.connect(lambda: self.start_new_profile(ProviderKind.OPENAI))
        self.key_status.plaintext_opt_in_requested.connect(self._plaintext_opt_in)
        self.language_combo.currentIndexChanged.connect(self._language_chosen)
        self.form.kind_changed.connect(lambda _kind: self._clear_result())
        self.form.kind_changed.connect(lambda _kind: self._show_local_models_box())
        context.providers_changed.connect(self.refresh)
        context.active_provider_changed.connect(lambda _id: self.refresh())
        context.key_backend_changed.connect(self._update_key_status)
        context.settings_save_problem.connect(lambda _error: self._update_save_problem())
        context.language_changed.connect(self._language_changed)

        self.retranslate_ui()
        self.refresh()
        self._update_key_status()
        self.context.tasks.start(self._probe_keys(), name="probe keyring")

    # -- texts --------------------------------------------------------------------------

    def retranslate_ui(self) -> None:
        self.heading.setText(self.tr("Providers and keys"))
        self.providers_label.setText(self.tr("Where models are trained and run:"))
        self.add_button.setText(self.tr("Add…"))
        self.remove_button.setText(self.tr("Remove"))
        self.make_active_button.setText(self.tr("Use this provider"))
        self.save_button.setText(self.tr("Save"))
        self.test_button.setText(self.tr("Test connection"))
        self.cancel_test_button.setText(self.tr("Cancel"))
        self.switch_provider_button.setText(self.tr("Choose another provider"))
        self.set_up_engine_button.setText(self.tr("Set up training on this computer…"))
        self.undo_button.setText(self.tr("Undo"))
        self.general_box.setTitle(self.tr("General"))
        self.language_label.setText(self.tr("Language"))
        self.language_combo.setItemText(0, self.tr("Same as the system"))
        for row, lang in enumerate(SUPPORTED_LANGUAGES, start=1):
            self.language_combo.setItemText(row, language_display_name(lang))
        self._update_editor_title()
        self._update_save_problem()
        if self._last_error is not None and self._last_error_source is not None:
            self._show_error(self._last_error_source)  # re-worded in the new language
        self._fill_list()

    def _update_save_problem(self) -> None:
        error = self.context.settings_save_error
        self.save_problem.setVisible(error is not None)
        if error is None:
            self.save_problem.clear()
            return
        if error.protected:
            text = self.tr(
                "Your settings file “%1” could not be read when the app started, so nothing "
                "is saved over it. Your changes stay in effect while the app is open. To save "
                "again, remove the file, or fix it and start the app again."
            )
        else:
            text = self.tr(
                "Your settings could not be saved to “%1” (%2). Your changes stay in effect "
                "while the app is open, and are saved with the next change once saving works."
            )
        self.save_problem.setText(
            text.replace("%1", str(error.path)).replace("%2", self._save_failure_reason(error))
        )

    def _save_failure_reason(self, error: SettingsSaveError) -> str:
        """The usual reasons in the user's language; the system's words for the rest."""
        reasons = {
            errno.ENOSPC: self.tr("the disk is full"),
            getattr(errno, "EDQUOT", errno.ENOSPC): self.tr("the disk is full"),  # not on Windows
            errno.EACCES: self.tr("permission denied"),
            errno.EPERM: self.tr("permission denied"),
            errno.EROFS: self.tr("the disk is read-only"),
            errno.EISDIR: self.tr("a folder is in the way"),
        }
        return reasons.get(error.errno or 0, error.reason)

    def _update_editor_title(self) -> None:
        editing = self.form.editing
        self.editor_box.setTitle(
            self.tr("New provider") if editing is None
            else editing.shown_name(self.context.effective_language)
        )

    def _language_changed(self, _lang: str) -> None:
        self.form.set_language(self.context.effective_language)
        self._sync_language_combo()
        self._fill_list()

    def _sync_language_combo(self) -> None:
        index = self.language_combo.findData(self.context.language_setting)
        if index >= 0 and index != self.language_combo.currentIndex():
            self.language_combo.blockSignals(True)
            self.language_combo.setCurrentIndex(index)
            self.language_combo.blockSignals(False)

    def _language_chosen(self, index: int) -> None:
        lang = self.language_combo.itemData(index)
        if isinstance(lang, str) and lang != self.context.language_setting:
            self.context.set_language(lang)

    # -- the list -----------------------------------------------------------------------

    def refresh(self) -> None:
        self._sync_language_combo()
        selected = self.selected_profile_id()
        self._fill_list()
        profiles = self.context.profiles()
        self.first_run.setVisible(not profiles)
        if self._creating and selected is None:
            # A change elsewhere must not wipe the new provider the user is filling in.
            self._update_buttons()
            return
        target = selected or self.context.active_profile_id
        if target and self._select(target):
            return
        if profiles:
            self.providers_list.setCurrentRow(0)
        elif self.form.editing is not None:
            self.start_new_profile()
        elif not self._creating:
            # First run: only the two choices, no half-filled form.
            self.editor_box.hide()
        self._sync_language_combo()
        self._update_buttons()

    def _fill_list(self) -> None:
        lang = self.context.effective_language
        current = self.selected_profile_id()
        self.providers_list.blockSignals(True)
        self.providers_list.clear()
        active = self.context.active_profile_id
        for profile in self.context.profiles():
            name = profile.shown_name(lang)  # "This computer" is 這台電腦 in Chinese
            kind = profile.kind.label.get(lang)
            text = self.tr("%1 (in use)").replace("%1", name) if profile.id == active else name
            if kind != name:  # "This computer / This computer" said nothing twice
                text += f"\n{kind}"
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, profile.id)
            if profile.id == active:
                font = item.font()
                font.setBold(True)
                item.setFont(font)
            self.providers_list.addItem(item)
            if profile.id == current:
                self.providers_list.setCurrentItem(item)
        self.providers_list.blockSignals(False)

    def _select(self, profile_id: str) -> bool:
        for row in range(self.providers_list.count()):
            if self.providers_list.item(row).data(Qt.ItemDataRole.UserRole) == profile_id:
                if self.providers_list.currentRow() == row and self.form.editing is not None \
                        and self.form.editing.id == profile_id:
                    self._update_buttons()
                    return True
                self.providers_list.setCurrentRow(row)
                return True
        return False

    def selected_profile_id(self) -> str | None:
        item = self.providers_list.currentItem()
        value = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        return value if isinstance(value, str) else None

    def _selection_changed(self, *_args: object) -> None:
        profile_id = self.selected_profile_id()
        profile = self.context.profile(profile_id) if profile_id else None
        self._clear_result()
        self.form_error.hide()
        if profile is None:
            self._update_buttons()
            return
        self._creating = False
        self.editor_box.show()
        self.form.load_profile(profile, has_saved_key=False)
        self._show_local_models_box()
        self._update_editor_title()
        self._update_buttons()
        self._update_set_up_engine_button()
        if profile.needs_key:
            self.context.tasks.start(self._show_saved_key_state(profile))

    async def _show_saved_key_state(self, profile: ProviderProfile) -> None:
        has_key = await self.context.has_key(profile.id)
        editing = self.form.editing
        if editing is not None and editing.id == profile.id:
            self.form.set_has_saved_key(has_key)

    def _update_buttons(self) -> None:
        selected = self.selected_profile_id()
        self.remove_button.setEnabled(selected is not None)
        self.make_active_button.setEnabled(
            selected is not None and selected != self.context.active_profile_id
        )

    # -- add / save / remove ------------------------------------------------------------

    def start_new_profile(self, kind: ProviderKind = ProviderKind.OPENAI) -> None:
        self.providers_list.blockSignals(True)
        self.providers_list.setCurrentRow(-1)
        self.providers_list.clearSelection()
        self.providers_list.blockSignals(False)
        self._creating = True
        self.editor_box.show()
        self.form.clear_for_new(kind)
        self._show_local_models_box()
        self._clear_result()
        self.form_error.hide()
        self._update_editor_title()
        self._update_buttons()
        if kind.needs_key:
            self.form.key_field.setFocus()
        else:
            self.form.name_edit.setFocus()

    def _show_local_models_box(self) -> None:
        local = self.form.kind() is ProviderKind.LOCAL_ENGINE
        self.local_models_box.setVisible(local)
        if local:
            self.local_models_box.refresh()
    # -- setting up training on this computer --------------------------------------------

    def open_engine_setup(self) -> EngineSetupDialog:
        """Open "Set up training on this computer…" (or bring the open one forward)."""
        if self.engine_setup_dialog is not None:
            self.engine_setup_dialog.raise_()
            self.engine_setup_dialog.activateWindow()
            return self.engine_setup_dialog
        dialog = EngineSetupDialog(
            EngineEnvironment.under(self.context.settings_store.dirs.data),
            lambda coro: self.context.tasks.start(coro, name="engine set-up"),
            make_options=self.engine_setup_options,
            parent=self,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.ready.connect(self._engine_set_up)
        dialog.destroyed.connect(lambda *_args: setattr(self, "engine_setup_dialog", None))
        self.engine_setup_dialog = dialog
        dialog.open()
        return dialog

    def _engine_set_up(self) -> None:
        self.context.set_engine_factory(default_engine_factory(self.context.settings_store))
        self.context.status_message.emit(self.tr("Training on this computer is ready."))

    def _engine_availability_changed(self, available: bool) -> None:
        self.first_run.set_engine_available(available)
        self._update_set_up_engine_button()

    def _update_set_up_engine_button(self) -> None:
        editing = self.form.editing
        self.set_up_engine_button.setVisible(
            not self.context.engine_available
            and editing is not None and editing.kind is ProviderKind.LOCAL_ENGINE
        )

    def use_this_computer(self) -> asyncio.Task[None]:
        return self.context.tasks.start(self._use_this_computer(), name="use this computer")

    async def _use_this_computer(self) -> None:
        profile = await self.context.add_local_engine_profile()
        self._select(profile.id)
        self.context.status_message.emit(
            self.tr("This computer will train your models. It starts when first needed.")
        )

    def save_profile(self) -> asyncio.Task[bool] | None:
        try:
            profile = self.form.profile()
        except FormError as error:
            self._show_form_error(str(error), error.widget)
            return None
        self.form_error.hide()
        key = self.form.entered_key() or None
        return self.context.tasks.start(self._save(profile, key), name="save provider")

    async def _save(self, profile: ProviderProfile, key: str | None) -> bool:
        self.save_button.setEnabled(False)
        try:
            profile = await self.context.save_profile(profile, key)
        except Exception as error:  # keyring refused, disk full: say so, keep the form
            log.warning("saving provider failed: %s", type(error).__name__)
            reason = explain(error).message if hasattr(error, "kind") else str(error)
            self._show_form_error(self.tr("Could not save: %1").replace("%1", reason))
            return False
        finally:
            self.save_button.setEnabled(True)
        self._creating = False
        self._select(profile.id)
        has_key = profile.needs_key and await self.context.has_key(profile.id)
        self.form.load_profile(profile, has_saved_key=has_key)
        self._update_editor_title()
        self.context.status_message.emit(
            self.tr("Saved “%1”.").replace("%1", profile.display_name)
        )
        return True

    def _show_form_error(self, text: str, widget: QWidget | None = None) -> None:
        self.form_error.setText(text)
        # Already said under the key field: once is enough.
        self.form_error.setVisible(
            widget is not self.form.key_field or self.form.key_field.problem() != text
        )
        if widget is not None:
            widget.setFocus()

    def remove_selected(self) -> asyncio.Task[None] | None:
        profile_id = self.selected_profile_id()
        if profile_id is None:
            return None
        return self.context.tasks.start(self._remove(profile_id), name="remove provider")

    async def _remove(self, profile_id: str) -> None:
        removed = await self.context.remove_profile(profile_id)
        if removed is None:
            return
        self._removed = removed
        self.undo_label.setText(
            self.tr("Removed “%1” and its key.").replace("%1", removed.profile.display_name)
        )
        self.undo_bar.show()
        self._undo_timer.start()
        if not self.context.profiles():
            self.start_new_profile()

    def undo_remove(self) -> asyncio.Task[None] | None:
        removed, self._removed = self._removed, None
        self.undo_bar.hide()
        self._undo_timer.stop()
        if removed is None:
            return None
        return self.context.tasks.start(self._restore(removed), name="undo remove")

    async def _restore(self, removed: RemovedProfile) -> None:
        await self.context.restore_profile(removed)
        self._select(removed.profile.id)

    def _expire_undo(self) -> None:
        self._removed = None
        self.undo_bar.hide()

    def make_selected_active(self) -> None:
        profile_id = self.selected_profile_id()
        if profile_id is not None:
            self.context.set_active_profile(profile_id)

    # -- test connection ----------------------------------------------------------------

    def test_connection(self) -> asyncio.Task[list[ModelInfo]] | None:
        if self.connection_test is not None and not self.connection_test.done():
            return self.connection_test
        try:
            profile = self.form.profile()
        except FormError as error:
            self._show_form_error(str(error), error.widget)
            return None
        self.form_error.hide()
        key = self.form.entered_key() or None
        self.connection_test = self.context.tasks.start(
            self._run_test(profile, key), name="test connection"
        )
        return self.connection_test

    async def _run_test(
        self, profile: ProviderProfile, key: str | None
    ) -> list[ModelInfo]:
        self._clear_result()
        self._set_busy(True)
        if profile.kind is ProviderKind.LOCAL_ENGINE:
            self.result_label.setText(self.tr("Starting the engine on this computer…"))
        else:
            self.result_label.setText(self.tr("Connecting…"))
        try:
            models = await self.context.list_models(profile, key)
        except asyncio.CancelledError:
            self.result_label.setText(self.tr("Test cancelled."))
            raise
        except Exception as error:
            self._show_error(error)
            return []
        finally:
            self._set_busy(False)
        self._show_models(models, profile)
        return models

    def cancel_test(self) -> None:
        if self.connection_test is not None and not self.connection_test.done():
            self.connection_test.cancel()

    def _set_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        self.cancel_test_button.setVisible(busy)
        self.test_button.setEnabled(not busy)

    def _clear_result(self) -> None:
        self._last_error = None
        self._last_error_source = None
        self.result_label.clear()
        self.models_list.clear()
        self.models_list.hide()
        self.switch_provider_button.hide()

    def _show_models(self, models: list[ModelInfo], profile: ProviderProfile) -> None:
        self._last_error = None
        self.models_list.clear()
        for model in models:
            notes = []
            if model.fine_tunable:
                notes.append(self.tr("can be fine-tuned"))
            if model.training_types:
                # What the provider's limits offer for it (Together: LoRA, full).
                kinds = {"lora": self.tr("LoRA"), "full": self.tr("full")}
                notes.append(self.tr("/", "between training types").join(
                    kinds.get(kind, kind) for kind in model.training_types))
            if model.is_fine_tuned:
                notes.append(self.tr("your fine-tuned model"))
            if model.shutdown_date is not None:
                notes.append(
                    self.tr("retired on %1").replace("%1", model.shutdown_date.isoformat())
                )
            separator = self.tr(", ", "between notes about one model")
            text = model.id + (f"  —  {separator.join(notes)}" if notes else "")
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, model.id)
            self.models_list.addItem(item)
        self.models_list.setVisible(bool(models))
        if models:
            self.result_label.setText(
                self.tr("Connected. %n model(s) available:", "", len(models))
            )
        elif profile.kind is ProviderKind.LOCAL_ENGINE:
            # No key here, and nothing the provider could change: a model must be put on
            # this computer, which the models box below does.
            folder = self.context.engine_models_folder() or self.context.models_dir
            self.result_label.setText(
                self.tr(
                    "The engine on this computer is running, but there is no base model on "
                    "this computer yet. Press Get a model… below to download one (for "
                    "example Qwen2.5-0.5B-Instruct), or Add a model folder… for one you "
                    "already have. Models are kept in %1."
                ).replace("%1", str(folder))
            )
            self.local_models_box.refresh()
        else:
            self.result_label.setText(
                self.tr("Connected, but this provider offers no models to this key yet.")
            )

    def _show_error(self, error: BaseException) -> None:
        # The form's kind: a remote engine's token is printed where the engine was started.
        words = explain(error, provider_kind=self.form.kind())
        self._last_error = words
        self._last_error_source = error
        text = f"{words.title}\n{words.message}"
        if words.what_to_do:
            text += "\n" + words.what_to_do
        if words.detail and words.detail_from_provider:
            text += "\n" + self.tr("The provider said: %1").replace("%1", words.detail)
        self.result_label.setText(text)
        # This computer's technical account (a connection never made) is no provider
        # speaking: on hover, for whoever wants it.
        self.result_label.setToolTip(
            "" if words.detail_from_provider else words.detail)
        self.switch_provider_button.setVisible(words.offer_other_provider)

    def switch_to_other_provider(self) -> None:
        local = next(
            (p for p in self.context.profiles() if p.kind is ProviderKind.LOCAL_ENGINE), None
        )
        if local is not None:
            self.context.set_active_profile(local.id)
            self._select(local.id)
        elif self.first_run.engine_available:
            self.start_new_profile(ProviderKind.LOCAL_ENGINE)
        else:
            self.start_new_profile(ProviderKind.AZURE_OPENAI)

    # -- keys ---------------------------------------------------------------------------

    async def _probe_keys(self) -> None:
        await self.context.probe_keys()

    def _update_key_status(self, *_args: object) -> None:
        path = self.context.plaintext_keys_path()
        self.key_status.set_status(self.context.key_backend_status, str(path) if path else "")

    def _plaintext_opt_in(self, enabled: bool) -> None:
        self.context.tasks.start(self.context.set_plaintext_opt_in(enabled))
