"""A small real HTTP server speaking chat.completions (SSE) with scripted misbehaviour.

The local engine answers honestly; this one exists for what an honest server won't do on
cue: cut a stream mid-reply, stream slowly forever (to prove "stop" closes the request),
or answer 404 model_not_found like a retired OpenAI snapshot. It runs in its own thread
with its own event loop, so it works whatever loop the test uses (asyncio or qasync).

Models it knows (the request's `model` picks the behaviour):
  echo-*      streams "You said: <last user text>" in small pieces, then usage
  cut-*       streams CUT_PARTS, then drops the connection without finishing
  slow-*      streams a word every SLOW_INTERVAL seconds for up to a minute
  gpt-4-0314  answers 404 with OpenAI's model_not_found error body
  small-*     answers 400 "the conversation is too long": states the limit, not the length
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import threading
import time
from dataclasses import dataclass, field
from typing import Any

CUT_PARTS = ["The answer ", "starts here ", "and then"]
SLOW_INTERVAL = 0.05
RETIRED_MODEL = "gpt-4-0314"
SMALL_CONTEXT = 2048


@dataclass
class SlowStreamRecord:
    chunks_sent: int = 0
    client_closed: threading.Event = field(default_factory=threading.Event)
    ended_at: float | None = None


def echo_reply(messages: list[dict[str, Any]]) -> str:
    user = [m["content"] for m in messages if m.get("role") == "user"]
    return f"You said: {user[-1] if user else ''}"


def _pieces(text: str, size: int = 3) -> list[str]:
    return [text[i : i + size] for i in range(0, len(text), size)]


class ScriptedChatServer:
    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        self.slow_streams: list[SlowStreamRecord] = []
        self._loop: asyncio.AbstractEventLoop | None = None
        self._server: asyncio.AbstractServer | None = None
        self._thread: threading.Thread | None = None
        self.port = 0

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    # -- lifecycle -------------------------------------------------------------------------

    def start(self) -> ScriptedChatServer:
        ready = threading.Event()

        def run() -> None:
            loop = asyncio.new_event_loop()
            self._loop = loop
            self._server = loop.run_until_complete(
                asyncio.start_server(self._handle, "127.0.0.1", 0)
            )
            self.port = self._server.sockets[0].getsockname()[1]
            ready.set()
            loop.run_forever()
            self._server.close()
            loop.run_until_complete(self._server.wait_closed())
            loop.close()

        self._thread = threading.Thread(target=run, name="scripted-chat-server", daemon=True)
        self._thread.start()
        if not ready.wait(10):
            raise RuntimeError("scripted chat server did not start")
        return self

    def stop(self) -> None:
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self._loop.stop)
        if self._thread is not None:
            self._thread.join(10)

    # -- HTTP ------------------------------------------------------------------------------

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while await self._one_request(reader, writer):
                pass
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            writer.close()

    async def _one_request(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> bool:
        request_line = await reader.readline()
        if not request_line:
            return False
        method, path, _ = request_line.decode("latin-1").split(" ", 2)
        headers: dict[str, str] = {}
        while True:
            line = (await reader.readline()).decode("latin-1").strip()
            if not line:
                break
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        body = await reader.readexactly(int(headers.get("content-length", "0") or 0))
        if method == "GET" and path.endswith("/models"):
            data = [{"id": m, "object": "model", "created": 0, "owned_by": "test"}
                    for m in ("echo-a", "echo-b", "cut-a", "slow-a")]
            await self._json(writer, 200, {"object": "list", "data": data})
            return True
        if method != "POST" or not path.endswith("/chat/completions"):
            await self._json(writer, 404, {"error": {"message": "no such route"}})
            return True
        payload = json.loads(body or b"{}")
        self.requests.append(payload)
        model = str(payload.get("model", ""))
        if model == RETIRED_MODEL:
            await self._json(writer, 404, {"error": {
                "message": f"The model `{model}` has been deprecated, learn more here: "
                "https://platform.openai.com/docs/deprecations",
                "type": "invalid_request_error", "param": None, "code": "model_not_found",
            }})
            return True
        if model.startswith("small-"):
            await self._json(writer, 400, {"error": {
                "message": f"This model's maximum context length is {SMALL_CONTEXT} tokens. "
                "Please reduce the length of the messages.",
                "type": "invalid_request_error", "param": "messages",
                "code": "context_length_exceeded",
            }})
            return True
        if not payload.get("stream"):
            text = echo_reply(payload.get("messages", []))
            await self._json(writer, 200, self._completion(model, text))
            return True
        await self._sse_head(writer)
        if model.startswith("cut-"):
            for part in CUT_PARTS:
                await self._event(writer, self._chunk(model, part))
            # A dropped connection, not a clean end: no [DONE], no terminating chunk.
            writer.transport.abort()
            return False
        if model.startswith("slow-"):
            await self._slow(reader, writer, model)
            return False
        for part in _pieces(echo_reply(payload.get("messages", []))):
            await self._event(writer, self._chunk(model, part))
        await self._event(writer, self._chunk(model, "", finish="stop"))
        if (payload.get("stream_options") or {}).get("include_usage"):
            usage = {"prompt_tokens": 11, "completion_tokens": 7, "total_tokens": 18}
            await self._event(writer, {**self._chunk(model, None), "choices": [], "usage": usage})
        writer.write(b"data: [DONE]\n\n")
        await writer.drain()
        return False

    async def _slow(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, model: str
    ) -> None:
        record = SlowStreamRecord()
        self.slow_streams.append(record)
        eof = asyncio.ensure_future(reader.read(1))
        try:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and not eof.done():
                await self._event(writer, self._chunk(model, "word "))
                record.chunks_sent += 1
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(asyncio.shield(eof), SLOW_INTERVAL)
        except ConnectionError:
            pass
        finally:
            record.ended_at = time.monotonic()
            if eof.done():
                record.client_closed.set()
            else:
                eof.cancel()

    async def _sse_head(self, writer: asyncio.StreamWriter) -> None:
        writer.write(
            b"HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\n"
            b"cache-control: no-cache\r\nconnection: close\r\n\r\n"
        )
        await writer.drain()

    async def _event(self, writer: asyncio.StreamWriter, data: dict[str, Any]) -> None:
        writer.write(b"data: " + json.dumps(data).encode() + b"\n\n")
        await writer.drain()

    async def _json(self, writer: asyncio.StreamWriter, status: int, data: dict[str, Any]) -> None:
        body = json.dumps(data).encode()
        reason = {200: "OK", 404: "Not Found"}.get(status, "Error")
        writer.write(
            f"HTTP/1.1 {status} {reason}\r\ncontent-type: application/json\r\n"
            f"content-length: {len(body)}\r\n\r\n".encode() + body
        )
        await writer.drain()

    @staticmethod
    def _chunk(model: str, text: str | None, finish: str | None = None) -> dict[str, Any]:
        delta = {} if text is None else {"content": text}
        return {
            "id": "chatcmpl-test", "object": "chat.completion.chunk", "created": 0,
            "model": model,
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
        }

    @staticmethod
    def _completion(model: str, text: str) -> dict[str, Any]:
        return {
            "id": "chatcmpl-test", "object": "chat.completion", "created": 0, "model": model,
            "choices": [{"index": 0, "finish_reason": "stop",
                         "message": {"role": "assistant", "content": text}}],
            "usage": {"prompt_tokens": 11, "completion_tokens": 7, "total_tokens": 18},
        }
