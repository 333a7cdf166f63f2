"""Provider profiles, the settings document and its file: what a user would notice."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from pydantic import ValidationError

from fine_tune_studio.core.providers import (
    OPENAI_BASE_URL,
    ProviderKind,
    ProviderProfile,
    local_engine_profile,
)
from fine_tune_studio.core.settings import SCHEMA_VERSION, AppSettings, migrate
from fine_tune_studio.services.settings_store import (
    AppDirs,
    LoadProblem,
    SettingsSaveError,
    SettingsStore,
)


def test_kinds_have_names_in_both_languages() -> None:
    assert ProviderKind.LOCAL_ENGINE.label.get("en") == "This computer"
    assert ProviderKind.LOCAL_ENGINE.label.get("zh_TW") == "這台電腦"
    for kind in ProviderKind:
        assert kind.label.en and kind.label.zh_TW


def test_remote_engine_without_address_is_refused_with_a_clear_message() -> None:
    with pytest.raises(ValidationError) as info:
        ProviderProfile(kind=ProviderKind.REMOTE_ENGINE, display_name="GPU box")
    assert "base_url is required" in str(info.value)


def test_address_must_be_a_web_address() -> None:
    with pytest.raises(ValidationError) as info:
        ProviderProfile(
            kind=ProviderKind.OPENAI_COMPATIBLE, display_name="x", base_url="localhost:8000"
        )
    assert "http://" in str(info.value)


ENGINE_TOKEN = "vQ3xN8kP_2mLr7TzYc4Wd9Hs-Eb6Jf1Ua5Go0IiKnM"


@pytest.mark.parametrize(
    "fields",
    [
        {"display_name": "sk-proj-" + "A1b2C3d4" * 6},
        {"display_name": "Remote " + ENGINE_TOKEN},
        {"display_name": "x" * 70 + " " + ENGINE_TOKEN},  # too long too: the key check speaks
        {"base_url": "https://example.com/v1?api_key=abcdef123456"},
        {"base_url": ENGINE_TOKEN},
        {"base_url": "Bearer " + ENGINE_TOKEN},
        {"default_models": ["gpt-4.1-mini", "sk-proj-" + "A1b2C3d4" * 6]},
    ],
)
def test_a_key_pasted_into_a_text_field_is_refused_and_never_echoed(
    fields: dict[str, object],
) -> None:
    values: dict[str, object] = {
        "kind": ProviderKind.OPENAI_COMPATIBLE,
        "display_name": "Office server",
        "base_url": "https://example.com/v1",
        **fields,
    }
    with pytest.raises(ValidationError) as info:
        ProviderProfile.model_validate(values)
    text = str(info.value)
    assert "key field" in text
    assert ENGINE_TOKEN not in text and "A1b2C3d4" not in text and "abcdef123456" not in text


def test_honest_ids_in_addresses_and_organisation_fields_are_accepted() -> None:
    cloudflare = ProviderProfile(
        kind=ProviderKind.OPENAI_COMPATIBLE,
        display_name="Gateway",
        base_url="https://gateway.ai.cloudflare.com/v1/0123456789abcdef0123456789abcdef/gw/openai",
    )
    assert cloudflare.base_url is not None and cloudflare.base_url.endswith("/gw/openai")
    openai = ProviderProfile(
        kind=ProviderKind.OPENAI,
        display_name="Work",
        organization="org-4ZJz3kT1wqP8aQ2cF5bXyR7m",
        project="proj_Xy7Qm2Lp9Rt4Vz1Nc8Bd6Kw3",
    )
    assert openai.organization == "org-4ZJz3kT1wqP8aQ2cF5bXyR7m"


def test_azure_needs_endpoint_and_api_version_or_v1_path() -> None:
    with pytest.raises(ValidationError) as info:
        ProviderProfile(kind=ProviderKind.AZURE_OPENAI, display_name="Azure")
    assert "azure_endpoint is required" in str(info.value)
    with pytest.raises(ValidationError) as info:
        ProviderProfile(
            kind=ProviderKind.AZURE_OPENAI,
            display_name="Azure",
            azure_endpoint="https://r.openai.azure.com",
        )
    assert "api-version" in str(info.value)
    v1 = ProviderProfile(
        kind=ProviderKind.AZURE_OPENAI,
        display_name="Azure",
        azure_endpoint="https://r.openai.azure.com/",
        azure_use_v1=True,
    )
    assert v1.effective_base_url() == "https://r.openai.azure.com/openai/v1"
    with pytest.raises(ValidationError):
        ProviderProfile(
            kind=ProviderKind.AZURE_OPENAI,
            display_name="Azure",
            azure_endpoint="http://r.openai.azure.com",
            azure_api_version="2025-04-01-preview",
        )


def test_openai_profile_defaults_to_the_public_api() -> None:
    profile = ProviderProfile(kind=ProviderKind.OPENAI, display_name="OpenAI", organization="  ")
    assert profile.effective_base_url() == OPENAI_BASE_URL
    assert profile.organization is None
    assert local_engine_profile().needs_key is False and profile.needs_key is True


def test_settings_round_trip_and_contain_no_key(tmp_path: Path) -> None:
    store = SettingsStore(AppDirs.under(tmp_path))
    settings = AppSettings(language="zh_TW")
    profile = ProviderProfile(
        kind=ProviderKind.OPENAI, display_name="Work account", project="proj_1"
    )
    settings.providers.append(profile)
    settings.active_provider_id = profile.id
    settings.add_recent_file("/data/a.jsonl")
    settings.add_recent_file("/data/b.jsonl")
    settings.add_recent_file("/data/a.jsonl")
    store.save(settings)

    loaded = SettingsStore(AppDirs.under(tmp_path)).load()
    assert (
        loaded.active_profile is not None and loaded.active_profile.display_name == "Work account"
    )
    assert loaded.language == "zh_TW"
    assert loaded.recent_files == ["/data/a.jsonl", "/data/b.jsonl"]
    assert [p.name for p in store.path.parent.iterdir()] == ["settings.json"]  # no temp left


def test_home_folder_comes_from_the_environment(app_home: Path) -> None:
    store = SettingsStore()
    assert store.path == app_home / "config" / "settings.json"
    store.save(AppSettings())
    assert store.path.exists()


def test_damaged_file_is_kept_aside_and_reported(tmp_path: Path) -> None:
    store = SettingsStore(AppDirs.under(tmp_path))
    store.path.parent.mkdir(parents=True)
    store.path.write_text('{"schema_version": 1, "providers": [', encoding="utf-8")

    settings = store.load()

    assert settings.providers == []
    assert store.load_problem is not None and "damaged" in store.load_problem
    assert store.backup_path is not None and store.backup_path.read_text().startswith(
        '{"schema_version"'
    )
    assert not store.path.exists()  # the next save cannot overwrite the user's only copy


def test_invalid_values_are_reported_by_field(tmp_path: Path) -> None:
    store = SettingsStore(AppDirs.under(tmp_path))
    store.path.parent.mkdir(parents=True)
    store.path.write_text(
        json.dumps({"schema_version": 1, "language": "klingon"}), encoding="utf-8"
    )
    store.load()
    assert store.load_problem is not None and "language" in store.load_problem
    assert store.backup_path is not None and store.backup_path.exists()


def test_file_from_a_newer_app_is_not_overwritten(tmp_path: Path) -> None:
    store = SettingsStore(AppDirs.under(tmp_path))
    store.path.parent.mkdir(parents=True)
    store.path.write_text(json.dumps({"schema_version": SCHEMA_VERSION + 1}), encoding="utf-8")
    store.load()
    assert store.load_problem is not None and "newer" in store.load_problem
    assert store.backup_path is not None and store.backup_path.exists()


@pytest.mark.parametrize("depth", [100_000, 200])
def test_a_deeply_nested_file_is_moved_aside_instead_of_stopping_the_app(
    tmp_path: Path, depth: int
) -> None:
    store = SettingsStore(AppDirs.under(tmp_path))
    store.path.parent.mkdir(parents=True)
    nested = '{"schema_version": 1, "panels": {"x": {"y": ' + "[" * depth + "]" * depth + "}}}"
    store.path.write_text(nested, encoding="utf-8")

    settings = store.load()  # used to raise RecursionError at every start

    assert settings == AppSettings()
    assert store.load_problem_kind is LoadProblem.DAMAGED
    assert store.load_problem is not None and "nested" in store.load_problem
    assert store.backup_path is not None and store.backup_path.read_text() == nested
    settings.language = "zh_TW"
    store.save(settings)
    assert SettingsStore(AppDirs.under(tmp_path)).load().language == "zh_TW"


def test_a_folder_where_the_file_should_be_is_moved_aside_and_saving_works(
    tmp_path: Path,
) -> None:
    store = SettingsStore(AppDirs.under(tmp_path))
    store.path.mkdir(parents=True)
    (store.path / "notes.txt").write_text("the user's", encoding="utf-8")

    settings = store.load()

    assert store.load_problem_kind is LoadProblem.NOT_A_FILE
    assert store.backup_path is not None
    assert (store.backup_path / "notes.txt").read_text(encoding="utf-8") == "the user's"
    store.save(settings)
    assert store.path.is_file()


def test_a_save_that_cannot_happen_says_why_and_loses_nothing(tmp_path: Path) -> None:
    store = SettingsStore(AppDirs.under(tmp_path))
    settings = store.load()
    settings.language = "zh_TW"
    settings.add_recent_file("/data/a.jsonl")
    store.path.mkdir(parents=True)  # something put a folder in the way after the start

    with pytest.raises(SettingsSaveError) as info:
        store.save(settings)

    assert str(store.path) in str(info.value) and info.value.reason
    assert settings.language == "zh_TW" and settings.recent_files == ["/data/a.jsonl"]
    assert list(store.path.parent.iterdir()) == [store.path]  # no temporary file left
    store.path.rmdir()
    store.save(settings)  # the next save that works writes everything
    reloaded = SettingsStore(AppDirs.under(tmp_path)).load()
    assert reloaded.language == "zh_TW" and reloaded.recent_files == ["/data/a.jsonl"]


def test_a_file_the_system_will_not_read_is_left_alone_and_never_saved_over(
    tmp_path: Path,
) -> None:
    store = SettingsStore(AppDirs.under(tmp_path))
    store.path.parent.mkdir(parents=True)
    store.path.symlink_to(store.path)  # reading fails (a link loop), as it would for EIO

    settings = store.load()

    assert store.load_problem_kind is LoadProblem.UNREADABLE
    assert store.backup_path is None and store.path.is_symlink()
    assert store.load_problem is not None and "start the app again" in store.load_problem
    with pytest.raises(SettingsSaveError, match="not saved over"):
        store.save(settings)
    assert store.path.is_symlink()
    store.path.unlink()  # the user removed it: saving works again
    store.save(settings)
    assert store.path.is_file()


def test_old_file_is_migrated_and_stray_secrets_dropped() -> None:
    old = {
        "providers": [
            {"id": "p1", "kind": "openai", "display_name": "Old", "api_key": "sk-should-vanish"}
        ],
        "active_provider_id": "p1",
    }
    settings = AppSettings.from_json_dict(migrate(old))
    assert settings.schema_version == SCHEMA_VERSION
    assert "sk-should-vanish" not in json.dumps(settings.to_json_dict())


def test_dangling_active_id_is_cleared_and_duplicate_ids_refused() -> None:
    assert AppSettings(active_provider_id="gone").active_provider_id is None
    profile = local_engine_profile()
    with pytest.raises(ValidationError):
        AppSettings(providers=[profile, profile])


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_settings_file_is_private_enough(tmp_path: Path) -> None:
    store = SettingsStore(AppDirs.under(tmp_path))
    store.save(AppSettings())
    mode = stat.S_IMODE(store.path.stat().st_mode)
    assert mode & stat.S_IWOTH == 0
