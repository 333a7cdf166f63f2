"""The ui room of the house (see docs/architecture.md)."""

from fine_tune_studio.ui.none_refcount_guard import guard_none_refcount

# Before any widget exists: see none_refcount_guard for the PySide6 6.12 bug on Python 3.11.
guard_none_refcount()
