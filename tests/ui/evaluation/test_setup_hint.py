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


def test_a_provider_added_later_is_offered_in_every_row_in_the_readers_language(
    eval_panel: Any, eval_context: Any, qasync_loop: Any
) -> None:
    from fine_tune_studio.core.providers import local_engine_profile

    rows = eval_panel.setup.rows
    assert len(rows) >= 2
    names = [rows[0].provider.itemText(i) for i in range(rows[0].provider.count())]
    assert names == ["Answer server"]
    qasync_loop.run_until_complete(eval_context.save_profile(local_engine_profile("This computer")))
    for row in rows:
        shown = [row.provider.itemText(i) for i in range(row.provider.count())]
        assert shown == ["Answer server", "This computer"]
        assert row.provider.currentText() == "Answer server"  # the choice stays
    switcher = LanguageSwitcher()
    switcher.apply("zh_TW")
    try:
        assert rows[1].provider.itemText(1) == "這台電腦"
        assert rows[1].provider.itemText(0) == "Answer server"  # a typed name stays
    finally:
        switcher.apply("en")
