"""Import the charts' libraries in the background once the first window is up.

pyqtgraph and numpy (~0.3 s, more on a loaded machine) are not imported at start (see
docs/packaging.md, "Start-up time"): the loss and win-rate charts import them when they are
first shown. So that the first look at a chart does not pay for it, a worker thread
imports them shortly after the main window is idle.

Importing pyqtgraph off the GUI thread is safe: at import it defines classes and builds
value types (``QPainterPath``, ``QTransform``, ``QRectF`` in ``ScatterPlotItem``), and
makes no QObject (no QApplication, timer or widget; ``mkQApp`` and the palette hooks run
only when called, on the GUI thread). The chart classes themselves, subclasses of Qt
widgets, are defined on the GUI thread when first needed. Python's import lock makes a
chart that is shown while the thread is still importing wait for it, never import twice.
"""

from __future__ import annotations

import logging
import threading

log = logging.getLogger(__name__)

# After the window is idle: the start-up work (reopening the last file) goes first.
DELAY_MS = 1000


def _import_chart_libraries() -> None:
    try:
        import pyqtgraph  # noqa: F401

        from fine_tune_studio.core.metrics import warm_up

        warm_up()
    except Exception:  # the chart's own import on the GUI thread reports it properly
        log.warning("warming up the chart libraries failed", exc_info=True)


def start() -> threading.Thread:
    """Start importing pyqtgraph and numpy in a daemon thread (it ends with the app)."""
    thread = threading.Thread(target=_import_chart_libraries, name="chart-warm-up",
                              daemon=True)
    thread.start()
    return thread
