"""The open dataset as the editor sees it: the core document plus cached per-line checks.

Every edit goes through this object (the undo commands call it), so the cache, the table,
the problems panel and the autosave all hear about it the same way.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

import orjson
from PySide6.QtCore import QObject, QTimer, Signal

from fine_tune_studio.core.cost import DEFAULT_MODEL
from fine_tune_studio.core.document import DatasetDocument
from fine_tune_studio.ui.editor.checking import (
    STATUS_ERROR,
    STATUS_PENDING,
    STATUS_WARNING,
    BackgroundChecker,
    LineSummary,
    make_context,
    quick_first_user,
    summarize,
)

# Structural words of a training line: a search for them must look inside the messages,
# not at the JSON keys every line has.
_STRUCTURAL = (
    "messages", "role", "content", "system", "user", "assistant", "tool", "weight", "name",
    "tool_calls", "function", "arguments", "input", "preferred_output", "non_preferred_output",
    "developer", "type", "text", "id", "tools", "parallel_tool_calls", "tool_call_id",
)


class DocumentSession(QObject):
    lines_changed = Signal(object)  # list of 0-based indices whose text changed
    structure_changed = Signal()  # lines inserted, deleted or moved
    checks_updated = Signal()  # cached summaries changed (throttled by listeners)
    check_progress = Signal(int, int)
    check_finished = Signal(float)
    document_replaced = Signal()
    edited = Signal()  # any change to the text, for autosave and the modified flag

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.document = DatasetDocument([])
        self.model_name = DEFAULT_MODEL
        self._context = make_context(self.model_name)
        self._summaries: dict[int, LineSummary] = {}
        self._quick: dict[int, str] = {}
        self._index_of: dict[int, int] = {}
        self._fingerprints: Counter[bytes] = Counter()
        self._checker = BackgroundChecker(self)
        self._checker.chunk_ready.connect(self._apply_chunk)
        self._checker.progress.connect(self.check_progress)
        self._checker.finished.connect(self.check_finished)
        self._notify = QTimer(self)
        self._notify.setSingleShot(True)
        self._notify.setInterval(250)
        self._notify.timeout.connect(self.checks_updated)
        self.last_check_seconds: float | None = None
        self.check_finished.connect(self._remember_duration)

    # ------------------------------------------------------------------ document
    def set_document(self, document: DatasetDocument) -> None:
        self._checker.cancel()
        self.document = document
        self._summaries = {}
        self._quick = {}
        self._fingerprints = Counter()
        self._reindex()
        self.document_replaced.emit()
        self.start_full_check()

    def start_full_check(self) -> None:
        lines = [(line.uid, line.raw) for line in self.document]
        self.last_check_seconds = None
        self._checker.start(lines, 1, self.model_name)

    def set_model(self, model: str) -> None:
        if model == self.model_name:
            return
        self.model_name = model
        self._context = make_context(model)
        self._summaries = {}
        self._fingerprints = Counter()
        self.start_full_check()
        self.checks_updated.emit()

    def close(self) -> None:
        self._checker.cancel()

    @property
    def checking(self) -> bool:
        return self._checker.running

    def _remember_duration(self, seconds: float) -> None:
        self.last_check_seconds = seconds

    def _reindex(self) -> None:
        self._index_of = {line.uid: i for i, line in enumerate(self.document)}

    def index_of_uid(self, uid: int) -> int | None:
        return self._index_of.get(uid)

    def uid_at(self, index: int) -> int:
        return self.document.line(index).uid

    def __len__(self) -> int:
        return len(self.document)

    # ------------------------------------------------------------------ cache
    def _store(self, uid: int, summary: LineSummary) -> None:
        old = self._summaries.get(uid)
        if old is not None and old.fingerprint:
            self._fingerprints[old.fingerprint] -= 1
            if self._fingerprints[old.fingerprint] <= 0:
                del self._fingerprints[old.fingerprint]
        self._summaries[uid] = summary
        if summary.fingerprint:
            self._fingerprints[summary.fingerprint] += 1
        self._quick.pop(uid, None)

    def _apply_chunk(self, chunk: list[tuple[int, bytes, LineSummary]]) -> None:
        for uid, raw, summary in chunk:
            index = self._index_of.get(uid)
            # The user may have edited or deleted this line since the snapshot was taken.
            if index is None or self.document.line(index).raw is not raw:
                continue
            self._store(uid, summary)
        if not self._notify.isActive():
            self._notify.start()

    def summary(self, index: int) -> LineSummary | None:
        return self._summaries.get(self.document.line(index).uid)

    def check_now(self, index: int) -> LineSummary:
        """Re-check one line (after an edit): the cost of one example, whatever the file size."""
        line = self.document.line(index)
        summary = summarize(line.raw, index + 1, self._context)
        self._store(line.uid, summary)
        if not self._notify.isActive():
            self._notify.start()
        return summary

    def status(self, index: int) -> int:
        summary = self.summary(index)
        if summary is None:
            return STATUS_PENDING
        if summary.status == 0 and self.is_duplicate(summary):
            return STATUS_WARNING
        return summary.status

    def is_duplicate(self, summary: LineSummary) -> bool:
        return bool(summary.fingerprint) and self._fingerprints.get(summary.fingerprint or b"", 0) > 1

    def first_user(self, index: int) -> str:
        line = self.document.line(index)
        summary = self._summaries.get(line.uid)
        if summary is not None:
            return summary.first_user
        text = self._quick.get(line.uid)
        if text is None:
            text = quick_first_user(line.raw)
            self._quick[line.uid] = text
        return text

    def tokens(self, index: int) -> int:
        summary = self.summary(index)
        return summary.tokens if summary is not None else -1

    def checked_count(self) -> int:
        return len(self._summaries)

    def summaries_in_order(self) -> list[tuple[int, LineSummary | None]]:
        get = self._summaries.get
        return [(i, get(line.uid)) for i, line in enumerate(self.document)]

    # ------------------------------------------------------------------ queries for views
    def indices_with_status(self, statuses: set[int]) -> list[int]:
        wanted_dup = STATUS_WARNING in statuses
        out = []
        get = self._summaries.get
        for i, line in enumerate(self.document):
            summary = get(line.uid)
            if summary is None:
                continue
            if summary.status in statuses or (wanted_dup and self.is_duplicate(summary)):
                out.append(i)
        return out

    def search(self, needle: str, candidates: Iterable[int] | None = None) -> list[int]:
        """Lines whose messages contain `needle` (case-insensitive)."""
        if not needle:
            return list(candidates) if candidates is not None else list(range(len(self)))
        pattern = re.compile(re.escape(needle.encode("utf-8")), re.IGNORECASE)
        structural = needle.lower() in " ".join(_STRUCTURAL)
        lowered = needle.casefold()
        rows = candidates if candidates is not None else range(len(self))
        out = []
        for i in rows:
            raw = self.document.line(i).raw
            hit = pattern.search(raw) is not None
            if (hit and structural) or (not hit and b"\\u" in raw):
                hit = lowered in _message_text(raw).casefold()
            if hit:
                out.append(i)
        return out

    # ------------------------------------------------------------------ edits (undo commands)
    def set_text(self, index: int, text: str, *, check: bool = True) -> None:
        """Change one line; `check=False` leaves the re-check to the editor's typing pause."""
        self.document.set_line_text(index, text)
        if check:
            self.check_now(index)
        self.lines_changed.emit([index])
        self.edited.emit()

    def set_texts(self, changes: Sequence[tuple[int, str]]) -> None:
        for index, text in changes:
            self.document.set_line_text(index, text)
            self.check_now(index)
        self.lines_changed.emit([index for index, _ in changes])
        self.edited.emit()

    def insert(self, index: int, texts: Sequence[str]) -> list[int]:
        for offset, text in enumerate(texts):
            self.document.insert_line(index + offset, text)
        self._reindex()
        for offset in range(len(texts)):
            self.check_now(index + offset)
        self.structure_changed.emit()
        self.edited.emit()
        return list(range(index, index + len(texts)))

    def delete(self, indices: Sequence[int]) -> list[tuple[int, str]]:
        """Delete lines; returns what is needed to put them back (index, text) ascending."""
        chosen = sorted(set(indices))
        removed = [(i, lossless_text(self.document.line_bytes(i))) for i in chosen]
        for i in chosen:
            self._forget(self.document.line(i).uid)
        self.document.delete_lines(chosen)
        self._reindex()
        self.structure_changed.emit()
        self.edited.emit()
        return removed

    def restore(self, removed: Sequence[tuple[int, str]]) -> None:
        for index, text in removed:
            self.document.insert_line(index, text)
        self._reindex()
        for index, _ in removed:
            self.check_now(index)
        self.structure_changed.emit()
        self.edited.emit()

    def move(self, indices: Sequence[int], to: int) -> list[int]:
        new = self.document.move_lines(indices, to)
        self._reindex()
        self.structure_changed.emit()
        self.edited.emit()
        return new

    def unmove(self, moved_to: Sequence[int], original: Sequence[int]) -> None:
        """Undo `move`: take the moved block out and put each line back where it was."""
        texts = [lossless_text(self.document.line_bytes(i)) for i in moved_to]
        for i in moved_to:
            self._forget(self.document.line(i).uid)
        self.document.delete_lines(moved_to)
        for index, text in sorted(zip(original, texts, strict=True)):
            self.document.insert_line(index, text)
        self._reindex()
        for index in original:
            self.check_now(index)
        self.structure_changed.emit()
        self.edited.emit()

    def _forget(self, uid: int) -> None:
        summary = self._summaries.pop(uid, None)
        if summary is not None and summary.fingerprint:
            self._fingerprints[summary.fingerprint] -= 1
            if self._fingerprints[summary.fingerprint] <= 0:
                del self._fingerprints[summary.fingerprint]
        self._quick.pop(uid, None)

    # ------------------------------------------------------------------ files
    @property
    def path(self) -> Path | None:
        return self.document.path


def lossless_text(raw: bytes) -> str:
    """Text that encodes back to exactly `raw` (bytes that are not UTF-8 included)."""
    return raw.decode("utf-8", errors="surrogateescape")


def _message_text(raw: bytes) -> str:
    """Every message text of a line joined, or the raw text when it is not JSON."""
    try:
        obj = orjson.loads(raw)
    except orjson.JSONDecodeError:
        return raw.decode("utf-8", errors="replace")
    parts: list[str] = []

    def walk(value: object, key: str = "") -> None:
        if isinstance(value, str):
            if key in {"content", "text", "arguments"}:
                parts.append(value)
        elif isinstance(value, dict):
            for k, v in value.items():
                walk(v, str(k))
        elif isinstance(value, list):
            for item in value:
                walk(item, key)

    walk(obj)
    return "\n".join(parts)


def status_is_error(status: int) -> bool:
    return status == STATUS_ERROR
