"""Send one conversation to several models at once and stream each reply separately.

Each column runs as its own asyncio task, so one slow or failing model never holds up the
others, and "stop" on one column cancels exactly that request: cancelling the task closes
the stream, which closes the HTTP response, which is what tells the server to stop
generating. Qt-free; the UI passes a callback that receives text as it arrives.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from pydantic import ConfigDict, Field

from fine_tune_studio.core.conversation import Reply, ReplyStatus
from fine_tune_studio.services.errors import ServiceError, from_exception


class StreamingChatClient(Protocol):
    """What this module needs of services.client.ProviderClient."""

    def chat_stream(
        self, model: str, messages: list[dict[str, Any]], **params: Any
    ) -> AsyncIterator[Any]: ...


@dataclass(frozen=True)
class ColumnRequest:
    column: int
    client: StreamingChatClient
    model: str
    messages: list[dict[str, Any]]
    params: Mapping[str, Any] = field(default_factory=dict)


class ReplyOutcome(Reply):
    """How one column's request ended: the conversation's own `Reply` record (so the
    playground stores exactly what it got), plus which column and the typed error."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    column: int
    status: ReplyStatus = ReplyStatus.DONE  # an outcome is a finished reply
    # The error itself, for callers that want more than its kind and detail; never saved.
    error: ServiceError | None = Field(default=None, exclude=True)

    def reply(self) -> Reply:
        """The record the conversation keeps: this outcome without its column and error."""
        return Reply.model_validate(self.model_dump(include=set(Reply.model_fields)))


DeltaCallback = Callable[[int, str], None]


def _chunk_text(chunk: Any) -> str:
    """The text a streamed item adds. Accepts the client's delta objects and plain strings."""
    if isinstance(chunk, str):
        return chunk
    for name in ("text", "content", "delta"):
        value = getattr(chunk, name, None)
        if isinstance(value, str):
            return value
    return ""


def _chunk_usage(chunk: Any) -> tuple[int | None, int | None] | None:
    usage = getattr(chunk, "usage", None)
    if usage is None:
        return None
    if isinstance(usage, Mapping):
        return usage.get("prompt_tokens"), usage.get("completion_tokens")
    return getattr(usage, "prompt_tokens", None), getattr(usage, "completion_tokens", None)


class ChatFanout:
    """Runs the columns of one turn; `stop(column)` / `stop_all()` end them early."""

    def __init__(self, *, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._tasks: dict[int, asyncio.Task[ReplyOutcome]] = {}
        # Tasks the user stopped; tracked per task, so a column can start again while its
        # stopped request is still unwinding.
        self._stopping: set[asyncio.Task[ReplyOutcome]] = set()
        self._started: set[asyncio.Task[Any]] = set()

    def is_running(self, column: int) -> bool:
        task = self._tasks.get(column)
        return task is not None and not task.done() and task not in self._stopping

    @property
    def running_columns(self) -> list[int]:
        return sorted(c for c in self._tasks if self.is_running(c))

    def stop(self, column: int) -> bool:
        task = self._tasks.get(column)
        if task is None or task.done():
            return False
        self._stopping.add(task)
        if task in self._started:
            task.cancel()
        # else: a task cancelled before its first step would end without running a line
        # of ours (no outcome, no "stopped"); it sees the flag as it starts instead.
        return True

    def stop_all(self) -> None:
        for column in list(self._tasks):
            self.stop(column)

    def start(self, request: ColumnRequest, on_delta: DeltaCallback) -> asyncio.Task[ReplyOutcome]:
        previous = self._tasks.get(request.column)
        if previous is not None and not previous.done() and previous not in self._stopping:
            raise RuntimeError(f"column {request.column} is still answering")
        task = asyncio.ensure_future(self._stream(request, on_delta))
        self._tasks[request.column] = task
        return task

    async def run(
        self, requests: Sequence[ColumnRequest], on_delta: DeltaCallback
    ) -> list[ReplyOutcome]:
        """All columns concurrently; outcomes in the order of `requests`."""
        tasks = [self.start(r, on_delta) for r in requests]
        try:
            return list(await asyncio.gather(*tasks))
        except asyncio.CancelledError:
            # Whoever awaited us went away (window closing): don't leave streams open.
            for r in requests:
                self.stop(r.column)
            await asyncio.gather(*tasks, return_exceptions=True)
            raise

    async def _stream(self, request: ColumnRequest, on_delta: DeltaCallback) -> ReplyOutcome:
        outcome = ReplyOutcome(column=request.column)
        current = asyncio.current_task()
        if current is not None:
            if current in self._stopping:
                self._stopping.discard(current)  # type: ignore[arg-type]
                outcome.status = ReplyStatus.STOPPED
                outcome.latency_s = 0.0
                return outcome
            self._started.add(current)
        parts: list[str] = []
        started = self._clock()
        stream: Any = None
        try:
            stream = request.client.chat_stream(
                request.model, list(request.messages), **dict(request.params)
            )
            async for chunk in stream:
                usage = _chunk_usage(chunk)
                if usage is not None:
                    outcome.prompt_tokens, outcome.completion_tokens = usage
                text = _chunk_text(chunk)
                if text:
                    if outcome.first_token_s is None:
                        outcome.first_token_s = self._clock() - started
                    parts.append(text)
                    on_delta(request.column, text)
            outcome.status = ReplyStatus.DONE
        except asyncio.CancelledError:
            task = asyncio.current_task()
            if task is None or task not in self._stopping:
                raise
            task.uncancel()
            outcome.status = ReplyStatus.STOPPED
        except Exception as raw:  # every failure becomes words in the column, not a crash
            error = from_exception(raw, operation="chat_stream")
            outcome.status = ReplyStatus.FAILED
            outcome.error = error
            outcome.error_kind = error.kind.value
            outcome.error_detail = error.detail or error.message
            # The client may have received text it had not yet handed on when the cut came.
            if error.partial_text and len(error.partial_text) > len("".join(parts)):
                parts = [error.partial_text]
        finally:
            aclose = getattr(stream, "aclose", None)
            if aclose is not None:
                # Closing the generator closes the HTTP response: the server sees the
                # disconnect and stops generating instead of finishing for nobody.
                with contextlib.suppress(Exception):
                    await aclose()
            if current is not None:
                self._stopping.discard(current)  # type: ignore[arg-type]
                self._started.discard(current)
        outcome.text = "".join(parts)
        outcome.latency_s = self._clock() - started
        return outcome
