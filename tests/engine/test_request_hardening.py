"""Requests that used to break the engine or its next answer.

- A 500 left the keep-alive connection dropped without `Connection: close`, so the app's
  client lost most of its following requests to "network errors"; checked through the
  app's own `ProviderClient` with a fault injected into a real engine app.
- `seed` 2**70 and lone surrogates in chat content were 500s: now 400s naming the field.
- Malformed JSON named a character position as the field, an empty `purpose` said "Field
  required", and 405s had no `Allow` header.
"""

from __future__ import annotations

import asyncio
import json
import socket
import threading
import urllib.error
import urllib.request
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import openai
import pytest
import pytest_asyncio

from fine_tune_studio.core.providers import ProviderKind, ProviderProfile
from fine_tune_studio.services.client import ProviderClient
from fine_tune_studio.services.errors import ErrorKind, ServiceError
from tests.engine.conftest import error_body
from tests.support.engine_fixtures import EngineServer, make_client

pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]

HELLO = [{"role": "user", "content": "hi"}]
FOLLOW_UPS = 10


def _provider_client(base_url: str, token: str) -> ProviderClient:
    profile = ProviderProfile(kind=ProviderKind.LOCAL_ENGINE, display_name="This computer",
                              base_url=base_url)
    return ProviderClient(profile, api_key=token, base_url=base_url)


def _raw(server: EngineServer, method: str, path: str, body: bytes | None = None,
         content_type: str = "application/json") -> tuple[int, dict[str, str], Any]:
    request = urllib.request.Request(
        server.base_url + path, data=body, method=method,
        headers={"Authorization": f"Bearer {server.token}", "Content-Type": content_type})
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status, dict(response.headers), json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), json.load(error)


# -- a 500 never breaks the next request ------------------------------------------------------


class _FailingChat:
    """Stands in for the chat backend: fails on "boom", answers anything else."""

    def generate(self, entry: Any, messages: list[dict[str, str]], params: Any) -> Any:
        from fine_tune_studio.engine.inference import GenerationResult

        if messages[-1]["content"] == "boom":
            raise RuntimeError("injected fault")
        return GenerationResult("hello", prompt_tokens=3, completion_tokens=1,
                                finish_reason="stop")


@pytest.fixture
def faulty_engine(tmp_path: Path) -> Iterator[str]:
    """The real engine app, served by uvicorn on a free port, with a chat backend that
    fails on request. Yields its /v1 URL; the token is "t"."""
    import uvicorn

    from fine_tune_studio.engine.api.app import SERVER_OPTIONS, create_app
    from fine_tune_studio.engine.config import EngineConfig

    models = tmp_path / "models"
    (models / "stand-in").mkdir(parents=True)
    (models / "stand-in" / "config.json").write_text("{}")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    app = create_app(EngineConfig(data_dir=tmp_path / "data", models_dir=models, token="t"))
    # Served as `engine serve` serves it (its uvicorn options, its logging of failures).
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, **SERVER_OPTIONS))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        for _ in range(1200):
            if server.started:
                break
            threading.Event().wait(0.05)
        assert server.started, "the engine app did not start"
        app.state.engine.chat = _FailingChat()
        yield f"http://127.0.0.1:{port}/v1"
    finally:
        server.should_exit = True
        thread.join(60)


@pytest.mark.asyncio
async def test_a_500_does_not_break_the_requests_after_it(faulty_engine: str) -> None:
    client = _provider_client(faulty_engine, "t")
    try:
        for _ in range(3):
            with pytest.raises(ServiceError) as failed:
                await client.chat("stand-in", [{"role": "user", "content": "boom"}])
            assert failed.value.kind is ErrorKind.SERVER and failed.value.status == 500
            assert "injected fault" in (failed.value.detail or "")
            answers = []
            for _ in range(FOLLOW_UPS):
                answers.append((await client.chat("stand-in", HELLO)).text)
            assert answers == ["hello"] * FOLLOW_UPS
    finally:
        await client.aclose()


# -- inputs that were 500s ------------------------------------------------------------------


@pytest_asyncio.fixture
async def app_client(engine_server: EngineServer) -> AsyncIterator[ProviderClient]:
    client = _provider_client(engine_server.base_url, engine_server.token)
    yield client
    await client.aclose()


@pytest.mark.asyncio
async def test_a_seed_out_of_range_is_a_400_naming_it(
    engine_server: EngineServer, app_client: ProviderClient
) -> None:
    for seed in (2**70, -(2**70)):
        with pytest.raises(ServiceError) as refused:
            await app_client.chat(engine_server.base_model, HELLO, seed=seed, max_tokens=2)
        assert refused.value.kind is ErrorKind.INVALID_REQUEST, refused.value.detail
        assert refused.value.param == "seed"
        reply = await app_client.chat(engine_server.base_model, HELLO, seed=2**63 - 1,
                                      max_tokens=2)
        assert reply.finish_reason in ("stop", "length")


def test_a_lone_surrogate_in_chat_content_is_a_400_naming_it(
    engine_server: EngineServer,
) -> None:
    # json.dumps writes a lone surrogate as the escape `\ud800`: valid JSON syntax, but
    # no character (the SDK could not even encode it).
    for content, where in (("a\x00b\ud800c", "messages[1].content"),
                           ([{"type": "text", "text": "\udfff"}], "messages[1].content[0].text")):
        body = json.dumps({"model": engine_server.base_model, "max_tokens": 2, "messages": [
            {"role": "system", "content": "ok"}, {"role": "user", "content": content}]}).encode()
        status, _, answer = _raw(engine_server, "POST", "/chat/completions", body)
        assert status == 400, answer
        assert answer["error"]["param"] == where
        assert "surrogate" in answer["error"]["message"]
    # A NUL is a character: fine.
    body = json.dumps({"model": engine_server.base_model, "max_tokens": 2,
                       "messages": [{"role": "user", "content": "a\u0000b"}]}).encode()
    status, _, answer = _raw(engine_server, "POST", "/chat/completions", body)
    assert status == 200, answer


@pytest.mark.asyncio
async def test_the_app_client_goes_on_after_every_refusal(
    engine_server: EngineServer, app_client: ProviderClient
) -> None:
    """A 400 leaves the connection as usable as a 200 does (none of these is retried)."""
    for _ in range(3):
        with pytest.raises(ServiceError):
            await app_client.chat(engine_server.base_model, HELLO, seed=2**70)
        for _ in range(FOLLOW_UPS):
            reply = await app_client.chat(engine_server.base_model, HELLO, max_tokens=1)
            assert reply.finish_reason in ("stop", "length")


def test_non_finite_numbers_are_400s_naming_the_field(engine_server: EngineServer) -> None:
    body = json.dumps({"model": engine_server.base_model, "temperature": float("nan"),
                       "messages": [{"role": "user", "content": "hi"}]}).encode()
    status, _, answer = _raw(engine_server, "POST", "/chat/completions", body)
    assert status == 400 and answer["error"]["param"] == "temperature", answer


# -- smaller ones -----------------------------------------------------------------------------


def test_malformed_json_is_explained_without_a_made_up_field(
    engine_server: EngineServer,
) -> None:
    status, _, answer = _raw(engine_server, "POST", "/chat/completions",
                             b'{"model": "x", "messages": [}')
    assert status == 400
    assert answer["error"]["param"] is None
    assert "JSON" in answer["error"]["message"]


@pytest.mark.asyncio
async def test_an_empty_purpose_is_not_called_missing(engine_server: EngineServer) -> None:
    async with make_client(engine_server) as client:
        with pytest.raises(openai.BadRequestError) as refused:
            await client.files.create(file=("a.jsonl", b"{}\n"), purpose="")  # type: ignore[arg-type]
    body = error_body(refused.value)
    assert body["param"] == "purpose"
    assert "required" not in body["message"] and "fine-tune" in body["message"]


def test_405_says_which_methods_are_allowed(engine_server: EngineServer) -> None:
    for path, allowed in (("/fine_tuning/jobs", {"GET", "POST"}), ("/models", {"GET"}),
                          ("/files/file-abc", {"GET", "DELETE"})):
        status, headers, answer = _raw(engine_server, "PUT", path, b"{}")
        assert status == 405, (path, answer)
        allow = {m.strip() for m in headers.get("allow", headers.get("Allow", "")).split(",")}
        assert allowed <= allow and "PUT" not in allow, (path, allow)
        assert answer["error"]["code"] == "method_not_allowed"


def test_the_engine_serves_its_openapi_document_behind_the_token(
    engine_server: EngineServer,
) -> None:
    status, _, document = _raw(engine_server, "GET", "/openapi.json")
    assert status == 200
    assert "/v1/chat/completions" in document["paths"]
    assert document["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"
    create = document["paths"]["/v1/fine_tuning/jobs"]["post"]
    assert "422" not in create["responses"]
    anonymous = urllib.request.Request(engine_server.base_url + "/openapi.json")
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(anonymous, timeout=30)
    assert refused.value.code == 401


def test_the_token_is_checked_before_the_body(engine_server: EngineServer) -> None:
    for body in (b'{"model": "x", "messages": [}', b'{"seed": NaN}'):
        request = urllib.request.Request(
            engine_server.base_url + "/chat/completions", data=body, method="POST",
            headers={"Content-Type": "application/json"})
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=30)
        assert refused.value.code == 401, body


@pytest.mark.asyncio
async def test_a_job_create_with_nothing_to_parse_says_so(engine_server: EngineServer) -> None:
    """Only sanity: a body that is JSON but not an object is a 400, not a 500."""
    for body in (b"[]", b"3", b'"text"', b"null"):
        status, _, answer = await asyncio.to_thread(
            _raw, engine_server, "POST", "/fine_tuning/jobs", body)
        assert status == 400, (body, answer)
