"""Two first chat requests at once, in a fresh engine process, both get answers.

transformers resolves its names lazily; two request threads importing it at the same
moment once failed with "cannot import name 'AutoModelForCausalLM'". A fresh process is
the only place the race can happen, so the check runs in one.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.model_fixtures import worker_env

pytestmark = pytest.mark.slow

_CHILD = """
import sys, threading
from pathlib import Path
from fine_tune_studio.engine.chat_backend import ChatBackend, GenerationParams
from fine_tune_studio.engine.model_registry import ModelEntry

backend = ChatBackend()
params = GenerationParams(temperature=0.0, top_p=1.0, max_tokens=3)
results, errors = [], []
start = threading.Barrier(2)

def ask(folder):
    start.wait()
    try:
        entry = ModelEntry(folder.name, "base", 0, folder.name, folder)
        results.append(backend.generate(entry, [{"role": "user", "content": "hi"}], params))
    except Exception as exc:  # reported to the parent, which fails the test
        errors.append(repr(exc))

threads = [threading.Thread(target=ask, args=(Path(p),)) for p in sys.argv[1:3]]
for t in threads: t.start()
for t in threads: t.join()
print("answers", len(results), "errors", errors)
"""


def test_two_first_requests_at_once_both_answer(tiny_model_dir: Path, tmp_path: Path) -> None:
    # Two model folders, so both requests load (and import) at the same time.
    first = tmp_path / "model-a"
    second = tmp_path / "model-b"
    shutil.copytree(tiny_model_dir, first)
    shutil.copytree(tiny_model_dir, second)
    child = subprocess.run(
        [sys.executable, "-c", _CHILD, str(first), str(second)],
        env=worker_env(), capture_output=True, text=True, timeout=600,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert child.returncode == 0, child.stderr[-3000:]
    assert child.stdout.split()[:4] == ["answers", "2", "errors", "[]"], child.stdout
