"""Temperature, top_p, max tokens and seed: the generation parameters every column shares.

Typed numbers are kept as typed (`NumberField`): a value outside what the chat API takes
is said ("3 is more than the chat API accepts (at most 2).") and Send waits, instead of a
spin box quietly turning it into another number.
"""

from __future__ import annotations

import math

from PySide6.QtCore import Signal
from PySide6.QtGui import QFontMetricsF
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QWidget

from fine_tune_studio.core.conversation import GenerationParams
from fine_tune_studio.ui.widgets import Retranslating
from fine_tune_studio.ui.widgets.number_field import NumberField

MAX_TOKENS = 128_000
MAX_SEED = 2_147_483_647


class ParamsBar(Retranslating, QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.temperature = NumberField(whole=False, minimum=0.0, maximum=2.0, step=0.1,
                                       decimals=2)
        self.temperature.setValue(1.0)
        self.top_p = NumberField(whole=False, minimum=0.0, maximum=1.0, step=0.05,
                                 decimals=2)
        self.top_p.setValue(1.0)
        # Empty means "let the provider decide": shown as a word, sent as nothing.
        self.max_tokens = NumberField(whole=True, minimum=1, maximum=MAX_TOKENS, step=64)
        self.max_tokens.allow_empty(lambda: self.tr("default"))
        self.seed = NumberField(whole=True, minimum=0, maximum=MAX_SEED)
        self.seed.allow_empty(lambda: self.tr("none"))
        self.fields = (self.temperature, self.top_p, self.max_tokens, self.seed)
        for field, width in zip(self.fields, (56, 56, 80, 96), strict=True):
            field.setMaximumWidth(width)
            field.set_limits(field.minimum, field.maximum, lambda: self.tr("the chat API"))
            field.value_changed.connect(self.changed)
        self.labels = [QLabel() for _ in range(4)]
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for label, field in zip(self.labels, self.fields, strict=True):
            label.setBuddy(field)
            pair = QFormLayout()
            pair.setContentsMargins(0, 0, 0, 0)
            pair.addRow(label, field)
            layout.addLayout(pair)
        layout.addStretch(1)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        texts = (self.tr("&Temperature"), self.tr("Top &p"), self.tr("Max to&kens"),
                 self.tr("S&eed"))
        for label, text in zip(self.labels, texts, strict=True):
            label.setText(text)
            # QLabel sizes itself by whole-pixel advances, which round "Temperature" down
            # by the last pixel of its "e"; beside a field, that pixel was cut.
            words = QFontMetricsF(label.font()).horizontalAdvance(text.replace("&", ""))
            label.setMinimumWidth(math.ceil(words) + 1)
        self.temperature.set_hint(
            self.tr("Lower is steadier, higher is more varied. 0 always picks the likeliest word.")
        )
        self.seed.set_hint(
            self.tr("The same seed and temperature give the same reply, where the provider "
                    "supports it.")
        )

    def problem(self) -> str | None:
        """What is wrong with a typed value, named ("Temperature: 3 is more than …")."""
        for label, field in zip(self.labels, self.fields, strict=True):
            problem = field.problem()
            if problem:
                return self.tr("%1: %2").replace("%1", label.text().replace("&", "")) \
                    .replace("%2", problem)
        return None

    def params(self) -> GenerationParams:
        """The parameters to send; a field with a problem counts as its default (Send
        waits until it is fixed, see `problem`)."""
        def number(field: NumberField, default: float | None) -> float | None:
            value = field.value()
            return default if value is None or field.problem() else float(value)

        max_tokens = number(self.max_tokens, None)
        seed = number(self.seed, None)
        return GenerationParams(
            temperature=round(number(self.temperature, 1.0) or 0.0, 2),
            top_p=round(number(self.top_p, 1.0) or 0.0, 2),
            max_tokens=int(max_tokens) if max_tokens else None,
            seed=None if seed is None else int(seed),
        )

    def set_params(self, params: GenerationParams) -> None:
        self.temperature.setValue(params.temperature)
        self.top_p.setValue(params.top_p)
        self.max_tokens.setValue(params.max_tokens)
        self.seed.setValue(params.seed)
