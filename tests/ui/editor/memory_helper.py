"""A real editor process that opens a big file, waits for its check, closes it, and prints
its resident memory at each step as one JSON line: {"before", "open", "closed"} in MB.

    memory_helper.py BIG_FILE WARM_UP_FILE

"before" is taken after WARM_UP_FILE (big enough to be checked in the worker processes)
has been opened, checked and closed, so that what a first open loads once (modules, the
worker processes' pool) is not counted as the big file's.
"""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication


def resident_mb() -> float:
    import psutil

    return float(psutil.Process().memory_info().rss) / 1e6


async def open_and_check(panel: object, path: Path) -> None:
    from fine_tune_studio.ui.editor.panel import EditorPanel

    assert isinstance(panel, EditorPanel)
    assert await panel.open_path(path, ask=False)
    while panel.session.checking:
        await asyncio.sleep(0.02)
    assert panel.session.checked_count() == len(panel.document)
    await asyncio.sleep(0.5)  # the collector's ticks, repaints


async def scenario(panel: object, big: Path, warm_up: Path) -> dict[str, float]:
    from fine_tune_studio.ui.editor.panel import EditorPanel

    assert isinstance(panel, EditorPanel)
    await open_and_check(panel, warm_up)
    await panel.new_document()
    await asyncio.sleep(0.5)
    before = resident_mb()
    await open_and_check(panel, big)
    opened = resident_mb()
    await panel.new_document()  # closes the big file (nothing was edited)
    await asyncio.sleep(0.5)
    return {"before": before, "open": opened, "closed": resident_mb()}


def main() -> int:
    import qasync

    big, warm_up = Path(sys.argv[1]), Path(sys.argv[2])
    app = QApplication(sys.argv[:1])
    app.setQuitOnLastWindowClosed(False)
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    from fine_tune_studio.ui import background
    from fine_tune_studio.ui.editor.panel import EditorPanel

    panel = EditorPanel(None)
    panel.auto_offer_recovery = False
    panel.resize(1000, 700)
    panel.show()
    try:
        print(json.dumps(loop.run_until_complete(scenario(panel, big, warm_up))), flush=True)
        loop.run_until_complete(panel.shutdown())
    finally:
        background.stop_processes()
        loop.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
