"""The open dataset as the editor sees it: the core document plus cached per-line checks.

Every edit goes through this object (the undo commands call it), so the cache, the table,
the problems panel and the autosave all hear about it the same way.
"""

from __future__ import annotations

import bisect
import itertools
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

import orjson
from PySide6.QtCore import QObject, QTimer, Signal

from fine_tune_studio.core.cost import DEFAULT_MODEL
from fine_tune_studio.core.document import DatasetDocument
from fine_tune_studio.core.issues import Issue
from fine_tune_studio.ui.editor.checking import BackgroundChecker
from fine_tune_studio.ui.editor.summaries import (
    STATUS_ERROR,
    STATUS_PENDING,
    STATUS_WARNING,
    LineSummary,
    make_context,
    quick_first_user,
    summarize,
)

# Structural words of a training line: a search for them must look inside the messages,
# not at the JSON keys every line has.
_STRUCTURAL = (
    "messages",
    "role",
    "content",
    "system",
    "user",
    "assistant",
    "tool",
    "weight",
    "name",
    "tool_calls",
    "function",
    "arguments",
    "input",
    "preferred_output",
    "non_preferred_output",
    "developer",
    "type",
    "text",
    "id",
    "tools",
    "parallel_tool_calls",
    "tool_call_id",
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
        self._quick: dict[int, str] = {}
        self._index_of: dict[int, int] = {}
        self._reset_cache()
        self._checker = BackgroundChecker(self)
        self._checker.chunk_ready.connect(self._apply_chunk)
        self._checker.progress.connect(self.check_progress)
        self._checker.finished.connect(self.check_finished)
        self._notify = QTimer(self)
        self._notify.setSingleShot(True)
        self._notify.setInterval(250)
        self._notify.timeout.connect(self.checks_updated)
        self.last_check_seconds: float | None = None
        # Lowered text of the whole file as of the last search's rebuild, with each line's
        # start and uid; lines edited or inserted since are in _search_dirty and checked
        # one by one, so a search after typing costs a scan, not a rebuild.
        self._search_cache: tuple[bytes, list[int], list[int]] | None = None
        self._search_dirty: set[int] = set()
        self._touched: set[int] = set()  # lines edited since the full check started
        self.document_replaced.connect(self._drop_search_cache)
        self.check_finished.connect(self._remember_duration)

    # ------------------------------------------------------------------ document
    def set_document(self, document: DatasetDocument) -> None:
        self._checker.cancel()
        self.document = document
        self._quick = {}
        self._reset_cache()
        self._reindex()
        self.document_replaced.emit()
        self.start_full_check()

    def start_full_check(self) -> None:
        self.last_check_seconds = None
        self._touched = set()
        # Line objects, not their bytes: the worker reads uid/raw itself, off the GUI thread.
        self._checker.start(list(self.document), self.model_name)

    def set_model(self, model: str) -> None:
        if model == self.model_name:
            return
        self.model_name = model
        self._context = make_context(model)
        self._reset_cache()
        self.start_full_check()
        self.checks_updated.emit()

    def close(self) -> None:
        self._checker.cancel()

    @property
    def checking(self) -> bool:
        return self._checker.running

    def _drop_search_cache(self) -> None:
        self._search_cache = None
        self._search_dirty = set()

    def _search_stale(self, indices: Iterable[int]) -> None:
        """Lines whose text changed (or that are new) since the search cache was built."""
        if self._search_cache is None:
            return
        self._search_dirty.update(self.document.line(i).uid for i in indices)
        if len(self._search_dirty) > max(1000, len(self.document) // 20):
            self._drop_search_cache()  # cheaper to rebuild than to check so many one by one

    def _remember_duration(self, seconds: float) -> None:
        self.last_check_seconds = seconds

    def _reindex(self) -> None:
        self._index_of = {line.uid: i for i, line in enumerate(self.document)}

    def index_of_uid(self, uid: int) -> int | None:
        return self._index_of.get(uid)

    def __len__(self) -> int:
        return len(self.document)

    # ------------------------------------------------------------------ cache
    def _reset_cache(self) -> None:
        self._summaries: dict[int, LineSummary] = {}
        # Running totals, kept up to date line by line so the problems panel and the
        # summary never walk 100,000 lines after a keystroke.
        self._fingerprints: Counter[bytes] = Counter()
        self._fingerprint_uids: dict[bytes, set[int]] = {}
        self.examples = 0
        self.valid = 0
        self.kinds: Counter[str] = Counter()
        self._issue_uids: dict[int, tuple[Issue, ...]] = {}
        self._valid_tokens: dict[int, int] = {}
        self._sorted_tokens: list[int] | None = []

    def _account(self, uid: int, summary: LineSummary, sign: int) -> None:
        if summary.kind != "blank":
            self.examples += sign
            self.kinds[summary.kind] += sign
            if summary.status != STATUS_ERROR:
                self.valid += sign
                if summary.tokens >= 0:
                    self._count_tokens(uid, summary.tokens, sign)
        if summary.issues:
            if sign > 0:
                self._issue_uids[uid] = summary.issues
            else:
                self._issue_uids.pop(uid, None)
        fingerprint = summary.fingerprint
        if fingerprint:
            self._fingerprints[fingerprint] += sign
            uids = self._fingerprint_uids.setdefault(fingerprint, set())
            if sign > 0:
                uids.add(uid)
            else:
                uids.discard(uid)
            if self._fingerprints[fingerprint] <= 0:
                del self._fingerprints[fingerprint]
                self._fingerprint_uids.pop(fingerprint, None)

    def _count_tokens(self, uid: int, tokens: int, sign: int) -> None:
        ordered = self._sorted_tokens
        if sign > 0:
            self._valid_tokens[uid] = tokens
            if ordered is not None:
                bisect.insort(ordered, tokens)
        else:
            self._valid_tokens.pop(uid, None)
            if ordered is not None:
                position = bisect.bisect_left(ordered, tokens)
                if position < len(ordered) and ordered[position] == tokens:
                    del ordered[position]

    def sorted_tokens(self) -> list[int]:
        """Token counts of the valid examples, ascending (for p50/p90/max)."""
        if self._sorted_tokens is None:
            self._sorted_tokens = sorted(self._valid_tokens.values())
        return self._sorted_tokens

    def problem_lines(self) -> list[tuple[int, int, tuple[Issue, ...], bool]]:
        """(index, uid, issues, is_duplicate) of every line with something to say, in order."""
        flagged: dict[int, tuple[Issue, ...]] = dict(self._issue_uids)
        duplicates: set[int] = set()
        for fingerprint, count in self._fingerprints.items():
            if count > 1:
                duplicates.update(self._fingerprint_uids.get(fingerprint, ()))
        for uid in duplicates:
            flagged.setdefault(uid, ())
        index_of = self._index_of
        rows = [
            (index_of[uid], uid, issues, uid in duplicates)
            for uid, issues in flagged.items()
            if uid in index_of
        ]
        rows.sort()
        return rows

    def _store(self, uid: int, summary: LineSummary) -> None:
        old = self._summaries.get(uid)
        if old is not None:
            self._account(uid, old, -1)
        self._summaries[uid] = summary
        self._account(uid, summary, +1)
        self._quick.pop(uid, None)

    def _apply_chunk(self, chunk: list[tuple[int, bytes | None, LineSummary]]) -> None:
        # Bulk arrival: sort the token counts once when asked, not one insertion at a time.
        self._sorted_tokens = None
        touched = self._touched
        for uid, raw, summary in chunk:
            index = self._index_of.get(uid)
            # The user may have edited or deleted this line since the snapshot was taken.
            if index is None or uid in touched:
                continue
            if raw is not None and self.document.line(index).raw is not raw:
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
        return (
            bool(summary.fingerprint) and self._fingerprints.get(summary.fingerprint or b"", 0) > 1
        )

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
        raws = [line.raw for line in self.document]
        # One pass of bytes.find over the whole (ASCII-lowercased) file instead of a Python
        # loop per line; lines changed since it was built are checked on their own.
        if self._search_cache is None:
            blob = b"\n".join(raws).lower()
            starts = list(itertools.accumulate((len(raw) + 1 for raw in raws), initial=0))
            uids = [line.uid for line in self.document]
            self._search_cache = (blob, starts, uids)
            self._search_dirty = set()
        blob, starts, uids = self._search_cache
        target = needle.lower().encode("utf-8")
        hit_uids: set[int] = set()
        position = blob.find(target)
        while position >= 0:
            line = bisect.bisect_right(starts, position) - 1
            hit_uids.add(uids[line])
            position = blob.find(target, starts[line + 1]) if line + 1 < len(uids) else -1
        hit_uids -= self._search_dirty
        for uid in self._search_dirty:
            index = self._index_of.get(uid)
            if index is not None and target in raws[index].lower():
                hit_uids.add(uid)
        # Deleted lines have no index any more; moved ones have their new one.
        hits = {self._index_of[uid] for uid in hit_uids if uid in self._index_of}
        structural = needle.lower() in " ".join(_STRUCTURAL)
        lowered = needle.casefold()
        if structural:
            # The needle is also a JSON key or role name: keep lines where a message has it.
            hits = {i for i in hits if lowered in _message_text(raws[i]).casefold()}
        if not needle.isascii() or structural:
            # Escaped (\\uXXXX) text and non-ASCII case folding need the parsed messages.
            hits.update(
                i
                for i, raw in enumerate(raws)
                if i not in hits and b"\\u" in raw and lowered in _message_text(raw).casefold()
            )
        rows = candidates if candidates is not None else range(len(raws))
        return [i for i in rows if i in hits]

    # ------------------------------------------------------------------ edits (undo commands)
    def set_text(self, index: int, text: str, *, check: bool = True) -> None:
        """Change one line; `check=False` leaves the re-check to the editor's typing pause."""
        self.document.set_line_text(index, text)
        self._touched.add(self.document.line(index).uid)
        self._search_stale([index])
        if check:
            self.check_now(index)
        self.lines_changed.emit([index])
        self.edited.emit()

    def set_texts(self, changes: Sequence[tuple[int, str]]) -> None:
        for index, text in changes:
            self.document.set_line_text(index, text)
            self._touched.add(self.document.line(index).uid)
            self.check_now(index)
        self._search_stale(index for index, _ in changes)
        self.lines_changed.emit([index for index, _ in changes])
        self.edited.emit()

    def insert(self, index: int, texts: Sequence[str]) -> list[int]:
        for offset, text in enumerate(texts):
            self.document.insert_line(index + offset, text)
        self._reindex()
        self._search_stale(range(index, index + len(texts)))
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
        self._search_stale(index for index, _ in removed)
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
        self._search_stale(original)
        for index in original:
            self.check_now(index)
        self.structure_changed.emit()
        self.edited.emit()

    def _forget(self, uid: int) -> None:
        summary = self._summaries.pop(uid, None)
        if summary is not None:
            self._account(uid, summary, -1)
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
