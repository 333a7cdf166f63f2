"""Undo commands: every change to the document is one of these on the panel's QUndoStack.

A command's name ("Add example") is kept as a function that says it, so the steps already
taken are named in the new language after a language switch (`retranslate`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtGui import QUndoCommand

from fine_tune_studio.ui.editor.session import DocumentSession

# Typing in one field of one example merges into one undo step.
_TYPING_ID = 0x5EED

Description = str | Callable[[], str]


class DescribedCommand(QUndoCommand):
    """A command whose name can be said again in another language."""

    def __init__(self, text: Description) -> None:
        self.describe: Callable[[], str] = text if callable(text) else (lambda: text)
        super().__init__(self.describe())

    def retranslate(self) -> None:
        self.setText(self.describe())


class SetLineCommand(DescribedCommand):
    def __init__(
        self,
        session: DocumentSession,
        index: int,
        old: str,
        new: str,
        text: Description,
        merge_key: str | None = None,
    ) -> None:
        super().__init__(text)
        self.session = session
        self.index = index
        self.old = old
        self.new = new
        self.merge_key = merge_key
        # While typing, the first redo (the push) leaves checking to the typing pause timer.
        self._deferred = merge_key is not None

    def id(self) -> int:
        return _TYPING_ID if self.merge_key else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, SetLineCommand):
            return False
        if other.index != self.index or other.merge_key != self.merge_key:
            return False
        self.new = other.new
        return True

    def redo(self) -> None:
        self.session.set_text(self.index, self.new, check=not self._deferred)
        self._deferred = False

    def undo(self) -> None:
        self.session.set_text(self.index, self.old)


class SetManyLinesCommand(DescribedCommand):
    """One step for a change across many examples (e.g. apply a system prompt to all)."""

    def __init__(
        self, session: DocumentSession, changes: Sequence[tuple[int, str, str]], text: Description
    ) -> None:
        super().__init__(text)
        self.session = session
        self.changes = list(changes)  # (index, old, new)

    def redo(self) -> None:
        self.session.set_texts([(i, new) for i, _, new in self.changes])

    def undo(self) -> None:
        self.session.set_texts([(i, old) for i, old, _ in self.changes])


class InsertLinesCommand(DescribedCommand):
    def __init__(
        self, session: DocumentSession, index: int, texts: Sequence[str], text: Description
    ) -> None:
        super().__init__(text)
        self.session = session
        self.index = index
        self.texts = list(texts)

    def redo(self) -> None:
        self.session.insert(self.index, self.texts)

    def undo(self) -> None:
        self.session.delete(range(self.index, self.index + len(self.texts)))


class DeleteLinesCommand(DescribedCommand):
    def __init__(
        self, session: DocumentSession, indices: Sequence[int], text: Description
    ) -> None:
        super().__init__(text)
        self.session = session
        self.indices = sorted(set(indices))
        self.removed: list[tuple[int, str]] = []

    def redo(self) -> None:
        self.removed = self.session.delete(self.indices)

    def undo(self) -> None:
        self.session.restore(self.removed)


class MoveLinesCommand(DescribedCommand):
    def __init__(
        self, session: DocumentSession, indices: Sequence[int], to: int, text: Description
    ) -> None:
        super().__init__(text)
        self.session = session
        self.indices = sorted(set(indices))
        self.to = to
        self.moved_to: list[int] = []

    def redo(self) -> None:
        self.moved_to = self.session.move(self.indices, self.to)

    def undo(self) -> None:
        self.session.unmove(self.moved_to, self.indices)
