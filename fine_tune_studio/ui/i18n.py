"""Which language the interface speaks, and the Qt translators that make it speak it.

Every room ships its own `resources/translations/<area>_zh_TW.qm`; the shell loads all of
them, plus Qt's own `qtbase_zh_TW.qm` so standard buttons (OK, Cancel) follow along.
Installing or removing a translator makes Qt send a LanguageChange event to every widget,
which is what lets windows that implement `changeEvent` retranslate live.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QLibraryInfo,
    QLocale,
    QObject,
    QTranslator,
)

from fine_tune_studio.paths import resources_dir

ENGLISH = "en"
TRADITIONAL_CHINESE = "zh_TW"
SUPPORTED_LANGUAGES: tuple[str, ...] = (ENGLISH, TRADITIONAL_CHINESE)


def normalize_language(value: str | None) -> str | None:
    """Map what a user or a locale might say ("zh-TW", "zh_Hant_TW", "EN_us") to ours."""
    if not value:
        return None
    text = value.strip().replace("-", "_").lower()
    if text.startswith("zh"):
        # Simplified Chinese readers are better served by Traditional than by English,
        # and zh_Hant/zh_TW/zh_HK are exactly our audience.
        return TRADITIONAL_CHINESE
    if text.startswith("en"):
        return ENGLISH
    return None


def system_language() -> str:
    locale = QLocale.system()
    if locale.language() == QLocale.Language.Chinese:
        return TRADITIONAL_CHINESE
    return ENGLISH


def translation_files(lang: str, directory: Path | None = None) -> list[Path]:
    """The app's compiled translations for `lang`.

    English is the source language; its files only hold plural forms ("1 example",
    "2 examples"), which Qt takes from a translation even for the source language.
    """
    folder = directory or (resources_dir() / "translations")
    return sorted(folder.glob(f"*_{lang}.qm"))


def language_display_name(lang: str) -> str:
    # Each language is named in itself, so a user who cannot read the current one can
    # still find their own.
    return {ENGLISH: "English", TRADITIONAL_CHINESE: "繁體中文（台灣）"}.get(lang, lang)


class LanguageSwitcher(QObject):
    """Owns the installed translators; `apply(lang)` swaps them all at once."""

    def __init__(self, parent: QObject | None = None, directory: Path | None = None) -> None:
        super().__init__(parent)
        self._directory = directory
        self._translators: list[QTranslator] = []
        self._language = ENGLISH
        self._loaded_files: list[Path] = []

    @property
    def language(self) -> str:
        return self._language

    @property
    def loaded_files(self) -> list[Path]:
        return list(self._loaded_files)

    def apply(self, lang: str) -> None:
        app = QCoreApplication.instance()
        if app is None:
            raise RuntimeError("create the QApplication before choosing a language")
        for translator in self._translators:
            app.removeTranslator(translator)
        self._translators.clear()
        self._loaded_files.clear()
        self._language = lang if lang in SUPPORTED_LANGUAGES else ENGLISH
        self._install(app)
        # Deliver the LanguageChange events now, so every window speaks the new language
        # by the time apply() returns (and a test can check it without waiting).
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LanguageChange)

    def _install(self, app: QCoreApplication) -> None:
        qt_dir = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
        files = [qt_dir / f"qtbase_{self._language}.qm"] if self._language != ENGLISH else []
        files += translation_files(self._language, self._directory)
        for path in files:
            translator = QTranslator(self)
            if path.is_file() and translator.load(str(path)):
                app.installTranslator(translator)
                self._translators.append(translator)
                self._loaded_files.append(path)
