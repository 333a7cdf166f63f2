"""The app's settings document: providers, active provider, language and small UI state.

Saved as JSON by `services.settings_store.SettingsStore`. Never holds a secret: keys live in
the key store. Old files are brought up to date by `migrate()` before validation; a file
written by a newer app (higher `schema_version`) is refused rather than silently trimmed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from fine_tune_studio.core.providers import ProviderProfile

SCHEMA_VERSION = 1
MAX_RECENT_FILES = 10

Language = Literal["system", "en", "zh_TW"]


class SettingsVersionError(ValueError):
    """The settings file comes from a newer version of the app."""

    def __init__(self, found: int) -> None:
        super().__init__(
            f"settings file has schema version {found}, this app understands up to "
            f"{SCHEMA_VERSION}; it was written by a newer Fine Tune Studio"
        )
        self.found = found


class AppSettings(BaseModel):
    """Everything the app remembers between runs, except secrets."""

    # A rejected profile in an error must not bring its typed text (a pasted key) along.
    model_config = ConfigDict(extra="ignore", validate_assignment=True, hide_input_in_errors=True)

    schema_version: int = SCHEMA_VERSION
    providers: list[ProviderProfile] = Field(default_factory=list)
    active_provider_id: str | None = None
    language: Language = "system"
    # The user explicitly accepted keeping keys in a plain file when no keyring works.
    plaintext_key_opt_in: bool = False
    recent_files: list[str] = Field(default_factory=list)
    # Qt's saveState()/saveGeometry() bytes, base64-encoded by the UI.
    window_state: str | None = None
    window_geometry: str | None = None
    # Free-form per-panel preferences owned by the UI ({"jobs": {...}, ...}).
    panels: dict[str, dict[str, Any]] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _consistent(self) -> AppSettings:
        seen: set[str] = set()
        for profile in self.providers:
            if profile.id in seen:
                raise ValueError(f"two providers share the id {profile.id!r}")
            seen.add(profile.id)
        if self.active_provider_id is not None and self.active_provider_id not in seen:
            # A dangling active id (profile removed by hand) is not worth refusing the file.
            self.__dict__["active_provider_id"] = None
        return self

    def profile(self, profile_id: str) -> ProviderProfile | None:
        return next((p for p in self.providers if p.id == profile_id), None)

    @property
    def active_profile(self) -> ProviderProfile | None:
        return self.profile(self.active_provider_id) if self.active_provider_id else None

    def add_recent_file(self, path: str, limit: int = MAX_RECENT_FILES) -> None:
        """Put `path` first in the recent list; drop duplicates and entries beyond `limit`."""
        files = [path, *(p for p in self.recent_files if p != path)]
        self.recent_files = files[:limit]

    @classmethod
    def from_json_dict(cls, data: dict[str, Any]) -> AppSettings:
        """Validate a decoded settings file, migrating older schema versions first."""
        return cls.model_validate(migrate(data))

    def to_json_dict(self) -> dict[str, Any]:
        return self.model_dump(mode="json")


# One function per step: MIGRATIONS[n] turns a version-n dict into a version-(n+1) dict.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {
    0: lambda data: {**data, "schema_version": 1},
}


def migrate(data: dict[str, Any]) -> dict[str, Any]:
    """Bring a decoded settings dict up to `SCHEMA_VERSION` (SettingsVersionError if newer)."""
    version = data.get("schema_version", 0)
    if not isinstance(version, int) or version < 0:
        raise ValueError(f"schema_version must be a whole number, got {version!r}")
    if version > SCHEMA_VERSION:
        raise SettingsVersionError(version)
    while version < SCHEMA_VERSION:
        data = MIGRATIONS[version](data)
        version = data["schema_version"]
    # Secrets never belong here; drop any an older build or a hand edit may have left.
    for profile in data.get("providers", []) or []:
        if isinstance(profile, dict):
            for key in ("api_key", "key", "token", "secret"):
                profile.pop(key, None)
    return data
