"""The file at a glance: size, validity, token spread, epochs, billed tokens and cost."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from fine_tune_studio.core import cost
from fine_tune_studio.core.cost import CostBasis, CostForecast
from fine_tune_studio.core.providers import ProviderKind
from fine_tune_studio.core.stats import percentile
from fine_tune_studio.ui.editor.problems import MIN_EXAMPLES, RECOMMENDED_EXAMPLES
from fine_tune_studio.ui.editor.session import DocumentSession
from fine_tune_studio.ui.widgets import Retranslating


@dataclass(frozen=True)
class TrainingProvider:
    """Who would train these examples: the app's active provider, and the base model last
    chosen for it in the launch wizard (None: none chosen yet)."""

    kind: ProviderKind | None = None
    model: str | None = None


NO_PROVIDER = TrainingProvider()


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
    cost: CostForecast


def compute_summary(
    session: DocumentSession, provider: TrainingProvider = NO_PROVIDER
) -> SummaryNumbers:
    """The numbers of the Summary tab; the cost is the provider's that would train, for
    the model it would use (the one last chosen in the wizard, else the Model box's)."""
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
        cost=cost.cost_forecast(provider.kind, provider.model or session.model_name, billed),
    )


class SummaryWidget(Retranslating, QWidget):
    model_changed = Signal(str)

    def __init__(
        self,
        session: DocumentSession,
        parent: QWidget | None = None,
        *,
        provider: Callable[[], TrainingProvider] = lambda: NO_PROVIDER,
    ) -> None:
        super().__init__(parent)
        self.session = session
        # Asked on every refresh; the panel also refreshes when the active provider changes.
        self.provider = provider
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
        self.cost_label.setWordWrap(True)
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

    def showEvent(self, event: QShowEvent) -> None:
        # The base model last chosen in the wizard may have changed while another panel
        # was in front: the summary follows it when the tab shows again.
        self.follow_provider()
        self.refresh()
        super().showEvent(event)

    def follow_provider(self) -> None:
        """Choose, in the Model box, the OpenAI / Azure model the wizard would use (the one
        last chosen for the active provider), so the checks' limit and the priced model
        are the one on screen. A model the box does not list is priced by name only."""
        provider = self.provider()
        if provider.kind not in (ProviderKind.OPENAI, ProviderKind.AZURE_OPENAI):
            return
        index = self.model_box.findData(provider.model) if provider.model else -1
        if index >= 0 and index != self.model_box.currentIndex():
            self.model_box.setCurrentIndex(index)  # model_changed: the checks follow

    def refresh(self) -> None:
        numbers = compute_summary(self.session, self.provider())
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
        self.cost_label.setText(self.cost_text(numbers.cost))
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

    def cost_text(self, forecast: CostForecast) -> str:
        """The Estimated cost line for the provider that would train."""
        basis = forecast.basis
        if basis is CostBasis.THIS_COMPUTER:
            return self.tr("free: it trains on this computer")
        if basis is CostBasis.OWN_ENGINE:
            return self.tr("free: it trains on your own engine")
        if basis is CostBasis.ASKS_PROVIDER:
            return self.tr(
                "Together AI prices each model: the Fine-tune… wizard asks Together AI for "
                "an estimate"
            )
        if basis is CostBasis.UNKNOWN_PRICES:
            return self.tr("this provider's prices are not known to the app")
        if basis is CostBasis.NO_PRICE:
            return self.tr("no price known for %1").replace("%1", forecast.model or "")
        if basis is CostBasis.PRICED and forecast.usd is not None:
            return (
                self.tr("about US$%1 with %2 (estimate, prices of %3)")
                .replace("%1", f"{forecast.usd:,.2f}")
                .replace("%2", forecast.model or "")
                .replace("%3", cost.PRICE_TABLE_DATE)
            )
        return self.tr("depends on the provider you choose")
