"""Typing as a user does: keys for ASCII, an input-method commit for each Chinese character.

QTest.keyClicks aborts on characters outside ASCII (Qt's qasciikey.cpp asserts), and a
Chinese user's text arrives through an input method anyway.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication


def type_text(qtbot: Any, widget: Any, text: str) -> None:
    widget.setFocus()
    run = ""
    for char in text:
        if char.isascii():
            run += char
            continue
        if run:
            qtbot.keyClicks(widget, run)
            run = ""
        event = QInputMethodEvent()
        event.setCommitString(char)
        QApplication.sendEvent(widget, event)
    if run:
        qtbot.keyClicks(widget, run)
