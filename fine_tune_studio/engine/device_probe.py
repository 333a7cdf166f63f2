"""The server's view of its device: asked once of a child process (`python -m
fine_tune_studio.engine.device`), so the server itself never starts a GPU just to describe
it; free memory is read again on each question (psutil for the computer's memory, a new
probe at most every REFRESH_S for a graphics card's)."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import sys
import time
from dataclasses import replace

from fine_tune_studio.core.training_memory import DeviceFacts, DeviceKind

PROBE_MODULE = "fine_tune_studio.engine.device"
PROBE_TIMEOUT_S = 120.0  # importing torch and starting a GPU on a slow disk
REFRESH_S = 30.0


def _ram() -> tuple[int | None, int | None]:
    try:
        import psutil
    except ImportError:
        return None, None
    memory = psutil.virtual_memory()
    return int(memory.total), int(memory.available)


def _cpu_facts(note: str) -> DeviceFacts:
    total, free = _ram()
    cores = os.cpu_count()
    return DeviceFacts(kind=DeviceKind.CPU, name="CPU", dtype="float32", total_memory=total,
                       free_memory=free, cores=cores, note=note)


class DeviceProbe:
    def __init__(self) -> None:
        self._facts: DeviceFacts | None = None
        self._when = 0.0
        self._lock = asyncio.Lock()

    async def warm(self) -> None:
        await self.facts()

    async def facts(self) -> DeviceFacts:
        async with self._lock:
            stale = self._facts is None or (
                self._facts.kind is DeviceKind.CUDA and time.monotonic() - self._when > REFRESH_S
            )
            if stale:
                self._facts = await self._probe()
                self._when = time.monotonic()
            facts = self._facts
            assert facts is not None
        if facts.kind is not DeviceKind.CUDA:
            # The computer's memory (a Mac's GPU shares it) changes by the second.
            _total, free = _ram()
            if free is not None:
                cap = facts.total_memory or free  # an Apple GPU: what Metal lets it hold
                facts = replace(facts, free_memory=min(free, cap))
        return facts

    @staticmethod
    async def _probe() -> DeviceFacts:
        try:
            process = await asyncio.create_subprocess_exec(
                sys.executable, "-m", PROBE_MODULE,
                stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
            )
        except OSError as exc:
            return _cpu_facts(f"the devices could not be checked ({exc})")
        try:
            out, err = await asyncio.wait_for(process.communicate(), PROBE_TIMEOUT_S)
        except (TimeoutError, asyncio.CancelledError) as exc:
            with contextlib.suppress(ProcessLookupError):
                process.kill()  # the engine stops, or the probe hangs: leave no child
            if isinstance(exc, asyncio.CancelledError):
                raise
            return _cpu_facts("the devices could not be checked in time")
        for line in reversed(out.decode("utf-8", "replace").splitlines()):
            with contextlib.suppress(ValueError):
                data = json.loads(line)
                facts = DeviceFacts.from_dict(data) if isinstance(data, dict) else None
                if facts is not None:
                    return facts
        tail = err.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no answer"]
        return _cpu_facts(f"the devices could not be checked ({tail[0]})")
