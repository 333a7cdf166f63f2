"""What the job service needs of a provider, whatever protocol it speaks.

`FineTuningAdapter` is the contract; `adapter_for` picks the implementation for a
provider's client. Today every provider kind speaks OpenAI's protocol
(`services/openai_jobs.py`); a provider with its own REST API (Together AI) adds a class
with the same methods and a branch here, and nothing above this line changes. Every
method raises `ServiceError` for failures the user should hear about and lets
`asyncio.CancelledError` through.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from fine_tune_studio.core.job_state import (
    JobAction,
    JobCheckpoint,
    JobEventPage,
    JobSettings,
    JobSnapshot,
    ResultFile,
)
from fine_tune_studio.core.metrics import MetricPoint
from fine_tune_studio.core.providers import ProviderKind, ProviderProfile
from fine_tune_studio.core.training_limits import PriceEstimate, TrainingLimits
from fine_tune_studio.core.training_memory import EngineFacts
from fine_tune_studio.services.client import ModelInfo, ProgressCallback, ProviderClient
from fine_tune_studio.services.openai_jobs import OpenAIProtocolJobs
from fine_tune_studio.services.together_client import TogetherClient
from fine_tune_studio.services.together_download import DownloadProgress
from fine_tune_studio.services.together_jobs import TogetherJobs


class FineTuningAdapter(Protocol):
    @property
    def profile(self) -> ProviderProfile: ...

    async def list_models(self) -> list[ModelInfo]:
        """Models, fine-tunable first (`ModelInfo.fine_tunable`, `.is_fine_tuned`)."""
        ...

    async def upload_training_file(
        self, name: str, data: bytes, progress: ProgressCallback | None = None
    ) -> str:
        """Send a JSONL training (or validation) file; returns the provider's file id."""
        ...

    async def wait_until_ready(self, file_id: str) -> None:
        """Return once the provider accepts the file for training; raise if it refused it."""
        ...

    async def start_job(
        self, settings: JobSettings, training_file: str, validation_file: str | None
    ) -> JobSnapshot:
        """Create the job (never twice, even when a request is retried)."""
        ...

    async def list_jobs(self, limit: int = 50) -> list[JobSnapshot]: ...

    async def get_job(self, job_id: str) -> JobSnapshot: ...

    async def control_job(self, job_id: str, action: JobAction) -> JobSnapshot: ...

    async def job_events(self, job_id: str, after: str | None = None) -> JobEventPage:
        """Log lines and metrics newer than the cursor `after` (None: from the start)."""
        ...

    async def job_checkpoints(self, job_id: str) -> list[JobCheckpoint]:
        """Checkpoints, oldest step first."""
        ...

    async def result_files(self, job: JobSnapshot) -> list[ResultFile]: ...

    async def result_metrics(self, job: JobSnapshot) -> list[MetricPoint]:
        """A finished job's per-step metrics from what it left behind ([] if none)."""
        ...

    async def training_limits(self, model: str) -> TrainingLimits | None:
        """The provider's own limits for fine-tuning `model`; None when it states none
        (the app's table applies)."""
        ...

    async def engine_facts(self) -> EngineFacts | None:
        """Our engine's device and models' shapes (GET /v1/engine); None elsewhere."""
        ...

    async def estimate_price(
        self, settings: JobSettings, training_file: str, validation_file: str | None
    ) -> PriceEstimate | None:
        """The provider's price for this job, asked with the uploaded files; None when the
        provider has no such service (the app's dated price table is used instead)."""
        ...

    async def download_weights(
        self, job_id: str, models_dir: Path, *, progress: DownloadProgress | None = None
    ) -> Path:
        """The finished job's model as a folder in `models_dir` (ServiceError where the
        provider keeps its weights)."""
        ...


@dataclass(frozen=True)
class AdapterFeatures:
    """What a kind of provider can do beyond the common contract, for views to decide
    what to offer before asking (the methods themselves still refuse in words)."""

    pause: bool = False
    provider_limits: bool = False  # training_limits answers
    price_estimate: bool = False  # estimate_price answers (needs the files uploaded)
    weights_download: bool = False
    training_types: bool = False  # LoRA or full, chosen per job


def features_of(kind: ProviderKind) -> AdapterFeatures:
    if kind is ProviderKind.TOGETHER:
        return AdapterFeatures(provider_limits=True, price_estimate=True,
                               weights_download=True, training_types=True)
    return AdapterFeatures(pause=kind.is_engine)


def adapter_for(client: ProviderClient) -> FineTuningAdapter:
    """The adapter that speaks `client`'s provider's protocol."""
    if isinstance(client, TogetherClient):
        return TogetherJobs(client)
    if client.profile.kind is ProviderKind.TOGETHER:
        raise TypeError("a Together AI profile needs a TogetherClient (services.providers"
                        ".make_client)")
    return OpenAIProtocolJobs(client)
