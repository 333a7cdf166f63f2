"""Temperature, top_p, max tokens and seed: the generation parameters every column shares."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QWidget,
)

from fine_tune_studio.core.conversation import GenerationParams
from fine_tune_studio.ui.widgets import Retranslating


class ParamsBar(Retranslating, QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.temperature = QDoubleSpinBox()
        self.temperature.setRange(0.0, 2.0)
        self.temperature.setSingleStep(0.1)
        self.temperature.setDecimals(2)
        self.temperature.setValue(1.0)
        self.top_p = QDoubleSpinBox()
        self.top_p.setRange(0.0, 1.0)
        self.top_p.setSingleStep(0.05)
        self.top_p.setDecimals(2)
        self.top_p.setValue(1.0)
        self.max_tokens = QSpinBox()
        # 0 means "let the provider decide": shown as a word, sent as nothing.
        self.max_tokens.setRange(0, 128_000)
        self.max_tokens.setSingleStep(64)
        self.seed = QSpinBox()
        self.seed.setRange(-1, 2_147_483_647)
        self.seed.setValue(-1)
        self.labels = [QLabel() for _ in range(4)]
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        boxes: tuple[QAbstractSpinBox, ...] = (
            self.temperature, self.top_p, self.max_tokens, self.seed
        )
        for label, box in zip(self.labels, boxes, strict=True):
            label.setBuddy(box)
            pair = QFormLayout()
            pair.setContentsMargins(0, 0, 0, 0)
            pair.addRow(label, box)
            layout.addLayout(pair)
        for spin in (self.max_tokens, self.seed):
            spin.valueChanged.connect(self.changed)
        for dspin in (self.temperature, self.top_p):
            dspin.valueChanged.connect(self.changed)
        layout.addStretch(1)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        texts = (self.tr("&Temperature"), self.tr("Top &p"), self.tr("Max to&kens"),
                 self.tr("S&eed"))
        for label, text in zip(self.labels, texts, strict=True):
            label.setText(text)
        self.max_tokens.setSpecialValueText(self.tr("default"))
        self.seed.setSpecialValueText(self.tr("none"))
        self.temperature.setToolTip(
            self.tr("Lower is steadier, higher is more varied. 0 always picks the likeliest word.")
        )
        self.seed.setToolTip(
            self.tr("The same seed and temperature give the same reply, where the provider "
                    "supports it.")
        )

    def params(self) -> GenerationParams:
        return GenerationParams(
            temperature=round(self.temperature.value(), 2),
            top_p=round(self.top_p.value(), 2),
            max_tokens=self.max_tokens.value() or None,
            seed=None if self.seed.value() < 0 else self.seed.value(),
        )

    def set_params(self, params: GenerationParams) -> None:
        self.temperature.setValue(params.temperature)
        self.top_p.setValue(params.top_p)
        self.max_tokens.setValue(params.max_tokens or 0)
        self.seed.setValue(-1 if params.seed is None else params.seed)
