"""A problem and its fix in the form's words read as one sentence in each language."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from fine_tune_studio.core.validation import validate_path
from fine_tune_studio.ui.editor.form_words import form_issue_text
from fine_tune_studio.ui.i18n import LanguageSwitcher
from tests.ui.editor.conftest import MISTAKES


@pytest.fixture
def switcher(qapp: Any) -> Iterator[LanguageSwitcher]:
    switcher = LanguageSwitcher()
    yield switcher
    switcher.apply("en")


def test_the_fix_follows_the_problem_in_each_languages_way(switcher: LanguageSwitcher) -> None:
    issues = validate_path(MISTAKES).issues
    [cut_off] = [i for i in issues if i.code == "truncated_line"]
    line = MISTAKES.read_text(encoding="utf-8").splitlines()[cut_off.line - 1]

    english = form_issue_text(cut_off, line)
    assert english.startswith("This example stops in the middle")
    assert ". Fix: Press “Repair the cut-off line”" in english

    switcher.apply("zh_TW")
    chinese = form_issue_text(cut_off, line)
    # No space after "。" and a full-width colon: one Chinese sentence, not two glued.
    assert "。修正方式：按「修補被截斷的這一行」" in chinese, chinese
    assert " 修正方式" not in chinese and "修正方式:" not in chinese


def test_sentences_are_joined_as_each_language_spaces_them() -> None:
    from fine_tune_studio.core.i18n import join_sentences

    assert join_sentences("2 rows become examples.", "1 empty row left out.") == (
        "2 rows become examples. 1 empty row left out."
    )
    chinese = join_sentences("2 列將成為範例。", "略過 1 個空白列。")
    assert chinese == "2 列將成為範例。略過 1 個空白列。"
    assert join_sentences("", "Only this.") == "Only this."
