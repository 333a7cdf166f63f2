"""The repository stands on its own: nothing in it reaches for a folder beside the clone."""

from __future__ import annotations

import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_no_tracked_file_refers_to_a_folder_beside_the_repository() -> None:
    sibling = "../" + "shared"  # spelled in two parts so this file does not match itself
    found = subprocess.run(
        ["git", "grep", "-n", "-F", sibling, "--", "."],
        cwd=REPO, capture_output=True, text=True, check=False,
    )
    assert found.returncode == 1, f"these lines refer to {sibling}:\n{found.stdout}"


def test_the_files_the_tests_read_are_in_the_repository() -> None:
    from tests.support import test_files

    for name in ("AIRPORT_FAQ", "AIRPORT_FAQ_WITH_MISTAKES", "ARTICLE", "OPENAI_SPEC",
                 "OPENAI_TRAINING_FORMATS_SPEC", "TOGETHER_SPEC"):
        path: Path = getattr(test_files, name)
        assert path.is_file() and path.stat().st_size > 0, path
        tracked = subprocess.run(
            ["git", "ls-files", "--error-unmatch", str(path.relative_to(REPO))],
            cwd=REPO, capture_output=True, check=False,
        )
        assert tracked.returncode == 0, f"{path} is not tracked by git"
