"""What the app imports before its first window is up (docs/packaging.md, "Start-up time").

The real app starts in a child process with a fresh home and `-X importtime`, shows its
main window, waits for the event loop to run dry and quits (the start-up probe that
benchmarks/startup_bench.py times). Every module it imported on the way is listed on
stderr. Libraries that no first window needs must not be among them: they cost start-up
time and are imported when the feature that needs them is first used.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

# The openai SDK (~0.35 s): imported with the first provider client. pyqtgraph (~0.2 s)
# and numpy (~0.1 s): imported when a chart is first shown, or by a worker thread after
# the window is idle (ui/chart_warm_up.py; the probe quits before that).
NOT_NEEDED_AT_START = ("openai", "pyqtgraph", "numpy")


@pytest.mark.slow
def test_the_first_window_does_not_import_the_openai_sdk_nor_the_chart_libraries(
    tmp_path: Path,
) -> None:
    env = {
        **os.environ,
        "FINE_TUNE_STUDIO_HOME": str(tmp_path / "home"),
        "FINE_TUNE_STUDIO_EXIT_WHEN_SHOWN": "1",
        "QT_QPA_PLATFORM": "offscreen",
    }
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "fine_tune_studio.cli"],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=180, check=False,
    )
    assert '"main_window_idle"' in result.stdout, result.stdout + result.stderr[-3000:]
    imported = {line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines()
                if line.startswith("import time:")}
    assert "fine_tune_studio.ui.main_window" in imported  # the listing is real
    loaded = sorted(name for name in imported
                    if name.split(".")[0] in NOT_NEEDED_AT_START)
    assert loaded == []
    assert "pyqtgraph" not in imported and "numpy" not in imported


# A fresh interpreter: the app's QApplication, the chart libraries imported by the warm-up
# thread, then both charts made and drawn on the GUI thread. Qt reports a QObject made in
# the wrong thread (or given a parent there) on stderr; there must be no such message.
_WARM_UP_THEN_DRAW = """
import sys
from PySide6.QtWidgets import QApplication
app = QApplication([])
assert "pyqtgraph" not in sys.modules and "numpy" not in sys.modules
from fine_tune_studio.ui import chart_warm_up
chart_warm_up.start().join(timeout=120)
assert "pyqtgraph" in sys.modules and "numpy" in sys.modules
from fine_tune_studio.core.eval_stats import PairTally
from fine_tune_studio.core.metrics import Metric, MetricPoint
from fine_tune_studio.ui.evaluation.report_view import WinRateChart
from fine_tune_studio.ui.jobs.chart import LossChart
loss = LossChart()
loss.set_job("a", "A")
loss.add_points("a", [MetricPoint(s, {Metric.TRAIN_LOSS: 1.0 / s}, total_steps=9)
                      for s in range(1, 10)])
loss.show()
wins = WinRateChart()
wins.show_tallies([PairTally("a", "b", wins=1)])
wins.show()
app.processEvents()
assert loss.plots_built and wins.plot_built
print("drawn")
"""


def test_the_chart_libraries_warm_up_in_a_thread_and_the_charts_then_draw(
    tmp_path: Path,
) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(REPO)}
    result = subprocess.run(
        [sys.executable, "-c", _WARM_UP_THEN_DRAW],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=180, check=False,
    )
    assert result.returncode == 0 and "drawn" in result.stdout, result.stderr[-3000:]
    assert "thread" not in result.stderr.lower(), result.stderr[-3000:]
