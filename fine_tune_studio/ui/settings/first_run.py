"""Shown while no provider is configured: this computer, or a provider with a key."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from fine_tune_studio.ui.widgets import named


class FirstRunBox(QGroupBox):
    use_this_computer = Signal()
    add_with_key = Signal()

    def __init__(self, engine_available: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("firstRunBox")
        self.engine_available = engine_available
        self.intro = named(QLabel(wordWrap=True), "firstRunIntro")
        self.local_button = named(QPushButton(), "useThisComputerButton")
        self.local_button.setEnabled(engine_available)
        self.local_button.setDefault(engine_available)
        self.key_button = named(QPushButton(), "addWithKeyButton")
        self.engine_note = named(QLabel(wordWrap=True), "engineMissingNote")
        self.engine_note.setVisible(not engine_available)
        buttons = QHBoxLayout()
        buttons.addWidget(self.local_button)
        buttons.addWidget(self.key_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(buttons)
        layout.addWidget(self.engine_note)
        self.local_button.clicked.connect(self.use_this_computer)
        self.key_button.clicked.connect(self.add_with_key)
        self.retranslate_ui()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def retranslate_ui(self) -> None:
        self.setTitle(self.tr("Get started"))
        self.intro.setText(
            self.tr(
                "Choose where your models are trained. This computer is private and free; "
                "a provider such as OpenAI or Azure needs an API key from its website."
            )
        )
        self.local_button.setText(self.tr("Use this computer"))
        self.key_button.setText(self.tr("Add a provider with a key…"))
        self.engine_note.setText(
            self.tr(
                "Training on this computer needs the engine add-on, which is not installed. "
                "Install it with: pip install \"fine-tune-studio[engine]\""
            )
        )
