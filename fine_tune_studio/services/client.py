"""`ProviderClient`: one provider's files, fine-tuning jobs, models and chat, over AsyncOpenAI.

Every method raises `ServiceError` (never an SDK or transport exception), except that
`asyncio.CancelledError` passes through so callers can cancel.

Retries: the SDK's own retries are off (`max_retries=0`); this class retries with backoff,
honouring Retry-After, only where repeating cannot do harm:
- reads and idempotent actions (list, retrieve, cancel, pause, resume, download): on 429,
  500/502/503/504, network errors and timeouts;
- uploads and chat: on 429 and 503 (the server did not process the request) and on errors
  where the connection was never made;
- job creation: as uploads, but before each retry (and after a timeout or reset, when the
  request may have reached the server) it lists recent jobs and returns an existing match
  instead of creating a second job. The request also carries an Idempotency-Key header and,
  where the provider supports it, the same key in the job's metadata.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import io
import logging
import os
import random
import re
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from enum import Enum
from typing import TYPE_CHECKING, Any, TypeVar

import httpx2

from fine_tune_studio.core.provider_dates import shutdowns
from fine_tune_studio.core.providers import ProviderKind, ProviderProfile
from fine_tune_studio.core.training_memory import EngineFacts
from fine_tune_studio.services.errors import (
    ErrorKind,
    HeldSecret,
    ServiceError,
    from_exception,
)

if TYPE_CHECKING:
    # The SDK is imported when the first client is made (ProviderClient.__init__), not with
    # this module: it takes ~0.35 s, and the app imports this module for its first window.
    import openai
    from openai.types import FileObject
    from openai.types.chat import ChatCompletion, ChatCompletionChunk
    from openai.types.completion_usage import CompletionUsage
    from openai.types.fine_tuning import FineTuningJob, FineTuningJobEvent
    from openai.types.fine_tuning.jobs import FineTuningJobCheckpoint

log = logging.getLogger(__name__)

T = TypeVar("T")

DEFAULT_TIMEOUT = httpx2.Timeout(60.0, connect=10.0)
IDEMPOTENCY_HEADER = "Idempotency-Key"
JOB_TAG_KEY = "fine_tune_studio_request"
ProgressCallback = Callable[[int, int], None]

# -- model facts -----------------------------------------------------------------------------

# OpenAI's deprecations page: these families and their fine-tunes shut down on these dates
# (the dated table with its sources is core/provider_dates.py).
OPENAI_SHUTDOWNS: dict[str, date] = shutdowns(ProviderKind.OPENAI)
# Base models OpenAI accepted for self-serve fine-tuning (families, date suffix stripped).
OPENAI_FINE_TUNABLE: frozenset[str] = frozenset(
    {
        "gpt-4o",
        "gpt-4o-mini",
        "gpt-4.1",
        "gpt-4.1-mini",
        "gpt-4.1-nano",
        "gpt-3.5-turbo",
        "davinci-002",
        "babbage-002",
        "o4-mini",
    }
)
_DATE_SUFFIX = re.compile(r"-\d{4}-\d{2}-\d{2}$|-\d{4}$")


def model_family(model_id: str) -> str:
    """'ft:gpt-4o-mini-2024-07-18:org::abc' -> 'gpt-4o-mini'; 'gpt-4.1-2025-04-14' -> 'gpt-4.1'."""
    base = (
        model_id.split(":")[1] if model_id.startswith("ft:") and ":" in model_id[3:] else model_id
    )
    return _DATE_SUFFIX.sub("", base)


@dataclass(frozen=True)
class ModelInfo:
    """A model as the model pickers show it."""

    id: str
    owned_by: str | None
    created: datetime | None
    fine_tunable: bool
    is_fine_tuned: bool
    shutdown_date: date | None = None
    # How the provider can train it ("lora", "full"), where it says (Together's limits).
    training_types: tuple[str, ...] = ()

    def shuts_down_before(self, day: date) -> bool:
        return self.shutdown_date is not None and self.shutdown_date <= day


@dataclass(frozen=True)
class EventPage:
    """New job events, oldest first, and the cursor to pass as `after` next time."""

    events: list[FineTuningJobEvent]
    cursor: str | None


@dataclass(frozen=True)
class ChatReply:
    text: str
    finish_reason: str | None
    usage: CompletionUsage | None
    model: str | None
    raw: ChatCompletion = field(repr=False)


@dataclass(frozen=True)
class ChatDelta:
    """One piece of a streamed reply. The last one has `finish_reason` and, if sent, `usage`."""

    text: str = ""
    finish_reason: str | None = None
    usage: CompletionUsage | None = None


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int = 4
    base_delay: float = 0.5
    max_delay: float = 8.0
    # Longer requested waits are not slept through: the error (with retry_after) goes to the UI.
    max_retry_after: float = 60.0


class _Mode(Enum):
    READ = "read"  # safe to repeat
    WRITE = "write"  # repeat only when the server surely did not process it
    CREATE_JOB = "create_job"  # WRITE plus the duplicate check


_READ_RETRY_STATUS = {429, 500, 502, 503, 504}
_WRITE_RETRY_STATUS = {429, 503}


def _never_connected(exc: BaseException) -> bool:
    """True when the request never reached the server (safe to send again)."""
    cause = exc.__cause__ or exc.__context__
    return isinstance(
        cause, httpx2.ConnectError | httpx2.ConnectTimeout | httpx2.PoolTimeout
    ) or isinstance(exc, httpx2.ConnectError | httpx2.ConnectTimeout)


# -- upload progress ----------------------------------------------------------------------------


class ProgressReader(io.RawIOBase):
    """A read-only file wrapper that reports bytes handed to the HTTP client."""

    def __init__(
        self, raw: io.BufferedIOBase | io.RawIOBase, total: int, progress: ProgressCallback | None
    ) -> None:
        super().__init__()
        self._raw = raw
        self._total = total
        self._progress = progress
        self.sent = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        position = self._raw.seek(offset, whence)
        if whence == os.SEEK_SET:
            self.sent = position
        return position

    def tell(self) -> int:
        return self._raw.tell()

    def read(self, size: int = -1) -> bytes:
        chunk = self._raw.read(size)
        if chunk:
            self.sent += len(chunk)
            if self._progress is not None:
                self._progress(min(self.sent, self._total), self._total)
        return chunk or b""

    def readinto(self, buffer: Any) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        self._raw.close()
        super().close()


# -- the client -----------------------------------------------------------------------------------


class ProviderClient:
    """One profile's connection; get it from `ProviderRegistry.client()`, `await aclose()` after.

    api_key: the key (or the local engine's token); never stored anywhere else by this class.
    base_url: overrides the profile's (the local engine's address is known only at run time).
    """

    def __init__(
        self,
        profile: ProviderProfile,
        *,
        api_key: str | None,
        base_url: str | None = None,
        timeout: float | httpx2.Timeout = DEFAULT_TIMEOUT,
        retry: RetryPolicy | None = None,
        http_client: httpx2.AsyncClient | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.profile = profile
        self.retry = retry or RetryPolicy()
        self._sleep = sleep
        # What `twin()` needs to build the same client again (not the HTTP client: its
        # connections belong to the event loop that opened them).
        self._twin_options: dict[str, Any] = {
            "api_key": api_key, "base_url": base_url, "timeout": timeout,
            "retry": self.retry, "sleep": sleep,
        }
        if profile.kind.needs_key and not profile.kind.key_optional and not api_key:
            # Nothing is sent without a key, so nothing was refused: saying "the key was
            # not accepted" would send the user looking for a wrong key that isn't there.
            raise ServiceError(
                ErrorKind.NO_KEY,
                f"No key is stored for {profile.display_name}. Enter it in Settings.",
                operation="connect",
            )
        # Some self-hosted OpenAI-compatible servers need no key; the SDK insists on one.
        key = api_key or "no-key"
        self._held_key = HeldSecret(api_key)  # masked in error texts while this client lives
        url = base_url or profile.effective_base_url()
        if profile.kind is ProviderKind.LOCAL_ENGINE and not url:
            raise ServiceError(
                ErrorKind.NETWORK, "The local engine is not running.", operation="connect"
            )
        self.base_url = url
        common: dict[str, Any] = {
            "api_key": key,
            "max_retries": 0,
            "timeout": timeout,
            "http_client": http_client,
        }
        import openai

        self._sdk: openai.AsyncOpenAI
        if profile.kind is ProviderKind.AZURE_OPENAI and not profile.azure_use_v1:
            assert profile.azure_endpoint is not None
            self._sdk = openai.AsyncAzureOpenAI(
                azure_endpoint=profile.azure_endpoint,
                api_version=profile.azure_api_version,
                **common,
            )
            self.base_url = str(self._sdk.base_url)
        else:
            self._sdk = openai.AsyncOpenAI(
                base_url=url,
                organization=profile.organization if profile.kind is ProviderKind.OPENAI else None,
                project=profile.project if profile.kind is ProviderKind.OPENAI else None,
                **common,
            )

    def __repr__(self) -> str:
        return (
            f"ProviderClient(profile={self.profile.id!r}, kind={self.profile.kind.value!r}, "
            f"base_url={self.base_url!r})"
        )

    @property
    def sdk(self) -> openai.AsyncOpenAI:
        """The underlying SDK client, for calls this class does not wrap (errors not mapped)."""
        return self._sdk

    @property
    def tags_jobs_with_metadata(self) -> bool:
        # Azure's fine-tuning API does not document job metadata; unknown servers may refuse it.
        return self.profile.kind in (
            ProviderKind.LOCAL_ENGINE,
            ProviderKind.REMOTE_ENGINE,
            ProviderKind.OPENAI,
        )

    async def aclose(self) -> None:
        await self._sdk.close()

    def twin(self) -> ProviderClient:
        """The same provider, key and address, with connections of its own: for use on
        another thread's event loop (connections belong to the loop that opened them).
        Build it on the thread that uses it, which also closes it."""
        return type(self)(self.profile, **self._twin_options)

    # -- retry core -------------------------------------------------------------------------

    def _backoff(self, attempt: int, error: ServiceError) -> float | None:
        """Seconds to wait before attempt `attempt + 1`, or None to give up."""
        if attempt + 1 >= self.retry.max_attempts:
            return None
        if error.retry_after is not None:
            return error.retry_after if error.retry_after <= self.retry.max_retry_after else None
        delay = min(self.retry.max_delay, self.retry.base_delay * (2**attempt))
        return delay * (0.75 + random.random() / 2)

    def _retryable(self, mode: _Mode, exc: BaseException, error: ServiceError) -> bool:
        if mode is _Mode.READ:
            if error.kind in (ErrorKind.NETWORK, ErrorKind.TIMEOUT):
                return True
            return error.status in _READ_RETRY_STATUS
        if error.status in _WRITE_RETRY_STATUS:
            return True
        return _never_connected(exc)

    async def _call(
        self,
        operation: str,
        factory: Callable[[], Awaitable[T]],
        mode: _Mode = _Mode.READ,
        *,
        before_retry: Callable[[ServiceError], Awaitable[T | None]] | None = None,
    ) -> T:
        attempt = 0
        while True:
            try:
                return await factory()
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                error = from_exception(exc, operation=operation)
                retry = self._retryable(mode, exc, error)
                if before_retry is not None and (
                    retry or error.kind in (ErrorKind.NETWORK, ErrorKind.TIMEOUT, ErrorKind.SERVER)
                ):
                    # The request may have been processed despite the error: look before acting.
                    found = await before_retry(error)
                    if found is not None:
                        return found
                delay = self._backoff(attempt, error) if retry else None
                if delay is None:
                    log.info("%s failed: %s", operation, error.kind.value)
                    raise error from None
                log.info("%s: %s, retrying in %.1f s", operation, error.kind.value, delay)
                await self._sleep(delay)
                attempt += 1

    # -- models -----------------------------------------------------------------------------

    async def list_models(self) -> list[ModelInfo]:
        """The provider's models, fine-tunable ones first, then fine-tuned ones, then by id."""
        page = await self._call("list_models", lambda: self._sdk.models.list())
        infos = [self._model_info(m) for m in page.data]
        infos.sort(key=lambda m: (not m.fine_tunable, not m.is_fine_tuned, m.id))
        return infos

    async def engine_facts(self) -> EngineFacts | None:
        """Our engine's device and the shapes of its models (GET /v1/engine, not an OpenAI
        route); None for other providers and for an engine too old to answer."""
        if not self.profile.kind.is_engine:
            return None
        try:
            data = await self._call(
                "engine_facts", lambda: self._sdk.get("/engine", cast_to=object)
            )
        except ServiceError as error:
            if error.status == 404:
                return None
            raise
        return EngineFacts.from_dict(data)

    async def test_connection(self) -> list[ModelInfo]:
        """A cheap authenticated call: the model list. Raises ServiceError explaining failure."""
        return await self.list_models()

    def _model_info(self, model: Any) -> ModelInfo:
        extra: dict[str, Any] = dict(getattr(model, "model_extra", None) or {})
        model_id = str(model.id)
        created_raw = getattr(model, "created", None) or extra.get("created_at")
        created = (
            datetime.fromtimestamp(created_raw, UTC)
            if isinstance(created_raw, int | float)
            else None
        )
        owned_by = getattr(model, "owned_by", None)
        family = model_family(model_id)
        is_ft = (
            model_id.startswith("ft:")
            or bool(extra.get("fine_tuned"))
            or owned_by in ("user", "organization-owner")
        )
        kind = self.profile.kind
        capabilities = extra.get("capabilities")
        fine_tunable: bool
        if isinstance(extra.get("fine_tunable"), bool):
            fine_tunable = extra["fine_tunable"]
        elif isinstance(capabilities, dict) and isinstance(capabilities.get("fine_tune"), bool):
            fine_tunable = capabilities["fine_tune"]  # Azure's model list says so itself
        elif kind.is_engine:
            fine_tunable = True
        else:
            fine_tunable = family in OPENAI_FINE_TUNABLE or (is_ft and model_id.startswith("ft:"))
        shutdown = _date_from(extra.get("shutdown_date")) or _date_from(
            (extra.get("deprecation") or {}).get("inference")
            if isinstance(extra.get("deprecation"), dict)
            else None
        )
        if shutdown is None and kind is ProviderKind.OPENAI:
            shutdown = OPENAI_SHUTDOWNS.get(family)
        return ModelInfo(
            id=model_id,
            owned_by=owned_by,
            created=created,
            fine_tunable=fine_tunable,
            is_fine_tuned=is_ft,
            shutdown_date=shutdown,
        )

    # -- files ------------------------------------------------------------------------------

    async def upload_file(
        self,
        filename: str,
        data: bytes,
        *,
        purpose: str = "fine-tune",
        progress: ProgressCallback | None = None,
    ) -> FileObject:
        """Upload `data` as `filename`; `progress(sent, total)` is called as the bytes go out.

        The caller already holds the bytes (a checked dataset, a split part of it): they are
        sent from memory, never written to a temporary file first.
        """
        total = len(data)

        async def send() -> FileObject:
            # A fresh reader per attempt: a retry sends the whole file again.
            reader = ProgressReader(io.BytesIO(data), total, progress)
            try:
                return await self._sdk.files.create(file=(filename, reader), purpose=purpose)  # type: ignore[arg-type]
            finally:
                reader.close()

        result = await self._call("upload_file", send, _Mode.WRITE)
        if progress is not None:
            progress(total, total)
        return result

    async def retrieve_file(self, file_id: str) -> FileObject:
        return await self._call("retrieve_file", lambda: self._sdk.files.retrieve(file_id))

    async def wait_for_file(
        self, file_id: str, timeout: float = 600.0, poll_interval: float = 1.0
    ) -> FileObject:
        """Poll until the provider has processed `file_id`.

        Raises ServiceError(invalid_request) with the provider's `status_details` when
        processing failed, ServiceError(timeout) when still pending after `timeout` seconds.
        """
        deadline = time.monotonic() + timeout
        while True:
            info = await self.retrieve_file(file_id)
            status = getattr(info, "status", None)
            if status in (None, "processed"):
                return info
            if status in ("error", "failed"):
                raise ServiceError(
                    ErrorKind.INVALID_REQUEST,
                    "The provider could not process the uploaded file.",
                    detail=getattr(info, "status_details", None) or None,
                    operation="wait_for_file",
                )
            if time.monotonic() >= deadline:
                raise ServiceError(
                    ErrorKind.TIMEOUT,
                    f"The provider was still processing the file after {timeout:g} s.",
                    operation="wait_for_file",
                )
            await self._sleep(poll_interval)

    async def download_file(self, file_id: str, *, decode_base64: bool | None = None) -> bytes:
        """A file's content. OpenAI's result files come base64-encoded; those are decoded
        (`decode_base64=None` detects it, True/False forces it)."""
        # The SDK asks for "application/binary", which OpenAI's own spec does not list (it
        # says application/json); accept anything, the bytes are what matter.
        response = await self._call(
            "download_file",
            lambda: self._sdk.files.content(file_id, extra_headers={"Accept": "*/*"}),
        )
        data = response.content
        if decode_base64 is False:
            return data
        decoded = _maybe_base64(data, force=bool(decode_base64))
        return decoded if decoded is not None else data

    async def delete_file(self, file_id: str) -> None:
        await self._call("delete_file", lambda: self._sdk.files.delete(file_id))

    # -- jobs -------------------------------------------------------------------------------

    async def create_job(
        self,
        *,
        model: str,
        training_file: str,
        validation_file: str | None = None,
        suffix: str | None = None,
        method: Mapping[str, Any] | None = None,
        hyperparameters: Mapping[str, Any] | None = None,
        seed: int | None = None,
        metadata: Mapping[str, str] | None = None,
        extra_body: Mapping[str, Any] | None = None,
        idempotency_key: str | None = None,
    ) -> FineTuningJob:
        """Start a fine-tuning job; never creates two, even when retried.

        `method` is OpenAI's {"type": "supervised"|"dpo", ...}; engine-specific settings go in
        `extra_body={"engine": {...}}` (docs/engine.md). A 403 refusal from OpenAI's closure of
        self-serve fine-tuning raises ServiceError(fine_tuning_closed).
        """
        key = idempotency_key or f"fts-{uuid.uuid4().hex}"
        started = time.time()
        params: dict[str, Any] = {"model": model, "training_file": training_file}
        if validation_file:
            params["validation_file"] = validation_file
        if suffix:
            params["suffix"] = suffix
        if method:
            params["method"] = dict(method)
        if hyperparameters:
            params["hyperparameters"] = dict(hyperparameters)
        if seed is not None:
            params["seed"] = seed
        tags = dict(metadata or {})
        if self.tags_jobs_with_metadata:
            tags[JOB_TAG_KEY] = key
        if tags:
            params["metadata"] = tags

        async def send() -> FineTuningJob:
            return await self._sdk.fine_tuning.jobs.create(
                **params,
                extra_headers={IDEMPOTENCY_HEADER: key},
                extra_body=dict(extra_body) if extra_body else None,
            )

        async def existing(_: ServiceError) -> FineTuningJob | None:
            return await self._find_created_job(key, model, training_file, suffix, started)

        return await self._call("create_job", send, _Mode.CREATE_JOB, before_retry=existing)

    async def _find_created_job(
        self, key: str, model: str, training_file: str, suffix: str | None, started: float
    ) -> FineTuningJob | None:
        """A job our earlier attempt created, if the server did create one."""
        try:
            page = await self._call("list_jobs", lambda: self._sdk.fine_tuning.jobs.list(limit=20))
        except ServiceError as exc:
            # Cannot check: refuse to retry blind rather than risk a duplicate job.
            raise ServiceError(
                exc.kind,
                "Could not confirm whether the job was created; "
                "check the job list before trying again.",
                status=exc.status,
                detail=exc.detail,
                operation="create_job",
            ) from None
        # Allow some clock difference between this computer and the provider.
        since = started - 120
        for job in page.data:
            tag = (job.metadata or {}).get(JOB_TAG_KEY) if isinstance(job.metadata, dict) else None
            if tag == key:
                return job
            if tag is not None:
                continue  # another request of ours
            same_model = job.model == model or job.model.startswith(model + "-")
            job_suffix = _suffix_of(job)
            if (
                job.training_file == training_file
                and same_model
                and (suffix is None or job_suffix in (None, suffix))
                and job.created_at >= since
            ):
                return job
        return None

    async def list_jobs(self, limit: int = 20, after: str | None = None) -> list[FineTuningJob]:
        """Jobs, newest first; pass the last job's id as `after` for the next page."""
        kwargs: dict[str, Any] = {"limit": limit}
        if after:
            kwargs["after"] = after
        page = await self._call("list_jobs", lambda: self._sdk.fine_tuning.jobs.list(**kwargs))
        return list(page.data)

    async def retrieve_job(self, job_id: str) -> FineTuningJob:
        return await self._call("retrieve_job", lambda: self._sdk.fine_tuning.jobs.retrieve(job_id))

    async def cancel_job(self, job_id: str) -> FineTuningJob:
        return await self._call("cancel_job", lambda: self._sdk.fine_tuning.jobs.cancel(job_id))

    async def pause_job(self, job_id: str) -> FineTuningJob:
        return await self._call("pause_job", lambda: self._sdk.fine_tuning.jobs.pause(job_id))

    async def resume_job(self, job_id: str) -> FineTuningJob:
        return await self._call("resume_job", lambda: self._sdk.fine_tuning.jobs.resume(job_id))

    async def list_events(
        self, job_id: str, after: str | None = None, *, page_size: int = 100
    ) -> EventPage:
        """Events newer than the `after` cursor, oldest first, and the next cursor.

        OpenAI lists events newest first and its `after` pages towards older ones, so this
        reads pages until it meets the cursor event (or the start), then reverses them.
        """
        collected: list[FineTuningJobEvent] = []
        seen: set[str] = set()
        page_after: str | None = None
        for _ in range(100):  # at most 10,000 events per call
            kwargs: dict[str, Any] = {"limit": page_size}
            if page_after:
                kwargs["after"] = page_after
            page = await self._call(
                "list_events",
                lambda kw=kwargs: self._sdk.fine_tuning.jobs.list_events(job_id, **kw),  # type: ignore[misc]
            )
            data = list(page.data)
            if len(data) >= 2 and _ascending(data):
                data.reverse()  # a server that lists oldest first: normalise to newest first
            stop = False
            for event in data:
                if (after is not None and event.id == after) or event.id in seen:
                    # the cursor, or a server that ignores `after` and repeats itself
                    stop = True
                    break
                seen.add(event.id)
                collected.append(event)
            if (
                stop
                or not data
                or page.has_more is False
                or (len(data) < page_size and page.has_more is None)
            ):
                break
            page_after = page.data[-1].id
        collected.reverse()
        cursor = collected[-1].id if collected else after
        return EventPage(events=collected, cursor=cursor)

    async def list_checkpoints(
        self, job_id: str, limit: int = 100
    ) -> list[FineTuningJobCheckpoint]:
        """A job's checkpoints as the provider lists them (OpenAI: newest first)."""
        page = await self._call(
            "list_checkpoints",
            lambda: self._sdk.fine_tuning.jobs.checkpoints.list(job_id, limit=limit),
        )
        return list(page.data)

    # -- chat -------------------------------------------------------------------------------

    async def chat(
        self, model: str, messages: Sequence[Mapping[str, Any]], **params: Any
    ) -> ChatReply:
        """One complete reply (no streaming)."""
        from openai.types.chat import ChatCompletion

        body = {"model": model, "messages": list(messages), **params}

        async def send() -> ChatCompletion:
            # The SDK's own `post` (its way to send a body as it is), not
            # `chat.completions.create`: that walks every message against its typed
            # parameters first, about a third of a request's CPU time, for a body that is
            # plain JSON already. An evaluation sends thousands of these. The reply is
            # parsed, errors mapped and Azure deployment paths made exactly as by `create`.
            reply: ChatCompletion = await self._sdk.post(
                "/chat/completions", cast_to=ChatCompletion, body=body
            )
            return reply

        completion = await self._call("chat", send, _Mode.WRITE)
        choice = completion.choices[0] if completion.choices else None
        return ChatReply(
            text=(choice.message.content or "") if choice else "",
            finish_reason=choice.finish_reason if choice else None,
            usage=completion.usage,
            model=completion.model,
            raw=completion,
        )

    def chat_stream(
        self, model: str, messages: Sequence[Mapping[str, Any]], **params: Any
    ) -> ChatStream:
        """A streamed reply: `async for delta in client.chat_stream(...)`.

        Stop early with `await stream.aclose()` (or cancel the consuming task): the HTTP
        stream is closed. A reply cut off mid-way raises ServiceError(network) whose
        `partial_text` holds what arrived.
        """
        return ChatStream(self, model, list(messages), params)


class ChatStream:
    """Async iterator of `ChatDelta`s; also an async context manager that closes the stream."""

    def __init__(
        self,
        client: ProviderClient,
        model: str,
        messages: list[Mapping[str, Any]],
        params: dict[str, Any],
    ) -> None:
        self._client = client
        self._model = model
        self._messages = messages
        self._params = params
        self._gen: AsyncIterator[ChatDelta] | None = None
        self.text = ""
        self.finish_reason: str | None = None
        self.usage: CompletionUsage | None = None

    def __aiter__(self) -> ChatStream:
        return self

    async def __anext__(self) -> ChatDelta:
        if self._gen is None:
            self._gen = self._run()
        return await self._gen.__anext__()

    async def aclose(self) -> None:
        if self._gen is not None:
            await self._gen.aclose()  # type: ignore[attr-defined]

    async def __aenter__(self) -> ChatStream:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def _open(self) -> openai.AsyncStream[ChatCompletionChunk]:
        params = dict(self._params)
        if self._client.profile.kind is not ProviderKind.OPENAI_COMPATIBLE:
            params.setdefault("stream_options", {"include_usage": True})
        sdk = self._client.sdk
        sent: Any = self._messages

        async def send() -> openai.AsyncStream[ChatCompletionChunk]:
            stream: openai.AsyncStream[ChatCompletionChunk] = await sdk.chat.completions.create(
                model=self._model, messages=sent, stream=True, **params
            )
            return stream

        return await self._client._call("chat_stream", send, _Mode.WRITE)

    async def _run(self) -> AsyncIterator[ChatDelta]:
        stream = await self._open()
        try:
            async for chunk in stream:
                text = ""
                finish = None
                for choice in chunk.choices:
                    if choice.index == 0:
                        text = choice.delta.content or "" if choice.delta else ""
                        finish = choice.finish_reason
                if chunk.usage is not None:
                    self.usage = chunk.usage
                if finish:
                    self.finish_reason = finish
                self.text += text
                if text or finish or chunk.usage is not None:
                    yield ChatDelta(text=text, finish_reason=finish, usage=chunk.usage)
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            error = from_exception(exc, operation="chat_stream")
            if error.kind in (ErrorKind.NETWORK, ErrorKind.TIMEOUT, ErrorKind.UNKNOWN):
                error = ServiceError(
                    error.kind if error.kind is not ErrorKind.UNKNOWN else ErrorKind.SERVER,
                    "The reply was cut off before it was complete.",
                    status=error.status,
                    detail=error.detail,
                    operation="chat_stream",
                    partial_text=self.text,
                )
            else:
                error.partial_text = self.text
            raise error from None
        finally:
            await stream.close()
        if self.finish_reason is None:
            raise ServiceError(
                ErrorKind.NETWORK,
                "The reply was cut off before it was complete.",
                detail="the stream ended without a finish reason",
                operation="chat_stream",
                partial_text=self.text,
            )


# -- helpers ----------------------------------------------------------------------------------


def _date_from(value: Any) -> date | None:
    if isinstance(value, int | float) and value > 0:
        return datetime.fromtimestamp(value, UTC).date()
    if isinstance(value, str):
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def _ascending(events: Sequence[FineTuningJobEvent]) -> bool:
    return events[0].created_at < events[-1].created_at


def _suffix_of(job: FineTuningJob) -> str | None:
    extra = getattr(job, "model_extra", None) or {}
    value = extra.get("suffix")
    if isinstance(value, str):
        return value
    name = job.fine_tuned_model or ""
    parts = name.split(":")
    # ft:base:org:suffix:id
    return parts[3] or None if len(parts) >= 5 else None


_B64 = re.compile(rb"[A-Za-z0-9+/]+={0,2}")


def _maybe_base64(data: bytes, *, force: bool = False) -> bytes | None:
    """Decoded bytes when `data` is (surely) base64-encoded text, else None."""
    compact = b"".join(data.split())
    if not compact:
        return None
    if not force and (len(compact) < 8 or len(compact) % 4 or not _B64.fullmatch(compact)):
        return None
    try:
        decoded = base64.b64decode(compact, validate=True)
    except (binascii.Error, ValueError):
        return None
    if force:
        return decoded
    # Result files are text (CSV/JSON); random base64-alphabet text rarely decodes to UTF-8.
    try:
        decoded.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return decoded
