"""Examples → "Set aside as test set…": move some examples into a test-set file.

The editor adds the action with `install_set_aside_action(panel)` (one line there); the
dialog does the rest: it shows how many examples move and how they spread over tags,
writes `<name>.test.jsonl` next to the training file (appending to one that exists, after
a leakage check), removes the moved examples from the editor (one undoable delete), saves
the training file, and remembers the pair. The split itself is `core.test_sets.set_aside`.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from fine_tune_studio.core.atomic_write import atomic_write
from fine_tune_studio.core.test_sets import (
    SetAside,
    find_leaks,
    paired_test_set_path,
    set_aside,
    tags_of,
)
from fine_tune_studio.ui.evaluation.pairs import remember_pair
from fine_tune_studio.ui.widgets import Retranslating

if TYPE_CHECKING:  # the editor imports this module: no import back at run time
    from fine_tune_studio.ui.editor.panel import EditorPanel


def action_text() -> str:
    return QCoreApplication.translate("SetAsideDialog", "Set aside as test set…")


class _Retranslator(QObject):
    def __init__(self, action: QAction, parent: QObject) -> None:
        super().__init__(parent)
        self._action = action

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LanguageChange:
            self._action.setText(action_text())
        return False


def install_set_aside_action(editor: EditorPanel) -> QAction:
    """Add the action to the editor's toolbar; it opens the dialog for the open file."""
    act = QAction(action_text(), editor)
    act.triggered.connect(lambda: open_set_aside_dialog(editor))
    editor.toolbar.addAction(act)
    editor.installEventFilter(_Retranslator(act, editor))
    return act


def open_set_aside_dialog(editor: EditorPanel) -> SetAsideDialog:
    dialog = SetAsideDialog(editor.line_texts(), editor.path, editor)
    dialog.set_aside.connect(lambda split: dialog.apply_to(editor, split))
    dialog.open()
    return dialog


class SetAsideDialog(Retranslating, QDialog):
    set_aside = Signal(object)  # core.test_sets.SetAside

    def __init__(
        self, lines: list[str], training_path: Path | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("setAsideDialog")
        self.setMinimumWidth(460)
        self.lines = lines
        self.training_path = training_path
        self.test_path = paired_test_set_path(training_path) if training_path else None
        self.written: Path | None = None
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.by_count = QRadioButton()
        self.by_share = QRadioButton()
        self.by_share.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.by_count)
        group.addButton(self.by_share)
        self.count = QSpinBox()
        self.count.setRange(1, max(1, len(lines)))
        self.count.setValue(min(10, max(1, len(lines) // 5)))
        self.share = QSpinBox()
        self.share.setRange(1, 90)
        self.share.setValue(20)
        self.share.setSuffix(" %")
        self.seed = QSpinBox()
        self.seed.setRange(0, 999_999)
        self.seed.setValue(42)
        self.preview = QLabel()
        self.preview.setWordWrap(True)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setObjectName("setAsideProblem")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        count_row, share_row = QHBoxLayout(), QHBoxLayout()
        count_row.addWidget(self.by_count)
        count_row.addWidget(self.count, 1)
        share_row.addWidget(self.by_share)
        share_row.addWidget(self.share, 1)
        self.seed_label = QLabel()
        form.addRow(count_row)
        form.addRow(share_row)
        form.addRow(self.seed_label, self.seed)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.preview)
        layout.addWidget(self.problem)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        for signal in (self.count.valueChanged, self.share.valueChanged, self.seed.valueChanged,
                       self.by_count.toggled):
            signal.connect(self.update_preview)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Set aside as test set"))
        self.intro.setText(self.tr(
            "The chosen examples move out of this file into a test set the model never "
            "trains on. Keep the test set to check each fine-tune fairly. Examples are drawn "
            "at random (the same seed draws the same ones) and spread over tags like the file."
        ))
        self.by_count.setText(self.tr("Number of examples"))
        self.by_share.setText(self.tr("Share of the examples"))
        self.seed_label.setText(self.tr("Seed"))
        self.update_preview()

    def split(self) -> SetAside:
        if self.by_count.isChecked():
            return set_aside(self.lines, count=self.count.value(), seed=self.seed.value())
        return set_aside(self.lines, share=self.share.value() / 100, seed=self.seed.value())

    def update_preview(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        if self.test_path is None:
            self.preview.setText("")
            self.problem.setText(self.tr("Save the examples to a file first: the test set "
                                         "is written next to it."))
            ok.setEnabled(False)
            return
        split = self.split()
        tags: Counter[str] = Counter()
        for index in split.test:
            tags.update(tags_of(json.loads(self.lines[index])))
        text = self.tr("%n example(s) move to %1; %2 stay for training.", "", len(split.test))
        text = text.replace("%1", self.test_path.name).replace("%2", str(len(split.train)))
        if tags:
            spread = self.tr(", ").join(f"{tag} {n}" for tag, n in tags.most_common())
            text += "\n" + self.tr("By tag: %1").replace("%1", spread)
        self.preview.setText(text)
        self.problem.setText("")
        ok.setEnabled(bool(split.test))

    def _accept(self) -> None:
        split = self.split()
        assert self.test_path is not None
        moved = [self.lines[i] for i in split.test]
        existing: list[str] = []
        if self.test_path.exists():
            existing = self.test_path.read_text(encoding="utf-8").splitlines()
        kept = [self.lines[i] for i in split.train]
        leaks = find_leaks(kept, existing)
        if leaks:
            # The existing test set asks what the training file keeps: say where, don't write.
            where = self.tr("%1 (line %2 of the training file, line %3 of the test set)")
            self.problem.setText(
                self.tr("The test set already has questions that the training file also "
                        "asks: %1").replace(
                    "%1",
                    self.tr("; ").join(
                        where.replace("%1", leak.question[:40])
                        .replace("%2", str(leak.train_line))
                        .replace("%3", str(leak.test_line))
                        for leak in leaks[:3]
                    ),
                )
            )
            return
        data = "".join(line.rstrip("\r\n") + "\n" for line in [*existing, *moved])
        atomic_write(self.test_path, data.encode("utf-8"))
        self.written = self.test_path
        if self.training_path is not None:
            remember_pair(self.training_path, self.test_path)
        self.set_aside.emit(split)
        self.accept()

    def apply_to(self, editor: EditorPanel, split: SetAside) -> None:
        """Remove the moved examples from the editor (one undoable step) and save."""
        # The editor's own undo command: Undo brings the examples back (the test-set file
        # stays; the leakage check then names the questions in both).
        from fine_tune_studio.ui.editor.undo import DeleteLinesCommand

        editor.undo_stack.push(
            DeleteLinesCommand(editor.session, split.test, self.tr("Set aside as test set"))
        )
        if editor.path is not None:
            editor.start(editor.save())
