"""Shown while no provider is configured: this computer, or a provider with a key."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from fine_tune_studio.ui.widgets import Retranslating, named


class FirstRunBox(Retranslating, QGroupBox):
    use_this_computer = Signal()
    add_with_key = Signal()
    # The engine is not installed: set it up from the app (ui/settings/engine_setup_dialog).
    set_up_engine = Signal()

    def __init__(self, engine_available: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("firstRunBox")
        self.intro = named(QLabel(wordWrap=True), "firstRunIntro")
        self.local_button = named(QPushButton(), "useThisComputerButton")
        self.key_button = named(QPushButton(), "addWithKeyButton")
        self.engine_note = named(QLabel(wordWrap=True), "engineMissingNote")
        self.setup_button = named(QPushButton(), "setUpEngineButton")
        buttons = QHBoxLayout()
        buttons.addWidget(self.local_button)
        buttons.addWidget(self.key_button)
        buttons.addStretch(1)
        setup_row = QHBoxLayout()
        setup_row.addWidget(self.setup_button)
        setup_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(buttons)
        layout.addWidget(self.engine_note)
        layout.addLayout(setup_row)
        self.local_button.clicked.connect(self.use_this_computer)
        self.key_button.clicked.connect(self.add_with_key)
        self.setup_button.clicked.connect(self.set_up_engine)
        self.set_engine_available(engine_available)
        self.retranslate_ui()

    def set_engine_available(self, available: bool) -> None:
        """"Use this computer" once the engine can run; until then, the offer to set it up."""
        self.engine_available = available
        self.local_button.setEnabled(available)
        self.local_button.setDefault(available)
        self.engine_note.setVisible(not available)
        self.setup_button.setVisible(not available)

    def retranslate_ui(self) -> None:
        self.setTitle(self.tr("Get started"))
        self.intro.setText(
            self.tr(
                "Choose where your models are trained. This computer is private and free; "
                "a provider such as Together AI, OpenAI or Azure needs an API key from its "
                "website."
            )
        )
        self.local_button.setText(self.tr("Use this computer"))
        self.key_button.setText(self.tr("Add a provider with a key…"))
        self.engine_note.setText(
            self.tr(
                "Training on this computer needs the engine add-on (PyTorch and the Hugging "
                "Face libraries), which is not installed yet. The app can set it up for you; "
                "nothing else on the computer is changed."
            )
        )
        self.setup_button.setText(self.tr("Set up training on this computer…"))
