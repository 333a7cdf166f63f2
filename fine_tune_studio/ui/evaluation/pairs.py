"""Which test set belongs to which training file, remembered between sessions (QSettings,
beside the app's settings, so FINE_TUNE_STUDIO_HOME moves it too)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtCore import QSettings

from fine_tune_studio.ui.locations import app_dirs

GROUP = "test_set_pairs"


def _settings() -> QSettings:
    return QSettings(str(app_dirs().config / "evaluation.ini"), QSettings.Format.IniFormat)


def _key(path: Path) -> str:
    # QSettings keys may not hold '/' or '\\' as such: store the path as the value instead.
    return hashlib.sha256(str(path.resolve()).encode()).hexdigest()[:16]


def remember_pair(training: Path, test_set: Path) -> None:
    settings = _settings()
    settings.beginGroup(GROUP)
    settings.setValue(_key(training), [str(training.resolve()), str(test_set.resolve())])
    settings.endGroup()
    settings.sync()


def test_set_for(training: Path) -> Path | None:
    settings = _settings()
    settings.beginGroup(GROUP)
    value = settings.value(_key(training))
    settings.endGroup()
    if isinstance(value, list) and len(value) == 2 and Path(value[0]) == training.resolve():
        return Path(value[1])
    return None


def training_for(test_set: Path) -> Path | None:
    settings = _settings()
    settings.beginGroup(GROUP)
    try:
        for key in settings.childKeys():
            value = settings.value(key)
            if isinstance(value, list) and len(value) == 2 and Path(value[1]) == test_set.resolve():
                return Path(value[0])
    finally:
        settings.endGroup()
    return None
