"""Every response the official SDK receives from the engine validates against OpenAI's
official spec (tests/reference/openai-openapi.yaml), errors and SSE chunks included."""

from __future__ import annotations

import contextlib

import openai
import pytest

from tests.engine.conftest import MISTAKES, PORK_QUESTION, TrainedJob, trained_answer
from tests.engine.contract import Contract, Recorder
from tests.support.engine_fixtures import EngineServer, make_client

pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]


def _recording_client(
    server: EngineServer, recorder: Recorder, token: str | None = None
) -> openai.AsyncOpenAI:
    http = openai.DefaultAsyncHttpxClient(event_hooks={"response": [recorder]})
    client: openai.AsyncOpenAI = make_client(server, token=token, http_client=http)
    return client


@pytest.mark.asyncio
async def test_every_response_matches_the_official_spec(
    engine_server: EngineServer, trained_job: TrainedJob
) -> None:
    recorder = Recorder()
    job = trained_job.job
    prompt, _ = trained_answer(PORK_QUESTION)
    async with _recording_client(engine_server, recorder) as client:
        uploaded = await client.files.create(file=MISTAKES.open("rb"), purpose="fine-tune")
        await client.files.retrieve(uploaded.id)
        await client.files.list()
        await client.files.content(uploaded.id)
        queued = await client.fine_tuning.jobs.create(
            model=engine_server.base_model, training_file=uploaded.id, suffix="contract",
            seed=1, validation_file=uploaded.id,
            method={"type": "dpo", "dpo": {"hyperparameters": {"beta": 0.5}}})
        # Its file fails validation at once, so the cancel answers a job or a 400 error.
        with contextlib.suppress(openai.BadRequestError):
            await client.fine_tuning.jobs.cancel(queued.id)
        await client.fine_tuning.jobs.retrieve(job.id)
        await client.fine_tuning.jobs.list(limit=3)
        await client.fine_tuning.jobs.list_events(job.id, limit=50)
        checkpoints = await client.fine_tuning.jobs.checkpoints.list(job.id)
        await client.models.list()
        await client.models.retrieve(job.fine_tuned_model)
        await client.chat.completions.create(
            model=job.fine_tuned_model, messages=prompt, temperature=0, max_tokens=20, seed=3,
            stop=["。"])
        stream = await client.chat.completions.create(
            model=job.fine_tuned_model, messages=prompt, temperature=0, max_tokens=20,
            stream=True, stream_options={"include_usage": True})
        async for _chunk in stream:
            pass
        stream = await client.chat.completions.create(
            model=engine_server.base_model, messages=prompt, max_tokens=5, stream=True)
        async for _chunk in stream:
            pass
        for failing in (
            client.models.retrieve("no-such-model"),
            client.fine_tuning.jobs.retrieve("ftjob-missing"),
            client.chat.completions.create(model=job.fine_tuned_model, messages=[], max_tokens=1),
            client.files.create(file=("x.jsonl", b"{}"), purpose="batch"),
        ):
            with pytest.raises(openai.APIStatusError):
                await failing
        if len(checkpoints.data) > 1:  # of the shared job: later tests read what is left
            await client.models.delete(checkpoints.data[-1].fine_tuned_model_checkpoint)
        await client.files.delete(uploaded.id)
    async with _recording_client(engine_server, recorder, token="wrong") as client:
        with pytest.raises(openai.AuthenticationError):
            await client.models.list()

    statuses = {(r.method, r.status) for r in recorder.records}
    assert len(recorder.records) >= 20
    assert {("post", 200), ("get", 200), ("delete", 200), ("get", 401), ("get", 404),
            ("post", 400)} <= statuses
    assert any(r.content_type.startswith("text/event-stream") for r in recorder.records)
    assert Contract().violations(recorder.records) == []


def test_the_contract_check_can_fail() -> None:
    """A response that breaks the spec is reported (so the check above means something)."""
    from tests.engine.contract import Recorded

    bad_job = (b'{"object": "fine_tuning.job", "id": "ftjob-1", "status": "exploded", '
               b'"created_at": "yesterday"}')
    bad_chunk = b'data: {"object": "chat.completion.chunk", "choices": [{"delta": 1}]}\n\n'
    records = [
        Recorded("get", "/v1/fine_tuning/jobs/ftjob-1", 200, "application/json", bad_job),
        Recorded("post", "/v1/chat/completions", 200, "text/event-stream", bad_chunk),
        Recorded("get", "/v1/models", 401, "application/json", b'{"error": {"message": 1}}'),
    ]
    found = Contract().violations(records)
    assert any("status" in v for v in found)
    assert any("created_at" in v for v in found)
    assert any("chunk" in v for v in found)
    assert any("401" in v for v in found)
