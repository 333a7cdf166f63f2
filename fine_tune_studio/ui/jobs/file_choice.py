"""Asking for a file or a folder without a nested event loop.

`QFileDialog.getOpenFileName` and friends run their own event loop, which under qasync
lets asyncio callbacks run inside a Qt call; the house rule is `open()` and a signal.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QWidget


def choose_path(
    parent: QWidget,
    title: str,
    chosen: Callable[[Path], None],
    *,
    name_filter: str | None = None,
    folder: bool = False,
) -> QFileDialog:
    """Open a file (or folder) dialog; `chosen(path)` runs once the user picked one."""
    dialog = QFileDialog(parent, title)
    if folder:
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
    else:
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        if name_filter:
            dialog.setNameFilter(name_filter)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.fileSelected.connect(lambda name: chosen(Path(name)) if name else None)
    dialog.open()
    return dialog
