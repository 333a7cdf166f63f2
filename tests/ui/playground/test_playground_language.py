"""The playground speaks Traditional Chinese when the app does, with nothing left untranslated."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from fine_tune_studio.paths import resources_dir
from fine_tune_studio.ui.playground.language import current_language

TS_FILE = resources_dir() / "translations" / "playground_zh_TW.ts"


@pytest.fixture
def chinese(qapp: Any) -> Iterator[None]:
    from fine_tune_studio.ui.i18n import LanguageSwitcher

    switcher = LanguageSwitcher()
    switcher.apply("zh_TW")
    assert TS_FILE.with_suffix(".qm") in switcher.loaded_files
    yield
    switcher.apply("en")


def test_the_panel_in_traditional_chinese(chinese: None, panel: Any) -> None:
    assert current_language() == "zh_TW"
    # The panel was built after the switch; a live switch must retranslate it too.
    assert panel.send_button.text() == "送出"
    assert panel.columns[0].stop_button.text() == "停止"
    assert panel.blind_bar.blind_check.text() == "盲測比較(&B)"
    assert panel.side_tabs.tabText(1) == "計分"


def test_a_live_language_switch_retranslates(panel: Any) -> None:
    from fine_tune_studio.ui.i18n import LanguageSwitcher

    assert panel.send_button.text() == "Send"
    switcher = LanguageSwitcher()
    switcher.apply("zh_TW")
    try:
        assert panel.send_button.text() == "送出"
        assert panel.params_bar.seed.placeholderText() == "無"
    finally:
        switcher.apply("en")
    assert panel.send_button.text() == "Send"
    assert current_language() == "en"
