"""Run the editor alone: `python -m fine_tune_studio.ui.editor.standalone [FILE] [--lang zh_TW]`.

Used by the crash-recovery test, the benchmark and for looking at screens; the app itself
shows the panel inside its main window.
"""

from __future__ import annotations

import argparse
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
    app = QApplication([sys.argv[0], *qt_args])
    install_editor_translation(app, args.lang)
    from fine_tune_studio.ui.editor.panel import EditorPanel

    panel = EditorPanel(None)
    panel.resize(1200, 800)
    if args.file:
        panel.open_path(Path(args.file), ask=False)
    panel.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
