"""The evaluation runner against real local HTTP servers: answers stored as they arrive,
resume without asking again, per-provider concurrency, pause, and faults kept per item."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from fine_tune_studio.core.eval_run import Contestant, RunSpec
from fine_tune_studio.core.providers import ProviderKind, ProviderProfile
from fine_tune_studio.core.test_sets import TestItem, read_test_items
from fine_tune_studio.services.client import ProviderClient
from fine_tune_studio.services.errors import ErrorKind, ServiceError
from fine_tune_studio.services.eval_store import RunFolder
from fine_tune_studio.services.evaluation import (
    EvalProgress,
    EvaluationRunner,
    RetryRule,
    TwinClients,
)
from tests.support.answer_server import AnswerServer
from tests.support.service_fixtures import FaultServer, reply
from tests.support.test_files import AIRPORT_FAQ


def airport_items() -> list[TestItem]:
    return read_test_items(AIRPORT_FAQ.read_bytes().splitlines())[0]


@pytest.fixture
def answer_server() -> Iterator[AnswerServer]:
    items = airport_items()
    server = AnswerServer({i.question: i.reference for i in items}, delay=0.01).start()
    yield server
    server.stop()


def client_for(base_url: str) -> ProviderClient:
    profile = ProviderProfile(
        id="p", kind=ProviderKind.OPENAI_COMPATIBLE, display_name="t", base_url=base_url
    )
    return ProviderClient(profile, api_key=None)


def make_folder(tmp_path: Path, *models: str) -> RunFolder:
    spec = RunSpec(
        test_set=str(AIRPORT_FAQ),
        contestants=[Contestant(name=m, provider_id="p", model=m) for m in models],
    )
    return RunFolder.create(tmp_path / "run", spec)


async def run_all(runner: EvaluationRunner, items: list[TestItem]) -> list[EvalProgress]:
    return [p async for p in runner.run(items)]


async def no_sleep(_seconds: float) -> None:
    await asyncio.sleep(0)


def test_every_answer_is_stored_and_a_second_run_asks_nothing_again(
    answer_server: AnswerServer, tmp_path: Path
) -> None:
    items = airport_items()
    folder = make_folder(tmp_path, "oracle-a", "echo-b")

    async def scenario() -> tuple[list[EvalProgress], list[EvalProgress]]:
        client = client_for(answer_server.base_url)

        async def chat_for(_: str) -> ProviderClient:
            return client

        first = await run_all(EvaluationRunner(chat_for, folder, concurrency=3), items)
        again = await run_all(EvaluationRunner(chat_for, folder, concurrency=3), items)
        await client.aclose()
        return first, again

    first, again = asyncio.run(scenario())
    assert first[-1].done == first[-1].total == 48
    assert len(answer_server.asked) == 48
    assert [p.done for p in again] == [48]  # nothing left: one progress, no request
    lines = (folder.folder / "answers.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 48
    by_item = {(json.loads(x)["item"], json.loads(x)["contestant"]): json.loads(x) for x in lines}
    assert by_item[(items[0].id, "oracle-a")]["answer"] == items[0].reference
    assert by_item[(items[0].id, "echo-b")]["tokens"]["prompt"] == 10
    folder.close()


def test_a_torn_last_line_is_skipped_and_that_answer_asked_again(
    answer_server: AnswerServer, tmp_path: Path
) -> None:
    items = airport_items()[:4]
    folder = make_folder(tmp_path, "oracle-a", "echo-b")

    async def scenario() -> None:
        client = client_for(answer_server.base_url)

        async def chat_for(_: str) -> ProviderClient:
            return client

        await run_all(EvaluationRunner(chat_for, folder), items)
        folder.close()
        path = folder.folder / "answers.jsonl"
        data = path.read_bytes()
        path.write_bytes(data[: len(data) - 15])  # a crash in the middle of the last line
        answer_server.asked.clear()
        await run_all(EvaluationRunner(chat_for, folder), items)
        await client.aclose()

    asyncio.run(scenario())
    assert len(answer_server.asked) == 1
    assert len(folder.answers()) == 8
    folder.close()


def test_pause_starts_no_new_request_until_resume(tmp_path: Path) -> None:
    items = airport_items()[:6]
    server = AnswerServer(delay=0.05).start()
    folder = make_folder(tmp_path, "echo-a", "echo-b")

    async def scenario() -> tuple[int, int]:
        client = client_for(server.base_url)

        async def chat_for(_: str) -> ProviderClient:
            return client

        runner = EvaluationRunner(chat_for, folder, concurrency=2)
        progress = runner.run(items)
        await progress.__anext__()
        await progress.__anext__()  # one answer in
        runner.pause()
        await asyncio.sleep(0.3)  # the requests in flight finish (0.05 s each)...
        settled = len(server.asked)
        await asyncio.sleep(0.4)  # ...and no new one starts while paused
        still = len(server.asked)
        runner.resume()
        async for _ in progress:
            pass
        await client.aclose()
        return settled, still

    try:
        settled, still = asyncio.run(scenario())
    finally:
        server.stop()
    assert settled == still < 12
    assert len(server.asked) == 12
    folder.close()


def test_a_run_on_its_own_threads_loop_uses_twin_clients_and_pauses_from_outside(
    answer_server: AnswerServer, tmp_path: Path
) -> None:
    """As the panel runs it: on an event loop of its own in a worker thread, with twins of
    the app's clients, paused and resumed from the app's thread."""
    items = airport_items()[:6]
    folder = make_folder(tmp_path, "echo-a", "echo-b")
    app_client = client_for(answer_server.base_url)
    clients = TwinClients()
    clients.add("p", app_client)
    runner = EvaluationRunner(clients.chat_for, folder, concurrency=2)
    runner.pause()  # before it starts: no request until resumed
    used: list[Any] = []
    seen: list[EvalProgress] = []

    async def run_here() -> None:
        used.append(await clients.chat_for("p"))
        try:
            async for progress in runner.run(items):
                seen.append(progress)
        finally:
            await clients.aclose()

    thread = threading.Thread(target=lambda: asyncio.run(run_here()), daemon=True)
    thread.start()
    time.sleep(0.3)
    assert answer_server.asked == [] and thread.is_alive()
    runner.resume()  # from this thread: the run's loop is woken to go on
    thread.join(30)
    assert not thread.is_alive()
    assert seen[-1].done == seen[-1].total == 12 and len(answer_server.asked) == 12
    # The run's client was a twin made on its loop; the app's client was left alone.
    (twin,) = used
    assert twin is not app_client and twin.base_url == app_client.base_url
    assert twin.sdk.is_closed() and not app_client.sdk.is_closed()
    asyncio.run(app_client.aclose())
    folder.close()


def test_a_provider_without_a_client_fails_each_of_its_answers_with_that_error(
    tmp_path: Path,
) -> None:
    items = airport_items()[:2]
    folder = make_folder(tmp_path, "m1", "m2")
    clients = TwinClients()
    clients.add("p", ServiceError(ErrorKind.AUTHENTICATION, "No key is stored."))
    progress = asyncio.run(run_all(EvaluationRunner(clients.chat_for, folder), items))
    assert progress[-1].done == 4
    assert [f.error_kind for f in folder.failures()] == ["authentication"] * 4
    folder.close()


def test_429_and_500_are_retried_and_a_permanent_failure_marks_only_that_item(
    fault_server: FaultServer, tmp_path: Path
) -> None:
    items = airport_items()[:3]
    fault_server.on(
        "POST", "/v1/chat/completions",
        reply(429, headers={"retry-after": "0"}),
        reply(500),
        reply(400, {"error": {"message": "context too long", "type": "invalid_request_error",
                              "param": None, "code": None}}),
    )
    folder = make_folder(tmp_path, "m1", "m2")

    async def scenario() -> list[EvalProgress]:
        client = client_for(fault_server.base_url)

        async def chat_for(_: str) -> ProviderClient:
            return client

        runner = EvaluationRunner(chat_for, folder, concurrency=1,
                                  retry=RetryRule(attempts=3), sleep=no_sleep)
        try:
            return await run_all(runner, items)
        finally:
            await client.aclose()

    progress = asyncio.run(scenario())
    assert progress[-1].done == progress[-1].total == 6
    # Six answers asked, one 429 and one 500 retried, one 400 given up at once.
    assert len(fault_server.seen("POST", "/v1/chat/completions")) == 8
    (failure,) = folder.failures()
    assert failure.error_kind == "invalid_request" and "context too long" in failure.detail
    assert len(folder.answers()) == 5
    assert sum(p.failure is not None for p in progress) == 1
    folder.close()


def test_the_judge_is_asked_both_ways_and_only_consistent_verdicts_count(
    answer_server: AnswerServer, tmp_path: Path
) -> None:
    from fine_tune_studio.core.eval_stats import Choice, Vote, agreement
    from fine_tune_studio.services.eval_store import judge_votes, report_data
    from fine_tune_studio.services.evaluation import JudgeSetup, run_judge

    items = airport_items()[:5]
    folder = make_folder(tmp_path, "oracle-a", "echo-b")

    async def scenario() -> None:
        client = client_for(answer_server.base_url)

        async def chat_for(_: str) -> ProviderClient:
            return client

        await run_all(EvaluationRunner(chat_for, folder), items)
        for judge in ("judge-fair", "judge-lazy"):
            setup = JudgeSetup("p", judge, "correct facts")
            steps = [s async for s in run_judge(chat_for, folder, items, setup,
                                                [("oracle-a", "echo-b")])]
            assert steps[-1] == (10, 10)  # 5 items, each asked in both orders
        # Asked again: everything is stored, nothing is sent.
        before = len(answer_server.asked)
        again = [s async for s in run_judge(chat_for, folder, items,
                                            JudgeSetup("p", "judge-fair", "correct facts"),
                                            [("oracle-a", "echo-b")])]
        assert again == [(0, 0)] and len(answer_server.asked) == before
        await client.aclose()

    asyncio.run(scenario())
    fair = judge_votes(folder.judge_lines(), "judge:judge-fair")
    assert len(fair) == 5 and {v.winner for v in fair} == {"oracle-a"}
    assert judge_votes(folder.judge_lines(), "judge:judge-lazy") == []  # always "A": no verdict
    # A reviewer who agrees on 4 of 5 items: 80%, and κ = 0 (the judge never varies).
    for n, item in enumerate(items):
        winner = Choice.A if n < 4 else Choice.B
        folder.add_vote(Vote(item.id, "oracle-a", "echo-b", winner, "amy"))
    data = report_data(folder, items)
    result = agreement(data.judge_votes, data.votes)
    assert (result.compared, result.agreed, result.percent) == (5, 4, 80.0)
    assert result.kappa == 0.0
    folder.close()
