"""Stop a child process of ours once its parent has gone (killed, crashed).

Used by `engine serve` (started by the app) and by the training worker (started by the
engine): without it, a SIGKILLed parent leaves the child serving or training on with no
one to report to. The child asks itself to stop the way a user would (SIGTERM, or
CTRL_BREAK's SIGINT on Windows), so its own graceful-stop path runs.
"""

from __future__ import annotations

import os
import signal
import threading
import time

POLL_SECONDS = 1.0


def stop_when_parent_exits(poll_seconds: float = POLL_SECONDS) -> threading.Thread | None:
    """Start a daemon thread that signals this process once its parent changes."""
    parent = os.getppid()
    if parent <= 1:  # already orphaned, or started by init: nothing to watch
        return None

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(poll_seconds)
        os.kill(os.getpid(), getattr(signal, "SIGTERM", signal.SIGINT))

    thread = threading.Thread(target=watch, name="stop-when-parent-exits", daemon=True)
    thread.start()
    return thread
