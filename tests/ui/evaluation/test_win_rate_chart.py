"""The win-rate chart keeps the tallies it is given and draws them when first shown."""

from __future__ import annotations

from typing import Any

import pytest

from fine_tune_studio.core.eval_stats import PairTally
from fine_tune_studio.ui.evaluation.report_view import WinRateChart


def test_tallies_given_before_the_first_show_are_drawn_then(qtbot: Any) -> None:
    chart = WinRateChart()
    qtbot.addWidget(chart)
    tallies = [PairTally("base", "tuned", wins=2, ties=2, losses=6),
               PairTally("base", "other", wins=5)]
    chart.show_tallies(tallies)
    assert not chart.plot_built  # pyqtgraph's plot is made when someone looks
    assert chart.tallies == tallies
    chart.show()
    assert chart.plot_built
    bars = chart.plot.bars
    assert bars is not None
    assert list(bars.opts["height"]) == pytest.approx([0.3, 1.0])
    chart.show_tallies([])  # cleared: no bars, no whiskers
    assert chart.plot.bars is None and chart.plot.whiskers is None
