"""A real editor process for the crash-recovery test: it opens FILE and keeps typing.

Every 250 ms it types "[k]" into the first example's question (through the bubble's text
box, as a user would) and prints `EDIT k <unix time>`; the test kills it with SIGKILL.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication


def main() -> int:
    app = QApplication(sys.argv[:1])
    from fine_tune_studio.ui.editor import EditorPanel

    panel = EditorPanel(None)
    panel.auto_offer_recovery = False
    panel.resize(900, 600)
    panel.show()
    assert panel.open_path(Path(sys.argv[1]), ask=False)
    panel.select_line(0)
    count = 0

    def type_once() -> None:
        nonlocal count
        count += 1
        edit = panel.form.bubbles[1].content_edit
        cursor = edit.textCursor()
        cursor.movePosition(QTextCursor.MoveOperation.End)
        edit.setTextCursor(cursor)
        edit.insertPlainText(f"[{count}]")
        print(f"EDIT {count} {time.time():.3f}", flush=True)

    timer = QTimer()
    timer.timeout.connect(type_once)
    timer.start(250)
    print("READY", flush=True)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
