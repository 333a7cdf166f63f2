"""What this computer has for training a model: memory and free disk space.

Blocking (psutil and a disk query): call it from a worker thread in the app.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class MachineFacts:
    total_ram: int | None  # bytes; None when the system does not say
    available_ram: int | None
    free_disk: int | None  # bytes free where the models folder is (or would be)


def machine_facts(models_dir: Path) -> MachineFacts:
    total, available = _memory()
    return MachineFacts(total_ram=total, available_ram=available,
                        free_disk=_free_disk(models_dir))


def _memory() -> tuple[int | None, int | None]:
    try:
        import psutil
    except ImportError:  # psutil comes with the engine add-on; POSIX can say without it
        with contextlib.suppress(ValueError, OSError, AttributeError):
            page = os.sysconf("SC_PAGE_SIZE")
            return page * os.sysconf("SC_PHYS_PAGES"), page * os.sysconf("SC_AVPHYS_PAGES")
        return None, None
    memory = psutil.virtual_memory()
    return int(memory.total), int(memory.available)


def _free_disk(folder: Path) -> int | None:
    # The models folder may not exist yet: ask about the nearest folder that does.
    probe = folder
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    try:
        return shutil.disk_usage(probe).free
    except OSError:
        return None
