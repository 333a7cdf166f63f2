"""Feed 20,000 metric points to the real loss chart in batches, as a live job would.

Each "update" is one batch of points handed to `LossChart.add_points` plus the repaint
it causes (processEvents), measured wall-clock. Runs offscreen. The last line printed is
JSON: {"points", "max_update_ms", "median_update_ms"}. Target: max update < 16 ms.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/chart_bench.py [--points N]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np
from PySide6.QtWidgets import QApplication

from fine_tune_studio.core.metrics import Metric, MetricPoint
from fine_tune_studio.ui.jobs.chart import LossChart


def synthetic_points(n: int, seed: int = 0) -> list[MetricPoint]:
    """A plausible run: noisy decaying train loss, validation every 10 steps."""
    rng = np.random.default_rng(seed)
    points = []
    for step in range(1, n + 1):
        base = 0.3 + 2.5 * np.exp(-step / (n / 6))
        values = {
            # Clipped like real numbers: a loss is never negative, an accuracy within [0, 1].
            Metric.TRAIN_LOSS: float(max(0.01, base + rng.normal(0, 0.15))),
            Metric.TRAIN_ACCURACY: float(np.clip(1 - base / 3 + rng.normal(0, 0.03), 0, 1)),
        }
        if step % 10 == 0:
            values[Metric.VALID_LOSS] = float(base + 0.1 + rng.normal(0, 0.05))
            values[Metric.VALID_ACCURACY] = float(min(1.0, 1 - base / 3))
        if step == n:
            values[Metric.FULL_VALID_LOSS] = float(base + 0.1)
        points.append(MetricPoint(step, values, total_steps=n))
    return points


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--points", type=int, default=20_000)
    parser.add_argument("--batch", type=int, default=50, help="points per live poll")
    args = parser.parse_args(argv)

    app = QApplication.instance() or QApplication(sys.argv[:1])
    chart = LossChart()
    chart.resize(1200, 700)
    chart.show()
    chart.set_job("bench", "benchmark job", n_epochs=3)
    chart.x_axis.setCurrentIndex(1)  # epoch axis: the costlier path
    app.processEvents()

    points = synthetic_points(args.points)
    timings = []
    for start in range(0, len(points), args.batch):
        batch = points[start : start + args.batch]
        t0 = time.perf_counter()
        chart.add_points("bench", batch)
        chart.repaint()
        app.processEvents()
        timings.append((time.perf_counter() - t0) * 1000.0)

    stored = chart.metrics("bench").count(Metric.TRAIN_LOSS)
    drawn = len(chart.drawn("bench", Metric.TRAIN_LOSS.value)[0])
    print(f"batches={len(timings)} stored={stored} drawn_train_loss={drawn}", file=sys.stderr)
    result = {
        "points": stored,
        "max_update_ms": round(max(timings), 2),
        "median_update_ms": round(statistics.median(timings), 2),
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
