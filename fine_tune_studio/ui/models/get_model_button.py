"""The "Get a model…" button beside a base-model picker (the launch wizard's)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QPushButton, QWidget

from fine_tune_studio.ui.models.context import ModelsContext
from fine_tune_studio.ui.models.get_model_dialog import GetModelDialog, open_get_model_dialog
from fine_tune_studio.ui.widgets import Retranslating


class GetModelButton(Retranslating, QPushButton):
    model_ready = Signal(str)  # a model arrived on this computer through the dialog

    def __init__(
        self, context: ModelsContext, parent: QWidget | None = None, **dialog_options: Any
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.dialog_options = dialog_options
        self.dialog: GetModelDialog | None = None
        self.setObjectName("wizardGetModelButton")
        self.clicked.connect(self.open_dialog)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.setText(self.tr("Get a model…"))
        self.setToolTip(self.tr("Download a base model to this computer, or see the ones "
                                "it has"))

    def no_model_note(self) -> str:
        """What the picker says while this computer has no base model."""
        return self.tr("There is no base model on this computer yet: press Get a model… to "
                       "download one (it takes a few minutes, once).")

    def open_dialog(self) -> GetModelDialog:
        dialog = open_get_model_dialog(self.context, self.window(), **self.dialog_options)
        if dialog is not self.dialog:
            self.dialog = dialog
            dialog.model_ready.connect(self.model_ready)
        return dialog
