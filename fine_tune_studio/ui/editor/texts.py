"""The interface language as the editor's translator sees it, and core texts in that language.

Core messages carry both languages (`LocalizedText`); which one to show follows the Qt
translator that is installed, so the editor never disagrees with its own labels.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from fine_tune_studio.core.i18n import LocalizedText, normalize_lang
from fine_tune_studio.core.issues import Issue


def current_lang() -> str:
    # Translators map this marker to their language code (see editor_zh_TW.ts).
    return normalize_lang(QCoreApplication.translate("EditorLanguage", "en"))


def localized(text: LocalizedText) -> str:
    return text.get(current_lang())


def issue_text(issue: Issue, *, with_fix: bool = True) -> str:
    return issue.text(current_lang(), with_fix=with_fix)
