"""Which language the user is reading right now, for texts that carry both (core issues)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def current_language() -> str:
    # The installed translators decide what the user reads, whatever the settings say, so
    # ask them: our zh_TW translation file renders this marker as "zh_TW".
    marker = QCoreApplication.translate(
        "PlaygroundLanguage", "en", "the code of the language of this translation"
    )
    return "zh_TW" if marker == "zh_TW" else "en"
