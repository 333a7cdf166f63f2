"""What the Training panel and its launch wizard use of the app's context
(`ui.context.AppContext` has it all).

The panel opens Export… and the wizard Get a model…, so it hands them the same context: it
is an `ExportContext` and a `ModelsContext` too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, runtime_checkable

from fine_tune_studio.ui.export.context import ExportContext
from fine_tune_studio.ui.models.context import ModelsContext

if TYPE_CHECKING:
    from pathlib import Path

    from PySide6.QtCore import SignalInstance

    from fine_tune_studio.core.document import DatasetDocument
    from fine_tune_studio.ui.context import AppContext


@runtime_checkable
class JobsContext(ExportContext, ModelsContext, Protocol):
    fine_tune_requested: SignalInstance  # the editor's Fine-tune…: open the wizard
    providers_changed: SignalInstance  # look at the jobs of the providers there are now
    engine_state_changed: SignalInstance  # "This computer" started or stopped
    show_panel_requested: SignalInstance  # bring a panel to the front ("playground")
    compare_models_requested: SignalInstance  # a services.jobs.ModelPair, to the playground
    # The editor at one example (file or "", 0-based line, field): fix what the upload's
    # privacy check found.
    show_example_requested: SignalInstance

    @property
    def dataset(self) -> DatasetDocument | None: ...

    @property
    def active_profile_id(self) -> str | None: ...

    def engine_models_folder(self) -> Path | None: ...

    # The wizard starts from the base model chosen last time for a provider.
    def last_base_model(self, provider_id: str) -> str | None: ...

    def remember_base_model(self, provider_id: str, model: str) -> None: ...


if TYPE_CHECKING:

    def _app_context_is_a_jobs_context(context: AppContext) -> JobsContext:
        return context  # mypy checks that AppContext has everything above
