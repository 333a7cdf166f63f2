"""Which of the engine's jobs use a base model folder, read from its records without
starting it (for `fine-tune-studio models remove`; the app asks a running engine instead).

Opens the SQLite records read-only: it never creates the data dir or the database, and
never writes while an engine is running on them (WAL allows the read).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from fine_tune_studio.engine.config import EngineConfig

UNFINISHED = ("validating_files", "queued", "running", "paused")


@dataclass
class BaseModelUsage:
    unfinished_jobs: list[str] = field(default_factory=list)  # jobs that need it now
    fine_tuned_models: list[str] = field(default_factory=list)  # models made from it


def base_model_usage(data_dir: Path, base_dir: Path) -> BaseModelUsage:
    usage = BaseModelUsage()
    db_path = EngineConfig(data_dir=data_dir, models_dir=base_dir.parent, token="").db_path
    if not db_path.is_file():
        return usage
    wanted = _resolved(base_dir)
    name = base_dir.name
    connection = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        rows = connection.execute(
            "SELECT id, status, model, base_dir, fine_tuned_model, model_deleted FROM jobs"
        ).fetchall()
    except sqlite3.DatabaseError:
        return usage
    finally:
        connection.close()
    for job_id, status, model, job_base, fine_tuned, deleted in rows:
        # Jobs record their base folder; the oldest records only the model's name.
        uses = (_resolved(Path(job_base)) == wanted) if job_base else (
            model == name or str(model).startswith(f"ft:{name}:"))
        if not uses:
            continue
        if status in UNFINISHED:
            usage.unfinished_jobs.append(str(job_id))
        elif status == "succeeded" and fine_tuned and not deleted:
            usage.fine_tuned_models.append(str(fine_tuned))
    return usage


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except OSError:
        return path
