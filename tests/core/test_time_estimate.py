"""The time shown before launch comes from earlier jobs when there are any."""

from __future__ import annotations

import pytest

from fine_tune_studio.core.time_estimate import (
    REMOTE_QUEUE_SECONDS,
    ROUGH_TOKENS_PER_SECOND,
    Basis,
    FinishedRun,
    estimate_seconds,
    finished_run,
)

HISTORY = [
    FinishedRun("engine", "tiny", trained_tokens=10_000, seconds=100.0),  # 100 tok/s
    FinishedRun("engine", "tiny", trained_tokens=30_000, seconds=100.0),  # 300 tok/s
    FinishedRun("engine", "tiny", trained_tokens=20_000, seconds=100.0),  # 200 tok/s
    FinishedRun("engine", "other", trained_tokens=1_000, seconds=100.0),  # 10 tok/s
    FinishedRun("openai", "gpt", trained_tokens=1_000_000, seconds=1000.0),
]


def test_same_model_on_the_same_provider_uses_their_median_speed() -> None:
    estimate = estimate_seconds(
        40_000, provider_id="engine", model="tiny", engine=True, history=HISTORY
    )
    assert estimate.basis is Basis.SAME_MODEL
    assert estimate.seconds == pytest.approx(200.0) and estimate.runs == 3


def test_other_models_of_the_provider_are_the_next_best_guide() -> None:
    estimate = estimate_seconds(
        1_000, provider_id="engine", model="new", engine=True, history=HISTORY
    )
    assert estimate.basis is Basis.SAME_PROVIDER and estimate.runs == 4
    assert estimate.seconds == pytest.approx(1_000 / 150.0)  # median of 10, 100, 200, 300


def test_without_history_a_rough_rate_and_the_remote_queue() -> None:
    local = estimate_seconds(4_000, provider_id="x", model="m", engine=True, history=HISTORY)
    assert local.basis is Basis.ROUGH and local.runs == 0
    assert local.seconds == pytest.approx(4_000 / ROUGH_TOKENS_PER_SECOND["engine"])
    remote = estimate_seconds(30_000, provider_id="azure", model="m", engine=False)
    assert remote.seconds == pytest.approx(
        30_000 / ROUGH_TOKENS_PER_SECOND["remote"] + REMOTE_QUEUE_SECONDS
    )


@pytest.mark.parametrize(
    "fields",
    [
        (None, 100, 0, 50),  # no model
        ("m", None, 0, 50),  # no tokens trained
        ("m", 100, None, 50),  # no start
        ("m", 100, 10, 10),  # no measurable duration
    ],
)
def test_jobs_that_cannot_measure_a_speed_are_left_out(fields: tuple) -> None:
    assert finished_run("p", *fields) is None


def test_a_finished_job_measures_from_creation_to_the_end() -> None:
    run = finished_run("p", "m", 600, 1_000, 1_060)
    assert run is not None and run.tokens_per_second == pytest.approx(10.0)
