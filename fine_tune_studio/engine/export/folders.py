"""Where an export is written: a hidden staging folder beside the target, moved into place
only when everything in it is written and flushed, so the target is never half-made and an
existing folder is replaced only when the caller asked for it."""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
from pathlib import Path

from fine_tune_studio.core.model_export import ExportErrorCode
from fine_tune_studio.engine.export.errors import ExportError

# Room kept free beyond the estimate (file system metadata, the model card, rounding).
SPACE_MARGIN_BYTES = 32 * 1024 * 1024


def check_target(out: Path, overwrite: bool) -> None:
    if out.exists() and not out.is_dir():
        raise ExportError(ExportErrorCode.FOLDER_EXISTS,
                          f"{out} is a file, not a folder. Choose a folder to export into.")
    if out.is_dir() and any(out.iterdir()) and not overwrite:
        raise ExportError(
            ExportErrorCode.FOLDER_EXISTS,
            f"The folder {out} already exists and is not empty. Choose another folder, or "
            "allow replacing it (--overwrite).",
        )


def check_space(out: Path, needed: int) -> None:
    parent = existing_parent(out)
    free = shutil.disk_usage(parent).free
    if free < needed + SPACE_MARGIN_BYTES:
        raise ExportError(
            ExportErrorCode.NOT_ENOUGH_SPACE,
            f"This export needs about {gigabytes(needed)} but {parent} has only "
            f"{gigabytes(free)} free. Free some space or choose a folder on another disk.",
        )


def gigabytes(count: int) -> str:
    return f"{count / 1e9:.2f} GB" if count >= 1e8 else f"{count / 1e6:.1f} MB"


def existing_parent(path: Path) -> Path:
    path = path.absolute()
    while not path.exists() and path.parent != path:
        path = path.parent
    return path


def make_staging(out: Path) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = out.parent / f".{out.name}.partial-{secrets.token_hex(4)}"
    staging.mkdir()
    return staging


def _fsync(path: Path) -> None:
    flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) if path.is_dir() else os.O_RDONLY
    try:
        fd = os.open(path, flags)
    except OSError:
        return  # Windows cannot open a folder; its rename is durable enough
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)


def put_in_place(staging: Path, out: Path) -> None:
    """Replace `out` (if any) by the finished staging folder."""
    for child in staging.iterdir():
        _fsync(child)
    _fsync(staging)
    old = None
    if out.exists():
        old = out.parent / f".{out.name}.old-{secrets.token_hex(4)}"
        out.rename(old)
    try:
        staging.rename(out)
    except OSError:
        if old is not None:
            old.rename(out)
        raise
    _fsync(out.parent)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def discard(staging: Path) -> None:
    shutil.rmtree(staging, ignore_errors=True)
