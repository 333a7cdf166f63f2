"""Per-line check results the editor caches, and the background check of a whole file.

The editor keeps one small `LineSummary` per physical line (keyed by the line's stable uid),
so the table, the filter, the problems panel and the summary never re-parse the file.
Re-checking an edited example calls the core's pure `check_line` for that one line only.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import orjson
from PySide6.QtCore import QObject, QTimer, Signal

from fine_tune_studio.core import validation
from fine_tune_studio.core.issues import Issue

STATUS_PENDING = -1
STATUS_OK = 0
STATUS_WARNING = 1
STATUS_ERROR = 2


@dataclass(frozen=True, slots=True)
class LineSummary:
    status: int
    tokens: int  # -1 when unknown (invalid line)
    first_user: str
    issues: tuple[Issue, ...]
    fingerprint: bytes | None
    kind: str


def first_user_text(obj: Any) -> str:
    """The first user message, for the list (preference lines keep theirs under `input`)."""
    if not isinstance(obj, dict):
        return ""
    messages = obj.get("messages")
    if not isinstance(messages, list):
        inner = obj.get("input")
        messages = inner.get("messages") if isinstance(inner, dict) else None
    if not isinstance(messages, list):
        return ""
    for message in messages:
        if isinstance(message, dict) and message.get("role") == "user":
            content = message.get("content")
            if isinstance(content, str):
                return content
            if isinstance(content, list):
                return " ".join(
                    str(part.get("text", "")) for part in content if isinstance(part, dict)
                )
    return ""


def quick_first_user(raw: bytes) -> str:
    """For rows shown before the background check reaches them: parse only, no rules."""
    try:
        return first_user_text(orjson.loads(raw))
    except orjson.JSONDecodeError:
        return raw[:200].decode("utf-8", errors="replace")


def summarize(raw: bytes, line_no: int, context: Any) -> LineSummary:
    check = validation.check_line(raw, line_no, context=context)
    status = STATUS_OK
    for issue in check.issues:
        if issue.is_error:
            status = STATUS_ERROR
            break
        status = STATUS_WARNING
    if check.kind in ("chat", "preference"):
        first = first_user_text(check.obj)
    elif check.kind == "blank":
        first = ""
    else:
        first = raw[:200].decode("utf-8", errors="replace")
    return LineSummary(
        status=status,
        tokens=check.tokens if check.tokens is not None else -1,
        first_user=first,
        issues=tuple(check.issues),
        fingerprint=check.fingerprint,
        kind=str(check.kind),
    )


def make_context(model: str) -> Any:
    return validation.CheckContext(model=model)


class BackgroundChecker(QObject):
    """Checks a snapshot of lines on a worker thread and hands results back in chunks.

    The worker never touches Qt (no cross-thread signals to reason about): results go
    through a deque that a GUI-thread timer drains in bounded slices. Results are keyed by line uid together with the raw bytes that
    were checked, so the GUI side can drop a result for a line edited meanwhile.
    """

    chunk_ready = Signal(object)  # list[tuple[uid, raw, LineSummary]]
    progress = Signal(int, int)
    finished = Signal(float)  # seconds

    CHUNK = 500
    POLL_MS = 30

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thread: threading.Thread | None = None
        self._cancel = threading.Event()
        self._results: deque[tuple[str, Any]] = deque()
        self._poll = QTimer(self)
        self._poll.setInterval(self.POLL_MS)
        self._poll.timeout.connect(self._drain)

    def start(self, lines: Sequence[tuple[int, bytes]], first_line_no: int, model: str) -> None:
        self.cancel()
        self._cancel = threading.Event()
        self._results = deque()
        self._thread = threading.Thread(
            target=self._run,
            args=(list(lines), model, self._cancel, self._results),
            daemon=True,
            name="editor-check",
        )
        self._thread.start()
        self._poll.start()

    @classmethod
    def _run(
        cls,
        lines: list[tuple[int, bytes]],
        model: str,
        cancel: threading.Event,
        results: deque[tuple[str, Any]],
    ) -> None:
        started = time.perf_counter()
        context = make_context(model)
        total = len(lines)
        chunk: list[tuple[int, bytes, LineSummary]] = []
        for index, (uid, raw) in enumerate(lines):
            if cancel.is_set():
                return
            # Line numbers here only go into the issues' text; views renumber by position.
            chunk.append((uid, raw, summarize(raw, index + 1, context)))
            if len(chunk) >= cls.CHUNK:
                results.append(("chunk", chunk))
                results.append(("progress", (index + 1, total)))
                chunk = []
        if chunk:
            results.append(("chunk", chunk))
        results.append(("progress", (total, total)))
        results.append(("finished", time.perf_counter() - started))

    def _drain(self) -> None:
        results = self._results
        # A bounded amount per tick keeps each GUI-thread slice short.
        for _ in range(8):
            if not results:
                return
            kind, payload = results.popleft()
            if kind == "chunk":
                self.chunk_ready.emit(payload)
            elif kind == "progress":
                self.progress.emit(*payload)
            else:
                self._poll.stop()
                self._thread = None
                self.finished.emit(payload)
                return

    def drain_all(self) -> None:
        """Wait for the worker and apply everything (tests and benchmarks)."""
        thread = self._thread
        if thread is not None:
            thread.join()
        while self._results:
            self._drain()

    def cancel(self) -> None:
        self._cancel.set()
        self._poll.stop()
        thread = self._thread
        if thread is not None and thread.is_alive():
            thread.join(timeout=5)
        self._thread = None
        self._results = deque()

    @property
    def running(self) -> bool:
        return self._thread is not None
