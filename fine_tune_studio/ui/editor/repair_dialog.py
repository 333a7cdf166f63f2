"""Before a cut-off line is repaired: the conversation it becomes, for the user to check.

The repair only closes what the cut left open; it cannot bring back lost words, so the user
sees the repaired conversation — who says what, the last answer as short as it now is — and
the characters that will be added, and decides. Applying it is one undo step.
"""

from __future__ import annotations

from typing import Any

import orjson
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from fine_tune_studio.ui.editor.bubbles import escape_html
from fine_tune_studio.ui.editor.form_words import role_label
from fine_tune_studio.ui.widgets import Retranslating


def _messages_of(example: dict[str, Any]) -> list[tuple[str, str]]:
    """(role, text) of every message a reader would see, in order."""
    found: list[tuple[str, str]] = []
    holder = example.get("input") if "messages" not in example else example
    messages = holder.get("messages") if isinstance(holder, dict) else None
    groups: list[Any] = [messages]
    groups += [example.get(key) for key in ("preferred_output", "non_preferred_output")]
    for group in groups:
        for message in group if isinstance(group, list) else []:
            if isinstance(message, dict):
                content = message.get("content")
                text = content if isinstance(content, str) else orjson.dumps(content).decode()
                found.append((str(message.get("role", "")), text))
    return found


class RepairDialog(Retranslating, QDialog):
    def __init__(self, before: str, after: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("repairDialog")
        self.before, self.after = before, after
        self.added = after[len(before):] if after.startswith(before) else after
        layout = QVBoxLayout(self)
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        self.preview = QTextBrowser(self)
        self.preview.setObjectName("repairPreview")
        layout.addWidget(self.preview, 1)
        self.added_label = QLabel(self)
        self.added_label.setWordWrap(True)
        layout.addWidget(self.added_label)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.repair_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.resize(620, 460)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Repair the cut-off line"))
        self.intro.setText(
            self.tr(
                "The end of this example was lost, as happens when a copy-paste stops too "
                "early. Closing it gives this conversation. Nothing lost can be guessed: "
                "check that the last answer is complete, and finish it after the repair if "
                "it is not."
            )
        )
        rows = []
        try:
            example = orjson.loads(self.after)
        except orjson.JSONDecodeError:
            example = None
        for role, text in _messages_of(example) if isinstance(example, dict) else []:
            rows.append(
                f"<p><b>{escape_html(role_label(role))}</b><br>{escape_html(text) or '—'}</p>"
            )
        self.preview.setHtml("".join(rows))
        self.added_label.setText(
            self.tr("Added at the end of the line: %1").replace("%1", self.added.strip() or "—")
        )
        self.repair_button.setText(self.tr("Repair"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
