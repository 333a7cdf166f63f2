"""`JobService`: the app's one place for fine-tuning jobs (Qt-free).

    service = JobService(adapter_for, providers, JobRecordStore(path), listener)
    launched = await service.launch(plan, review_privacy=ask, progress=show)  # start one
    async for update in service.follow(provider_id, job_id): ...              # follow one
    service.start_watching()                                # every job, reported to listener

It keeps the record book (which file started which job, saved under the data folder),
the watcher of every provider's jobs, and the answers views need about a job: its
history, its result files, the pair of models to compare in the playground. Views (the
launch wizard, the Training panel) only show what it says. See docs/jobs.md.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import re
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from fine_tune_studio.core.conversation import most_common_system_prompt
from fine_tune_studio.core.job_state import SUCCEEDED, JobAction, ResultFile
from fine_tune_studio.core.time_estimate import FinishedRun, finished_run
from fine_tune_studio.core.training_limits import PriceEstimate, TrainingLimits
from fine_tune_studio.core.training_memory import EngineFacts
from fine_tune_studio.services.client import ModelInfo
from fine_tune_studio.services.job_launch import (
    LaunchedJob,
    LaunchPlan,
    PrivacyReview,
    ProgressSink,
    UploadedFiles,
    launch_job,
    plan_fingerprint,
    upload_plan,
)
from fine_tune_studio.services.job_records_store import JobRecordStore
from fine_tune_studio.services.job_watch import (
    AdapterFor,
    JobUpdate,
    JobWatcher,
    JobWatchListener,
    ProviderRef,
    Spawn,
    TrackedJob,
    follow_job,
)
from fine_tune_studio.services.together_download import DownloadProgress

log = logging.getLogger(__name__)

# The LoRA add-on's shape: fixed once trained (a continuation trains the same add-on).
LORA_SHAPE = ("lora_r", "lora_alpha", "trainable_layers")
# A checkpoint's id is its fine-tune's id plus this (OpenAI's and our engine's shape).
CHECKPOINT_TAIL = re.compile(r":ckpt-step-\d+$")

# Enough lines to find a dataset's usual system prompt without reading a huge file whole.
SYSTEM_PROMPT_SAMPLE = 5000


@dataclass(frozen=True)
class ModelPair:
    """A fine-tune and what it started from, side by side in the playground."""

    provider_id: str
    base_model: str
    tuned_model: str
    system_prompt: str | None  # the one most of its examples start with, if any


def _system_prompt_of(path: Path) -> str | None:
    try:
        with path.open(encoding="utf-8-sig", errors="replace") as handle:
            return most_common_system_prompt(itertools.islice(handle, SYSTEM_PROMPT_SAMPLE))
    except OSError as exc:
        log.info("examples file %s unreadable: %s", path, exc)
        return None


class JobService:
    def __init__(
        self,
        adapter_for: AdapterFor,
        providers: Callable[[], Sequence[ProviderRef]],
        record_store: JobRecordStore,
        listener: JobWatchListener,
        *,
        spawn: Spawn | None = None,
        base_interval: float = 2.0,
        max_interval: float | None = None,
        list_interval: float = 60.0,
    ) -> None:
        self._adapter_for = adapter_for
        self._providers = providers
        self.record_store = record_store
        self.records = record_store.load()
        self.listener = listener
        self.watcher = JobWatcher(
            adapter_for,
            providers,
            self.records,
            listener,
            spawn=spawn,
            base_interval=base_interval,
            # A quiet job is asked at most every 15 base intervals.
            max_interval=max_interval or base_interval * 15,
            list_interval=list_interval,
        )

    @property
    def jobs(self) -> dict[str, TrackedJob]:
        return self.watcher.jobs

    async def models(self, provider_id: str) -> list[ModelInfo]:
        """The provider's models, fine-tunable ones first."""
        return await (await self._adapter_for(provider_id)).list_models()

    def provider_name(self, provider_id: str) -> str:
        for ref in self._providers():
            if ref.id == provider_id:
                return ref.name
        return provider_id

    # -- launching ------------------------------------------------------------------------

    async def training_limits(self, provider_id: str, model: str) -> TrainingLimits | None:
        """The provider's limits for fine-tuning `model` (None: it states none)."""
        return await (await self._adapter_for(provider_id)).training_limits(model)

    async def engine_facts(self, provider_id: str) -> EngineFacts | None:
        """Where our engine trains and the shapes of its models (None for other providers),
        for the wizard's memory line and time estimate."""
        return await (await self._adapter_for(provider_id)).engine_facts()

    async def upload_for_estimate(
        self,
        plan: LaunchPlan,
        *,
        review_privacy: PrivacyReview,
        progress: ProgressSink | None = None,
    ) -> UploadedFiles | None:
        """Send the plan's examples ahead of the job (privacy stop included), for a provider
        that prices a job only from uploaded files. Pass the result to `estimate_price` and
        `launch`. None when the user went back to fix examples."""
        adapter = await self._adapter_for(plan.provider_id)
        return await upload_plan(adapter, plan, review_privacy=review_privacy,
                                 progress=progress)

    async def estimate_price(
        self, plan: LaunchPlan, uploaded: UploadedFiles
    ) -> PriceEstimate | None:
        """The provider's price for `plan` with files it already holds."""
        if uploaded.fingerprint != plan_fingerprint(plan):
            raise ValueError("the uploaded files are not this plan's examples")
        adapter = await self._adapter_for(plan.provider_id)
        return await adapter.estimate_price(
            plan.settings, uploaded.training_id, uploaded.validation_id
        )

    async def download_weights(
        self, key: str, models_dir: Path, *, progress: DownloadProgress | None = None
    ) -> Path:
        """A finished job's model, brought into `models_dir` (resumes a dropped download)."""
        tracked = self.jobs[key]
        adapter = await self.watcher.adapter(key)
        return await adapter.download_weights(tracked.id, models_dir, progress=progress)

    async def launch(
        self,
        plan: LaunchPlan,
        *,
        review_privacy: PrivacyReview,
        progress: ProgressSink | None = None,
        uploaded: UploadedFiles | None = None,
    ) -> LaunchedJob | None:
        """Start a job from `plan` (see `job_launch.launch_job`), remember which file
        started it and watch it from now on. None when the user stopped to fix examples.
        `uploaded`: the plan's files sent earlier by `upload_for_estimate`."""
        adapter = await self._adapter_for(plan.provider_id)
        launched = await launch_job(
            adapter, plan, review_privacy=review_privacy, progress=progress,
            uploaded=uploaded,
        )
        if launched is None:
            return None
        self.records.add(launched.record)
        await self.save_records()
        self.watcher.add_created(
            plan.provider_id, self.provider_name(plan.provider_id), launched.job, launched.record
        )
        return launched

    async def save_records(self) -> None:
        try:
            await asyncio.to_thread(self.record_store.save, self.records)
        except OSError as exc:
            # The job runs anyway; only "started from this file" is lost after a restart.
            log.warning("job records not saved: %s", exc)
            self.listener.records_not_saved(exc)

    # -- following ------------------------------------------------------------------------

    async def follow(
        self, provider_id: str, job_id: str, *, base_interval: float = 2.0
    ) -> AsyncIterator[JobUpdate]:
        """Updates of one job until it ends (see `job_watch.follow_job`)."""
        adapter = await self._adapter_for(provider_id)
        async for update in follow_job(adapter, job_id, base_interval=base_interval):
            yield update

    def start_watching(self) -> None:
        self.watcher.start()

    def refresh_now(self, *, relist: bool = True) -> None:
        self.watcher.refresh_now(relist=relist)

    async def act(self, key: str, action: JobAction) -> None:
        await self.watcher.act(key, action)

    async def load_history(self, key: str) -> None:
        await self.watcher.load_history(key)

    async def result_files(self, key: str) -> list[ResultFile]:
        tracked = self.jobs[key]
        return await (await self.watcher.adapter(key)).result_files(tracked.job)

    def finished_runs(self) -> list[FinishedRun]:
        """Jobs seen training to the end, for the time estimate before the next launch."""
        runs = []
        for tracked in self.jobs.values():
            job = tracked.job
            if job.status != SUCCEEDED:
                continue
            # The prediction's own units when this app launched it (see JobRecord).
            predicted = tracked.record.predicted_tokens if tracked.record else None
            run = finished_run(
                tracked.provider_id, job.model, predicted or job.trained_tokens,
                job.created_at, job.finished_at,
            )
            if run is not None:
                runs.append(run)
        return runs

    def lora_of(self, model: str) -> dict[str, int]:
        """The LoRA settings (rank, alpha, layers) of the job that made the fine-tune
        `model` (or the fine-tune a checkpoint belongs to), as far as the provider reported
        them; a job continuing from it keeps them. Empty when no known job made it."""
        tuned = CHECKPOINT_TAIL.sub("", model)
        for tracked in self.jobs.values():
            if tracked.job.fine_tuned_model != tuned:
                continue
            options = {**tracked.job.hyperparameters, **tracked.job.engine_options}
            found = {key: int(options[key]) for key in LORA_SHAPE
                     if isinstance(options.get(key), int | float)
                     and not isinstance(options.get(key), bool)}
            started_from = tracked.job.model
            if not found and started_from and started_from != tuned:
                return self.lora_of(started_from)  # itself a continuation: its origin's
            return found
        return {}

    async def model_pair(self, key: str, model: str | None = None) -> ModelPair | None:
        """The job's fine-tune (or one of its checkpoints, `model`) next to the model it
        started from, with the system prompt of the examples it learned from."""
        tracked = self.jobs.get(key)
        if tracked is None:
            return None
        tuned = model or tracked.job.fine_tuned_model
        if not tuned:
            return None
        prompt = None
        record = tracked.record
        if record is not None and record.dataset_path:
            prompt = await asyncio.to_thread(_system_prompt_of, Path(record.dataset_path))
        base = tracked.job.model or (record.base_model if record else "")
        return ModelPair(tracked.provider_id, base, tuned, prompt)

    async def aclose(self) -> None:
        await self.watcher.aclose()

