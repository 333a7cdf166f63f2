"""The desktop bundle (PyInstaller, one folder) works on its own and holds what it should.

scripts/test.sh builds it once (packaging/build-linux.sh, which prints its size and build
time) and names it in FTS_BUNDLE; run alone, this test builds one into a temporary folder.
Each check runs the bundle's own executable from a temporary folder, with a fresh home and
no PYTHONPATH, as a user's desktop would.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.packaging.helpers import (
    MISTAKES,
    REPO,
    assert_self_test_passes,
    assert_validates_in_chinese,
    run_installed,
)

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the Linux bundle"),
]

APP_ID = "io.github.finetunestudio.FineTuneStudio"
# The training stack lives in the engine's own environment, never in the bundle.
NOT_IN_THE_BUNDLE = ("torch", "transformers", "trl", "peft", "accelerate", "datasets",
                     "fastapi", "uvicorn", "pytest", "PyInstaller")


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    given = os.environ.get("FTS_BUNDLE")
    if given:
        yield Path(given).resolve()
        return
    out = tmp_path_factory.mktemp("dist")
    built = subprocess.run(
        ["bash", str(REPO / "packaging" / "build-linux.sh"), str(out)],
        env={**os.environ, "PYTHON": sys.executable,
             "PYINSTALLER_WORK": str(tmp_path_factory.mktemp("pyinstaller-work"))},
        capture_output=True, text=True, check=False, cwd=REPO,
    )
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    print(built.stdout.strip().splitlines()[-1])  # "bundle: …, N MB, built in N s"
    yield out / "fine-tune-studio"


def test_the_bundle_runs_its_self_test_validates_and_knows_its_version(
    bundle: Path, tmp_path: Path
) -> None:
    program = str(bundle / "fine-tune-studio")
    home = tmp_path / "home"
    assert run_installed([program, "--version"], home).stdout.strip() == "fine-tune-studio 0.1.0"
    result = run_installed([program, "--self-test"], home)
    assert_self_test_passes(result)
    assert "(Python 3.11.7, bundle)" in result.stdout or ", bundle)" in result.stdout
    assert "every panel's code is present" in result.stdout
    assert_validates_in_chinese(run_installed(
        [program, "validate", "--lang", "zh_TW", str(MISTAKES)], home))


def test_the_bundle_holds_the_app_but_not_the_training_stack(bundle: Path) -> None:
    internal = bundle / "_internal"
    present = [name for name in NOT_IN_THE_BUNDLE if (internal / name).exists()]
    assert present == []
    # The app's package as source, which the engine's environment copies.
    assert (internal / "fine_tune_studio" / "engine" / "api" / "app.py").is_file()
    assert (internal / "fine_tune_studio" / "resources" / "translations" /
            "shell_zh_TW.qm").is_file()
    # The app's metadata: the engine's environment reads its requirements from it.
    assert list(internal.glob("fine_tune_studio*.*-info"))
    # Token counts: tiktoken with the app's own o200k file, not bpe-openai's 71 MB library.
    assert (internal / "fine_tune_studio" / "resources" / "tokenizer" /
            "o200k_base.tiktoken.gz").is_file()
    assert (internal / "tiktoken").is_dir() and not (internal / "bpe_openai").exists()
    size_mb = sum(f.stat().st_size for f in bundle.rglob("*")
                  if f.is_file() and not f.is_symlink()) / 2**20  # MiB, as du -m
    print(f"bundle size: {size_mb:.0f} MB")


def test_the_bundle_installs_itself_as_a_desktop_app(bundle: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    installed = run_installed(["bash", str(bundle / "install-linux.sh")], home)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    data = home / ".local" / "share"
    desktop = (data / "applications" / f"{APP_ID}.desktop").read_text(encoding="utf-8")
    program = data / "fine-tune-studio" / "app" / "fine-tune-studio"
    assert f'Exec="{program}" %F' in desktop
    command = home / ".local" / "bin" / "fine-tune-studio"
    assert run_installed([str(command), "--version"], home).returncode == 0
    assert (data / "icons" / "hicolor" / "256x256" / "apps" / f"{APP_ID}.png").is_file()

    removed = run_installed(["bash", str(program.parent / "install-linux.sh"), "--uninstall"],
                            home)
    assert removed.returncode == 0, removed.stderr
    assert not program.exists() and not command.exists()
    assert not (data / "applications" / f"{APP_ID}.desktop").exists()
