"""A job continuing from a fine-tune keeps its LoRA add-on's shape: `JobService.lora_of`
finds it from the job that made the model, through checkpoints and earlier continuations."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fine_tune_studio.core.job_state import JobSnapshot
from fine_tune_studio.services.job_records_store import JobRecordStore
from fine_tune_studio.services.job_watch import TrackedJob, job_key
from fine_tune_studio.services.jobs import JobService


class _Quiet:
    def __getattr__(self, _name: str) -> Any:
        return lambda *args, **kwargs: None


def service_with(tmp_path: Path, *jobs: JobSnapshot) -> JobService:
    async def no_adapter(_provider_id: str) -> Any:
        raise AssertionError("nothing is asked")

    service = JobService(no_adapter, list, JobRecordStore(tmp_path / "records.json"),
                         _Quiet())
    for job in jobs:
        service.watcher.jobs[job_key("engine", job.id)] = TrackedJob("engine", "GPU box", job)
    return service


def test_the_shape_comes_from_the_job_that_made_the_model(tmp_path: Path) -> None:
    first = JobSnapshot(id="j1", status="succeeded", model="tiny",
                        fine_tuned_model="ft:tiny:airport:j1",
                        engine_options={"lora_r": 16, "lora_alpha": 32, "trainable_layers": 4})
    again = JobSnapshot(id="j2", status="succeeded", model="ft:tiny:airport:j1",
                        fine_tuned_model="ft:tiny:airport-v2:j2")  # reported no shape
    service = service_with(tmp_path, first, again)
    shape = {"lora_r": 16, "lora_alpha": 32, "trainable_layers": 4}
    assert service.lora_of("ft:tiny:airport:j1") == shape
    assert service.lora_of("ft:tiny:airport:j1:ckpt-step-300") == shape  # a checkpoint
    assert service.lora_of("ft:tiny:airport-v2:j2") == shape  # continued: its origin's
    assert service.lora_of("ft:unknown:x:j9") == {}
