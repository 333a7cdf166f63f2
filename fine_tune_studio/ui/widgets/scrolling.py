"""A stretch of a window that scrolls instead of squeezing on a short screen."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtWidgets import QBoxLayout, QFrame, QScrollArea, QVBoxLayout, QWidget


class _ColumnScroll(QScrollArea):
    """Asks for its contents' own size, so a window opens as large as without the scroll
    area (a plain QScrollArea asks for a small fixed size) and scrolls only when the
    screen cannot give that much height."""

    def sizeHint(self) -> QSize:
        body = self.widget()
        if body is None:
            return super().sizeHint()
        hint = body.sizeHint()
        return QSize(hint.width() + self.verticalScrollBar().sizeHint().width(), hint.height())

    def minimumSizeHint(self) -> QSize:
        body = self.widget()
        if body is None:
            return super().minimumSizeHint()
        width = body.minimumSizeHint().width() + self.verticalScrollBar().sizeHint().width()
        return QSize(width, super().minimumSizeHint().height())


def scrolling_column(outer: QBoxLayout) -> tuple[QScrollArea, QVBoxLayout]:
    """Add a frameless, vertically scrolling area to `outer`; lay its contents out in the
    returned column. On a 1024×700 screen a long page or dialog scrolls, where a plain
    layout squeezes its rows until wrapped explanations are cut in half."""
    body = QWidget()
    scroll = _ColumnScroll()
    scroll.setWidget(body)
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    outer.addWidget(scroll, 1)
    column = QVBoxLayout(body)
    column.setContentsMargins(0, 0, 0, 0)
    return scroll, column


def grow_to_show(window: QWidget, scroll: QScrollArea, widget: QWidget) -> None:
    """`widget` just appeared in `scroll`'s column: once the layout has placed it, make
    `window` tall enough for the whole column, as far as the screen allows (keeping it on
    the screen), and scroll to `widget`."""

    def grow_then_scroll() -> None:
        body, viewport = scroll.widget(), scroll.viewport()
        if body is not None:
            needed = body.heightForWidth(viewport.width())
            if needed < 0:  # nothing wraps: the column's own height is the answer
                needed = body.sizeHint().height()
            screen = window.screen().availableGeometry()
            wanted = min(window.height() + needed - viewport.height(), screen.height() - 40)
            if wanted > window.height():
                window.resize(window.width(), wanted)
                if window.geometry().bottom() > screen.bottom():
                    window.move(window.x(), max(screen.top(), screen.bottom() - wanted))
        scroll.ensureWidgetVisible(widget)

    QTimer.singleShot(0, grow_then_scroll)
