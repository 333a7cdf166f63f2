"""Recovery files: the unsaved state of an open dataset, written within 2 s of every edit.

After a crash (or kill -9) the next start finds the recovery file of a process that is no
longer running and offers to restore it. The snapshot of line references is taken on the
GUI thread (cheap); joining and writing the bytes happens on a worker thread
(`ui.background.run_in_thread`). Writes and deletions run one after another, in the order
they were asked for, so a deletion never races a write of the same file.

A restored recovery stays on disk until the new one that replaces it is durable (written,
fsynced, renamed); the new one names the old one (`replaces`), so if the app dies between
the two, the next start offers only the newer.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import logging
import os
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import QObject, QTimer, Signal

from fine_tune_studio.core.document import DatasetDocument, atomic_write_bytes
from fine_tune_studio.ui.async_tools import TaskTracker
from fine_tune_studio.ui.background import run_in_thread
from fine_tune_studio.ui.editor.loading import LineParts, document_bytes, line_parts
from fine_tune_studio.ui.locations import app_dirs

log = logging.getLogger(__name__)
T = TypeVar("T")

AUTOSAVE_DELAY_MS = 1000


def default_recovery_dir() -> Path:
    return app_dirs().data / "recovery"


def _pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@dataclass(frozen=True)
class Recovery:
    data_path: Path
    meta_path: Path
    original: Path | None
    saved_at: float
    pid: int
    examples: int

    @property
    def key(self) -> str:
        return self.data_path.stem

    def load(self) -> DatasetDocument:
        document = DatasetDocument.from_bytes(self.data_path.read_bytes(), path=self.original)
        return document

    def discard(self) -> None:
        self.data_path.unlink(missing_ok=True)
        self.meta_path.unlink(missing_ok=True)


def pending_recoveries(directory: Path | None = None) -> list[Recovery]:
    """Recovery files left by editors that are no longer running, newest first.

    One that a later recovery replaces (it was restored, then the app died again before
    deleting it) is not offered, and is deleted if its writer is gone.
    """
    folder = directory or default_recovery_dir()
    if not folder.is_dir():
        return []
    metas: list[tuple[Path, dict[str, Any]]] = []
    for meta_path in folder.glob("*.json"):
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(meta, dict) and meta_path.with_suffix(".jsonl").is_file():
            metas.append((meta_path, meta))
    replaced = {str(meta.get("replaces")) for _, meta in metas if meta.get("replaces")}
    found: list[Recovery] = []
    for meta_path, meta in metas:
        pid = int(meta.get("pid", 0))
        if pid == os.getpid() or _pid_alive(pid):
            continue
        original = meta.get("original")
        recovery = Recovery(
            data_path=meta_path.with_suffix(".jsonl"),
            meta_path=meta_path,
            original=Path(original) if original else None,
            saved_at=float(meta.get("saved_at", 0.0)),
            pid=pid,
            examples=int(meta.get("examples", 0)),
        )
        if recovery.key in replaced:
            with contextlib.suppress(OSError):
                recovery.discard()
            continue
        found.append(recovery)
    found.sort(key=lambda r: r.saved_at, reverse=True)
    return found


def _write_recovery(
    data_path: Path, meta_path: Path, parts: LineParts, bom: bool, meta: bytes
) -> None:
    data_path.parent.mkdir(parents=True, exist_ok=True)
    # Data first: a recovery is only offered once its description exists too.
    atomic_write_bytes(data_path, document_bytes(parts, bom))
    atomic_write_bytes(meta_path, meta)


def _delete_recovery(data_path: Path, meta_path: Path) -> None:
    # Description first, so a half-deleted recovery is never offered.
    for path in (meta_path, data_path):
        with contextlib.suppress(OSError):
            path.unlink(missing_ok=True)


class Autosaver(QObject):
    """Writes the session's document to a recovery file shortly after each edit."""

    written = Signal(float)  # time.time() of the snapshot, once it is on disk
    failed = Signal(str)  # why a recovery file could not be written

    def __init__(self, directory: Path | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.directory = directory or default_recovery_dir()
        self._document: DatasetDocument | None = None
        self._key = ""
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(AUTOSAVE_DELAY_MS)
        self._timer.timeout.connect(self.write_now)
        self.tasks = TaskTracker()
        self._last: asyncio.Task[Any] | None = None
        self.last_written: float | None = None

    def track(self, document: DatasetDocument) -> None:
        """Follow a newly opened document (its old recovery file, if any, is dropped)."""
        self.discard()
        self._document = document
        seed = str(document.path) if document.path else f"untitled-{os.getpid()}-{time.time()}"
        self._key = hashlib.sha1(f"{seed}|{os.getpid()}".encode()).hexdigest()[:16]

    @property
    def data_path(self) -> Path:
        return self.directory / f"{self._key}.jsonl"

    @property
    def meta_path(self) -> Path:
        return self.directory / f"{self._key}.json"

    def schedule(self) -> None:
        # Not restarted by later edits: the first edit after a write fixes the deadline.
        if not self._timer.isActive():
            self._timer.start()

    def write_now(self, *, replaces: Recovery | None = None) -> asyncio.Task[bool] | None:
        """Snapshot now and write it; the task says True once the recovery is durable."""
        self._timer.stop()
        document = self._document
        if document is None or not self._key:
            return None
        parts = line_parts(document)
        saved_at = time.time()
        meta: dict[str, Any] = {
            "original": str(document.path) if document.path else None,
            "saved_at": saved_at,
            "pid": os.getpid(),
            "examples": len(parts),
        }
        if replaces is not None:
            meta["replaces"] = replaces.key
        data_path, meta_path, bom = self.data_path, self.meta_path, document.bom

        async def write() -> bool:
            try:
                await run_in_thread(
                    _write_recovery, data_path, meta_path, parts, bom, json.dumps(meta).encode()
                )
            except OSError as error:
                # Not a dialog a second while the disk is full: the panel says it once.
                log.warning("recovery file not written: %s", error)
                self.failed.emit(str(error))
                return False
            self.last_written = saved_at
            self.written.emit(saved_at)
            return True

        return self._then(write)

    def discard(self) -> None:
        """The document was saved or closed on purpose: nothing to recover."""
        self._timer.stop()
        if self._key:
            data_path, meta_path = self.data_path, self.meta_path
            self._then(lambda: run_in_thread(_delete_recovery, data_path, meta_path))

    def _then(self, step: Callable[[], Awaitable[T]]) -> asyncio.Task[T]:
        previous = self._last

        async def run() -> T:
            if previous is not None:
                # Its failure was reported already; what matters here is the order.
                with contextlib.suppress(Exception):
                    await asyncio.shield(previous)
            return await step()

        task = self.tasks.start(run(), name="editor-recovery")
        self._last = task
        return task

    async def flush(self) -> None:
        """Wait until every write and deletion asked for so far has happened."""
        last = self._last
        if last is not None:
            with contextlib.suppress(Exception):
                await asyncio.shield(last)

    @property
    def pending(self) -> bool:
        return self._timer.isActive()
