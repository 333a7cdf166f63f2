"""File dialogs open where the user's files are, never in the app's working directory."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from fine_tune_studio.ui.file_choice import start_folder


def test_a_dialog_starts_by_the_first_path_that_exists_else_at_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    data = tmp_path / "data"
    data.mkdir()
    test_set = data / "airport.test.jsonl"
    test_set.write_text("{}\n", encoding="utf-8")
    assert start_folder() == str(home)
    assert start_folder(None, test_set) == str(data)
    assert start_folder(data) == str(data)
    assert start_folder(tmp_path / "gone" / "airport.jsonl", test_set) == str(data)
    assert start_folder(tmp_path / "gone" / "airport.jsonl") == str(home)


def test_choosing_a_test_set_starts_by_the_current_one(
    eval_panel: Any, tmp_path: Path
) -> None:
    folder = tmp_path / "evaluations"
    folder.mkdir()
    test_set = folder / "airport.test.jsonl"
    test_set.write_text("", encoding="utf-8")
    eval_panel.use_test_set(test_set)
    dialog = eval_panel.choose_test_set()
    try:
        assert Path(dialog.directory().absolutePath()) == folder
    finally:
        dialog.reject()
