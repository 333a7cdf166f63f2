"""Load and save `AppSettings` as JSON under the user's config folder.

Folders come from platformdirs ("FineTuneStudio"), or all four live under one home folder
given by the constructor or the FINE_TUNE_STUDIO_HOME environment variable (tests, portable
installs). Writes are atomic (temp file, fsync, rename). A file that cannot be read is
moved aside to `settings.json.broken-<time>` and reported through `load_problem`; it is
never silently overwritten.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import platformdirs
from pydantic import ValidationError

from fine_tune_studio.core.atomic_write import PRIVATE_FILE_MODE, atomic_write
from fine_tune_studio.core.settings import AppSettings, SettingsVersionError

log = logging.getLogger(__name__)

APP_NAME = "FineTuneStudio"
HOME_ENV = "FINE_TUNE_STUDIO_HOME"
SETTINGS_FILE = "settings.json"


@dataclass(frozen=True)
class AppDirs:
    """The app's four per-user folders."""

    config: Path
    data: Path
    cache: Path
    log: Path

    @classmethod
    def under(cls, home: Path) -> AppDirs:
        return cls(
            config=home / "config", data=home / "data", cache=home / "cache", log=home / "log"
        )

    @classmethod
    def default(cls, home: Path | str | None = None) -> AppDirs:
        """`home` if given, else $FINE_TUNE_STUDIO_HOME, else the platform's usual places."""
        chosen = home if home is not None else os.environ.get(HOME_ENV)
        if chosen:
            return cls.under(Path(chosen))
        dirs = platformdirs.PlatformDirs(APP_NAME, appauthor=False)
        return cls(
            config=Path(dirs.user_config_dir),
            data=Path(dirs.user_data_dir),
            cache=Path(dirs.user_cache_dir),
            log=Path(dirs.user_log_dir),
        )

    def all(self) -> tuple[Path, ...]:
        return (self.config, self.data, self.cache, self.log)

    @property
    def plaintext_keys_file(self) -> Path:
        """Where keys go only if the user opted in to plaintext storage."""
        return self.data / "keys-plaintext.json"


class SettingsStore:
    """Reads and writes the settings file. `load()` never raises for a bad file."""

    def __init__(self, dirs: AppDirs | None = None, *, home: Path | str | None = None) -> None:
        self.dirs = dirs or AppDirs.default(home)
        self.load_problem: str | None = None
        self.backup_path: Path | None = None

    @property
    def path(self) -> Path:
        return self.dirs.config / SETTINGS_FILE

    def load(self) -> AppSettings:
        """The saved settings, or defaults when there is no file.

        When the file is unreadable (bad JSON, invalid values, from a newer app) it is
        moved aside, defaults are returned, and `load_problem` / `backup_path` say what
        happened so the UI can tell the user.
        """
        self.load_problem = None
        self.backup_path = None
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return AppSettings()
        except OSError as exc:
            # Unreadable (permissions): do not move it; the user may fix it and restart.
            self.load_problem = f"could not read {self.path}: {exc.strerror or exc}"
            log.warning("%s", self.load_problem)
            return AppSettings()
        try:
            data = json.loads(raw.decode("utf-8"))
            if not isinstance(data, dict):
                raise ValueError("the file does not contain a settings object")
            return AppSettings.from_json_dict(data)
        except SettingsVersionError as exc:
            problem = str(exc)
        except ValidationError as exc:
            problem = "invalid settings: " + "; ".join(
                f"{'.'.join(str(p) for p in err['loc']) or 'file'}: {err['msg']}"
                for err in exc.errors()
            )
        except (UnicodeDecodeError, ValueError) as exc:
            problem = f"the settings file is damaged ({exc})"
        self.backup_path = self._move_aside()
        self.load_problem = (
            f"{problem}. The file was kept as {self.backup_path} and default settings are used."
            if self.backup_path
            else f"{problem}. Default settings are used."
        )
        log.warning("%s", self.load_problem)
        return AppSettings()

    def save(self, settings: AppSettings) -> None:
        """Write `settings` atomically: a crash mid-write leaves the previous file intact."""
        payload = json.dumps(settings.to_json_dict(), indent=2, ensure_ascii=False) + "\n"
        atomic_write(self.path, payload.encode("utf-8"), mode=PRIVATE_FILE_MODE)

    def _move_aside(self) -> Path | None:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        target = self.path.with_name(f"{SETTINGS_FILE}.broken-{stamp}")
        try:
            os.replace(self.path, target)
        except OSError as exc:
            log.warning("could not move the broken settings file aside: %s", exc)
            return None
        return target
