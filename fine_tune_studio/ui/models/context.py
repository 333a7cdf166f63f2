"""What the models on this computer (Get a model…, the models box) use of the app's context
(`ui.context.AppContext` has it all)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    from pathlib import Path

    from PySide6.QtCore import SignalInstance

    from fine_tune_studio.core.providers import ProviderProfile
    from fine_tune_studio.services.client import ProviderClient
    from fine_tune_studio.services.keys import KeyStore
    from fine_tune_studio.ui.async_tools import TaskTracker
    from fine_tune_studio.ui.context import AppContext


@runtime_checkable
class ModelsContext(Protocol):
    tasks: TaskTracker  # downloads, copies and removals (cancelled on quit)
    key_store: KeyStore  # the Hugging Face token
    language_changed: SignalInstance  # a catalogue's and a folder's words follow the app's
    local_models_changed: SignalInstance  # a model was added or removed (its name)

    @property
    def effective_language(self) -> str: ...

    @property
    def models_dir(self) -> Path: ...

    @property
    def engine_available(self) -> bool: ...

    def profiles(self) -> list[ProviderProfile]: ...

    async def client(self, profile_id: str | None = None) -> ProviderClient: ...


if TYPE_CHECKING:

    def _app_context_is_a_models_context(context: AppContext) -> ModelsContext:
        return context  # mypy checks that AppContext has everything above
