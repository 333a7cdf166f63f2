"""ProviderRegistry: profiles saved, one cached client per profile, key changes at once."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import keyring.errors
import pytest
from pydantic import ValidationError

from fine_tune_studio.core.providers import ProviderKind, ProviderProfile
from fine_tune_studio.core.settings import AppSettings
from fine_tune_studio.services.client import RetryPolicy
from fine_tune_studio.services.errors import ErrorKind, ServiceError
from fine_tune_studio.services.keys import KeyStore
from fine_tune_studio.services.providers import LocalEndpoint, ProviderRegistry, engine_endpoint
from fine_tune_studio.services.settings_store import AppDirs, SettingsStore
from tests.support.service_fixtures import FaultServer, MemoryKeyring

KEY_1 = "sk-test-first-" + "1" * 24
KEY_2 = "sk-test-second-" + "2" * 24


def make_registry(
    tmp_path: Path, keyring_backend: MemoryKeyring, **kwargs: Any
) -> tuple[ProviderRegistry, SettingsStore]:
    store = SettingsStore(AppDirs.under(tmp_path))
    registry = ProviderRegistry(
        store.load(), KeyStore(backend=keyring_backend), save=store.save, **kwargs
    )
    return registry, store


def remote(base_url: str, name: str = "GPU box") -> ProviderProfile:
    return ProviderProfile(kind=ProviderKind.REMOTE_ENGINE, display_name=name, base_url=base_url)


@pytest.mark.asyncio
async def test_added_provider_is_saved_and_becomes_active(
    tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    registry, store = make_registry(tmp_path, memory_keyring)
    first = registry.add(remote("http://127.0.0.1:9/v1"))
    second = registry.add(remote("http://127.0.0.1:10/v1", "Other"))
    assert registry.active == first
    registry.set_active(second.id)
    reloaded = store.load()
    assert [p.display_name for p in reloaded.providers] == ["GPU box", "Other"]
    assert reloaded.active_provider_id == second.id


@pytest.mark.asyncio
async def test_changed_key_is_used_on_the_very_next_call(
    tmp_path: Path, memory_keyring: MemoryKeyring, fault_server: FaultServer
) -> None:
    registry, _ = make_registry(tmp_path, memory_keyring)
    profile = registry.add(remote(fault_server.base_url))
    await registry.set_key(profile.id, KEY_1)
    await registry.test_connection(profile.id)
    client = await registry.client(profile.id)
    assert await registry.client(profile.id) is client  # cached while nothing changes

    await registry.set_key(profile.id, KEY_2)
    await (await registry.client(profile.id)).list_models()

    auth = [r.headers["authorization"] for r in fault_server.seen("GET", "/v1/models")]
    assert auth == [f"Bearer {KEY_1}", f"Bearer {KEY_2}"]
    await registry.aclose()


@pytest.mark.asyncio
async def test_edited_address_is_used_on_the_next_call(
    tmp_path: Path, memory_keyring: MemoryKeyring, fault_server: FaultServer
) -> None:
    # Fail fast: nothing listens on port 9, retrying would only slow the test down.
    registry, _ = make_registry(
        tmp_path, memory_keyring, client_options={"retry": RetryPolicy(max_attempts=1)}
    )
    profile = registry.add(remote("http://127.0.0.1:9/v1"))
    await registry.set_key(profile.id, KEY_1)
    with pytest.raises(ServiceError) as info:
        await registry.test_connection(profile.id)
    assert info.value.kind is ErrorKind.NETWORK
    registry.update(profile.model_copy(update={"base_url": fault_server.base_url}))
    assert await registry.test_connection(profile.id)
    await registry.aclose()


@pytest.mark.asyncio
async def test_missing_key_is_explained(tmp_path: Path, memory_keyring: MemoryKeyring) -> None:
    registry, _ = make_registry(tmp_path, memory_keyring)
    profile = registry.add(ProviderProfile(kind=ProviderKind.OPENAI, display_name="OpenAI"))
    with pytest.raises(ServiceError) as info:
        await registry.client(profile.id)
    # Nothing was sent, so nothing was refused: "no key", never "the key was not accepted".
    assert info.value.kind is ErrorKind.NO_KEY and "OpenAI" in info.value.message
    assert info.value.status is None


@pytest.mark.asyncio
async def test_removing_a_provider_deletes_its_key(
    tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    registry, store = make_registry(tmp_path, memory_keyring)
    profile = registry.add(remote("http://127.0.0.1:9/v1"))
    await registry.set_key(profile.id, KEY_1)
    assert memory_keyring.store
    await registry.remove(profile.id)
    assert memory_keyring.store == {}
    assert store.load().providers == []
    assert registry.active is None


@pytest.mark.asyncio
async def test_local_engine_gets_address_and_token_from_the_running_engine(
    tmp_path: Path, memory_keyring: MemoryKeyring, fault_server: FaultServer
) -> None:
    calls: list[str] = []

    async def running_engine() -> LocalEndpoint:
        calls.append("asked")
        return engine_endpoint(fault_server.base_url.removesuffix("/v1"), "engine-token-abcdef")

    registry, _ = make_registry(tmp_path, memory_keyring, local_endpoint=running_engine)
    profile = registry.ensure_local_engine()
    assert registry.ensure_local_engine() == profile  # only one
    assert await registry.test_connection(profile.id)
    assert fault_server.requests[-1].headers["authorization"] == "Bearer engine-token-abcdef"
    assert calls == ["asked"]
    await registry.aclose()


@pytest.mark.asyncio
async def test_local_engine_failing_to_start_is_explained(
    tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    async def broken() -> LocalEndpoint:
        raise RuntimeError("torch is not installed")

    registry, _ = make_registry(tmp_path, memory_keyring, local_endpoint=broken)
    profile = registry.ensure_local_engine()
    with pytest.raises(ServiceError) as info:
        await registry.client(profile.id)
    assert info.value.kind is ErrorKind.NETWORK and "torch is not installed" in (
        info.value.detail or ""
    )

    plain, _ = make_registry(tmp_path / "other", memory_keyring)
    with pytest.raises(ServiceError):
        await plain.client(plain.ensure_local_engine().id)


def test_settings_object_is_shared_with_the_caller(
    tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    settings = AppSettings()
    registry = ProviderRegistry(settings, KeyStore(backend=memory_keyring))
    registry.add(remote("http://127.0.0.1:9/v1"))
    assert len(settings.providers) == 1


@pytest.mark.asyncio
async def test_restarted_engine_new_token_is_picked_up(
    tmp_path: Path, memory_keyring: MemoryKeyring, fault_server: FaultServer
) -> None:
    tokens = iter(
        ["engine-token-first-run", "engine-token-first-run", "engine-token-after-restart"]
    )

    async def running_engine() -> LocalEndpoint:
        return engine_endpoint(fault_server.base_url, next(tokens))

    registry, _ = make_registry(tmp_path, memory_keyring, local_endpoint=running_engine)
    profile = registry.ensure_local_engine()
    first = await registry.client(profile.id)
    assert await registry.client(profile.id) is first  # same engine run: same client
    await (await registry.client(profile.id)).list_models()
    assert fault_server.requests[-1].headers["authorization"] == "Bearer engine-token-after-restart"
    await registry.aclose()


@pytest.mark.asyncio
async def test_a_keyring_failure_reaches_the_caller_as_a_service_error(tmp_path: Path) -> None:
    class LockedKeyring(MemoryKeyring):
        def get_password(self, service: str, username: str) -> str | None:
            if username.startswith("__"):
                return None  # the probe succeeds
            raise keyring.errors.KeyringLocked("collection is locked")

    registry, _ = make_registry(tmp_path, LockedKeyring())
    profile = registry.add(remote("http://127.0.0.1:9/v1"))
    with pytest.raises(ServiceError) as info:
        await registry.client(profile.id)
    assert "keyring" in info.value.message


def test_an_edit_that_breaks_the_profile_is_refused(
    tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    registry, store = make_registry(tmp_path, memory_keyring)
    profile = registry.add(remote("http://127.0.0.1:9/v1"))
    broken = profile.model_copy(update={"base_url": None})  # model_copy does not validate
    with pytest.raises(ValidationError):
        registry.update(broken)
    assert store.load().providers[0].base_url == "http://127.0.0.1:9/v1"


@pytest.mark.asyncio
async def test_a_key_saved_with_a_full_width_character_is_explained_not_sent(
    tmp_path: Path, memory_keyring: MemoryKeyring, fault_server: FaultServer
) -> None:
    registry, _ = make_registry(tmp_path, memory_keyring)
    profile = registry.add(remote(fault_server.base_url))
    # Saved by an older version, which did not check keys as they were typed.
    memory_keyring.set_password("FineTuneStudio", profile.id, "sk-test-ｆirst-" + "1" * 24)
    with pytest.raises(ServiceError) as info:
        await registry.test_connection(profile.id)
    assert info.value.kind is ErrorKind.AUTHENTICATION  # "paste the key again", not "unknown"
    assert "Paste it again" in info.value.message
    assert fault_server.seen("GET", "/v1/models") == []
    await registry.aclose()
