"""Atomic file writes: a reader sees the old file or the whole new one, never a torn one."""

from __future__ import annotations

from pathlib import Path

from fine_tune_studio.core.atomic_write import PRIVATE_FILE_MODE, atomic_write


def write_atomic(path: Path, data: bytes) -> None:
    # Uploads, results and job specs are the user's training data: for their eyes only.
    atomic_write(path, data, mode=PRIVATE_FILE_MODE)


def inside(root: Path, candidate: Path) -> bool:
    """True when candidate resolves to a path under root (a second guard beside id checks)."""
    try:
        candidate.resolve().relative_to(root.resolve())
    except ValueError:
        return False
    return True
