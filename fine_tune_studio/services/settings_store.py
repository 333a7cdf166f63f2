"""Load and save `AppSettings` as JSON under the user's config folder.

Folders come from platformdirs ("FineTuneStudio"), or all four live under one home folder
given by the constructor or the FINE_TUNE_STUDIO_HOME environment variable (tests, portable
installs). Writes are atomic (`core.atomic_write`). Loading never raises: a file that
cannot be used is moved aside to `settings.json.broken-<time>` (or, when the system refuses
to read it, left alone) and reported through `load_problem`; it is never silently
overwritten. A save that cannot happen raises `SettingsSaveError` and changes nothing in
memory, so the next save that works writes everything.
"""

from __future__ import annotations

import json
import logging
import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path

import platformdirs
from pydantic import ValidationError

from fine_tune_studio.core.atomic_write import PRIVATE_FILE_MODE, atomic_write
from fine_tune_studio.core.settings import AppSettings, SettingsVersionError
from fine_tune_studio.paths import APP_NAME, HOME_ENV, app_data_dir

log = logging.getLogger(__name__)

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
            # The one rule `engine serve` and the `models` commands also follow (paths.py).
            data=app_data_dir(),
            cache=Path(dirs.user_cache_dir),
            log=Path(dirs.user_log_dir),
        )

    def all(self) -> tuple[Path, ...]:
        return (self.config, self.data, self.cache, self.log)

    @property
    def plaintext_keys_file(self) -> Path:
        """Where keys go only if the user opted in to plaintext storage."""
        return self.data / "keys-plaintext.json"


class LoadProblem(StrEnum):
    """Why the settings file was not used (the UI words each in the user's language)."""

    DAMAGED = "damaged"  # not JSON, not a settings object, or nested absurdly deep
    INVALID = "invalid"  # JSON, but with values this version refuses
    NEWER = "newer"  # written by a newer version of the app
    NOT_A_FILE = "not_a_file"  # a folder (or a device...) stands where the file should be
    UNREADABLE = "unreadable"  # the system refused to read it (permissions, I/O error)


class SettingsSaveError(OSError):
    """The settings could not be written. What is in memory is untouched and is written
    whole by the next save that works.

    reason: the system's words ("No space left on device"); `errno` says it in a number
      the UI can word in the user's language.
    protected: the file there could not be read at start, so it is not saved over.
    """

    def __init__(
        self, path: Path, reason: str, *, code: int | None = None, protected: bool = False
    ) -> None:
        super().__init__(f"could not save the settings to {path}: {reason}")
        self.errno = code
        self.path = path
        self.reason = reason
        self.protected = protected


# Settings are a few levels deep (providers > profile > models). A file nested far deeper
# is damaged or hostile: refused before anything recurses through it.
MAX_NESTING = 32


def _nesting(value: object) -> int:
    """How deeply lists and objects nest in decoded JSON (without recursion)."""
    deepest = 0
    stack: list[tuple[object, int]] = [(value, 1)]
    while stack and deepest <= MAX_NESTING:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children: Iterable[object] = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in children)
    return deepest


class SettingsStore:
    """Reads and writes the settings file. `load()` never raises."""

    def __init__(self, dirs: AppDirs | None = None, *, home: Path | str | None = None) -> None:
        self.dirs = dirs or AppDirs.default(home)
        self.load_problem: str | None = None
        self.load_problem_kind: LoadProblem | None = None
        self.backup_path: Path | None = None
        # A file that could not be used nor moved aside: never to be saved over.
        self._protected = False

    @property
    def path(self) -> Path:
        return self.dirs.config / SETTINGS_FILE

    def load(self) -> AppSettings:
        """The saved settings, or defaults when there is no file or it cannot be used.

        Never raises: whatever is at the settings path, the app must start. A file (or
        folder) that cannot be used is moved aside to `settings.json.broken-<time>`; one
        the system refuses to read is left in place for the user to fix, and never saved
        over. `load_problem` (a sentence), `load_problem_kind` and `backup_path` say what
        happened so the UI can tell the user.
        """
        self.load_problem = None
        self.load_problem_kind = None
        self.backup_path = None
        self._protected = False
        outcome_of_reading = self._read()
        if isinstance(outcome_of_reading, AppSettings):
            return outcome_of_reading
        kind, problem = outcome_of_reading
        self.load_problem_kind = kind
        if kind is LoadProblem.UNREADABLE:
            self._protected = True
            outcome = (
                "It was left as it is and nothing will be saved over it: fix it and start the "
                "app again. Until then default settings are used and changes are not saved."
            )
        else:
            self.backup_path = self._move_aside()
            if self.backup_path is not None:
                outcome = f"It was kept as {self.backup_path} and default settings are used."
            else:
                self._protected = True
                outcome = (
                    "It could not be moved aside, so nothing will be saved over it; default "
                    "settings are used and changes are not saved."
                )
        self.load_problem = f"{problem}. {outcome}"
        log.warning("settings: %s", self.load_problem)
        return AppSettings()

    def _read(self) -> AppSettings | tuple[LoadProblem, str]:
        """The settings in the file (defaults when there is none), or why it is unusable."""
        path = self.path
        try:
            info = path.stat()
        except FileNotFoundError:
            return AppSettings()
        except OSError as exc:
            return LoadProblem.UNREADABLE, f"could not read {path}: {exc.strerror or exc}"
        if not stat.S_ISREG(info.st_mode):
            return LoadProblem.NOT_A_FILE, f"{path} is not a file (a folder stands there)"
        try:
            raw = path.read_bytes()
        except OSError as exc:
            return LoadProblem.UNREADABLE, f"could not read {path}: {exc.strerror or exc}"
        try:
            data = json.loads(raw.decode("utf-8"))
            if not isinstance(data, dict):
                raise ValueError("the file does not contain a settings object")
            if _nesting(data) > MAX_NESTING:
                raise ValueError(f"it is nested more than {MAX_NESTING} levels deep")
            return AppSettings.from_json_dict(data)
        except SettingsVersionError as exc:
            return LoadProblem.NEWER, str(exc)
        except ValidationError as exc:
            return LoadProblem.INVALID, "invalid settings: " + "; ".join(
                f"{'.'.join(str(p) for p in err['loc']) or 'file'}: {err['msg']}"
                for err in exc.errors(include_input=False)
            )
        except RecursionError:
            return LoadProblem.DAMAGED, "the settings file is damaged (nested too deeply)"
        except (UnicodeDecodeError, ValueError) as exc:
            return LoadProblem.DAMAGED, f"the settings file is damaged ({exc})"
        except Exception as exc:  # a settings file must never stop the app from starting
            log.exception("unexpected failure reading the settings")
            return LoadProblem.DAMAGED, f"the settings file is damaged ({type(exc).__name__})"

    def save(self, settings: AppSettings) -> None:
        """Write `settings` atomically: a crash mid-write leaves the previous file intact.

        Raises SettingsSaveError, saying why, when the file cannot be written (or must not
        be: a file that could not be read is never saved over). `settings` is untouched.
        """
        if self._protected:
            if os.path.lexists(self.path):
                raise SettingsSaveError(
                    self.path,
                    "the settings file there could not be read at start, and is not saved "
                    "over; fix or remove it, then start the app again",
                    protected=True,
                )
            self._protected = False  # the user removed it: nothing left to protect
        payload = json.dumps(settings.to_json_dict(), indent=2, ensure_ascii=False) + "\n"
        try:
            atomic_write(self.path, payload.encode("utf-8"), mode=PRIVATE_FILE_MODE)
        except OSError as exc:
            raise SettingsSaveError(
                self.path, exc.strerror or str(exc), code=exc.errno
            ) from exc

    def _move_aside(self) -> Path | None:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        target = self.path.with_name(f"{SETTINGS_FILE}.broken-{stamp}")
        try:
            os.replace(self.path, target)
        except OSError as exc:
            log.warning("could not move the broken settings file aside: %s", exc)
            return None
        return target
