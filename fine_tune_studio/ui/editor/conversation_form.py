"""The selected example as a conversation (chat bubbles) and as raw JSON, kept in sync.

The form never writes to the document itself: it emits the new line text and the panel
turns that into an undo command. When the document changes under it (undo, raw edit,
another window), the panel calls `show_line` and the form rebuilds only if the text is
not the one it produced itself — so typing never loses the cursor.

A preference (DPO) example shows its prompt as bubbles and its two answers side by side
(`preference_pair.py`). A line that is not JSON yet stays on the conversation tab when the
form can repair it (a cut-off end, word-processor quotes); other broken lines open the JSON
tab. Problems are said in the form's words (`form_words.py`) on the conversation tab and in
core's JSON words on the JSON tab.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Sequence
from typing import Any

import orjson
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from fine_tune_studio.core.diagnose import close_cut_off_line
from fine_tune_studio.core.document import dumps_compact
from fine_tune_studio.core.issues import Issue
from fine_tune_studio.ui.editor.bubbles import MessageBubble, bubble_style_sheet, issue_html
from fine_tune_studio.ui.editor.form_words import (
    form_issue_text,
    repair_word_processor_quotes,
)
from fine_tune_studio.ui.editor.preference_pair import (
    NON_PREFERRED,
    PREFERRED,
    PreferencePair,
    answer_of,
)
from fine_tune_studio.ui.editor.texts import issue_text
from fine_tune_studio.ui.widgets import Retranslating

__all__ = ["ConversationForm", "parse_object", "raw_to_line", "repair_word_processor_quotes"]

_MESSAGE_PATH = re.compile(r"^(?:input\.)?messages\[(\d+)\]\.?(.*)$")
_ANSWER_PATH = re.compile(rf"^({PREFERRED}|{NON_PREFERRED})\b")
CONVERSATION_TAB, JSON_TAB = 0, 1


def parse_object(text: str) -> dict[str, Any] | None:
    try:
        value = orjson.loads(text)
    except orjson.JSONDecodeError:
        return None
    return value if isinstance(value, dict) else None


def raw_to_line(text: str) -> str:
    """A line for the document from the raw editor: compact when it parses, else one line."""
    value: Any
    try:
        value = orjson.loads(text)
    except orjson.JSONDecodeError:
        return (
            " ".join(part.strip() for part in text.splitlines() if part.strip())
            if "\n" in text
            else text
        )
    return dumps_compact(value)


def is_preference(example: dict[str, Any]) -> bool:
    return "messages" not in example and any(
        key in example for key in ("input", PREFERRED, NON_PREFERRED)
    )


class ConversationForm(Retranslating, QWidget):
    line_edited = Signal(str, str)  # new line text, merge key (field being typed in)
    # A whole-line repair as one undo step of its own: the new text, which repair ("quotes").
    line_replaced = Signal(str, str)
    cut_off_repair_requested = Signal()  # the panel shows the result before applying it
    apply_system_to_all = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._text: str | None = None
        self._obj: dict[str, Any] | None = None
        self._issues: list[Issue] = []
        self._bubbles: list[MessageBubble] = []
        self.preference: PreferencePair | None = None
        self._raw_text_for: str | None = None
        self._updating_raw = False

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel(self)
        self.title.setStyleSheet("font-weight: bold;")
        layout.addWidget(self.title)
        self.example_issues = QLabel(self)
        self.example_issues.setWordWrap(True)
        self.example_issues.hide()
        layout.addWidget(self.example_issues)

        self.tabs = QTabWidget(self)
        layout.addWidget(self.tabs, 1)

        conversation = QWidget(self)
        conversation_layout = QVBoxLayout(conversation)
        conversation_layout.setContentsMargins(0, 0, 0, 0)
        self.scroll_area = QScrollArea(conversation)
        self.scroll_area.setWidgetResizable(True)
        self.bubble_host = QWidget(self.scroll_area)
        self.bubble_host.setStyleSheet(bubble_style_sheet())
        self.bubble_layout = QVBoxLayout(self.bubble_host)
        self.bubble_layout.addStretch(1)
        self.scroll_area.setWidget(self.bubble_host)
        conversation_layout.addWidget(self.scroll_area, 1)

        # Shown instead of the bubbles when the line is not a conversation yet.
        self.repair_box = QFrame(conversation)
        self.repair_box.setObjectName("repairBox")
        self.repair_box.setStyleSheet(
            "QFrame#repairBox { background: #fff4e5; border-radius: 6px; }"
        )
        repair_layout = QVBoxLayout(self.repair_box)
        self.invalid_note = QLabel(self.repair_box)
        self.invalid_note.setWordWrap(True)
        repair_layout.addWidget(self.invalid_note)
        repair_buttons = QHBoxLayout()
        self.repair_cut_button = QPushButton(self.repair_box)
        self.repair_cut_button.clicked.connect(self.cut_off_repair_requested)
        self.form_quotes_button = QPushButton(self.repair_box)
        self.form_quotes_button.clicked.connect(self._fix_quotes)
        self.to_json_button = QPushButton(self.repair_box)
        self.to_json_button.clicked.connect(lambda: self.show_json_tab(focus=True))
        for button in (self.repair_cut_button, self.form_quotes_button, self.to_json_button):
            repair_buttons.addWidget(button)
        repair_buttons.addStretch(1)
        repair_layout.addLayout(repair_buttons)
        self.repair_box.hide()
        conversation_layout.addWidget(self.repair_box)

        buttons = QHBoxLayout()
        self.add_question_button = QPushButton(conversation)
        self.add_answer_button = QPushButton(conversation)
        self.add_system_button = QPushButton(conversation)
        self.add_question_button.clicked.connect(lambda: self.add_message("user"))
        self.add_answer_button.clicked.connect(lambda: self.add_message("assistant"))
        self.add_system_button.clicked.connect(lambda: self.add_message("system"))
        for button in (self.add_question_button, self.add_answer_button, self.add_system_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        conversation_layout.addLayout(buttons)
        self.tabs.addTab(conversation, "")

        raw = QWidget(self)
        raw_layout = QVBoxLayout(raw)
        raw_layout.setContentsMargins(0, 0, 0, 0)
        self.raw_edit = QPlainTextEdit(raw)
        self.raw_edit.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.raw_edit.textChanged.connect(self._raw_changed)
        raw_layout.addWidget(self.raw_edit, 1)
        self.fix_quotes_button = QPushButton(raw)
        self.fix_quotes_button.clicked.connect(self._fix_quotes)
        self.fix_quotes_button.hide()
        raw_layout.addWidget(self.fix_quotes_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.tabs.addTab(raw, "")
        # Each tab says the problems in its own words.
        self.tabs.currentChanged.connect(lambda _index: self.set_issues(self._issues))

        # Rebuilding bubbles after a raw edit waits for a pause in typing.
        self._rebuild_timer = QTimer(self)
        self._rebuild_timer.setSingleShot(True)
        self._rebuild_timer.setInterval(150)
        self._rebuild_timer.timeout.connect(self._rebuild_from_text)
        self.setEnabled(False)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        """The form's own words; the editor shows the current line again for the rest."""
        self.add_question_button.setText(self.tr("+ Question"))
        self.add_answer_button.setText(self.tr("+ Answer"))
        self.add_system_button.setText(self.tr("+ System prompt"))
        self.repair_cut_button.setText(self.tr("Repair the cut-off line"))
        self.form_quotes_button.setText(self.tr("Replace word-processor quotes"))
        self.to_json_button.setText(self.tr("Open the JSON tab"))
        self.tabs.setTabText(CONVERSATION_TAB, self.tr("Conversation"))
        self.tabs.setTabText(JSON_TAB, self.tr("JSON"))
        self.raw_edit.setAccessibleName(self.tr("Example as JSON"))
        self.fix_quotes_button.setText(self.tr("Replace word-processor quotes"))
        self._update_repair_box()

    def forget_shown(self) -> None:
        """Make the next `show_line` rebuild the bubbles (new language, new labels)."""
        self._text = None
        self._raw_text_for = None

    # ------------------------------------------------------------------ showing a line
    @property
    def text(self) -> str | None:
        return self._text

    @property
    def bubbles(self) -> list[MessageBubble]:
        return list(self._bubbles)

    def clear(self) -> None:
        self._text = None
        self._obj = None
        self._clear_bubbles()
        self._set_raw("")
        self.title.clear()
        self.example_issues.hide()
        self.repair_box.hide()
        self.setEnabled(False)

    def show_line(self, line_no: int, text: str, issues: Sequence[Issue]) -> None:
        self.setEnabled(True)
        self.title.setText(self.tr("Example on line %1").replace("%1", str(line_no)))
        same = text == self._text
        self._text = text
        if not same:
            self._obj = parse_object(text)
            self._rebuild_bubbles()
            if self._raw_text_for != text:
                self._set_raw(self._pretty(text))
                self._raw_text_for = text
        self.set_issues(issues)

    def _pretty(self, text: str) -> str:
        obj = parse_object(text)
        if obj is None:
            return text
        return orjson.dumps(obj, option=orjson.OPT_INDENT_2).decode("utf-8")

    def _set_raw(self, text: str) -> None:
        self._updating_raw = True
        try:
            self.raw_edit.setPlainText(text)
        finally:
            self._updating_raw = False
        self.fix_quotes_button.setVisible(repair_word_processor_quotes(text) is not None)

    def _clear_bubbles(self) -> None:
        for bubble in self._bubbles:
            bubble.setParent(None)
            bubble.deleteLater()
        self._bubbles = []
        if self.preference is not None:
            self.preference.setParent(None)
            self.preference.deleteLater()
            self.preference = None

    def _messages(self) -> list[Any] | None:
        """The conversation the bubbles show: a chat's messages, or a preference example's
        prompt (with both of its answers in the form's shape); None when it has none."""
        if self._obj is None:
            return None
        holder: Any = self._obj
        if is_preference(self._obj):
            if any(answer_of(self._obj, key) is None for key in (PREFERRED, NON_PREFERRED)):
                return None
            holder = self._obj.get("input")
        messages = holder.get("messages") if isinstance(holder, dict) else None
        return messages if isinstance(messages, list) else None

    # ------------------------------------------------------------------ a broken line
    def cut_off_repair(self) -> str | None:
        """The shown line with its lost end put back, if that is all it lacks."""
        return close_cut_off_line(self._text) if self._text is not None else None

    def quotes_repair(self) -> str | None:
        """The shown line with straight quotes, if that makes it JSON."""
        return repair_word_processor_quotes(self._text) if self._text is not None else None

    def repairable(self) -> bool:
        """Whether the form offers a one-click repair for the shown (broken) line."""
        return self.cut_off_repair() is not None or self.quotes_repair() is not None

    def _update_repair_box(self) -> None:
        cut = self.cut_off_repair() is not None
        quotes = self.quotes_repair() is not None
        self.repair_cut_button.setVisible(cut)
        self.form_quotes_button.setVisible(quotes)
        if cut:
            note = self.tr(
                "This example was cut off: its end is missing, so the form cannot show it "
                "yet. “Repair the cut-off line” puts the missing end back and shows you the "
                "result first."
            )
        elif quotes:
            note = self.tr(
                "A word processor changed the quotes of this example into curly ones, so the "
                "form cannot show it yet. “Replace word-processor quotes” straightens them."
            )
        else:
            note = self.tr(
                "This line is not a conversation the form can show yet. Fix it in the JSON "
                "tab; the problem is described above."
            )
        self.invalid_note.setText(note)

    def show_json_tab(self, *, focus: bool = False) -> None:
        self.tabs.setCurrentIndex(JSON_TAB)
        if focus:
            self.raw_edit.setFocus()

    def _rebuild_bubbles(self) -> None:
        focus_index = next(
            (b.index for b in self._bubbles if b.isAncestorOf(self.focusWidget() or self)), None
        )
        self._clear_bubbles()
        messages = self._messages()
        can_show = messages is not None
        self.repair_box.setVisible(not can_show)
        self.scroll_area.setVisible(can_show)
        for button in (self.add_question_button, self.add_answer_button, self.add_system_button):
            button.setEnabled(can_show)
        if messages is None:
            self._update_repair_box()
            if not self.repairable() and self.tabs.currentIndex() == CONVERSATION_TAB:
                self.show_json_tab()
            return
        for index, message in enumerate(messages):
            bubble = MessageBubble(index, message, self.bubble_host)
            bubble.changed.connect(lambda field, i=index: self._bubble_changed(i, field))
            bubble.remove_requested.connect(lambda i=index: self.remove_message(i))
            bubble.move_requested.connect(lambda delta, i=index: self.move_message(i, delta))
            bubble.apply_to_all_requested.connect(lambda b=bubble: self._apply_all(b))
            self.bubble_layout.insertWidget(self.bubble_layout.count() - 1, bubble)
            self._bubbles.append(bubble)
        if self._obj is not None and is_preference(self._obj):
            self.preference = PreferencePair(self._obj, self.bubble_host)
            self.preference.changed.connect(lambda key: self._emit(f"{key}.content"))
            self.bubble_layout.insertWidget(self.bubble_layout.count() - 1, self.preference)
        if focus_index is not None and focus_index < len(self._bubbles):
            self._bubbles[focus_index].content_edit.setFocus()

    def set_issues(self, issues: Sequence[Issue]) -> None:
        self._issues = list(issues)
        in_json = self.tabs.currentIndex() == JSON_TAB
        per_message: dict[int, list[tuple[bool, str]]] = {}
        per_answer: dict[str, list[tuple[bool, str]]] = {}
        general: list[tuple[bool, str]] = []
        for issue in issues:
            words = issue_text(issue) if in_json else form_issue_text(issue, self._text)
            entry = (issue.is_error, words)
            match = _MESSAGE_PATH.match(issue.path or "")
            answer = _ANSWER_PATH.match(issue.path or "")
            if match and int(match.group(1)) < len(self._bubbles):
                per_message.setdefault(int(match.group(1)), []).append(entry)
            elif answer and self.preference is not None:
                per_answer.setdefault(answer.group(1), []).append(entry)
            else:
                general.append(entry)
        for index, bubble in enumerate(self._bubbles):
            bubble.set_issues(per_message.get(index, []))
        if self.preference is not None:
            for key in (PREFERRED, NON_PREFERRED):
                self.preference.set_issues(key, per_answer.get(key, []))
        self.example_issues.setText(issue_html(general))
        self.example_issues.setVisible(bool(general))

    # ------------------------------------------------------------------ edits from bubbles
    def _emit(self, merge_key: str) -> None:
        if self._obj is None:
            return
        text = dumps_compact(self._obj)
        self._text = text
        self._raw_text_for = text
        self._set_raw(self._pretty(text))
        self.line_edited.emit(text, merge_key)

    def _bubble_changed(self, index: int, field: str) -> None:
        # Typing merges into one undo step per field; role/weight changes are steps of their own.
        self._emit(
            f"m{index}.{field}" if field in {"content", "tool_calls", "tool_call_id"} else ""
        )

    def add_message(self, role: str) -> None:
        messages = self._messages()
        if messages is None:
            return
        message: dict[str, Any] = {"role": role, "content": ""}
        if role == "system":
            messages.insert(0, message)
        else:
            messages.append(message)
        self._emit("")
        self._rebuild_bubbles()
        target = 0 if role == "system" else len(self._bubbles) - 1
        self._bubbles[target].content_edit.setFocus()

    def remove_message(self, index: int) -> None:
        messages = self._messages()
        if messages is None or not 0 <= index < len(messages):
            return
        del messages[index]
        self._emit("")
        self._rebuild_bubbles()

    def move_message(self, index: int, delta: int) -> None:
        messages = self._messages()
        target = index + delta
        if messages is None or not (0 <= index < len(messages) and 0 <= target < len(messages)):
            return
        messages[index], messages[target] = messages[target], messages[index]
        self._emit("")
        self._rebuild_bubbles()

    def _apply_all(self, bubble: MessageBubble) -> None:
        self.apply_system_to_all.emit(bubble.content_edit.toPlainText())

    # ------------------------------------------------------------------ raw JSON
    def _raw_changed(self) -> None:
        if self._updating_raw:
            return
        raw = self.raw_edit.toPlainText()
        self.fix_quotes_button.setVisible(repair_word_processor_quotes(raw) is not None)
        line = raw_to_line(raw)
        if line == self._text:
            return
        self._raw_text_for = line
        self._text = line
        self.line_edited.emit(line, "raw")
        self._rebuild_timer.start()

    def _rebuild_from_text(self) -> None:
        if self._text is None:
            return
        obj = parse_object(self._text)
        if obj != self._obj or obj is None:
            self._obj = copy.deepcopy(obj) if obj is not None else None
            self._rebuild_bubbles()
            self.set_issues(self._issues)

    def _fix_quotes(self) -> None:
        """Straight quotes for the whole line, as one undo step (from either tab)."""
        fixed = self.quotes_repair()
        if fixed is not None:
            self.line_replaced.emit(raw_to_line(fixed), "quotes")

    # ------------------------------------------------------------------ jumping
    def _scroll_to(self, widget: QWidget) -> None:
        if widget in self._bubbles or widget is self.preference:
            self.scroll_area.ensureWidgetVisible(widget, 0, 40)

    def focus_path(self, path: str) -> None:
        match = _MESSAGE_PATH.match(path or "")
        answer = _ANSWER_PATH.match(path or "")
        if match and int(match.group(1)) < len(self._bubbles):
            self.tabs.setCurrentIndex(CONVERSATION_TAB)
            bubble = self._bubbles[int(match.group(1))]
            # Fresh bubbles have no geometry until the layout runs: scroll after it has.
            QTimer.singleShot(0, bubble, lambda b=bubble: self._scroll_to(b))
            bubble.focus_field(match.group(2))
            return
        if answer and self.preference is not None:
            self.tabs.setCurrentIndex(CONVERSATION_TAB)
            pair = self.preference
            QTimer.singleShot(0, pair, lambda: self._scroll_to(pair))
            pair.focus(answer.group(1))
            return
        if self._messages() is None:
            if self.repairable():  # the repair is offered on the conversation tab
                self.tabs.setCurrentIndex(CONVERSATION_TAB)
                return
            self.show_json_tab(focus=True)
        elif self._bubbles:
            self.tabs.setCurrentIndex(CONVERSATION_TAB)
            self._bubbles[0].content_edit.setFocus()
