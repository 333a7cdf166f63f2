"""What one training run needs, as the server hands it to the worker process (a JSON file).

The server writes `TrainingSpec.model_dump_json()` to a file and starts
`python -m fine_tune_studio.engine.training.worker SPEC_JSON_PATH`. "auto" hyperparameters
are turned into numbers by `resolve_auto` *before* the spec is written, so the job record
can show the values actually used (as OpenAI's job object does).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from fine_tune_studio.core.cost import default_batch_size, default_epochs
from fine_tune_studio.core.training_memory import (
    DEFAULT_LORA_R,
    DEFAULT_MAX_LENGTH,
)

# The learning rate is `BASE_LEARNING_RATE * learning_rate_multiplier`. 2e-4 is the usual LoRA
# rate for 0.5B-8B instruct models; a randomly initialised toy model needs a multiplier near 50.
BASE_LEARNING_RATE = 2e-4
DEFAULT_BETA = 0.1
MAX_AUTO_BATCH_SIZE = 32
# SMALL_MODEL_PARAMETERS (core): below it the embeddings and output head train in full.

Auto = Literal["auto"]


class TrainingSpec(BaseModel):
    """One fine-tuning run. Paths are absolute; numbers are already resolved (no "auto")."""

    model_config = ConfigDict(extra="forbid")

    job_id: str
    method: Literal["supervised", "dpo"] = "supervised"
    base_model_dir: Path
    training_file: Path
    validation_file: Path | None = None
    output_dir: Path
    n_epochs: int = Field(ge=1)
    batch_size: int = Field(ge=1)
    learning_rate_multiplier: float = Field(gt=0)
    beta: float | None = Field(default=None, gt=0)  # DPO only; None means DEFAULT_BETA
    seed: int = 42
    lora_r: int = Field(default=DEFAULT_LORA_R, ge=1)
    lora_alpha: int = Field(default=32, ge=1)
    lora_dropout: float = Field(default=0.0, ge=0, lt=1)
    # Train LoRA only on the top N transformer layers (None = all layers).
    trainable_layers: int | None = Field(default=None, ge=1)
    # Train embeddings and output head in full: None = only for models < SMALL_MODEL_PARAMETERS.
    train_embeddings: bool | None = None
    # Continue from a fine-tuned model: its LoRA adapter folder (its r/alpha/layers then apply).
    init_adapter_dir: Path | None = None
    # 0 = like OpenAI: a checkpoint at the end of each of the last 3 epochs; N = every N epochs.
    checkpoint_every_epochs: int = Field(default=0, ge=0)
    # Longer examples are cut to this many tokens (a warning says how many were cut).
    max_length: int = Field(default=DEFAULT_MAX_LENGTH, ge=16)
    # Validation examples scored after each epoch (`valid_loss`); all of them are scored at
    # the end (`full_valid_loss`).
    validation_sample_size: int = Field(default=64, ge=1)
    # None = use OMP_NUM_THREADS when set, else torch's default.
    num_threads: int | None = Field(default=None, ge=1)

    @model_validator(mode="before")
    @classmethod
    def _none_means_default(cls, data: Any) -> Any:
        # The server forwards optional engine options as they came; None there means "not
        # given", so a field with a real default keeps it.
        if isinstance(data, dict):
            return {
                key: value
                for key, value in data.items()
                if value is not None
                or key not in cls.model_fields
                or cls.model_fields[key].default is None
            }
        return data

    @model_validator(mode="after")
    def _check_method(self) -> TrainingSpec:
        if self.method == "supervised" and self.beta is not None:
            raise ValueError("beta applies to the dpo method only")
        return self

    @property
    def learning_rate(self) -> float:
        return BASE_LEARNING_RATE * self.learning_rate_multiplier

    @property
    def effective_beta(self) -> float:
        return self.beta if self.beta is not None else DEFAULT_BETA

    @property
    def adapter_dir(self) -> Path:
        return self.output_dir / "adapter"

    def checkpoint_dir(self, step: int) -> Path:
        return self.output_dir / "checkpoints" / f"step-{step}"


class ResolvedHyperparameters(BaseModel):
    n_epochs: int
    batch_size: int
    learning_rate_multiplier: float
    beta: float | None


def count_examples(path: Path) -> int:
    """Non-blank lines of a JSONL training file (the server has already validated them)."""
    with path.open("rb") as handle:
        return sum(1 for line in handle if line.strip())


def resolve_auto(
    n_examples: int,
    *,
    method: Literal["supervised", "dpo"] = "supervised",
    n_epochs: int | Auto | None = "auto",
    batch_size: int | Auto | None = "auto",
    learning_rate_multiplier: float | Auto | None = "auto",
    beta: float | Auto | None = "auto",
) -> ResolvedHyperparameters:
    """Turn "auto" (or None) hyperparameters into numbers. The rules:

    - n_epochs: OpenAI's rule (`core.cost.default_epochs`): 3 epochs, raised so that at least
      100 examples are seen (at most 25 epochs), lowered so that at most 25,000 are.
    - batch_size: about 0.2% of the examples, as OpenAI does, between 1 and 32 (a local
      machine's memory, not OpenAI's cluster, is the limit).
    - learning_rate_multiplier: 1.0, i.e. a learning rate of BASE_LEARNING_RATE (2e-4).
    - beta (dpo only): 0.1, TRL's and OpenAI's default.
    """
    if n_epochs is None or n_epochs == "auto":
        n_epochs = max(1, default_epochs(n_examples))
    if batch_size is None or batch_size == "auto":
        batch_size = default_batch_size(n_examples, MAX_AUTO_BATCH_SIZE)
    if learning_rate_multiplier is None or learning_rate_multiplier == "auto":
        learning_rate_multiplier = 1.0
    resolved_beta: float | None = None
    if method == "dpo":
        resolved_beta = DEFAULT_BETA if beta is None or beta == "auto" else float(beta)
    return ResolvedHyperparameters(
        n_epochs=int(n_epochs),
        batch_size=int(batch_size),
        learning_rate_multiplier=float(learning_rate_multiplier),
        beta=resolved_beta,
    )
