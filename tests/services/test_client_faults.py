"""ProviderClient against a real local HTTP server that misbehaves on purpose.

Each failure must end in a recovery or in a ServiceError that explains it, and a retried
job creation must never leave two jobs on the server.
"""

from __future__ import annotations

import asyncio
import base64
import itertools
from collections.abc import AsyncIterator

import httpx2
import pytest
import pytest_asyncio

from fine_tune_studio.core.providers import ProviderKind, ProviderProfile
from fine_tune_studio.services.client import ProviderClient, RetryPolicy
from fine_tune_studio.services.errors import ErrorKind, ServiceError
from tests.support.service_fixtures import (
    FaultServer,
    free_port,
    hang,
    reply,
    reset,
    sse_cut,
    sse_slow,
    work_then_hang,
    work_then_reset,
)

KEY = "sk-test-" + "c0ffee12" * 5
MESSAGES = [{"role": "user", "content": "When does the airport open?"}]


class Sleeps:
    """Records backoff waits instead of sleeping, so tests see what the client asked for."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)
        await asyncio.sleep(0)


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


def make_client(base_url: str, sleeps: Sleeps, **kwargs: object) -> ProviderClient:
    profile = ProviderProfile(
        kind=ProviderKind.REMOTE_ENGINE, display_name="Test server", base_url=base_url
    )
    return ProviderClient(profile, api_key=KEY, sleep=sleeps, **kwargs)  # type: ignore[arg-type]


@pytest_asyncio.fixture
async def client(fault_server: FaultServer, sleeps: Sleeps) -> AsyncIterator[ProviderClient]:
    c = make_client(fault_server.base_url, sleeps, timeout=httpx2.Timeout(1.0, connect=1.0))
    yield c
    await c.aclose()


def error_body(
    message: str, *, code: str | None = None, param: str | None = None
) -> dict[str, object]:
    return {
        "error": {"message": message, "type": "invalid_request_error", "param": param, "code": code}
    }


@pytest.mark.asyncio
async def test_rate_limit_waits_as_long_as_the_server_asks(
    client: ProviderClient, fault_server: FaultServer, sleeps: Sleeps
) -> None:
    fault_server.on("GET", "/v1/models", reply(429, headers={"retry-after": "7"}))
    models = await client.list_models()
    assert models and sleeps.waits == [7.0]
    assert len(fault_server.seen("GET", "/v1/models")) == 2


@pytest.mark.asyncio
async def test_rate_limit_longer_than_we_wait_is_explained(
    client: ProviderClient, fault_server: FaultServer, sleeps: Sleeps
) -> None:
    fault_server.on("GET", "/v1/models", reply(429, headers={"retry-after": "3600"}))
    with pytest.raises(ServiceError) as info:
        await client.list_models()
    assert info.value.kind is ErrorKind.RATE_LIMIT and info.value.retry_after == 3600
    assert sleeps.waits == []


@pytest.mark.asyncio
async def test_server_errors_on_reads_are_retried_with_backoff(
    client: ProviderClient, fault_server: FaultServer, sleeps: Sleeps
) -> None:
    fault_server.on("GET", "/v1/fine_tuning/jobs", reply(500), reply(503), reply(502))
    assert await client.list_jobs() == []
    assert len(sleeps.waits) == 3 and sleeps.waits[0] < sleeps.waits[2]


@pytest.mark.asyncio
async def test_persistent_server_error_is_explained(
    client: ProviderClient, fault_server: FaultServer, sleeps: Sleeps
) -> None:
    fault_server.on("GET", "/v1/fine_tuning/jobs", *[reply(500)] * 10)
    with pytest.raises(ServiceError) as info:
        await client.list_jobs()
    assert info.value.kind is ErrorKind.SERVER and info.value.status == 500
    assert len(fault_server.seen("GET", "/v1/fine_tuning/jobs")) == RetryPolicy().max_attempts


@pytest.mark.asyncio
async def test_hanging_server_times_out_then_recovers(
    client: ProviderClient, fault_server: FaultServer, sleeps: Sleeps
) -> None:
    fault_server.on("GET", "/v1/models", hang())
    assert await client.list_models()  # first attempt timed out, the retry succeeded
    assert len(sleeps.waits) == 1


@pytest.mark.asyncio
async def test_hanging_server_ends_in_a_timeout_error(
    client: ProviderClient, fault_server: FaultServer, sleeps: Sleeps
) -> None:
    fault_server.on("GET", "/v1/models", *[hang()] * 4)
    with pytest.raises(ServiceError) as info:
        await client.list_models()
    assert info.value.kind is ErrorKind.TIMEOUT


@pytest.mark.asyncio
async def test_connection_reset_on_a_read_recovers(
    client: ProviderClient, fault_server: FaultServer, sleeps: Sleeps
) -> None:
    fault_server.on("GET", "/v1/models", reset())
    assert await client.list_models()
    assert len(fault_server.seen("GET", "/v1/models")) == 2


@pytest.mark.asyncio
async def test_nothing_listening_is_a_network_error(sleeps: Sleeps) -> None:
    c = make_client(f"http://127.0.0.1:{free_port()}/v1", sleeps)
    with pytest.raises(ServiceError) as info:
        await c.list_models()
    await c.aclose()
    assert info.value.kind is ErrorKind.NETWORK
    assert KEY not in str(info.value) and KEY not in repr(info.value)


# -- job creation: never twice ---------------------------------------------------------


async def _create(client: ProviderClient) -> str:
    job = await client.create_job(
        model="gpt-4o-mini-2024-07-18", training_file="file-train", suffix="airport"
    )
    return job.id


@pytest.mark.asyncio
async def test_create_after_a_reset_finds_the_job_instead_of_making_another(
    client: ProviderClient, fault_server: FaultServer
) -> None:
    fault_server.on("POST", "/v1/fine_tuning/jobs", work_then_reset())
    job_id = await _create(client)
    assert [j["id"] for j in fault_server.jobs] == [job_id]
    assert len(fault_server.seen("POST", "/v1/fine_tuning/jobs")) == 1


@pytest.mark.asyncio
async def test_create_after_a_timeout_finds_the_job(
    client: ProviderClient, fault_server: FaultServer
) -> None:
    fault_server.on("POST", "/v1/fine_tuning/jobs", work_then_hang())
    job_id = await _create(client)
    assert [j["id"] for j in fault_server.jobs] == [job_id]


@pytest.mark.asyncio
async def test_create_rate_limited_is_retried_once_and_makes_one_job(
    client: ProviderClient, fault_server: FaultServer, sleeps: Sleeps
) -> None:
    fault_server.on(
        "POST", "/v1/fine_tuning/jobs", reply(429, headers={"retry-after": "2"}), reply(503)
    )
    job_id = await _create(client)
    assert [j["id"] for j in fault_server.jobs] == [job_id]
    assert sleeps.waits[0] == 2.0
    keys = {r.headers["idempotency-key"] for r in fault_server.seen("POST", "/v1/fine_tuning/jobs")}
    assert len(keys) == 1  # every attempt carries the same idempotency key
    assert fault_server.jobs[0]["metadata"]["fine_tune_studio_request"] in keys


@pytest.mark.asyncio
async def test_create_reset_before_work_is_not_blindly_retried(
    client: ProviderClient, fault_server: FaultServer
) -> None:
    # The connection broke and no job exists: the request may still be in flight somewhere,
    # so the client reports instead of sending a second create.
    fault_server.on("POST", "/v1/fine_tuning/jobs", reset())
    with pytest.raises(ServiceError) as info:
        await _create(client)
    assert info.value.kind is ErrorKind.NETWORK
    assert fault_server.jobs == []
    assert len(fault_server.seen("POST", "/v1/fine_tuning/jobs")) == 1


@pytest.mark.asyncio
async def test_create_500_is_not_retried(client: ProviderClient, fault_server: FaultServer) -> None:
    fault_server.on("POST", "/v1/fine_tuning/jobs", reply(500))
    with pytest.raises(ServiceError) as info:
        await _create(client)
    assert info.value.kind is ErrorKind.SERVER
    assert len(fault_server.seen("POST", "/v1/fine_tuning/jobs")) == 1


@pytest.mark.asyncio
async def test_openai_refusing_fine_tuning_is_explained(
    client: ProviderClient, fault_server: FaultServer
) -> None:
    fault_server.on(
        "POST",
        "/v1/fine_tuning/jobs",
        reply(403, error_body("Fine-tuning is no longer available to new organizations.")),
    )
    with pytest.raises(ServiceError) as info:
        await _create(client)
    assert info.value.kind is ErrorKind.FINE_TUNING_CLOSED
    assert "other" in info.value.message.lower() or "instead" in info.value.message.lower()


@pytest.mark.asyncio
async def test_missing_scope_is_a_permission_error(
    client: ProviderClient, fault_server: FaultServer
) -> None:
    fault_server.on(
        "POST",
        "/v1/fine_tuning/jobs",
        reply(
            403,
            error_body(
                "You have insufficient permissions. Missing scopes: api.fine_tuning.jobs.write"
            ),
        ),
    )
    with pytest.raises(ServiceError) as info:
        await _create(client)
    assert info.value.kind is ErrorKind.PERMISSION


@pytest.mark.asyncio
async def test_invalid_request_names_the_field(
    client: ProviderClient, fault_server: FaultServer
) -> None:
    fault_server.on(
        "POST",
        "/v1/fine_tuning/jobs",
        reply(400, error_body("suffix must be at most 64 characters", param="suffix")),
    )
    with pytest.raises(ServiceError) as info:
        await _create(client)
    assert info.value.kind is ErrorKind.INVALID_REQUEST and info.value.param == "suffix"
    assert "suffix" in str(info.value)


@pytest.mark.asyncio
async def test_unknown_model_is_told_apart(
    client: ProviderClient, fault_server: FaultServer
) -> None:
    fault_server.on(
        "POST",
        "/v1/chat/completions",
        reply(
            404,
            error_body("The model 'gpt-9' does not exist", code="model_not_found", param="model"),
        ),
    )
    with pytest.raises(ServiceError) as info:
        await client.chat("gpt-9", MESSAGES)
    assert info.value.kind is ErrorKind.MODEL_NOT_FOUND


@pytest.mark.asyncio
async def test_wrong_key_is_explained_without_showing_the_key(
    client: ProviderClient, fault_server: FaultServer
) -> None:
    fault_server.on(
        "GET",
        "/v1/models",
        reply(401, error_body(f"Incorrect API key provided: {KEY}.", code="invalid_api_key")),
    )
    with pytest.raises(ServiceError) as info:
        await client.list_models()
    error = info.value
    assert error.kind is ErrorKind.AUTHENTICATION and error.status == 401
    for text in (str(error), repr(error), error.detail or "", error.message):
        assert KEY not in text and KEY[-12:] not in text
    assert fault_server.requests[-1].headers["authorization"] == f"Bearer {KEY}"


# -- files --------------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_upload_reports_progress_up_to_the_whole_file(
    client: ProviderClient, fault_server: FaultServer
) -> None:
    data = b'{"messages": []}\n' * 20000
    seen: list[tuple[int, int]] = []
    uploaded = await client.upload_file(
        "train.jsonl", data, progress=lambda sent, total: seen.append((sent, total))
    )
    assert seen[-1] == (len(data), len(data))
    assert len(seen) > 2 and all(a[0] <= b[0] for a, b in itertools.pairwise(seen))
    body = fault_server.seen("POST", "/v1/files")[0].body
    assert data in body and b'filename="train.jsonl"' in body
    assert uploaded.id.startswith("file-")


@pytest.mark.asyncio
async def test_base64_result_files_are_decoded(
    client: ProviderClient, fault_server: FaultServer
) -> None:
    csv = b"step,train_loss,train_accuracy\n1,2.31,0.4\n2,1.87,0.5\n"
    fault_server.file_contents["file-result"] = base64.b64encode(csv)
    fault_server.file_contents["file-plain"] = csv
    assert await client.download_file("file-result") == csv
    assert await client.download_file("file-plain") == csv
    assert await client.download_file("file-result", decode_base64=False) == base64.b64encode(csv)


@pytest.mark.asyncio
async def test_failed_file_processing_says_why(
    client: ProviderClient, fault_server: FaultServer
) -> None:
    fault_server.files["file-bad"] = {
        "id": "file-bad",
        "object": "file",
        "bytes": 10,
        "created_at": 1,
        "filename": "x.jsonl",
        "purpose": "fine-tune",
        "status": "error",
        "status_details": "Line 3: missing 'messages'",
    }
    with pytest.raises(ServiceError) as info:
        await client.wait_for_file("file-bad", timeout=5, poll_interval=0)
    assert "Line 3" in (info.value.detail or "")


# -- chat streaming ---------------------------------------------------------------------


@pytest.mark.asyncio
async def test_stream_gives_text_then_usage(client: ProviderClient) -> None:
    stream = client.chat_stream("m", MESSAGES)
    pieces = [d.text async for d in stream]
    assert "".join(pieces) == "Hello there" == stream.text
    assert (
        stream.finish_reason == "stop"
        and stream.usage is not None
        and stream.usage.total_tokens == 6
    )


@pytest.mark.asyncio
async def test_stream_cut_mid_reply_keeps_the_partial_text(
    client: ProviderClient, fault_server: FaultServer
) -> None:
    fault_server.on("POST", "/v1/chat/completions", sse_cut(["The airport ", "opens at"]))
    got = ""
    with pytest.raises(ServiceError) as info:
        async for delta in client.chat_stream("m", MESSAGES):
            got += delta.text
    assert info.value.kind is ErrorKind.NETWORK
    assert info.value.partial_text == got == "The airport opens at"


@pytest.mark.asyncio
async def test_stream_closed_cleanly_but_unfinished_is_still_an_error(
    client: ProviderClient, fault_server: FaultServer
) -> None:
    fault_server.on("POST", "/v1/chat/completions", sse_cut(["Half an ans"], abort=False))
    with pytest.raises(ServiceError) as info:
        async for _ in client.chat_stream("m", MESSAGES):
            pass
    assert info.value.partial_text == "Half an ans"


@pytest.mark.asyncio
async def test_cancelling_a_stream_closes_the_connection(
    client: ProviderClient, fault_server: FaultServer
) -> None:
    fault_server.on(
        "POST", "/v1/chat/completions", sse_slow(["a", "b", "c", "d", "e", "f"] * 10, 0.05)
    )
    first = asyncio.Event()

    async def consume() -> None:
        async for _ in client.chat_stream("m", MESSAGES):
            first.set()

    task = asyncio.create_task(consume())
    await asyncio.wait_for(first.wait(), 5)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    for _ in range(100):
        if fault_server.disconnects:
            break
        await asyncio.sleep(0.05)
    assert fault_server.disconnects == 1


@pytest.mark.asyncio
async def test_chat_rate_limited_then_answers(
    client: ProviderClient, fault_server: FaultServer, sleeps: Sleeps
) -> None:
    fault_server.on("POST", "/v1/chat/completions", reply(429, headers={"retry-after-ms": "1500"}))
    answer = await client.chat("m", MESSAGES)
    assert answer.text == "Hello there" and sleeps.waits == [1.5]
