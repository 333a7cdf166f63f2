"""Core texts carry both languages and pick one from the usual locale spellings."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from fine_tune_studio.core.i18n import LocalizedText, normalize_lang


@pytest.mark.parametrize(
    ("spelling", "lang"),
    [
        ("zh_TW", "zh_TW"),
        ("zh-TW", "zh_TW"),
        ("zh_Hant_TW.UTF-8", "zh_TW"),
        ("en_US", "en"),
        ("", "en"),
        (None, "en"),
        ("fr", "en"),
    ],
)
def test_language_spellings(spelling: str | None, lang: str) -> None:
    assert normalize_lang(spelling) == lang


def test_get_format_and_frozen() -> None:
    text = LocalizedText(en="{n} examples", zh_TW="{n} 則範例")
    assert text.format(n=3).get("zh-TW") == "3 則範例"
    assert text.format(n=3).get("en") == "3 examples"
    with pytest.raises(ValidationError):
        text.en = "changed"  # type: ignore[misc]
