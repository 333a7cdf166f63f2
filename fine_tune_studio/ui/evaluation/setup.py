"""Run setup and progress: the test set, 2–6 contestants, fixed settings, the cost before a
paid run, then a progress bar with time left and Pause / Resume.

A contestant row is a provider, a model (base model, fine-tune or checkpoint: the box is
editable and ↻ lists the provider's models) and a number of few-shot examples: more than
0 makes it a prompt baseline (the model with the training file's system prompt and that
many of its examples). The widget only collects choices; the panel runs things.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from fine_tune_studio.core.eval_run import DEFAULT_FEW_SHOT, DEFAULT_MAX_TOKENS, MAX_CONTESTANTS
from fine_tune_studio.ui.widgets import Retranslating


class ContestantRow(Retranslating, QWidget):
    remove_requested = Signal(object)
    refresh_requested = Signal(object)
    changed = Signal()

    def __init__(self, profiles: list[tuple[str, str]],
                 offered: Callable[[str], list[str]] = lambda _provider_id: [],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._offered = offered
        self.listed_for: str | None = None  # the provider whose models were listed here
        self.model = QComboBox()
        self.model.setEditable(True)
        self.model.setMinimumContentsLength(18)
        self.provider = QComboBox()
        self.set_profiles(profiles)
        self.set_models(self.offered_models(), pick_first=False)
        self.refresh = QToolButton()
        self.refresh.setText("↻")
        self.few_shot = QSpinBox()
        self.few_shot.setRange(0, 20)
        self.remove = QToolButton()
        self.remove.setText("✕")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.provider, 2)
        layout.addWidget(self.model, 3)
        layout.addWidget(self.refresh)
        layout.addWidget(self.few_shot, 1)
        layout.addWidget(self.remove)
        self.remove.clicked.connect(lambda: self.remove_requested.emit(self))
        self.refresh.clicked.connect(lambda: self.refresh_requested.emit(self))
        self.model.currentTextChanged.connect(lambda _t: self.changed.emit())
        self.few_shot.valueChanged.connect(lambda _v: self.changed.emit())
        self.provider.currentIndexChanged.connect(self._provider_changed)
        self.retranslate_ui()

    def offered_models(self) -> list[str]:
        """The chosen provider's "Models to offer first" (known without asking it)."""
        provider_id = self.provider.currentData()
        return self._offered(provider_id) if provider_id else []

    def _provider_changed(self) -> None:
        self.set_models(self.offered_models(), pick_first=False)
        self.changed.emit()

    def retranslate_ui(self) -> None:
        line = self.model.lineEdit()
        if line is not None:
            line.setPlaceholderText(self.tr("model name"))
        self.refresh.setToolTip(self.tr("List this provider's models"))
        self.few_shot.setSpecialValueText(self.tr("no examples"))
        self.few_shot.setSuffix(self.tr(" examples"))
        self.few_shot.setToolTip(self.tr(
            "More than 0 makes this a prompt baseline: the model gets the training file's "
            "system prompt and this many of its examples before each question."
        ))
        self.remove.setToolTip(self.tr("Remove"))

    def set_profiles(self, profiles: list[tuple[str, str]]) -> None:
        """The providers offered, by id and shown name; the chosen one stays chosen."""
        chosen = self.provider.currentData()
        self.provider.blockSignals(True)
        try:
            self.provider.clear()
            for profile_id, name in profiles:
                self.provider.addItem(name, profile_id)
            index = self.provider.findData(chosen)
            self.provider.setCurrentIndex(index if index >= 0 else 0)
        finally:
            self.provider.blockSignals(False)
        if self.provider.currentData() != chosen:
            self._provider_changed()
        else:  # the same provider, whose models to offer first may have been edited
            listed = [self.model.itemText(i) for i in range(self.model.count())]
            self.set_models(listed, pick_first=False)

    def set_models(self, models: list[str], *, pick_first: bool = True) -> None:
        """Offer `models` (the provider's own first, no repeats), keeping what is typed."""
        current = self.model.currentText()
        merged = list(dict.fromkeys([*self.offered_models(), *models]))
        self.model.blockSignals(True)
        try:
            self.model.clear()
            self.model.addItems(merged)
            self.model.setCurrentText(current or (merged[0] if merged and pick_first else ""))
        finally:
            self.model.blockSignals(False)
        if self.model.currentText() != current:
            self.changed.emit()


class RunSetup(Retranslating, QWidget):
    start_requested = Signal()
    pause_toggled = Signal(bool)  # True: pause
    choose_test_set = Signal()
    models_wanted = Signal(object)  # the ContestantRow
    changed = Signal()

    def __init__(self, profiles: Callable[[], list[tuple[str, str]]],
                 offered: Callable[[str], list[str]] = lambda _provider_id: [],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._profiles = profiles
        self._offered = offered
        self.rows: list[ContestantRow] = []
        self.test_set = QLineEdit()
        self.test_set.setObjectName("testSetPath")
        self.test_set.setReadOnly(True)
        self.choose = QPushButton()
        self.training = QLineEdit()
        self.training.setReadOnly(True)
        self.no_test_set = QLabel()
        self.no_test_set.setObjectName("noTestSetHint")
        self.no_test_set.setWordWrap(True)
        self.leaks = QLabel()
        self.leaks.setObjectName("leakWarning")
        self.leaks.setTextFormat(Qt.TextFormat.PlainText)
        self.leaks.setWordWrap(True)
        self.group = QGroupBox()
        self.rows_layout = QVBoxLayout(self.group)
        self.no_provider = QLabel()
        self.no_provider.setObjectName("noProviderHint")
        self.no_provider.setWordWrap(True)
        self.no_provider.hide()
        self.rows_layout.addWidget(self.no_provider)
        self.add_button = QPushButton()
        self.max_tokens = QSpinBox()
        self.max_tokens.setRange(16, 8192)
        self.max_tokens.setValue(DEFAULT_MAX_TOKENS)
        self.concurrency = QSpinBox()
        self.concurrency.setRange(1, 32)
        self.concurrency.setValue(4)
        self.cost = QLabel()
        self.cost.setObjectName("costEstimate")
        self.cost.setWordWrap(True)
        self.start = QPushButton()
        self.start.setObjectName("startRun")
        self.pause = QPushButton()
        self.pause.setObjectName("pauseRun")
        self.pause.setCheckable(True)
        self.pause.setEnabled(False)
        self.bar = QProgressBar()
        self.bar.setObjectName("runProgress")
        self.progress_text = QLabel()
        self.progress_text.setObjectName("progressText")
        self.progress_text.setWordWrap(True)

        test_row = QHBoxLayout()
        test_row.addWidget(self.test_set, 1)
        test_row.addWidget(self.choose)
        self.form = QFormLayout()
        self.test_label, self.training_label = QLabel(), QLabel()
        self.tokens_label, self.concurrency_label = QLabel(), QLabel()
        self.form.addRow(self.test_label, test_row)
        self.form.addRow(self.training_label, self.training)
        settings_row = QHBoxLayout()
        settings_row.addWidget(self.max_tokens)
        settings_row.addWidget(self.concurrency_label)
        settings_row.addWidget(self.concurrency)
        settings_row.addStretch(1)
        self.form.addRow(self.tokens_label, settings_row)
        buttons = QHBoxLayout()
        buttons.addWidget(self.start)
        buttons.addWidget(self.pause)
        buttons.addStretch(1)
        self.rows_layout.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.no_test_set)
        layout.addWidget(self.leaks)
        layout.addWidget(self.group)
        layout.addWidget(self.cost)
        layout.addLayout(buttons)
        layout.addWidget(self.bar)
        layout.addWidget(self.progress_text)
        layout.addStretch(1)

        self.choose.clicked.connect(self.choose_test_set)
        self.add_button.clicked.connect(lambda: self.add_row())
        self.start.clicked.connect(self.start_requested)
        self.pause.toggled.connect(self.pause_toggled)
        self.max_tokens.valueChanged.connect(lambda _v: self.changed.emit())
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.test_label.setText(self.tr("Test set:"))
        self.training_label.setText(self.tr("Training file:"))
        self.training.setPlaceholderText(self.tr("(none paired; few-shot baselines need one)"))
        self.choose.setText(self.tr("Choose…"))
        self.no_provider.setText(self.tr(
            "No provider yet: add one under Providers (This computer, or a service with a "
            "key), and its models can answer here."
        ))
        self.no_test_set.setText(self.tr(
            "No test set yet. A test set is a few of your examples kept apart: the model never "
            "trains on them, so they show honestly what it learned. Open your training file "
            "under Examples and use Tools → Set aside as test set…, or Choose… a test set you "
            "already have."
        ))
        self.group.setTitle(self.tr("Contestants (2 to 6): provider, model, few-shot examples"))
        self.add_button.setText(self.tr("Add a contestant"))
        self.tokens_label.setText(self.tr("At most tokens per answer:"))
        self.concurrency_label.setText(self.tr("Requests at a time per provider:"))
        self.start.setText(self.tr("Start"))
        self.pause.setText(self.tr("Resume") if self.pause.isChecked() else self.tr("Pause"))

    # -- contestants ---------------------------------------------------------------------------

    def add_row(self, provider_id: str | None = None, model: str = "",
                few_shot: int = 0) -> ContestantRow | None:
        if len(self.rows) >= MAX_CONTESTANTS:
            return None
        row = ContestantRow(self._profiles(), self._offered, self)
        if provider_id is not None:
            index = row.provider.findData(provider_id)
            if index >= 0:
                row.provider.setCurrentIndex(index)
        row.model.setCurrentText(model)
        row.few_shot.setValue(few_shot)
        row.remove_requested.connect(self.remove_row)
        row.refresh_requested.connect(self.models_wanted)
        row.changed.connect(self.changed)
        self.rows.append(row)
        self.fill_empty_models()
        self.rows_layout.insertWidget(self.rows_layout.count() - 1, row)
        self.add_button.setEnabled(len(self.rows) < MAX_CONTESTANTS)
        self.changed.emit()
        return row

    def remove_row(self, row: ContestantRow) -> None:
        self.rows.remove(row)
        row.hide()  # now: deleteLater waits for the event loop
        self.rows_layout.removeWidget(row)
        row.deleteLater()
        self.add_button.setEnabled(True)
        self.changed.emit()

    def choices(self) -> list[tuple[str, str, int]]:
        """(provider id, model, few-shot k) per filled-in row."""
        return [
            (row.provider.currentData(), row.model.currentText().strip(), row.few_shot.value())
            for row in self.rows
            if row.model.currentText().strip() and row.provider.currentData()
        ]

    def set_editable(self, editable: bool) -> None:
        for widget in (self.choose, self.group, self.max_tokens, self.concurrency):
            widget.setEnabled(editable)

    def set_profiles(self, profiles: list[tuple[str, str]]) -> None:
        self.no_provider.setHidden(bool(profiles))
        for row in self.rows:
            row.set_profiles(profiles)
        self.fill_empty_models()

    def fill_empty_models(self) -> None:
        """A row without a model takes the first model its list offers (the provider's
        models to offer first, then those it listed) that no other row has, so two fresh
        rows are already a comparison (base model against fine-tune)."""
        taken = {row.model.currentText().strip() for row in self.rows}
        for row in self.rows:
            if row.model.currentText().strip():
                continue
            offered = [row.model.itemText(i) for i in range(row.model.count())]
            model = next((m for m in offered if m not in taken), "")
            if model:
                row.model.setCurrentText(model)
                taken.add(model)

    def set_test_set(self, path: Path | None, training: Path | None) -> None:
        self.test_set.setText(str(path) if path else "")
        self.no_test_set.setHidden(path is not None)
        self.training.setText(str(training) if training else "")
        self.changed.emit()

    def default_few_shot(self) -> int:
        return DEFAULT_FEW_SHOT

    def model_rows(self) -> list[Any]:
        return list(self.rows)
