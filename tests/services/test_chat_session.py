"""ChatFanout through the real ProviderClient against a scripted HTTP server: several columns
at once, stopping one, a cut stream, a retired model, latency and token usage."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest

from fine_tune_studio.core.conversation import ReplyStatus, Turn
from fine_tune_studio.core.providers import ProviderKind, ProviderProfile
from fine_tune_studio.services.chat_session import ChatFanout, ColumnRequest
from fine_tune_studio.services.client import ProviderClient
from tests.ui.playground.scripted_chat_server import (
    CUT_PARTS,
    RETIRED_MODEL,
    ScriptedChatServer,
    echo_reply,
)

QUESTION = [{"role": "user", "content": "Where can I rest?"}]


@pytest.fixture(scope="module")
def server() -> Iterator[ScriptedChatServer]:
    running = ScriptedChatServer().start()
    yield running
    running.stop()


def client_for(server: ScriptedChatServer, kind: ProviderKind) -> ProviderClient:
    profile = ProviderProfile(
        id="scripted", kind=kind, display_name="Scripted", base_url=server.base_url
    )
    return ProviderClient(profile, api_key="test-token-123456", base_url=server.base_url)


def request(client: ProviderClient, column: int, model: str, **params: Any) -> ColumnRequest:
    return ColumnRequest(column, client, model, QUESTION, params)


@pytest.mark.asyncio
async def test_columns_stream_concurrently_each_with_its_own_text(
    server: ScriptedChatServer,
) -> None:
    client = client_for(server, ProviderKind.REMOTE_ENGINE)  # asks for usage in the stream
    received: dict[int, list[str]] = {0: [], 1: []}
    fanout = ChatFanout()
    outcomes = await fanout.run(
        [request(client, 0, "echo-a"), request(client, 1, "echo-b", temperature=0, seed=3)],
        lambda column, text: received[column].append(text),
    )
    await client.aclose()
    expected = echo_reply(QUESTION)
    for outcome in outcomes:
        assert outcome.status == ReplyStatus.DONE and outcome.text == expected
        assert "".join(received[outcome.column]) == expected
        assert len(received[outcome.column]) > 1  # it arrived in pieces, not at the end
        assert outcome.prompt_tokens == 11 and outcome.completion_tokens == 7
        assert outcome.latency_s is not None and outcome.first_token_s is not None
        assert outcome.first_token_s <= outcome.latency_s
    sent = [r for r in server.requests if r["model"] == "echo-b"][-1]
    assert sent["seed"] == 3 and sent["temperature"] == 0


@pytest.mark.asyncio
async def test_stopping_one_column_closes_its_stream_and_spares_the_other(
    server: ScriptedChatServer,
) -> None:
    client = client_for(server, ProviderKind.OPENAI_COMPATIBLE)
    fanout = ChatFanout()
    before = len(server.slow_streams)
    slow = fanout.start(request(client, 0, "slow-a"), lambda c, t: None)
    fast = fanout.start(request(client, 1, "echo-a"), lambda c, t: None)
    while len(server.slow_streams) == before or server.slow_streams[before].chunks_sent < 3:
        await asyncio.sleep(0.02)
    assert fanout.is_running(0)
    assert fanout.stop(0)
    stopped, done = await asyncio.gather(slow, fast)
    await asyncio.to_thread(server.slow_streams[before].client_closed.wait, 10)
    await client.aclose()
    assert stopped.status == ReplyStatus.STOPPED and stopped.text.startswith("word word")
    assert server.slow_streams[before].client_closed.is_set()
    assert done.status == ReplyStatus.DONE
    assert not fanout.is_running(0) and not fanout.stop(0)


@pytest.mark.asyncio
async def test_a_cut_stream_keeps_the_partial_text_and_names_the_failure(
    server: ScriptedChatServer,
) -> None:
    client = client_for(server, ProviderKind.OPENAI_COMPATIBLE)
    [outcome] = await ChatFanout().run([request(client, 0, "cut-a")], lambda c, t: None)
    await client.aclose()
    assert outcome.status == ReplyStatus.FAILED
    assert outcome.text == "".join(CUT_PARTS)
    assert outcome.error_kind in ("network", "server")
    assert outcome.error is not None and outcome.error.partial_text == "".join(CUT_PARTS)
    # An outcome is the conversation's own reply record: a turn keeps it as it came.
    turn = Turn(user="Where can I rest?", replies=[outcome])
    saved = Turn.model_validate_json(turn.model_dump_json())
    assert saved.replies[0].text == outcome.text and saved.replies[0].status == ReplyStatus.FAILED
    assert saved.replies[0].error_kind == outcome.error_kind


@pytest.mark.asyncio
async def test_a_retired_model_fails_as_model_not_found(server: ScriptedChatServer) -> None:
    client = client_for(server, ProviderKind.OPENAI_COMPATIBLE)
    [outcome] = await ChatFanout().run([request(client, 0, RETIRED_MODEL)], lambda c, t: None)
    await client.aclose()
    assert outcome.status == ReplyStatus.FAILED and outcome.text == ""
    assert outcome.error_kind == "model_not_found"
    assert "deprecated" in (outcome.error_detail or "")


class _EndlessStream:
    """Stands in for a stream only to show who closes it; the HTTP path is tested above."""

    def __init__(self) -> None:
        self.closed = False

    def __aiter__(self) -> AsyncIterator[str]:
        return self

    async def __anext__(self) -> str:
        await asyncio.sleep(0.01)
        return "x"

    async def aclose(self) -> None:
        self.closed = True


class _EndlessClient:
    def __init__(self) -> None:
        self.streams: list[_EndlessStream] = []

    def chat_stream(self, model: str, messages: list[dict[str, Any]], **params: Any) -> Any:
        self.streams.append(_EndlessStream())
        return self.streams[-1]


@pytest.mark.asyncio
async def test_cancelling_from_outside_still_closes_streams_and_propagates() -> None:
    client = _EndlessClient()
    fanout = ChatFanout()
    task = asyncio.ensure_future(
        fanout.run(
            [ColumnRequest(0, client, "m", QUESTION), ColumnRequest(1, client, "m", QUESTION)],
            lambda c, t: None,
        )
    )
    await asyncio.sleep(0.05)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert [s.closed for s in client.streams] == [True, True]
    assert fanout.running_columns == []


@pytest.mark.asyncio
async def test_a_column_can_restart_while_its_stopped_request_unwinds() -> None:
    client = _EndlessClient()
    fanout = ChatFanout()
    first = fanout.start(ColumnRequest(0, client, "m", QUESTION), lambda c, t: None)
    await asyncio.sleep(0.03)
    fanout.stop(0)
    second = fanout.start(ColumnRequest(0, client, "m", QUESTION), lambda c, t: None)
    with pytest.raises(RuntimeError):
        fanout.start(ColumnRequest(0, client, "m", QUESTION), lambda c, t: None)
    assert (await first).status == ReplyStatus.STOPPED
    fanout.stop(0)
    assert (await second).status == ReplyStatus.STOPPED


@pytest.mark.asyncio
async def test_stop_right_after_start_still_reports_stopped() -> None:
    client = _EndlessClient()
    fanout = ChatFanout()
    task = fanout.start(ColumnRequest(0, client, "m", QUESTION), lambda c, t: None)
    assert fanout.stop(0)  # before the task ran a single step
    outcome = await task
    assert outcome.status == ReplyStatus.STOPPED and outcome.text == ""
    assert not fanout.is_running(0)


@pytest.mark.asyncio
async def test_a_client_that_fails_at_once_gives_a_failed_outcome() -> None:
    class Broken:
        def chat_stream(self, model: str, messages: list[dict[str, Any]], **params: Any) -> Any:
            raise ConnectionError("refused")

    [outcome] = await ChatFanout().run([ColumnRequest(0, Broken(), "m", QUESTION)],
                                       lambda c, t: None)
    assert outcome.status == ReplyStatus.FAILED and outcome.error_kind == "network"
