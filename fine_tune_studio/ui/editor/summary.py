"""The file at a glance: size, validity, token spread, epochs, billed tokens and cost."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from fine_tune_studio.core import cost
from fine_tune_studio.core.stats import percentile
from fine_tune_studio.ui.editor.problems import MIN_EXAMPLES, RECOMMENDED_EXAMPLES
from fine_tune_studio.ui.editor.session import DocumentSession
from fine_tune_studio.ui.widgets import Retranslating


@dataclass(frozen=True)
class SummaryNumbers:
    examples: int
    valid: int
    checked: int
    p50: int
    p90: int
    max: int
    epochs: int
    billed_tokens: int
    cost_usd: float | None


def compute_summary(session: DocumentSession) -> SummaryNumbers:
    ordered = session.sorted_tokens()
    epochs = cost.default_epochs(session.valid)
    limit = cost.context_limit(session.model_name)
    if not ordered or ordered[-1] <= limit:
        per_epoch = sum(ordered)
    else:
        per_epoch = cost.billed_tokens_per_epoch(ordered, session.model_name)
    billed = per_epoch * epochs
    return SummaryNumbers(
        examples=session.examples,
        valid=session.valid,
        checked=session.checked_count(),
        p50=percentile(ordered, 0.5),
        p90=percentile(ordered, 0.9),
        max=ordered[-1] if ordered else 0,
        epochs=epochs,
        billed_tokens=billed,
        cost_usd=cost.estimate_cost(billed, session.model_name),
    )


class SummaryWidget(Retranslating, QWidget):
    model_changed = Signal(str)

    def __init__(self, session: DocumentSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        form = QFormLayout()
        self.model_box = QComboBox(self)
        for name in cost.MODEL_LIMITS:
            self.model_box.addItem(name, name)
        self.model_box.setCurrentIndex(max(0, self.model_box.findData(session.model_name)))
        self.model_box.currentIndexChanged.connect(
            lambda: self.model_changed.emit(str(self.model_box.currentData()))
        )
        self.examples_label = QLabel(self)
        self.valid_label = QLabel(self)
        self.tokens_label = QLabel(self)
        self.epochs_label = QLabel(self)
        self.billed_label = QLabel(self)
        self.cost_label = QLabel(self)
        # One title per row, in the order of `retranslate_ui`'s titles.
        self._titles = [QLabel(self) for _ in range(7)]
        for title, field in zip(
            self._titles,
            (
                self.model_box,
                self.examples_label,
                self.valid_label,
                self.tokens_label,
                self.epochs_label,
                self.billed_label,
                self.cost_label,
            ),
            strict=True,
        ):
            form.addRow(title, field)
        layout.addLayout(form)
        self.guidance = QLabel(self)
        self.guidance.setWordWrap(True)
        layout.addWidget(self.guidance)
        self.numbers: SummaryNumbers | None = None
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        titles = (
            self.tr("Model"),
            self.tr("Examples"),
            self.tr("Valid examples"),
            self.tr("Tokens per example (p50 / p90 / max)"),
            self.tr("Estimated epochs"),
            self.tr("Billed tokens"),
            self.tr("Estimated cost"),
        )
        for label, title in zip(self._titles, titles, strict=True):
            label.setText(title)
        self.refresh()

    def refresh(self) -> None:
        numbers = compute_summary(self.session)
        self.numbers = numbers
        pending = len(self.session) - numbers.checked
        examples = str(numbers.examples)
        if pending > 0:
            examples += " " + self.tr("(checking %1 more…)").replace("%1", f"{pending:,}")
        self.examples_label.setText(examples)
        self.valid_label.setText(str(numbers.valid))
        self.tokens_label.setText(f"{numbers.p50:,} / {numbers.p90:,} / {numbers.max:,}")
        self.epochs_label.setText(str(numbers.epochs))
        self.billed_label.setText(f"{numbers.billed_tokens:,}")
        if numbers.cost_usd is None:
            self.cost_label.setText(self.tr("no price known for this model"))
        else:
            self.cost_label.setText(
                self.tr("about US$%1 (estimate, prices of %2)")
                .replace("%1", f"{numbers.cost_usd:,.2f}")
                .replace("%2", cost.PRICE_TABLE_DATE)
            )
        if numbers.valid < MIN_EXAMPLES:
            text = self.tr(
                "Fine-tuning needs at least 10 valid examples; 50–100 well-made ones are a "
                "good start."
            )
            color = "#c62828"
        elif numbers.valid < RECOMMENDED_EXAMPLES:
            text = self.tr(
                "Enough to start. 50–100 well-made examples usually train clearly better."
            )
            color = "#b26a00"
        else:
            text = self.tr("A good size. Quality matters more than quantity from here.")
            color = "#2e7d32"
        self.guidance.setText(text)
        self.guidance.setStyleSheet(f"color: {color};")
