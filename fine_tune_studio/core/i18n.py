"""Texts that must exist without Qt (validation messages, CLI reports) in both shipped languages."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

SUPPORTED_LANGUAGES: tuple[str, ...] = ("en", "zh_TW")


def normalize_lang(lang: str | None) -> str:
    """Map the spellings users and locales use ("zh-TW", "zh_Hant_TW", "zh") to ours."""
    if not lang:
        return "en"
    lowered = lang.replace("-", "_").lower()
    if lowered.startswith("zh"):
        return "zh_TW"
    return "en"


class LocalizedText(BaseModel):
    """One message in plain English and Traditional Chinese (Taiwan usage)."""

    model_config = ConfigDict(frozen=True)

    en: str
    zh_TW: str

    def get(self, lang: str | None = "en") -> str:
        return self.zh_TW if normalize_lang(lang) == "zh_TW" else self.en

    def format(self, **values: object) -> LocalizedText:
        """Fill `{name}` placeholders in both languages at once."""
        return LocalizedText(en=self.en.format(**values), zh_TW=self.zh_TW.format(**values))

    def __str__(self) -> str:
        return self.en


# Chinese sentences follow each other without a space; English ones with one.
_FULL_WIDTH_ENDS = "。！？；：，）」』"


def join_sentences(first: str, second: str) -> str:
    """`second` after `first`, spaced as the language of `first` wants."""
    if not first or not second:
        return first or second
    return f"{first}{'' if first[-1] in _FULL_WIDTH_ENDS else ' '}{second}"
