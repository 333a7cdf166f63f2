"""What can be tuned when starting a job, and sensible limits (Qt-free data only).

The one-line explanations a user reads are UI strings (translated with Qt), keyed by
``HyperparameterSpec.key``; this module only says what exists, where it applies, and
what range is accepted.
"""

from __future__ import annotations

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


_BOTH = frozenset({Method.SUPERVISED, Method.DPO})

HYPERPARAMETERS: tuple[HyperparameterSpec, ...] = (
    HyperparameterSpec("n_epochs", int, 1, 50, 1, _BOTH),
    HyperparameterSpec("batch_size", int, 1, 256, 1, _BOTH),
    HyperparameterSpec("learning_rate_multiplier", float, 0.01, 100.0, 0.1, _BOTH),
    HyperparameterSpec("beta", float, 0.01, 2.0, 0.05, frozenset({Method.DPO})),
    HyperparameterSpec("lora_r", int, 1, 256, 1, _BOTH, engine_only=True),
    HyperparameterSpec("lora_alpha", int, 1, 512, 1, _BOTH, engine_only=True),
    HyperparameterSpec("trainable_layers", int, 1, 200, 1, _BOTH, engine_only=True),
)


def specs_for(method: Method, *, local_engine: bool) -> list[HyperparameterSpec]:
    return [
        spec
        for spec in HYPERPARAMETERS
        if method in spec.methods and (local_engine or not spec.engine_only)
    ]


def suggested_trainable_layers(n_examples: int, total_layers: int | None) -> int | None:
    """The seed's advice: with little data, freeze the lower layers and train the top few.

    Returns how many of the top layers to train, or None for "all" when data is plentiful
    or the model's depth is unknown.
    """
    if not total_layers or total_layers <= 0:
        return None
    if n_examples < 100:
        return max(1, total_layers // 4)
    if n_examples < 1000:
        return max(1, total_layers // 2)
    return None


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
