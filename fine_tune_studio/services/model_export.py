"""Exporting a fine-tuned model of "This computer" (Qt-free).

    exporter = ModelExporter()
    result = await exporter.export(ExportJob(model_id, ExportFormat.GGUF, out, data_dir,
                                             models_dir), progress=show)
    if exporter.ollama_path():
        code = await exporter.run_ollama(result.ollama_command, cwd=out, output=show_line)

The export is heavy (torch, safetensors, gguf) and lives in the engine room, which services
may not import: it runs as a spawned child process (`python -m fine_tune_studio.engine.
export`) that prints progress lines (core/model_export.py). The app never blocks on it,
cancelling the coroutine stops the child, and a failure arrives as `ExportFailed` with a
code the UI words and the child's plain English.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from fine_tune_studio.core.model_export import (
    DEFAULT_GGUF_KIND,
    ExportErrorCode,
    ExportFailure,
    ExportFormat,
    ExportProgress,
    ExportResult,
    GgufKind,
    decode_message,
)

EXPORT_MODULE = "fine_tune_studio.engine.export"
STDERR_TAIL_CHARS = 2000
STOP_GRACE_S = 5.0


class ExportFailed(Exception):
    def __init__(self, code: ExportErrorCode, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class ExportJob:
    model_id: str
    format: ExportFormat
    out: Path
    data_dir: Path
    models_dir: Path
    kind: GgufKind = DEFAULT_GGUF_KIND
    overwrite: bool = False

    def arguments(self) -> list[str]:
        args = [self.model_id, "--to", self.format.value, "--out", str(self.out),
                "--engine-data-dir", str(self.data_dir), "--models-dir", str(self.models_dir),
                "--quant", self.kind.value]
        return [*args, "--overwrite"] if self.overwrite else args


def folder_in_the_way(out: Path) -> bool:
    """True when exporting to `out` would replace something (the UI asks first)."""
    try:
        return out.exists() and (not out.is_dir() or any(out.iterdir()))
    except OSError:
        return True


class ModelExporter:
    def __init__(self, *, python: str | None = None,
                 extra_env: dict[str, str] | None = None) -> None:
        self._python = python or sys.executable
        self._extra_env = dict(extra_env or {})

    def command(self, job: ExportJob) -> list[str]:
        return [self._python, "-m", EXPORT_MODULE, *job.arguments()]

    async def export(self, job: ExportJob,
                     progress: Callable[[ExportProgress], None] | None = None) -> ExportResult:
        process = await asyncio.create_subprocess_exec(
            *self.command(job), stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
            env={**os.environ, **self._extra_env, "PYTHONUNBUFFERED": "1"},
            limit=1024 * 1024,
        )
        stderr_task = asyncio.create_task(_tail(process.stderr))
        result: ExportResult | None = None
        failure: ExportFailure | None = None
        try:
            assert process.stdout is not None
            async for raw in process.stdout:
                message = decode_message(raw)
                if isinstance(message, ExportProgress) and progress is not None:
                    progress(message)
                elif isinstance(message, ExportResult):
                    result = message
                elif isinstance(message, ExportFailure):
                    failure = message
            returncode = await process.wait()
        except BaseException:
            await _stop(process)
            stderr_task.cancel()
            raise
        stderr = await stderr_task
        if failure is not None:
            raise ExportFailed(failure.code, failure.message)
        if returncode != 0 or result is None:
            raise ExportFailed(ExportErrorCode.FAILED,
                               f"The export stopped (exit code {returncode}). {stderr}".strip())
        return result

    @staticmethod
    def ollama_path() -> str | None:
        return shutil.which("ollama")

    async def run_ollama(self, command: Sequence[str], *, cwd: Path,
                         output: Callable[[str], None]) -> int:
        """Run `ollama create ...` (found on the PATH), passing each output line on."""
        program = self.ollama_path()
        if program is None:
            raise ExportFailed(ExportErrorCode.FAILED, "The ollama program is not installed.")
        process = await asyncio.create_subprocess_exec(
            program, *command[1:], cwd=cwd, stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
        )
        try:
            assert process.stdout is not None
            async for raw in process.stdout:
                # Ollama redraws progress with carriage returns; show each state as a line.
                for piece in raw.decode("utf-8", errors="replace").replace("\r", "\n").split("\n"):
                    if piece.strip():
                        output(piece.rstrip())
            return await process.wait()
        except BaseException:
            await _stop(process)
            raise


async def _tail(stream: asyncio.StreamReader | None) -> str:
    if stream is None:
        return ""
    text = ""
    async for raw in stream:  # read all the time: a full pipe would stall the child
        text = (text + raw.decode("utf-8", errors="replace"))[-STDERR_TAIL_CHARS:]
    return text.strip()


async def _stop(process: asyncio.subprocess.Process) -> None:
    if process.returncode is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        process.terminate()
    try:
        await asyncio.wait_for(process.wait(), STOP_GRACE_S)
    except TimeoutError:
        with contextlib.suppress(ProcessLookupError):
            process.kill()
        await process.wait()
