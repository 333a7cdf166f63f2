"""Small widgets shared by several panels, and `Retranslating`, the live language switch."""

from typing import TypeVar

from PySide6.QtCore import QObject

from fine_tune_studio.ui.widgets.retranslating import Retranslating

__all__ = ["Retranslating", "named"]

_O = TypeVar("_O", bound=QObject)


def named(widget: _O, object_name: str) -> _O:
    """Give `widget` an object name (what tests and style sheets find it by) inline."""
    widget.setObjectName(object_name)
    return widget
