"""Shared by the packaging tests: running an installed artefact as a user would, away
from this checkout (no PYTHONPATH, a temporary working folder and home)."""

from __future__ import annotations

import glob
import os
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
MISTAKES = REPO / "tests" / "data" / "airport-faq-with-mistakes.zh-TW.jsonl"


def clean_env(home: Path, **extra: str) -> dict[str, str]:
    """The environment of a user's shell: nothing pointing at this checkout, a home and
    data folders of its own."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "PYTHONHOME", "FINE_TUNE_STUDIO_HOME")
           and not k.startswith("XDG_")}
    env.update(HOME=str(home), QT_QPA_PLATFORM="offscreen", **extra)
    return env


def run_installed(command: list[str], home: Path, *, timeout: float = 180,
                  **extra: str) -> subprocess.CompletedProcess[str]:
    home.mkdir(parents=True, exist_ok=True)
    return subprocess.run(command, cwd=home, env=clean_env(home, **extra), capture_output=True,
                          text=True, timeout=timeout, check=False)


def assert_validates_in_chinese(result: subprocess.CompletedProcess[str]) -> None:
    """`validate --lang zh_TW` of the file with first-time authors' mistakes: exit 1, and
    each mistake located in Chinese."""
    assert result.returncode == 1, result.stdout + result.stderr
    located = [line for line in result.stdout.splitlines() if "— 第 " in line and " 行" in line]
    assert len(located) >= 4, result.stdout
    assert "無法辨識的角色" in result.stdout  # a role written in Chinese, named in Chinese


def assert_self_test_passes(result: subprocess.CompletedProcess[str]) -> None:
    assert result.returncode == 0, result.stdout + result.stderr
    assert "self-test passed" in result.stdout
    assert "language zh_TW" in result.stdout and "FAILED" not in result.stdout


def find_python(version: str) -> str | None:
    """An interpreter of `version` ("3.12"): on PATH, or one pyenv built."""
    candidates = [f"python{version}",
                  *sorted(glob.glob(os.path.expanduser(f"~/.pyenv/versions/{version}*/bin/"
                                                       f"python{version}")))]
    root = os.environ.get("PYENV_ROOT")
    if root:
        candidates += sorted(glob.glob(f"{root}/versions/{version}*/bin/python{version}"))
    says_version = "import sys; print('%d.%d' % sys.version_info[:2])"
    for candidate in candidates:
        try:
            out = subprocess.run([candidate, "-c", says_version], capture_output=True,
                                 text=True, timeout=30, check=False)
        except OSError:
            continue
        if out.returncode == 0 and out.stdout.strip() == version:
            return candidate
    return None
