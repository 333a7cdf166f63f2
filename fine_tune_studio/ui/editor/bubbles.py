"""One message of a conversation as a chat bubble: role, text, and the assistant's options."""

from __future__ import annotations

import html
from typing import Any

import orjson
from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from fine_tune_studio.core.schema import ROLES
from fine_tune_studio.ui.editor.form_words import role_label

_BUBBLE_COLORS = {
    "system": "#fff8e1",
    "developer": "#fff8e1",
    "user": "#e3f2fd",
    "assistant": "#f1f8e9",
    "tool": "#f3e5f5",
    "function": "#f3e5f5",
}


def check_tool_calls(text: str) -> tuple[list[Any] | None, str | None]:
    """Parse the tool-call editor's text; (calls, None) or (None, why it is wrong) in English.

    The editor shows translated words for each reason (see MessageBubble.tool_error_text).
    """
    if not text.strip():
        return [], None
    try:
        calls = orjson.loads(text)
    except orjson.JSONDecodeError:
        return None, "json"
    if not isinstance(calls, list):
        return None, "list"
    for call in calls:
        if not isinstance(call, dict) or not isinstance(call.get("function"), dict):
            return None, "shape"
        function = call["function"]
        if not isinstance(function.get("name"), str) or not function["name"]:
            return None, "name"
        arguments = function.get("arguments")
        if not isinstance(arguments, str):
            return None, "arguments_type"
        try:
            orjson.loads(arguments)
        except orjson.JSONDecodeError:
            return None, "arguments_json"
    return calls, None


def bubble_style_sheet() -> str:
    rules = [
        f'QFrame#bubble[role="{role}"] {{ background: {color}; }}'
        for role, color in _BUBBLE_COLORS.items()
    ]
    rules.append('QFrame#bubble[role="unknown"] { background: #ffebee; }')
    rules.append("QFrame#bubble { border: 1px solid #cfd8dc; border-radius: 10px; }")
    return "\n".join(rules)


class GrowingTextEdit(QPlainTextEdit):
    """A text box as tall as its text, so a conversation reads like a chat."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.document().contentsChanged.connect(self.updateGeometry)
        self.setTabChangesFocus(True)

    def sizeHint(self) -> QSize:
        lines = max(2, int(self.document().size().height()))
        height = lines * self.fontMetrics().lineSpacing() + 16
        return QSize(super().sizeHint().width(), min(height, 600))

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self.updateGeometry()


class MessageBubble(QFrame):
    changed = Signal(str)  # the field that changed ("content", "role", ...)
    remove_requested = Signal()
    move_requested = Signal(int)
    apply_to_all_requested = Signal()

    def __init__(self, index: int, message: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.index = index
        self.message: dict[str, Any] = message if isinstance(message, dict) else {}
        self.setObjectName("bubble")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(8, 6, 8, 6)
        outer.setSpacing(4)

        header = QHBoxLayout()
        self.role_box = QComboBox(self)
        self.role_box.setAccessibleName(self.tr("Role"))
        role = self.message.get("role")
        roles = list(ROLES)
        if isinstance(role, str) and role not in roles:
            roles.insert(0, role)  # keep what the author wrote visible until they change it
        for name in roles:
            self.role_box.addItem(self.role_label(name), name)
        self.role_box.setCurrentIndex(max(0, self.role_box.findData(role)))
        self.role_box.currentIndexChanged.connect(self._role_changed)
        header.addWidget(self.role_box)

        self.weight_box = QCheckBox(self.tr("Train on this reply"), self)
        self.weight_box.setToolTip(
            self.tr("When off, the model sees this reply but does not learn from it (weight 0).")
        )
        self.weight_box.setChecked(self.message.get("weight", 1) != 0)
        self.weight_box.toggled.connect(self._weight_changed)
        header.addWidget(self.weight_box)
        header.addStretch(1)

        self.apply_all_button = QPushButton(self.tr("Apply to all examples"), self)
        self.apply_all_button.setToolTip(
            self.tr("Use this system prompt in every example of the file.")
        )
        self.apply_all_button.clicked.connect(self.apply_to_all_requested)
        header.addWidget(self.apply_all_button)

        self.up_button = self._tool_button(
            "↑", self.tr("Move up"), lambda: self.move_requested.emit(-1)
        )
        self.down_button = self._tool_button(
            "↓", self.tr("Move down"), lambda: self.move_requested.emit(1)
        )
        self.remove_button = self._tool_button(
            "✕", self.tr("Remove this message"), self.remove_requested.emit
        )
        for button in (self.up_button, self.down_button, self.remove_button):
            header.addWidget(button)
        outer.addLayout(header)

        self.content_edit = GrowingTextEdit(self)
        self.content_edit.setAccessibleName(self.tr("Message text"))
        content = self.message.get("content")
        if isinstance(content, str) or content is None:
            self.content_edit.setPlainText(content or "")
        else:
            self.content_edit.setPlainText(
                self.tr("(This message has several parts: edit it in the JSON view.)")
            )
            self.content_edit.setReadOnly(True)
        self.content_edit.textChanged.connect(self._content_changed)
        outer.addWidget(self.content_edit)

        self.tool_call_id_edit = QLineEdit(self)
        self.tool_call_id_edit.setPlaceholderText(self.tr("Answers tool call (id)"))
        self.tool_call_id_edit.setText(str(self.message.get("tool_call_id", "")))
        self.tool_call_id_edit.textEdited.connect(self._tool_call_id_changed)
        outer.addWidget(self.tool_call_id_edit)

        self.tool_calls_label = QLabel(self.tr("Tool calls (JSON list)"), self)
        self.tool_calls_edit = GrowingTextEdit(self)
        self.tool_calls_edit.setAccessibleName(self.tr("Tool calls"))
        calls = self.message.get("tool_calls")
        if calls:
            self.tool_calls_edit.setPlainText(
                orjson.dumps(calls, option=orjson.OPT_INDENT_2).decode("utf-8")
            )
        self.tool_calls_edit.textChanged.connect(self._tool_calls_changed)
        self.tool_error = QLabel(self)
        self.tool_error.setStyleSheet("color: #c62828;")
        self.tool_error.setWordWrap(True)
        self.add_tool_call_button = QPushButton(self.tr("Add a tool call"), self)
        self.add_tool_call_button.clicked.connect(self._add_tool_call)
        outer.addWidget(self.tool_calls_label)
        outer.addWidget(self.tool_calls_edit)
        outer.addWidget(self.tool_error)
        outer.addWidget(self.add_tool_call_button, 0, Qt.AlignmentFlag.AlignLeft)

        self.issue_label = QLabel(self)
        self.issue_label.setWordWrap(True)
        self.issue_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.issue_label.hide()
        outer.addWidget(self.issue_label)
        self._update_for_role()

    def _tool_button(self, text: str, tip: str, slot: Any) -> QToolButton:
        button = QToolButton(self)
        button.setText(text)
        button.setToolTip(tip)
        button.setAccessibleName(tip)
        button.clicked.connect(slot)
        return button

    def role_label(self, role: str) -> str:
        return role_label(role)

    def tool_error_text(self, reason: str) -> str:
        return {
            "json": self.tr("The tool calls are not valid JSON."),
            "list": self.tr("Tool calls must be a list: [ {...}, ... ]."),
            "shape": self.tr('Each tool call needs a "function" with a name and arguments.'),
            "name": self.tr("A tool call has no function name."),
            "arguments_type": self.tr('"arguments" must be a JSON text inside quotes.'),
            "arguments_json": self.tr('"arguments" is not valid JSON.'),
        }.get(reason, reason)

    # ------------------------------------------------------------------ state
    @property
    def role(self) -> str:
        return str(self.role_box.currentData())

    def _update_for_role(self) -> None:
        role = self.role
        # One style sheet on the form styles every bubble by this property (a sheet per
        # bubble cost ~8 ms each to parse); re-polish so the new colour applies.
        self.setProperty("role", role if role in _BUBBLE_COLORS else "unknown")
        self.style().unpolish(self)
        self.style().polish(self)
        is_assistant = role == "assistant"
        self.weight_box.setVisible(is_assistant)
        self.apply_all_button.setVisible(role == "system")
        has_calls = bool(self.tool_calls_edit.toPlainText().strip())
        self.tool_calls_label.setVisible(is_assistant and has_calls)
        self.tool_calls_edit.setVisible(is_assistant and has_calls)
        self.tool_error.setVisible(is_assistant and bool(self.tool_error.text()))
        self.add_tool_call_button.setVisible(is_assistant and not has_calls)
        self.tool_call_id_edit.setVisible(role == "tool")

    def set_issues(self, lines: list[tuple[bool, str]]) -> None:
        """Show this message's problems under it; (is_error, text) each."""
        self.issue_label.setText(issue_html(lines))
        self.issue_label.setVisible(bool(lines))

    # ------------------------------------------------------------------ edits
    def _role_changed(self) -> None:
        self.message["role"] = self.role
        if self.role != "assistant":
            self.message.pop("weight", None)
        self._update_for_role()
        self.changed.emit("role")

    def _weight_changed(self, checked: bool) -> None:
        if checked:
            # 1 is the default: drop the key rather than write it into every line.
            self.message.pop("weight", None)
        else:
            self.message["weight"] = 0
        self.changed.emit("weight")

    def _content_changed(self) -> None:
        if self.content_edit.isReadOnly():
            return
        self.message["content"] = self.content_edit.toPlainText()
        self.changed.emit("content")

    def _tool_call_id_changed(self, text: str) -> None:
        self.message["tool_call_id"] = text
        self.changed.emit("tool_call_id")

    def _tool_calls_changed(self) -> None:
        calls, error = check_tool_calls(self.tool_calls_edit.toPlainText())
        self.tool_error.setText(self.tool_error_text(error) if error else "")
        if calls is not None:
            if calls:
                self.message["tool_calls"] = calls
            else:
                self.message.pop("tool_calls", None)
            self.changed.emit("tool_calls")
        self._update_for_role()

    def _add_tool_call(self) -> None:
        template = [
            {
                "id": f"call_{self.index + 1}",
                "type": "function",
                "function": {"name": "", "arguments": "{}"},
            }
        ]
        self.tool_calls_edit.setPlainText(
            orjson.dumps(template, option=orjson.OPT_INDENT_2).decode("utf-8")
        )
        self._update_for_role()
        self.tool_calls_edit.setFocus()

    def focus_field(self, field: str) -> None:
        if field == "role":
            self.role_box.setFocus()
        elif field.startswith("tool_calls"):
            if not self.tool_calls_edit.isVisible():
                self._add_tool_call()
            self.tool_calls_edit.setFocus()
        elif field == "tool_call_id":
            self.tool_call_id_edit.setFocus()
        elif field == "weight":
            self.weight_box.setFocus()
        else:
            self.content_edit.setFocus()


def escape_html(text: str) -> str:
    return html.escape(text, quote=False)


def issue_html(lines: list[tuple[bool, str]]) -> str:
    """Problems as coloured lines: (is_error, text) each; "" for none."""
    parts = []
    for is_error, text in lines:
        color = "#c62828" if is_error else "#b26a00"
        mark = "✖" if is_error else "⚠"
        parts.append(f'<span style="color:{color}">{mark} {escape_html(text)}</span>')
    return "<br>".join(parts)
