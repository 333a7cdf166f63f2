"""`TogetherClient`: a `ProviderClient` for Together AI.

Chat is OpenAI-shaped on Together (`/chat/completions`), so it is inherited unchanged: the
playground and the evaluation runner use a Together profile with no special case. The
fine-tuning API is Together's own REST (`/files/upload`, `/fine-tunes…`); it is spoken here
through the same `openai` SDK transport (its generic `get`/`post`), which brings the bearer
key, timeouts, the SDK's error classes (mapped by `services.errors.from_exception`) and the
retry core of `ProviderClient`. docs/providers.md, "Together AI", says why this and not the
`together` package.

Answers are returned as plain dicts in Together's shapes; `services/together_jobs.py` is
the only reader of their field names.
"""

from __future__ import annotations

import asyncio
import io
import logging
import time
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from fine_tune_studio.services.client import (
    ModelInfo,
    ProgressCallback,
    ProgressReader,
    ProviderClient,
    _Mode,
)
from fine_tune_studio.services.errors import ErrorKind, ServiceError

log = logging.getLogger(__name__)

# Model types in GET /models worth offering in a chat playground.
_CHAT_TYPES = {"chat"}
# Limits are asked per model; at most this many at once when testing a connection.
_LIMITS_CONCURRENCY = 4
_LIMITS_AT_MOST = 100


def _dict(value: Any, operation: str) -> dict[str, Any]:
    if isinstance(value, dict):
        return value
    raise ServiceError(
        ErrorKind.UNKNOWN,
        "The provider's answer did not have the expected shape.",
        detail=f"{operation}: expected an object, got {type(value).__name__}",
        operation=operation,
    )


def parse_time(value: Any) -> float | None:
    """Unix seconds from Together's ISO 8601 date-times (or a number); None if unreadable."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.timestamp()


class TogetherClient(ProviderClient):
    """One Together AI profile: chat (inherited) and the fine-tuning REST API."""

    # -- transport --------------------------------------------------------------------------

    async def _get(
        self, operation: str, path: str, query: Mapping[str, Any] | None = None
    ) -> Any:
        options: Any = {"params": dict(query)} if query else {}
        return await self._call(
            operation, lambda: self._sdk.get(path, cast_to=object, options=options)
        )

    async def _post(
        self, operation: str, path: str, body: Mapping[str, Any] | None = None,
        mode: _Mode = _Mode.WRITE,
    ) -> Any:
        # No body at all where the operation takes none (cancel): Prism, like a strict
        # server, refuses a JSON "{}" that the spec does not ask for.
        sent = dict(body) if body is not None else None
        return await self._call(
            operation, lambda: self._sdk.post(path, cast_to=object, body=sent), mode
        )

    # -- models -----------------------------------------------------------------------------

    async def supported_models(self) -> list[str]:
        """Base models Together fine-tunes (GET /fine-tunes/models/supported)."""
        answer = _dict(await self._get("list_models", "/fine-tunes/models/supported"),
                       "list_models")
        return [str(name) for name in answer.get("models") or [] if isinstance(name, str)]

    async def model_limits(self, model: str) -> dict[str, Any]:
        """Together's limits for fine-tuning `model` (GET /fine-tunes/models/limits)."""
        return _dict(
            await self._get("training_limits", "/fine-tunes/models/limits",
                            {"model_name": model}),
            "training_limits",
        )

    async def list_models(self) -> list[ModelInfo]:
        """Fine-tunable base models, then the user's fine-tunes, then the chat models."""
        supported, catalogue, jobs = await asyncio.gather(
            self.supported_models(), self._catalogue(), self.list_fine_tunes()
        )
        return self._merge(supported, catalogue, jobs, limits={})

    async def test_connection(self) -> list[ModelInfo]:
        """As `list_models`, with each fine-tunable model's training types (LoRA, full)
        from its limits, so the settings panel can say what each one offers."""
        supported, catalogue, jobs = await asyncio.gather(
            self.supported_models(), self._catalogue(), self.list_fine_tunes()
        )
        gate = asyncio.Semaphore(_LIMITS_CONCURRENCY)

        async def limits_of(name: str) -> tuple[str, dict[str, Any] | None]:
            async with gate:
                try:
                    return name, await self.model_limits(name)
                except ServiceError as error:
                    # One model's limits missing must not fail the whole test.
                    log.info("limits of %s unavailable: %s", name, error.kind.value)
                    return name, None

        pairs = await asyncio.gather(*(limits_of(n) for n in supported[:_LIMITS_AT_MOST]))
        return self._merge(supported, catalogue, jobs,
                           limits={n: v for n, v in pairs if v is not None})

    async def _catalogue(self) -> list[dict[str, Any]]:
        # GET /models answers a bare list (not OpenAI's {"data": [...]}), which the SDK's
        # models.list() cannot page; read it as JSON.
        answer = await self._get("list_models", "/models")
        return [m for m in answer if isinstance(m, dict)] if isinstance(answer, list) else []

    def _merge(
        self,
        supported: list[str],
        catalogue: list[dict[str, Any]],
        jobs: list[dict[str, Any]],
        *,
        limits: Mapping[str, dict[str, Any]],
    ) -> list[ModelInfo]:
        infos: dict[str, ModelInfo] = {}
        for name in supported:
            found = limits.get(name) or {}
            kinds = tuple(
                kind for kind, key in (("lora", "lora_training"), ("full", "full_training"))
                if isinstance(found.get(key), dict)
            )
            infos[name] = ModelInfo(name, "together", None, True, False, training_types=kinds)
        for job in jobs:
            output = job.get("model_output_name")
            if job.get("status") == "completed" and isinstance(output, str) and output:
                created = parse_time(job.get("created_at"))
                infos.setdefault(output, ModelInfo(
                    output, "user",
                    datetime.fromtimestamp(created, UTC) if created is not None else None,
                    False, True,
                ))
        for model in catalogue:
            model_id = model.get("id")
            if not isinstance(model_id, str) or model.get("type") not in _CHAT_TYPES:
                continue
            created = model.get("created")
            infos.setdefault(model_id, ModelInfo(
                model_id,
                str(model.get("organization") or "") or None,
                datetime.fromtimestamp(created, UTC) if isinstance(created, int) else None,
                False, False,
            ))
        ordered = sorted(infos.values(),
                         key=lambda m: (not m.fine_tunable, not m.is_fine_tuned, m.id))
        return ordered

    # -- files ------------------------------------------------------------------------------

    async def upload_training_file(
        self, name: str, data: bytes, progress: ProgressCallback | None = None
    ) -> dict[str, Any]:
        """POST /files/upload (multipart: file, file_name, purpose, file_type), from memory.

        Together checks the file as it arrives: a file it refuses is a 400 whose message
        says why (kept as the error's detail)."""
        total = len(data)

        async def send() -> Any:
            reader = ProgressReader(io.BytesIO(data), total, progress)
            try:
                files: Any = [("file", (name, reader, "application/octet-stream"))]
                return await self._sdk.post(
                    "/files/upload",
                    cast_to=object,
                    body={"purpose": "fine-tune", "file_name": name, "file_type": "jsonl"},
                    files=files,
                    options={"headers": {"Content-Type": "multipart/form-data"}},
                )
            finally:
                reader.close()

        answer = _dict(await self._call("upload_file", send, _Mode.WRITE), "upload_file")
        if progress is not None:
            progress(total, total)
        return answer

    async def file_info(self, file_id: str) -> dict[str, Any]:
        return _dict(await self._get("retrieve_file", f"/files/{file_id}"), "retrieve_file")

    async def wait_until_processed(
        self, file_id: str, timeout: float = 600.0, poll_interval: float = 1.0
    ) -> dict[str, Any]:
        """Poll GET /files/{id} until Together says `Processed` (its field name)."""
        deadline = time.monotonic() + timeout
        while True:
            info = await self.file_info(file_id)
            if info.get("Processed") is not False:
                return info
            if time.monotonic() >= deadline:
                raise ServiceError(
                    ErrorKind.TIMEOUT,
                    f"The provider was still processing the file after {timeout:g} s.",
                    operation="wait_for_file",
                )
            await self._sleep(poll_interval)

    async def delete_together_file(self, file_id: str) -> None:
        await self._call("delete_file", lambda: self._sdk.delete(f"/files/{file_id}",
                                                                 cast_to=object))

    # -- fine-tunes -------------------------------------------------------------------------

    async def estimate_price(self, body: Mapping[str, Any]) -> dict[str, Any]:
        """POST /fine-tunes/estimate-price; asking twice costs nothing, so it is a read."""
        return _dict(
            await self._post("estimate_price", "/fine-tunes/estimate-price", body, _Mode.READ),
            "estimate_price",
        )

    async def create_fine_tune(self, body: Mapping[str, Any]) -> dict[str, Any]:
        """POST /fine-tunes, never twice: Together takes no idempotency key, so before a
        retry (and after a reset or timeout) the recent jobs are searched for this one."""
        started = time.time()
        model = str(body.get("model") or "")
        training_file = str(body.get("training_file") or "")
        suffix = body.get("suffix")

        async def send() -> Any:
            return await self._sdk.post("/fine-tunes", cast_to=object, body=dict(body))

        async def existing(_: ServiceError) -> Any:
            return await self._find_created(model, training_file, suffix, started)

        answer = await self._call("create_job", send, _Mode.CREATE_JOB, before_retry=existing)
        return _dict(answer, "create_job")

    async def _find_created(
        self, model: str, training_file: str, suffix: Any, started: float
    ) -> dict[str, Any] | None:
        try:
            jobs = await self.list_fine_tunes()
        except ServiceError as exc:
            raise ServiceError(
                exc.kind,
                "Could not confirm whether the job was created; "
                "check the job list before trying again.",
                status=exc.status,
                detail=exc.detail,
                operation="create_job",
            ) from None
        since = started - 120  # clock differences between here and the provider
        for job in jobs:
            created = parse_time(job.get("created_at"))
            if (
                job.get("training_file") == training_file
                and job.get("model") == model
                and (not suffix or job.get("suffix") in (None, suffix))
                and created is not None
                and created >= since
            ):
                return job
        return None

    async def list_fine_tunes(self) -> list[dict[str, Any]]:
        answer = _dict(await self._get("list_jobs", "/fine-tunes"), "list_jobs")
        return [job for job in answer.get("data") or [] if isinstance(job, dict)]

    async def retrieve_fine_tune(self, job_id: str) -> dict[str, Any]:
        return _dict(await self._get("retrieve_job", f"/fine-tunes/{job_id}"), "retrieve_job")

    async def cancel_fine_tune(self, job_id: str) -> dict[str, Any]:
        # Cancelling twice is harmless, so it is retried like a read.
        return _dict(
            await self._post("cancel_job", f"/fine-tunes/{job_id}/cancel", None, _Mode.READ),
            "cancel_job",
        )

    async def fine_tune_events(self, job_id: str) -> list[dict[str, Any]]:
        answer = _dict(await self._get("list_events", f"/fine-tunes/{job_id}/events"),
                       "list_events")
        return [e for e in answer.get("data") or [] if isinstance(e, dict)]

    async def fine_tune_checkpoints(self, job_id: str) -> list[dict[str, Any]]:
        answer = _dict(
            await self._get("list_checkpoints", f"/fine-tunes/{job_id}/checkpoints"),
            "list_checkpoints",
        )
        return [c for c in answer.get("data") or [] if isinstance(c, dict)]

    async def fine_tune_metrics(self, job_id: str) -> list[dict[str, Any]]:
        """GET /fine-tunes/{id}/metrics. The spec filters by a JSON body on this GET; the
        SDK (like many proxies) sends no body on a GET, and without one Together answers
        every step, so the adapter skips the steps it already has."""
        answer = _dict(await self._get("list_metrics", f"/fine-tunes/{job_id}/metrics"),
                       "list_metrics")
        return [m for m in answer.get("metrics") or [] if isinstance(m, dict)]
