"""The conversation editor panel (issue 5)."""

# TODO(app-shell): the PySide6 6.12 None-refcount guard belongs in ui/app.py and the test
# set-up; until it lives there, the editor applies it on import (the jobs room's module).
from fine_tune_studio.ui.jobs.none_refcount_guard import guard_none_refcount

guard_none_refcount()

from fine_tune_studio.ui.editor.panel import EditorPanel  # noqa: E402

__all__ = ["EditorPanel"]
