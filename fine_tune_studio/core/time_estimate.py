"""How long a fine-tune will take, told before launch (Qt-free).

The best guide is what the same provider did before: jobs that finished there, best on
the same base model, measured as trained tokens per second of wall-clock time from
creation to the end (queueing included, since the user waits for that too). Without
any such job, a rough rate per kind of provider only sets the order of magnitude
("minutes" or "hours"); the job list shows a measured estimate once steps come in.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

# Rough rates, tokens per second: a small model on a laptop CPU/GPU, a hosted service.
ROUGH_TOKENS_PER_SECOND = {"engine": 400.0, "remote": 3000.0}
# Remote providers queue jobs before training; a first-time user should expect it.
REMOTE_QUEUE_SECONDS = 10 * 60
# Jobs shorter than this say more about start-up than about speed.
_MIN_MEASURED_SECONDS = 1.0


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
    ROUGH = "rough"  # nothing measured yet


@dataclass(frozen=True)
class TimeEstimate:
    seconds: float
    basis: Basis
    runs: int  # how many earlier jobs the estimate rests on (0 when rough)


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
) -> TimeEstimate:
    """Median speed of the closest earlier jobs applied to `trained_tokens`."""
    runs = [run for run in history if run.provider_id == provider_id]
    same_model = [run for run in runs if run.model == model]
    for chosen, basis in ((same_model, Basis.SAME_MODEL), (runs, Basis.SAME_PROVIDER)):
        if chosen:
            rate = statistics.median(run.tokens_per_second for run in chosen)
            return TimeEstimate(trained_tokens / rate, basis, len(chosen))
    rate = ROUGH_TOKENS_PER_SECOND["engine" if engine else "remote"]
    seconds = trained_tokens / rate + (0.0 if engine else REMOTE_QUEUE_SECONDS)
    return TimeEstimate(seconds, Basis.ROUGH, 0)
