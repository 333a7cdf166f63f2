"""Evaluate without a test set says what a test set is and where to make one."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fine_tune_studio.ui.evaluation.setup import RunSetup
from fine_tune_studio.ui.i18n import LanguageSwitcher


def test_without_a_test_set_the_run_tab_says_where_to_make_one(
    qtbot: Any, tmp_path: Path
) -> None:
    setup = RunSetup(lambda: [])
    qtbot.addWidget(setup)
    setup.show()
    assert setup.no_test_set.isVisible()
    assert "Set aside as test set…" in setup.no_test_set.text()
    switcher = LanguageSwitcher()
    switcher.apply("zh_TW")
    try:
        assert "測試集" in setup.no_test_set.text()
    finally:
        switcher.apply("en")
    setup.set_test_set(tmp_path / "airport.test.jsonl", None)
    assert not setup.no_test_set.isVisible()
    setup.set_test_set(None, None)
    assert setup.no_test_set.isVisible()
