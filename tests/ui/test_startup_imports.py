"""What the app imports before its first window is up (docs/packaging.md, "Start-up time").

The real app starts in a child process with a fresh home and `-X importtime`, shows its
main window, waits for the event loop to run dry and quits (the start-up probe that
benchmarks/startup_bench.py times). Every module it imported on the way is listed on
stderr. Libraries that no first window needs must not be among them: they cost start-up
time and are imported when the feature that needs them is first used.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

# The openai SDK (~0.35 s): imported with the first provider client.
NOT_NEEDED_AT_START = ("openai",)


@pytest.mark.slow
def test_the_first_window_does_not_import_the_openai_sdk(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "FINE_TUNE_STUDIO_HOME": str(tmp_path / "home"),
        "FINE_TUNE_STUDIO_EXIT_WHEN_SHOWN": "1",
        "QT_QPA_PLATFORM": "offscreen",
    }
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "fine_tune_studio.cli"],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=180, check=False,
    )
    assert '"main_window_idle"' in result.stdout, result.stdout + result.stderr[-3000:]
    imported = {line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines()
                if line.startswith("import time:")}
    assert "fine_tune_studio.ui.main_window" in imported  # the listing is real
    loaded = sorted(name for name in imported
                    if name.split(".")[0] in NOT_NEEDED_AT_START)
    assert loaded == []
