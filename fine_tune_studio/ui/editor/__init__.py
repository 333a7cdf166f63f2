"""The conversation editor panel (issue 5)."""

from fine_tune_studio.ui.editor.panel import EditorPanel

__all__ = ["EditorPanel"]
