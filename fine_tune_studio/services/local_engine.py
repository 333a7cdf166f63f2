"""Starts and stops the local engine (`fine-tune-studio engine serve`) as a child process.

The engine listens on a free loopback port with a fresh random token for each start; the
token travels in the child's environment, not its command line, so other users of the
computer cannot read it from the process list. Qt-free and independent of the engine's
code: the app talks to it over HTTP like to any provider.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import secrets
import socket
import sys
import time
from pathlib import Path

from fine_tune_studio.paths import engine_default_models_dir
from fine_tune_studio.services.child_env import foreign_program_environment

TOKEN_ENV = "FINE_TUNE_STUDIO_ENGINE_TOKEN"
EXIT_WITH_PARENT_ENV = "FINE_TUNE_STUDIO_ENGINE_EXIT_WITH_PARENT"
HOST = "127.0.0.1"
STDERR_TAIL_LINES = 40


class LocalEngineError(RuntimeError):
    """The engine could not be started; the message says why (with the tail of its stderr)."""


def free_loopback_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


async def _health_ok(port: int, timeout: float) -> bool:
    """One `GET /health` over a raw connection (services carry no HTTP client of their own)."""
    try:
        reader, writer = await asyncio.wait_for(asyncio.open_connection(HOST, port), timeout)
    except (OSError, TimeoutError):
        return False
    try:
        writer.write(f"GET /health HTTP/1.1\r\nHost: {HOST}:{port}\r\nConnection: close\r\n\r\n"
                     .encode())
        await writer.drain()
        status_line = await asyncio.wait_for(reader.readline(), timeout)
        return status_line.split(b" ")[1:2] == [b"200"]
    except (OSError, TimeoutError, IndexError):
        return False
    finally:
        writer.close()
        with contextlib.suppress(OSError):
            await writer.wait_closed()


class LocalEngine:
    def __init__(
        self,
        *,
        data_dir: Path | None = None,
        models_dir: Path | None = None,
        python: str | None = None,
        startup_timeout: float = 60.0,
        stop_timeout: float = 15.0,
        max_upload_mb: float | None = None,
        extra_env: dict[str, str] | None = None,
    ) -> None:
        self.data_dir = data_dir
        self.models_dir = models_dir
        self._python = python or sys.executable
        self._startup_timeout = startup_timeout
        self._stop_timeout = stop_timeout
        self._max_upload_mb = max_upload_mb
        self._extra_env = dict(extra_env or {})
        self._process: asyncio.subprocess.Process | None = None
        self._port: int | None = None
        self._token: str | None = None
        self._output: collections.deque[str] = collections.deque(maxlen=STDERR_TAIL_LINES)
        self._readers: list[asyncio.Task[None]] = []

    # -- what the app needs ------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.returncode is None

    @property
    def port(self) -> int:
        if self._port is None:
            raise LocalEngineError("The local engine has not been started.")
        return self._port

    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self.port}/v1"

    @property
    def token(self) -> str:
        if self._token is None:
            raise LocalEngineError("The local engine has not been started.")
        return self._token

    @property
    def models_folder(self) -> Path:
        """Where this engine looks for base models: `models_dir`, else the engine's default."""
        # The same default `engine serve` uses, from the one place both read it.
        return self.models_dir if self.models_dir is not None else engine_default_models_dir()

    def output_tail(self) -> str:
        return "\n".join(self._output)

    def command(self, port: int) -> list[str]:
        args = [self._python, "-m", "fine_tune_studio.cli", "engine", "serve",
                "--host", HOST, "--port", str(port)]
        if self.data_dir is not None:
            args += ["--data-dir", str(self.data_dir)]
        if self.models_dir is not None:
            args += ["--models-dir", str(self.models_dir)]
        if self._max_upload_mb is not None:
            args += ["--max-upload-mb", str(self._max_upload_mb)]
        return args

    async def start(self) -> None:
        if self.running:
            return
        port = free_loopback_port()
        token = secrets.token_urlsafe(32)
        # The engine may be another Python (the environment services.engine_setup made):
        # from a bundle, it must not inherit the bundle's library path.
        env = {**foreign_program_environment(), **self._extra_env, TOKEN_ENV: token,
               "PYTHONUNBUFFERED": "1", EXIT_WITH_PARENT_ENV: "1"}
        self._output.clear()
        self._process = await asyncio.create_subprocess_exec(
            *self.command(port),
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env=env,
        )
        self._port, self._token = port, token
        self._readers = [
            asyncio.create_task(self._drain(stream))
            for stream in (self._process.stdout, self._process.stderr)
            if stream is not None
        ]
        try:
            await self._wait_healthy()
        except BaseException:
            await self.stop()
            raise

    async def _drain(self, stream: asyncio.StreamReader) -> None:
        # Read continuously: a full pipe would freeze the engine.
        async for raw in stream:
            self._output.append(raw.decode("utf-8", errors="replace").rstrip())

    async def _wait_healthy(self) -> None:
        assert self._process is not None and self._port is not None
        deadline = time.monotonic() + self._startup_timeout
        while time.monotonic() < deadline:
            if self._process.returncode is not None:
                await asyncio.gather(*self._readers, return_exceptions=True)
                raise LocalEngineError(
                    f"The local engine stopped while starting (exit code "
                    f"{self._process.returncode}).\n{self.output_tail()}".rstrip()
                )
            if await _health_ok(self._port, timeout=2.0):
                return
            await asyncio.sleep(0.2)
        raise LocalEngineError(
            f"The local engine did not answer within {self._startup_timeout:g} s.\n"
            f"{self.output_tail()}".rstrip()
        )

    async def stop(self) -> None:
        """Ask the engine to stop (it fails any running job cleanly), then kill it if needed."""
        process = self._process
        if process is None:
            return
        if process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                process.terminate()
            try:
                await asyncio.wait_for(process.wait(), self._stop_timeout)
            except TimeoutError:
                with contextlib.suppress(ProcessLookupError):
                    process.kill()
                await process.wait()
        await asyncio.gather(*self._readers, return_exceptions=True)
        self._readers = []
        self._process = None

    async def __aenter__(self) -> LocalEngine:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()
