"""The base models on this computer: one Hugging Face folder each in the models folder
(`paths.models_dir()`, the folder `engine serve` reads). Qt-free; the app and the
`models` commands share it.

- `list()`: name, path, size and where each came from. A folder the app installed carries
  a small `.fine-tune-studio.json` (source, Hub id, commit, original folder); one put there
  by hand is listed as `unknown`.
- `add_folder(src)`: checks the folder (`core.model_folder.check_model_folder`), then
  **copies** the files a model needs into the models folder. A copy, not a link: a
  fine-tuned model depends on its base's exact files, and a link breaks when the original
  is moved, deleted or saved over (a Hugging Face cache folder is itself a set of links
  into a cache that gets cleaned). The price is disk space, checked before copying.
- `install(staged, name, …)`: moves a checked folder into place with one rename, so a
  half-copied or half-downloaded model is never listed (work happens in hidden folders).
- `remove(name)`: renames the folder out of sight first, then deletes it.

The engine lists whatever is in the folder at each request (`engine/model_registry.py`),
so a model added here appears there without a restart.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import secrets
import shutil
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from fine_tune_studio.core.atomic_write import atomic_write
from fine_tune_studio.core.i18n import LocalizedText
from fine_tune_studio.core.model_catalogue import DISK_MARGIN_BYTES, Catalogue
from fine_tune_studio.core.model_folder import FolderCheck, FolderProblem, check_model_folder
from fine_tune_studio.core.model_names import model_name_problem, suggest_model_name

log = logging.getLogger(__name__)

PROVENANCE_FILE = ".fine-tune-studio.json"
DOWNLOADS_DIR = ".downloads"  # downloads in progress, resumable (services.model_download)
INCOMING_DIR = ".incoming"  # folders being copied in
TRASH_PREFIX = ".removing-"
COPY_CHUNK = 4 * 1024 * 1024


class ModelSource(StrEnum):
    CATALOGUE = "catalogue"  # downloaded from the app's list
    HUB = "hub"  # downloaded by its Hugging Face id
    FOLDER = "folder"  # copied from a folder the user had
    PROVIDER = "provider"  # a fine-tune's weights downloaded from a hosted provider
    UNKNOWN = "unknown"  # put into the models folder by hand


@dataclass(frozen=True)
class LocalModel:
    name: str
    path: Path
    size_bytes: int
    source: ModelSource
    repo_id: str | None = None
    revision: str | None = None  # the commit downloaded
    added_from: str | None = None  # the folder it was copied from
    added_at: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The shape `models list --format json` prints."""
        return {
            "name": self.name, "path": str(self.path), "size_bytes": self.size_bytes,
            "source": self.source.value, "repo_id": self.repo_id, "revision": self.revision,
        }


class LocalModelsError(Exception):
    """Something the user can fix; `message` and `fix` in both languages, `problems` the
    located reasons a folder was refused."""

    def __init__(self, message: LocalizedText, fix: LocalizedText | None = None,
                 problems: list[FolderProblem] | None = None) -> None:
        super().__init__(message.en)
        self.message = message
        self.fix = fix
        self.problems = list(problems or [])

    def text(self, lang: str = "en") -> str:
        lines = [self.message.get(lang)]
        lines += [f"- {problem.text(lang)}" for problem in self.problems]
        if self.fix is not None:
            lines.append(self.fix.get(lang))
        return "\n".join(lines)


class CopyCancelled(Exception):
    pass


class LocalModels:
    def __init__(self, models_dir: Path, catalogue: Catalogue | None = None) -> None:
        self.models_dir = models_dir
        self._catalogue = catalogue

    @property
    def catalogue(self) -> Catalogue:
        if self._catalogue is None:
            from fine_tune_studio.core.model_catalogue import shipped_catalogue

            self._catalogue = shipped_catalogue()
        return self._catalogue

    # -- reading -------------------------------------------------------------------------

    def list(self) -> list[LocalModel]:
        """The models the engine would list, sorted by name. Reads the disk: call it from a
        worker thread in the app."""
        found = []
        try:
            children = sorted(self.models_dir.iterdir(), key=lambda p: p.name.lower())
        except OSError:
            return []
        for child in children:
            # The engine's rule (model_registry.base_model_dirs), hidden work folders aside.
            if (child.name.startswith(".") or ":" in child.name or not child.is_dir()
                    or not (child / "config.json").is_file()):
                continue
            found.append(self._describe(child))
        return found

    def find(self, name: str) -> LocalModel | None:
        path = self.models_dir / name
        if model_name_problem(name) is not None or not (path / "config.json").is_file():
            return None
        return self._describe(path)

    def find_repo(self, repo_id: str) -> LocalModel | None:
        """A model downloaded from `repo_id` (any name), if there is one."""
        wanted = repo_id.lower()
        return next((m for m in self.list() if (m.repo_id or "").lower() == wanted), None)

    def partial_download_bytes(self, repo_id: str) -> int:
        """Bytes already fetched of an unfinished download of `repo_id` (any revision)."""
        prefix = staging_prefix(repo_id)
        total = 0
        root = self.models_dir / DOWNLOADS_DIR
        with contextlib.suppress(OSError):
            for staged in root.iterdir():
                if staged.name.lower().startswith(prefix.lower()):
                    total += folder_size(staged)
        return total

    def _describe(self, path: Path) -> LocalModel:
        facts = read_provenance(path)
        source = facts.get("source")
        try:
            kind = ModelSource(source) if source else ModelSource.UNKNOWN
        except ValueError:
            kind = ModelSource.UNKNOWN
        return LocalModel(
            name=path.name, path=path, size_bytes=folder_size(path), source=kind,
            repo_id=_str_or_none(facts.get("repo_id")),
            revision=_str_or_none(facts.get("revision")),
            added_from=_str_or_none(facts.get("added_from")),
            added_at=_str_or_none(facts.get("added_at")),
        )

    # -- adding ----------------------------------------------------------------------------

    def check_name(self, name: str) -> None:
        problem = model_name_problem(name)
        if problem is not None:
            raise LocalModelsError(problem)
        target = self.models_dir / name
        if os.path.lexists(target):
            raise LocalModelsError(
                LocalizedText(en=f"Another model is already called “{name}”.",
                              zh_TW=f"已經有另一個模型叫做「{name}」。"),
                LocalizedText(en="Choose another name, or remove that model first.",
                              zh_TW="請換一個名稱，或先移除那個模型。"),
            )

    def add_folder(self, source: Path, name: str | None = None, *,
                   progress: Callable[[int, int], None] | None = None,
                   cancel: threading.Event | None = None) -> LocalModel:
        """Check `source`, copy what a model needs into the models folder as `name`
        (default: from the folder's name) and return it. Blocking: run it in a thread.

        Raises LocalModelsError (with the located problems when the folder is refused),
        CopyCancelled when `cancel` is set; nothing is left behind in either case."""
        source = source.expanduser()
        check = check_model_folder(source)
        if not check.ok:
            raise LocalModelsError(
                LocalizedText(en=f"“{source}” cannot be used as a base model:",
                              zh_TW=f"「{source}」不能當作基礎模型："),
                problems=check.problems,
            )
        if _same_place(source.parent, self.models_dir):
            raise LocalModelsError(LocalizedText(
                en=f"“{source.name}” is already in the models folder.",
                zh_TW=f"「{source.name}」已經在模型資料夾裡了。"))
        chosen = name or suggest_model_name(source.name)
        self.check_name(chosen)
        self.models_dir.mkdir(parents=True, exist_ok=True)
        free = shutil.disk_usage(self.models_dir).free
        if check.size_bytes + DISK_MARGIN_BYTES > free:
            from fine_tune_studio.core.model_download import format_bytes

            raise LocalModelsError(
                LocalizedText(
                    en=f"Not enough free disk space: copying the model needs "
                    f"{format_bytes(check.size_bytes)}, but only {format_bytes(free)} is free "
                    f"in {self.models_dir}.",
                    zh_TW=f"磁碟空間不足：複製這個模型需要 {format_bytes(check.size_bytes)}，"
                    f"但 {self.models_dir} 只剩 {format_bytes(free)}。"),
                LocalizedText(en="Free some space, then try again.",
                              zh_TW="請清出一些空間後再試一次。"))
        staging = self.models_dir / INCOMING_DIR / f"{chosen}-{secrets.token_hex(4)}"
        staging.mkdir(parents=True)
        try:
            _copy_files(source, staging, check, progress, cancel)
            copied = check_model_folder(staging)  # the original may have changed meanwhile
            if not copied.ok:
                raise LocalModelsError(
                    LocalizedText(en="The copy does not check out (was the folder changed "
                                  "while it was copied?):",
                                  zh_TW="複製出來的檔案檢查不通過（複製時資料夾被改動了嗎？）："),
                    problems=copied.problems)
            return self.install(staging, chosen, source=ModelSource.FOLDER,
                                added_from=str(source.resolve()))
        finally:
            remove_tree(staging)
            with contextlib.suppress(OSError):
                staging.parent.rmdir()  # only when no other copy is under way

    def install(self, staged: Path, name: str, *, source: ModelSource,
                repo_id: str | None = None, revision: str | None = None,
                added_from: str | None = None) -> LocalModel:
        """Record where `staged` came from and move it into place as `name` (one rename:
        the engine sees all of it or nothing). `staged` must be inside the models folder."""
        self.check_name(name)
        facts = {
            "source": source.value, "repo_id": repo_id, "revision": revision,
            "added_from": added_from, "added_at": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        atomic_write(staged / PROVENANCE_FILE,
                     (json.dumps(facts, ensure_ascii=False, indent=2) + "\n").encode())
        target = self.models_dir / name
        try:
            # rename() would replace an empty folder of that name: refuse anything there.
            if os.path.lexists(target):
                raise FileExistsError(target)
            staged.rename(target)
        except FileExistsError:
            self.check_name(name)  # raises the "already called" message
            raise
        return self._describe(target)

    # -- removing --------------------------------------------------------------------------

    def remove(self, name: str) -> None:
        """Delete the model `name`. Blocking: run it in a thread in the app. The folder
        leaves the engine's list at once (renamed first), then its files go."""
        if model_name_problem(name) is not None:
            raise LocalModelsError(LocalizedText(en=f"There is no model called “{name}”.",
                                                 zh_TW=f"沒有叫做「{name}」的模型。"))
        target = self.models_dir / name
        if target.is_symlink():  # a link someone made by hand: remove the link only
            target.unlink()
            return
        if not target.is_dir():
            raise LocalModelsError(LocalizedText(en=f"There is no model called “{name}”.",
                                                 zh_TW=f"沒有叫做「{name}」的模型。"))
        trash = self.models_dir / f"{TRASH_PREFIX}{name}-{secrets.token_hex(4)}"
        target.rename(trash)
        remove_tree(trash)

    def clean_leftovers(self, *, stale_after: float = 24 * 3600) -> None:
        """Delete what an interrupted removal left, and copies abandoned for a day (a copy
        another window or command is making right now stays). Never a download: those
        resume."""
        now = time.time()
        with contextlib.suppress(OSError):
            for child in self.models_dir.iterdir():
                if child.name.startswith(TRASH_PREFIX):
                    remove_tree(child)
        with contextlib.suppress(OSError):
            for copy in (self.models_dir / INCOMING_DIR).iterdir():
                if now - copy.stat().st_mtime > stale_after:
                    remove_tree(copy)


# -- helpers ----------------------------------------------------------------------------------


def staging_prefix(repo_id: str) -> str:
    return repo_id.replace("/", "--") + "--"


def read_provenance(folder: Path) -> dict[str, Any]:
    try:
        data = json.loads((folder / PROVENANCE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def folder_size(folder: Path) -> int:
    total = 0
    for root, _dirs, files in os.walk(folder):
        for name in files:
            with contextlib.suppress(OSError):
                total += os.stat(os.path.join(root, name), follow_symlinks=False).st_size
    return total


def remove_tree(path: Path) -> None:
    if path.is_symlink():
        path.unlink()
    elif path.exists():
        shutil.rmtree(path, ignore_errors=True)


def _copy_files(source: Path, dest: Path, check: FolderCheck,
                progress: Callable[[int, int], None] | None,
                cancel: threading.Event | None) -> None:
    """Copy `check.files` (following links: a Hugging Face cache folder is all links)."""
    total, done = check.size_bytes, 0
    for name in check.files:
        with (source / name).open("rb") as reader, (dest / name).open("wb") as writer:
            while chunk := reader.read(COPY_CHUNK):
                if cancel is not None and cancel.is_set():
                    raise CopyCancelled()
                writer.write(chunk)
                done += len(chunk)
                if progress is not None:
                    progress(done, total)
            writer.flush()
            os.fsync(writer.fileno())


def _same_place(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


def _str_or_none(value: object) -> str | None:
    return value if isinstance(value, str) and value else None
