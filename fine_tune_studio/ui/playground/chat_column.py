"""One model's side of the conversation: which model, its replies as they stream, its numbers.

The column draws from the shared `Conversation` (it holds no text of its own), so saving,
reopening and blind reshuffles never leave a column showing something stale. Streaming
text is re-rendered at most every RENDER_INTERVAL_MS: rendering markdown per token would
make long replies slow to show, which is exactly when the user is watching.
"""

from __future__ import annotations

import contextlib
import html

from PySide6.QtCore import Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from fine_tune_studio.core.context_window import CONTEXT_CODE, context_overflow
from fine_tune_studio.core.conversation import Conversation, ModelRef, Reply, ReplyStatus
from fine_tune_studio.core.tokens import count_text_tokens
from fine_tune_studio.services.errors import ErrorKind
from fine_tune_studio.ui.errors import context_words, explain
from fine_tune_studio.ui.model_label import model_label
from fine_tune_studio.ui.playground.markdown_view import MarkdownView, markdown_to_plain
from fine_tune_studio.ui.widgets import Retranslating

RENDER_INTERVAL_MS = 40
EDIT_SCHEME = "turn"


def _quote(text: str) -> str:
    return "\n".join("> " + line if line.strip() else ">" for line in text.splitlines()) or ">"


class ChatColumn(Retranslating, QFrame):
    stop_requested = Signal(int)
    regenerate_requested = Signal(int)
    choose_requested = Signal(int)
    remove_requested = Signal(int)
    model_changed = Signal(int)
    refresh_models_requested = Signal(int)
    edit_turn_requested = Signal(int)
    export_requested = Signal(int)  # Export… the fine-tuned model this column talks to

    def __init__(self, index: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.index = index
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setObjectName(f"chatColumn{index}")
        self._conversation: Conversation | None = None
        self._blind_letter: str | None = None
        self._revealed = False

        self.title = QLabel()
        self.title.setObjectName("columnTitle")
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # The name is short (display_name); a long one is cut by the label, never widening
        # the column past the window (the full id is on hover and in the picker).
        self.title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.title.setMinimumWidth(0)
        self.provider_box = QComboBox()
        self.provider_box.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.provider_box.setMinimumContentsLength(6)
        self.provider_box.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.model_box = QComboBox()
        self.model_box.setEditable(True)
        self.model_box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.model_box.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.model_box.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.model_box.setMinimumContentsLength(8)
        self.refresh_button = QToolButton()
        self.export_button = QToolButton()
        self.export_button.setEnabled(False)
        self.remove_button = QToolButton()
        self.transcript = MarkdownView()
        self.transcript.anchorClicked.connect(self._anchor_clicked)
        self.stats = QLabel()
        self.stats.setObjectName("replyStats")
        self.stats.setWordWrap(True)
        self.problem = QLabel()
        self.problem.setObjectName("replyProblem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #a4262c;")
        self.problem.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByMouse
        )
        self.problem.setOpenExternalLinks(True)  # e.g. where to start a dedicated endpoint
        self.problem.hide()
        self.stop_button = QToolButton()
        self.regenerate_button = QToolButton()
        self.copy_button = QToolButton()
        self.choose_button = QToolButton()
        self.choose_button.setCheckable(True)

        header = QHBoxLayout()
        header.addWidget(self.title, 1)
        header.addWidget(self.remove_button)
        picker = QHBoxLayout()
        picker.addWidget(self.provider_box, 2)
        picker.addWidget(self.model_box, 3)
        picker.addWidget(self.refresh_button)
        picker.addWidget(self.export_button)
        self.picker_row = QWidget()
        self.picker_row.setLayout(picker)
        picker.setContentsMargins(0, 0, 0, 0)
        buttons = QHBoxLayout()
        for button in (self.stop_button, self.regenerate_button, self.copy_button,
                       self.choose_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.picker_row)
        layout.addWidget(self.transcript, 1)
        layout.addWidget(self.problem)
        layout.addWidget(self.stats)
        layout.addLayout(buttons)

        self._render_timer = QTimer(self)
        self._render_timer.setSingleShot(True)
        self._render_timer.setInterval(RENDER_INTERVAL_MS)
        self._render_timer.timeout.connect(self.refresh)

        self.stop_button.clicked.connect(lambda: self.stop_requested.emit(self.index))
        self.regenerate_button.clicked.connect(lambda: self.regenerate_requested.emit(self.index))
        self.copy_button.clicked.connect(self.copy_last_reply)
        self.choose_button.clicked.connect(lambda: self.choose_requested.emit(self.index))
        self.remove_button.clicked.connect(lambda: self.remove_requested.emit(self.index))
        self.refresh_button.clicked.connect(
            lambda: self.refresh_models_requested.emit(self.index)
        )
        self.export_button.clicked.connect(lambda: self.export_requested.emit(self.index))
        self.provider_box.currentIndexChanged.connect(lambda _i: self._provider_changed())
        self.model_box.currentTextChanged.connect(lambda _t: self._picker_changed())
        self._quiet = False
        self.retranslate_ui()

    # -- texts -----------------------------------------------------------------------------

    def retranslate_ui(self) -> None:
        line = self.model_box.lineEdit()
        if line is not None:
            line.setPlaceholderText(self.tr("model id"))
        self.refresh_button.setText(self.tr("↻"))
        self.refresh_button.setToolTip(self.tr("Ask the provider which models it offers"))
        self.export_button.setText(self.tr("Export…"))
        self.export_button.setToolTip(self.tr(
            "Take this fine-tuned model out: LoRA adapter, merged model, GGUF or Ollama"))
        self.remove_button.setText(self.tr("✕"))
        self.remove_button.setToolTip(self.tr("Remove this column"))
        self.stop_button.setText(self.tr("Stop"))
        self.regenerate_button.setText(self.tr("Regenerate"))
        self.copy_button.setText(self.tr("Copy"))
        self.copy_button.setToolTip(self.tr("Copy the last reply as plain text"))
        self.choose_button.setText(self.tr("Use this answer"))
        self.choose_button.setToolTip(
            self.tr("Mark this reply as the one to keep when adding to the dataset")
        )
        self.refresh()

    # -- model picker ----------------------------------------------------------------------

    def set_providers(self, providers: list[tuple[str, str]]) -> None:
        """(profile id, name shown) pairs; keeps the current choice where it still exists."""
        current = self.provider_box.currentData()
        self._quiet = True
        self.provider_box.clear()
        for profile_id, name in providers:
            self.provider_box.addItem(name, profile_id)
        found = self.provider_box.findData(current)
        self.provider_box.setCurrentIndex(found if found >= 0 else 0)
        self._quiet = False

    def set_model_choices(self, models: list[str]) -> None:
        current = self.model_box.currentText()
        self._quiet = True
        self.model_box.clear()
        self.model_box.addItems(models)
        self.model_box.setCurrentText(current)
        self._show_start_of_model()
        self._quiet = False

    def set_model(self, ref: ModelRef) -> None:
        self._quiet = True
        found = self.provider_box.findData(ref.provider_id)
        if found < 0:
            self.provider_box.addItem(ref.provider_id, ref.provider_id)
            found = self.provider_box.count() - 1
        self.provider_box.setCurrentIndex(found)
        self.model_box.setCurrentText(ref.model)
        self._show_start_of_model()
        self._quiet = False
        self.refresh()

    def _show_start_of_model(self) -> None:
        """A long id shows its beginning ("ft:Qwen2.5-…"), where the base model and the
        user's name are, not the random tail a line edit scrolls to after setText."""
        line = self.model_box.lineEdit()
        if line is not None and not line.hasFocus():
            line.setCursorPosition(0)

    def set_exportable(self, exportable: bool) -> None:
        """Export… is offered for fine-tuned models of this computer only."""
        self.export_button.setEnabled(exportable)

    def model_ref(self) -> ModelRef | None:
        provider = self.provider_box.currentData()
        model = self.model_box.currentText().strip()
        if not provider or not model:
            return None
        return ModelRef(provider_id=str(provider), model=model)

    def _provider_changed(self) -> None:
        if not self._quiet:
            # Another provider has other models: offer its list rather than a stale one.
            self.model_box.clear()
            self.refresh_models_requested.emit(self.index)
        self._picker_changed()

    def _picker_changed(self) -> None:
        if not self._quiet:
            self.model_changed.emit(self.index)

    # -- showing the conversation ----------------------------------------------------------

    def bind(self, conversation: Conversation) -> None:
        self._conversation = conversation
        self.refresh()

    def set_blind(self, letter: str | None, revealed: bool = False) -> None:
        self._blind_letter = letter
        self._revealed = revealed
        hidden = letter is not None and not revealed
        self.picker_row.setVisible(letter is None)
        self.remove_button.setVisible(letter is None)
        # In a blind round the user must not learn the model from its id in a tooltip.
        self.setToolTip("" if hidden else self._model_id())
        self.refresh()

    def title_text(self) -> str:
        return self.title.text()

    def _model_name(self) -> str:
        """The model as the user knows it: the name they gave their fine-tune."""
        ref = self.model_ref()
        if ref is None:
            return ""
        return model_label(ref.model)

    def _model_id(self) -> str:
        ref = self.model_ref()
        return ref.model if ref else ""

    def schedule_refresh(self) -> None:
        if not self._render_timer.isActive():
            self._render_timer.start()

    def refresh(self) -> None:
        self._render_timer.stop()
        self._refresh_title()
        conversation = self._conversation
        if conversation is None:
            self.transcript.set_markdown("")
            self._refresh_footer(None)
            return
        scroll = self.transcript.verticalScrollBar()
        at_end = scroll.value() >= scroll.maximum() - 4
        self.transcript.set_markdown(self.transcript_markdown(conversation))
        if at_end:
            scroll.setValue(scroll.maximum())
        last = self.last_reply()
        self._refresh_footer(last)

    def _refresh_title(self) -> None:
        hidden = self._blind_letter is not None and not self._revealed
        self.title.setToolTip("" if hidden else self._model_id())
        self.model_box.setToolTip(self._model_id())
        if self._blind_letter is None:
            self.title.setText(self._model_name() or self.tr("Choose a model"))
        elif not self._revealed:
            self.title.setText(self.tr("Model %1").replace("%1", self._blind_letter))
        else:
            self.title.setText(
                self.tr("Model %1: %2").replace("%1", self._blind_letter)
                .replace("%2", self._model_name())
            )

    def transcript_markdown(self, conversation: Conversation) -> str:
        parts: list[str] = []
        for i, turn in enumerate(conversation.turns):
            you = self.tr("You")
            edit = self.tr("edit")
            parts.append(f"**{you}** · [{edit}]({EDIT_SCHEME}:{i})\n\n{_quote(turn.user)}\n")
            reply = turn.replies[self.index] if self.index < len(turn.replies) else Reply()
            if reply.text:
                parts.append(reply.text + "\n")
            elif reply.status in (ReplyStatus.PENDING, ReplyStatus.STREAMING):
                parts.append("*…*\n")
            note = self._reply_note(reply)
            if note:
                parts.append(f"*{note}*\n")
            if turn.chosen == self.index:
                parts.append("✓ " + self.tr("chosen for the dataset") + "\n")
        return "\n".join(parts)

    def _reply_note(self, reply: Reply) -> str:
        if reply.status == ReplyStatus.STOPPED:
            return self.tr("(stopped)")
        if reply.status == ReplyStatus.FAILED:
            words = explain_reply(reply)
            if reply.text:
                return self.tr("(cut off here: the reply is incomplete)")
            return self.tr("(no reply: %1)").replace("%1", words)
        return ""

    def _refresh_footer(self, last: Reply | None) -> None:
        streaming = last is not None and last.status == ReplyStatus.STREAMING
        self.stop_button.setEnabled(streaming)
        has_turn = self._conversation is not None and bool(self._conversation.turns)
        self.regenerate_button.setEnabled(has_turn and not streaming)
        self.copy_button.setEnabled(last is not None and bool(last.text))
        self.choose_button.setEnabled(last is not None and last.is_usable)
        turn = self._conversation.turns[-1] if has_turn and self._conversation else None
        self.choose_button.setChecked(turn is not None and turn.chosen == self.index)
        self.model_box.setEnabled(not streaming)
        self.provider_box.setEnabled(not streaming)
        self.stats.setText(self.stats_text(last))
        if last is not None and last.status == ReplyStatus.FAILED:
            self.problem.setText(self.problem_html(last))
            self.problem.show()
        else:
            self.problem.clear()
            self.problem.hide()

    def problem_html(self, reply: Reply) -> str:
        explanation = explain(_reply_error(reply))
        if reply.text:
            # The connection was made and text arrived: "cannot reach the provider" would
            # be wrong, what the user needs to know is that the reply is incomplete.
            title = self.tr("The reply was cut off")
            lines = [self.tr("The connection broke before the model finished. The text "
                             "above is what arrived; Regenerate asks again.")]
        else:
            title = explanation.title
            lines = [self._context_message(reply) or explanation.message,
                     explanation.what_to_do]
        text = f"<b>{html.escape(title)}</b>"
        for line in lines:
            if line:
                text += f"<br>{html.escape(line)}"
        if explanation.link and not reply.text:
            link = html.escape(explanation.link, quote=True)
            text += "<br>" + self.tr("Open %1").replace(
                "%1", f"<a href=\"{link}\">{html.escape(explanation.link)}</a>")
        if reply.error_detail:
            text += f"<br><small>{html.escape(reply.error_detail)}</small>"
        return text

    def _context_message(self, reply: Reply) -> str | None:
        """For a conversation too long whose provider gave only the limit (or nothing):
        the conversation's length as this app counts it, so the user sees how far over."""
        error = _reply_error(reply)
        if error.context is None or error.context.used is not None:
            return None
        conversation = self._conversation
        if conversation is None:
            return None
        texts = [conversation.system_prompt or ""]
        for turn in conversation.turns:
            texts.append(turn.user)
            reply_here = turn.replies[self.index] if self.index < len(turn.replies) else None
            if reply_here is not None and reply_here.text:
                texts.append(reply_here.text)
        counted = sum(count_text_tokens(text) for text in texts if text)
        base = explain(_StoredError("context_too_long", None)).message
        return f"{base} {context_words(error.context, counted)}"

    def stats_text(self, reply: Reply | None) -> str:
        if reply is None:
            return ""
        if reply.status == ReplyStatus.STREAMING:
            return self.tr("Answering…")
        pieces: list[str] = []
        if reply.completion_tokens is not None:
            pieces.append(
                self.tr("%1 tokens in, %2 out")
                .replace("%1", str(reply.prompt_tokens if reply.prompt_tokens is not None
                                   else "?"))
                .replace("%2", str(reply.completion_tokens))
            )
        if reply.latency_s is not None:
            pieces.append(self.tr("%1 s").replace("%1", f"{reply.latency_s:.2f}"))
        if reply.first_token_s is not None:
            pieces.append(
                self.tr("first words after %1 s").replace("%1", f"{reply.first_token_s:.2f}")
            )
        return " · ".join(pieces)

    def last_reply(self) -> Reply | None:
        conversation = self._conversation
        if conversation is None or not conversation.turns:
            return None
        replies = conversation.turns[-1].replies
        return replies[self.index] if self.index < len(replies) else None

    # -- actions ---------------------------------------------------------------------------

    def copy_last_reply(self) -> None:
        last = self.last_reply()
        if last is not None and last.text:
            QGuiApplication.clipboard().setText(markdown_to_plain(last.text))

    def _anchor_clicked(self, url: QUrl) -> None:
        if url.scheme() == EDIT_SCHEME:
            with contextlib.suppress(ValueError):
                self.edit_turn_requested.emit(int(url.path()))


class _StoredError(Exception):
    """A saved reply's failure, rebuilt so ui.errors can word it like a live one."""

    def __init__(self, kind: str, detail: str | None) -> None:
        super().__init__(detail or kind)
        self.kind = kind
        self.detail = detail
        # A conversation too long: the numbers the provider's own words give.
        self.context = (context_overflow(CONTEXT_CODE, detail)
                        if kind == ErrorKind.CONTEXT_TOO_LONG.value else None)


def _reply_error(reply: Reply) -> _StoredError:
    return _StoredError(reply.error_kind or "unknown", reply.error_detail)


def explain_reply(reply: Reply) -> str:
    return explain(_reply_error(reply)).message
