"""Small widgets shared by several panels."""

from typing import TypeVar

from PySide6.QtCore import QObject

_O = TypeVar("_O", bound=QObject)


def named(widget: _O, object_name: str) -> _O:
    """Give `widget` an object name (what tests and style sheets find it by) inline."""
    widget.setObjectName(object_name)
    return widget
