"""Keeps the job record book in a small JSON file under the user's data directory."""

from __future__ import annotations

import logging
from pathlib import Path

from pydantic import ValidationError

from fine_tune_studio.core.atomic_write import PRIVATE_FILE_MODE, atomic_write
from fine_tune_studio.core.job_records import JobRecordBook
from fine_tune_studio.services.settings_store import AppDirs

log = logging.getLogger(__name__)


def default_path(data_dir: Path | None = None) -> Path:
    """`<data dir>/job_records.json`, in the given data folder or the app's default one."""
    return (data_dir or AppDirs.default().data) / "job_records.json"


class JobRecordStore:
    def __init__(self, path: Path | None = None) -> None:
        self.path = path or default_path()

    def load(self) -> JobRecordBook:
        """The saved book; an unreadable file yields an empty book, never a crash."""
        try:
            return JobRecordBook.model_validate_json(self.path.read_bytes())
        except FileNotFoundError:
            return JobRecordBook()
        except (OSError, ValidationError, ValueError) as exc:
            log.warning("ignoring unreadable job records %s: %s", self.path, exc)
            return JobRecordBook()

    def save(self, book: JobRecordBook) -> None:
        # Atomic: a crash mid-write must not lose the records of earlier jobs.
        atomic_write(self.path, book.model_dump_json(indent=2).encode(), mode=PRIVATE_FILE_MODE)
