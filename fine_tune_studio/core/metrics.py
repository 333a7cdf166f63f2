"""Training metrics of a fine-tuning job as plottable series (Qt-free).

Two sources feed the same series: the job's live ``metrics`` events (OpenAI's shape:
``{"step": 12, "train_loss": 1.3, "train_mean_token_accuracy": 0.6, ...}``) and the
result file a finished job leaves behind (CSV ``step,train_loss,train_accuracy,
valid_loss,valid_mean_token_accuracy``). Preference (DPO) jobs' events also carry
``train_reward_accuracy`` and ``train_reward_margin``. Both land here so a chart never cares where a
point came from, and a point seen twice (event then CSV) is stored once.

All data is kept; ``decimate_min_max`` only chooses what to *draw*.

numpy is imported by the functions that use it, not with this module: the app imports
``Metric`` and ``MetricPoint`` at start, and numpy (~0.1 s) is not needed until a chart
holds data (docs/packaging.md, "Start-up time").
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

    FloatArray = NDArray[np.float64]


# The keys of a metrics event's ``data`` besides the metrics themselves.
STEP = "step"
TOTAL_STEPS = "total_steps"
EPOCH = "epoch"  # the worker reports it; it does not travel in job events
# Non-padding tokens processed so far (the worker reports it for benchmarks; like EPOCH,
# it does not travel in job events).
TRAINED_TOKENS = "trained_tokens"


class Metric(StrEnum):
    """The series a job reports: loss and token accuracy (OpenAI's names), and for
    preference (DPO) jobs how often the preferred reply scores above the other (reward
    accuracy) and by how much (reward margin)."""

    TRAIN_LOSS = "train_loss"
    VALID_LOSS = "valid_loss"
    FULL_VALID_LOSS = "full_valid_loss"
    TRAIN_ACCURACY = "train_mean_token_accuracy"
    VALID_ACCURACY = "valid_mean_token_accuracy"
    FULL_VALID_ACCURACY = "full_valid_mean_token_accuracy"
    TRAIN_REWARD_ACCURACY = "train_reward_accuracy"
    TRAIN_REWARD_MARGIN = "train_reward_margin"


# What only preference (DPO) jobs report.
PREFERENCE_METRICS: tuple[Metric, ...] = (
    Metric.TRAIN_REWARD_ACCURACY,
    Metric.TRAIN_REWARD_MARGIN,
)

# Everything a metrics event's ``data`` may carry (the local engine sends exactly these).
METRICS_EVENT_KEYS: tuple[str, ...] = (
    STEP,
    TOTAL_STEPS,
    *(m.value for m in Metric),
)

# OpenAI's result file (step_metrics.csv): its columns, in order, and the metric each holds.
RESULT_COLUMNS: tuple[tuple[str, Metric | None], ...] = (
    (STEP, None),
    (Metric.TRAIN_LOSS.value, Metric.TRAIN_LOSS),
    ("train_accuracy", Metric.TRAIN_ACCURACY),
    (Metric.VALID_LOSS.value, Metric.VALID_LOSS),
    (Metric.VALID_ACCURACY.value, Metric.VALID_ACCURACY),
)

# Names the same quantity goes by in events, checkpoints and the various CSV revisions.
_ALIASES: dict[str, Metric] = {
    **{m.value: m for m in Metric},
    **{column: m for column, m in RESULT_COLUMNS if m is not None},
    "valid_accuracy": Metric.VALID_ACCURACY,
    "full_valid_accuracy": Metric.FULL_VALID_ACCURACY,
}


@dataclass(frozen=True)
class MetricPoint:
    """One training step's numbers; a metric the step did not report is absent."""

    step: int
    values: Mapping[Metric, float]
    total_steps: int | None = None


def _number(value: Any) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, str):
        value = value.strip()
        if not value:
            return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def point_from_mapping(data: Mapping[str, Any]) -> MetricPoint | None:
    """A point from an event's ``data`` or a checkpoint's ``metrics``; None if it has no step."""
    step = _number(data.get(STEP))
    if step is None:
        return None
    values: dict[Metric, float] = {}
    for key, raw in data.items():
        metric = _ALIASES.get(str(key))
        number = _number(raw)
        if metric is not None and number is not None:
            values[metric] = number
    total = _number(data.get(TOTAL_STEPS))
    return MetricPoint(int(step), values, int(total) if total is not None else None)


def point_from_event(event: Any) -> MetricPoint | None:
    """A point from a job event (SDK object or dict); None unless it is a metrics event."""
    kind = _get(event, "type")
    data = _get(event, "data")
    if kind not in (None, "metrics") or not isinstance(data, Mapping):
        return None
    if kind is None and STEP not in data:
        return None
    return point_from_mapping(data)


def _get(obj: Any, name: str) -> Any:
    if isinstance(obj, Mapping):
        return obj.get(name)
    return getattr(obj, name, None)


def parse_result_csv(text: str | bytes) -> list[MetricPoint]:
    """Points from a job's result file. Rows without a step are skipped, not fatal."""
    if isinstance(text, bytes):
        text = text.decode("utf-8-sig", errors="replace")
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    points = []
    for row in reader:
        point = point_from_mapping({k.strip(): v for k, v in row.items() if k is not None})
        if point is not None:
            points.append(point)
    return points


class _Column:
    """Steps and values of one metric in growable arrays (amortised O(1) append).

    Views are handed out without copying, so a chart redraw of 20,000 points costs no
    list-to-array conversion.
    """

    def __init__(self) -> None:
        import numpy as np

        self._steps = np.empty(64, dtype=np.float64)
        self._values = np.empty(64, dtype=np.float64)
        self.size = 0

    @property
    def steps(self) -> FloatArray:
        return self._steps[: self.size]

    @property
    def values(self) -> FloatArray:
        return self._values[: self.size]

    def append(self, step: int, value: float) -> None:
        if self.size == self._steps.size:
            import numpy as np

            self._steps = np.resize(self._steps, self.size * 2)
            self._values = np.resize(self._values, self.size * 2)
        self._steps[self.size] = step
        self._values[self.size] = value
        self.size += 1

    def put(self, step: int, value: float) -> None:
        """Replace the value at `step`, or insert it in step order (rare: late points)."""
        import numpy as np

        index = int(np.searchsorted(self.steps, step))
        if index < self.size and self._steps[index] == step:
            self._values[index] = value
            return
        steps = np.insert(self.steps, index, step)
        values = np.insert(self.values, index, value)
        self._steps = np.resize(steps, max(64, steps.size * 2))
        self._values = np.resize(values, max(64, values.size * 2))
        self.size = steps.size


class JobMetrics:
    """All metric points of one job, in step order, each metric its own series.

    Appending a step already present replaces its values (a CSV re-read after live
    events must not double the line).
    """

    def __init__(self) -> None:
        self._columns: dict[Metric, _Column] = {m: _Column() for m in Metric}
        self.total_steps: int | None = None
        self.revision = 0

    def add(self, points: Iterable[MetricPoint]) -> set[Metric]:
        """Store points; returns the metrics that changed."""
        changed: set[Metric] = set()
        for point in points:
            if point.total_steps:
                self.total_steps = point.total_steps
            for metric, value in point.values.items():
                column = self._columns[metric]
                if column.size == 0 or point.step > column._steps[column.size - 1]:
                    column.append(point.step, value)
                else:
                    column.put(point.step, value)
                changed.add(metric)
        if changed:
            self.revision += 1
        return changed

    def series(self, metric: Metric) -> tuple[FloatArray, FloatArray]:
        """(steps, values) as read-only views; copy before keeping them."""
        column = self._columns[metric]
        steps, values = column.steps, column.values
        steps.flags.writeable = False
        values.flags.writeable = False
        return steps, values

    def count(self, metric: Metric) -> int:
        return self._columns[metric].size

    def last_step(self) -> int | None:
        last = [int(c.steps[-1]) for c in self._columns.values() if c.size]
        return max(last) if last else None

    def value_at(self, metric: Metric, step: int) -> float | None:
        import numpy as np

        column = self._columns[metric]
        index = int(np.searchsorted(column.steps, step))
        if index < column.size and column.steps[index] == step:
            return float(column.values[index])
        return None


def ema(values: FloatArray, smoothing: float) -> FloatArray:
    """Exponential moving average, debiased at the start (as TensorBoard does).

    ``smoothing`` in [0, 1): 0 returns the values unchanged, 0.9 is very smooth.
    """
    import numpy as np

    if not 0.0 <= smoothing < 1.0:
        raise ValueError("smoothing must be in [0, 1)")
    out = np.empty_like(values, dtype=np.float64)
    if smoothing == 0.0 or values.size == 0:
        out[:] = values
        return out
    state = EmaState(smoothing)
    return state.extend(values)


class EmaState:
    """Incremental EMA so a live chart smooths only the new points of each batch."""

    def __init__(self, smoothing: float) -> None:
        self.smoothing = smoothing
        self._accumulated = 0.0
        self._count = 0

    def extend(self, values: FloatArray) -> FloatArray:
        import numpy as np

        s = self.smoothing
        out = np.empty(values.size, dtype=np.float64)
        acc = self._accumulated
        n = self._count
        for i, value in enumerate(values.tolist()):
            acc = acc * s + (1.0 - s) * value
            n += 1
            out[i] = acc / (1.0 - s**n) if s > 0 else value
        self._accumulated = acc
        self._count = n
        return out


def decimate_min_max(
    x: FloatArray, y: FloatArray, max_points: int
) -> tuple[FloatArray, FloatArray]:
    """At most ``max_points`` points that keep every spike: per bucket, its min and max.

    Returns the input unchanged when it is already small enough. The first and last
    points are always kept so the line spans the whole run.
    """
    import numpy as np

    n = x.size
    if n <= max_points or max_points < 4:
        return x, y
    buckets = max_points // 2
    edges = np.linspace(0, n, buckets + 1).astype(np.int64)
    starts = edges[:-1]
    # reduceat over equal-ish buckets gives each bucket's extreme values in one pass.
    mins = np.minimum.reduceat(y, starts)
    maxs = np.maximum.reduceat(y, starts)
    # Position of the min/max inside each bucket, to keep the x order honest.
    idx_min = np.empty(buckets, dtype=np.int64)
    idx_max = np.empty(buckets, dtype=np.int64)
    bucket_of = np.repeat(np.arange(buckets), np.diff(edges))
    is_min = y == mins[bucket_of]
    is_max = y == maxs[bucket_of]
    # The first matching index per bucket: reverse-assign so the earliest wins.
    positions = np.arange(n)
    idx_min[bucket_of[is_min][::-1]] = positions[is_min][::-1]
    idx_max[bucket_of[is_max][::-1]] = positions[is_max][::-1]
    keep = np.unique(np.concatenate([idx_min, idx_max, [0, n - 1]]))
    return x[keep], y[keep]


def steps_per_epoch(total_steps: int | None, n_epochs: int | None) -> float | None:
    """Steps in one epoch, from what the job reports; None when it cannot be known."""
    if not total_steps or not n_epochs or n_epochs <= 0:
        return None
    return total_steps / n_epochs


def step_to_epoch(steps: FloatArray, per_epoch: float | None) -> FloatArray:
    if not per_epoch:
        return steps
    return steps / per_epoch


def epoch_to_step(epochs: FloatArray, per_epoch: float | None) -> FloatArray:
    if not per_epoch:
        return epochs
    return epochs * per_epoch


def warm_up() -> None:
    """Import numpy and pay the one-off set-up of its first set routine call here, not in
    the middle of a live chart's frame (a chart calls this before it first draws)."""
    import numpy as np

    decimate_min_max(np.arange(8.0), np.arange(8.0), 4)
