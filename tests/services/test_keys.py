"""KeyStore: the OS keyring when it works, memory or an opted-in 0600 file when it does not."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail

from fine_tune_studio.services.keys import KeyBackendStatus, KeyStore, KeyStoreError
from tests.support.service_fixtures import HangingKeyring, MemoryKeyring

KEY = "sk-test-" + "9f8e7d6c5b4a" * 3
OTHER_KEY = "sk-test-" + "0a1b2c3d4e5f" * 3


@pytest.mark.asyncio
async def test_secure_backend_stores_reads_changes_and_deletes(
    memory_keyring: MemoryKeyring,
) -> None:
    store = KeyStore(backend=memory_keyring)
    assert await store.probe() is KeyBackendStatus.SECURE
    await store.set("p1", KEY)
    assert memory_keyring.store[("FineTuneStudio", "p1")] == KEY
    # A fresh store (next app start) reads it back from the backend.
    assert await KeyStore(backend=memory_keyring).get("p1") == KEY
    await store.set("p1", OTHER_KEY)
    assert await KeyStore(backend=memory_keyring).get("p1") == OTHER_KEY
    await store.delete("p1")
    assert await store.get("p1") is None
    assert await KeyStore(backend=memory_keyring).get("p1") is None
    await store.delete("p1")  # deleting nothing is fine


@pytest.mark.asyncio
async def test_listeners_hear_about_changed_keys(memory_keyring: MemoryKeyring) -> None:
    store = KeyStore(backend=memory_keyring)
    heard: list[str] = []
    store.add_listener(heard.append)
    await store.set("p1", KEY)
    await store.delete("p1")
    assert heard == ["p1", "p1"]


@pytest.mark.asyncio
async def test_without_a_keyring_keys_live_in_memory_only(tmp_path: Path) -> None:
    store = KeyStore(backend=fail.Keyring(), plaintext_path=tmp_path / "keys.json")
    assert await store.probe() is KeyBackendStatus.MEMORY_ONLY
    assert "until the app quits" in store.status_detail
    await store.set("p1", KEY)
    assert await store.get("p1") == KEY
    assert not (tmp_path / "keys.json").exists()
    assert list(tmp_path.iterdir()) == []
    # "Next session": nothing was kept.
    later = KeyStore(backend=fail.Keyring(), plaintext_path=tmp_path / "keys.json")
    assert await later.get("p1") is None


@pytest.mark.asyncio
async def test_a_hanging_keyring_does_not_hang_the_app(hanging_keyring: HangingKeyring) -> None:
    store = KeyStore(backend=hanging_keyring)
    status = await store.probe(timeout=0.3)
    assert status is KeyBackendStatus.MEMORY_ONLY
    assert "did not answer" in store.status_detail
    await store.set("p1", KEY)
    assert await store.get("p1") == KEY


@pytest.mark.asyncio
async def test_plaintext_file_only_after_opting_in(tmp_path: Path) -> None:
    path = tmp_path / "data" / "keys-plaintext.json"
    store = KeyStore(backend=fail.Keyring(), plaintext_path=path)
    await store.probe()
    await store.set("p1", KEY)
    assert not path.exists()

    assert await store.set_plaintext_opt_in(True) is KeyBackendStatus.PLAINTEXT_OPT_IN
    data = json.loads(path.read_text())
    assert data["keys"] == {"p1": KEY} and "plain text" in data["warning"]
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600

    restarted = KeyStore(backend=fail.Keyring(), plaintext_path=path, plaintext_opt_in=True)
    assert await restarted.probe() is KeyBackendStatus.PLAINTEXT_OPT_IN
    assert await restarted.get("p1") == KEY

    assert await restarted.set_plaintext_opt_in(False) is KeyBackendStatus.MEMORY_ONLY
    assert not path.exists()
    assert await restarted.get("p1") == KEY  # still usable this session


@pytest.mark.asyncio
async def test_opt_in_is_ignored_when_the_keyring_works(
    memory_keyring: MemoryKeyring, tmp_path: Path
) -> None:
    path = tmp_path / "keys.json"
    store = KeyStore(backend=memory_keyring, plaintext_path=path, plaintext_opt_in=True)
    assert await store.probe() is KeyBackendStatus.SECURE
    await store.set("p1", KEY)
    assert not path.exists()


@pytest.mark.asyncio
async def test_bad_keys_are_refused_without_echoing_them(memory_keyring: MemoryKeyring) -> None:
    store = KeyStore(backend=memory_keyring)
    with pytest.raises(KeyStoreError):
        await store.set("p1", "   ")
    with pytest.raises(KeyStoreError) as info:
        await store.set("p1", "sk-abc def-secretpart")
    assert "secretpart" not in str(info.value)
    assert KEY not in repr(store)


@pytest.mark.asyncio
async def test_a_key_with_a_full_width_character_is_refused_when_saved(
    memory_keyring: MemoryKeyring,
) -> None:
    store = KeyStore(backend=memory_keyring)
    pasted = KEY[:12] + "Ｋ" + KEY[13:]  # as a word processor may turn one letter
    with pytest.raises(KeyStoreError) as info:
        await store.set("p1", pasted)
    assert "Character 13" in str(info.value) and "copy it again" in str(info.value)
    assert KEY[:12] not in str(info.value)
    assert memory_keyring.store == {}  # nothing half-saved


class _RefusingKeyring(MemoryKeyring):
    def set_password(self, service: str, username: str, password: str) -> None:
        raise keyring.errors.PasswordSetError(f"cannot store {password}")


@pytest.mark.asyncio
async def test_keyring_errors_never_carry_the_key() -> None:
    store = KeyStore(backend=_RefusingKeyring())
    await store.probe()
    with pytest.raises(KeyStoreError) as info:
        await store.set("p1", KEY)
    assert KEY not in str(info.value) and KEY not in repr(info.value)
    assert info.value.__cause__ is None and info.value.__suppress_context__


@pytest.mark.keyring
@pytest.mark.asyncio
async def test_real_secret_service_store_read_change_delete() -> None:
    store = KeyStore()
    status = await store.probe(timeout=10)
    assert status is KeyBackendStatus.SECURE, store.status_detail
    profile = "test-profile-real-keyring"
    try:
        await store.set(profile, KEY)
        # Read through keyring itself, as a different process would.
        assert keyring.get_password("FineTuneStudio", profile) == KEY
        assert await KeyStore().get(profile) == KEY
        await store.set(profile, OTHER_KEY)
        assert keyring.get_password("FineTuneStudio", profile) == OTHER_KEY
        assert await KeyStore().get(profile) == OTHER_KEY
    finally:
        await store.delete(profile)
    assert keyring.get_password("FineTuneStudio", profile) is None
    assert await KeyStore().get(profile) is None
