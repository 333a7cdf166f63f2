"""Every request shape the app sends, checked by Prism against OpenAI's official spec.

Prism answers 422 for a request that breaks the spec and 401 without an Authorization
header; ProviderClient turns those into ServiceError, so "no ServiceError" means accepted.
Prism's answers are the spec's examples, so only the requests are under test here.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path

import openai
import pytest
import pytest_asyncio

from fine_tune_studio.core.providers import ProviderKind, ProviderProfile
from fine_tune_studio.services.client import ProviderClient, RetryPolicy
from fine_tune_studio.services.errors import ErrorKind, ServiceError
from tests.support.service_fixtures import PrismServer

pytestmark = [pytest.mark.slow, pytest.mark.asyncio]

KEY = "sk-test-prism-0123456789abcdef"
SFT = {
    "type": "supervised",
    "supervised": {
        "hyperparameters": {"n_epochs": 3, "batch_size": 8, "learning_rate_multiplier": 1.8}
    },
}
DPO = {"type": "dpo", "dpo": {"hyperparameters": {"beta": 0.1, "n_epochs": 2}}}


@pytest_asyncio.fixture
async def client(prism_server: PrismServer) -> AsyncIterator[ProviderClient]:
    profile = ProviderProfile(
        kind=ProviderKind.OPENAI,
        display_name="OpenAI (Prism mock)",
        base_url=prism_server.base_url,
        organization="org-test",
        project="proj_test",
    )
    c = ProviderClient(profile, api_key=KEY, retry=RetryPolicy(max_attempts=1))
    yield c
    await c.aclose()


async def test_models_list(client: ProviderClient) -> None:
    models = await client.list_models()
    assert models


async def test_file_upload_retrieve_and_content(client: ProviderClient, tmp_path: Path) -> None:
    path = tmp_path / "airport.jsonl"
    line = {
        "messages": [
            {"role": "user", "content": "幾點開門?"},
            {"role": "assistant", "content": "24 小時。"},
        ]
    }
    path.write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    progress: list[int] = []
    uploaded = await client.upload_file(
        path.name, path.read_bytes(), progress=lambda sent, total: progress.append(sent)
    )
    assert progress[-1] == path.stat().st_size
    # Prism's canned file says "uploaded" forever, so wait_for_file's polling (the same
    # retrieve request) is exercised against the fault server and the engine instead.
    await client.retrieve_file(uploaded.id)
    await client.delete_file(uploaded.id)
    await client.download_file(uploaded.id)


@pytest.mark.parametrize(
    ("method", "validation"),
    [(None, None), (SFT, None), (SFT, "file-valid"), (DPO, None), (DPO, "file-valid")],
    ids=["plain", "supervised", "supervised+validation", "dpo", "dpo+validation"],
)
async def test_job_create_shapes(
    client: ProviderClient, method: dict | None, validation: str | None
) -> None:
    job = await client.create_job(
        model="gpt-4o-mini-2024-07-18",
        training_file="file-train",
        validation_file=validation,
        suffix="airport-bot",
        method=method,
        seed=42,
        metadata={"dataset": "airport-faq"},
    )
    assert job.id


async def test_job_listing_and_control(client: ProviderClient) -> None:
    await client.list_jobs(limit=5)
    await client.list_jobs(limit=5, after="ftjob-abc123")
    await client.retrieve_job("ftjob-abc123")
    await client.cancel_job("ftjob-abc123")
    await client.pause_job("ftjob-abc123")
    await client.resume_job("ftjob-abc123")


async def test_events_and_checkpoints(client: ProviderClient) -> None:
    page = await client.list_events("ftjob-abc123")
    again = await client.list_events("ftjob-abc123", after=page.cursor)
    assert again.cursor == page.cursor or again.events
    await client.list_checkpoints("ftjob-abc123")


async def test_chat_non_stream(client: ProviderClient) -> None:
    await client.chat(
        "gpt-4o-mini-2024-07-18",
        [
            {"role": "system", "content": "You are the airport bot."},
            {"role": "user", "content": "Hi"},
        ],
        temperature=0.2,
        max_completion_tokens=64,
    )


async def test_prism_does_reject_a_malformed_request(client: ProviderClient) -> None:
    # Proves the checks above can fail: a job without a model breaks the spec.
    with pytest.raises(openai.UnprocessableEntityError):
        await client.sdk.fine_tuning.jobs.create(training_file="file-x", model=None)  # type: ignore[arg-type]
    with pytest.raises(ServiceError) as info:
        await client.create_job(
            model="gpt-4o-mini", training_file="file-x", method={"type": "nonsense"}
        )
    assert info.value.kind is ErrorKind.INVALID_REQUEST and info.value.status == 422


async def test_prism_rejects_a_missing_key(prism_server: PrismServer) -> None:
    raw = openai.AsyncOpenAI(base_url=prism_server.base_url, api_key="x", max_retries=0)
    with pytest.raises(openai.AuthenticationError):
        await raw.models.list(extra_headers={"Authorization": openai.Omit()})  # type: ignore[dict-item]
    await raw.close()


async def test_chat_stream_request_is_accepted(client: ProviderClient) -> None:
    # Prism validates the streamed request but cannot stream: it answers 200 with a JSON
    # example, which the client rightly reports as a reply that never finished. A 422 here
    # would mean the request itself broke the spec.
    with pytest.raises(ServiceError) as info:
        async for _ in client.chat_stream(
            "gpt-4o-mini-2024-07-18", [{"role": "user", "content": "Hi"}], temperature=0.2
        ):
            pass
    assert info.value.kind is ErrorKind.NETWORK and info.value.status is None
    assert info.value.detail == "the stream ended without a finish reason"
