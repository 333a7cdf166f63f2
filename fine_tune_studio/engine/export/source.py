"""What is being exported: a fine-tuned model or checkpoint of the engine, found by the id
the engine reports, with the facts its model card tells (base, data, settings, losses)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fine_tune_studio.core.model_export import ExportErrorCode
from fine_tune_studio.engine.config import EngineConfig
from fine_tune_studio.engine.export.errors import ExportError
from fine_tune_studio.engine.model_registry import ModelEntry, list_models
from fine_tune_studio.engine.records import CheckpointRecord, EventRecord, FileRecord, JobRecord
from fine_tune_studio.engine.store import Store

LOSS_KEYS = ("train_loss", "valid_loss", "full_valid_loss")


@dataclass(frozen=True)
class DatasetFacts:
    filename: str
    sha256: str | None  # None when the engine no longer has the file
    examples: int | None
    path: Path | None


@dataclass(frozen=True)
class ExportSource:
    model_id: str
    kind: str  # "fine-tuned" or "checkpoint"
    base_name: str
    base_dir: Path
    adapter_dir: Path
    job_id: str | None = None
    method: str | None = None
    step: int | None = None  # a checkpoint's
    hyperparameters: dict[str, Any] = field(default_factory=dict)
    engine_options: dict[str, Any] = field(default_factory=dict)
    seed: int | None = None
    dataset: DatasetFacts | None = None
    validation: DatasetFacts | None = None
    losses: dict[str, float] = field(default_factory=dict)

    @property
    def base_revision(self) -> str | None:
        return base_revision(self.base_dir)


def base_revision(base_dir: Path) -> str | None:
    """The Hub commit a base folder was downloaded at, when `huggingface_hub` recorded one
    (`.cache/huggingface/download/*.metadata`: commit hash on the first line)."""
    folder = base_dir / ".cache" / "huggingface" / "download"
    for candidate in sorted(folder.glob("*.metadata")) if folder.is_dir() else []:
        try:
            first = candidate.read_text(encoding="utf-8").splitlines()[0].strip()
        except (OSError, IndexError):
            continue
        if len(first) == 40 and all(c in "0123456789abcdef" for c in first):
            return first
    return None


def resolve(data_dir: Path, models_dir: Path, model_id: str) -> ExportSource:
    db = EngineConfig(data_dir=data_dir, models_dir=models_dir, token="").db_path
    if not db.is_file():
        raise ExportError(
            ExportErrorCode.MODEL_NOT_FOUND,
            f"There is no engine data in {data_dir}: fine-tune a model there first, or give "
            "the engine's data folder with --engine-data-dir.",
        )
    store = Store(db)
    try:
        entries = list_models(store, models_dir)
        entry = next((e for e in entries if e.id == model_id), None)
        if entry is None:
            tuned = [e.id for e in entries if e.kind != "base"]
            known = ", ".join(tuned[:10]) or "none yet"
            raise ExportError(
                ExportErrorCode.MODEL_NOT_FOUND,
                f"The engine has no fine-tuned model {model_id!r} (its fine-tuned models: "
                f"{known}).",
            )
        if entry.kind == "base" or entry.adapter_dir is None:
            raise ExportError(
                ExportErrorCode.MODEL_NOT_FOUND,
                f"{model_id} is a base model: there is no fine-tuning to export. Its folder is "
                f"{entry.base_dir}.",
            )
        return _facts(store, data_dir, entry)
    finally:
        store.close()


def _facts(store: Store, data_dir: Path, entry: ModelEntry) -> ExportSource:
    assert entry.adapter_dir is not None
    job = store.get(JobRecord, entry.job_id) if entry.job_id else None
    step = None
    losses: dict[str, float] = {}
    if entry.kind == "checkpoint":
        checkpoint = next((c for c in store.all(CheckpointRecord, "model_name = ?", [entry.id])),
                          None)
        if checkpoint is not None:
            step = checkpoint.step
            losses = _losses(checkpoint.metrics)
    elif job is not None:
        events, _ = store.page(EventRecord, where="job_id = ? AND type = 'metrics'",
                               params=[job.id], limit=1)
        if events:
            losses = _losses(events[0].data)
    files_dir = EngineConfig(data_dir=data_dir, models_dir=data_dir, token="").files_dir
    return ExportSource(
        model_id=entry.id, kind=entry.kind, base_name=entry.base_model,
        base_dir=entry.base_dir, adapter_dir=entry.adapter_dir,
        job_id=job.id if job else None, method=job.method_type if job else None, step=step,
        hyperparameters=dict(job.hyperparameters) if job else {},
        engine_options=dict(job.engine_options) if job else {},
        seed=job.seed if job else None,
        dataset=_dataset(store, files_dir, job.training_file) if job else None,
        validation=(_dataset(store, files_dir, job.validation_file)
                    if job and job.validation_file else None),
        losses=losses,
    )


def _losses(data: dict[str, Any]) -> dict[str, float]:
    return {key: float(data[key]) for key in LOSS_KEYS if isinstance(data.get(key), int | float)}


def _dataset(store: Store, files_dir: Path, file_id: str) -> DatasetFacts | None:
    record = store.get(FileRecord, file_id)
    if record is None:
        return None
    path = files_dir / file_id
    hasher = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                hasher.update(chunk)
    except OSError:  # deleted from the engine since: the card says so
        return DatasetFacts(record.filename, None, record.n_examples, None)
    return DatasetFacts(record.filename, hasher.hexdigest(), record.n_examples, path)


def system_prompt_of(source: ExportSource) -> str | None:
    """The system message most training examples start with (for Ollama's SYSTEM)."""
    from fine_tune_studio.core.conversation import most_common_system_prompt

    dataset = source.dataset
    if dataset is None or dataset.path is None:
        return None
    try:
        with dataset.path.open(encoding="utf-8-sig", errors="replace") as handle:
            return most_common_system_prompt(handle)
    except OSError:
        return None


def describe_settings(source: ExportSource) -> dict[str, Any]:
    """Hyperparameters as the job ran them (resolved "auto"), engine options and seed."""
    settings: dict[str, Any] = {"method": source.method or "supervised"}
    settings.update(source.hyperparameters)
    settings.update(source.engine_options)
    if source.seed is not None:
        settings["seed"] = source.seed
    return json.loads(json.dumps(settings, default=str))
