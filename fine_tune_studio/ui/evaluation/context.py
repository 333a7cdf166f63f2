"""What the Evaluation panel uses of the app's context (`ui.context.AppContext` has it all)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance

    from fine_tune_studio.core.providers import ProviderProfile
    from fine_tune_studio.services.client import ProviderClient
    from fine_tune_studio.ui.async_tools import TaskTracker
    from fine_tune_studio.ui.context import AppContext


@runtime_checkable
class EvaluationContext(Protocol):
    tasks: TaskTracker  # runs, the AI judge, model lists (cancelled on quit)
    status_message: SignalInstance  # "Report written: …" in the status bar
    # The editor at a test example (file, 0-based line, field).
    show_example_requested: SignalInstance
    add_example_requested: SignalInstance  # a corrected answer, as a training example
    providers_changed: SignalInstance  # a provider added, renamed or removed

    @property
    def active_profile_id(self) -> str | None: ...

    def profiles(self) -> list[ProviderProfile]: ...

    def profile(self, profile_id: str) -> ProviderProfile | None: ...

    async def client(self, profile_id: str | None = None) -> ProviderClient: ...


if TYPE_CHECKING:

    def _app_context_is_an_evaluation_context(context: AppContext) -> EvaluationContext:
        return context  # mypy checks that AppContext has everything above
