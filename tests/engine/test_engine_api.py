"""Files, models, errors and security of the engine, through the official SDK."""

from __future__ import annotations

import json

import openai
import pytest

from tests.engine.conftest import AIRPORT_FAQ, MISTAKES, error_body, wait_for_file, wait_for_job
from tests.support.engine_fixtures import EngineServer, make_client

pytestmark = [pytest.mark.slow, pytest.mark.asyncio, pytest.mark.timeout(900)]


async def test_health_needs_no_token_but_the_api_does(engine_server: EngineServer) -> None:
    import urllib.request

    root = engine_server.base_url.removesuffix("/v1")
    with urllib.request.urlopen(root + "/health", timeout=10) as response:
        assert json.load(response) == {"status": "ok"}
    async with make_client(engine_server, token="not-the-token") as client:
        with pytest.raises(openai.AuthenticationError) as wrong:
            await client.models.list()
    assert wrong.value.status_code == 401
    assert error_body(wrong.value)["code"] == "invalid_api_key"
    request = urllib.request.Request(engine_server.base_url + "/models")
    with pytest.raises(urllib.error.HTTPError) as missing:
        urllib.request.urlopen(request, timeout=10)
    assert missing.value.code == 401
    assert json.load(missing.value)["error"]["code"] == "missing_api_key"


async def test_upload_lifecycle(engine_server: EngineServer) -> None:
    data = AIRPORT_FAQ.read_bytes()
    async with make_client(engine_server) as client:
        created = await client.files.create(file=("faq.jsonl", data), purpose="fine-tune")
        assert created.status in ("uploaded", "processed")
        assert created.bytes == len(data) and created.filename == "faq.jsonl"
        done = await wait_for_file(client, created.id)
        assert done.status == "processed"
        listed = [f.id async for f in client.files.list(purpose="fine-tune")]
        assert created.id in listed
        assert (await client.files.content(created.id)).content == data
        deleted = await client.files.delete(created.id)
        assert deleted.deleted is True
        with pytest.raises(openai.NotFoundError):
            await client.files.retrieve(created.id)


async def test_malformed_upload_ends_in_error_with_located_messages(
    engine_server: EngineServer,
) -> None:
    async with make_client(engine_server) as client:
        with MISTAKES.open("rb") as handle:
            created = await client.files.create(file=handle, purpose="fine-tune")
        checked = await wait_for_file(client, created.id)
        assert checked.status == "error"
        details = checked.status_details or ""
        # The same located messages the editor shows: the role written in Chinese (line 3),
        # the missing answer (5), the truncated line (7), the empty question (9) and the
        # word-processor quotes (11).
        for line, words in [(3, "客服"), (5, "no answer"), (7, "cut off"), (9, "empty"),
                            (11, "smart quotes")]:
            matching = [d for d in details.splitlines() if d.startswith(f"line {line}")]
            assert matching and words in matching[0], (line, details)
        # A job on it fails at validation with the same messages on the job.
        job = await client.fine_tuning.jobs.create(
            model=engine_server.base_model, training_file=created.id)
        failed = await wait_for_job(client, job.id, timeout=60)
    assert failed.status == "failed"
    assert failed.error.param == "training_file"
    assert "line 3" in failed.error.message


async def test_upload_with_another_purpose_is_refused(engine_server: EngineServer) -> None:
    async with make_client(engine_server) as client:
        with pytest.raises(openai.BadRequestError) as refused:
            await client.files.create(file=("a.jsonl", b"{}\n"), purpose="assistants")
    assert error_body(refused.value)["param"] == "purpose"


async def test_unknown_model_gives_404_listing_the_available_ones(
    engine_server: EngineServer,
) -> None:
    async with make_client(engine_server) as client:
        with pytest.raises(openai.NotFoundError) as chat_error:
            await client.chat.completions.create(
                model="gpt-4o-mini", messages=[{"role": "user", "content": "hi"}])
        with pytest.raises(openai.NotFoundError):
            await client.models.retrieve("no-such-model")
        with AIRPORT_FAQ.open("rb") as handle:
            training = await client.files.create(file=handle, purpose="fine-tune")
        with pytest.raises(openai.NotFoundError) as job_error:
            await client.fine_tuning.jobs.create(model="no-such-model",
                                                 training_file=training.id)
    assert error_body(chat_error.value)["code"] == "model_not_found"
    assert engine_server.base_model in chat_error.value.message
    assert error_body(job_error.value)["param"] == "model"


async def test_invalid_requests_get_openai_shaped_400s(engine_server: EngineServer) -> None:
    async with make_client(engine_server) as client:
        with pytest.raises(openai.BadRequestError) as no_file:
            await client.fine_tuning.jobs.create(model=engine_server.base_model,
                                                 training_file="file-doesnotexist")
        with pytest.raises(openai.BadRequestError) as bad_temperature:
            await client.chat.completions.create(
                model=engine_server.base_model, temperature=5,
                messages=[{"role": "user", "content": "hi"}])
        with pytest.raises(openai.BadRequestError) as bad_option:
            await client.fine_tuning.jobs.create(
                model=engine_server.base_model, training_file="file-x",
                extra_body={"engine": {"lora_rank": 8}})
        with pytest.raises(openai.NotFoundError):
            await client.fine_tuning.jobs.retrieve("ftjob-nosuchjob")
        with pytest.raises(openai.NotFoundError):
            await client.files.retrieve("../../engine.sqlite3")
    assert error_body(no_file.value)["param"] == "training_file"
    assert error_body(bad_temperature.value)["param"] == "temperature"
    assert error_body(bad_option.value)["param"].startswith("engine")


async def test_base_models_cannot_be_deleted(engine_server: EngineServer) -> None:
    async with make_client(engine_server) as client:
        with pytest.raises(openai.BadRequestError):
            await client.models.delete(engine_server.base_model)
        assert engine_server.base_model in [m.id async for m in client.models.list()]


async def test_a_conversation_too_long_for_the_model_is_a_400(
    engine_server: EngineServer,
) -> None:
    messages = [{"role": "user", "content": "請問我可以帶豬肉乾入境台灣嗎?" * 200}]
    async with make_client(engine_server) as client:
        with pytest.raises(openai.BadRequestError) as whole:
            await client.chat.completions.create(
                model=engine_server.base_model, messages=messages, max_tokens=5)  # type: ignore[arg-type]
        with pytest.raises(openai.BadRequestError) as streamed:
            await client.chat.completions.create(
                model=engine_server.base_model, messages=messages, max_tokens=5,  # type: ignore[arg-type]
                stream=True)
    for error in (whole.value, streamed.value):
        assert error_body(error)["code"] == "context_length_exceeded"
        assert error_body(error)["param"] == "messages"
