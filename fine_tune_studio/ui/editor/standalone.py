"""Run the editor alone: `python -m fine_tune_studio.ui.editor.standalone [FILE] [--lang zh_TW]`.

Used for looking at screens and trying the editor without the rest of the app; the app
itself shows the panel inside its main window. Like the app, it runs a qasync event loop
and the app's garbage-collection rule, and waits for the panel's shutdown (recovery files
written or removed, checker stopped) before it ends.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from PySide6.QtCore import QTranslator
from PySide6.QtWidgets import QApplication

from fine_tune_studio.paths import resources_dir


def install_editor_translation(app: QApplication, lang: str) -> QTranslator | None:
    if lang != "zh_TW":
        return None
    translator = QTranslator(app)
    if translator.load(str(resources_dir() / "translations" / "editor_zh_TW.qm")):
        app.installTranslator(translator)
        return translator
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("file", nargs="?")
    parser.add_argument("--lang", default="en")
    args, qt_args = parser.parse_known_args(argv)
    import qasync

    app = QApplication([sys.argv[0], *qt_args])
    # The panel's close starts its shutdown; Qt must not end the loop underneath it.
    app.setQuitOnLastWindowClosed(False)
    install_editor_translation(app, args.lang)
    from fine_tune_studio.ui import background, memory
    from fine_tune_studio.ui.editor.context import StandaloneEditorContext
    from fine_tune_studio.ui.editor.panel import EditorPanel

    memory.install()
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    panel = EditorPanel(StandaloneEditorContext())
    panel.resize(1200, 800)
    closed = asyncio.Event()
    panel.closed.connect(closed.set)
    if args.file:
        panel.start(panel.open_path(Path(args.file), ask=False))
    panel.show()
    try:
        loop.run_until_complete(closed.wait())
        loop.run_until_complete(panel.shutdown())
    finally:
        background.stop_processes()
        loop.close()
        asyncio.set_event_loop(None)
    return 0


if __name__ == "__main__":
    sys.exit(main())
