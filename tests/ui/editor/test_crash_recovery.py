"""Kill -9 a running editor, start again, restore: nothing older than 2 seconds is lost."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QMessageBox

from tests.ui.editor.conftest import VALID

ROOT = Path(__file__).resolve().parents[3]


def test_kill_9_then_restore(
    make_editor: Any, recovery_dir: Path, tmp_path: Path, qtbot: Any
) -> None:
    path = tmp_path / "faq.jsonl"
    shutil.copyfile(VALID, path)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    process = subprocess.Popen(
        [sys.executable, str(Path(__file__).with_name("crash_helper.py")), str(path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
        cwd=ROOT,
    )
    edits: list[tuple[int, float]] = []
    try:
        assert process.stdout is not None
        for line in process.stdout:
            if line.startswith("EDIT"):
                _, number, stamp = line.split()
                edits.append((int(number), float(stamp)))
                if len(edits) >= 14:  # about 3.5 s of typing
                    break
        killed_at = time.time()
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL
    # The file on disk never saw the edits.
    assert path.read_bytes() == VALID.read_bytes()

    panel = make_editor()
    box = panel.offer_recovery()
    assert isinstance(box, QMessageBox)
    assert path.name in box.text()
    restore = next(b for b in box.buttons() if b.text() == "Restore")
    restore.click()
    qtbot.waitUntil(lambda: panel.path == path)
    assert panel.is_modified()
    question = panel.document.line_text(0)
    must_have = [n for n, stamp in edits if stamp < killed_at - 2.0]
    assert must_have, "the helper typed for too short a time to test anything"
    for edit_number in must_have:
        assert f"[{edit_number}]" in question
    # Lines other than the edited one are exactly as they were.
    original = VALID.read_bytes().splitlines()
    assert [panel.document.line_bytes(i) for i in range(1, len(original))] == original[1:]
    # Restored means the recovery is taken: a second start offers nothing.
    assert panel.offer_recovery() is None
    assert panel.save()
    assert f"[{must_have[-1]}]" in path.read_text(encoding="utf-8")
