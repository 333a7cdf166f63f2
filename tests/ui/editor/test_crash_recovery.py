"""Kill -9 a running editor, start again, restore: nothing older than 2 seconds is lost.

The editor runs in a child process (crash_helper.py) and is killed with SIGKILL: while it
types, in the middle of writing a recovery file (on a slow disk), and right after it has
restored an earlier recovery. Every time, the next start offers the work back.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox

from tests.support.qt_fixtures import until
from tests.ui.editor.conftest import VALID

ROOT = Path(__file__).resolve().parents[3]
HELPER = Path(__file__).with_name("crash_helper.py")


class Helper:
    """crash_helper.py in a child process, read line by line, killed with SIGKILL."""

    def __init__(self, *args: str) -> None:
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
        self.process = subprocess.Popen(
            [sys.executable, str(HELPER), *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            env=env,
            cwd=ROOT,
        )
        self.edits: list[tuple[int, float]] = []  # (number, time typed)
        self.written: list[float] = []  # snapshot times of the recoveries on disk

    def lines(self) -> Iterator[str]:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            words = line.split()
            if words[0] == "EDIT":
                self.edits.append((int(words[1]), float(words[2])))
            elif words[0] == "WRITTEN":
                self.written.append(float(words[1]))
            yield words[0]
        raise AssertionError(f"the editor ended by itself ({self.process.wait()})")

    def read_until(self, done: Callable[[str], bool]) -> None:
        for word in self.lines():
            if done(word):
                return

    def kill(self) -> float:
        killed_at = time.time()
        os.kill(self.process.pid, signal.SIGKILL)
        assert self.process.wait(timeout=30) == -signal.SIGKILL
        return killed_at

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=30)


@pytest.fixture
def helpers() -> Iterator[Callable[..., Helper]]:
    made: list[Helper] = []

    def start(*args: str) -> Helper:
        made.append(Helper(*args))
        return made[-1]

    yield start
    for helper in made:
        helper.close()


def restore_offered(make_editor: Any, run: Any, path: Path) -> Any:
    """A new editor, as the next start opens it: it offers the work back; Restore."""
    panel = make_editor()
    box = run(panel.offer_recovery())
    assert isinstance(box, QMessageBox), "no recovery was offered"
    assert path.name in box.text()
    next(b for b in box.buttons() if b.text() == "Restore").click()
    run(until(lambda: panel.path == path and panel.is_modified()))
    return panel


def assert_only_the_question_changed(panel: Any) -> None:
    original = VALID.read_bytes().splitlines()
    assert [panel.document.line_bytes(i) for i in range(1, len(original))] == original[1:]


def test_kill_9_then_restore(
    make_editor: Any, helpers: Callable[..., Helper], tmp_path: Path, run: Any
) -> None:
    path = tmp_path / "faq.jsonl"
    shutil.copyfile(VALID, path)
    helper = helpers("type", str(path))
    helper.read_until(lambda _: len(helper.edits) >= 14)  # about 3.5 s of typing
    killed_at = helper.kill()
    # The file on disk never saw the edits.
    assert path.read_bytes() == VALID.read_bytes()

    panel = restore_offered(make_editor, run, path)
    question = panel.document.line_text(0)
    must_have = [n for n, stamp in helper.edits if stamp < killed_at - 2.0]
    assert must_have, "the helper typed for too short a time to test anything"
    for edit_number in must_have:
        assert f"[{edit_number}]" in question
    assert_only_the_question_changed(panel)
    # Restored means the recovery is taken: a second start offers nothing.
    run(until(lambda: panel.autosaver.last_written is not None))
    assert run(panel.offer_recovery()) is None
    assert run(panel.save())
    assert f"[{must_have[-1]}]" in path.read_text(encoding="utf-8")


def test_kill_in_the_middle_of_a_recovery_write(
    make_editor: Any,
    helpers: Callable[..., Helper],
    tmp_path: Path,
    recovery_dir: Path,
    run: Any,
) -> None:
    path = tmp_path / "faq.jsonl"
    shutil.copyfile(VALID, path)
    helper = helpers("type", str(path), "--slow-disk")
    # Once one recovery is complete, kill the editor while it writes the next one.
    helper.read_until(lambda word: word == "WRITING" and bool(helper.written))
    deadline = time.monotonic() + 10
    while not list(recovery_dir.glob(".*.tmp")) and time.monotonic() < deadline:
        time.sleep(0.001)
    helper.kill()
    assert list(recovery_dir.glob(".*.tmp")), "the kill did not land in the middle of a write"

    panel = restore_offered(make_editor, run, path)
    question = panel.document.line_text(0)
    on_disk = [n for n, stamp in helper.edits if stamp < helper.written[-1]]
    assert on_disk
    for edit_number in on_disk:
        assert f"[{edit_number}]" in question
    assert_only_the_question_changed(panel)


def test_kill_right_after_restore_keeps_the_work(
    make_editor: Any, helpers: Callable[..., Helper], tmp_path: Path, run: Any
) -> None:
    path = tmp_path / "faq.jsonl"
    shutil.copyfile(VALID, path)
    first = helpers("type", str(path))
    first.read_until(lambda _: len(first.written) >= 2)
    first.kill()
    on_disk = [n for n, stamp in first.edits if stamp < first.written[-1]]

    # The next start restores, and dies at once, while the recovery that replaces the
    # restored one is still being written (a slow disk makes sure of "while").
    second = helpers("restore", "--slow-disk")
    second.read_until(lambda word: word == "RESTORED")
    second.kill()

    panel = restore_offered(make_editor, run, path)
    question = panel.document.line_text(0)
    for edit_number in on_disk:
        assert f"[{edit_number}]" in question
    assert_only_the_question_changed(panel)
    # Once restored here, neither the old recovery nor the interrupted one is offered.
    run(until(lambda: panel.autosaver.last_written is not None))
    assert run(panel.offer_recovery()) is None
