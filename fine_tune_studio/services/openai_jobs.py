"""The fine-tuning adapter for providers that speak OpenAI's protocol.

OpenAI, Azure OpenAI, OpenAI-compatible servers and our own engine (local or remote) all
answer `files`, `fine_tuning.jobs`, its events and checkpoints in OpenAI's shapes. This is
the one place that reads and writes those shapes for jobs: requests are built from
`JobSettings`, answers become `core.job_state` values. Everything else in the app works
with those values, so another protocol (Together's `/fine-tunes`) needs only its own
adapter (see docs/architecture.md, "Provider adapters").
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from fine_tune_studio.core.hyperparameters import build_hyperparameters
from fine_tune_studio.core.job_state import (
    JobAction,
    JobCheckpoint,
    JobEvent,
    JobEventPage,
    JobFailure,
    JobSettings,
    JobSnapshot,
    ResultFile,
)
from fine_tune_studio.core.metrics import (
    MetricPoint,
    parse_result_csv,
    point_from_event,
    point_from_mapping,
)
from fine_tune_studio.core.providers import ProviderKind, ProviderProfile
from fine_tune_studio.core.training_limits import PriceEstimate, TrainingLimits
from fine_tune_studio.core.training_memory import EngineFacts
from fine_tune_studio.services.client import ModelInfo, ProgressCallback, ProviderClient
from fine_tune_studio.services.errors import ErrorKind, ServiceError

log = logging.getLogger(__name__)


def _field(obj: Any, name: str) -> Any:
    """A field of an SDK object (declared or extra) or of a plain dict."""
    if obj is None:
        return None
    if isinstance(obj, Mapping):
        return obj.get(name)
    value = getattr(obj, name, None)
    if value is None:
        extra = getattr(obj, "model_extra", None) or {}
        value = extra.get(name)
    return value


def _as_dict(obj: Any) -> dict[str, Any]:
    if obj is None:
        return {}
    if isinstance(obj, Mapping):
        return dict(obj)
    dump = getattr(obj, "model_dump", None)
    if callable(dump):
        result = dump()
        return dict(result) if isinstance(result, Mapping) else {}
    return dict(getattr(obj, "__dict__", {}))


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _suffix(job: Any) -> str | None:
    value = _field(job, "suffix")
    if isinstance(value, str) and value:
        return value
    # OpenAI names fine-tunes ft:base:org:suffix:id and does not echo the suffix.
    parts = str(_field(job, "fine_tuned_model") or "").split(":")
    return (parts[3] or None) if len(parts) >= 5 else None


def snapshot_of(job: Any) -> JobSnapshot:
    """A `fine_tuning.job` (SDK object or dict) as the app's provider-neutral snapshot."""
    method = _field(job, "method")
    kind = str(_field(method, "type") or "supervised")
    hyper = _as_dict(_field(_field(method, kind), "hyperparameters")) or _as_dict(
        _field(job, "hyperparameters")
    )
    error = _field(job, "error")
    message = _field(error, "message")
    code = _field(error, "code")
    failure = JobFailure(str(message) if message else None, str(code) if code else None)
    engine = _field(job, "engine")
    trained = _field(job, "trained_tokens")
    return JobSnapshot(
        id=str(_field(job, "id")),
        status=str(_field(job, "status")) if _field(job, "status") is not None else None,
        model=str(_field(job, "model") or ""),
        fine_tuned_model=_field(job, "fine_tuned_model") or None,
        suffix=_suffix(job),
        created_at=_number(_field(job, "created_at")),
        finished_at=_number(_field(job, "finished_at")) or None,
        estimated_finish=_number(_field(job, "estimated_finish")) or None,
        trained_tokens=trained if isinstance(trained, int) else None,
        failure=failure if (message or code) else None,
        result_files=tuple(str(f) for f in (_field(job, "result_files") or [])),
        method=kind,
        hyperparameters={k: v for k, v in hyper.items() if v is not None},
        engine_options=dict(engine) if isinstance(engine, Mapping) else {},
    )


def event_of(event: Any) -> JobEvent:
    created = _number(_field(event, "created_at"))
    return JobEvent(
        id=str(_field(event, "id")),
        created_at=created,
        message=str(_field(event, "message") or ""),
        level=str(_field(event, "level") or "info"),
        type=_field(event, "type"),
        data=_as_dict(_field(event, "data")),
    )


def checkpoint_of(checkpoint: Any) -> JobCheckpoint:
    step = _field(checkpoint, "step_number")
    metrics = point_from_mapping({**_as_dict(_field(checkpoint, "metrics")), "step": step or 0})
    return JobCheckpoint(
        id=str(_field(checkpoint, "id")),
        step=step if isinstance(step, int) else None,
        model=_field(checkpoint, "fine_tuned_model_checkpoint") or None,
        metrics=metrics if metrics is not None and metrics.values else None,
    )


def azure_training_type(profile: ProviderProfile) -> str | None:
    """The `trainingType` an Azure job carries, or None.

    Azure documents it on the v1 path and from api-version 2025-04-01-preview on (older
    versions refuse unknown fields): "GlobalStandard", "Standard" or "developerTier".
    """
    if profile.kind is not ProviderKind.AZURE_OPENAI or profile.azure_training_type is None:
        return None
    version = profile.azure_api_version or ""
    if profile.azure_use_v1 or version[:10] >= "2025-04-01" or version in ("latest", "preview"):
        return profile.azure_training_type.value
    return None


def create_job_request(
    settings: JobSettings, *, engine: bool, training_type: str | None = None
) -> dict[str, Any]:
    """Keyword arguments for `ProviderClient.create_job`, files left out.

    OpenAI's shape: method={"type": t, t: {"hyperparameters": {...}}} with only the values
    not left on Auto. Our engine's own settings travel as extra_body={"engine": {...}}
    (docs/engine.md) and only to an engine: OpenAI would refuse them. Azure's
    `trainingType` (see `azure_training_type`) travels in extra_body too.
    """
    standard, extras = build_hyperparameters(settings.method, dict(settings.values))
    method: dict[str, Any] = {"type": settings.method.value}
    if standard:
        method[settings.method.value] = {"hyperparameters": standard}
    kwargs: dict[str, Any] = {"model": settings.model, "method": method}
    if settings.suffix:
        kwargs["suffix"] = settings.suffix
    if settings.seed is not None:
        kwargs["seed"] = settings.seed
    extra: dict[str, Any] = {}
    if engine and extras:
        extra["engine"] = extras
    if training_type:
        extra["trainingType"] = training_type
    if extra:
        kwargs["extra_body"] = extra
    return kwargs


class OpenAIProtocolJobs:
    """`FineTuningAdapter` over a `ProviderClient` (which keeps retries and error words)."""

    def __init__(self, client: ProviderClient) -> None:
        self.client = client

    @property
    def profile(self) -> ProviderProfile:
        return self.client.profile

    async def list_models(self) -> list[ModelInfo]:
        return await self.client.list_models()

    async def upload_training_file(
        self, name: str, data: bytes, progress: ProgressCallback | None = None
    ) -> str:
        uploaded = await self.client.upload_file(name, data, progress=progress)
        return str(uploaded.id)

    async def wait_until_ready(self, file_id: str) -> None:
        await self.client.wait_for_file(file_id)

    async def start_job(
        self, settings: JobSettings, training_file: str, validation_file: str | None
    ) -> JobSnapshot:
        kwargs = create_job_request(
            settings,
            engine=self.profile.kind.is_engine,
            training_type=azure_training_type(self.profile),
        )
        job = await self.client.create_job(
            training_file=training_file, validation_file=validation_file, **kwargs
        )
        return snapshot_of(job)

    async def list_jobs(self, limit: int = 50) -> list[JobSnapshot]:
        return [snapshot_of(job) for job in await self.client.list_jobs(limit=limit)]

    async def get_job(self, job_id: str) -> JobSnapshot:
        return snapshot_of(await self.client.retrieve_job(job_id))

    async def control_job(self, job_id: str, action: JobAction) -> JobSnapshot:
        call = {
            JobAction.CANCEL: self.client.cancel_job,
            JobAction.PAUSE: self.client.pause_job,
            JobAction.RESUME: self.client.resume_job,
        }[action]
        return snapshot_of(await call(job_id))

    async def job_events(self, job_id: str, after: str | None = None) -> JobEventPage:
        page = await self.client.list_events(job_id, after=after)
        points: list[MetricPoint] = []
        first_at: float | None = None
        for event in page.events:
            point = point_from_event(event)
            if point is not None:
                points.append(point)
                if first_at is None:
                    first_at = _number(_field(event, "created_at"))
        return JobEventPage(
            events=tuple(event_of(e) for e in page.events),
            points=tuple(points),
            cursor=page.cursor,
            points_since=first_at,
        )

    async def job_checkpoints(self, job_id: str) -> list[JobCheckpoint]:
        checkpoints = [checkpoint_of(c) for c in await self.client.list_checkpoints(job_id)]
        checkpoints.sort(key=lambda c: c.step or 0)
        return checkpoints

    async def result_files(self, job: JobSnapshot) -> list[ResultFile]:
        # OpenAI's result file is a CSV of per-step metrics, named by its file id.
        return [
            ResultFile(f"{file_id}.csv", await self.client.download_file(file_id))
            for file_id in job.result_files
        ]

    async def result_metrics(self, job: JobSnapshot) -> list[MetricPoint]:
        """The per-step metrics of a finished job from its result file (for jobs whose
        events were not kept, or a provider that sends no metrics events)."""
        for file_id in job.result_files:
            try:
                data = await self.client.download_file(file_id)
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # the chart stays empty; the job itself is fine
                log.info("result file %s unreadable: %s", file_id, exc)
                continue
            points = parse_result_csv(data)
            if points:
                return points
        return []

    async def training_limits(self, model: str) -> TrainingLimits | None:
        return None  # OpenAI's protocol states no per-model limits: the app's table applies

    async def engine_facts(self) -> EngineFacts | None:
        return await self.client.engine_facts()

    async def estimate_price(
        self, settings: JobSettings, training_file: str, validation_file: str | None
    ) -> PriceEstimate | None:
        return None  # no price service: the wizard uses the dated price table

    async def download_weights(self, job_id: str, models_dir: Path, *, progress: Any = None
                               ) -> Path:
        raise ServiceError(
            ErrorKind.INVALID_REQUEST,
            "This provider keeps a fine-tuned model's weights; they cannot be downloaded.",
            operation="download_weights",
        )
