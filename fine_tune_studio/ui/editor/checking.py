"""Per-line check results the editor caches, and the background check of a whole file.

The editor keeps one small `LineSummary` per physical line (keyed by the line's stable uid),
so the table, the filter, the problems panel and the summary never re-parse the file.
Re-checking an edited example calls the core's pure `check_line` for that one line only.
"""

from __future__ import annotations

import gc
import multiprocessing
import multiprocessing.process
import os
import sys
import threading
import time
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

import orjson
from PySide6.QtCore import QObject, QTimer, Signal

from fine_tune_studio.core import validation
from fine_tune_studio.core.document import Line
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


# While pure-Python work runs on a worker thread, the GUI thread must win the GIL back
# quickly after each Qt call (PySide releases it around C++ calls): with the default 5 ms
# switch interval a timer tick waited 40+ ms, with 0.5 ms it does not. And a full garbage
# collection over 100,000 freshly made objects paused every thread for up to 70 ms; none is
# needed while a document and its cache only grow, so they wait until the work is done.
_SWITCH_INTERVAL_S = 0.0005
_background_jobs = 0
_saved_switch_interval = 0.005
_saved_gc_threshold: tuple[int, int, int] = (700, 10, 10)


def background_work_started() -> None:
    global _background_jobs, _saved_switch_interval, _saved_gc_threshold
    if _background_jobs == 0:
        _saved_switch_interval = sys.getswitchinterval()
        sys.setswitchinterval(_SWITCH_INTERVAL_S)
        _saved_gc_threshold = gc.get_threshold()
        gc.set_threshold(_saved_gc_threshold[0], _saved_gc_threshold[1], 1_000_000)
    _background_jobs += 1


def background_work_finished() -> None:
    global _background_jobs
    _background_jobs = max(0, _background_jobs - 1)
    if _background_jobs == 0:
        sys.setswitchinterval(_saved_switch_interval)
        gc.set_threshold(*_saved_gc_threshold)
        # The document and its cache live as long as the file is open: keep later full
        # collections from walking them again and again.
        gc.freeze()


def _can_fork() -> bool:
    # Only where forking a GUI process is safe for a child that runs pure Python: not on
    # macOS (system frameworks abort after fork) and not on Windows (no fork at all).
    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


def _check_in_child(sender: Connection, lines: list[Line], model: str) -> None:
    """In the forked checker process: check every line, send results in chunks, then leave.

    It never touches Qt, and leaves with os._exit so nothing inherited from the GUI process
    (atexit handlers, Qt objects) runs here.
    """
    try:
        context = make_context(model)
        chunk: list[tuple[int, LineSummary]] = []
        for index, line in enumerate(lines):
            chunk.append((line.uid, summarize(line.raw, index + 1, context)))
            if len(chunk) >= 1000:
                sender.send((index + 1, chunk))
                chunk = []
        sender.send((len(lines), chunk))
        sender.close()
    finally:
        os._exit(0)


def _receive_from_child(
    receiver: Connection,
    process: multiprocessing.process.BaseProcess,
    total: int,
    cancel: threading.Event,
    results: deque[tuple[str, Any]],
) -> None:
    started = time.perf_counter()
    done = 0
    try:
        while not cancel.is_set() and done < total:
            try:
                done, chunk = receiver.recv()
            except (EOFError, OSError):
                break
            # No bytes come back: the session drops results for lines edited meanwhile.
            results.append(("chunk", [(uid, None, summary) for uid, summary in chunk]))
            results.append(("progress", (done, total)))
    finally:
        receiver.close()
        process.join(timeout=5)
    if not cancel.is_set():
        if done < total:
            results.append(("failed", total))
        results.append(("finished", time.perf_counter() - started))


class BackgroundChecker(QObject):
    """Checks a snapshot of lines on a worker thread and hands results back in chunks.

    The worker never touches Qt (no cross-thread signals to reason about): results go
    through a deque that a GUI-thread timer drains in bounded slices. Results are keyed by
    line uid together with the raw bytes that were checked, so the GUI side can drop a
    result for a line edited meanwhile.
    """

    chunk_ready = Signal(object)  # list[tuple[uid, raw, LineSummary]]
    progress = Signal(int, int)
    finished = Signal(float)  # seconds

    CHUNK = 500
    PROCESS_MIN_LINES = 20_000
    YIELD_EVERY = 16
    YIELD_S = 0.0002
    POLL_MS = 30

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thread: threading.Thread | None = None
        self._cancel = threading.Event()
        self._results: deque[tuple[str, Any]] = deque()
        self._poll = QTimer(self)
        self._poll.setInterval(self.POLL_MS)
        self._poll.timeout.connect(self._drain)
        self._busy = False
        self._process: multiprocessing.process.BaseProcess | None = None

    def start(self, lines: Sequence[Line], model: str) -> None:
        """Check `lines` (the document's Line objects, a copy of the list) in order.

        Big files are checked in a forked process, so the pure-Python rules never compete
        with the GUI thread for the GIL; small ones on a thread (no process start-up).
        """
        self.cancel()
        self._cancel = threading.Event()
        self._results = deque()
        snapshot = list(lines)
        if len(snapshot) >= self.PROCESS_MIN_LINES and _can_fork():
            self._thread = self._start_process(snapshot, model)
        else:
            self._thread = threading.Thread(
                target=self._run,
                args=(snapshot, model, self._cancel, self._results),
                daemon=True,
                name="editor-check",
            )
        if not self._busy:
            self._busy = True
            background_work_started()
        self._thread.start()
        self._poll.start()

    @classmethod
    def _run(
        cls,
        lines: list[Line],
        model: str,
        cancel: threading.Event,
        results: deque[tuple[str, Any]],
    ) -> None:
        started = time.perf_counter()
        context = make_context(model)
        total = len(lines)
        chunk: list[tuple[int, bytes, LineSummary]] = []
        for index, line in enumerate(lines):
            if cancel.is_set():
                return
            # One read of `raw`: an edit on the GUI thread swaps the attribute atomically.
            uid, raw = line.uid, line.raw
            # Line numbers here only go into the issues' text; views renumber by position.
            chunk.append((uid, raw, summarize(raw, index + 1, context)))
            if index % cls.YIELD_EVERY == 0:
                # A real pause, not sleep(0): the tokenizer releases and re-takes the GIL on
                # every call, and without a gap the GUI thread lost that race for 200+ ms.
                time.sleep(cls.YIELD_S)
            if len(chunk) >= cls.CHUNK:
                results.append(("chunk", chunk))
                results.append(("progress", (index + 1, total)))
                chunk = []
        if chunk:
            results.append(("chunk", chunk))
        results.append(("progress", (total, total)))
        results.append(("finished", time.perf_counter() - started))

    def _start_process(self, lines: list[Line], model: str) -> threading.Thread:
        context = multiprocessing.get_context("fork")
        receiver, sender = context.Pipe(duplex=False)
        process = context.Process(
            target=_check_in_child, args=(sender, lines, model), daemon=True, name="editor-check"
        )
        process.start()
        sender.close()
        self._process = process
        return threading.Thread(
            target=_receive_from_child,
            args=(receiver, process, len(lines), self._cancel, self._results),
            daemon=True,
            name="editor-check-receiver",
        )

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
            elif kind == "failed":
                continue
            else:
                self._poll.stop()
                self._thread = None
                self._restore_switch_interval()
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
        process, self._process = self._process, None
        if process is not None and process.is_alive():
            process.kill()
        thread = self._thread
        if thread is not None and thread.is_alive():
            thread.join(timeout=5)
        self._thread = None
        self._results = deque()
        self._restore_switch_interval()

    def _restore_switch_interval(self) -> None:
        if self._busy:
            self._busy = False
            background_work_finished()

    @property
    def running(self) -> bool:
        return self._thread is not None
