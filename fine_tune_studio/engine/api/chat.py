"""/v1/chat/completions: non-streaming and SSE streaming in OpenAI's chunk format."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Annotated, Any, Literal

from fastapi import APIRouter, Depends
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, ConfigDict, Field, WithJsonSchema

from fine_tune_studio.engine import ids
from fine_tune_studio.engine.api import schemas
from fine_tune_studio.engine.api.errors import APIError, invalid
from fine_tune_studio.engine.api.models import require_model
from fine_tune_studio.engine.api.routing import EngineRoute
from fine_tune_studio.engine.api.state import EngineState, engine_state
from fine_tune_studio.engine.chat_backend import ContextTooLong, GenerationParams

if TYPE_CHECKING:
    from fine_tune_studio.engine.inference import TextStream

router = APIRouter(route_class=EngineRoute)
State = Annotated[EngineState, Depends(engine_state)]
DEFAULT_MAX_TOKENS = 512


class StreamOptions(BaseModel):
    model_config = ConfigDict(extra="allow")
    include_usage: bool | None = None


ROLES = {"system": "system", "developer": "system", "user": "user", "assistant": "assistant"}
MAX_STOPS = 4

# What the engine takes, for its OpenAPI document. Validation itself stays lenient where
# `_messages` / `_params` explain a refusal better than a schema error would (an unknown
# role, a second choice, tools).
_TEXT_PART = {"type": "object", "required": ["type", "text"],
              "properties": {"type": {"enum": ["text"]}, "text": {"type": "string"}}}
_MESSAGES_SCHEMA = {"type": "array", "minItems": 1, "items": {
    "type": "object", "required": ["role"], "properties": {
        "role": {"enum": list(ROLES)},
        "content": {"anyOf": [{"type": "string"}, {"type": "array", "items": _TEXT_PART},
                              {"type": "null"}]},
        "name": {"type": "string"},
    },
}}


class ChatRequest(BaseModel):
    model_config = ConfigDict(extra="allow")

    model: str
    messages: Annotated[list[dict[str, Any]], WithJsonSchema(_MESSAGES_SCHEMA)] = Field(
        min_length=1)
    temperature: float | None = Field(default=None, ge=0, le=2)
    top_p: float | None = Field(default=None, gt=0, le=1)
    max_tokens: int | None = Field(default=None, ge=1)
    max_completion_tokens: int | None = Field(default=None, ge=1)
    stop: Annotated[str | list[str] | None, WithJsonSchema({"anyOf": [
        {"type": "string"}, {"type": "array", "items": {"type": "string"},
                             "maxItems": MAX_STOPS}, {"type": "null"}]})] = None
    # OpenAI's range (int64); torch's generators take it whole.
    seed: int | None = Field(default=None, ge=-(2**63), le=2**63 - 1)
    n: Annotated[int | None, WithJsonSchema(
        {"anyOf": [{"type": "integer", "minimum": 1, "maximum": 1}, {"type": "null"}]})] = None
    stream: bool | None = False
    stream_options: StreamOptions | None = None
    tools: Annotated[list[Any] | None, WithJsonSchema(
        {"anyOf": [{"type": "array", "maxItems": 0}, {"type": "null"}]})] = None


def _text_of(content: Any, index: int) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        texts = []
        for part in content:
            if isinstance(part, dict) and part.get("type") == "text":
                texts.append(str(part.get("text", "")))
            else:
                raise invalid("The local engine reads text content parts only.",
                              param=f"messages[{index}].content")
        return "".join(texts)
    if content is None:
        return ""
    raise invalid("Message content must be a string or a list of text parts.",
                  param=f"messages[{index}].content")


def _messages(raw: list[dict[str, Any]]) -> list[dict[str, str]]:
    result = []
    for index, message in enumerate(raw):
        role = ROLES.get(str(message.get("role")))
        if role is None:
            raise invalid(
                f"Unsupported role {message.get('role')!r}: the local engine takes system, "
                "developer, user and assistant messages.", param=f"messages[{index}].role",
            )
        result.append({"role": role, "content": _text_of(message.get("content"), index)})
    return result


def _params(body: ChatRequest) -> GenerationParams:
    if body.n is not None and body.n != 1:
        raise invalid("The local engine generates one choice per request (n=1).", param="n")
    if body.tools:
        raise invalid("The local engine does not call tools.", param="tools")
    stops = [body.stop] if isinstance(body.stop, str) else list(body.stop or [])
    if len(stops) > MAX_STOPS:
        raise invalid(f"At most {MAX_STOPS} stop sequences.", param="stop")
    return GenerationParams(
        temperature=1.0 if body.temperature is None else body.temperature,
        top_p=1.0 if body.top_p is None else body.top_p,
        max_tokens=body.max_completion_tokens or body.max_tokens or DEFAULT_MAX_TOKENS,
        stop=[s for s in stops if s],
        seed=body.seed,
    )


def _usage(prompt: int, completion: int) -> dict[str, int]:
    return {"prompt_tokens": prompt, "completion_tokens": completion,
            "total_tokens": prompt + completion}


@router.post(
    "/chat/completions", response_model=None,
    responses={200: {"model": schemas.ChatCompletion, "content": {
        # With "stream": true, OpenAI's server-sent events: each `data` is a
        # chat.completion.chunk as JSON (or an error object), the last one "[DONE]".
        "text/event-stream": {"schema": {
            "type": "object", "required": ["data"],
            "properties": {"data": {"type": "string"}, "event": {"type": "string"}},
        }}}}},
)
async def chat_completions(state: State, body: ChatRequest) -> dict[str, Any] | StreamingResponse:
    entry = await require_model(state, body.model)
    messages = _messages(body.messages)
    params = _params(body)
    completion_id = ids.new_id(ids.CHAT_PREFIX)
    created = int(time.time())
    if body.stream:
        include_usage = bool(body.stream_options and body.stream_options.include_usage)
        stop = threading.Event()
        # Load the model and read the prompt before the 200 goes out, so their failures
        # are ordinary HTTP errors rather than errors inside the event stream.
        try:
            pieces = await asyncio.to_thread(state.chat.stream, entry, messages, params, stop)
        except ContextTooLong as exc:
            raise _too_long(exc) from exc
        chunks = _stream(pieces, stop, completion_id, created, body.model, include_usage)
        return StreamingResponse(chunks, media_type="text/event-stream",
                                 headers={"Cache-Control": "no-cache"})
    # The model host locks per forward step, so requests interleave instead of queueing.
    try:
        result = await asyncio.to_thread(state.chat.generate, entry, messages, params)
    except ContextTooLong as exc:
        raise _too_long(exc) from exc
    return {
        "id": completion_id,
        "object": "chat.completion",
        "created": created,
        "model": body.model,
        "choices": [{
            "index": 0,
            "message": {"role": "assistant", "content": result.text, "refusal": None,
                        "annotations": []},
            "logprobs": None,
            "finish_reason": result.finish_reason,
        }],
        "usage": _usage(result.prompt_tokens, result.completion_tokens),
        "system_fingerprint": "local-engine",
    }


def _too_long(exc: ContextTooLong) -> APIError:
    return APIError(400, str(exc), param="messages", code="context_length_exceeded")


def _sse(payload: dict[str, Any]) -> bytes:
    return f"data: {json.dumps(payload, ensure_ascii=False)}\n\n".encode()


async def _stream(
    pieces: TextStream, stop: threading.Event, completion_id: str, created: int, model: str,
    include_usage: bool,
) -> AsyncIterator[bytes]:
    def chunk(delta: dict[str, Any], finish: str | None) -> dict[str, Any]:
        body: dict[str, Any] = {
            "id": completion_id, "object": "chat.completion.chunk", "created": created,
            "model": model, "system_fingerprint": "local-engine",
            "choices": [{"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}],
        }
        if include_usage:
            body["usage"] = None
        return body

    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[tuple[Literal["delta", "end", "error"], Any]] = asyncio.Queue()

    def produce() -> None:
        try:
            for piece in pieces:
                loop.call_soon_threadsafe(queue.put_nowait, ("delta", piece))
            loop.call_soon_threadsafe(queue.put_nowait, ("end", pieces))
        except Exception as exc:  # reported to the client as an SSE error event
            loop.call_soon_threadsafe(queue.put_nowait, ("error", exc))

    worker = asyncio.ensure_future(asyncio.to_thread(produce))
    try:
        yield _sse(chunk({"role": "assistant", "content": "", "refusal": None}, None))
        while True:
            kind, value = await queue.get()
            if kind == "delta":
                if value:
                    yield _sse(chunk({"content": value}, None))
                continue
            if kind == "error":
                error = APIError(500, f"Generation failed: {value}", type_="server_error")
                yield _sse(error.body())
                break
            finish = value.finish_reason if value.finish_reason in ("stop", "length") else "stop"
            yield _sse(chunk({}, finish))
            if include_usage:
                final = chunk({}, None)
                final["choices"] = []
                final["usage"] = _usage(value.prompt_tokens, value.completion_tokens)
                yield _sse(final)
            break
        yield b"data: [DONE]\n\n"
    finally:
        # A client that went away stops generation at the next token.
        stop.set()
        await asyncio.shield(worker)
