"""A fine-tuning job as the app sees it, whatever provider runs it (Qt-free).

Providers describe jobs in their own shapes (OpenAI's `fine_tuning.job`, Together's
`/fine-tunes` objects, ...). A provider adapter (`services/job_adapter.py`) turns those into
the plain values below, so the job service, the job list and the charts never read a
provider's field names. Statuses use OpenAI's words, the first protocol the app spoke;
an adapter maps its provider's statuses onto them and passes an unknown one through as
written (the UI shows it as the provider wrote it rather than hiding it).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from fine_tune_studio.core.hyperparameters import Method

if TYPE_CHECKING:
    from fine_tune_studio.core.metrics import MetricPoint

SUCCEEDED = "succeeded"
FAILED = "failed"
CANCELLED = "cancelled"
TERMINAL_STATUSES: frozenset[str] = frozenset({SUCCEEDED, FAILED, CANCELLED})



def is_terminal(status: str | None) -> bool:
    """True once a job can change no more (finished, failed or cancelled)."""
    return status in TERMINAL_STATUSES


@dataclass(frozen=True)
class JobFailure:
    """Why a job failed, in the provider's words."""

    message: str | None
    code: str | None = None


@dataclass(frozen=True)
class JobSnapshot:
    """One job at one moment. Times are Unix seconds; a value the provider did not give
    is None (or empty), never guessed."""

    id: str
    status: str | None
    model: str  # what training started from: a base model or an earlier fine-tune
    fine_tuned_model: str | None = None
    suffix: str | None = None
    created_at: float | None = None
    finished_at: float | None = None
    estimated_finish: float | None = None
    trained_tokens: int | None = None
    failure: JobFailure | None = None
    result_files: tuple[str, ...] = ()
    method: str = "supervised"
    # Standard settings under the app's names (n_epochs, batch_size,
    # learning_rate_multiplier, beta); what the provider chose for "auto" when it says.
    hyperparameters: Mapping[str, Any] = field(default_factory=dict)
    # Our engine's own settings (lora_r, lora_alpha, trainable_layers) when it reports them.
    engine_options: Mapping[str, Any] = field(default_factory=dict)

    @property
    def terminal(self) -> bool:
        return is_terminal(self.status)

    @property
    def n_epochs(self) -> int | None:
        value = self.hyperparameters.get("n_epochs")
        return value if isinstance(value, int) and not isinstance(value, bool) else None

    def differs_for_the_user(self, other: JobSnapshot) -> bool:
        """Whether anything a job list shows changed between two snapshots of a job."""
        return (
            self.status,
            self.trained_tokens,
            self.fine_tuned_model,
            self.estimated_finish,
            self.finished_at,
        ) != (
            other.status,
            other.trained_tokens,
            other.fine_tuned_model,
            other.estimated_finish,
            other.finished_at,
        )


@dataclass(frozen=True)
class JobEvent:
    """A line of a job's log."""

    id: str
    created_at: float | None
    message: str
    level: str = "info"  # info / warn / error
    type: str | None = None  # "message", "metrics", or the provider's own kind
    # The event's structured part where the provider sends one (our engine says where a
    # job trains in it: core.training_memory.device_of_event).
    data: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class JobEventPage:
    """What happened since a cursor: log lines and training metrics, oldest first, and the
    cursor to ask from next time. Metrics travel apart from events because providers
    report them differently (OpenAI inside events, Together from its own endpoint)."""

    events: tuple[JobEvent, ...] = ()
    points: tuple[MetricPoint, ...] = ()
    cursor: str | None = None
    # When the first of `points` was recorded, if the provider says: with the step count
    # it gives the speed, hence an estimated finish.
    points_since: float | None = None


@dataclass(frozen=True)
class JobCheckpoint:
    """A saved intermediate model. `model` is set when it can be chatted with."""

    id: str
    step: int | None
    model: str | None = None
    metrics: MetricPoint | None = None


@dataclass(frozen=True)
class ResultFile:
    """A file a finished job left (OpenAI: the per-step metrics CSV)."""

    name: str
    data: bytes


class JobAction(StrEnum):
    """What a user can do to a running job (pause/resume only where the provider can)."""

    CANCEL = "cancel"
    PAUSE = "pause"
    RESUME = "resume"


@dataclass(frozen=True)
class JobSettings:
    """What to train, in provider-neutral terms; each adapter writes its own request.

    `values` holds the chosen hyperparameters by `core.hyperparameters` key; a missing
    key or None means "Auto" (the provider decides). Engine-only keys are sent only to
    our engine."""

    model: str
    method: Method = Method.SUPERVISED
    values: Mapping[str, float | int | None] = field(default_factory=dict)
    suffix: str | None = None
    seed: int | None = None
    # LoRA or full fine-tuning ("lora"/"full", `core.training_limits.TrainingType`), for
    # providers that offer both; None leaves it to the provider.
    training_type: str | None = None
