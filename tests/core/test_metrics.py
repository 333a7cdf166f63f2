"""Metrics parsing, smoothing, decimation and step/epoch mapping (Qt-free)."""

from __future__ import annotations

import numpy as np
import pytest

from fine_tune_studio.core.metrics import (
    EmaState,
    JobMetrics,
    Metric,
    decimate_min_max,
    ema,
    epoch_to_step,
    parse_result_csv,
    point_from_event,
    point_from_mapping,
    step_to_epoch,
    steps_per_epoch,
)


def test_metrics_event_becomes_point_with_every_reported_value() -> None:
    event = {
        "object": "fine_tuning.job.event",
        "type": "metrics",
        "message": "Step 3/10: training loss=1.25",
        "data": {
            "step": 3,
            "train_loss": 1.25,
            "train_mean_token_accuracy": 0.5,
            "valid_loss": 1.5,
            "full_valid_loss": 1.75,
            "total_steps": 10,
        },
    }
    point = point_from_event(event)
    assert point is not None
    assert point.step == 3
    assert point.total_steps == 10
    assert point.values == {
        Metric.TRAIN_LOSS: 1.25,
        Metric.TRAIN_ACCURACY: 0.5,
        Metric.VALID_LOSS: 1.5,
        Metric.FULL_VALID_LOSS: 1.75,
    }


def test_message_events_are_not_points() -> None:
    assert point_from_event({"type": "message", "data": {}, "message": "Job started"}) is None
    assert point_from_event({"type": "metrics", "data": None}) is None


def test_object_events_work_like_dicts() -> None:
    class Event:
        def __init__(self) -> None:
            self.type = "metrics"
            self.data = {"step": 1, "train_loss": 2.0}

    point = point_from_event(Event())
    assert point is not None and point.values[Metric.TRAIN_LOSS] == 2.0


def test_result_csv_parses_old_column_names_and_blank_cells() -> None:
    text = (
        "\ufeffstep,train_loss,train_accuracy,valid_loss,valid_mean_token_accuracy\n"
        "1,2.5,0.25,,\n"
        "2,2.0,0.5,2.25,0.4\n"
        "not-a-step,1,1,1,1\n"
        "3,nan,0.75,,\n"
    )
    points = parse_result_csv(text.encode())
    assert [p.step for p in points] == [1, 2, 3]
    assert points[0].values == {Metric.TRAIN_LOSS: 2.5, Metric.TRAIN_ACCURACY: 0.25}
    assert points[1].values[Metric.VALID_ACCURACY] == 0.4
    assert Metric.TRAIN_LOSS not in points[2].values  # NaN is not a value to draw


def test_same_step_from_csv_replaces_not_doubles() -> None:
    metrics = JobMetrics()
    metrics.add([point_from_mapping({"step": s, "train_loss": float(s)}) for s in (1, 2, 3)])  # type: ignore[misc]
    metrics.add(parse_result_csv("step,train_loss\n2,9.0\n4,4.0\n"))
    x, y = metrics.series(Metric.TRAIN_LOSS)
    assert x.tolist() == [1, 2, 3, 4]
    assert y.tolist() == [1.0, 9.0, 3.0, 4.0]


def test_late_earlier_step_is_inserted_in_order() -> None:
    metrics = JobMetrics()
    metrics.add(parse_result_csv("step,train_loss\n5,5\n10,10\n"))
    metrics.add(parse_result_csv("step,train_loss\n7,7\n1,1\n"))
    assert metrics.series(Metric.TRAIN_LOSS)[0].tolist() == [1, 5, 7, 10]
    assert metrics.value_at(Metric.TRAIN_LOSS, 7) == 7
    assert metrics.value_at(Metric.TRAIN_LOSS, 6) is None


def test_ema_zero_smoothing_is_identity_and_constant_stays_constant() -> None:
    values = np.array([3.0, 1.0, 2.0])
    assert ema(values, 0.0).tolist() == values.tolist()
    assert np.allclose(ema(np.full(50, 4.0), 0.9), 4.0)  # debiased: no ramp from zero


def test_ema_smooths_noise_and_incremental_equals_whole() -> None:
    rng = np.random.default_rng(7)
    values = 2.0 + rng.normal(0, 0.5, 400)
    whole = ema(values, 0.8)
    assert np.std(np.diff(whole)) < np.std(np.diff(values)) / 3
    state = EmaState(0.8)
    parts = np.concatenate([state.extend(values[:123]), state.extend(values[123:])])
    assert np.allclose(parts, whole)
    with pytest.raises(ValueError):
        ema(values, 1.0)


def test_decimation_bounds_points_and_keeps_every_spike() -> None:
    n = 20_000
    x = np.arange(n, dtype=np.float64)
    y = np.sin(x / 500.0)
    y[12_345] = 50.0
    y[777] = -50.0
    dx, dy = decimate_min_max(x, y, 1000)
    assert len(dx) <= 1002
    assert dy.max() == 50.0 and dx[np.argmax(dy)] == 12_345
    assert dy.min() == -50.0 and dx[np.argmin(dy)] == 777
    assert dx[0] == 0 and dx[-1] == n - 1
    assert np.all(np.diff(dx) > 0)
    # the data itself is untouched
    assert y.size == n


def test_small_series_is_not_decimated() -> None:
    x = np.arange(10.0)
    dx, dy = decimate_min_max(x, x * 2, 1000)
    assert dx.tolist() == x.tolist() and dy.tolist() == (x * 2).tolist()


def test_step_epoch_mapping_round_trips() -> None:
    per_epoch = steps_per_epoch(total_steps=30, n_epochs=3)
    assert per_epoch == 10
    steps = np.array([0.0, 10.0, 25.0])
    assert step_to_epoch(steps, per_epoch).tolist() == [0.0, 1.0, 2.5]
    assert epoch_to_step(step_to_epoch(steps, per_epoch), per_epoch).tolist() == steps.tolist()
    assert steps_per_epoch(None, 3) is None
    assert step_to_epoch(steps, None).tolist() == steps.tolist()
