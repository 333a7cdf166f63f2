"""Turns a queued job record into the trainer's `TrainingSpec` file for the worker."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from fine_tune_studio.engine.config import EngineConfig
from fine_tune_studio.engine.fsutil import write_atomic
from fine_tune_studio.engine.records import JobRecord
from fine_tune_studio.engine.training.spec import TrainingSpec, count_examples, resolve_auto


def write_spec(job: JobRecord, config: EngineConfig) -> tuple[Path, dict[str, Any]]:
    """Write jobs/<id>/spec.json; return its path and the resolved hyperparameters."""
    training_path = config.files_dir / job.training_file
    validation_path = config.files_dir / job.validation_file if job.validation_file else None
    hyper = job.hyperparameters
    method: Literal["supervised", "dpo"] = "dpo" if job.method_type == "dpo" else "supervised"
    resolved = resolve_auto(
        count_examples(training_path),
        method=method,
        n_epochs=hyper.get("n_epochs", "auto"),
        batch_size=hyper.get("batch_size", "auto"),
        learning_rate_multiplier=hyper.get("learning_rate_multiplier", "auto"),
        beta=hyper.get("beta", "auto"),
    )
    engine: dict[str, Any] = dict(job.engine_options)
    if not job.base_dir:
        raise ValueError(f"the base model folder of {job.model} is unknown")
    job_dir = config.jobs_dir / job.id
    spec = TrainingSpec(
        job_id=job.id,
        method=method,
        base_model_dir=Path(job.base_dir),
        training_file=training_path,
        validation_file=validation_path,
        output_dir=job_dir / "output",
        n_epochs=resolved.n_epochs,
        batch_size=resolved.batch_size,
        learning_rate_multiplier=resolved.learning_rate_multiplier,
        beta=resolved.beta,
        seed=job.seed,
        init_adapter_dir=Path(job.init_adapter_dir) if job.init_adapter_dir else None,
        **engine,
    )
    spec_path = job_dir / "spec.json"
    write_atomic(spec_path, spec.model_dump_json(indent=2).encode("utf-8"))
    return spec_path, resolved.model_dump(exclude_none=True)
