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
    from fine_tune_studio.ui.context import AppContext


@runtime_checkable
class EditorContext(Protocol):
    # The playground (or the evaluation) asks the editor to append this training example.
    add_example_requested: SignalInstance

    @property
    def fine_tune_requested(self) -> SignalInstance | None:
        """Hands the open examples to the Training panel's launch wizard; None where there
        is no Training panel (the editor alone), which turns "Fine-tune…" off."""

    def set_dataset(self, dataset: DatasetDocument | None) -> None:
        """The editor opened (or closed) this document: the other panels work with it."""


class StandaloneEditorContext(QObject):
    """The editor alone: nothing sends it examples, no one takes its dataset or a fine-tune."""

    add_example_requested = Signal(dict)
    fine_tune_requested: SignalInstance | None = None

    def set_dataset(self, dataset: DatasetDocument | None) -> None:
        pass


if TYPE_CHECKING:

    def _app_context_is_an_editor_context(context: AppContext) -> EditorContext:
        return context  # mypy checks that AppContext has everything above

    def _standalone_is_an_editor_context(context: StandaloneEditorContext) -> EditorContext:
        return context
