"""Recovery files: the unsaved state of an open dataset, written within 2 s of every edit.

After a crash (or kill -9) the next start finds the recovery file of a process that is no
longer running and offers to restore it. The snapshot of line references is taken on the
GUI thread (cheap); joining and writing the bytes happens on a worker thread.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from fine_tune_studio.core.document import UTF8_BOM, DatasetDocument, atomic_write_bytes
from fine_tune_studio.ui.locations import app_dirs

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

    def load(self) -> DatasetDocument:
        document = DatasetDocument.from_bytes(self.data_path.read_bytes(), path=self.original)
        return document

    def discard(self) -> None:
        self.data_path.unlink(missing_ok=True)
        self.meta_path.unlink(missing_ok=True)


def pending_recoveries(directory: Path | None = None) -> list[Recovery]:
    """Recovery files left by editors that are no longer running, newest first."""
    folder = directory or default_recovery_dir()
    found: list[Recovery] = []
    if not folder.is_dir():
        return found
    for meta_path in folder.glob("*.json"):
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        pid = int(meta.get("pid", 0))
        data_path = meta_path.with_suffix(".jsonl")
        if pid == os.getpid() or _pid_alive(pid) or not data_path.is_file():
            continue
        original = meta.get("original")
        found.append(
            Recovery(
                data_path=data_path,
                meta_path=meta_path,
                original=Path(original) if original else None,
                saved_at=float(meta.get("saved_at", 0.0)),
                pid=pid,
                examples=int(meta.get("examples", 0)),
            )
        )
    found.sort(key=lambda r: r.saved_at, reverse=True)
    return found


class Autosaver(QObject):
    """Writes the session's document to a recovery file shortly after each edit."""

    written = Signal(float)  # time.time() of the snapshot

    def __init__(self, directory: Path | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.directory = directory or default_recovery_dir()
        self._document: DatasetDocument | None = None
        self._key = ""
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(AUTOSAVE_DELAY_MS)
        self._timer.timeout.connect(self.write_now)
        self._lock = threading.Lock()
        self._worker: threading.Thread | None = None
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

    def write_now(self) -> None:
        document = self._document
        if document is None or not self._key:
            return
        # References only: lines are immutable bytes objects, so later edits cannot change
        # what this snapshot holds.
        parts = [(line.raw, line.ending) for line in document]
        bom = document.bom
        meta = {
            "original": str(document.path) if document.path else None,
            "saved_at": time.time(),
            "pid": os.getpid(),
            "examples": len(parts),
        }
        data_path, meta_path = self.data_path, self.meta_path

        def write() -> None:
            chunks = [UTF8_BOM] if bom else []
            for raw, ending in parts:
                chunks.append(raw)
                chunks.append(ending)
            with self._lock:
                data_path.parent.mkdir(parents=True, exist_ok=True)
                atomic_write_bytes(data_path, b"".join(chunks))
                atomic_write_bytes(meta_path, json.dumps(meta).encode("utf-8"))

        self.wait()
        self._worker = threading.Thread(target=write, name="editor-autosave", daemon=True)
        self._worker.start()
        self.last_written = float(meta["saved_at"])  # type: ignore[arg-type]
        self.written.emit(self.last_written)

    def wait(self) -> None:
        worker = self._worker
        if worker is not None:
            worker.join()
            self._worker = None

    def discard(self) -> None:
        """The document was saved or closed on purpose: nothing to recover."""
        self._timer.stop()
        self.wait()
        if self._key:
            with self._lock:
                with contextlib.suppress(OSError):
                    self.data_path.unlink(missing_ok=True)
                with contextlib.suppress(OSError):
                    self.meta_path.unlink(missing_ok=True)

    @property
    def pending(self) -> bool:
        return self._timer.isActive()
