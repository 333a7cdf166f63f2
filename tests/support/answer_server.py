"""A real HTTP server answering chat.completions (no streaming) after a fixed delay.

For the evaluation runner's tests and benchmark: it answers many requests at once (each
waits its delay without holding the others up), keeps connections alive as a real server
does, and records what it was asked. The request's model picks the answer:

  oracle-*   the answer registered for the last user text (`answers`), else "?"
  judge-fair  as an AI judge: "B" when answer A is an echo ("You said: ..."), else "A"
  judge-lazy  as an AI judge: always "A" (position bias)
  echo-*     "You said: <last user text>"
  anything   "?"

GET …/models lists `LISTED` (the Evaluation panel asks on its own); only chat requests
are recorded in `asked`.

It runs in its own thread with its own event loop, so it works whatever loop the test uses.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import subprocess
import sys
import threading
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]


class AnswerServer:
    # What GET /models answers: a checkpoint and a fine-tune before their base, by id.
    LISTED = ("ft:echo-base:airport:j1", "ft:echo-base:airport:j1:ckpt-step-2", "echo-base")
    def __init__(self, answers: Mapping[str, str] | None = None, delay: float = 0.0) -> None:
        self.answers = dict(answers or {})
        self.delay = delay
        self.asked: list[tuple[str, str]] = []  # (model, last user text), in arrival order
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._handlers: set[asyncio.Task[None]] = set()
        self.port = 0

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def start(self) -> AnswerServer:
        ready = threading.Event()

        def run() -> None:
            loop = asyncio.new_event_loop()
            self._loop = loop
            server = loop.run_until_complete(asyncio.start_server(self._handle, "127.0.0.1", 0))
            self.port = server.sockets[0].getsockname()[1]
            ready.set()
            loop.run_forever()
            server.close()
            loop.run_until_complete(server.wait_closed())
            loop.close()

        self._thread = threading.Thread(target=run, name="answer-server", daemon=True)
        self._thread.start()
        if not ready.wait(10):
            raise RuntimeError("answer server did not start")
        return self

    def stop(self) -> None:
        if self._loop is not None:
            # Connections end before the loop does, so no handler is left half-way.
            asyncio.run_coroutine_threadsafe(self._close_all(), self._loop).result(10)
            self._loop.call_soon_threadsafe(self._loop.stop)
        if self._thread is not None:
            self._thread.join(10)

    async def _close_all(self) -> None:
        tasks = [t for t in self._handlers if not t.done()]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    def reply_for(self, model: str, question: str) -> str:
        if model == "judge-fair":
            return "Thinking...\nB" if "Answer A:\nYou said" in question else "Fine.\nA"
        if model == "judge-lazy":
            return "A"
        if model.startswith("oracle-"):
            return self.answers.get(question, "?")
        if model.startswith("echo-"):
            return f"You said: {question}"
        return "?"

    @staticmethod
    def _send(writer: asyncio.StreamWriter, payload: dict[str, Any]) -> None:
        data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        writer.write(
            b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n"
            + f"content-length: {len(data)}\r\n\r\n".encode() + data
        )

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        if task is not None:
            self._handlers.add(task)  # type: ignore[arg-type]
        try:
            while True:
                request_line = await reader.readline()
                if not request_line:
                    return
                headers: dict[str, str] = {}
                while (line := (await reader.readline()).decode("latin-1").strip()):
                    name, _, value = line.partition(":")
                    headers[name.strip().lower()] = value.strip()
                body = await reader.readexactly(int(headers.get("content-length") or 0))
                if request_line.startswith(b"GET ") and b"/models" in request_line:
                    # What a real server lists (the Evaluation panel asks on its own).
                    self._send(writer, {"object": "list", "data": [
                        {"id": name, "object": "model", "created": 0, "owned_by": "test"}
                        for name in self.LISTED]})
                    await writer.drain()
                    continue
                payload: dict[str, Any] = json.loads(body or b"{}")
                model = str(payload.get("model", ""))
                users = [m.get("content", "") for m in payload.get("messages", [])
                         if m.get("role") == "user"]
                question = str(users[-1]) if users else ""
                with self._lock:
                    self.asked.append((model, question))
                if self.delay:
                    await asyncio.sleep(self.delay)
                text = self.reply_for(model, question)
                data = {
                    "id": "chatcmpl-1", "object": "chat.completion", "created": 0,
                    "model": model,
                    "choices": [{"index": 0, "finish_reason": "stop",
                                 "message": {"role": "assistant", "content": text}}],
                    "usage": {"prompt_tokens": 10, "completion_tokens": len(text),
                              "total_tokens": 10 + len(text)},
                }
                self._send(writer, data)
                await writer.drain()
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.CancelledError):
            pass
        finally:
            writer.close()
            self._handlers.discard(task)  # type: ignore[arg-type]


@contextlib.contextmanager
def answer_server_process(delay: float) -> Iterator[str]:
    """An AnswerServer in a process of its own, so that it does not share the caller's
    interpreter lock (the benchmarks time the caller); yields its base URL and stops it
    when the block ends."""
    server = subprocess.Popen(
        [sys.executable, "-m", "tests.support.answer_server", str(delay)], cwd=REPO,
        text=True, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
    )
    assert server.stdout is not None and server.stdin is not None
    try:
        yield f"http://127.0.0.1:{int(server.stdout.readline())}/v1"
    finally:
        server.stdin.close()  # the server's signal to stop
        server.wait(10)


if __name__ == "__main__":  # answer_server_process's child: the port, then until stdin ends
    served = AnswerServer({}, delay=float(sys.argv[1])).start()
    print(served.port, flush=True)
    sys.stdin.read()
    served.stop()
