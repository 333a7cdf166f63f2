"""How each provider kind's requests look on the wire, and how models are presented.

An httpx2 MockTransport stands in for the network here: it sees the real requests the SDK
builds (URL, query, headers), which is what differs between OpenAI, Azure and engines.
"""

from __future__ import annotations

import json
from datetime import date

import httpx2
import pytest

from fine_tune_studio.core.providers import ProviderKind, ProviderProfile
from fine_tune_studio.services.client import ModelInfo, ProviderClient, model_family
from fine_tune_studio.services.errors import ErrorKind, ServiceError

KEY = "azure0123456789abcdef0123456789ab"  # Azure keys are 32 hex-like characters


def recording_client(
    seen: list[httpx2.Request], models: list[dict[str, object]]
) -> httpx2.AsyncClient:
    def handler(request: httpx2.Request) -> httpx2.Response:
        seen.append(request)
        return httpx2.Response(200, json={"object": "list", "data": models})

    return httpx2.AsyncClient(transport=httpx2.MockTransport(handler))


@pytest.mark.asyncio
async def test_azure_with_api_version_uses_the_resource_url_and_api_key_header() -> None:
    seen: list[httpx2.Request] = []
    profile = ProviderProfile(
        kind=ProviderKind.AZURE_OPENAI,
        display_name="Contoso Azure",
        azure_endpoint="https://contoso.openai.azure.com",
        azure_api_version="2025-04-01-preview",
    )
    client = ProviderClient(profile, api_key=KEY, http_client=recording_client(seen, []))
    await client.list_jobs()
    request = seen[0]
    assert request.url.host == "contoso.openai.azure.com"
    assert request.url.path == "/openai/fine_tuning/jobs"
    assert request.url.params["api-version"] == "2025-04-01-preview"
    assert request.headers["api-key"] == KEY
    await client.aclose()


@pytest.mark.asyncio
async def test_azure_v1_path_needs_no_api_version() -> None:
    seen: list[httpx2.Request] = []
    profile = ProviderProfile(
        kind=ProviderKind.AZURE_OPENAI,
        display_name="Foundry",
        azure_endpoint="https://contoso.openai.azure.com",
        azure_use_v1=True,
    )
    client = ProviderClient(profile, api_key=KEY, http_client=recording_client(seen, []))
    await client.list_models()
    assert str(seen[0].url) == "https://contoso.openai.azure.com/openai/v1/models"
    assert "api-version" not in seen[0].url.params
    await client.aclose()


@pytest.mark.asyncio
async def test_openai_sends_organization_and_project() -> None:
    seen: list[httpx2.Request] = []
    profile = ProviderProfile(
        kind=ProviderKind.OPENAI, display_name="OpenAI", organization="org-1", project="proj_1"
    )
    client = ProviderClient(
        profile, api_key="sk-test-" + "x" * 30, http_client=recording_client(seen, [])
    )
    await client.list_models()
    assert str(seen[0].url) == "https://api.openai.com/v1/models"
    assert seen[0].headers["openai-organization"] == "org-1"
    assert seen[0].headers["openai-project"] == "proj_1"
    await client.aclose()


@pytest.mark.asyncio
async def test_azure_model_list_says_itself_what_can_be_fine_tuned() -> None:
    models = [
        {
            "id": "gpt-4o-mini-2024-07-18",
            "object": "model",
            "created_at": 1721172741,
            "capabilities": {"fine_tune": True, "inference": True},
            "deprecation": {"fine_tune": "2026-09-01", "inference": "2027-03-01"},
        },
        {
            "id": "text-embedding-3-small",
            "object": "model",
            "created_at": 1700000000,
            "capabilities": {"fine_tune": False, "inference": True},
        },
    ]
    profile = ProviderProfile(
        kind=ProviderKind.AZURE_OPENAI,
        display_name="Azure",
        azure_endpoint="https://c.openai.azure.com",
        azure_api_version="2024-10-21",
    )
    client = ProviderClient(profile, api_key=KEY, http_client=recording_client([], models))
    infos = await client.list_models()
    assert [(m.id, m.fine_tunable, m.shutdown_date) for m in infos] == [
        ("gpt-4o-mini-2024-07-18", True, date(2027, 3, 1)),
        ("text-embedding-3-small", False, None),
    ]
    await client.aclose()


@pytest.mark.asyncio
async def test_openai_models_fine_tunable_first_with_shutdown_dates() -> None:
    models = [
        {"id": "whisper-1", "object": "model", "created": 1, "owned_by": "openai-internal"},
        {"id": "gpt-4.1-nano-2025-04-14", "object": "model", "created": 2, "owned_by": "system"},
        {
            "id": "ft:gpt-4o-mini-2024-07-18:acme:airport:abc123",
            "object": "model",
            "created": 3,
            "owned_by": "acme",
        },
        {"id": "gpt-4.1-2025-04-14", "object": "model", "created": 4, "owned_by": "system"},
    ]
    profile = ProviderProfile(kind=ProviderKind.OPENAI, display_name="OpenAI")
    client = ProviderClient(
        profile, api_key="sk-test-" + "y" * 30, http_client=recording_client([], models)
    )
    infos = {m.id: m for m in await client.list_models()}
    order = list(infos)
    assert order[-1] == "whisper-1"
    assert order.index("ft:gpt-4o-mini-2024-07-18:acme:airport:abc123") < order.index(
        "gpt-4.1-2025-04-14"
    )
    tuned = infos["ft:gpt-4o-mini-2024-07-18:acme:airport:abc123"]
    assert tuned.is_fine_tuned and tuned.fine_tunable and tuned.shutdown_date == date(2027, 1, 14)
    assert infos["gpt-4.1-2025-04-14"].shutdown_date == date(2027, 1, 14)
    assert infos["gpt-4.1-nano-2025-04-14"].shutdown_date is None  # not on the list
    assert infos["gpt-4.1-nano-2025-04-14"].fine_tunable
    assert not infos["whisper-1"].fine_tunable
    assert isinstance(tuned, ModelInfo) and tuned.shuts_down_before(date(2027, 2, 1))
    await client.aclose()


def test_model_family() -> None:
    assert model_family("gpt-4o-mini-2024-07-18") == "gpt-4o-mini"
    assert model_family("ft:gpt-4.1-2025-04-14:org::x1") == "gpt-4.1"
    assert model_family("gpt-4.1-nano") == "gpt-4.1-nano"


def test_a_profile_that_needs_a_key_refuses_to_connect_without_one() -> None:
    profile = ProviderProfile(kind=ProviderKind.OPENAI, display_name="OpenAI")
    with pytest.raises(ServiceError) as info:
        ProviderClient(profile, api_key=None)
    assert info.value.kind is ErrorKind.NO_KEY


def test_client_repr_shows_no_key() -> None:
    profile = ProviderProfile(kind=ProviderKind.OPENAI, display_name="OpenAI")
    key = "sk-test-" + "z" * 30
    client = ProviderClient(profile, api_key=key)
    assert key not in repr(client)
    assert key not in json.dumps(profile.model_dump(mode="json"))


def paged_events(total: int) -> tuple[list[dict[str, object]], httpx2.AsyncClient]:
    """A server with `total` events that pages newest first, as OpenAI does."""
    events = [
        {
            "id": f"ftevent-{i:04d}",
            "object": "fine_tuning.job.event",
            "created_at": 1000 + i,
            "level": "info",
            "message": f"step {i}",
            "type": "message",
        }
        for i in range(total)
    ]

    def handler(request: httpx2.Request) -> httpx2.Response:
        newest_first = list(reversed(events))
        after = request.url.params.get("after")
        limit = int(request.url.params.get("limit", "20"))
        start = (
            0
            if after is None
            else next(i for i, e in enumerate(newest_first) if e["id"] == after) + 1
        )
        page = newest_first[start : start + limit]
        return httpx2.Response(
            200,
            json={"object": "list", "data": page, "has_more": start + limit < len(newest_first)},
        )

    return events, httpx2.AsyncClient(transport=httpx2.MockTransport(handler))


@pytest.mark.asyncio
async def test_events_by_cursor_across_many_pages() -> None:
    events, http = paged_events(250)
    profile = ProviderProfile(
        kind=ProviderKind.REMOTE_ENGINE, display_name="e", base_url="http://x/v1"
    )
    client = ProviderClient(profile, api_key="token-abcdefgh", http_client=http)

    first = await client.list_events("ftjob-1", page_size=100)
    assert [e.id for e in first.events] == [e["id"] for e in events]  # all 250, oldest first
    assert first.cursor == "ftevent-0249"

    events.extend(
        {
            "id": f"ftevent-{i:04d}",
            "object": "fine_tuning.job.event",
            "created_at": 1000 + i,
            "level": "info",
            "message": f"step {i}",
            "type": "message",
        }
        for i in range(250, 380)
    )
    second = await client.list_events("ftjob-1", after=first.cursor, page_size=100)
    assert [e.id for e in second.events] == [f"ftevent-{i:04d}" for i in range(250, 380)]
    assert second.cursor == "ftevent-0379"
    third = await client.list_events("ftjob-1", after=second.cursor, page_size=100)
    assert third.events == [] and third.cursor == second.cursor
    await client.aclose()


def test_a_twin_has_the_same_provider_key_and_address_and_connections_of_its_own() -> None:
    """For a run on another thread's event loop (connections belong to one loop)."""
    profile = ProviderProfile(id="o", kind=ProviderKind.OPENAI, display_name="OpenAI",
                              organization="org-1")
    client = ProviderClient(profile, api_key=KEY, base_url="http://127.0.0.1:9/v1")
    twin = client.twin()
    assert type(twin) is ProviderClient and twin.profile == client.profile
    assert (twin.base_url, twin.sdk.api_key, twin.sdk.organization) == (
        client.base_url, KEY, "org-1")
    assert twin.retry == client.retry
    assert twin.sdk is not client.sdk and twin.sdk._client is not client.sdk._client


def chat_recording_client(seen: list[httpx2.Request]) -> httpx2.AsyncClient:
    def handler(request: httpx2.Request) -> httpx2.Response:
        seen.append(request)
        return httpx2.Response(200, json={
            "id": "chatcmpl-1", "object": "chat.completion", "created": 0, "model": "m",
            "choices": [{"index": 0, "finish_reason": "stop",
                         "message": {"role": "assistant", "content": "二樓出境大廳"}}],
            "usage": {"prompt_tokens": 12, "completion_tokens": 6, "total_tokens": 18},
        })

    return httpx2.AsyncClient(transport=httpx2.MockTransport(handler))


@pytest.mark.asyncio
async def test_chat_sends_the_messages_as_given_and_reads_the_reply() -> None:
    # chat() posts its body through the SDK as it is (no typed-parameter walk): the wire
    # must carry exactly the messages and settings given, and the reply is parsed as before.
    seen: list[httpx2.Request] = []
    profile = ProviderProfile(kind=ProviderKind.OPENAI_COMPATIBLE, display_name="vLLM",
                              base_url="http://gpu-box:8000/v1")
    client = ProviderClient(profile, api_key=None, http_client=chat_recording_client(seen))
    messages = [{"role": "system", "content": "你是桃園機場的客服人員。"},
                {"role": "user", "content": "退稅櫃檯在哪裡？"}]
    reply = await client.chat("airport-bot", messages, temperature=0, max_tokens=64, seed=7)
    assert seen[0].url.path == "/v1/chat/completions"
    assert json.loads(seen[0].content) == {
        "model": "airport-bot", "messages": messages, "temperature": 0, "max_tokens": 64,
        "seed": 7,
    }
    assert reply.text == "二樓出境大廳"
    assert reply.finish_reason == "stop"
    assert reply.usage is not None and reply.usage.completion_tokens == 6
    await client.aclose()


@pytest.mark.asyncio
async def test_azure_chat_goes_to_the_deployment_named_by_the_model() -> None:
    seen: list[httpx2.Request] = []
    profile = ProviderProfile(
        kind=ProviderKind.AZURE_OPENAI, display_name="Contoso Azure",
        azure_endpoint="https://contoso.openai.azure.com",
        azure_api_version="2025-04-01-preview",
    )
    client = ProviderClient(profile, api_key=KEY, http_client=chat_recording_client(seen))
    await client.chat("airport-ft", [{"role": "user", "content": "Hi"}])
    request = seen[0]
    assert request.url.path == "/openai/deployments/airport-ft/chat/completions"
    assert request.url.params["api-version"] == "2025-04-01-preview"
    assert request.headers["api-key"] == KEY
    await client.aclose()
