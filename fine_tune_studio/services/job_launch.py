"""Starting a fine-tuning job from checked examples: one awaited call, progress on the way.

    launched = await launch_job(adapter, plan, review_privacy=ask_user, progress=show)

In order: refuse a file with errors; when the examples would leave this computer, scan
them for personal data and let the user decide (`review_privacy`); split off the held-out
part; upload each part from memory and wait until the provider has processed it; create
the job; describe it as a `JobRecord` (which file started it). `JobService.launch` adds
the record to the book and starts watching the job.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import PurePath

from fine_tune_studio.core.job_records import JobRecord
from fine_tune_studio.core.job_state import JobSettings, JobSnapshot
from fine_tune_studio.core.privacy import Finding, PrivacyChoice
from fine_tune_studio.core.providers import ProviderKind
from fine_tune_studio.core.training_files import (
    ExamplesFile,
    find_personal_data,
    jsonl,
    split_for_validation,
)
from fine_tune_studio.services.errors import ErrorKind, ServiceError
from fine_tune_studio.services.job_adapter import FineTuningAdapter


class ValidationMode(StrEnum):
    NONE = "none"
    SPLIT = "split"  # hold out part of the training examples (seeded, repeatable)
    FILE = "file"  # a separate validation file


@dataclass(frozen=True)
class LaunchPlan:
    """Everything the user decided before "Start training"."""

    provider_id: str
    settings: JobSettings
    training: ExamplesFile
    validation_mode: ValidationMode = ValidationMode.NONE
    split_fraction: float = 0.1
    validation_file: ExamplesFile | None = None
    # What the wizard predicted the job trains on (o200k tokens x epochs): kept with the
    # job so the next time estimate measures speed in the same units as its prediction.
    predicted_tokens: int | None = None

    def parts(self) -> tuple[list[bytes], list[bytes]]:
        """The training and validation example lines that will be uploaded."""
        lines = self.training.example_lines()
        if self.validation_mode is ValidationMode.SPLIT:
            seed = self.settings.seed if self.settings.seed is not None else 0
            return split_for_validation(lines, self.split_fraction, seed)
        if self.validation_mode is ValidationMode.FILE and self.validation_file is not None:
            return lines, self.validation_file.example_lines()
        return lines, []

    def uploaded_files(self) -> list[ExamplesFile]:
        files = [self.training]
        if self.validation_mode is ValidationMode.FILE and self.validation_file is not None:
            files.append(self.validation_file)
        return files


# -- the privacy stop -------------------------------------------------------------------


@dataclass(frozen=True)
class PrivacyFindings:
    """What the scan found in each file about to be uploaded."""

    training: tuple[Finding, ...] = ()
    validation: tuple[Finding, ...] = ()  # in a separate validation file

    def __len__(self) -> int:
        return len(self.training) + len(self.validation)


PrivacyReview = Callable[[PrivacyFindings], Awaitable[PrivacyChoice]]


def leaves_the_computer(kind: ProviderKind) -> bool:
    """Whether a provider of this kind receives the examples over the network."""
    return kind is not ProviderKind.LOCAL_ENGINE


async def scan_plan(plan: LaunchPlan) -> PrivacyFindings:
    """The privacy scan of every file the plan uploads, in a worker thread."""
    training = await asyncio.to_thread(find_personal_data, plan.training)
    validation: list[Finding] = []
    if plan.validation_mode is ValidationMode.FILE and plan.validation_file is not None:
        validation = await asyncio.to_thread(find_personal_data, plan.validation_file)
    return PrivacyFindings(tuple(training), tuple(validation))


def without_findings(plan: LaunchPlan, findings: PrivacyFindings) -> tuple[LaunchPlan, int]:
    """The plan minus every example that holds a finding, and how many were left out."""
    train_lines = {f.line for f in findings.training}
    valid_lines = {f.line for f in findings.validation}
    changed = replace(plan, training=plan.training.without_lines(train_lines))
    if plan.validation_file is not None and valid_lines:
        changed = replace(changed, validation_file=plan.validation_file.without_lines(valid_lines))
    return changed, len(train_lines) + len(valid_lines)


# -- progress and outcome ---------------------------------------------------------------


class LaunchStage(StrEnum):
    SCANNING = "scanning"  # looking for personal data
    UPLOADING_TRAINING = "uploading_training"
    UPLOADING_VALIDATION = "uploading_validation"
    PROCESSING = "processing"  # the provider checks an uploaded file
    STARTING = "starting"  # creating the job
    STARTED = "started"


@dataclass(frozen=True)
class LaunchProgress:
    stage: LaunchStage
    sent: int = 0  # bytes of the current upload
    total: int = 0


ProgressSink = Callable[[LaunchProgress], None]


@dataclass(frozen=True)
class LaunchedJob:
    provider_id: str
    job: JobSnapshot
    record: JobRecord
    excluded: int = 0  # examples left out for personal data


class NothingLeftToUpload(Exception):
    """Leaving out the examples with personal data left none to train on."""


def _refuse_errors(plan: LaunchPlan) -> None:
    for examples in plan.uploaded_files():
        if examples.report.has_errors:
            # The wizard never offers this; a file with errors must not reach a provider.
            raise ServiceError(
                ErrorKind.INVALID_REQUEST,
                f"{examples.name} has errors; fix them before uploading.",
                operation="launch",
            )


@dataclass(frozen=True)
class UploadedFiles:
    """Examples already with the provider: what `upload_plan` sent, for a price estimate
    before the job and for the job itself (nothing is sent twice)."""

    fingerprint: str  # of the plan's provider and uploaded parts, before any was left out
    training_id: str
    validation_id: str | None
    n_train: int
    excluded: int = 0
    plan: LaunchPlan | None = None  # the plan as uploaded (minus left-out examples)


def plan_fingerprint(plan: LaunchPlan) -> str:
    """Changes whenever what `upload_plan` would send changes (file, split, seed, provider)."""
    digest = hashlib.sha256(plan.provider_id.encode())
    for part in plan.parts():
        digest.update(b"\x00part")
        for line in part:
            digest.update(line)
            digest.update(b"\n")
    return digest.hexdigest()


async def upload_plan(
    adapter: FineTuningAdapter,
    plan: LaunchPlan,
    *,
    review_privacy: PrivacyReview,
    progress: ProgressSink | None = None,
) -> UploadedFiles | None:
    """The first half of a launch: refuse errors, the privacy stop, upload and wait until
    processed. None when the user chose to go back and fix what the scan found."""

    def tell(stage: LaunchStage, sent: int = 0, total: int = 0) -> None:
        if progress is not None:
            progress(LaunchProgress(stage, sent, total))

    _refuse_errors(plan)
    fingerprint = plan_fingerprint(plan)
    excluded = 0
    if leaves_the_computer(adapter.profile.kind):
        tell(LaunchStage.SCANNING)
        findings = await scan_plan(plan)
        if len(findings):
            choice = await review_privacy(findings)
            if choice is PrivacyChoice.FIX:
                return None
            if choice is PrivacyChoice.EXCLUDE:
                plan, excluded = without_findings(plan, findings)
    train, valid = plan.parts()
    if not train:
        raise NothingLeftToUpload
    stem = PurePath(plan.training.name).stem or "examples"

    async def upload(lines: list[bytes], name: str, stage: LaunchStage) -> str:
        tell(stage)
        file_id = await adapter.upload_training_file(
            name, jsonl(lines), progress=lambda sent, total: tell(stage, sent, total)
        )
        tell(LaunchStage.PROCESSING)
        await adapter.wait_until_ready(file_id)
        return file_id

    training_id = await upload(train, f"{stem}.train.jsonl", LaunchStage.UPLOADING_TRAINING)
    validation_id = None
    if valid:
        validation_id = await upload(
            valid, f"{stem}.valid.jsonl", LaunchStage.UPLOADING_VALIDATION
        )
    return UploadedFiles(fingerprint, training_id, validation_id, len(train), excluded, plan)


async def start_uploaded(
    adapter: FineTuningAdapter,
    plan: LaunchPlan,
    uploaded: UploadedFiles,
    *,
    progress: ProgressSink | None = None,
) -> LaunchedJob:
    """The second half: create the job from files already uploaded, with `plan`'s
    settings (which may have changed since the upload; the files may not)."""
    if uploaded.fingerprint != plan_fingerprint(plan):
        raise ValueError("the uploaded files are not this plan's examples")
    if progress is not None:
        progress(LaunchProgress(LaunchStage.STARTING))
    job = await adapter.start_job(plan.settings, uploaded.training_id, uploaded.validation_id)
    training = plan.training
    record = JobRecord(
        provider_id=plan.provider_id,
        job_id=job.id,
        dataset_path=str(training.path) if training.path else training.name,
        validation_path=(
            str(plan.validation_file.path)
            if plan.validation_mode is ValidationMode.FILE
            and plan.validation_file is not None
            and plan.validation_file.path is not None
            else None
        ),
        base_model=plan.settings.model,
        method=plan.settings.method.value,
        suffix=plan.settings.suffix,
        n_examples=uploaded.n_train,
        estimated_tokens=training.report.tokens.total,
        predicted_tokens=plan.predicted_tokens,
    )
    if progress is not None:
        progress(LaunchProgress(LaunchStage.STARTED))
    return LaunchedJob(plan.provider_id, job, record, uploaded.excluded)


async def launch_job(
    adapter: FineTuningAdapter,
    plan: LaunchPlan,
    *,
    review_privacy: PrivacyReview,
    progress: ProgressSink | None = None,
    uploaded: UploadedFiles | None = None,
) -> LaunchedJob | None:
    """Upload the plan's examples and start the job; None when the user chose to go back
    and fix what the privacy scan found. Raises ServiceError (upload, processing or job
    creation failed) or NothingLeftToUpload.

    `uploaded`: the same plan's files, already sent by `upload_plan` (to ask the provider
    for a price first); they are used instead of uploading again."""
    if uploaded is None or uploaded.fingerprint != plan_fingerprint(plan):
        uploaded = await upload_plan(
            adapter, plan, review_privacy=review_privacy, progress=progress
        )
        if uploaded is None:
            return None
    return await start_uploaded(adapter, plan, uploaded, progress=progress)
