"""The playground: talk to one to four models side by side, judge them blind, keep answers.

The panel owns one `Conversation` at a time. Sending a message starts one background task
per column (through `ChatFanout`), so the GUI thread never waits on the network; text
arrives through a callback that updates the conversation and asks the column to redraw.
Every finished turn is saved to the conversation library.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from fine_tune_studio.core.conversation import (
    Conversation,
    ConversationLibrary,
    ModelRef,
    ReplyStatus,
    UnreadableTally,
    most_common_system_prompt,
)
from fine_tune_studio.core.document import DatasetDocument
from fine_tune_studio.core.evaluation import BlindAssignment, Judgement, Tally, Verdict
from fine_tune_studio.services.chat_session import ChatFanout, ColumnRequest, ReplyOutcome
from fine_tune_studio.services.errors import ErrorKind, ServiceError
from fine_tune_studio.services.jobs import ModelPair
from fine_tune_studio.ui.async_tools import TaskTracker
from fine_tune_studio.ui.errors import explain
from fine_tune_studio.ui.export import is_fine_tuned, is_local_engine
from fine_tune_studio.ui.model_label import model_label
from fine_tune_studio.ui.playground.add_example_dialog import AddExampleDialog
from fine_tune_studio.ui.playground.blind_bar import BlindBar
from fine_tune_studio.ui.playground.chat_column import ChatColumn
from fine_tune_studio.ui.playground.context import PlaygroundContext
from fine_tune_studio.ui.playground.library_view import LibraryView
from fine_tune_studio.ui.playground.params_bar import ParamsBar
from fine_tune_studio.ui.playground.tally_view import TallyView
from fine_tune_studio.ui.widgets import Retranslating

log = logging.getLogger(__name__)

MAX_COLUMNS = 4


def default_library_dir(context: PlaygroundContext) -> Path:
    """<the app's data folder>/playground."""
    return context.settings_store.dirs.data / "playground"


# Enough lines to find the usual system prompt; reading all of a 100k-line dataset on the
# GUI thread would freeze the window for a second each time the dataset changes.
SYSTEM_PROMPT_SAMPLE = 5000


def dataset_lines(dataset: DatasetDocument | None, limit: int = SYSTEM_PROMPT_SAMPLE) -> list[str]:
    """Up to `limit` raw lines of the editor's open document, spread evenly over it."""
    if dataset is None:
        return []
    count = len(dataset)
    step = max(1, count // limit)
    return [dataset.line_text(i) for i in range(0, count, step)][:limit]


class PlaygroundPanel(Retranslating, QWidget):
    reply_finished = Signal(int, int)  # turn index, column
    turn_finished = Signal(int)  # turn index, once every column has finished
    example_added = Signal(dict)
    status_changed = Signal(str)

    def __init__(
        self,
        context: PlaygroundContext,
        parent: QWidget | None = None,
        *,
        library_dir: Path | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("playgroundPanel")
        self.context = context
        self.library = ConversationLibrary(library_dir or default_library_dir(context))
        self.fanout = ChatFanout()
        # The shell's tracker, so closing the app cancels our requests before it closes the
        # provider clients they use.
        self.tracker: TaskTracker = context.tasks
        self._tasks: set[asyncio.Task[Any]] = set()
        tally_problem: UnreadableTally | OSError | None = None
        # False when the saved tally could not even be opened: saving this session's
        # verdicts over it would lose the earlier ones.
        self._tally_saving = True
        try:
            self.tally = self.library.load_tally()  # blind verdicts of earlier sessions
        except UnreadableTally as problem:
            self.tally, tally_problem = Tally(), problem
        except OSError as problem:
            log.warning("tally not read: %s", problem)
            self.tally, tally_problem, self._tally_saving = Tally(), problem, False
        self.conversation = Conversation()
        self.columns: list[ChatColumn] = []
        self._assignment: BlindAssignment | None = None
        self._revealed = False
        self._round = Tally()  # verdicts of the blind round in progress (names still hidden)
        self._editing_turn: int | None = None
        # Columns whose reply task runs (from before the client is ready until the outcome).
        self._in_flight: set[int] = set()
        # Stops asked for while a column still waits for its client (the local engine may
        # take a while to start): honoured before the request is sent.
        self._stop_pending: set[int] = set()
        self._system_prompt_from_user = False
        self._add_dialog: AddExampleDialog | None = None
        self.export_dialog: Any = None

        self._build()
        self._connect_context()
        self.add_column()
        self.add_column()
        remembered = self._remembered_models()
        if remembered:
            self.set_column_models(remembered)
        self._prefill_system_prompt()
        self.retranslate_ui()
        self._update_controls()
        if isinstance(tally_problem, UnreadableTally):
            self._say(self.tr("The saved tally could not be read; it was kept as %1 and a "
                              "new one started.").replace("%1", str(tally_problem.kept)))
        elif tally_problem is not None:
            self._say(self.tr("The saved tally could not be opened (%1). This session's "
                              "verdicts are counted but not saved, so the file stays as it "
                              "is; check its permissions and restart.").replace(
                "%1", tally_problem.strerror or str(tally_problem)))

    # -- layout ----------------------------------------------------------------------------

    def _build(self) -> None:
        self.new_button = QPushButton()
        self.add_column_button = QPushButton()
        self.add_to_dataset_button = QPushButton()
        self.blind_bar = BlindBar()
        top = QHBoxLayout()
        top.addWidget(self.new_button)
        top.addWidget(self.add_column_button)
        # The switch sits in the top row; the verdict row below shows only in blind mode.
        top.addWidget(self.blind_bar.blind_check)
        top.addStretch(1)
        top.addWidget(self.add_to_dataset_button)
        # On a narrow window the side panel steps aside for the answers; this brings it back.
        self.side_button = QToolButton()
        self.side_button.setObjectName("sidePanelToggle")
        self.side_button.setCheckable(True)
        self.side_button.setChecked(True)
        self.side_button.toggled.connect(self._show_side_panel)
        top.addWidget(self.side_button)

        self.system_label = QLabel()
        self.system_edit = QPlainTextEdit()
        self.system_edit.setObjectName("systemPrompt")
        self.system_edit.setMaximumHeight(64)
        self.from_dataset_button = QPushButton()
        system_row = QHBoxLayout()
        system_col = QVBoxLayout()
        system_col.addWidget(self.system_label)
        system_col.addWidget(self.from_dataset_button)
        system_col.addStretch(1)
        system_row.addLayout(system_col)
        system_row.addWidget(self.system_edit, 1)

        self.params_bar = ParamsBar()
        self.column_splitter = QSplitter(Qt.Orientation.Horizontal)
        self.column_splitter.setChildrenCollapsible(False)

        self.edit_banner = QLabel()
        self.edit_banner.setWordWrap(True)
        self.edit_banner.setObjectName("editBanner")
        self.cancel_edit_button = QPushButton()
        banner_row = QHBoxLayout()
        banner_row.addWidget(self.edit_banner, 1)
        banner_row.addWidget(self.cancel_edit_button)
        self.banner = QWidget()
        self.banner.setLayout(banner_row)
        banner_row.setContentsMargins(0, 0, 0, 0)
        self.banner.hide()

        self.input_edit = QPlainTextEdit()
        self.input_edit.setObjectName("messageInput")
        self.input_edit.setMaximumHeight(80)
        self.send_button = QPushButton()
        self.send_button.setDefault(True)
        self.stop_all_button = QPushButton()
        input_row = QHBoxLayout()
        input_row.addWidget(self.input_edit, 1)
        buttons = QVBoxLayout()
        buttons.addWidget(self.send_button)
        buttons.addWidget(self.stop_all_button)
        input_row.addLayout(buttons)
        self.status = QLabel()
        self.status.setObjectName("playgroundStatus")
        self.status.setWordWrap(True)

        main = QWidget()
        main_layout = QVBoxLayout(main)
        main_layout.setContentsMargins(0, 0, 0, 0)
        main_layout.addLayout(top)
        main_layout.addWidget(self.blind_bar)
        main_layout.addLayout(system_row)
        main_layout.addWidget(self.params_bar)
        # Four columns may not fit a small window: scroll sideways rather than force the
        # whole window wider than the screen.
        self.column_scroll = QScrollArea()
        self.column_scroll.setWidgetResizable(True)
        self.column_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.column_scroll.setWidget(self.column_splitter)
        self.column_scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        main_layout.addWidget(self.column_scroll, 1)
        main_layout.addWidget(self.banner)
        main_layout.addLayout(input_row)
        main_layout.addWidget(self.status)

        self.library_view = LibraryView(self.library)
        self.tally_view = TallyView(self.tally, self.model_label)
        self.tally_view.cleared.connect(self._save_tally)
        self.side_tabs = QTabWidget()
        self.side_tabs.addTab(self.library_view, "")
        self.side_tabs.addTab(self.tally_view, "")
        self.outer_splitter = QSplitter(Qt.Orientation.Horizontal)
        self.outer_splitter.addWidget(main)
        self.outer_splitter.addWidget(self.side_tabs)
        self.outer_splitter.setStretchFactor(0, 4)
        self.outer_splitter.setStretchFactor(1, 1)
        self.outer_splitter.setCollapsible(0, False)
        self._sized = False
        layout = QVBoxLayout(self)
        layout.addWidget(self.outer_splitter)

        self.new_button.clicked.connect(self.new_conversation)
        self.add_column_button.clicked.connect(self.add_column)
        self.add_to_dataset_button.clicked.connect(lambda: self.open_add_to_dataset())
        self.from_dataset_button.clicked.connect(lambda: self._prefill_system_prompt(force=True))
        self.system_edit.textChanged.connect(self._system_prompt_edited)
        self.params_bar.changed.connect(self._params_changed)
        self.send_button.clicked.connect(self.send)
        self.stop_all_button.clicked.connect(self.stop_all)
        self.cancel_edit_button.clicked.connect(self.cancel_edit)
        self.blind_bar.blind_toggled.connect(self.set_blind)
        self.blind_bar.verdict_chosen.connect(self.judge)
        self.blind_bar.reveal_requested.connect(self.reveal)
        self.blind_bar.next_round_requested.connect(self.next_blind_round)
        self.library_view.open_requested.connect(self.open_conversation)
        self.library_view.message.connect(self._say)
        for sequence in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(sequence), self.input_edit, self.send)

    def retranslate_ui(self) -> None:
        self.new_button.setText(self.tr("New conversation"))
        self.add_column_button.setText(self.tr("Add a model"))
        self.add_column_button.setToolTip(
            self.tr("Send the same conversation to up to four models at once")
        )
        self.add_to_dataset_button.setText(self.tr("Add to dataset…"))
        self.add_to_dataset_button.setToolTip(
            self.tr("Turn this conversation, with the chosen or corrected answers, into a "
                    "training example")
        )
        self.system_label.setText(self.tr("System prompt"))
        self.from_dataset_button.setText(self.tr("From dataset"))
        self.from_dataset_button.setToolTip(
            self.tr("Use the system prompt most examples of the open dataset start with")
        )
        self.system_edit.setPlaceholderText(
            self.tr("Instructions every model gets before the conversation (optional)")
        )
        self.input_edit.setPlaceholderText(
            self.tr("Ask something… (Ctrl+Enter sends)")
        )
        self.send_button.setText(self.tr("Send"))
        self.stop_all_button.setText(self.tr("Stop all"))
        self.cancel_edit_button.setText(self.tr("Cancel editing"))
        self.side_tabs.setTabText(0, self.tr("Saved"))
        self.side_tabs.setTabText(1, self.tr("Tally"))
        self.side_button.setText(self.tr("Saved and tally"))
        self.side_button.setToolTip(self.tr("Show or hide the saved conversations and the "
                                            "blind tally"))
        self._update_banner()
        if hasattr(self, "tally_view"):  # built after the first texts
            # Provider names in the language shown ("This computer" / 這台電腦).
            self._refresh_providers()
            self.tally_view.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._sized:
            # The side panel gets about a fifth of the width, enough for its buttons; when
            # that leaves too little for two answers side by side, it starts hidden.
            self._sized = True
            side = max(self.side_tabs.minimumSizeHint().width(), self.width() // 5)
            self.outer_splitter.setSizes([max(1, self.width() - side), side])
            if self.width() - side < self._width_for_two_columns():
                self.side_button.setChecked(False)

    def _width_for_two_columns(self) -> int:
        one = max((c.minimumSizeHint().width() for c in self.columns), default=0)
        return 2 * one + 2 * self.column_splitter.handleWidth() + 24  # + the margins

    def _show_side_panel(self, shown: bool) -> None:
        self.side_tabs.setVisible(shown)
        if self.side_button.isChecked() != shown:
            self.side_button.setChecked(shown)

    # -- the app around us -----------------------------------------------------------------

    def _connect_context(self) -> None:
        # Bound methods, not lambdas: Qt drops the connection when the panel is destroyed.
        self.context.dataset_changed.connect(self._dataset_changed)
        self.context.providers_changed.connect(self._refresh_providers)
        self.context.compare_models_requested.connect(self.compare_models)

    def _dataset_changed(self, _dataset: object = None) -> None:
        self._prefill_system_prompt()

    def model_label(self, key: str) -> str:
        """"name · provider name" for a "profile id/model" key: the model by the name the
        user gave it (core.model_display; the full id is on hover)."""
        provider_id, _, model = key.partition("/")
        names = dict(self._providers())
        shown = model_label(model)
        return f"{shown} · {names[provider_id]}" if provider_id in names else key

    def _providers(self) -> list[tuple[str, str]]:
        lang = self.context.effective_language  # "This computer" reads 這台電腦 in Chinese
        return [(p.id, p.shown_name(lang)) for p in self.context.profiles()]

    def compare_models(self, pair: ModelPair) -> None:
        """A fine-tune beside the model it started from ("Open in playground" of a job),
        under the system prompt its examples were written with."""
        if self.is_busy:
            self.stop_all()
            self._say(self.tr("Replies are still arriving; open the models again once "
                              "they have stopped."))
            return
        if self._assignment is not None:
            self.blind_bar.blind_check.setChecked(False)
        self.set_column_models([
            ModelRef(provider_id=pair.provider_id, model=pair.base_model),
            ModelRef(provider_id=pair.provider_id, model=pair.tuned_model),
        ])
        if pair.system_prompt is not None:
            self.system_edit.blockSignals(True)
            self.system_edit.setPlainText(pair.system_prompt)
            self.system_edit.blockSignals(False)
            self.conversation.system_prompt = pair.system_prompt
            self._system_prompt_from_user = False
        self._say(self.tr("%1 (left) beside its fine-tune %2 (right): ask both the same "
                          "question.").replace("%1", model_label(pair.base_model))
                  .replace("%2", model_label(pair.tuned_model)))
        self.input_edit.setFocus()

    def _refresh_providers(self) -> None:
        providers = self._providers()
        for column in self.columns:
            column.set_providers(providers)

    def _prefill_system_prompt(self, force: bool = False) -> None:
        """Start from the dataset's usual system prompt, unless the user wrote their own."""
        if self._system_prompt_from_user and not force:
            return
        prompt = most_common_system_prompt(dataset_lines(self.context.dataset))
        if prompt is None:
            if force:
                self._say(self.tr("The open dataset has no system prompt to use."))
            return
        self.system_edit.blockSignals(True)
        self.system_edit.setPlainText(prompt)
        self.system_edit.blockSignals(False)
        self.conversation.system_prompt = prompt
        self._system_prompt_from_user = False

    def _system_prompt_edited(self) -> None:
        self._system_prompt_from_user = True
        self.conversation.system_prompt = self.system_edit.toPlainText()

    def _params_changed(self) -> None:
        self.conversation.params = self.params_bar.params()
        self._update_controls()  # a value outside what the chat API takes stops Send

    # -- columns ---------------------------------------------------------------------------

    def add_column(self) -> ChatColumn | None:
        if len(self.columns) >= MAX_COLUMNS or self.is_busy:
            return None
        column = ChatColumn(len(self.columns))
        column.set_providers(self._providers())
        active = self.context.active_profile()
        if active is not None:
            column.set_model(ModelRef(provider_id=active.id, model=""))
        column.stop_requested.connect(self.stop_column)
        column.regenerate_requested.connect(self.regenerate)
        column.choose_requested.connect(self.choose)
        column.remove_requested.connect(self.remove_column)
        column.model_changed.connect(self._column_model_changed)
        column.refresh_models_requested.connect(self.load_models)
        column.edit_turn_requested.connect(self.begin_edit)
        column.export_requested.connect(self.export_model)
        self.columns.append(column)
        self.column_splitter.addWidget(column)
        self._columns_changed()
        return column

    def remove_column(self, index: int) -> None:
        if len(self.columns) <= 1 or self.is_busy:
            return
        column = self.columns.pop(index)
        column.setParent(None)
        column.deleteLater()
        for i, col in enumerate(self.columns):
            col.index = i
        self._columns_changed()

    def set_column_models(self, refs: list[ModelRef]) -> None:
        """Choose the models (adding or removing columns to match); for code and tests."""
        while len(self.columns) < len(refs):
            self.add_column()
        while len(self.columns) > len(refs):
            self.remove_column(len(self.columns) - 1)
        for column, ref in zip(self.columns, refs, strict=True):
            column.set_model(ref)
        self._columns_changed()

    def _column_refs(self) -> list[ModelRef]:
        return [c.model_ref() or ModelRef(provider_id="", model="") for c in self.columns]

    def _columns_changed(self) -> None:
        refs = self._column_refs()
        if self.conversation.turns and refs != self.conversation.models:
            # The old replies belong to other models: keep them in the library, start anew.
            self._save()
            self._fresh_conversation()
            self._say(self.tr("The models changed, so a new conversation started; the "
                              "previous one is under Saved."))
        self.conversation.models = refs
        self._remember_models(refs)
        for column, ref in zip(self.columns, refs, strict=True):
            column.bind(self.conversation)
            column.set_exportable(is_fine_tuned(ref.model)
                                  and is_local_engine(self.context, ref.provider_id))
        if self._assignment is not None:
            self._start_blind_round()
        self._update_controls()

    def _column_model_changed(self, _index: int) -> None:
        self._columns_changed()

    # -- the models chosen last time ------------------------------------------------------

    def _remembered_models(self) -> list[ModelRef]:
        """The columns' models when the app last ran, where their provider still exists
        (the playground opens as it was left)."""
        saved = self.context.settings.panels.get("playground", {}).get("models")
        if not isinstance(saved, list):
            return []
        known = {profile_id for profile_id, _name in self._providers()}
        refs = []
        for entry in saved[:MAX_COLUMNS]:
            if not isinstance(entry, dict):
                continue
            provider_id, model = entry.get("provider_id"), entry.get("model")
            if isinstance(provider_id, str) and provider_id in known and isinstance(model, str):
                refs.append(ModelRef(provider_id=provider_id, model=model))
        return refs

    def _remember_models(self, refs: list[ModelRef]) -> None:
        chosen = [ref.model_dump() for ref in refs if ref.provider_id]
        panel = self.context.settings.panels.setdefault("playground", {})
        if not chosen or panel.get("models") == chosen:
            return
        panel["models"] = chosen
        self.context.save_settings()

    def export_model(self, index: int) -> None:
        """Export… the column's fine-tuned model (the dialog runs the export)."""
        from fine_tune_studio.ui.export.dialog import ExportDialog

        ref = self.columns[index].model_ref() if index < len(self.columns) else None
        if ref is None:
            return
        self.export_dialog = ExportDialog(self.context, [ref.model], self)
        self.export_dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.export_dialog.open()

    def load_models(self, index: int) -> None:
        task = self.tracker.start(self._load_models(index), name="playground-list-models")
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _load_models(self, index: int) -> None:
        if index >= len(self.columns):
            return
        column = self.columns[index]
        ref = column.model_ref()
        provider = ref.provider_id if ref else column.provider_box.currentData()
        if not provider:
            return
        try:
            client = await self.context.client(str(provider))
            models = await client.list_models()
        except ServiceError as error:
            self._say(explain(error).message)
            return
        if column in self.columns:  # not removed while we waited
            column.set_model_choices([m.id for m in models])

    # -- conversations ---------------------------------------------------------------------

    def _fresh_conversation(self) -> None:
        self._in_flight.clear()  # stopped tasks still finish; they write to the old one
        self.conversation = Conversation(
            system_prompt=self.system_edit.toPlainText(),
            params=self.params_bar.params(),
            models=self._column_refs(),
        )
        self._editing_turn = None
        self._update_banner()
        for column in self.columns:
            column.bind(self.conversation)

    def new_conversation(self) -> None:
        self.stop_all()
        self._save()
        self._fresh_conversation()
        if self._assignment is not None:
            self._start_blind_round()
        self._update_controls()

    def open_conversation(self, conversation_id: str) -> None:
        self.stop_all()
        self._save()
        try:
            conversation = self.library.load(conversation_id)
        except (OSError, ValueError) as error:
            self._say(self.tr("This conversation could not be opened: %1").replace(
                "%1", str(error)))
            return
        if self._assignment is not None:
            self.blind_bar.blind_check.setChecked(False)
        self.conversation = conversation
        for ref in conversation.models:
            if ref.provider_id and ref.provider_id not in [p for p, _ in self._providers()]:
                self._say(self.tr("A provider of this conversation no longer exists; "
                                  "choose another model to continue."))
        while len(self.columns) < len(conversation.models):
            self.add_column()
        while len(self.columns) > max(1, len(conversation.models)):
            self.remove_column(len(self.columns) - 1)
        self.conversation = conversation  # adding columns may have replaced it
        for column, ref in zip(self.columns, conversation.models, strict=False):
            column.set_model(ref)
        self.system_edit.blockSignals(True)
        self.system_edit.setPlainText(conversation.system_prompt)
        self.system_edit.blockSignals(False)
        self._system_prompt_from_user = True
        self.params_bar.blockSignals(True)
        self.params_bar.set_params(conversation.params)
        self.params_bar.blockSignals(False)
        for column in self.columns:
            column.bind(conversation)
        self._update_controls()

    def _save(self) -> None:
        if not self.conversation.turns:
            return
        try:
            self.library.save(self.conversation)
        except OSError as error:
            self._say(self.tr("The conversation could not be saved: %1").replace(
                "%1", str(error)))
            return
        self.library_view.reload()

    # -- sending ---------------------------------------------------------------------------

    @property
    def is_busy(self) -> bool:
        return bool(self._in_flight)

    def send(self) -> None:
        text = self.input_edit.toPlainText().strip()
        if not text or self.is_busy:
            return
        refs = self._column_refs()
        missing = [i for i, ref in enumerate(refs) if not ref.provider_id or not ref.model]
        if missing:
            self._say(self.tr("Choose a model for every column first."))
            return
        problem = self.params_bar.problem()
        if problem is not None:  # Ctrl+Enter too: nothing is sent with a changed value
            self._say(problem)
            return
        self.conversation.models = refs
        self.conversation.system_prompt = self.system_edit.toPlainText()
        self.conversation.params = self.params_bar.params()
        if self._editing_turn is not None:
            turn_index = self._editing_turn
            self.conversation.edit_user_turn(turn_index, text)
            self._round_forget_from(turn_index)
            self._editing_turn = None
            self._update_banner()
        else:
            self.conversation.add_user_turn(text)
            turn_index = len(self.conversation.turns) - 1
        self.input_edit.clear()
        self._say("")
        for column in range(len(self.columns)):
            self._start_column(turn_index, column)
        self._update_controls()

    def regenerate(self, column: int) -> None:
        if not self.conversation.turns or self.fanout.is_running(column):
            return
        turn_index = len(self.conversation.turns) - 1
        self.conversation.reset_reply(turn_index, column)
        self._start_column(turn_index, column)
        self._update_controls()

    def _start_column(self, turn_index: int, column: int) -> None:
        conversation = self.conversation
        reply = conversation.turns[turn_index].replies[column]
        reply.status = ReplyStatus.STREAMING
        self._in_flight.add(column)
        self._stop_pending.discard(column)
        self.columns[column].refresh()
        task = self.tracker.start(
            self._run_column(conversation, turn_index, column),
            name=f"playground-column-{column}",
        )
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _run_column(self, conversation: Conversation, turn_index: int, column: int) -> None:
        ref = conversation.models[column]
        reply = conversation.turns[turn_index].replies[column]
        try:
            client = await self.context.client(ref.provider_id)
        except (ServiceError, KeyError) as error:
            failure = error if isinstance(error, ServiceError) else ServiceError(
                ErrorKind.NOT_FOUND, detail=str(error))
            self._apply_outcome(conversation, turn_index, ReplyOutcome(
                column=column, status=ReplyStatus.FAILED, error=failure,
                error_kind=failure.kind.value, error_detail=failure.detail or failure.message,
            ))
            return
        if column in self._stop_pending and conversation is self.conversation:
            self._stop_pending.discard(column)
            self._apply_outcome(conversation, turn_index, ReplyOutcome(
                column=column, status=ReplyStatus.STOPPED, latency_s=0.0))
            return
        request = ColumnRequest(
            column=column,
            client=client,
            model=ref.model,
            messages=conversation.messages_for(column, turn_index),
            params=conversation.params.as_request_params(),
        )

        def on_delta(col: int, text: str) -> None:
            reply.text += text
            if conversation is self.conversation and col < len(self.columns):
                self.columns[col].schedule_refresh()

        try:
            outcome = await self.fanout.start(request, on_delta)
        except Exception as error:
            # A bug of ours must not leave the column "answering" forever: say it and
            # let the excepthook log it.
            log.exception("playground column %d failed", column)
            failure = ServiceError(ErrorKind.UNKNOWN, detail=f"{type(error).__name__}: {error}")
            outcome = ReplyOutcome(
                column=column, text=reply.text, status=ReplyStatus.FAILED, error=failure,
                error_kind=failure.kind.value, error_detail=failure.detail,
            )
        self._apply_outcome(conversation, turn_index, outcome)

    def _apply_outcome(
        self, conversation: Conversation, turn_index: int, outcome: ReplyOutcome
    ) -> None:
        if conversation is self.conversation:
            self._in_flight.discard(outcome.column)
        if turn_index >= len(conversation.turns):
            return  # the turn was edited away while it streamed
        conversation.turns[turn_index].replies[outcome.column] = outcome.reply()
        conversation.touch()
        if conversation is not self.conversation:
            self.library.save(conversation)
            return
        if outcome.column < len(self.columns):
            self.columns[outcome.column].refresh()
        self.reply_finished.emit(turn_index, outcome.column)
        if not self.is_busy:
            self._save()
            self.turn_finished.emit(turn_index)
        self._update_controls()

    def stop_column(self, column: int) -> None:
        if column in self._in_flight:
            self._stop_pending.add(column)
        self.fanout.stop(column)

    def stop_all(self) -> None:
        self._stop_pending.update(self._in_flight)
        self.fanout.stop_all()

    # -- editing an earlier question -------------------------------------------------------

    def begin_edit(self, turn_index: int) -> None:
        if self.is_busy or not 0 <= turn_index < len(self.conversation.turns):
            return
        self._editing_turn = turn_index
        self.input_edit.setPlainText(self.conversation.turns[turn_index].user)
        self.input_edit.setFocus()
        self._update_banner()

    def cancel_edit(self) -> None:
        self._editing_turn = None
        self.input_edit.clear()
        self._update_banner()

    def _update_banner(self) -> None:
        if self._editing_turn is None:
            self.banner.hide()
            return
        later = len(self.conversation.turns) - self._editing_turn - 1
        number = str(self._editing_turn + 1)
        if later == 1:
            text = self.tr(
                "Editing question %1. Sending replaces it and removes the turn after it."
            ).replace("%1", number)
        elif later:
            text = self.tr(
                "Editing question %1. Sending replaces it and removes the %2 turns after it."
            ).replace("%1", number).replace("%2", str(later))
        else:
            text = self.tr("Editing question %1. Sending replaces it.").replace("%1", number)
        self.edit_banner.setText(text)
        self.banner.show()

    # -- choosing, blind judging -----------------------------------------------------------

    def choose(self, column: int) -> None:
        if not self.conversation.turns:
            return
        turn = self.conversation.turns[-1]
        turn.chosen = None if turn.chosen == column else column
        self.conversation.touch()
        for col in self.columns:
            col.refresh()
        self._save()

    @property
    def blind(self) -> bool:
        return self._assignment is not None

    def set_blind(self, on: bool) -> None:
        if self.blind_bar.blind_check.isChecked() != on:
            self.blind_bar.blind_check.setChecked(on)  # re-enters through the signal
            return
        if not on:
            self._assignment = None
            self._revealed = False
            self._round.clear()
            self._layout_columns()
            self._update_controls()
            return
        refs = self._column_refs()
        keys = [r.key for r in refs]
        if len(refs) < 2 or any(not r.model for r in refs) or len(set(keys)) != len(keys):
            self._say(self.tr("A blind comparison needs at least two different models."))
            self.blind_bar.blind_check.setChecked(False)
            return
        self.stop_all()
        self._save()
        self._fresh_conversation()
        self._start_blind_round()

    def _start_blind_round(self, seed: int | None = None) -> None:
        keys = [r.key for r in self._column_refs()]
        try:
            self._assignment = BlindAssignment.shuffled(
                keys, secrets.randbits(32) if seed is None else seed
            )
        except ValueError:
            self.blind_bar.blind_check.setChecked(False)
            return
        self._revealed = False
        self._round.clear()
        self._layout_columns()
        self._update_controls()

    def next_blind_round(self) -> None:
        self.stop_all()
        self._save()
        self._fresh_conversation()
        self._start_blind_round()

    def _layout_columns(self) -> None:
        """Blind: columns in the shuffled order, labelled by letter. Otherwise: as added."""
        assignment = self._assignment
        if assignment is None:
            for position, column in enumerate(self.columns):
                self.column_splitter.insertWidget(position, column)
                column.set_blind(None)
            return
        refs = self._column_refs()
        for position, key in enumerate(assignment.order):
            column = self.columns[[r.key for r in refs].index(key)]
            self.column_splitter.insertWidget(position, column)
            column.set_blind(assignment.letter_for(key), self._revealed)

    def column_at(self, position: int) -> ChatColumn:
        """The column shown at `position` from the left (what the user sees as A, B...)."""
        widget = self.column_splitter.widget(position)
        assert isinstance(widget, ChatColumn)
        return widget

    def judge(self, verdict: Verdict) -> None:
        assignment = self._assignment
        if assignment is None or self._revealed or not self.conversation.turns or self.is_busy:
            return
        turn_index = len(self.conversation.turns) - 1
        self._round.record(Judgement(self.conversation.id, turn_index, assignment, verdict))
        turn = self.conversation.turns[turn_index]
        if verdict.letter:
            winner = assignment.model_for(verdict.letter)
            turn.chosen = [r.key for r in self.conversation.models].index(winner)
        elif turn.chosen is not None:
            turn.chosen = None
        self._save()
        for column in self.columns:
            column.refresh()
        self._update_controls()

    def reveal(self) -> None:
        if self._assignment is None or self._revealed:
            return
        self._revealed = True
        for judgement in self._round.judgements:
            self.tally.record(judgement)
        self._round.clear()
        self._save_tally()
        self.tally_view.refresh()
        self._layout_columns()
        self.side_tabs.setCurrentWidget(self.tally_view)
        self._show_side_panel(True)  # the verdict just counted is shown
        self._update_controls()

    def _round_forget_from(self, turn_index: int) -> None:
        self._round.judgements = [
            j for j in self._round.judgements
            if j.conversation_id != self.conversation.id or j.turn_index < turn_index
        ]

    # -- add to dataset --------------------------------------------------------------------

    def open_add_to_dataset(self, fallback_column: int | None = None) -> AddExampleDialog | None:
        if not self.conversation.turns or self.is_busy:
            self._say(self.tr("Have a conversation first; then add it to the dataset."))
            return None
        if self.context.dataset is None:
            self._say(self.tr("Open or create a dataset in Examples first."))
            return None
        if fallback_column is None:
            fallback_column = self._preferred_column()
        dialog = AddExampleDialog(self.conversation, fallback_column, self)
        dialog.accepted.connect(lambda: self._add_example(dialog))
        self._add_dialog = dialog
        dialog.open()  # not exec(): a nested event loop inside qasync is asking for trouble
        return dialog

    def _preferred_column(self) -> int:
        if self.conversation.turns and self.conversation.turns[-1].chosen is not None:
            return self.conversation.turns[-1].chosen
        return self.columns.index(self.column_at(0)) if self.columns else 0

    def _add_example(self, dialog: AddExampleDialog) -> None:
        examples = dialog.examples()
        for turn, text in zip(self.conversation.turns, dialog.corrections(), strict=True):
            chosen = turn.replies[turn.chosen].text if turn.chosen is not None else None
            turn.corrected = None if text == chosen else text
        self.conversation.touch()
        self._save()
        for example in examples:
            self.context.add_example_requested.emit(example)
            self.example_added.emit(example)
        if len(examples) == 1:
            self._say(self.tr("Added to the dataset as a new example."))
        else:
            self._say(self.tr("Added %1 new examples to the dataset.").replace(
                "%1", str(len(examples))))

    # -- state of the controls -------------------------------------------------------------

    def _save_tally(self) -> None:
        if not self._tally_saving:
            return
        try:
            self.library.save_tally(self.tally)
        except OSError as exc:
            log.warning("tally not saved: %s", exc)
            self._say(self.tr("The tally could not be saved (%1); it is kept while the "
                              "app runs.").replace("%1", exc.strerror or str(exc)))

    def _say(self, text: str) -> None:
        self.status.setText(text)
        self.status_changed.emit(text)

    def _update_controls(self) -> None:
        busy = self.is_busy
        problem = self.params_bar.problem()
        self.send_button.setEnabled(not busy and problem is None)
        self.send_button.setToolTip(problem or "")
        self.stop_all_button.setEnabled(busy)
        self.add_column_button.setEnabled(not busy and len(self.columns) < MAX_COLUMNS
                                          and self._assignment is None)
        self.add_to_dataset_button.setEnabled(not busy and bool(self.conversation.turns))
        for column in self.columns:
            column.remove_button.setEnabled(not busy and len(self.columns) > 1)
        assignment = self._assignment
        turns = self.conversation.turns
        judged = None
        if assignment is not None and turns:
            judgement = self._round.verdict_for(self.conversation.id, len(turns) - 1)
            if judgement is not None:
                judged = str(judgement.verdict)
        # The verdict row takes room only in blind mode (its switch lives in the top row).
        self.blind_bar.setVisible(assignment is not None)
        self.blind_bar.set_state(
            columns=len(assignment.order) if assignment else 0,
            can_judge=bool(turns) and not busy,
            judged=judged,
            revealed=self._revealed,
            judgements=len(self._round.judgements),
        )

    # -- shutting down ---------------------------------------------------------------------

    async def shutdown(self) -> None:
        """Stop every reply (keeping what arrived) and save the conversation."""
        self.stop_all()
        if self._tasks:
            await asyncio.wait(set(self._tasks), timeout=10)
        self._save()

