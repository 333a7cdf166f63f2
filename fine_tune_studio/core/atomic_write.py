"""Replace a file's contents so that a crash leaves the old file or the new one, never half.

Every file the app writes whole (datasets, exports, conversations, settings, job records,
the opted-in key file, the engine's files) goes through `atomic_write`:

1. a temporary file is created in the target's folder (a rename is atomic only within one
   file system) with the permissions the result will have, before any byte is written, so
   a secret is never readable by others, not even for a moment;
2. the data is written and fsync'ed: otherwise the rename could reach the disk before the
   data, and a power cut would leave an empty file under the old name;
3. the temporary file is renamed over the target: a reader sees the old file or the new;
4. the folder is fsync'ed, so the rename itself survives a power cut.

Permissions: an existing file keeps its mode (a dataset the user made group-readable stays
so); a new file gets what `open()` would give it (0666 less the umask); `mode=` forces one,
whatever the file had: `PRIVATE_FILE_MODE` (0600) for keys, and for the files the app keeps
in its own folders (settings, job records, conversations, the engine's uploads), which hold
the user's data and are nobody else's business. A symbolic link is written through: the
file it points to is replaced and the link stays a link.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from collections.abc import Iterable
from pathlib import Path

PRIVATE_FILE_MODE = 0o600

# What open() asks for; the kernel takes the umask off, as for any file the user creates.
_NEW_FILE_MODE = 0o666


def atomic_write(
    path: Path | str, data: bytes | Iterable[bytes], *, mode: int | None = None
) -> None:
    """Make `path` hold `data` (bytes, or chunks of bytes written one after another).

    The folder is created if missing. If writing fails part-way (disk full, a chunk
    iterator that raises, the process killed), `path` still holds its previous contents
    and the temporary file is removed (all but a kill, which leaves it behind, hidden).
    """
    target = Path(path)
    if target.is_symlink():
        target = Path(os.path.realpath(target))
    folder = target.parent
    folder.mkdir(parents=True, exist_ok=True)
    final_mode = mode if mode is not None else _existing_mode(target)
    # Until its final mode is set, the temporary file is readable by its owner only.
    create_mode = PRIVATE_FILE_MODE if final_mode is not None else _NEW_FILE_MODE
    fd, temp = _create_temp(folder, target.name, create_mode)
    try:
        with os.fdopen(fd, "wb") as handle:
            if final_mode is not None:
                os.chmod(temp, final_mode)
            for chunk in (data,) if isinstance(data, bytes | bytearray | memoryview) else data:
                handle.write(chunk)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
        raise
    _sync_folder(folder)


def _existing_mode(target: Path) -> int | None:
    try:
        return stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        return None


def _create_temp(folder: Path, name: str, create_mode: int) -> tuple[int, Path]:
    """A new file `.<name>.<random>.tmp` in `folder`, open for writing.

    Hidden, and ending in .tmp, so that folder listings by extension (`*.json`) never pick
    up a temporary file, not even one left behind by a crash.
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    flags |= getattr(os, "O_BINARY", 0)  # Windows would otherwise translate line endings
    while True:
        temp = folder / f".{name}.{secrets.token_hex(4)}.tmp"
        try:
            return os.open(temp, flags, create_mode), temp
        except FileExistsError:
            continue


def _sync_folder(folder: Path) -> None:
    # Windows cannot open a folder, and some file systems refuse to fsync one; the data is
    # safe either way, only the rename's durability across a power cut is left to the OS.
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
