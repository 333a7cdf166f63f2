"""Shared pytest fixtures (service_fixtures); see tests/conftest.py.

- `prism_server`: a Prism mock of OpenAI's official OpenAPI spec (session scope). It rejects
  malformed requests with 422 and requests without an Authorization header with 401.
- `fault_server`: a real HTTP server on 127.0.0.1 (asyncio, in its own thread) that speaks a
  tiny stateful subset of the OpenAI API and can be told to misbehave per request: answer
  429 with Retry-After, 500/503, hang, reset the connection (before or after doing the
  work), or cut an SSE stream mid-reply. It records every request it saw.
- `memory_keyring`: an in-memory keyring backend (deliberately *not* a keyring subclass, so
  keyring's own backend discovery never picks it up).
- `app_home`: a fresh FINE_TUNE_STUDIO_HOME for one test.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import shutil
import socket
import struct
import subprocess
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.support.test_files import OPENAI_SPEC

REPO = Path(__file__).resolve().parents[2]
PRISM_BIN = REPO / "tools" / "prism" / "node_modules" / ".bin" / "prism"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# -- keyring doubles --------------------------------------------------------------------------


class MemoryKeyring:
    """Keyring-shaped backend that keeps passwords in a dict (stands in for the OS keyring)."""

    priority = 1.0

    def __init__(self) -> None:
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        import keyring.errors

        if self.store.pop((service, username), None) is None:
            raise keyring.errors.PasswordDeleteError("not found")


class HangingKeyring(MemoryKeyring):
    """A backend that blocks like a Secret Service waiting on a D-Bus that never answers."""

    def __init__(self) -> None:
        super().__init__()
        self.release = threading.Event()

    def get_password(self, service: str, username: str) -> str | None:
        self.release.wait(60)
        return super().get_password(service, username)


@pytest.fixture
def memory_keyring() -> MemoryKeyring:
    return MemoryKeyring()


@pytest.fixture
def hanging_keyring() -> Iterator[HangingKeyring]:
    backend = HangingKeyring()
    yield backend
    backend.release.set()


@pytest.fixture
def app_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "app-home"
    monkeypatch.setenv("FINE_TUNE_STUDIO_HOME", str(home))
    return home


# -- Prism ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PrismServer:
    base_url: str  # the spec's paths are served at the root, like https://api.openai.com/v1


@pytest.fixture(scope="session")
def prism_server() -> Iterator[PrismServer]:
    if not PRISM_BIN.exists() or shutil.which("node") is None:
        # scripts/test.sh installs it; a contract test that quietly skips proves nothing.
        pytest.fail(f"Prism is not installed ({PRISM_BIN}); run npm ci in tools/prism")
    port = free_port()
    log = open(os.devnull, "wb")  # noqa: SIM115 - lives as long as the process
    proc = subprocess.Popen(
        [str(PRISM_BIN), "mock", str(OPENAI_SPEC), "-p", str(port), "-h", "127.0.0.1"],
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            if proc.poll() is not None:
                pytest.fail(f"Prism exited with code {proc.returncode} before it was ready")
            try:
                req = urllib.request.Request(
                    f"{base}/models", headers={"Authorization": "Bearer x"}
                )
                urllib.request.urlopen(req, timeout=2).read()
                break
            except urllib.error.HTTPError:
                break  # it answered, so it is up
            except (OSError, urllib.error.URLError):
                if time.monotonic() > deadline:
                    pytest.fail("Prism did not start within 120 s")
                time.sleep(0.5)
        yield PrismServer(base_url=base)
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)
        log.close()


# -- the fault-injection server ---------------------------------------------------------------


@dataclass
class Request:
    method: str
    path: str
    query: str
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body or b"null")


Responder = Callable[["Request", asyncio.StreamWriter, "FaultServer"], Awaitable[None]]


@dataclass
class _Rule:
    method: str
    path: str
    behaviours: list[Responder]


@dataclass
class FaultServer:
    """See the module docstring. Use `server.on(method, path, *behaviours)`; each matching
    request consumes the next behaviour; when none are left, the normal fake API answers."""

    port: int = 0
    requests: list[Request] = field(default_factory=list)
    jobs: list[dict[str, Any]] = field(default_factory=list)
    files: dict[str, dict[str, Any]] = field(default_factory=dict)
    file_contents: dict[str, bytes] = field(default_factory=dict)
    disconnects: int = 0
    _rules: list[_Rule] = field(default_factory=list)
    _loop: asyncio.AbstractEventLoop | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _hangs: list[asyncio.Event] = field(default_factory=list)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def on(self, method: str, path: str, *behaviours: Responder) -> None:
        with self._lock:
            self._rules.append(_Rule(method.upper(), path, list(behaviours)))

    def reset_state(self) -> None:
        with self._lock:
            self._rules.clear()
            self.requests.clear()
            self.jobs.clear()
            self.files.clear()
            self.file_contents.clear()
            self.disconnects = 0
        if self._loop is not None:
            for event in list(self._hangs):
                self._loop.call_soon_threadsafe(event.set)

    def seen(self, method: str, path: str) -> list[Request]:
        return [r for r in self.requests if r.method == method and r.path == path]

    def _next_behaviour(self, method: str, path: str) -> Responder | None:
        with self._lock:
            for rule in self._rules:
                wildcard = rule.path.endswith("*") and path.startswith(rule.path[:-1])
                if rule.method == method and (rule.path == path or wildcard) and rule.behaviours:
                    return rule.behaviours.pop(0)
        return None

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            head = await reader.readuntil(b"\r\n\r\n")
        except (asyncio.IncompleteReadError, ConnectionError, asyncio.LimitOverrunError):
            writer.close()
            return
        lines = head.decode("latin-1").split("\r\n")
        method, target, _ = lines[0].split(" ", 2)
        headers = {}
        for line in lines[1:]:
            if ":" in line:
                name, value = line.split(":", 1)
                headers[name.strip().lower()] = value.strip()
        body = b""
        if "content-length" in headers:
            body = await reader.readexactly(int(headers["content-length"]))
        elif headers.get("transfer-encoding", "").lower() == "chunked":
            while True:
                size = int((await reader.readline()).strip().split(b";")[0], 16)
                chunk = await reader.readexactly(size + 2)
                if size == 0:
                    break
                body += chunk[:-2]
        path, _, query = target.partition("?")
        request = Request(method, path, query, headers, body)
        with self._lock:
            self.requests.append(request)
        behaviour = self._next_behaviour(method, path) or api_response
        try:
            await behaviour(request, writer, self)
        except (ConnectionError, asyncio.CancelledError):
            pass
        finally:
            with contextlib.suppress(Exception):
                writer.close()

    # The stateful fake API (enough of OpenAI's shapes for the SDK to parse).
    def fake_api(self, request: Request) -> tuple[int, Any]:
        method, path = request.method, request.path
        if method == "GET" and path == "/v1/models":
            return 200, {
                "object": "list",
                "data": [
                    {
                        "id": "gpt-4o-mini-2024-07-18",
                        "object": "model",
                        "created": 1721172741,
                        "owned_by": "system",
                    },
                    {
                        "id": "whisper-1",
                        "object": "model",
                        "created": 1677532384,
                        "owned_by": "openai-internal",
                    },
                    {
                        "id": "ft:gpt-4o-mini-2024-07-18:acme::abc123",
                        "object": "model",
                        "created": 1730000000,
                        "owned_by": "user",
                    },
                ],
            }
        if method == "POST" and path == "/v1/files":
            file_id = f"file-{uuid.uuid4().hex[:12]}"
            obj = {
                "id": file_id,
                "object": "file",
                "bytes": len(request.body),
                "created_at": int(time.time()),
                "filename": "upload.jsonl",
                "purpose": "fine-tune",
                "status": "processed",
            }
            self.files[file_id] = obj
            return 200, obj
        if method == "GET" and path.startswith("/v1/files/") and path.endswith("/content"):
            file_id = path.split("/")[3]
            if file_id in self.file_contents:
                return 200, self.file_contents[file_id]
            return 404, {
                "error": {
                    "message": f"No such File object: {file_id}",
                    "type": "invalid_request_error",
                    "param": "id",
                    "code": None,
                }
            }
        if method == "GET" and path.startswith("/v1/files/"):
            file_id = path.split("/")[3]
            if file_id in self.files:
                return 200, self.files[file_id]
            return 404, {
                "error": {
                    "message": f"No such File object: {file_id}",
                    "type": "invalid_request_error",
                    "param": "id",
                    "code": None,
                }
            }
        if method == "POST" and path == "/v1/fine_tuning/jobs":
            body = request.json()
            job = {
                "id": f"ftjob-{uuid.uuid4().hex[:12]}",
                "object": "fine_tuning.job",
                "created_at": int(time.time()),
                "model": body["model"],
                "training_file": body["training_file"],
                "validation_file": body.get("validation_file"),
                "status": "queued",
                "fine_tuned_model": None,
                "finished_at": None,
                "hyperparameters": {"n_epochs": "auto"},
                "organization_id": "org-test",
                "result_files": [],
                "seed": body.get("seed") or 42,
                "trained_tokens": None,
                "error": None,
                "metadata": body.get("metadata"),
                "suffix": body.get("suffix"),
            }
            self.jobs.insert(0, job)
            return 200, job
        if method == "GET" and path == "/v1/fine_tuning/jobs":
            return 200, {"object": "list", "data": list(self.jobs), "has_more": False}
        if method == "GET" and path.startswith("/v1/fine_tuning/jobs/") and path.count("/") == 4:
            job_id = path.split("/")[4]
            for job in self.jobs:
                if job["id"] == job_id:
                    return 200, job
            return 404, {
                "error": {
                    "message": f"Job {job_id} not found",
                    "type": "invalid_request_error",
                    "param": None,
                    "code": None,
                }
            }
        if method == "POST" and path == "/v1/chat/completions":
            body = request.json()
            if body.get("stream"):
                return 200, sse_events(["Hel", "lo ", "there"])
            return 200, chat_completion("Hello there")
        return 404, {
            "error": {
                "message": f"unknown route {method} {path}",
                "type": "invalid_request_error",
                "param": None,
                "code": None,
            }
        }


def chat_completion(text: str) -> dict[str, Any]:
    return {
        "id": "chatcmpl-1",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": "m",
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": text, "refusal": None},
                "finish_reason": "stop",
                "logprobs": None,
            }
        ],
        "usage": {"prompt_tokens": 3, "completion_tokens": 2, "total_tokens": 5},
    }


def sse_events(pieces: list[str], *, finish: bool = True) -> list[bytes]:
    """SSE frames for a streamed chat reply made of `pieces` (with usage and [DONE] if finish)."""
    frames = []
    for piece in pieces:
        chunk = {
            "id": "c1",
            "object": "chat.completion.chunk",
            "created": 1,
            "model": "m",
            "choices": [{"index": 0, "delta": {"content": piece}, "finish_reason": None}],
        }
        frames.append(f"data: {json.dumps(chunk)}\n\n".encode())
    if finish:
        last = {
            "id": "c1",
            "object": "chat.completion.chunk",
            "created": 1,
            "model": "m",
            "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}],
        }
        usage = {
            "id": "c1",
            "object": "chat.completion.chunk",
            "created": 1,
            "model": "m",
            "choices": [],
            "usage": {
                "prompt_tokens": 3,
                "completion_tokens": len(pieces),
                "total_tokens": 3 + len(pieces),
            },
        }
        frames += [
            f"data: {json.dumps(last)}\n\n".encode(),
            f"data: {json.dumps(usage)}\n\n".encode(),
            b"data: [DONE]\n\n",
        ]
    return frames


async def write_response(
    writer: asyncio.StreamWriter, status: int, body: Any, headers: dict[str, str] | None = None
) -> None:
    if isinstance(body, list):  # SSE frames
        head = (
            f"HTTP/1.1 {status} OK\r\ncontent-type: text/event-stream\r\nconnection: close\r\n\r\n"
        )
        writer.write(head.encode())
        for frame in body:
            writer.write(frame)
            await writer.drain()
        return
    if isinstance(body, bytes):
        data, ctype = body, "application/octet-stream"
    else:
        data, ctype = json.dumps(body).encode(), "application/json"
    extra = "".join(f"{k}: {v}\r\n" for k, v in (headers or {}).items())
    head = (
        f"HTTP/1.1 {status} X\r\ncontent-type: {ctype}\r\ncontent-length: {len(data)}\r\n"
        f"connection: close\r\n{extra}\r\n"
    )
    writer.write(head.encode() + data)
    await writer.drain()


async def api_response(request: Request, writer: asyncio.StreamWriter, server: FaultServer) -> None:
    status, body = server.fake_api(request)
    await write_response(writer, status, body)


def reply(status: int, body: Any = None, headers: dict[str, str] | None = None) -> Responder:
    """Answer with `status` and `body` (default: an OpenAI-shaped error)."""
    payload = (
        body
        if body is not None
        else {
            "error": {
                "message": f"injected {status}",
                "type": "server_error",
                "param": None,
                "code": None,
            }
        }
    )

    async def respond(request: Request, writer: asyncio.StreamWriter, server: FaultServer) -> None:
        await write_response(writer, status, payload, headers)

    return respond


def hang() -> Responder:
    """Never answer (until the client gives up or the server state is reset)."""

    async def respond(request: Request, writer: asyncio.StreamWriter, server: FaultServer) -> None:
        event = asyncio.Event()
        server._hangs.append(event)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(event.wait(), 60)

    return respond


def _abort(writer: asyncio.StreamWriter) -> None:
    sock = writer.get_extra_info("socket")
    if sock is not None:
        # SO_LINGER 0: close() sends a TCP RST, as a crashing proxy or server would.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    writer.transport.abort()


def reset() -> Responder:
    """Reset the connection without doing anything."""

    async def respond(request: Request, writer: asyncio.StreamWriter, server: FaultServer) -> None:
        _abort(writer)

    return respond


def work_then_reset() -> Responder:
    """Do the request's work (e.g. create the job), then reset instead of answering."""

    async def respond(request: Request, writer: asyncio.StreamWriter, server: FaultServer) -> None:
        server.fake_api(request)
        _abort(writer)

    return respond


def work_then_hang() -> Responder:
    """Do the request's work, then never answer (the client times out)."""

    async def respond(request: Request, writer: asyncio.StreamWriter, server: FaultServer) -> None:
        server.fake_api(request)
        await hang()(request, writer, server)

    return respond


def sse_cut(pieces: list[str], *, abort: bool = True) -> Responder:
    """Stream `pieces` of a reply, then drop the connection before it finishes."""

    async def respond(request: Request, writer: asyncio.StreamWriter, server: FaultServer) -> None:
        await write_response(writer, 200, sse_events(pieces, finish=False))
        await asyncio.sleep(0.05)
        if abort:
            _abort(writer)

    return respond


def sse_slow(pieces: list[str], delay: float) -> Responder:
    """Stream one piece every `delay` seconds; a client hanging up counts in `disconnects`."""

    async def respond(request: Request, writer: asyncio.StreamWriter, server: FaultServer) -> None:
        writer.write(
            b"HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\nconnection: close\r\n\r\n"
        )
        try:
            for frame in sse_events(pieces):
                writer.write(frame)
                await writer.drain()
                await asyncio.sleep(delay)
                if writer.is_closing() or writer.transport.get_extra_info("socket") is None:
                    raise ConnectionResetError
        except (ConnectionError, RuntimeError):
            server.disconnects += 1
            raise ConnectionResetError from None

    return respond


def _run_server(server: FaultServer, ready: threading.Event, stop: threading.Event) -> None:
    async def main() -> None:
        srv = await asyncio.start_server(server.handle, "127.0.0.1", 0)
        server.port = srv.sockets[0].getsockname()[1]
        server._loop = asyncio.get_running_loop()
        ready.set()
        while not stop.is_set():
            await asyncio.sleep(0.05)
        for event in server._hangs:
            event.set()
        srv.close()
        with contextlib.suppress(Exception):
            await asyncio.wait_for(srv.wait_closed(), 2)

    asyncio.run(main())


@pytest.fixture(scope="session")
def _fault_server_session() -> Iterator[FaultServer]:
    server = FaultServer()
    ready, stop = threading.Event(), threading.Event()
    thread = threading.Thread(
        target=_run_server, args=(server, ready, stop), name="fault-server", daemon=True
    )
    thread.start()
    assert ready.wait(10), "fault server did not start"
    yield server
    stop.set()
    thread.join(10)


@pytest.fixture
def fault_server(_fault_server_session: FaultServer) -> Iterator[FaultServer]:
    _fault_server_session.reset_state()
    yield _fault_server_session
    _fault_server_session.reset_state()
