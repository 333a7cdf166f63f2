"""A real editor process for the crash tests, killed with SIGKILL by the test.

    crash_helper.py type FILE [--slow-disk]
        opens FILE and every 250 ms types "[k]" into the first example's question (through
        the bubble's text box, as a user would), printing `EDIT k <unix time>`;
    crash_helper.py restore [--slow-disk]
        offers the recovery an earlier (killed) editor left, presses Restore and prints
        `RESTORED` as soon as the restored examples are on screen.

It also prints `READY` once FILE is shown, `CHECKING` while the whole-file check runs in
the worker processes, `WRITING` when a recovery write starts and `WRITTEN <snapshot time>`
once one is on disk. `--slow-disk` makes every fsync take half a second (a slow USB stick),
so that a kill lands in the middle of a write.
"""

from __future__ import annotations

import asyncio
import os
import sys
import threading
import time
from pathlib import Path

from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication, QMessageBox

_stdout = threading.Lock()


def say(text: str) -> None:
    # One write per line: recovery writes report from a worker thread.
    with _stdout:
        sys.stdout.write(text + "\n")
        sys.stdout.flush()


def slow_disk() -> None:
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        time.sleep(0.5)
        real_fsync(fd)

    os.fsync = fsync


def announce_writes() -> None:
    from fine_tune_studio.ui.editor import autosave

    real_write = autosave._write_recovery

    def write(*args: object, **kwargs: object) -> None:
        say("WRITING")
        real_write(*args, **kwargs)  # type: ignore[arg-type]

    autosave._write_recovery = write  # type: ignore[assignment]


async def type_forever(panel: object, path: Path) -> None:
    from fine_tune_studio.ui.editor.panel import EditorPanel

    assert isinstance(panel, EditorPanel)
    assert await panel.open_path(path, ask=False)
    panel.select_line(0)
    say("READY")
    checker = panel.session._checker
    if checker.wants_processes(len(panel.document)):
        while not (panel.session.checking and checker.used_processes):
            await asyncio.sleep(0.01)
        say("CHECKING")
    count = 0
    while True:
        await asyncio.sleep(0.25)
        count += 1
        edit = panel.form.bubbles[1].content_edit
        cursor = edit.textCursor()
        cursor.movePosition(QTextCursor.MoveOperation.End)
        edit.setTextCursor(cursor)
        edit.insertPlainText(f"[{count}]")
        say(f"EDIT {count} {time.time():.3f}")


async def restore(panel: object) -> None:
    from fine_tune_studio.ui.editor.panel import EditorPanel

    assert isinstance(panel, EditorPanel)
    box = await panel.offer_recovery()
    assert isinstance(box, QMessageBox)
    next(b for b in box.buttons() if b.text() == "Restore").click()
    while not panel.is_modified():
        await asyncio.sleep(0.001)
    say("RESTORED")
    await asyncio.sleep(3600)


def main() -> int:
    import qasync

    mode, rest = sys.argv[1], sys.argv[2:]
    if "--slow-disk" in rest:
        slow_disk()
    app = QApplication(sys.argv[:1])
    app.setQuitOnLastWindowClosed(False)
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    from fine_tune_studio.ui.editor.panel import EditorPanel

    announce_writes()
    panel = EditorPanel(None)
    panel.auto_offer_recovery = False
    panel.autosaver.written.connect(lambda saved_at: say(f"WRITTEN {saved_at:.3f}"))
    panel.resize(900, 600)
    panel.show()
    if mode == "type":
        loop.run_until_complete(type_forever(panel, Path(rest[0])))
    else:
        loop.run_until_complete(restore(panel))
    return 0


if __name__ == "__main__":
    sys.exit(main())
