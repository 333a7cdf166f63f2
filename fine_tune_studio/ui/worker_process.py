"""What every worker process of the GUI's pool (`ui.background`) runs first.

Imports no Qt: a worker imports only what its work needs, so it starts in a fraction of
a second.
"""

from __future__ import annotations

import multiprocessing
import os
import threading


def started() -> None:
    """Initializer of each worker: leave with the app, and load the tokenizer up front."""
    threading.Thread(target=_leave_with_parent, name="leave-with-parent", daemon=True).start()
    from fine_tune_studio.core import tokens

    tokens.warm_up()


def _leave_with_parent() -> None:
    # A pool worker waits for work on a pipe whose writing end it holds itself, so it never
    # sees the app go: after `kill -9` of the app it would wait forever. Only the parent
    # holds the other end of this sentinel, so it becomes readable exactly when the parent
    # is gone, however it ended.
    parent = multiprocessing.parent_process()
    if parent is not None:
        parent.join()
    os._exit(0)


def ready() -> int:
    """A no-op job, submitted to start the workers ahead of need."""
    return os.getpid()
