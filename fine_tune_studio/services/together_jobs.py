"""The fine-tuning adapter for Together AI (`FineTuningAdapter` over `TogetherClient`).

The only place that reads and writes Together's job shapes (docs/architecture.md, "Provider
adapters", has the mapping table). Everything it returns is a `core.job_state` value, a
`TrainingLimits` or a `PriceEstimate`, so the panels never learn which provider they
talk to.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from fine_tune_studio.core.hyperparameters import Method
from fine_tune_studio.core.job_state import (
    CANCELLED,
    FAILED,
    SUCCEEDED,
    JobAction,
    JobCheckpoint,
    JobEvent,
    JobEventPage,
    JobFailure,
    JobSettings,
    JobSnapshot,
    ResultFile,
    is_terminal,
)
from fine_tune_studio.core.metrics import Metric, MetricPoint
from fine_tune_studio.core.providers import ProviderProfile
from fine_tune_studio.core.training_limits import (
    DEFAULT_EVALUATIONS,
    PriceEstimate,
    Range,
    TrainingLimits,
    TrainingType,
)
from fine_tune_studio.core.training_memory import EngineFacts
from fine_tune_studio.services.client import ModelInfo, ProgressCallback
from fine_tune_studio.services.errors import ErrorKind, ServiceError
from fine_tune_studio.services.together_client import TogetherClient, parse_time
from fine_tune_studio.services.together_download import (
    DownloadProgress,
    DownloadSource,
    download_archive,
    install_model_archive,
)

log = logging.getLogger(__name__)

# Together's job statuses in the app's (OpenAI's) words. "user_error" is not in the spec's
# enum but the official SDK knows it (a job stopped by a problem in the user's data).
_STATUS: dict[str, str] = {
    "pending": "queued",
    "queued": "queued",
    "running": "running",
    "compressing": "running",
    "uploading": "running",
    "cancel_requested": "cancelling",
    "cancelled": CANCELLED,
    "error": FAILED,
    "user_error": FAILED,
    "completed": SUCCEEDED,
}
# Metric names on /fine-tunes/{id}/metrics -> the app's series. The spec shows train/*;
# the evaluation names are what Together's W&B logging uses.
_METRICS: dict[str, Metric] = {
    "train/loss": Metric.TRAIN_LOSS,
    "eval/loss": Metric.VALID_LOSS,
    "validation/loss": Metric.VALID_LOSS,
    "valid/loss": Metric.VALID_LOSS,
    "train/token_accuracy": Metric.TRAIN_ACCURACY,
    "eval/token_accuracy": Metric.VALID_ACCURACY,
}
_STEP_KEYS = ("train/global_step", "global_step", "step")
_LEVELS = {"warning": "warn", "legacy_iwarning": "warn", "error": "error",
           "legacy_ierror": "error"}


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None


def _positive(value: Any) -> float | None:
    number = _number(value)
    return number if number is not None and number > 0 else None


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


# -- reading Together's shapes --------------------------------------------------------------


def status_of(raw: Any) -> str | None:
    if not isinstance(raw, str):
        return None
    return _STATUS.get(raw.lower(), raw)


def snapshot_of(job: Mapping[str, Any], *, now: float | None = None) -> JobSnapshot:
    status = status_of(job.get("status"))
    raw_method = job.get("training_method")
    method: Mapping[str, Any] = raw_method if isinstance(raw_method, dict) else {}
    kind = "dpo" if str(method.get("method", "")).lower() == "dpo" else "supervised"
    hyper: dict[str, Any] = {}
    for key in ("n_epochs", "batch_size", "learning_rate", "n_evals"):
        value = job.get(key)
        if isinstance(value, int | float) and not isinstance(value, bool):
            hyper[key] = value
    if kind == "dpo" and _number(method.get("dpo_beta")) is not None:
        hyper["beta"] = method["dpo_beta"]
    options: dict[str, Any] = {}
    training_type = job.get("training_type")
    if isinstance(training_type, dict):
        if str(training_type.get("type", "")).lower() == "full":
            options["training"] = "full"
        else:
            for key in ("lora_r", "lora_alpha"):
                if _int(training_type.get(key)) is not None:
                    options[key] = training_type[key]
    output = job.get("model_output_name")
    failure = None
    if status == FAILED:
        failure = JobFailure(_last_error(job.get("events")) or None, str(job.get("status")))
    estimated = None
    progress = job.get("progress")
    if (
        not is_terminal(status)
        and isinstance(progress, dict)
        and progress.get("estimate_available")
        and _int(progress.get("seconds_remaining")) is not None
    ):
        # Rounded to the minute: a finish that shifts by seconds is no news for the list.
        moment = (now or time.time()) + progress["seconds_remaining"]
        estimated = round(moment / 60) * 60
    return JobSnapshot(
        id=str(job.get("id") or ""),
        status=status,
        model=str(job.get("model") or ""),
        fine_tuned_model=output if status == SUCCEEDED and isinstance(output, str) else None,
        suffix=job.get("suffix") if isinstance(job.get("suffix"), str) else None,
        created_at=parse_time(job.get("created_at")),
        finished_at=parse_time(job.get("updated_at")) if is_terminal(status) else None,
        estimated_finish=estimated,
        trained_tokens=_int(job.get("token_count")),
        failure=failure,
        method=kind,
        hyperparameters=hyper,
        engine_options=options,
    )


def _last_error(events: Any) -> str | None:
    if not isinstance(events, list):
        return None
    for event in reversed(events):
        if not isinstance(event, dict):
            continue
        level = str(event.get("level") or "").lower()
        kind = str(event.get("type") or "").lower()
        if level.endswith("error") or kind in ("job_error", "job_user_error"):
            message = event.get("message")
            if isinstance(message, str) and message:
                return message
    return None


def event_of(event: Mapping[str, Any], index: int) -> JobEvent:
    created = parse_time(event.get("created_at"))
    level = _LEVELS.get(str(event.get("level") or "").lower(), "info")
    kind = event.get("type")
    return JobEvent(
        id=_event_key(event, index),
        created_at=created,
        message=str(event.get("message") or ""),
        level=level,
        type=str(kind).lower() if kind else None,
    )


def _event_key(event: Mapping[str, Any], index: int) -> str:
    digest = event.get("hash")
    if isinstance(digest, str) and digest:
        return digest
    return f"{event.get('created_at')}#{index}"


def point_of(raw: Mapping[str, Any], total_steps: int | None) -> MetricPoint | None:
    step = next((_int(raw.get(k)) for k in _STEP_KEYS if _int(raw.get(k)) is not None), None)
    if step is None:
        return None
    values = {
        metric: float(raw[name])
        for name, metric in _METRICS.items()
        if _number(raw.get(name)) is not None
    }
    return MetricPoint(step, values, total_steps)


def limits_of(model: str, raw: Mapping[str, Any]) -> TrainingLimits:
    """FineTuneModelLimits -> the app's limits, per training type and method."""
    ranges: dict[tuple[TrainingType, Method], dict[str, Range]] = {}
    types: set[TrainingType] = set()
    shared: dict[str, Range] = {}
    # A maximum of 0 (or less) states nothing (a placeholder, as in the spec's example):
    # it is left out rather than refusing every value.
    epochs = _positive(raw.get("max_num_epochs"))
    if epochs is not None:
        shared["n_epochs"] = Range(1, epochs)
    evals = _positive(raw.get("max_num_evals"))
    if evals is not None:
        shared["n_evals"] = Range(0, evals)
    low, high = _number(raw.get("min_learning_rate")), _positive(raw.get("max_learning_rate"))
    if low is not None and high is not None and low <= high:
        shared["learning_rate"] = Range(low, high)
    for training_type, key in ((TrainingType.LORA, "lora_training"),
                               (TrainingType.FULL, "full_training")):
        block = raw.get(key)
        if not isinstance(block, dict):
            continue
        types.add(training_type)
        smallest = _int(block.get("min_batch_size")) or 1
        for method, largest_key in ((Method.SUPERVISED, "max_batch_size"),
                                    (Method.DPO, "max_batch_size_dpo")):
            entry = dict(shared)
            largest = _positive(block.get(largest_key))
            if largest is not None and smallest <= largest:
                entry["batch_size"] = Range(smallest, largest)
            rank = _positive(block.get("max_rank"))
            if training_type is TrainingType.LORA and rank is not None:
                entry["lora_r"] = Range(1, rank)
            ranges[(training_type, method)] = entry
    return TrainingLimits(model, frozenset(types), ranges, provider_name="Together AI")


# -- writing Together's requests ------------------------------------------------------------


def _training_method(settings: JobSettings) -> dict[str, Any]:
    if settings.method is Method.DPO:
        method: dict[str, Any] = {"method": "dpo"}
        beta = settings.values.get("beta")
        if beta is not None:
            method["dpo_beta"] = float(beta)
        return method
    # The spec requires train_on_inputs and its schema accepts only a boolean (its "auto"
    # sits in a oneOf that a sibling `type: boolean` overrides: Prism refuses "auto").
    # False = learn from the assistant's answers only, which is what "auto" does for chat.
    return {"method": "sft", "train_on_inputs": False}


def _training_type(
    settings: JobSettings, limits: TrainingLimits | None, *, always: bool
) -> dict[str, Any] | None:
    """`training_type`, or None to leave Together's default (LoRA with its own rank).
    The estimate must name one (`always`): LoRA needs a rank and alpha in the spec."""
    if settings.training_type == TrainingType.FULL.value:
        return {"type": "Full"}
    rank = settings.values.get("lora_r")
    alpha = settings.values.get("lora_alpha")
    if rank is None and alpha is None and not always:
        return None
    if rank is None:
        # The official SDK's rule: the model's largest rank, alpha twice the rank.
        found = limits.range_for("lora_r", TrainingType.LORA, settings.method) if limits else None
        rank = int(found.maximum) if found else 8
    return {"type": "Lora", "lora_r": int(rank),
            "lora_alpha": int(alpha) if alpha is not None else 2 * int(rank)}


def _epochs(settings: JobSettings) -> int:
    value = settings.values.get("n_epochs")
    return int(value) if value is not None else 1  # Together's own default


def _evaluations(settings: JobSettings, limits: TrainingLimits | None) -> int:
    value = settings.values.get("n_evals")
    if value is not None:
        return int(value)
    found = limits.range_for("n_evals", _type_of(settings), settings.method) if limits else None
    return min(DEFAULT_EVALUATIONS, int(found.maximum)) if found else DEFAULT_EVALUATIONS


def _type_of(settings: JobSettings) -> TrainingType:
    return TrainingType.FULL if settings.training_type == "full" else TrainingType.LORA


def fine_tune_request(
    settings: JobSettings,
    training_file: str,
    validation_file: str | None,
    limits: TrainingLimits | None = None,
    *,
    continue_from: tuple[str, str] | None = None,
) -> dict[str, Any]:
    """The body of POST /fine-tunes. `continue_from` = (job id, its base model) when the
    user continues from one of their fine-tunes (`from_checkpoint`)."""
    model = continue_from[1] if continue_from else settings.model
    body: dict[str, Any] = {"model": model, "training_file": training_file,
                            "training_method": _training_method(settings)}
    if continue_from:
        body["from_checkpoint"] = continue_from[0]
    if validation_file:
        body["validation_file"] = validation_file
        body["n_evals"] = _evaluations(settings, limits)
    values = settings.values
    if values.get("n_epochs") is not None:
        body["n_epochs"] = int(values["n_epochs"])  # type: ignore[arg-type]
    if values.get("batch_size") is not None:
        body["batch_size"] = int(values["batch_size"])  # type: ignore[arg-type]
    if values.get("learning_rate") is not None:
        body["learning_rate"] = float(values["learning_rate"])  # type: ignore[arg-type]
    training_type = _training_type(settings, limits, always=False)
    if training_type is not None:
        body["training_type"] = training_type
    if settings.suffix:
        body["suffix"] = settings.suffix
    if settings.seed is not None:
        body["random_seed"] = settings.seed
    return body


def estimate_request(
    settings: JobSettings,
    training_file: str,
    validation_file: str | None,
    limits: TrainingLimits | None = None,
    *,
    continue_from: tuple[str, str] | None = None,
) -> dict[str, Any]:
    """The body of POST /fine-tunes/estimate-price for the job `fine_tune_request` makes."""
    body: dict[str, Any] = {
        "training_file": training_file,
        "model": continue_from[1] if continue_from else settings.model,
        "n_epochs": _epochs(settings),
        "training_method": _training_method(settings),
        "training_type": _training_type(settings, limits, always=True),
    }
    if continue_from:
        body["from_checkpoint"] = continue_from[0]
    if validation_file:
        body["validation_file"] = validation_file
        body["n_evals"] = _evaluations(settings, limits)
    return body


# -- the adapter ----------------------------------------------------------------------------


class TogetherJobs:
    """`FineTuningAdapter` for Together AI."""

    def __init__(self, client: TogetherClient) -> None:
        self.client = client

    @property
    def profile(self) -> ProviderProfile:
        return self.client.profile

    async def list_models(self) -> list[ModelInfo]:
        return await self.client.list_models()

    async def engine_facts(self) -> EngineFacts | None:
        return None  # a hosted service: its hardware is its own business

    async def upload_training_file(
        self, name: str, data: bytes, progress: ProgressCallback | None = None
    ) -> str:
        answer = await self.client.upload_training_file(name, data, progress)
        file_id = answer.get("id")
        if not isinstance(file_id, str) or not file_id:
            raise ServiceError(ErrorKind.UNKNOWN, "The provider did not say which file it kept.",
                               operation="upload_file")
        return file_id

    async def wait_until_ready(self, file_id: str) -> None:
        await self.client.wait_until_processed(file_id)

    async def training_limits(self, model: str) -> TrainingLimits | None:
        base = (await self._continuing(model) or (None, model))[1]
        try:
            return limits_of(base, await self.client.model_limits(base))
        except ServiceError as error:
            if error.status == 404:
                raise ServiceError(
                    ErrorKind.MODEL_NOT_FINE_TUNABLE, status=404, detail=error.detail,
                    operation="training_limits",
                ) from None
            raise

    async def _continuing(self, model: str) -> tuple[str, str] | None:
        """(job id, base model) when `model` is one of the user's fine-tunes."""
        if model in await self.client.supported_models():
            return None
        for job in await self.client.list_fine_tunes():
            if job.get("model_output_name") == model and job.get("id"):
                return str(job["id"]), str(job.get("model") or "")
        return None

    async def estimate_price(
        self, settings: JobSettings, training_file: str, validation_file: str | None
    ) -> PriceEstimate | None:
        continuing = await self._continuing(settings.model)
        limits = await self.training_limits(settings.model)
        answer = await self.client.estimate_price(
            estimate_request(settings, training_file, validation_file, limits,
                             continue_from=continuing)
        )
        available = answer.get("estimation_available")  # newer answers say so
        price = _number(answer.get("estimated_total_price"))
        allowed = answer.get("allowed_to_proceed")
        return PriceEstimate(
            usd=None if available is False else price,
            allowed=allowed if isinstance(allowed, bool) else None,
            credit_limit_usd=_number(answer.get("user_limit")),
            train_tokens=_int_of_float(answer.get("estimated_train_token_count")),
            eval_tokens=_int_of_float(answer.get("estimated_eval_token_count")),
        )

    async def start_job(
        self, settings: JobSettings, training_file: str, validation_file: str | None
    ) -> JobSnapshot:
        continuing = await self._continuing(settings.model)
        limits = await self.training_limits(settings.model)
        _check_limits(settings, limits)
        body = fine_tune_request(settings, training_file, validation_file, limits,
                                 continue_from=continuing)
        try:
            answer = await self.client.create_fine_tune(body)
        except ServiceError as error:
            raise _worded(error) from None
        return snapshot_of(answer)

    async def list_jobs(self, limit: int = 50) -> list[JobSnapshot]:
        jobs = [snapshot_of(job) for job in await self.client.list_fine_tunes()]
        jobs.sort(key=lambda j: j.created_at or 0, reverse=True)
        return jobs[:limit]

    async def get_job(self, job_id: str) -> JobSnapshot:
        return snapshot_of(await self.client.retrieve_fine_tune(job_id))

    async def control_job(self, job_id: str, action: JobAction) -> JobSnapshot:
        if action is not JobAction.CANCEL:
            raise ServiceError(
                ErrorKind.INVALID_REQUEST,
                "Together AI cannot pause or resume a job; it can only cancel it.",
                operation=f"{action.value}_job",
            )
        return snapshot_of(await self.client.cancel_fine_tune(job_id))

    async def job_events(self, job_id: str, after: str | None = None) -> JobEventPage:
        """Together lists every event and every metric each time; the cursor (ours, opaque
        to the caller) remembers how many events and which step were returned before."""
        seen, last_key, last_step = _read_cursor(after)
        events = await self.client.fine_tune_events(job_id)
        metrics = await self._metrics_or_none(job_id)
        start = seen
        if seen and (seen > len(events) or _event_key(events[seen - 1], seen - 1) != last_key):
            # The list changed under us: find the last event we returned, else start over.
            keys = [_event_key(e, i) for i, e in enumerate(events)]
            start = keys.index(last_key) + 1 if last_key in keys else 0
        new_events = [event_of(e, i) for i, e in enumerate(events) if i >= start]
        total = None
        for event in events:
            total = _int(event.get("total_steps")) or total
        points = []
        for raw in metrics or []:
            point = point_of(raw, total)
            if point is not None and (last_step is None or point.step > last_step):
                points.append(point)
        points.sort(key=lambda p: p.step)
        top = points[-1].step if points else last_step
        key = _event_key(events[-1], len(events) - 1) if events else None
        since = None
        if points and last_step is None:
            times = [parse_time(e.get("created_at")) for e in events
                     if str(e.get("type") or "").lower() == "training_start"]
            since = next((t for t in times if t is not None), None)
        return JobEventPage(
            events=tuple(new_events),
            points=tuple(points),
            cursor=json.dumps({"events": len(events), "key": key, "step": top}),
            points_since=since,
        )

    async def _metrics_or_none(self, job_id: str) -> list[dict[str, Any]] | None:
        try:
            return await self.client.fine_tune_metrics(job_id)
        except ServiceError as error:
            # No metrics yet (queued job) or none recorded: the events still come.
            if error.status in (400, 404):
                return None
            raise

    async def job_checkpoints(self, job_id: str) -> list[JobCheckpoint]:
        found = []
        for raw in await self.client.fine_tune_checkpoints(job_id):
            step = _int(raw.get("step"))
            # Intermediate checkpoints are downloadable, not served for chat: no `model`.
            found.append(JobCheckpoint(id=f"{job_id}:{step}", step=step))
        found.sort(key=lambda c: c.step or 0)
        return found

    async def result_files(self, job: JobSnapshot) -> list[ResultFile]:
        return []  # Together leaves no result files; metrics come from their own endpoint

    async def result_metrics(self, job: JobSnapshot) -> list[MetricPoint]:
        page = await self.job_events(job.id)
        return list(page.points)

    async def download_weights(
        self, job_id: str, models_dir: Path, *, progress: DownloadProgress | None = None
    ) -> Path:
        """The finished job's model, downloaded (resumably) and unpacked into
        `models_dir`. A LoRA job comes merged into its base model (usable on its own)."""
        job = await self.client.retrieve_fine_tune(job_id)
        if status_of(job.get("status")) != SUCCEEDED:
            raise ServiceError(ErrorKind.INVALID_REQUEST,
                               "Only a finished job's model can be downloaded.",
                               operation="download_weights")
        training_type = job.get("training_type")
        full = isinstance(training_type, dict) and str(training_type.get("type")).lower() == "full"
        checkpoint = "model_output_path" if full else "merged"
        source = DownloadSource(
            url=f"{self.client.base_url}/finetune/download",
            params={"ft_id": job_id, "checkpoint": checkpoint},
            headers={"Authorization": f"Bearer {self.client.sdk.api_key}"},
        )
        part = models_dir / ".downloads" / f"{job_id}.{checkpoint}.part"
        archive = await download_archive(source, part, progress=progress,
                                         sleep=self.client._sleep)
        name = str(job.get("model_output_name") or job_id)
        installed = await asyncio.to_thread(install_model_archive, archive, models_dir, name)
        for leftover in (archive, archive.with_name(archive.name + ".json")):
            leftover.unlink(missing_ok=True)
        return installed


def _int_of_float(value: Any) -> int | None:
    number = _number(value)
    return int(number) if number is not None else None


def _read_cursor(cursor: str | None) -> tuple[int, str | None, int | None]:
    if not cursor:
        return 0, None, None
    try:
        data = json.loads(cursor)
    except ValueError:
        return 0, None, None
    if not isinstance(data, dict):
        return 0, None, None
    seen = _int(data.get("events")) or 0
    key = data.get("key") if isinstance(data.get("key"), str) else None
    return seen, key, _int(data.get("step"))


def _check_limits(settings: JobSettings, limits: TrainingLimits | None) -> None:
    """Refuse a value Together would refuse, naming the limit (never move it into range)."""
    if limits is None:
        return
    training_type = _type_of(settings)
    if training_type not in limits.training_types:
        raise ServiceError(
            ErrorKind.INVALID_REQUEST,
            f"Together does not offer {training_type.value} fine-tuning for {limits.model}.",
            param="training_type", operation="create_job",
        )
    for key, value in settings.values.items():
        if value is None:
            continue
        broken = limits.problem(key, float(value), training_type, settings.method)
        if broken is not None:
            raise ServiceError(
                ErrorKind.INVALID_REQUEST,
                f"{key} must be between {broken.minimum:g} and {broken.maximum:g} for "
                f"{limits.model} (Together's limit), not {value:g}.",
                param=key, operation="create_job",
            )


def _worded(error: ServiceError) -> ServiceError:
    """Together's refusals of a model as the kind the UI words."""
    text = (error.detail or "").lower()
    refused = error.kind in (
        ErrorKind.INVALID_REQUEST, ErrorKind.NOT_FOUND, ErrorKind.MODEL_NOT_FOUND
    )
    says_so = "not supported" in text or "unsupported" in text or "not available for fine" in text
    if refused and says_so and "model" in text:
        return ServiceError(ErrorKind.MODEL_NOT_FINE_TUNABLE, status=error.status,
                            param=error.param, code=error.code, detail=error.detail,
                            operation=error.operation)
    return error
