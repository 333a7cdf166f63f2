"""The engine's shared state, reachable from every route through the request."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from dataclasses import dataclass, field
from typing import Any

from fastapi import Request

from fine_tune_studio.engine.chat_backend import ChatBackend
from fine_tune_studio.engine.config import EngineConfig
from fine_tune_studio.engine.device_probe import DeviceProbe
from fine_tune_studio.engine.job_runner import JobRunner
from fine_tune_studio.engine.store import Store


@dataclass
class EngineState:
    config: EngineConfig
    store: Store
    runner: JobRunner
    chat: ChatBackend
    device: DeviceProbe = field(default_factory=DeviceProbe)
    background: set[asyncio.Task[None]] = field(default_factory=set)

    def spawn(self, coro: Coroutine[Any, Any, None]) -> None:
        """Run a coroutine in the background, keeping a reference until it finishes."""
        task = asyncio.get_running_loop().create_task(coro)
        self.background.add(task)
        task.add_done_callback(self.background.discard)


def engine_state(request: Request) -> EngineState:
    state = request.app.state.engine
    assert isinstance(state, EngineState)
    return state
