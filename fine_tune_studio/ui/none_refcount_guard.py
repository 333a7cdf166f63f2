"""Work around a PySide6 6.12 reference-count bug that crashes the app on Python 3.11.

Measured here (PySide6-Essentials 6.12.0, shiboken6 6.12.0, CPython 3.11.7): every call of
a C++ method returning void (``QLabel.setText``, ``QPainter.drawLine`` ...) *decrements*
``None``'s reference count once without having incremented it. On Python 3.12+ None is
immortal so nothing happens; on 3.11 the count (about 5,000 after start-up) reaches zero
after a few thousand calls and CPython aborts with "Fatal Python error: none_dealloc".
A live chart makes thousands of such calls per repaint. ``Signal.emit`` does the same to
the bool it returns (True/False), so those get the same treatment.

The guard gives None a huge reference count once, which is what 3.12 does by design. It
is applied when the ui package is first imported, so the app, every panel and every UI
test get it before any widget exists.
"""

from __future__ import annotations

import ctypes
import sys

_HEADROOM = 1 << 40  # a trillion void calls; counts are Py_ssize_t, so no overflow


# Interpreter-lifetime singletons, statically allocated in 3.11 and immortal from 3.12 on.
_SINGLETONS: tuple[object, ...] = (None, True, False, Ellipsis, NotImplemented)


def guard_none_refcount() -> bool:
    """Make the singletons effectively immortal on CPython < 3.12; True if it acted."""
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False
    acted = False
    for singleton in _SINGLETONS:
        # ob_refcnt is PyObject's first field in a release build.
        refcount = ctypes.c_ssize_t.from_address(id(singleton))
        if refcount.value < _HEADROOM:
            refcount.value += _HEADROOM
            acted = True
    return acted
