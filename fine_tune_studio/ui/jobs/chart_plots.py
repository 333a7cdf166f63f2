"""The pyqtgraph half of `ui.jobs.chart.LossChart`, imported when a chart is first drawn.

Importing this module imports pyqtgraph and numpy (~0.3 s); `chart.py` imports it only
when its plots are first needed, so the app's first window comes up without them
(docs/packaging.md, "Start-up time").
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtGui import QPainter


class DirectAxis(pg.AxisItem):
    """An axis that paints its ticks directly instead of replaying a QPicture.

    With Qt 6.12 offscreen, ``QPicture.play`` of an axis costs ~6 ms, four axes blow the
    16 ms frame budget on their own. The draw specs are still cached between repaints;
    pyqtgraph invalidates them by setting ``self.picture = None`` as before.
    """

    _specs: tuple[object, ...] | None = None

    def paint(self, p: QPainter, *_args: object) -> None:
        p.save()
        try:
            if self.style["tickFont"]:
                p.setFont(self.style["tickFont"])
            if self.picture is None:  # type: ignore[has-type]
                self._specs = self.generateDrawSpecs(p)
                self.picture = True  # "specs are current"
            if self._specs is not None:
                self.drawPicture(p, *self._specs)
        finally:
            p.restore()


def axes() -> dict[str, pg.AxisItem]:
    made = {side: DirectAxis(side) for side in ("left", "bottom")}
    made["bottom"].enableAutoSIPrefix(False)  # step 20,000, not "20 (x1000)"
    return made
