"""The fine-tuning jobs panel: launch wizard, job monitor, loss charts, notifications."""

from fine_tune_studio.ui.jobs.none_refcount_guard import guard_none_refcount

# Before any widget of ours exists: see none_refcount_guard for the PySide6 6.12 bug.
guard_none_refcount()
