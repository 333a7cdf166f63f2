"""The wizard's estimates read as words, with English plurals right ("1 minute", "3 minutes")."""

from __future__ import annotations

from typing import Any

import pytest

from fine_tune_studio.ui.i18n import LanguageSwitcher
from fine_tune_studio.ui.jobs.wizard import LaunchWizard


@pytest.mark.parametrize(
    ("lang", "seconds", "words"),
    [
        ("en", 1, "1 second"),
        ("en", 40, "40 seconds"),
        ("en", 60, "60 seconds"),
        ("en", 170, "3 minutes"),
        ("en", 7200, "2.0 hours"),
        ("zh_TW", 170, "3 分鐘"),
    ],
)
def test_rough_durations_in_words(
    make_ui_context: Any, qtbot: Any, lang: str, seconds: float, words: str
) -> None:
    context = make_ui_context()
    switcher = LanguageSwitcher()
    switcher.apply(lang)
    try:
        # Words only: no job service is asked anything.
        wizard = LaunchWizard(context, None)  # type: ignore[arg-type]
        qtbot.addWidget(wizard)
        assert wizard.review_page._rough_duration(seconds) == words
    finally:
        switcher.apply("en")
