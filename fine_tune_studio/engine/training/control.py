"""How the engine steers a running worker: stop (cancel), pause and resume.

- Stop: SIGTERM or SIGINT (also what `engine.parent_watch` sends when the engine is gone),
  or a `stop` line on the control channel. Training ends at the next step boundary.
- Pause / resume: `pause` / `resume` lines on the control channel (the worker's stdin when
  it was started with `--control-stdin`). Pausing is cooperative: the worker finishes the
  step under way, then waits before the next one. It stays an ordinary running process, so
  its parent watch keeps working: a paused worker whose engine is killed still stops. (The
  engine used to SIGSTOP workers; a stopped process notices nothing, and lingered forever
  with its memory when the engine died.)
- End of file on the control channel means the engine that held its other end is gone:
  the worker stops as if cancelled (as quick as the parent watch, and also where that
  cannot see a dead parent, e.g. on Windows).

Flags are plain attributes, set from signal handlers and the reader thread and polled by
the training thread: a signal handler that took a lock the interrupted thread already held
(as `threading.Event.set` can, while the main thread sits in `Event.wait`) would deadlock.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import BinaryIO

PAUSE_POLL_SECONDS = 0.2


class TrainingCancelled(Exception):
    """Raised when a stop was requested; the worker turns it into its cancelled exit code."""


class TrainingControl:
    def __init__(self) -> None:
        self._stop = False
        self._paused = False

    # -- requests (any thread, or a signal handler) ----------------------------------------

    def request_stop(self) -> None:
        self._stop = True

    def pause(self) -> None:
        self._paused = True

    def resume(self) -> None:
        self._paused = False

    # -- the training thread ------------------------------------------------------------------

    @property
    def stop_requested(self) -> bool:
        return self._stop

    @property
    def paused(self) -> bool:
        return self._paused and not self._stop

    def wait_while_paused(
        self, on_pause: Callable[[], None] | None = None,
        on_resume: Callable[[], None] | None = None,
    ) -> None:
        """Return at once unless paused; else wait until resumed. Raises TrainingCancelled
        when a stop is requested (before or during the pause)."""
        if self.paused:
            if on_pause is not None:
                on_pause()
            while self.paused:
                time.sleep(PAUSE_POLL_SECONDS)
            if not self._stop and on_resume is not None:
                on_resume()
        if self._stop:
            raise TrainingCancelled()

    # -- the control channel ------------------------------------------------------------------

    def handle(self, command: str) -> None:
        action = {"pause": self.pause, "resume": self.resume, "stop": self.request_stop}.get(
            command.strip()
        )
        if action is not None:
            action()

    def read_commands(self, stream: BinaryIO) -> threading.Thread:
        """Follow commands on `stream` (one per line) in a daemon thread; at its end (the
        engine is gone), request a stop."""

        def follow() -> None:
            try:
                for raw in stream:
                    self.handle(raw.decode("utf-8", errors="replace"))
            except (OSError, ValueError):
                pass
            self.request_stop()

        thread = threading.Thread(target=follow, name="engine-commands", daemon=True)
        thread.start()
        return thread
