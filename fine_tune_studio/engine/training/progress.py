"""A TrainerCallback that turns the trainer's logs into protocol events, scores the
validation sample after each epoch, saves LoRA checkpoints, pauses and stops on request,
and ends a run whose loss is no longer a number."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from transformers import TrainerCallback

from fine_tune_studio.core.metrics import (
    EPOCH,
    STEP,
    TOTAL_STEPS,
    TRAINED_TOKENS,
    Metric,
)
from fine_tune_studio.engine.training.control import TrainingControl
from fine_tune_studio.engine.training.events import EventWriter
from fine_tune_studio.engine.training.spec import TrainingSpec

# OpenAI keeps checkpoints of the last three epochs.
DEFAULT_CHECKPOINTED_EPOCHS = 3


def finite(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def metrics_from_logs(
    logs: dict[str, Any], *, step: int, total_steps: int, epoch: float | None
) -> dict[str, Any]:
    """One metrics event's numbers from a trainer log whose loss is a number: TRL's names
    (``loss``, ``mean_token_accuracy``, ``num_tokens``, DPO's ``rewards/accuracies`` and
    ``rewards/margins``) turned into ours (`core.metrics`); non-finite values become None."""
    metrics: dict[str, Any] = {
        STEP: step,
        TOTAL_STEPS: total_steps,
        EPOCH: round(float(epoch or 0.0), 4),
        Metric.TRAIN_LOSS: finite(logs.get("loss")),
        Metric.TRAIN_ACCURACY: finite(logs.get("mean_token_accuracy")),
    }
    if "num_tokens" in logs:  # TRL's running count of non-padding tokens
        metrics[TRAINED_TOKENS] = int(logs["num_tokens"])
    if "rewards/accuracies" in logs:  # DPO: how often the preferred reply wins
        metrics[Metric.TRAIN_REWARD_ACCURACY] = finite(logs["rewards/accuracies"])
    if "rewards/margins" in logs:  # DPO: by how much, in reward units (beta x log-ratio)
        metrics[Metric.TRAIN_REWARD_MARGIN] = finite(logs["rewards/margins"])
    return metrics


class TrainingDiverged(RuntimeError):
    """The training loss became NaN or infinite: nothing learned from here on is usable."""


class ProgressReporter(TrainerCallback):
    def __init__(
        self,
        spec: TrainingSpec,
        events: EventWriter,
        control: TrainingControl,
        *,
        has_validation: bool,
    ) -> None:
        self.spec = spec
        self.events = events
        self.control = control
        self.has_validation = has_validation
        self.trainer: Any = None  # set by the runner once the trainer exists
        self.last_metrics: dict[str, Any] = {}
        self._pending: dict[str, Any] | None = None
        self._evaluating = False

    # --- trainer hooks -------------------------------------------------------------------

    def on_step_begin(self, args: Any, state: Any, control: Any, **kwargs: Any) -> Any:
        # Pause between steps (the step under way when the pause came has finished); a stop
        # asked for before or during the pause raises TrainingCancelled here.
        self.control.wait_while_paused(
            on_pause=lambda: self.events.message(
                f"Training paused after step {state.global_step}"),
            on_resume=lambda: self.events.message("Training resumed"),
        )
        return control

    def on_step_end(self, args: Any, state: Any, control: Any, **kwargs: Any) -> Any:
        if self.control.stop_requested:
            control.should_training_stop = True
        return control

    def on_log(self, args: Any, state: Any, control: Any, logs: Any = None, **kwargs: Any) -> Any:
        if self._evaluating or not logs or "loss" not in logs:
            return control
        loss = finite(logs.get("loss"))
        if loss is None:
            # The trainer's own NaN filter is off (runner.trainer_arguments) so this is seen.
            raise TrainingDiverged(
                f"the training loss became {logs.get('loss')} at step {state.global_step}: "
                "the model diverged. Start again with a lower learning_rate_multiplier (this "
                f"run used {self.spec.learning_rate_multiplier:g})."
            )
        metrics = metrics_from_logs(
            logs, step=state.global_step, total_steps=state.max_steps, epoch=state.epoch
        )
        if self.has_validation:
            # Carry the latest validation numbers so every point of the chart has them.
            for key in (Metric.VALID_LOSS, Metric.VALID_ACCURACY):
                if key in self.last_metrics:
                    metrics[key] = self.last_metrics[key]
        self.last_metrics = metrics
        if self.has_validation and _at_epoch_end(state):
            self._pending = metrics  # sent after this epoch's validation score is in
        else:
            self.events.metrics(metrics)
        return control

    def on_epoch_end(self, args: Any, state: Any, control: Any, **kwargs: Any) -> Any:
        if self.control.stop_requested:
            control.should_training_stop = True
            return control
        if self.has_validation and self.trainer is not None:
            scores = self.evaluate(self.trainer.eval_dataset)
            metrics = dict(self._pending or self.last_metrics)
            metrics[Metric.VALID_LOSS] = scores["loss"]
            metrics[Metric.VALID_ACCURACY] = scores["accuracy"]
            self.last_metrics = metrics
            self._pending = None
            if metrics:
                self.events.metrics(metrics)
        epoch = round(float(state.epoch or 0.0))
        if self._checkpoint_due(epoch):
            self.save_checkpoint(state.global_step)
        return control

    # --- helpers the runner uses too -----------------------------------------------------

    def evaluate(self, dataset: Any) -> dict[str, float | None]:
        self._evaluating = True
        try:
            scores = self.trainer.evaluate(eval_dataset=dataset)
        finally:
            self._evaluating = False
        return {
            "loss": finite(scores.get("eval_loss")),
            "accuracy": finite(scores.get("eval_mean_token_accuracy")),
        }

    def save_checkpoint(self, step: int) -> Path:
        path = self.spec.checkpoint_dir(step)
        self.trainer.model.save_pretrained(path)
        self.events.checkpoint(step, str(path), _checkpoint_metrics(self.last_metrics))
        return path

    def _checkpoint_due(self, epoch: int) -> bool:
        every = self.spec.checkpoint_every_epochs
        if every > 0:
            return epoch % every == 0
        return epoch > self.spec.n_epochs - DEFAULT_CHECKPOINTED_EPOCHS


def _at_epoch_end(state: Any) -> bool:
    epoch = float(state.epoch or 0.0)
    return abs(epoch - round(epoch)) < 1e-6 and epoch > 0


def _checkpoint_metrics(metrics: dict[str, Any]) -> dict[str, Any]:
    worker_only = (TOTAL_STEPS, EPOCH, TRAINED_TOKENS)
    return {key: value for key, value in metrics.items() if key not in worker_only}
