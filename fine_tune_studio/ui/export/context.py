"""What Export… uses of the app's context (`ui.context.AppContext` has it all)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    from fine_tune_studio.core.providers import ProviderProfile
    from fine_tune_studio.services.settings_store import SettingsStore
    from fine_tune_studio.ui.async_tools import TaskTracker
    from fine_tune_studio.ui.context import AppContext, EngineLike


@runtime_checkable
class ExportContext(Protocol):
    tasks: TaskTracker  # the export runs as one of the app's tasks (cancelled on quit)
    settings_store: SettingsStore  # the engine's data folder when it is not running
    engine: EngineLike | None  # the running engine's folders

    def profile(self, profile_id: str) -> ProviderProfile | None: ...


if TYPE_CHECKING:

    def _app_context_is_an_export_context(context: AppContext) -> ExportContext:
        return context  # mypy checks that AppContext has everything above
