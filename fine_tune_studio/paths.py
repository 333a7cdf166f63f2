"""Where the app's shipped resources live (Qt-free, importable from every room)."""

from __future__ import annotations

from pathlib import Path


def resources_dir() -> Path:
    return Path(__file__).resolve().parent.parent / "resources"
