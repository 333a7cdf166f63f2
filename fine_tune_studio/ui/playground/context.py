"""What the playground uses of the app's context (`ui.context.AppContext` has it all).

It opens Export… for a column's fine-tuned model, so it is an `ExportContext` too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, runtime_checkable

from fine_tune_studio.ui.export.context import ExportContext

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance

    from fine_tune_studio.core.document import DatasetDocument
    from fine_tune_studio.core.providers import ProviderProfile
    from fine_tune_studio.core.settings import AppSettings
    from fine_tune_studio.services.client import ProviderClient
    from fine_tune_studio.ui.context import AppContext


@runtime_checkable
class PlaygroundContext(ExportContext, Protocol):
    dataset_changed: SignalInstance  # the system prompt follows the open dataset's
    providers_changed: SignalInstance  # the columns' provider lists
    compare_models_requested: SignalInstance  # a services.jobs.ModelPair, side by side
    add_example_requested: SignalInstance  # "Add to dataset…": the editor appends it
    settings: AppSettings  # the columns' models are kept in panels["playground"]

    def save_settings(self) -> None: ...

    @property
    def dataset(self) -> DatasetDocument | None: ...

    @property
    def effective_language(self) -> str: ...  # "This computer" has a name in each language

    def profiles(self) -> list[ProviderProfile]: ...

    def active_profile(self) -> ProviderProfile | None: ...

    async def client(self, profile_id: str | None = None) -> ProviderClient: ...


if TYPE_CHECKING:

    def _app_context_is_a_playground_context(context: AppContext) -> PlaygroundContext:
        return context  # mypy checks that AppContext has everything above
