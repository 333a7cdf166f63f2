"""What can be tuned when starting a job, and the limits accepted (Qt-free data only).

One table serves the launch wizard (what it shows and the ranges of its inputs) and the
local engine (what `POST /v1/fine_tuning/jobs` accepts; anything outside is a 400 naming
the field). docs/engine.md lists the same limits for people.

The one-line explanations a user reads are UI strings (translated with Qt), keyed by
``HyperparameterSpec.key``; this module only says what exists, where it applies, and
what range is accepted.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum


class Method(StrEnum):
    SUPERVISED = "supervised"
    DPO = "dpo"


@dataclass(frozen=True)
class HyperparameterSpec:
    key: str
    kind: type  # int or float
    minimum: float
    maximum: float
    step: float
    methods: frozenset[Method]
    engine_only: bool = False  # sent in extra_body["engine"], understood by our engine only
    # OpenAI's own upper limit where it is lower than ours (the engine accepts more epochs).
    openai_maximum: float | None = None

    def problem(self, value: object) -> str | None:
        """Why `value` is not acceptable for this setting, in plain words; None if it is."""
        if isinstance(value, bool) or not isinstance(value, int | float):
            return f"{self.key} must be a number."
        if not math.isfinite(value):
            return f"{self.key} must be a finite number."
        if self.kind is int and not float(value).is_integer():
            return f"{self.key} must be a whole number."
        if not self.minimum <= value <= self.maximum:
            return (
                f"{self.key} must be between {self.shown(self.minimum)} and "
                f"{self.shown(self.maximum)}, not {self.shown(value)}."
            )
        return None

    def shown(self, number: float) -> str:
        """A limit or value as people write it: 1000, 0.01, 1e+30 (not 1e+03 or 1000.0)."""
        if self.kind is int and float(number).is_integer() and abs(number) < 10**15:
            return str(int(number))
        return f"{number:.6g}"


_BOTH = frozenset({Method.SUPERVISED, Method.DPO})

# Shown by the launch wizard, in this order. The limits are what a local run can sensibly
# use: beyond them a job either cannot fit a computer's memory (batch 256, LoRA rank 256)
# or has already diverged (learning rate 100 x 2e-4); n_epochs goes past OpenAI's 50 because
# small local models often need more passes (the tiny test model needs 100).
HYPERPARAMETERS: tuple[HyperparameterSpec, ...] = (
    HyperparameterSpec("n_epochs", int, 1, 1000, 1, _BOTH, openai_maximum=50),
    HyperparameterSpec("batch_size", int, 1, 256, 1, _BOTH),
    HyperparameterSpec("learning_rate_multiplier", float, 0.01, 100.0, 0.1, _BOTH),
    HyperparameterSpec("beta", float, 0.01, 2.0, 0.05, frozenset({Method.DPO})),
    HyperparameterSpec("lora_r", int, 1, 256, 1, _BOTH, engine_only=True),
    HyperparameterSpec("lora_alpha", int, 1, 512, 1, _BOTH, engine_only=True),
    HyperparameterSpec("trainable_layers", int, 1, 200, 1, _BOTH, engine_only=True),
)

# The engine's other numeric settings (not in the wizard) and the job seed, with the same
# kind of limits, so the engine checks every number of a job against this module.
OTHER_SETTINGS: tuple[HyperparameterSpec, ...] = (
    HyperparameterSpec("lora_dropout", float, 0.0, 0.9, 0.05, _BOTH, engine_only=True),
    HyperparameterSpec("checkpoint_every_epochs", int, 0, 1000, 1, _BOTH, engine_only=True),
    HyperparameterSpec("max_length", int, 16, 131072, 16, _BOTH, engine_only=True),
    HyperparameterSpec("validation_sample_size", int, 1, 10000, 1, _BOTH, engine_only=True),
    # OpenAI's range for a job's seed (CreateFineTuningJobRequest.seed).
    HyperparameterSpec("seed", int, 0, 2**31 - 1, 1, _BOTH),
)

LIMITS: dict[str, HyperparameterSpec] = {
    spec.key: spec for spec in (*HYPERPARAMETERS, *OTHER_SETTINGS)
}


def problem(key: str, value: object) -> str | None:
    """Why `value` is not acceptable for the setting `key`; None if it is (or is unknown)."""
    spec = LIMITS.get(key)
    return spec.problem(value) if spec is not None else None


def specs_for(method: Method, *, local_engine: bool) -> list[HyperparameterSpec]:
    return [
        spec
        for spec in HYPERPARAMETERS
        if method in spec.methods and (local_engine or not spec.engine_only)
    ]


def build_hyperparameters(
    method: Method, values: dict[str, float | int | None]
) -> tuple[dict[str, float | int], dict[str, float | int]]:
    """Split chosen values into the OpenAI ``hyperparameters`` and our engine's extras.

    A missing or None value means "auto" and is simply not sent, so the provider decides.
    """
    standard: dict[str, float | int] = {}
    engine: dict[str, float | int] = {}
    for spec in HYPERPARAMETERS:
        if method not in spec.methods:
            continue
        value = values.get(spec.key)
        if value is None:
            continue
        value = spec.kind(value)
        (engine if spec.engine_only else standard)[spec.key] = value
    return standard, engine
