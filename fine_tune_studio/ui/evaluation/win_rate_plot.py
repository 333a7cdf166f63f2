"""The pyqtgraph plot behind `report_view.WinRateChart`, imported when it is first shown.

Importing this module imports pyqtgraph and numpy (~0.3 s); the Evaluate panel is built
at start, its chart's plot only when someone looks at it (docs/packaging.md, "Start-up
time").
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from fine_tune_studio.core.eval_stats import PairTally


class WinRatePlot(pg.PlotWidget):
    """Bars of win rate per pair, whiskers for the Wilson interval, a dashed 50 % line."""

    def __init__(self, parent: QWidget | None = None) -> None:
        pg.setConfigOptions(antialias=True, background="w", foreground="#222")
        super().__init__(parent)
        self.setMenuEnabled(False)
        self.setMouseEnabled(x=False, y=False)
        self.hideButtons()
        self.setYRange(0, 1.05, padding=0)
        self.getAxis("left").setTicks([[(v / 4, f"{v * 25}%") for v in range(5)]])
        half = pg.mkPen("#000", style=Qt.PenStyle.DashLine)
        self.addItem(pg.InfiniteLine(0.5, angle=0, pen=half))
        self.bars: pg.BarGraphItem | None = None
        self.whiskers: pg.ErrorBarItem | None = None

    def show_tallies(self, tallies: list[PairTally]) -> None:
        for item in (self.bars, self.whiskers):
            if item is not None:
                self.removeItem(item)
        self.bars = self.whiskers = None
        if not tallies:
            self.getAxis("bottom").setTicks([[]])
            return
        xs = list(range(len(tallies)))
        rates = [t.win_rate for t in tallies]
        self.bars = pg.BarGraphItem(x=xs, height=rates, width=0.5, brush="#9ecae1",
                                    pen=pg.mkPen("#08519c"))
        self.whiskers = pg.ErrorBarItem(
            x=np.array(xs, dtype=float), y=np.array(rates),
            top=np.array([t.interval[1] - t.win_rate for t in tallies]),
            bottom=np.array([t.win_rate - t.interval[0] for t in tallies]),
            beam=0.15, pen=pg.mkPen("#000", width=2),
        )
        self.addItem(self.bars)
        self.addItem(self.whiskers)
        self.getAxis("bottom").setTicks(
            [[(x, f"{t.first} : {t.second}") for x, t in zip(xs, tallies, strict=True)]]
        )
        self.setXRange(-0.6, len(tallies) - 0.4, padding=0)
