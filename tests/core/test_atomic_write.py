"""`atomic_write`: a file is replaced whole or not at all, keeps its permissions, and the
rename is made durable — checked on real files, real processes and real system calls."""

from __future__ import annotations

import os
import re
import shutil
import signal
import stat
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from fine_tune_studio.core.atomic_write import PRIVATE_FILE_MODE, atomic_write

REPO = Path(__file__).resolve().parents[2]
posix_only = pytest.mark.skipif(os.name != "posix", reason="file modes and signals are POSIX")


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def names_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@posix_only
def test_a_new_file_gets_the_mode_any_new_file_gets(tmp_path: Path) -> None:
    plain = tmp_path / "made-by-open.txt"
    plain.write_bytes(b"")  # what this user's umask gives an ordinary new file
    target = tmp_path / "export.jsonl"
    atomic_write(target, b'{"a": 1}\n')
    assert target.read_bytes() == b'{"a": 1}\n'
    assert mode_of(target) == mode_of(plain)


@posix_only
def test_an_existing_file_keeps_the_mode_the_user_gave_it(tmp_path: Path) -> None:
    target = tmp_path / "shared.jsonl"
    target.write_bytes(b"old\n")
    target.chmod(0o640)
    atomic_write(target, b"new\n")
    assert target.read_bytes() == b"new\n"
    assert mode_of(target) == 0o640
    assert names_in(tmp_path) == ["shared.jsonl"]  # no temporary file left


@posix_only
def test_a_private_file_is_0600_even_over_a_readable_one(tmp_path: Path) -> None:
    target = tmp_path / "keys.json"
    target.write_bytes(b"{}")
    target.chmod(0o644)
    atomic_write(target, b'{"keys": {}}', mode=PRIVATE_FILE_MODE)
    assert mode_of(target) == 0o600
    atomic_write(tmp_path / "fresh.json", b"{}", mode=PRIVATE_FILE_MODE)
    assert mode_of(tmp_path / "fresh.json") == 0o600


def test_chunks_are_written_in_order_and_missing_folders_made(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "lines.jsonl"
    atomic_write(target, (f"{i}\n".encode() for i in range(1000)))
    assert target.read_text().splitlines() == [str(i) for i in range(1000)]


def test_a_failure_part_way_leaves_the_old_file_and_no_litter(tmp_path: Path) -> None:
    target = tmp_path / "data.jsonl"
    target.write_bytes(b"the user's only copy\n")

    def chunks() -> Iterator[bytes]:
        yield b"half of the new "
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError, match="No space left"):
        atomic_write(target, chunks())
    assert target.read_bytes() == b"the user's only copy\n"
    assert names_in(tmp_path) == ["data.jsonl"]


def test_a_folder_in_the_way_is_an_error_and_stays_as_it_was(tmp_path: Path) -> None:
    target = tmp_path / "settings.json"
    target.mkdir()
    (target / "inside.txt").write_bytes(b"x")
    with pytest.raises(OSError):
        atomic_write(target, b"{}")
    assert names_in(tmp_path) == ["settings.json"]
    assert names_in(target) == ["inside.txt"]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links here")
def test_a_symbolic_link_stays_a_link_to_the_new_contents(tmp_path: Path) -> None:
    real = tmp_path / "real" / "data.jsonl"
    real.parent.mkdir()
    real.write_bytes(b"old\n")
    link = tmp_path / "link.jsonl"
    link.symlink_to(real)
    atomic_write(link, b"new\n")
    assert link.is_symlink()
    assert real.read_bytes() == b"new\n"


# -- a real crash --------------------------------------------------------------------------

CHUNK = 1 << 20  # 1 MiB
CHUNKS = 32
_WRITER = f"""
import os, sys
from fine_tune_studio.core.atomic_write import atomic_write

target = sys.argv[1]
ready, resume, stop_at = (int(arg) for arg in sys.argv[2:5])

def chunks():
    for i in range({CHUNKS}):
        if i == stop_at:
            os.write(ready, b"!")  # half the file is written: the parent may kill us now
            os.read(resume, 1)  # nobody ever writes here
        yield bytes([65 + i % 26]) * {CHUNK}

atomic_write(target, chunks())
"""


def expected_new_contents() -> bytes:
    return b"".join(bytes([65 + i % 26]) * CHUNK for i in range(CHUNKS))


def start_writer(target: Path, stop_at: int) -> tuple[subprocess.Popen[bytes], int, int]:
    ready_r, ready_w = os.pipe()
    resume_r, resume_w = os.pipe()
    child = subprocess.Popen(
        [sys.executable, "-c", _WRITER, str(target), str(ready_w), str(resume_r), str(stop_at)],
        pass_fds=(ready_w, resume_r),
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    os.close(ready_w)
    os.close(resume_r)
    return child, ready_r, resume_w


@posix_only
def test_a_process_killed_mid_write_leaves_the_old_file_whole(tmp_path: Path) -> None:
    target = tmp_path / "dataset.jsonl"
    old = b'{"messages": []}\n' * 1000
    target.write_bytes(old)

    child, ready, resume = start_writer(target, stop_at=CHUNKS // 2)
    try:
        assert os.read(ready, 1) == b"!", "the writer died before reaching the middle"
        # The kill really lands mid-write: half the new data sits in the temporary file.
        temps = [p for p in tmp_path.iterdir() if p.name != target.name]
        assert len(temps) == 1 and temps[0].name.startswith(".dataset.jsonl.")
        assert temps[0].stat().st_size == CHUNKS // 2 * CHUNK
        child.send_signal(signal.SIGKILL)
        assert child.wait() == -signal.SIGKILL
    finally:
        os.close(ready)
        os.close(resume)
        if child.poll() is None:
            child.kill()
            child.wait()
    assert target.read_bytes() == old


@posix_only
def test_a_process_left_to_finish_writes_the_whole_new_file(tmp_path: Path) -> None:
    target = tmp_path / "dataset.jsonl"
    target.write_bytes(b"old\n")
    child, ready, resume = start_writer(target, stop_at=CHUNKS + 1)  # never pauses
    try:
        assert child.wait() == 0
    finally:
        os.close(ready)
        os.close(resume)
    assert target.read_bytes() == expected_new_contents()
    assert names_in(tmp_path) == ["dataset.jsonl"]


# -- what reaches the disk, seen in the system calls -----------------------------------------

_SYSCALL = re.compile(r"^\d+\s+(\w+)\((.*)\)\s+=\s+(-?\d+)")


@pytest.mark.skipif(shutil.which("strace") is None, reason="needs strace (scripts/setup.sh test)")
def test_data_is_synced_before_the_rename_and_the_folder_after(tmp_path: Path) -> None:
    folder = tmp_path / "config"
    folder.mkdir()
    target = folder / "keys.json"
    log = tmp_path / "strace.log"
    script = (
        "import sys\n"
        "from fine_tune_studio.core.atomic_write import PRIVATE_FILE_MODE, atomic_write\n"
        "atomic_write(sys.argv[1], b'{}', mode=PRIVATE_FILE_MODE)\n"
    )
    subprocess.run(
        ["strace", "-f", "-qq", "-o", str(log), "-e",
         "trace=openat,fsync,fdatasync,rename,renameat,renameat2,close",
         sys.executable, "-c", script, str(target)],
        env={**os.environ, "PYTHONPATH": str(REPO)},
        check=True,
    )
    calls = [m.groups() for line in log.read_text().splitlines() if (m := _SYSCALL.match(line))]

    def first(after: int, names: tuple[str, ...], matches: Callable[[str, str], bool]) -> int:
        """Index of the first call named one of `names` after index `after` that `matches`."""
        for i in range(after + 1, len(calls)):
            name, args, result = calls[i]
            if name in names and matches(args, result):
                return i
        raise AssertionError(f"no {names} call as expected in:\n{log.read_text()[-3000:]}")

    temp_open = first(-1, ("openat",), lambda a, r: f'"{folder}/.keys.json.' in a)
    temp_args, temp_fd = calls[temp_open][1:]
    assert "O_EXCL" in temp_args and temp_args.endswith("0600")  # private from the first byte
    data_sync = first(temp_open, ("fsync", "fdatasync"), lambda a, r: a == temp_fd)
    renamed = first(
        data_sync, ("rename", "renameat", "renameat2"), lambda a, r: f'"{target}"' in a and r == "0"
    )
    folder_open = first(
        renamed, ("openat",), lambda a, r: f'"{folder}"' in a and "O_DIRECTORY" in a
    )
    folder_fd = calls[folder_open][2]
    first(folder_open, ("fsync", "fdatasync"), lambda a, r: a == folder_fd and r == "0")
