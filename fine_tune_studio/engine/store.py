"""SQLite records under the data dir (stdlib sqlite3, WAL).

Methods are synchronous and serialised by a lock; the server calls them through
`asyncio.to_thread` so the event loop never waits on the disk.
"""

from __future__ import annotations

import dataclasses
import json
import os
import sqlite3
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TypeVar

from fine_tune_studio.engine.records import (
    CheckpointRecord,
    EventRecord,
    FileRecord,
    JobRecord,
)

R = TypeVar("R", FileRecord, JobRecord, EventRecord, CheckpointRecord)

_TABLES: dict[type[Any], str] = {
    FileRecord: "files",
    JobRecord: "jobs",
    EventRecord: "events",
    CheckpointRecord: "checkpoints",
}
_JSON_FIELDS = {"hyperparameters", "engine_options", "error", "result_files", "metadata",
                "data", "metrics"}
_BOOL_FIELDS = {"model_deleted", "deleted"}
_INDEXED = {"events": "job_id", "checkpoints": "job_id"}
# The records quote file names, job settings and training errors: owner only. SQLite gives
# its -wal and -shm files the database file's permissions.
PRIVATE_FILE_MODE = 0o600


def _columns(record_type: type[Any]) -> list[str]:
    return [f.name for f in dataclasses.fields(record_type)]


def _encode(name: str, value: Any) -> Any:
    if name in _JSON_FIELDS:
        return None if value is None else json.dumps(value, ensure_ascii=False)
    if name in _BOOL_FIELDS:
        return int(bool(value))
    return value


def _decode(name: str, value: Any) -> Any:
    if name in _JSON_FIELDS:
        return None if value is None else json.loads(value)
    if name in _BOOL_FIELDS:
        return bool(value)
    return value


class Store:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        _make_private(path)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        for record_type, table in _TABLES.items():
            cols = ", ".join(f"{c}" for c in _columns(record_type) if c != "id")
            self._db.execute(
                f"CREATE TABLE IF NOT EXISTS {table} "
                f"(seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT UNIQUE NOT NULL, {cols})"
            )
        for table, column in _INDEXED.items():
            self._db.execute(
                f"CREATE INDEX IF NOT EXISTS {table}_{column} ON {table} ({column}, seq)"
            )

    def close(self) -> None:
        with self._lock:
            self._db.close()

    # -- generic ------------------------------------------------------------------------

    def insert(self, record: R) -> R:
        table = _TABLES[type(record)]
        cols = _columns(type(record))
        values = [_encode(c, getattr(record, c)) for c in cols]
        marks = ", ".join("?" for _ in cols)
        with self._lock:
            self._db.execute(f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({marks})", values)
        return record

    def update(
        self,
        record_type: type[R],
        record_id: str,
        *,
        only_if_status: Iterable[str] | None = None,
        **changes: Any,
    ) -> R | None:
        """Change fields; with `only_if_status`, only while the status is one of those
        (compare-and-set, so two tasks cannot both move a job). None when nothing changed."""
        table = _TABLES[record_type]
        known = set(_columns(record_type))
        unknown = set(changes) - known
        if unknown:
            raise KeyError(f"unknown fields {sorted(unknown)}")
        if changes:
            sets = ", ".join(f"{c} = ?" for c in changes)
            values: list[Any] = [_encode(c, v) for c, v in changes.items()]
            where = "id = ?"
            extra: list[Any] = [record_id]
            if only_if_status is not None:
                statuses = list(only_if_status)
                where += f" AND status IN ({', '.join('?' for _ in statuses)})"
                extra += statuses
            with self._lock:
                cursor = self._db.execute(
                    f"UPDATE {table} SET {sets} WHERE {where}", [*values, *extra]
                )
            if cursor.rowcount == 0:
                return None
        return self.get(record_type, record_id)

    def get(self, record_type: type[R], record_id: str) -> R | None:
        rows = self._select(record_type, "WHERE id = ?", [record_id])
        return rows[0] if rows else None

    def delete(self, record_type: type[Any], record_id: str) -> None:
        with self._lock:
            self._db.execute(f"DELETE FROM {_TABLES[record_type]} WHERE id = ?", [record_id])

    def page(
        self,
        record_type: type[R],
        *,
        where: str = "",
        params: Iterable[Any] = (),
        after: str | None = None,
        limit: int = 20,
        newest_first: bool = True,
    ) -> tuple[list[R], bool]:
        """One page in `seq` order; `after` is the id of the last item of the previous page."""
        table = _TABLES[record_type]
        clauses = [where] if where else []
        args: list[Any] = list(params)
        if after is not None:
            op = "<" if newest_first else ">"
            clauses.append(f"seq {op} COALESCE((SELECT seq FROM {table} WHERE id = ?), -1)")
            args.append(after)
        sql = ("WHERE " + " AND ".join(clauses)) if clauses else ""
        order = "DESC" if newest_first else "ASC"
        rows = self._select(record_type, f"{sql} ORDER BY seq {order} LIMIT ?", [*args, limit + 1])
        return rows[:limit], len(rows) > limit

    def all(self, record_type: type[R], where: str = "", params: Iterable[Any] = ()) -> list[R]:
        sql = f"WHERE {where} ORDER BY seq ASC" if where else "ORDER BY seq ASC"
        return self._select(record_type, sql, list(params))

    def _select(self, record_type: type[R], tail: str, params: list[Any]) -> list[R]:
        cols = _columns(record_type)
        with self._lock:
            cursor = self._db.execute(
                f"SELECT {', '.join(cols)} FROM {_TABLES[record_type]} {tail}", params
            )
            rows = cursor.fetchall()
        return [
            record_type(**{c: _decode(c, v) for c, v in zip(cols, row, strict=True)})
            for row in rows
        ]


def _make_private(path: Path) -> None:
    """Create the database file owner-only, and make an existing one (and its WAL) so."""
    os.close(os.open(path, os.O_CREAT | os.O_WRONLY, PRIVATE_FILE_MODE))
    if os.name != "posix":
        return
    for companion in (path, path.with_name(path.name + "-wal"),
                      path.with_name(path.name + "-shm")):
        if companion.exists():
            companion.chmod(PRIVATE_FILE_MODE)
