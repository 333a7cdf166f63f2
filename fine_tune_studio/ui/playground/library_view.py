"""Saved conversations: reopen one, delete one, export the chosen ones as training JSONL."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QGridLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from fine_tune_studio.core.conversation import Conversation, ConversationLibrary, export_jsonl
from fine_tune_studio.ui.model_label import model_label
from fine_tune_studio.ui.widgets import Retranslating


class LibraryView(Retranslating, QWidget):
    open_requested = Signal(str)
    message = Signal(str)

    def __init__(self, library: ConversationLibrary, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.caption = QLabel()
        self.caption.setWordWrap(True)
        self.list = QListWidget()
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.itemActivated.connect(lambda item: self.open_requested.emit(self._id(item)))
        self.open_button = QPushButton()
        self.delete_button = QPushButton()
        self.export_button = QPushButton()
        self.open_button.clicked.connect(self._open_selected)
        self.delete_button.clicked.connect(self._delete_selected)
        self.export_button.clicked.connect(self._ask_export)
        self.list.itemSelectionChanged.connect(self._update_buttons)
        # Two rows: the side panel is narrow, and the export label is long in English.
        buttons = QGridLayout()
        buttons.addWidget(self.open_button, 0, 0)
        buttons.addWidget(self.delete_button, 0, 1)
        buttons.addWidget(self.export_button, 1, 0, 1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.caption)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.caption.setText(self.tr("Conversations are saved as you go."))
        self.open_button.setText(self.tr("Open"))
        self.delete_button.setText(self.tr("Delete"))
        self.export_button.setText(self.tr("Export JSONL…"))
        self.export_button.setToolTip(
            self.tr("Save the selected conversations (all, if none is selected) as training "
                    "lines, using the answers you chose or corrected")
        )
        self.reload()

    def reload(self) -> None:
        selected = {self._id(item) for item in self.list.selectedItems()}
        self.list.clear()
        for conv in self.library.list():
            title = conv.title or self.tr("(untitled)")
            # The names people read; the ids (what was sent) on hover.
            models = ", ".join(model_label(m.model) for m in conv.models)
            item = QListWidgetItem(f"{title}\n{conv.updated_at[:16].replace('T', ' ')} · {models}")
            item.setToolTip("\n".join(m.model for m in conv.models))
            item.setData(Qt.ItemDataRole.UserRole, conv.id)
            self.list.addItem(item)
            item.setSelected(conv.id in selected)
        self._update_buttons()

    def ids(self) -> list[str]:
        return [self._id(self.list.item(i)) for i in range(self.list.count())]

    @staticmethod
    def _id(item: QListWidgetItem) -> str:
        return str(item.data(Qt.ItemDataRole.UserRole))

    def _update_buttons(self) -> None:
        chosen = bool(self.list.selectedItems())
        self.open_button.setEnabled(len(self.list.selectedItems()) == 1)
        self.delete_button.setEnabled(chosen)
        self.export_button.setEnabled(self.list.count() > 0)

    def _open_selected(self) -> None:
        items = self.list.selectedItems()
        if len(items) == 1:
            self.open_requested.emit(self._id(items[0]))

    def _delete_selected(self) -> None:
        for item in self.list.selectedItems():
            self.library.delete(self._id(item))
        self.reload()

    def export_to(self, path: Path, ids: list[str] | None = None) -> tuple[int, list[str]]:
        wanted = set(ids) if ids else None
        conversations: list[Conversation] = [
            c for c in self.library.list() if wanted is None or c.id in wanted
        ]
        written, skipped = export_jsonl(conversations, path)
        text = (self.tr("1 training line written.") if written == 1
                else self.tr("%1 training lines written.").replace("%1", str(written)))
        if skipped:
            text += " " + self.tr(
                "Skipped, because a turn has no chosen or corrected answer: %1"
            ).replace("%1", ", ".join(skipped))
        self.message.emit(text)
        return written, skipped

    def _ask_export(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export conversations"), "playground.jsonl",
            self.tr("JSON Lines (*.jsonl)"),
        )
        if name:
            ids = [self._id(item) for item in self.list.selectedItems()]
            self.export_to(Path(name), ids or None)
