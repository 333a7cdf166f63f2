"""Which jobs of a running engine use a base model, asked over its API (the app's way;
`models remove` reads the engine's records instead, engine/model_usage.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

UNFINISHED = {"validating_files", "queued", "running", "paused"}


class EngineJobs(Protocol):
    """The part of `services.client.ProviderClient` this needs."""

    async def list_jobs(self, limit: int = 20, after: str | None = None) -> list[Any]: ...
    async def list_models(self) -> list[Any]: ...


@dataclass
class ModelUsage:
    unfinished_jobs: list[str] = field(default_factory=list)
    fine_tuned_models: list[str] = field(default_factory=list)


def made_from(model_id: str, base: str) -> bool:
    """Whether an engine model id names `base` or a fine-tune of it (`ft:<base>:…`)."""
    return model_id == base or model_id.startswith(f"ft:{base}:")


async def model_usage(client: EngineJobs, name: str, *, page: int = 100) -> ModelUsage:
    usage = ModelUsage()
    after: str | None = None
    while True:
        jobs = await client.list_jobs(limit=page, after=after)
        for job in jobs:
            if job.status in UNFINISHED and made_from(str(job.model), name):
                usage.unfinished_jobs.append(str(job.id))
        if len(jobs) < page:
            break
        after = jobs[-1].id
    usage.fine_tuned_models = sorted(
        m.id for m in await client.list_models()
        if getattr(m, "is_fine_tuned", False) and made_from(m.id, name) and ":ckpt-" not in m.id
    )
    return usage
