"""Each panel says what it uses of the app's context (a Protocol in its package), and the
app's `AppContext` has all of it: a panel never meets a context that lacks a signal.

mypy checks the same at every panel's construction and in each protocol module
(`_app_context_is_a_…`); this test says it again at run time, where a missing member would
otherwise surface only when a user reached the code that uses it.
"""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QObject, Signal

from fine_tune_studio.ui.editor.context import EditorContext, StandaloneEditorContext
from fine_tune_studio.ui.evaluation.context import EvaluationContext
from fine_tune_studio.ui.export.context import ExportContext
from fine_tune_studio.ui.jobs.context import JobsContext
from fine_tune_studio.ui.models.context import ModelsContext
from fine_tune_studio.ui.playground.context import PlaygroundContext

PROTOCOLS = [
    EditorContext, JobsContext, PlaygroundContext, EvaluationContext, ModelsContext,
    ExportContext,
]


@pytest.mark.parametrize("protocol", PROTOCOLS, ids=lambda p: p.__name__)
def test_the_app_context_has_everything_each_panel_uses(
    protocol: type, make_ui_context: Any
) -> None:
    assert isinstance(make_ui_context(), protocol)


def test_the_editor_alone_has_a_lesser_context(qapp: Any) -> None:
    # Without a Training panel to hand the file to (tests/ui/editor/test_fine_tune_action.py).
    context = StandaloneEditorContext()
    assert isinstance(context, EditorContext)
    assert context.fine_tune_requested is None


def test_a_context_missing_a_signal_is_not_a_panels_context(qapp: Any) -> None:
    class Almost(QObject):  # the editor's context without its fine-tune request
        add_example_requested = Signal(dict)

        def set_dataset(self, dataset: object) -> None:
            pass

    assert not isinstance(Almost(), EditorContext)
