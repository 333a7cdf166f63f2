"""The editor's "Fine-tune…" needs the app around it (tests/ui/jobs covers the app side)."""

from __future__ import annotations

from typing import Any


def test_the_standalone_editor_has_no_wizard_to_open(make_editor: Any) -> None:
    panel = make_editor()
    assert not panel.fine_tune_action.isEnabled()
    panel.request_fine_tune()  # and asking anyway is harmless
