"""The app's one rule for Python's garbage collector (docs/architecture.md, "Memory").

1. The cycle collector runs only on the GUI thread. Left automatic, it runs in whichever
   thread happens to allocate (the checker's, the keyring probe's, `asyncio.to_thread`
   workers). A QObject freed there cannot stop its Qt timers from that thread; the next
   tick reached freed memory and the app segfaulted (seen in the test suite, gdb:
   QTimerInfoList::activateTimers -> notify_helper). So automatic collection is off and a
   Qt timer on the GUI thread collects by the usual generation thresholds.
2. While background work runs (`deferring_full_collections`, entered by
   `ui.background.background_work`), only the youngest generation is collected, on a
   faster tick so each collection walks a few thousand objects: a file's 100,000 lines and
   their check results arrive then, and one older collection over them paused every thread
   for 50-80 ms.
3. A big object graph that lives as long as its file is open (a document with its check
   results) is frozen out of later collections once complete (`freeze_long_lived`):
   otherwise every full collection walks it again (~80 ms with 100k examples).
4. When a document is closed, `release_long_lived()` unfreezes everything, collects once
   and hands the freed heap back to the operating system, so closing a big file gives its
   memory back (measured: 60% of a 100k file's memory instead of 30%). Garbage that 3 froze
   along with the document is freed here too. It happens in the next event-loop turn, after
   the new document is painted: the collection walks everything (~45 ms with a 100k file
   just read) and should not delay its first rows.

`install()` applies the rule: the app does at start, the standalone editor too, and the
editor panel makes sure of it (it is idempotent and belongs to the GUI thread).
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import functools
import gc
import sys
import threading
from collections.abc import Callable, Iterator

from PySide6.QtCore import QCoreApplication, QObject, QTimer

IDLE_INTERVAL_MS = 500
BUSY_INTERVAL_MS = 50
RELEASE_DELAY_MS = 0


class GuiThreadCollector(QObject):
    """Collects on a timer of the GUI thread; see the module's rule."""

    def __init__(self) -> None:
        super().__init__()
        self.thread_id = threading.get_ident()
        self.thresholds = gc.get_threshold()
        self._deferring = 0
        self.timer = QTimer(self)
        self.timer.setInterval(IDLE_INTERVAL_MS)
        self.timer.timeout.connect(self.collect_due)
        self._release = QTimer(self)
        self._release.setSingleShot(True)
        self._release.setInterval(RELEASE_DELAY_MS)
        self._release.timeout.connect(self.release_now)
        gc.disable()
        self.timer.start()

    def collect_due(self) -> None:
        young, middle, old = gc.get_count()
        if young <= self.thresholds[0]:
            return
        if self._deferring or middle <= self.thresholds[1]:
            gc.collect(0)
        elif old <= self.thresholds[2]:
            gc.collect(1)
        else:
            gc.collect(2)

    @contextlib.contextmanager
    def deferring_full_collections(self) -> Iterator[None]:
        self._on_gui_thread()
        self._deferring += 1
        if self._deferring == 1:
            self.timer.setInterval(BUSY_INTERVAL_MS)
        try:
            yield
        finally:
            self._deferring -= 1
            if not self._deferring:
                self.timer.setInterval(IDLE_INTERVAL_MS)

    def _on_gui_thread(self) -> None:
        if threading.get_ident() != self.thread_id:
            raise RuntimeError("garbage is collected on the GUI thread only")

    def freeze_long_lived(self) -> None:
        self._on_gui_thread()
        gc.freeze()

    def release_long_lived(self) -> None:
        self._on_gui_thread()
        if not self._release.isActive():
            self._release.start()

    def release_now(self) -> None:
        self._on_gui_thread()
        self._release.stop()
        gc.unfreeze()
        gc.collect()
        give_freed_memory_back()

    def uninstall(self) -> None:
        self.timer.stop()
        self._release.stop()
        gc.unfreeze()
        gc.enable()


_collector: GuiThreadCollector | None = None


def install() -> GuiThreadCollector:
    """Apply the rule (once per process; later calls return the same collector)."""
    global _collector
    if _collector is None:
        if QCoreApplication.instance() is None:
            raise RuntimeError("the garbage-collection rule needs a QApplication")
        if threading.current_thread() is not threading.main_thread():
            raise RuntimeError("the garbage-collection rule belongs to the GUI thread")
        _collector = GuiThreadCollector()
    return _collector


def uninstall() -> None:
    global _collector
    if _collector is not None:
        _collector.uninstall()
        _collector = None


def installed() -> GuiThreadCollector | None:
    return _collector


@contextlib.contextmanager
def deferring_full_collections() -> Iterator[None]:
    """While background work runs: young generations only (rule 2)."""
    if _collector is None:
        yield
        return
    with _collector.deferring_full_collections():
        yield


def freeze_long_lived() -> None:
    """A big, long-lived object graph (a checked document) is complete (rule 3)."""
    if _collector is not None:
        _collector.freeze_long_lived()


def release_long_lived(*, at_once: bool = False) -> None:
    """A document was closed: collect what it held and give the memory back (rule 4)."""
    if _collector is None:
        return
    if at_once:
        _collector.release_now()
    else:
        _collector.release_long_lived()


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    if not sys.platform.startswith("linux"):
        return None  # other allocators return large free blocks on their own
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim  # type: ignore[no-any-return]
    except (OSError, AttributeError):  # not glibc
        return None


def give_freed_memory_back() -> None:
    """Return free heap pages to the OS: glibc keeps them otherwise (~80 MB after a big file
    was closed, measured here)."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)
