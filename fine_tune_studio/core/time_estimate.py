"""How long a fine-tune will take, told before launch (Qt-free).

The best guide is what the same provider did before: jobs that finished there, best on
the same base model, measured as trained tokens per second of wall-clock time from
creation to the end (queueing included, since the user waits for that too). Without
any such job, a local engine's time comes from a training speed measured with a model of a
real size (`MEASURED_SPEEDS`, from `benchmarks/engine_bench.py --shape`), scaled to the
chosen model's parameter count and the engine's CPU cores. Only without that too does a
rough rate per kind of provider set the order of magnitude ("minutes" or "hours"); the job
list shows a measured estimate once steps come in.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from fine_tune_studio.core.training_memory import DeviceFacts, DeviceKind

# Rough rates, tokens per second: a small model on a laptop CPU/GPU, a hosted service.
ROUGH_TOKENS_PER_SECOND = {"engine": 400.0, "remote": 3000.0}
# Remote providers queue jobs before training; a first-time user should expect it.
REMOTE_QUEUE_SECONDS = 10 * 60
# Jobs shorter than this say more about start-up than about speed.
_MIN_MEASURED_SECONDS = 1.0
# A model within this share of a measured one's parameter count is "of the same size".
SAME_SIZE_TOLERANCE = 0.15
# Matrix work spreads over CPU cores; past a few, memory bandwidth limits it, so an engine
# with more cores than the measuring machine is credited with at most this many times
# the measured speed.
MAX_CORE_SCALE = 4.0


@dataclass(frozen=True)
class MeasuredSpeed:
    """A training speed measured by `benchmarks/engine_bench.py --shape SHAPE` (the engine's
    side, warm-up excluded), with when and where it was measured."""

    shape: str
    parameters: int
    device: DeviceKind
    cores: int | None
    tokens_per_second: float
    # From the worker's start to steady training, paid once per job, in two parts: the
    # imports (torch, transformers, TRL, PEFT: the same for every model) and loading the
    # weights and the first steps' set-up (grows with the model).
    import_seconds: float
    load_seconds: float
    measured_on: str  # ISO date
    machine: str


# docs/engine-training.md gives the command and the whole output of each measurement.
MEASURED_SPEEDS: tuple[MeasuredSpeed, ...] = (
    MeasuredSpeed(
        shape="qwen2.5-0.5b",
        parameters=494_032_768,
        device=DeviceKind.CPU,
        cores=2,
        # Wall-clock rate of 5 steps after 1 warm-up on an idle machine (load average
        # under 2), the middle of three runs. A run under load 7.7 was 7 x slower: a
        # computer busy with other work takes that much longer.
        tokens_per_second=70.2,
        # 6 s in all: importing the training libraries alone takes 5.0 s on that machine
        # (`python -c "import torch, transformers, trl, peft; from trl import SFTTrainer"`,
        # twice, 2026-11-30), the rest is the 0.5 B weights and the set-up.
        import_seconds=5.0,
        load_seconds=1.0,
        measured_on="2026-11-30",
        machine="2-core AMD EPYC virtual machine (AVX512-BF16), idle; bfloat16 autocast, "
                "bfloat16 base weights",
    ),
)


@dataclass(frozen=True)
class FinishedRun:
    """A job that trained to the end: where, on what, how much, how long."""

    provider_id: str
    model: str
    trained_tokens: int
    seconds: float

    @property
    def tokens_per_second(self) -> float:
        return self.trained_tokens / self.seconds


class Basis(StrEnum):
    SAME_MODEL = "same_model"  # earlier jobs of this provider on this base model
    SAME_PROVIDER = "same_provider"  # earlier jobs of this provider, other models
    MEASURED = "measured"  # a benchmark of a model of a real size on the same kind of device
    ROUGH = "rough"  # nothing measured yet


@dataclass(frozen=True)
class TimeEstimate:
    seconds: float
    basis: Basis
    runs: int  # how many earlier jobs the estimate rests on (0 when rough)
    # With Basis.MEASURED: the measurement, whether the model is of its size, and the
    # engine's cores when the speed was scaled to them.
    measurement: MeasuredSpeed | None = None
    same_size: bool = False
    scaled_to_cores: int | None = None


def finished_run(
    provider_id: str,
    model: str | None,
    trained_tokens: int | None,
    created_at: float | None,
    finished_at: float | None,
) -> FinishedRun | None:
    """A FinishedRun from a job's fields, or None when they cannot measure a speed."""
    if not model or not trained_tokens or created_at is None or finished_at is None:
        return None
    seconds = finished_at - created_at
    if seconds < _MIN_MEASURED_SECONDS:
        return None
    return FinishedRun(provider_id, model, int(trained_tokens), float(seconds))


def estimate_seconds(
    trained_tokens: int,
    *,
    provider_id: str,
    model: str,
    engine: bool,
    history: Iterable[FinishedRun] = (),
    parameters: int | None = None,
    device: DeviceFacts | None = None,
) -> TimeEstimate:
    """Median speed of the closest earlier jobs applied to `trained_tokens`; without any,
    for a local engine whose device and model size are known, the measured speed."""
    runs = [run for run in history if run.provider_id == provider_id]
    same_model = [run for run in runs if run.model == model]
    for chosen, basis in ((same_model, Basis.SAME_MODEL), (runs, Basis.SAME_PROVIDER)):
        if chosen:
            rate = statistics.median(run.tokens_per_second for run in chosen)
            return TimeEstimate(trained_tokens / rate, basis, len(chosen))
    if engine and parameters and device is not None:
        measured = measured_estimate(trained_tokens, parameters, device)
        if measured is not None:
            return measured
    rate = ROUGH_TOKENS_PER_SECOND["engine" if engine else "remote"]
    seconds = trained_tokens / rate + (0.0 if engine else REMOTE_QUEUE_SECONDS)
    return TimeEstimate(seconds, Basis.ROUGH, 0)


def measured_estimate(
    trained_tokens: int, parameters: int, device: DeviceFacts
) -> TimeEstimate | None:
    """From the measurement on the same kind of device nearest in size: the speed scales
    with 1 / parameters (the arithmetic per token is proportional to the parameters, LoRA
    or not) and, on a CPU, with the cores (up to MAX_CORE_SCALE times)."""
    candidates = [m for m in MEASURED_SPEEDS if m.device is device.kind and parameters > 0]
    if not candidates:
        return None
    nearest = min(candidates, key=lambda m: abs(math.log(m.parameters / parameters)))
    rate = nearest.tokens_per_second * nearest.parameters / parameters
    scaled_to = None
    cores, measured_cores = device.cores, nearest.cores
    if device.kind is DeviceKind.CPU and cores and measured_cores and cores != measured_cores:
        rate *= min(MAX_CORE_SCALE, cores / measured_cores)
        scaled_to = cores
    same_size = abs(parameters - nearest.parameters) <= SAME_SIZE_TOLERANCE * nearest.parameters
    # The imports cost the same for every model; loading grows with the model, not the cores.
    startup = nearest.import_seconds + nearest.load_seconds * parameters / nearest.parameters
    seconds = startup + trained_tokens / rate
    return TimeEstimate(seconds, Basis.MEASURED, 0, measurement=nearest,
                        same_size=same_size, scaled_to_cores=scaled_to)
