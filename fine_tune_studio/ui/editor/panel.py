"""The conversation editor: write and fix training examples with live checking.

`EditorPanel(context, parent=None)` works inside the main window (where `context` is the
app's AppContext) and on its own (no context: a `StandaloneEditorContext`); what it uses of
the context is `editor.context.EditorContext`.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Coroutine, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import orjson
from PySide6.QtCore import QEvent, QLocale, QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import (
    QDragEnterEvent,
    QDropEvent,
    QGuiApplication,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from fine_tune_studio.core import templates
from fine_tune_studio.core.document import DatasetDocument, atomic_write_bytes, dumps_compact
from fine_tune_studio.paths import resources_dir
from fine_tune_studio.ui import memory
from fine_tune_studio.ui.async_tools import TaskTracker, dialog_answer
from fine_tune_studio.ui.background import run_in_thread, start_processes
from fine_tune_studio.ui.editor.actions import EditorActions
from fine_tune_studio.ui.editor.autosave import Autosaver, Recovery, pending_recoveries
from fine_tune_studio.ui.editor.context import EditorContext, StandaloneEditorContext
from fine_tune_studio.ui.editor.conversation_form import ConversationForm, parse_object
from fine_tune_studio.ui.editor.leaks import LeakWarnings
from fine_tune_studio.ui.editor.loading import document_bytes, line_parts, read_document
from fine_tune_studio.ui.editor.problems import ProblemsPanel
from fine_tune_studio.ui.editor.session import DocumentSession
from fine_tune_studio.ui.editor.summaries import (
    STATUS_ERROR,
    STATUS_OK,
    STATUS_PENDING,
    STATUS_WARNING,
)
from fine_tune_studio.ui.editor.summary import SummaryWidget, TrainingProvider
from fine_tune_studio.ui.editor.table_model import Column, ExampleTableModel, StatusFilter
from fine_tune_studio.ui.editor.texts import localized
from fine_tune_studio.ui.editor.undo import (
    DeleteLinesCommand,
    DescribedCommand,
    Description,
    InsertLinesCommand,
    MoveLinesCommand,
    SetLineCommand,
    SetManyLinesCommand,
)
from fine_tune_studio.ui.editor.welcome import WelcomePage
from fine_tune_studio.ui.help import show_help
from fine_tune_studio.ui.locations import app_dirs
from fine_tune_studio.ui.panels import MenuEntries
from fine_tune_studio.ui.widgets import Retranslating

if TYPE_CHECKING:  # imported when first used: spreadsheets pull in openpyxl
    from fine_tune_studio.core.export import ExportResult
    from fine_tune_studio.ui.editor.export_dialog import ExportDialog
    from fine_tune_studio.ui.editor.import_dialog import ImportDialog

RECHECK_DELAY_MS = 120  # re-check after a typing pause; well inside the promised 150 ms
MAX_RECENT = 8
# Bigger files are read line by line (see `loading`), and are likely to have the 20,000
# lines that are checked in worker processes: those start while the file is read.
LARGE_FILE_BYTES = 8_000_000
_OPENABLE = (".jsonl", ".json", ".txt")
_IMPORTABLE = (".csv", ".tsv", ".xlsx", ".xlsm")
T = TypeVar("T")


def editor_settings() -> QSettings:
    # Beside the app's own settings, so FINE_TUNE_STUDIO_HOME moves it too.
    return QSettings(str(app_dirs().config / "editor.ini"), QSettings.Format.IniFormat)


class EditorPanel(Retranslating, QWidget):
    document_opened = Signal(object)  # Path | None
    saved = Signal(object)  # Path
    modified_changed = Signal(bool)
    closed = Signal()  # closed for good (standalone: the window)

    def __init__(self, context: EditorContext | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        memory.install()  # background checks rely on the app's garbage-collection rule
        self.context: EditorContext = context or StandaloneEditorContext(self)
        # Every coroutine the editor starts (opening, saving, dialogs waiting for an
        # answer); shutdown cancels what is left.
        self.tasks = TaskTracker()
        self.setAcceptDrops(True)
        self.session = DocumentSession(self)
        self.undo_stack = QUndoStack(self)
        self.autosaver = Autosaver(parent=self)
        self._restored = False
        self._recovery_offered = False
        self._recheck_line: int | None = None
        self._current_line: int | None = None
        self.auto_offer_recovery = True
        self._sized = False
        self._watched_window: QWidget | None = None
        self._close_confirmed = False
        self._asking_to_close = False
        self._loading = 0
        self._status_note: Callable[[], str] | None = None
        self._shown_modified: bool | None = None

        self.table_model = ExampleTableModel(self.session, self)
        self._build_ui()
        self._connect()
        self.leak_warnings = LeakWarnings(self)  # test questions in training, as problems
        self._set_document(DatasetDocument([]))
        self.undo_stack.setClean()
        self.context.add_example_requested.connect(self.add_example_object)
        # The Summary's cost is the active provider's (a Settings choice).
        self.context.active_provider_changed.connect(self._active_provider_changed)
        self.summary.follow_provider()
        self.retranslate_ui()

    def _training_provider(self) -> TrainingProvider:
        """Who would train the open examples: the app's active provider and the base model
        last chosen for it in the launch wizard."""
        profile = self.context.active_profile()
        if profile is None:
            return TrainingProvider()
        return TrainingProvider(profile.kind, self.context.last_base_model(profile.id))

    def _active_provider_changed(self, _profile_id: str) -> None:
        self.summary.follow_provider()
        self.summary.refresh()

    # ================================================================== construction
    def _build_ui(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        # Made first: Duplicate, Delete and Move act on it (and their keys work in it).
        self.table = QTableView()
        acts = self.editor_actions = EditorActions(self, self.table)
        self.new_action, self.open_action = acts.new, acts.open
        self.save_action, self.save_as_action = acts.save, acts.save_as
        self.undo_action, self.redo_action = acts.undo, acts.redo
        self.add_action, self.duplicate_action, self.delete_action = (
            acts.add, acts.duplicate, acts.delete
        )
        self.move_up_action, self.move_down_action = acts.move_up, acts.move_down
        self.import_action, self.paste_action = acts.import_file, acts.paste
        self.export_action, self.privacy_action = acts.export, acts.privacy
        self.fine_tune_action = acts.fine_tune
        self.template_menu, self.recent_menu = acts.template_menu, acts.recent_menu

        acts.new.triggered.connect(lambda: self.start(self.new_document()))
        acts.open.triggered.connect(lambda: self.start(self.open_dialog()))
        acts.save.triggered.connect(lambda: self.start(self.save()))
        acts.save_as.triggered.connect(lambda: self.start(self.save_as_dialog()))
        acts.undo.triggered.connect(lambda: self.undo_stack.undo())
        acts.redo.triggered.connect(lambda: self.undo_stack.redo())
        acts.add.triggered.connect(lambda: self.add_example())
        acts.duplicate.triggered.connect(lambda: self.duplicate_selected())
        acts.delete.triggered.connect(lambda: self.delete_selected())
        acts.move_up.triggered.connect(lambda: self.move_selected(-1))
        acts.move_down.triggered.connect(lambda: self.move_selected(1))
        # Slots that take no arguments: triggered(bool) must not reach a `path` parameter.
        acts.import_file.triggered.connect(lambda: self.start(self.import_dialog()))
        acts.paste.triggered.connect(lambda: self.start(self.paste_rows()))
        acts.export.triggered.connect(lambda: self.export_dialog())
        acts.privacy.triggered.connect(lambda: self.privacy_check())
        acts.fine_tune.triggered.connect(lambda: self.request_fine_tune())
        # Off without examples, and standalone, where there is no Training panel to hand
        # the file to (`_update_page`).
        acts.fine_tune.setEnabled(False)
        for template in templates.available_templates(resources_dir() / "templates"):
            act = self.template_menu.addAction(localized(template.title))
            act.triggered.connect(
                lambda _=False, t=template.id: self.start(self.new_from_template(t))
            )
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        self.undo_stack.canUndoChanged.connect(self.undo_action.setEnabled)
        self.undo_stack.canRedoChanged.connect(self.redo_action.setEnabled)
        self.undo_stack.undoTextChanged.connect(self._update_undo_actions)
        self.undo_stack.redoTextChanged.connect(self._update_undo_actions)

        top = QHBoxLayout()
        self.toolbar = QToolBar(self)
        acts.fill_toolbar(self.toolbar)
        top.addWidget(self.toolbar, 1)
        self.fine_tune_button = acts.primary_button(self)
        top.addWidget(self.fine_tune_button)
        layout.addLayout(top)
        from fine_tune_studio.ui.evaluation.set_aside_dialog import install_set_aside_action

        # The evaluation room puts its action on the toolbar; it belongs with the tools.
        self.set_aside_action = install_set_aside_action(self)
        self.toolbar.removeAction(self.set_aside_action)
        acts.add_tool(self.set_aside_action)

        self.pages = QStackedWidget(self)
        self.welcome = WelcomePage(self.pages)
        self.pages.addWidget(self.welcome)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self.pages)
        self.pages.addWidget(self.splitter)
        layout.addWidget(self.pages, 1)

        left = QWidget(self.splitter)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        filters = QHBoxLayout()
        self.status_filter = QComboBox(left)
        self.status_filter.addItem(self.tr("All examples"), int(StatusFilter.all))
        self.status_filter.addItem(self.tr("Only errors"), int(StatusFilter.errors))
        self.status_filter.addItem(self.tr("Only warnings"), int(StatusFilter.warnings))
        self.status_filter.addItem(self.tr("Errors and warnings"), int(StatusFilter.problems))
        filters.addWidget(self.status_filter)
        self.search_edit = QLineEdit(left)
        self.search_edit.setPlaceholderText(self.tr("Search in all messages…"))
        self.search_edit.setClearButtonEnabled(True)
        filters.addWidget(self.search_edit, 1)
        left_layout.addLayout(filters)
        self.table.setParent(left)
        self.table.setModel(self.table_model)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(
            lambda pos: self.editor_actions.list_menu.popup(self.table.viewport().mapToGlobal(pos))
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(Column.number, Qt.SortOrder.AscendingOrder)
        self.table.verticalHeader().hide()
        # Fixed row heights: the view never measures 100,000 rows.
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(Column.question, QHeaderView.ResizeMode.Stretch)
        for column in (Column.number, Column.tokens, Column.status):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        left_layout.addWidget(self.table, 1)
        self.count_label = QLabel(left)
        left_layout.addWidget(self.count_label)

        right = QSplitter(Qt.Orientation.Vertical, self.splitter)
        self.form_splitter = right
        self.form = ConversationForm(right)
        self.bottom_tabs = QTabWidget(right)
        self.problems = ProblemsPanel(self.session, self.bottom_tabs)
        self.summary = SummaryWidget(
            self.session, self.bottom_tabs, provider=self._training_provider
        )
        self.bottom_tabs.addTab(self.problems, self.tr("Problems"))
        self.bottom_tabs.addTab(self.summary, self.tr("Summary"))
        right.setStretchFactor(0, 3)
        right.setStretchFactor(1, 2)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)

        status = QHBoxLayout()
        self.status_label = QLabel(self)
        self.progress = QProgressBar(self)
        self.progress.setMaximumWidth(260)
        self.progress.setFormat(self.tr("Checking… %p%"))
        self.progress.hide()
        status.addWidget(self.status_label, 1)
        status.addWidget(self.progress)
        layout.addLayout(status)

        self._recheck_timer = QTimer(self)
        self._recheck_timer.setSingleShot(True)
        self._recheck_timer.setInterval(RECHECK_DELAY_MS)
        self._recheck_timer.timeout.connect(self._recheck_pending)
        self._aggregate_timer = QTimer(self)
        self._aggregate_timer.setSingleShot(True)
        self._aggregate_timer.setInterval(200)
        self._aggregate_timer.timeout.connect(self._refresh_aggregates)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(250)
        self._search_timer.timeout.connect(
            lambda: self.table_model.set_search_text(self.search_edit.text())
        )

    def _fit_columns(self) -> None:
        """The number, tokens and status columns as wide as their words in this language
        (measured, not the rows: a 100,000-row list is never measured), so the first
        question keeps the rest of a narrow list."""
        header = self.table.horizontalHeader()
        metrics = self.table.fontMetrics()
        model = self.table_model
        statuses = [
            model.status_text(status)
            for status in (STATUS_OK, STATUS_WARNING, STATUS_ERROR, STATUS_PENDING)
        ]
        for column, values in (
            (Column.number, ["99999"]),
            (Column.tokens, ["99999"]),
            (Column.status, statuses),
        ):
            widest = max(metrics.horizontalAdvance(value) for value in values) + 12
            # The header's hint counts its words and the sort arrow.
            self.table.setColumnWidth(column, max(header.sectionSizeHint(column), widest))

    def _update_undo_actions(self, *_changed: object) -> None:
        self.editor_actions.retranslate_undo(
            self.undo_stack.undoText(), self.undo_stack.redoText()
        )
        self.undo_action.setEnabled(self.undo_stack.canUndo())
        self.redo_action.setEnabled(self.undo_stack.canRedo())

    def menu_entries(self) -> MenuEntries:
        """What the main window puts in its File and Edit menus (it shows the editor when
        one of them is used from another panel)."""
        return self.editor_actions.menu_entries(tools=(self.set_aside_action,))

    def retranslate_ui(self) -> None:
        """Words for the current translator (the shell switches language while we run)."""
        # The steps already taken are named in the new language too ("Undo Add example").
        for index in range(self.undo_stack.count()):
            command = self.undo_stack.command(index)
            if isinstance(command, DescribedCommand):
                command.retranslate()
        self.editor_actions.retranslate(self.undo_stack.undoText(), self.undo_stack.redoText())
        self._update_undo_actions()
        available = templates.available_templates(resources_dir() / "templates")
        for act, template in zip(self.template_menu.actions(), available, strict=False):
            act.setText(localized(template.title))
        for index, text in enumerate(
            (
                self.tr("All examples"),
                self.tr("Only errors"),
                self.tr("Only warnings"),
                self.tr("Errors and warnings"),
            )
        ):
            self.status_filter.setItemText(index, text)
        self.search_edit.setPlaceholderText(self.tr("Search in all messages…"))
        self.bottom_tabs.setTabText(0, self.tr("Problems"))
        self.bottom_tabs.setTabText(1, self.tr("Summary"))
        self.progress.setFormat(self.tr("Checking… %p%"))
        self.table_model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 3)
        self._fit_columns()
        self.table_model._checks_updated()
        self._update_count()
        self._update_title()
        self._refresh_aggregates()
        if self._current_line is not None:
            self.form.forget_shown()
            self._show_line(self._current_line)

    def _connect(self) -> None:
        self.table.selectionModel().currentRowChanged.connect(self._current_row_changed)
        self.table_model.modelReset.connect(self._after_reset)
        self.table_model.layoutChanged.connect(self._after_reset)
        self.form.line_edited.connect(self._form_edited)
        self.form.line_replaced.connect(self._replace_line)
        self.form.cut_off_repair_requested.connect(
            lambda: self.start(self.repair_cut_off_line())
        )
        self.welcome.template_chosen.connect(lambda t: self.start(self.new_from_template(t)))
        self.welcome.open_requested.connect(lambda: self.start(self.open_dialog()))
        self.welcome.import_requested.connect(lambda: self.start(self.import_dialog()))
        self.welcome.write_requested.connect(lambda: self.add_example())
        self.welcome.help_requested.connect(lambda topic: show_help(topic, self))
        self.session.structure_changed.connect(self._update_page)
        self.form.apply_system_to_all.connect(self.apply_system_prompt_to_all)
        self.session.lines_changed.connect(self._lines_changed)
        self.session.checks_updated.connect(self._schedule_aggregates)
        self.session.structure_changed.connect(self._schedule_aggregates)
        self.session.check_progress.connect(self._check_progress)
        self.session.check_finished.connect(self._check_finished)
        self.session.edited.connect(self.autosaver.schedule)
        self.autosaver.failed.connect(self._recovery_not_written)
        self.problems.jump_requested.connect(self.jump_to)
        self.summary.model_changed.connect(self.session.set_model)
        self.status_filter.currentIndexChanged.connect(
            lambda: self.table_model.set_status_filter(
                StatusFilter(self.status_filter.currentData())
            )
        )
        self.search_edit.textChanged.connect(lambda: self._search_timer.start())
        self.undo_stack.cleanChanged.connect(lambda _clean: self._update_title())

    # ================================================================== state
    @property
    def document(self) -> DatasetDocument:
        return self.session.document

    @property
    def path(self) -> Path | None:
        return self.session.path

    def is_modified(self) -> bool:
        return self._restored or not self.undo_stack.isClean()

    def _update_title(self) -> None:
        name = self.path.name if self.path else self.tr("Untitled")
        modified = self.is_modified()
        mark = " *" if modified else ""
        self.setWindowTitle(
            self.tr("%1%2 — Dataset editor").replace("%1", name).replace("%2", mark)
        )
        self.save_action.setEnabled(True)
        if modified != self._shown_modified:
            # "Saved …" no longer holds once something changed (an edit, an example added
            # from the playground): the line says so instead.
            self._shown_modified = modified
            self._show_status()
        self._update_page()
        self.modified_changed.emit(modified)

    # ------------------------------------------------------------------ the status line
    def _show_status(self, note: Callable[[], str] | None = None) -> None:
        """Say `note` (what just happened) on the status line, or, with none, the file's
        state; either is said again in the new language after a switch."""
        self._status_note = note
        self.say(self.status_label, self.status_text)

    def status_text(self) -> str:
        if self._status_note is not None:
            return self._status_note()
        if self.is_modified():
            name = self.path.name if self.path else self.tr("Untitled")
            return self.tr("%1 — changes not saved yet").replace("%1", name)
        if self.path is not None:
            return str(self.path)
        if len(self.session):
            return self.tr("Not saved to a file yet.")
        return ""

    def _size_splitter(self) -> None:
        """Once, when the list and form are first on screen (not behind the welcome page,
        where the splitter has no width yet): the list needs room for its four columns."""
        if self._sized or not self.splitter.isVisible():
            return
        self._sized = True
        # The page's width: the splitter's own may not be laid out yet when it first shows.
        width = max(self.pages.width(), 400)
        self.splitter.setSizes([int(width * 0.45), int(width * 0.55)])
        # The form is where the work is: two thirds of the height, the problems below
        # (at 700 px the form showed one message and a half).
        height = max(self.pages.height(), 300)
        self.form_splitter.setSizes([int(height * 0.68), int(height * 0.32)])

    def _update_page(self) -> None:
        """The welcome page while there is nothing to edit yet, else the list and the form;
        Fine-tune… once there are examples to train on (and a Training panel to do it)."""
        empty = len(self.session) == 0 and self.path is None and not self.is_modified()
        self.pages.setCurrentWidget(self.welcome if empty else self.splitter)
        self._size_splitter()
        self.fine_tune_action.setEnabled(
            self.context.fine_tune_requested is not None and len(self.session) > 0
        )

    def _set_document(self, document: DatasetDocument, *, restored: bool = False) -> None:
        self._current_line = None
        self.form.clear()
        self.undo_stack.clear()
        self._restored = restored
        self._status_note = None  # nothing said about the previous file holds for this one
        self._shown_modified = None
        self.progress.setRange(0, max(len(document), 1))
        self.progress.setValue(0)
        self.progress.setVisible(len(document) > 0)
        self.session.set_document(document)
        self.autosaver.track(document)
        self.context.set_dataset(document)
        self._update_title()
        self._refresh_aggregates()
        # Nothing holds the previous document any more: give its memory back (once the new
        # one is painted).
        memory.release_long_lived()
        if len(document):
            # In its own event-loop turn: building the first bubbles is the costliest step
            # of an open, and the list should paint before it.
            QTimer.singleShot(0, self, lambda d=document: self._select_first(d))
        self.document_opened.emit(document.path)

    def _select_first(self, document: DatasetDocument) -> None:
        if document is self.document and self._current_line is None and len(document):
            self.select_line(0)

    # ================================================================== background work
    def start(self, work: Coroutine[Any, Any, T]) -> asyncio.Task[T]:
        """Run one of the editor's coroutines (an action's slot); shutdown cancels it."""
        return self.tasks.start(work)

    def _tell(self, title: str, text: str) -> QMessageBox:
        """A message the user reads and closes; nothing waits for it."""
        box = QMessageBox(
            QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, self
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        return box

    async def _ask_for_path(self, title: str, filters: str, *, saving: bool) -> Path | None:
        dialog = QFileDialog(self, title, self._start_dir(), filters)
        if saving:
            dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        else:
            dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        accepted = await dialog_answer(dialog) == QDialog.DialogCode.Accepted
        chosen = dialog.selectedFiles()
        dialog.deleteLater()
        return Path(chosen[0]) if accepted and chosen else None

    # ================================================================== files
    async def confirm_discard(self) -> bool:
        """Ask before unsaved changes are thrown away; True when it is fine to go on."""
        if not self.is_modified():
            return True
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Unsaved changes"))
        box.setText(self.tr("This dataset has changes that are not saved yet. Save them?"))
        save = box.addButton(self.tr("Save"), QMessageBox.ButtonRole.AcceptRole)
        discard = box.addButton(self.tr("Don't save"), QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(self.tr("Cancel"), QMessageBox.ButtonRole.RejectRole)
        await dialog_answer(box)
        clicked = box.clickedButton()
        box.deleteLater()
        if clicked is save:
            return await self.save()
        return clicked is discard

    async def new_document(self) -> None:
        if await self.confirm_discard():
            self._set_document(DatasetDocument([]))

    async def new_from_template(self, template_id: str) -> None:
        if not await self.confirm_discard():
            return
        data = templates.template_bytes(resources_dir() / "templates", template_id)
        # A template is a starting point, not a file of the user's: it has no path yet.
        self._set_document(DatasetDocument.from_bytes(data))

    async def open_dialog(self) -> None:
        if not await self.confirm_discard():
            return
        path = await self._ask_for_path(
            self.tr("Open a training file"),
            self.tr("Training files (*.jsonl *.json *.txt);;All files (*)"),
            saving=False,
        )
        if path is not None:
            await self.open_path(path, ask=False)

    def reopen_last_file(self) -> None:
        """Open the file the user had open last time, unless something else is open by
        the time it is read (a file given to the app, a restored recovery)."""
        self.start(self._reopen_last_file())

    async def _reopen_last_file(self) -> bool:
        recent = self.recent_files()
        if not recent or not await run_in_thread(Path(recent[0]).is_file):
            return False
        untouched = self.document
        if untouched.path is not None or len(untouched) or self.is_modified():
            return False
        return await self.open_path(Path(recent[0]), ask=False, replacing=untouched)

    async def open_path(
        self, path: Path, *, ask: bool = True, replacing: DatasetDocument | None = None
    ) -> bool:
        """Open a training file; it is read on a worker thread (big ones line by line).

        With `replacing`, only if that document is still the open one once the file is read.
        """
        if ask and not await self.confirm_discard():
            return False
        self._loading += 1
        self._show_status(lambda: self.tr("Opening %1…").replace("%1", path.name))
        self.progress.setRange(0, 0)
        self.progress.show()
        try:
            size = path.stat().st_size
            if size < LARGE_FILE_BYTES:
                document = await run_in_thread(DatasetDocument.open, path)
            else:
                # Its check will want the worker processes: start them while it is read.
                start_processes()
                document = await run_in_thread(read_document, path)
        except OSError as error:
            self.progress.hide()
            self._cannot_open(error)
            return False
        finally:
            self._loading -= 1
            self._show_status()
        if replacing is not None and (self.document is not replacing or self.is_modified()):
            return False  # something else was opened (or written) meanwhile: it stays
        self._set_document(document)
        self._remember_recent(path)
        return True

    @property
    def loading(self) -> bool:
        return self._loading > 0

    def _cannot_open(self, error: OSError) -> None:
        self._tell(
            self.tr("Cannot open"),
            self.tr("The file could not be opened: %1").replace("%1", str(error)),
        )

    async def save(self) -> bool:
        if self.path is None:
            return await self.save_as_dialog()
        return await self.save_to(self.path)

    async def save_as_dialog(self) -> bool:
        target = await self._ask_for_path(
            self.tr("Save the training file"), self.tr("Training files (*.jsonl)"), saving=True
        )
        if target is None:
            return False
        if not target.suffix:
            target = target.with_suffix(".jsonl")
        return await self.save_to(target)

    async def save_to(self, path: Path) -> bool:
        """Write the document as it is now; edits made while it is written stay unsaved."""
        document = self.document
        parts, bom = line_parts(document), document.bom
        step = self.undo_stack.index()
        try:
            await run_in_thread(lambda: atomic_write_bytes(path, document_bytes(parts, bom)))
        except OSError as error:
            self._tell(
                self.tr("Not saved"),
                self.tr("The file could not be saved: %1").replace("%1", str(error)),
            )
            return False
        if document is not self.document:
            return True  # another file was opened meanwhile; this one is saved all the same
        document.path = path
        if self.undo_stack.index() == step:
            self._restored = False
            self.undo_stack.setClean()
        # What is in the file needs no recovery (track drops it); edits made while it was
        # written get a recovery of their own at once.
        self.autosaver.track(document)
        if self.is_modified():
            self.autosaver.write_now()
        self._remember_recent(path)
        self._update_title()
        self._show_status(lambda: self.tr("Saved %1").replace("%1", str(path)))
        self.saved.emit(path)
        return True

    def _start_dir(self) -> str:
        if self.path is not None:
            return str(self.path.parent)
        recent = self.recent_files()
        return str(Path(recent[0]).parent) if recent else str(Path.home())

    def recent_files(self) -> list[str]:
        value = editor_settings().value("recent_files", [])
        if isinstance(value, str):
            return [value]
        return [str(v) for v in value] if isinstance(value, list) else []

    def _remember_recent(self, path: Path) -> None:
        resolved = str(path.resolve())
        files = [resolved] + [f for f in self.recent_files() if f != resolved]
        editor_settings().setValue("recent_files", files[:MAX_RECENT])

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        files = self.recent_files()
        if not files:
            empty = self.recent_menu.addAction(self.tr("No recent files"))
            empty.setEnabled(False)
        for name in files:
            act = self.recent_menu.addAction(name)
            act.triggered.connect(lambda _=False, n=name: self.start(self.open_path(Path(n))))

    # drag and drop --------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        urls = event.mimeData().urls()
        if (
            urls
            and urls[0].isLocalFile()
            and urls[0].toLocalFile().lower().endswith(_OPENABLE + _IMPORTABLE)
        ):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        urls = event.mimeData().urls()
        if not urls:
            return
        path = Path(urls[0].toLocalFile())
        event.acceptProposedAction()
        if path.suffix.lower() in _IMPORTABLE:
            self.start(self.import_dialog(path))
        else:
            self.start(self.open_path(path))

    # recovery -------------------------------------------------------------------------
    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        window = self.window()
        if window is not self and window is not self._watched_window:
            # Inside the main window our closeEvent never runs: watch the window's close.
            window.installEventFilter(self)
            self._watched_window = window
        self._size_splitter()
        if self.auto_offer_recovery and not self._recovery_offered:
            self._recovery_offered = True
            self.start(self.offer_recovery())

    async def offer_recovery(self) -> QMessageBox | None:
        """If an earlier editor ended without saving, ask (non-modally) whether to restore."""
        self._recovery_offered = True
        found = await run_in_thread(pending_recoveries, self.autosaver.directory)
        if not found:
            return None
        recovery = found[0]
        box = QMessageBox(self)
        box.setObjectName("recovery_box")
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Restore unsaved work?"))
        when = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(recovery.saved_at))
        name = recovery.original.name if recovery.original else self.tr("an untitled dataset")
        box.setText(
            self.tr(
                "The editor closed unexpectedly while you were working on %1. Its last "
                "state (saved automatically at %2, %n line(s)) can be restored.",
                "",
                recovery.examples,
            )
            .replace("%1", name)
            .replace("%2", when)
        )
        restore = box.addButton(self.tr("Restore"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(self.tr("Discard"), QMessageBox.ButtonRole.DestructiveRole)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def answered() -> None:
            if box.clickedButton() is restore:
                self.start(self.restore_recovery(recovery))
            else:
                self.start(run_in_thread(recovery.discard))

        box.finished.connect(lambda _result: answered())
        box.open()
        return box

    async def restore_recovery(self, recovery: Recovery) -> None:
        try:
            document = await run_in_thread(recovery.load)
        except OSError as error:
            self._cannot_open(error)
            return
        self._set_document(document, restored=True)
        written = self.autosaver.write_now(replaces=recovery)
        # The old recovery goes only once its replacement is durable: whenever the app dies,
        # one of the two is on disk.
        if written is not None and await written:
            await run_in_thread(recovery.discard)
        self._show_status(lambda: self.tr("Restored unsaved work. Save it to keep it."))

    def _recovery_not_written(self, reason: str) -> None:
        self._show_status(
            lambda: self.tr("Unsaved work could not be copied for recovery: %1").replace(
                "%1", reason
            )
        )

    # closing --------------------------------------------------------------------------
    async def shutdown(self) -> None:
        """Stop background work and finish recovery writes; called when closing for good."""
        self.session.close()
        await self.tasks.cancel_all()
        await self.autosaver.flush()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self._watched_window
            and event.type() == QEvent.Type.Close
            and not self._may_close(watched)
        ):
            event.ignore()
            return True
        return super().eventFilter(watched, event)

    def closeEvent(self, event: Any) -> None:
        if self._may_close(self):
            event.accept()
            self.closed.emit()
        else:
            event.ignore()

    def _may_close(self, window: QWidget) -> bool:
        """True when `window` may close now; otherwise ask, and close it again on "yes"."""
        if self._close_confirmed or not self.is_modified():
            self._close_confirmed = False
            # Closed on purpose: there is nothing to recover.
            self.autosaver.discard()
            self.session.close()
            return True
        if not self._asking_to_close:
            self.start(self._close_after_asking(window))
        return False

    async def _close_after_asking(self, window: QWidget) -> None:
        self._asking_to_close = True
        try:
            agreed = await self.confirm_discard()
        finally:
            self._asking_to_close = False
        if agreed:
            self._close_confirmed = True
            window.close()

    # ================================================================== list and selection
    def selected_lines(self) -> list[int]:
        rows = {index.row() for index in self.table.selectionModel().selectedRows()}
        if not rows and self._current_line is not None:
            return [self._current_line]
        return sorted(self.table_model.line_at(row) for row in rows)

    def select_line(self, line: int) -> bool:
        row = self.table_model.row_of_line(line)
        if row is None:
            # The filter hides it: show everything rather than refuse to jump.
            self.search_edit.clear()
            self.status_filter.setCurrentIndex(0)
            self.table_model.set_search_text("")
            row = self.table_model.row_of_line(line)
            if row is None:
                return False
        index = self.table_model.index(row, Column.question)
        self.table.selectionModel().setCurrentIndex(
            index,
            self.table.selectionModel().SelectionFlag.ClearAndSelect
            | self.table.selectionModel().SelectionFlag.Rows,
        )
        self.table.scrollTo(index)
        self._show_line(line)
        return True

    def select_lines(self, lines: Sequence[int]) -> None:
        if not lines:
            return
        self.select_line(lines[0])
        model = self.table.selectionModel()
        for line in lines[1:]:
            row = self.table_model.row_of_line(line)
            if row is not None:
                model.select(
                    self.table_model.index(row, 0),
                    model.SelectionFlag.Select | model.SelectionFlag.Rows,
                )

    def _current_row_changed(self, current: Any, _previous: Any) -> None:
        if not current.isValid():
            return
        line = self.table_model.line_at(current.row())
        if line != self._current_line:
            self._flush_recheck()
            self._show_line(line)

    def _show_line(self, line: int) -> None:
        if not 0 <= line < len(self.session):
            self._current_line = None
            self.form.clear()
            return
        self._current_line = line
        summary = self.session.summary(line)
        if summary is None:
            summary = self.session.check_now(line)
        self.form.show_line(line + 1, self.document.line_text(line), summary.issues)

    def _after_reset(self) -> None:
        self._update_count()
        if self._current_line is not None and self._current_line < len(self.session):
            row = self.table_model.row_of_line(self._current_line)
            if row is not None:
                self.table.selectionModel().setCurrentIndex(
                    self.table_model.index(row, Column.question),
                    self.table.selectionModel().SelectionFlag.ClearAndSelect
                    | self.table.selectionModel().SelectionFlag.Rows,
                )

    def _update_count(self) -> None:
        shown = self.table_model.rowCount()
        total = len(self.session)
        if shown == total:
            self.count_label.setText(self.tr("%Ln line(s)", "", total))
        else:
            self.count_label.setText(
                self.tr("%1 of %Ln line(s) shown", "", total).replace(
                    "%1", QLocale().toString(shown)
                )
            )

    def jump_to(self, line: int, path: str = "") -> None:
        if self.select_line(line):
            if not self.isActiveWindow():
                # Coming from a dialog: focus only lands in the active window.
                self.window().activateWindow()
            self.form.focus_path(path)

    # ================================================================== editing
    def _form_edited(self, text: str, merge_key: str) -> None:
        line = self._current_line
        if line is None:
            return
        old = self.document.line_text(line)
        if old == text:
            return
        self.undo_stack.push(
            SetLineCommand(
                self.session,
                line,
                old,
                text,
                lambda: self.tr("Edit example %1").replace("%1", str(line + 1)),
                merge_key or None,
            )
        )
        if merge_key:
            if self._recheck_line is not None and self._recheck_line != line:
                self._recheck_pending()
            self._recheck_line = line
            self._recheck_timer.start()

    def _replace_line(self, text: str, kind: str) -> None:
        """A one-click repair from the form (word-processor quotes): one undo step."""
        line = self._current_line
        if line is None or self.document.line_text(line) == text:
            return
        words = {"quotes": lambda: self.tr("Replace word-processor quotes")}
        self._push(
            SetLineCommand(
                self.session, line, self.document.line_text(line), text,
                words.get(kind, lambda: self.tr("Edit example %1").replace("%1", str(line + 1))),
            )
        )

    async def repair_cut_off_line(self) -> bool:
        """Close the shown cut-off line, once the user has seen what it becomes."""
        from fine_tune_studio.ui.editor.repair_dialog import RepairDialog

        line = self._current_line
        repaired = self.form.cut_off_repair()
        if line is None or repaired is None:
            return False
        before = self.document.line_text(line)
        dialog = RepairDialog(before, repaired, self)
        accepted = await dialog_answer(dialog) == QDialog.DialogCode.Accepted
        dialog.deleteLater()
        if not accepted or line >= len(self.session) or self.document.line_text(line) != before:
            return False  # cancelled, or the line changed while the dialog was open
        self._push(
            SetLineCommand(
                self.session, line, before, repaired, lambda: self.tr("Repair the cut-off line")
            )
        )
        # The answer may have lost words with the cut: put the cursor where to finish it.
        messages = self.form.bubbles
        self.jump_to(line, f"messages[{len(messages) - 1}].content" if messages else "")
        return True

    def _recheck_pending(self) -> None:
        line, self._recheck_line = self._recheck_line, None
        if line is None or not 0 <= line < len(self.session):
            return
        summary = self.session.check_now(line)
        self.table_model._lines_changed([line])
        if line == self._current_line:
            self.form.set_issues(summary.issues)

    def _flush_recheck(self) -> None:
        if self._recheck_timer.isActive():
            self._recheck_timer.stop()
            self._recheck_pending()

    def _lines_changed(self, lines: list[int]) -> None:
        if self._current_line in lines and self._current_line is not None:
            line = self._current_line
            summary = self.session.summary(line)
            issues = summary.issues if summary is not None else ()
            self.form.show_line(line + 1, self.document.line_text(line), issues)
        self._update_title()

    def _push(self, command: Any) -> None:
        self._flush_recheck()
        self.undo_stack.push(command)
        self._update_title()

    def new_example_text(self) -> str:
        system = ""
        if self._current_line is not None:
            obj = parse_object(self.document.line_text(self._current_line))
            messages = obj.get("messages") if obj else None
            first = messages[0] if isinstance(messages, list) and messages else None
            if isinstance(first, dict) and first.get("role") == "system":
                content = first.get("content")
                system = content if isinstance(content, str) else ""
        new: list[dict[str, str]] = []
        if system:
            new.append({"role": "system", "content": system})
        new += [{"role": "user", "content": ""}, {"role": "assistant", "content": ""}]
        return dumps_compact({"messages": new})

    def add_example(self) -> None:
        at = len(self.session) if self._current_line is None else self._current_line + 1
        self._push(
            InsertLinesCommand(
                self.session, at, [self.new_example_text()], lambda: self.tr("Add example")
            )
        )
        self.select_line(at)
        self.form.focus_path(
            "messages[1].content"
            if '"system"' in self.document.line_text(at)
            else "messages[0].content"
        )

    def add_example_object(self, obj: dict[str, Any]) -> None:
        """Append an example someone else built (the playground's "add to dataset")."""
        at = len(self.session)
        self._push(
            InsertLinesCommand(
                self.session, at, [dumps_compact(obj)], lambda: self.tr("Add example")
            )
        )
        self.select_line(at)

    def add_examples(self, objects: Sequence[dict[str, Any]], description: Description) -> None:
        if not objects:
            return
        at = len(self.session)
        self._push(
            InsertLinesCommand(self.session, at, [dumps_compact(o) for o in objects], description)
        )
        self.select_line(at)

    def duplicate_selected(self) -> None:
        lines = self.selected_lines()
        if not lines:
            return
        texts = [self.document.line_text(i) for i in lines]
        at = lines[-1] + 1
        self._push(
            InsertLinesCommand(self.session, at, texts, lambda: self.tr("Duplicate examples"))
        )
        self.select_lines(list(range(at, at + len(texts))))

    def delete_selected(self) -> None:
        lines = self.selected_lines()
        if not lines:
            return
        self._push(DeleteLinesCommand(self.session, lines, lambda: self.tr("Delete examples")))
        if len(self.session):
            self.select_line(min(lines[0], len(self.session) - 1))
        else:
            self._current_line = None
            self.form.clear()

    def move_selected(self, delta: int) -> None:
        lines = self.selected_lines()
        if not lines:
            return
        to = lines[0] + delta
        if to < 0 or to + len(lines) > len(self.session):
            return
        command = MoveLinesCommand(self.session, lines, to, lambda: self.tr("Move examples"))
        self._push(command)
        self.select_lines(command.moved_to)

    def apply_system_prompt_to_all(self, prompt: str) -> None:
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            changes: list[tuple[int, str, str]] = []
            for index in range(len(self.session)):
                old = self.document.line_text(index)
                obj = parse_object(old)
                if obj is None or not isinstance(obj.get("messages"), list):
                    continue
                messages = obj["messages"]
                if (
                    messages
                    and isinstance(messages[0], dict)
                    and messages[0].get("role") == "system"
                ):
                    if messages[0].get("content") == prompt:
                        continue
                    messages[0]["content"] = prompt
                else:
                    messages.insert(0, {"role": "system", "content": prompt})
                changes.append((index, old, dumps_compact(obj)))
        finally:
            QApplication.restoreOverrideCursor()
        if changes:
            self._push(
                SetManyLinesCommand(
                    self.session, changes, lambda: self.tr("Apply system prompt to all")
                )
            )
            count = len(changes)
            self._show_status(
                lambda: self.tr("System prompt applied to %n example(s).", "", count)
            )

    # ================================================================== checking feedback
    def _check_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self.progress.setVisible(done < total)

    def _check_finished(self, seconds: float) -> None:
        self.progress.hide()
        self._refresh_aggregates()

    def _schedule_aggregates(self) -> None:
        if not self._aggregate_timer.isActive():
            self._aggregate_timer.start()

    def _refresh_aggregates(self) -> None:
        self.problems.refresh()
        self.summary.refresh()
        self._update_count()
        if self.table_model.status_filter != StatusFilter.all and not self.session.checking:
            # A fixed example leaves the "errors only" list once its check says so.
            self.table_model.refresh()

    def error_count(self) -> int:
        return sum(
            1
            for _, s in self.session.summaries_in_order()
            if s is not None and s.status == STATUS_ERROR
        )

    # ================================================================== import / export / privacy
    async def import_dialog(self, path: Path | None = None) -> None:
        from fine_tune_studio.ui.editor.import_dialog import ImportDialog

        await self._import_rows(ImportDialog(self, path=path), lambda: self.tr("Import rows"))

    async def paste_rows(self) -> None:
        from fine_tune_studio.ui.editor.import_dialog import ImportDialog

        text = QGuiApplication.clipboard().text()
        if not text.strip():
            self._show_status(lambda: self.tr("The clipboard has no rows to paste."))
            return
        await self._import_rows(ImportDialog(self, pasted=text), lambda: self.tr("Paste rows"))

    async def _import_rows(self, dialog: ImportDialog, description: Description) -> None:
        if await dialog_answer(dialog) == QDialog.DialogCode.Accepted:
            self.add_examples(dialog.examples(), description)
        dialog.deleteLater()

    def line_texts(self) -> list[str]:
        return [self.document.line_text(i) for i in range(len(self.session))]

    def request_fine_tune(self) -> None:
        """Hand the open examples to the Training panel's launch wizard."""
        signal = self.context.fine_tune_requested
        if signal is not None:
            signal.emit()

    def privacy_check(self) -> Any:
        """Show what personal data the examples contain (scanned off the GUI thread); the
        dialog's `decided` says whether the user goes on."""
        from fine_tune_studio.ui.editor.privacy_dialog import PrivacyDialog

        dialog = PrivacyDialog(self.line_texts(), self)
        dialog.jump_requested.connect(self.jump_to)
        dialog.open()
        return dialog

    def export_dialog(self) -> None:
        dialog = self.privacy_check()
        dialog.decided.connect(lambda choice: self._open_export() if choice == "go_on" else None)

    def _open_export(self) -> None:
        from fine_tune_studio.ui.editor.export_dialog import ExportDialog

        texts: list[str] = []
        skipped = 0
        for index in range(len(self.session)):
            summary = self.session.summary(index) or self.session.check_now(index)
            if summary.kind == "blank":
                continue
            if summary.status == STATUS_ERROR:
                skipped += 1
                continue
            texts.append(self.document.line_text(index))
        self.start(self._export(ExportDialog(texts, skipped, self)))

    async def _export(self, dialog: ExportDialog) -> None:
        accepted = await dialog_answer(dialog) == QDialog.DialogCode.Accepted
        result = dialog.written
        if accepted and result is not None:
            self._show_status(lambda: self._exported_words(result))
        dialog.deleteLater()

    def _exported_words(self, result: ExportResult) -> str:
        total = result.train_count + result.validation_count
        if result.validation_path is None:
            return self.tr("Exported %n example(s).", "", total)
        return (
            self.tr("Exported %n example(s): %1 for training, %2 for validation.", "", total)
            .replace("%1", str(result.train_count))
            .replace("%2", str(result.validation_count))
        )

    def example_object(self, line: int) -> dict[str, Any] | None:
        try:
            value = orjson.loads(self.document.line_bytes(line))
        except orjson.JSONDecodeError:
            return None
        return value if isinstance(value, dict) else None
