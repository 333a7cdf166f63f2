"""Where the app keeps its files, for ui code: the services' `AppDirs`, re-exported.

One rule for every room: platformdirs folders named APP_NAME, or sub-folders of
$FINE_TUNE_STUDIO_HOME when it is set (tests, portable installs).
"""

from __future__ import annotations

from fine_tune_studio.services.settings_store import APP_NAME, HOME_ENV, AppDirs

__all__ = ["APP_NAME", "HOME_ENV", "AppDirs", "app_dirs"]


def app_dirs() -> AppDirs:
    return AppDirs.default()
