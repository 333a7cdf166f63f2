"""Test-question leaks in the problems list.

When the open file has a paired test set, or is a test set with a paired training file
(`ui.evaluation.pairs`, remembered by *Set aside as test set…*), every test question that
the training file also asks is a warning on its line here, naming both places: a model
trained on a question it is then tested on shows its memory, not its skill (the set-aside
dialog, the Evaluation panel and `eval run` say the same).

The comparison is `core.test_sets.find_leaks`, on a worker thread (`run_in_thread`): this
file's lines as the editor holds them, the paired file as it is on disk. It runs when a
file is opened, when it is saved, and when the paired file changes on disk (saved by
another editor, or by the set-aside dialog). The editor's one addition is
`LeakWarnings(editor)`: it adds itself as a source of the problems list.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QFileSystemWatcher, QObject

from fine_tune_studio.core.document import split_physical_lines
from fine_tune_studio.core.test_sets import find_leaks, split_reference
from fine_tune_studio.ui.background import run_in_thread
from fine_tune_studio.ui.editor.problems import Problem
from fine_tune_studio.ui.evaluation.pairs import test_set_for, training_for

CODE = "test_question_leak"


@dataclass(frozen=True)
class Leak:
    uid: int  # the open file's line that asks the question
    field: str  # where the question is in that line (`messages[1].content`)
    other_line: int  # 1-based line of the paired file that asks it too


def question_field(raw: bytes) -> str:
    """The path of the question that the leak check compares (the last user message before
    the reference answer), for the problems list to jump to."""
    import orjson

    try:
        obj = orjson.loads(raw)
    except orjson.JSONDecodeError:
        return ""
    split = split_reference(obj) if isinstance(obj, dict) else None
    if split is None:
        return ""
    prompt, _reference = split
    last_user = max(n for n, m in enumerate(prompt) if m.get("role") == "user")
    return f"messages[{last_user}].content"


def find_leaks_with(lines: list[tuple[int, bytes]], paired: Path, is_training: bool) -> list[Leak]:
    """The open file's leaks against `paired` (a worker thread's job: reads the paired file
    and parses both). `lines` are the open file's (uid, bytes); `is_training` says which of
    the two files the open one is."""
    try:
        _bom, parts = split_physical_lines(paired.read_bytes())
    except OSError:
        return []  # gone or unreadable: nothing to compare with
    mine = [raw for _uid, raw in lines]
    other = [raw for raw, _ending in parts]
    train, test = (mine, other) if is_training else (other, mine)
    found = []
    for leak in find_leaks(train, test):
        here, there = (
            (leak.train_line, leak.test_line) if is_training else (leak.test_line, leak.train_line)
        )
        uid, raw = lines[here - 1]
        found.append(Leak(uid, question_field(raw), there))
    return found


class LeakWarnings(QObject):
    """The leak warnings of the editor's open file, merged into its problems list."""

    def __init__(self, editor: Any) -> None:
        super().__init__(editor)
        self.editor = editor
        self.paired: Path | None = None
        self.is_training = True
        self.leaks: list[Leak] = []
        self._running = False
        self._again = False
        self.watcher = QFileSystemWatcher(self)
        self.watcher.fileChanged.connect(lambda _path: self.refresh())
        editor.document_opened.connect(lambda _path: self.refresh())
        editor.saved.connect(lambda _path: self.refresh())
        editor.problems.model.sources.append(self.problems)

    def refresh(self) -> None:
        """Look again (one look at a time; a request meanwhile makes one more after it)."""
        if self._running:
            self._again = True
            return
        self._running = True
        self.editor.start(self._look())

    async def _look(self) -> None:
        try:
            again = True
            while again:
                self._again = False
                await self._look_once()
                again = self._again
        finally:
            self._running = False

    async def _look_once(self) -> None:
        document = self.editor.document
        paired, is_training = self._pair_of(document.path)
        self._watch(paired)
        leaks: list[Leak] = []
        if paired is not None:
            # Line objects hold immutable bytes: a snapshot of references, taken here.
            lines = [(line.uid, line.raw) for line in document]
            leaks = await run_in_thread(find_leaks_with, lines, paired, is_training)
        if document is not self.editor.document:
            return  # another file was opened meanwhile: its own look follows
        changed = leaks or self.leaks
        self.paired, self.is_training, self.leaks = paired, is_training, leaks
        if changed:
            self.editor.problems.refresh()

    @staticmethod
    def _pair_of(path: Path | None) -> tuple[Path | None, bool]:
        if path is None:
            return None, True
        test_set = test_set_for(path)
        if test_set is not None:
            return (test_set if test_set.exists() else None), True
        training = training_for(path)
        return (training if training is not None and training.exists() else None), False

    def _watch(self, paired: Path | None) -> None:
        # Also after each change: a file replaced by rename (atomic saves) is watched no
        # longer under its name.
        if self.watcher.files():
            self.watcher.removePaths(self.watcher.files())
        if paired is not None:
            self.watcher.addPath(str(paired))

    def problems(self) -> list[Problem]:
        """The warnings as the problems list shows them; names and lines as they are now."""
        path = self.editor.path
        if self.paired is None or path is None:
            return []
        if self.is_training:
            text = self.tr("This question is also in the test set: %3, line %4 (here: %1, "
                           "line %2). A model tested on a question it trained on shows its "
                           "memory, not its skill: remove or reword one of them.")
        else:
            text = self.tr("This test question is also in the training file: %3, line %4 "
                           "(here: %1, line %2). A model tested on a question it trained on "
                           "shows its memory, not its skill: remove or reword one of them.")
        found = []
        for leak in self.leaks:
            index = self.editor.session.index_of_uid(leak.uid)
            if index is None:
                continue  # deleted since
            found.append(Problem(
                leak.uid, False, leak.field,
                text.replace("%1", path.name).replace("%2", str(index + 1))
                .replace("%3", self.paired.name).replace("%4", str(leak.other_line)),
                CODE,
            ))
        return found
