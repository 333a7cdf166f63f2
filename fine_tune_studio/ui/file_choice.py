"""Asking for a file or a folder without a nested event loop.

`QFileDialog.getOpenFileName` and friends run their own event loop, which under qasync
lets asyncio callbacks run inside a Qt call; the house rule is `open()` and a signal.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QWidget


def start_folder(*near: Path | None) -> str:
    """Where a file dialog opens: the folder of the first of `near` that exists (a file's
    or the folder itself), else the home folder. Never the working directory, which for an
    app started from a menu or a script is nothing the user chose."""
    for path in near:
        if path is None:
            continue
        folder = path if path.is_dir() else path.parent
        if folder.is_dir():
            return str(folder)
    return str(Path.home())


def choose_path(
    parent: QWidget,
    title: str,
    chosen: Callable[[Path], None],
    *,
    name_filter: str | None = None,
    folder: bool = False,
    near: Path | None = None,
) -> QFileDialog:
    """Open a file (or folder) dialog, in `near`'s folder or the home folder;
    `chosen(path)` runs once the user picked one."""
    dialog = QFileDialog(parent, title, start_folder(near))
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
