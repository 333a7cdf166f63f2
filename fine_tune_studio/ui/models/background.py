"""Blocking disk work for the models room, off the GUI thread."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


async def in_thread(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Like `asyncio.to_thread`, but also when qasync runs a task's first step while Qt
    processes events outside `run_forever` (a widget's first refresh, started as it is
    built), where `to_thread` finds no running loop."""
    loop = asyncio.get_event_loop()
    return await loop.run_in_executor(None, functools.partial(fn, *args, **kwargs))
