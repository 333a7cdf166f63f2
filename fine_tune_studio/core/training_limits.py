"""What a provider says about one model before a job starts: limits, training types, price.

`core.hyperparameters` is the app's own table (what the wizard can show, what our engine
accepts). A hosted provider such as Together AI states its own limits per model (epochs,
learning rate, batch size per training type and method, LoRA rank); an adapter turns its
answer into `TrainingLimits`, and the wizard checks every number against it and says which
limit a value breaks. A value is never quietly moved into range.

Settings only some providers take (an absolute learning rate, evaluations during training)
are `PROVIDER_SETTINGS`; `settings_shown` says which settings a provider kind shows.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from fine_tune_studio.core.hyperparameters import (
    HYPERPARAMETERS,
    HyperparameterSpec,
    Method,
)
from fine_tune_studio.core.providers import ProviderKind

_BOTH = frozenset({Method.SUPERVISED, Method.DPO})


class TrainingType(StrEnum):
    """LoRA trains a small add-on; full fine-tuning changes every weight."""

    LORA = "lora"
    FULL = "full"


# Together takes an absolute learning rate (not OpenAI's multiplier) and runs validation
# only as often as `n_evals` says (0 by default: a validation file would be ignored).
PROVIDER_SETTINGS: tuple[HyperparameterSpec, ...] = (
    HyperparameterSpec("learning_rate", float, 1e-7, 1e-2, 1e-6, _BOTH),
    HyperparameterSpec("n_evals", int, 0, 100, 1, _BOTH),
)
# What the adapter sends for n_evals when a validation file goes with the job and the user
# left it on Auto (Together's own default, 0, would never look at the file).
DEFAULT_EVALUATIONS = 5

ALL_SETTINGS: dict[str, HyperparameterSpec] = {
    spec.key: spec for spec in (*HYPERPARAMETERS, *PROVIDER_SETTINGS)
}

_TOGETHER_KEYS = ("n_epochs", "batch_size", "learning_rate", "beta", "lora_r", "lora_alpha",
                  "n_evals")


def settings_shown(
    kind: ProviderKind,
    method: Method,
    *,
    training_type: TrainingType | None = None,
    validation: bool = False,
) -> list[HyperparameterSpec]:
    """The settings a wizard shows for a provider of `kind`, in display order."""
    if kind is ProviderKind.TOGETHER:
        keys = [
            key
            for key in _TOGETHER_KEYS
            if method in ALL_SETTINGS[key].methods
            and (key not in ("lora_r", "lora_alpha") or training_type is not TrainingType.FULL)
            and (key != "n_evals" or validation)
        ]
        return [ALL_SETTINGS[key] for key in keys]
    return [
        spec
        for spec in HYPERPARAMETERS
        if method in spec.methods and (kind.is_engine or not spec.engine_only)
    ]


@dataclass(frozen=True)
class Range:
    minimum: float
    maximum: float

    def holds(self, value: float) -> bool:
        return self.minimum <= value <= self.maximum


@dataclass(frozen=True)
class TrainingLimits:
    """A provider's limits for fine-tuning one model.

    `ranges[(training type, method)][key]` is the accepted range of a setting; a key not
    listed has no stated limit (the app's own table still applies).
    """

    model: str
    training_types: frozenset[TrainingType]
    ranges: Mapping[tuple[TrainingType, Method], Mapping[str, Range]] = field(
        default_factory=dict
    )
    provider_name: str = ""

    def range_for(self, key: str, training_type: TrainingType, method: Method) -> Range | None:
        return self.ranges.get((training_type, method), {}).get(key)

    def problem(
        self, key: str, value: float, training_type: TrainingType, method: Method
    ) -> Range | None:
        """The range `value` breaks, or None when the provider accepts it."""
        limit = self.range_for(key, training_type, method)
        if limit is None or limit.holds(value):
            return None
        return limit


@dataclass(frozen=True)
class PriceEstimate:
    """What the provider itself expects a job to cost, asked before it starts."""

    usd: float | None  # None: the provider could not estimate this job
    allowed: bool | None = None  # False: the account cannot pay for it now
    credit_limit_usd: float | None = None
    train_tokens: int | None = None
    eval_tokens: int | None = None
