"""A provider that cannot be reached is asked again on a doubling schedule, not forever
every minute; Retry asks at once (services/job_watch.py)."""

from __future__ import annotations

import asyncio
import socket
from typing import Any

import pytest

from fine_tune_studio.core.job_records import JobRecordBook
from fine_tune_studio.core.providers import ProviderKind, ProviderProfile
from fine_tune_studio.services.client import ProviderClient, RetryPolicy
from fine_tune_studio.services.errors import ErrorKind, ServiceError
from fine_tune_studio.services.job_adapter import FineTuningAdapter, adapter_for
from fine_tune_studio.services.job_watch import JobWatcher, ProviderRef, RetrySchedule


def test_the_wait_doubles_up_to_its_cap() -> None:
    schedule = RetrySchedule(first=15, cap=15 * 60)
    waits = [schedule.failed(now=0) for _ in range(9)]
    assert waits == [15, 30, 60, 120, 240, 480, 900, 900, 900]
    assert not schedule.due(899) and schedule.due(900)


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])  # closed again when the block ends


class Listener:
    def __init__(self) -> None:
        self.errors: list[BaseException] = []
        self.ok: list[str] = []

    def jobs_changed(self) -> None: ...
    def job_updated(self, key: str) -> None: ...
    def events_added(self, key: str, events: list[Any]) -> None: ...
    def metrics_added(self, key: str, points: list[Any]) -> None: ...
    def checkpoints_updated(self, key: str) -> None: ...
    def job_finished(self, key: str) -> None: ...
    def records_not_saved(self, error: OSError) -> None: ...

    def provider_error(self, provider_id: str, error: BaseException) -> None:
        self.errors.append(error)

    def provider_ok(self, provider_id: str) -> None:
        self.ok.append(provider_id)


async def until(condition: Any, timeout: float = 20) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not condition():
        assert asyncio.get_running_loop().time() < deadline, "never happened"
        await asyncio.sleep(0.01)


@pytest.mark.asyncio
async def test_an_unreachable_provider_is_not_asked_again_until_its_time_or_retry() -> None:
    profile = ProviderProfile(id="office", kind=ProviderKind.OPENAI_COMPATIBLE,
                              display_name="Office server",
                              base_url=f"http://127.0.0.1:{closed_port()}/v1")
    client = ProviderClient(profile, api_key=None, retry=RetryPolicy(max_attempts=1))
    asked: list[str] = []

    async def adapter(provider_id: str) -> FineTuningAdapter:
        asked.append(provider_id)
        return adapter_for(client)

    listener = Listener()
    # Listed often (as if a minute had passed each time), retried only after an hour.
    watcher = JobWatcher(adapter, lambda: [ProviderRef("office", "Office server")],
                         JobRecordBook(), listener, base_interval=0.01, list_interval=0.01,
                         first_retry=3600, max_retry=4 * 3600)
    watcher.start()
    try:
        await until(lambda: listener.errors)
        error = listener.errors[0]
        assert isinstance(error, ServiceError) and error.kind is ErrorKind.NETWORK
        await asyncio.sleep(0.5)  # fifty list intervals: none of them asks again
        assert asked == ["office"]
        retry_in = watcher.retry_in("office")
        assert retry_in is not None and 3500 < retry_in <= 3600

        watcher.refresh_now()  # the banner's Retry
        await until(lambda: len(asked) == 2)
        await until(lambda: len(listener.errors) == 2)
        second = watcher.retry_in("office")
        assert second is not None and 7000 < second <= 7200  # waited twice as long now
    finally:
        await watcher.aclose()
        await client.aclose()
