"""Which models the engine can serve: base folders under the models dir, fine-tuned
adapters of succeeded jobs, and their checkpoints."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from fine_tune_studio.engine.records import CheckpointRecord, JobRecord
from fine_tune_studio.engine.store import Store

ModelKind = Literal["base", "fine-tuned", "checkpoint"]


@dataclass(frozen=True)
class ModelEntry:
    id: str
    kind: ModelKind
    created: int
    base_model: str
    base_dir: Path
    adapter_dir: Path | None = None
    job_id: str | None = None

    @property
    def owned_by(self) -> str:
        return "local" if self.kind == "base" else "user"


def base_model_dirs(models_dir: Path) -> dict[str, Path]:
    """Hugging Face model folders (a config.json inside) one level under models_dir.

    Read at every request, so a model put there appears without a restart. Hidden folders
    are work in progress (downloads, copies, removals: services/local_models.py)."""
    found: dict[str, Path] = {}
    if not models_dir.is_dir():
        return found
    for child in sorted(models_dir.iterdir()):
        if (child.is_dir() and (child / "config.json").is_file() and ":" not in child.name
                and not child.name.startswith(".")):
            found[child.name] = child
    return found


def fine_tuned_name(base_model: str, suffix: str | None, job_short_id: str) -> str:
    return f"ft:{base_model}:{suffix or 'local'}:{job_short_id}"


def checkpoint_name(fine_tuned_model: str, step: int) -> str:
    return f"{fine_tuned_model}:ckpt-step-{step}"


def list_models(store: Store, models_dir: Path) -> list[ModelEntry]:
    bases = base_model_dirs(models_dir)
    entries = [
        ModelEntry(id=name, kind="base", created=int(path.stat().st_mtime), base_model=name,
                   base_dir=path)
        for name, path in bases.items()
    ]
    jobs = {j.id: j for j in store.all(JobRecord, "status = ?", ["succeeded"])}
    for job in jobs.values():
        base_dir = _base_dir_of(job, bases)
        if job.model_deleted or not job.fine_tuned_model or not job.adapter_dir or not base_dir:
            continue
        entries.append(ModelEntry(
            id=job.fine_tuned_model, kind="fine-tuned", created=job.finished_at or job.created_at,
            base_model=_root_base_name(job, base_dir), base_dir=base_dir,
            adapter_dir=Path(job.adapter_dir), job_id=job.id,
        ))
    all_jobs = {j.id: j for j in store.all(JobRecord)}
    for ckpt in store.all(CheckpointRecord, "deleted = 0"):
        owner = all_jobs.get(ckpt.job_id)
        if owner is None:
            continue
        base_dir = _base_dir_of(owner, bases)
        if base_dir is None:
            continue
        entries.append(ModelEntry(
            id=ckpt.model_name, kind="checkpoint", created=ckpt.created_at,
            base_model=_root_base_name(owner, base_dir), base_dir=base_dir,
            adapter_dir=Path(ckpt.path), job_id=owner.id,
        ))
    return entries


def _base_dir_of(job: JobRecord, bases: dict[str, Path]) -> Path | None:
    """The root base folder of a job (a job may continue from another fine-tuned model)."""
    if job.base_dir:
        path = Path(job.base_dir)
        return path if path.is_dir() else None
    return bases.get(job.model)


def find_model(store: Store, models_dir: Path, model_id: str) -> ModelEntry | None:
    for entry in list_models(store, models_dir):
        if entry.id == model_id:
            return entry
    return None


def _root_base_name(job: JobRecord, base_dir: Path) -> str:
    return base_dir.name if job.base_dir else job.model
