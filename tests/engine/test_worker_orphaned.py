"""A training worker whose engine is killed outright stops instead of training on unseen."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from tests.support.model_fixtures import (
    AIRPORT_FAQ,
    REPO_ROOT,
    TINY_RECIPE,
    WORKER_MODULE,
    worker_env,
    write_spec,
)

pytestmark = pytest.mark.slow

# Stands in for the engine: starts the worker (events to a file, so no broken pipe can
# stop it, only the parent watch), says the worker's pid, then waits to be killed.
_PARENT = """
import subprocess, sys, time
with open(sys.argv[2], "w") as out:
    worker = subprocess.Popen([sys.executable, "-m", sys.argv[3], sys.argv[1]], stdout=out)
print(worker.pid, flush=True)
time.sleep(3600)
"""


def _gone(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


def test_worker_stops_when_the_engine_is_killed(tiny_model_dir: Path, tmp_path: Path) -> None:
    spec = write_spec(
        tmp_path / "spec.json", job_id="j", base_model_dir=tiny_model_dir,
        training_file=AIRPORT_FAQ, output_dir=tmp_path / "out",
        **{**TINY_RECIPE, "n_epochs": 1000},
    )
    events = tmp_path / "events.jsonl"
    parent = subprocess.Popen(
        [sys.executable, "-c", _PARENT, str(spec), str(events), WORKER_MODULE],
        stdout=subprocess.PIPE, text=True, env=worker_env(), cwd=REPO_ROOT,
    )
    worker_pid = 0
    try:
        assert parent.stdout is not None
        worker_pid = int(parent.stdout.readline())
        deadline = time.monotonic() + 300
        while '"metrics"' not in (events.read_text() if events.exists() else ""):
            assert time.monotonic() < deadline, "the worker never started training"
            time.sleep(0.2)
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait(timeout=30)
        deadline = time.monotonic() + 120
        while not _gone(worker_pid):
            assert time.monotonic() < deadline, "the orphaned worker trained on"
            time.sleep(0.5)
    finally:
        if worker_pid and not _gone(worker_pid):
            os.kill(worker_pid, signal.SIGKILL)
    lines = [json.loads(line) for line in events.read_text().splitlines() if line.strip()]
    steps = [e["step"] for e in lines if e["type"] == "metrics"]
    assert max(steps) < 3000  # far from the end it was asked for
    assert lines[-1]["type"] == "message" and "cancel" in lines[-1]["message"]
