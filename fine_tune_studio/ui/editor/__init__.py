"""The conversation editor panel (issue 5).

`EditorPanel` is imported on first use, so the Qt-free `summaries` module can be imported
by the spawned checker processes without loading Qt widgets.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fine_tune_studio.ui.editor.panel import EditorPanel

__all__ = ["EditorPanel"]


def __getattr__(name: str) -> Any:
    if name == "EditorPanel":
        from fine_tune_studio.ui.editor.panel import EditorPanel

        return EditorPanel
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
