"""Provider profiles: where the app sends its OpenAI-protocol requests.

A profile says *where* and *how* to reach a provider; it never holds a secret. Keys live in
`services.keys.KeyStore`, keyed by the profile's `id`. Validation messages are written for
the person filling in the settings form, so they name the field and say what to do.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from enum import StrEnum
from functools import partial
from typing import Any
from urllib.parse import urlsplit

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from fine_tune_studio.core.i18n import LocalizedText
from fine_tune_studio.core.key_rules import looks_like_key, url_hides_key

OPENAI_BASE_URL = "https://api.openai.com/v1"
# Together AI's own SDK uses this host; the spec names api.together.ai, which answers the same.
TOGETHER_BASE_URL = "https://api.together.xyz/v1"
# Azure's data-plane API version the app was tested against; users may pick another.
DEFAULT_AZURE_API_VERSION = "2025-04-01-preview"


class ProviderKind(StrEnum):
    """Which kind of OpenAI-protocol server a profile points at."""

    LOCAL_ENGINE = "local_engine"
    REMOTE_ENGINE = "remote_engine"
    OPENAI = "openai"
    AZURE_OPENAI = "azure_openai"
    OPENAI_COMPATIBLE = "openai_compatible"
    # Its own REST API for fine-tuning (services/together_*.py); OpenAI-shaped chat.
    TOGETHER = "together"

    @property
    def label(self) -> LocalizedText:
        """The kind's name as the settings panel shows it."""
        return _KIND_LABELS[self]

    @property
    def needs_key(self) -> bool:
        """Whether the user must enter a key (the local engine brings its own token)."""
        return self is not ProviderKind.LOCAL_ENGINE

    @property
    def key_optional(self) -> bool:
        """Whether the key field may stay empty: a self-hosted OpenAI-compatible server
        (vLLM, llama.cpp, Ollama on the own network) often asks for none."""
        return self is ProviderKind.OPENAI_COMPATIBLE

    @property
    def needs_base_url(self) -> bool:
        return self in (ProviderKind.REMOTE_ENGINE, ProviderKind.OPENAI_COMPATIBLE)

    @property
    def is_engine(self) -> bool:
        """Our own server (local or remote): supports pause/resume and engine hyperparameters."""
        return self in (ProviderKind.LOCAL_ENGINE, ProviderKind.REMOTE_ENGINE)


_KIND_LABELS: dict[ProviderKind, LocalizedText] = {
    ProviderKind.LOCAL_ENGINE: LocalizedText(en="This computer", zh_TW="這台電腦"),
    ProviderKind.REMOTE_ENGINE: LocalizedText(en="Remote engine", zh_TW="遠端引擎"),
    ProviderKind.OPENAI: LocalizedText(en="OpenAI", zh_TW="OpenAI"),
    ProviderKind.AZURE_OPENAI: LocalizedText(
        en="Azure OpenAI / Microsoft Foundry", zh_TW="Azure OpenAI / Microsoft Foundry"
    ),
    ProviderKind.OPENAI_COMPATIBLE: LocalizedText(
        en="Other OpenAI-compatible service", zh_TW="其他相容 OpenAI 的服務"
    ),
    ProviderKind.TOGETHER: LocalizedText(en="Together AI", zh_TW="Together AI"),
}


class AzureTrainingType(StrEnum):
    """Where Azure trains a job (its `trainingType`; values as Microsoft's docs spell them:
    MicrosoftDocs/azure-ai-docs, fine-tuning-oai-sdk.md, 2025-09-01)."""

    GLOBAL_STANDARD = "GlobalStandard"  # cheaper, any region: data and weights leave it
    STANDARD = "Standard"  # in the resource's region (data residency)
    DEVELOPER = "developerTier"  # idle capacity, may be pre-empted, no residency

# Every text field a user types into, and how a key would show in it. A key pasted into
# the wrong box must be refused before it is saved in settings.json or echoed back.
_KEY_CHECKS: dict[str, Callable[[str], bool]] = {
    "display_name": looks_like_key,
    "base_url": url_hides_key,
    "azure_endpoint": url_hides_key,
    "azure_api_version": looks_like_key,
    # OpenAI's organization and project ids (org-…, proj_…) look random by nature.
    "organization": partial(looks_like_key, random_tokens=False),
    "project": partial(looks_like_key, random_tokens=False),
    # Model ids may carry generated parts (fine-tune suffixes); only clear key shapes count.
    "default_models": partial(looks_like_key, random_tokens=False),
}
# The pydantic error type of that refusal, for callers that word it themselves.
KEY_IN_TEXT_FIELD_ERROR = "key_in_text_field"


def field_holds_key(field: str, text: str) -> bool:
    """Whether `text`, typed into the profile field `field`, looks like an API key."""
    check = _KEY_CHECKS.get(field)
    return check is not None and check(text)


def _check_http_url(value: str, field: str, *, require_https: bool = False) -> str:
    value = value.strip()
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(
            f"{field} must be a web address starting with http:// or https:// "
            f"(for example https://example.com/v1), got {value!r}"
        )
    if parts.username or parts.password:
        raise ValueError(
            f"{field} must not contain a user name or password; put the key in the key field"
        )
    if require_https and parts.scheme != "https":
        raise ValueError(f"{field} must start with https://")
    return value.rstrip("/")


class ProviderProfile(BaseModel):
    """One configured provider. Holds no secret: keys live in the key store under `id`."""

    # Errors never repeat what was typed: it may be a key pasted into the wrong field.
    model_config = ConfigDict(
        extra="ignore", validate_assignment=True, frozen=False, hide_input_in_errors=True
    )

    id: str = Field(default_factory=lambda: uuid.uuid4().hex, min_length=1, max_length=64)
    kind: ProviderKind
    display_name: str = Field(min_length=1, max_length=80)
    base_url: str | None = None
    organization: str | None = None
    project: str | None = None
    azure_endpoint: str | None = None
    azure_api_version: str | None = None
    # Azure's newer "v1" surface (…/openai/v1/) needs no api-version.
    azure_use_v1: bool = False
    # Sent as `trainingType` with Azure jobs; None sends none (older api-versions refuse it).
    azure_training_type: AzureTrainingType | None = AzureTrainingType.GLOBAL_STANDARD
    default_models: list[str] = Field(default_factory=list)
    created: datetime = Field(default_factory=lambda: datetime.now(UTC))

    @field_validator(*_KEY_CHECKS, mode="before")
    @classmethod
    def _no_key(cls, value: Any, info: ValidationInfo) -> Any:
        field = info.field_name or ""
        texts = value if isinstance(value, list) else [value]
        if any(isinstance(text, str) and field_holds_key(field, text) for text in texts):
            raise PydanticCustomError(
                KEY_IN_TEXT_FIELD_ERROR,
                "{field} looks like it contains an API key or token; keys belong in the key "
                "field, which is stored in the system keyring",
                {"field": field},
            )
        return value

    @field_validator("id")
    @classmethod
    def _id_shape(cls, value: str) -> str:
        if not re.fullmatch(r"[A-Za-z0-9_.\-]+", value):
            raise ValueError("id may only contain letters, digits, '.', '_' and '-'")
        return value

    @field_validator("display_name")
    @classmethod
    def _name(cls, value: str) -> str:
        value = value.strip()
        if not value:
            raise ValueError("Give the provider a name, for example 'My OpenAI account'")
        return value

    @field_validator("organization", "project", "azure_api_version", mode="before")
    @classmethod
    def _blank_is_none(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = value.strip()
            return value or None
        return value

    @field_validator("base_url", "azure_endpoint", mode="before")
    @classmethod
    def _blank_url_is_none(cls, value: Any) -> Any:
        if isinstance(value, str) and not value.strip():
            return None
        return value

    @field_validator("default_models")
    @classmethod
    def _models(cls, value: list[str]) -> list[str]:
        cleaned = [m.strip() for m in value if m.strip()]
        return list(dict.fromkeys(cleaned))

    @field_validator("azure_api_version")
    @classmethod
    def _api_version(cls, value: str | None) -> str | None:
        if value is not None and not re.fullmatch(
            r"\d{4}-\d{2}-\d{2}(-preview)?|v1|latest|preview", value
        ):
            raise ValueError(
                f"Azure api-version looks like 2025-04-01-preview or 2024-10-21; got {value!r}"
            )
        return value

    @model_validator(mode="after")
    def _consistent(self) -> ProviderProfile:
        kind = self.kind
        if self.base_url is not None:
            self.__dict__["base_url"] = _check_http_url(self.base_url, "base_url")
        if self.azure_endpoint is not None:
            self.__dict__["azure_endpoint"] = _check_http_url(
                self.azure_endpoint, "azure_endpoint", require_https=True
            )
        if kind.needs_base_url and not self.base_url:
            raise ValueError(
                f"base_url is required for {kind.label.en}: the server's address, "
                "for example https://gpu-box.example.com/v1"
            )
        if kind is ProviderKind.AZURE_OPENAI:
            if not self.azure_endpoint:
                raise ValueError(
                    "azure_endpoint is required for Azure OpenAI: the resource address, "
                    "for example https://my-resource.openai.azure.com"
                )
            if not self.azure_use_v1 and not self.azure_api_version:
                raise ValueError(
                    "Azure OpenAI needs an api-version (for example "
                    f"{DEFAULT_AZURE_API_VERSION}) or the v1 path switched on"
                )
        return self

    # -- derived values -------------------------------------------------------------------

    @property
    def needs_key(self) -> bool:
        return self.kind.needs_key

    def effective_base_url(self) -> str | None:
        """The base URL the client should use; None means "ask at run time" (local engine)."""
        if self.kind is ProviderKind.LOCAL_ENGINE:
            return self.base_url  # normally None: the running LocalEngine supplies it
        if self.kind is ProviderKind.OPENAI:
            return self.base_url or OPENAI_BASE_URL
        if self.kind is ProviderKind.TOGETHER:
            return self.base_url or TOGETHER_BASE_URL
        if self.kind is ProviderKind.AZURE_OPENAI:
            if self.azure_use_v1:
                assert self.azure_endpoint is not None
                return f"{self.azure_endpoint}/openai/v1"
            return None  # AsyncAzureOpenAI builds its own URL from endpoint + api-version
        return self.base_url

    def shown_name(self, lang: str) -> str:
        """The name to show in `lang`. A name the app gave (its kind's label, in either
        language: "This computer" saved while the app spoke English) follows the reader's
        language, so no English name sits inside a Chinese sentence; a name the user typed
        is theirs and stays as written."""
        if self.display_name in (self.kind.label.en, self.kind.label.zh_TW):
            return self.kind.label.get(lang)
        return self.display_name

    def summary(self) -> str:
        """One-line description for lists and logs (contains no secret by construction)."""
        where = self.effective_base_url() or self.azure_endpoint or "started by the app"
        return f"{self.display_name} ({self.kind.value}, {where})"


def local_engine_profile(display_name: str = "This computer") -> ProviderProfile:
    """The built-in profile for the engine the app starts on 127.0.0.1."""
    return ProviderProfile(
        id="local-engine", kind=ProviderKind.LOCAL_ENGINE, display_name=display_name
    )
