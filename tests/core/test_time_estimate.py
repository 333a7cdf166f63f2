"""The time shown before launch comes from earlier jobs when there are any."""

from __future__ import annotations

import pytest

from fine_tune_studio.core.time_estimate import (
    MAX_CORE_SCALE,
    MEASURED_SPEEDS,
    REMOTE_QUEUE_SECONDS,
    ROUGH_TOKENS_PER_SECOND,
    Basis,
    FinishedRun,
    estimate_seconds,
    finished_run,
)
from fine_tune_studio.core.training_memory import DeviceFacts, DeviceKind

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


def _cpu(cores: int | None) -> DeviceFacts:
    return DeviceFacts(DeviceKind.CPU, "CPU", "float32", 16 * 1024**3, 8 * 1024**3, cores)


QWEN_05B = MEASURED_SPEEDS[0]


def test_a_first_local_job_uses_the_speed_measured_with_a_model_of_its_size() -> None:
    estimate = estimate_seconds(
        30_000, provider_id="engine", model="Qwen2.5-0.5B-Instruct", engine=True,
        parameters=QWEN_05B.parameters, device=_cpu(QWEN_05B.cores),
    )
    assert estimate.basis is Basis.MEASURED and estimate.same_size
    assert estimate.measurement == QWEN_05B and estimate.scaled_to_cores is None
    assert estimate.seconds == pytest.approx(
        QWEN_05B.import_seconds + QWEN_05B.load_seconds + 30_000 / QWEN_05B.tokens_per_second)
    # Earlier jobs on this provider still come first: they measured this very computer.
    assert estimate_seconds(30_000, provider_id="engine", model="tiny", engine=True,
                            history=HISTORY, parameters=QWEN_05B.parameters,
                            device=_cpu(2)).basis is Basis.SAME_MODEL


def test_the_measured_speed_scales_with_model_size_and_cpu_cores() -> None:
    base = estimate_seconds(10_000, provider_id="e", model="m", engine=True,
                            parameters=QWEN_05B.parameters, device=_cpu(QWEN_05B.cores))
    three_times = estimate_seconds(10_000, provider_id="e", model="m", engine=True,
                                   parameters=3 * QWEN_05B.parameters,
                                   device=_cpu(QWEN_05B.cores))
    assert not three_times.same_size
    # Three times the weights to load and the arithmetic; the same imports.
    assert three_times.seconds - QWEN_05B.import_seconds == pytest.approx(
        3 * (base.seconds - QWEN_05B.import_seconds))
    startup = QWEN_05B.import_seconds + QWEN_05B.load_seconds
    assert QWEN_05B.cores is not None
    doubled = estimate_seconds(10_000, provider_id="e", model="m", engine=True,
                               parameters=QWEN_05B.parameters,
                               device=_cpu(2 * QWEN_05B.cores))
    assert doubled.scaled_to_cores == 2 * QWEN_05B.cores
    assert doubled.seconds - startup == pytest.approx((base.seconds - startup) / 2)
    many = estimate_seconds(10_000, provider_id="e", model="m", engine=True,
                            parameters=QWEN_05B.parameters, device=_cpu(64 * QWEN_05B.cores))
    assert many.seconds - startup == pytest.approx((base.seconds - startup) / MAX_CORE_SCALE)


def test_a_tiny_model_still_pays_for_the_imports() -> None:
    # The airport test model has ~100 k parameters: it trains in an instant, but the
    # worker's imports take as long as for any model.
    tiny = estimate_seconds(9_457, provider_id="e", model="tiny", engine=True,
                            parameters=100_000, device=_cpu(QWEN_05B.cores))
    assert QWEN_05B.import_seconds <= tiny.seconds < QWEN_05B.import_seconds + 1


def test_no_measurement_for_a_graphics_card_means_the_rough_rate() -> None:
    card = DeviceFacts(DeviceKind.CUDA, "RTX", "bfloat16", 8 * 1024**3, 7 * 1024**3)
    estimate = estimate_seconds(4_000, provider_id="e", model="m", engine=True,
                                parameters=QWEN_05B.parameters, device=card)
    assert estimate.basis is Basis.ROUGH
    remote = estimate_seconds(4_000, provider_id="openai", model="m", engine=False,
                              parameters=QWEN_05B.parameters, device=_cpu(2))
    assert remote.basis is Basis.ROUGH


def test_the_measurements_are_dated_and_say_where_they_were_taken() -> None:
    from datetime import date

    for measured in MEASURED_SPEEDS:
        assert date.fromisoformat(measured.measured_on) <= date.today()
        assert measured.machine and measured.tokens_per_second > 0 and measured.parameters > 0
