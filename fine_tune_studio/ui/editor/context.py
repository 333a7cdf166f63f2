"""What the editor uses of the app's context, and the lesser context it runs with alone.

Inside the app the context is `ui.context.AppContext`; `python -m
fine_tune_studio.ui.editor.standalone` gives the panel a `StandaloneEditorContext`, where
no one else listens.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, runtime_checkable

from PySide6.QtCore import QObject, Signal

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance

    from fine_tune_studio.core.document import DatasetDocument
    from fine_tune_studio.core.providers import ProviderProfile
    from fine_tune_studio.ui.context import AppContext


@runtime_checkable
class EditorContext(Protocol):
    # The playground (or the evaluation) asks the editor to append this training example.
    add_example_requested: SignalInstance
    # The provider jobs start on changed (its id, "" for none): the Summary's cost follows.
    active_provider_changed: SignalInstance

    @property
    def fine_tune_requested(self) -> SignalInstance | None:
        """Hands the open examples to the Training panel's launch wizard; None where there
        is no Training panel (the editor alone), which turns "Fine-tune…" off."""

    def set_dataset(self, dataset: DatasetDocument | None) -> None:
        """The editor opened (or closed) this document: the other panels work with it."""

    def active_profile(self) -> ProviderProfile | None:
        """The provider a fine-tune would start on (None: none set up or chosen)."""

    def last_base_model(self, provider_id: str) -> str | None:
        """The base model last chosen for this provider in the launch wizard."""


class StandaloneEditorContext(QObject):
    """The editor alone: nothing sends it examples, no one takes its dataset or a fine-tune,
    and no provider is chosen (the Summary says the price depends on the one chosen)."""

    add_example_requested = Signal(dict)
    active_provider_changed = Signal(str)
    fine_tune_requested: SignalInstance | None = None

    def set_dataset(self, dataset: DatasetDocument | None) -> None:
        pass

    def active_profile(self) -> ProviderProfile | None:
        return None

    def last_base_model(self, provider_id: str) -> str | None:
        return None


if TYPE_CHECKING:

    def _app_context_is_an_editor_context(context: AppContext) -> EditorContext:
        return context  # mypy checks that AppContext has everything above

    def _standalone_is_an_editor_context(context: StandaloneEditorContext) -> EditorContext:
        return context
