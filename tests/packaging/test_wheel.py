"""The wheel stands on its own: built from this checkout, installed into a fresh virtual
environment, and run from a temporary folder with no PYTHONPATH, it validates a file in
Chinese and passes its self-test, so it carries its translations, templates, icons and
token tables.

On this test's own Python (3.11), the wheel is installed with --no-deps into an
environment *without* system site-packages, and a .pth file appends this test
environment's site-packages for the third-party packages: installing PySide6, numpy and
the rest again would only copy the same files (and cost a minute), while the proof sought
is about the wheel. Two guards keep that honest: the app must be imported from the new
environment (not from this checkout or its editable install, whose .pth hooks a .pth path
does not run), and the wheel's declared requirements must be satisfied by what it finds.

On Python 3.12 and 3.13 (the other supported versions), the wheel and its `gui`
dependencies are installed for real by pip from the package index: the claim that those
versions work is tested, not assumed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from tests.packaging.helpers import (
    MISTAKES,
    REPO,
    assert_self_test_passes,
    assert_validates_in_chinese,
    find_python,
    run_installed,
)

pytestmark = pytest.mark.slow

# Supported: README.md and pyproject.toml say the same.
OTHER_SUPPORTED_PYTHONS = ("3.12", "3.13")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    # From a copy of what the wheel is made of: setuptools writes its build and egg-info
    # folders into the source, and the checkout should not change under the other tests.
    source = tmp_path_factory.mktemp("source")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / name, source / name)
    shutil.copytree(REPO / "fine_tune_studio", source / "fine_tune_studio",
                    ignore=shutil.ignore_patterns("__pycache__"))
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(out), str(source)],
        check=True, capture_output=True, text=True,
    )
    (built,) = out.glob("fine_tune_studio-*.whl")
    return built


def venv_bin(venv: Path, name: str) -> str:
    return str(venv / ("Scripts" if os.name == "nt" else "bin") / name)


def test_the_wheel_works_in_a_fresh_environment_away_from_the_checkout(
    wheel: Path, tmp_path: Path
) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv_bin(venv, "python")
    home = tmp_path / "home"
    # From a clean environment: a PYTHONPATH to this checkout would make pip think the
    # app is installed already.
    install = run_installed([python, "-m", "pip", "install", "-q", "--no-deps",
                             "--disable-pip-version-check", str(wheel)], home)
    assert install.returncode == 0, install.stdout + install.stderr
    (site_packages,) = venv.glob("lib/python3.*/site-packages")
    (site_packages / "zz_dependencies_from_the_test_environment.pth").write_text(
        sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")

    where = run_installed([python, "-c", "import fine_tune_studio as f; print(f.__file__)"], home)
    assert Path(where.stdout.strip()).is_relative_to(site_packages), where.stdout + where.stderr
    declared = run_installed([python, "-c", REQUIREMENTS_SATISFIED], home)
    assert declared.returncode == 0, declared.stdout + declared.stderr

    command = venv_bin(venv, "fine-tune-studio")
    assert run_installed([command, "--version"], home).stdout.strip() == "fine-tune-studio 0.1.0"
    assert_validates_in_chinese(run_installed(
        [command, "validate", "--lang", "zh_TW", str(MISTAKES)], home))
    assert_self_test_passes(run_installed([command, "--self-test"], home))


# Every requirement of the base and `gui` sets, met by the version found.
REQUIREMENTS_SATISFIED = """
import importlib.metadata as m
from packaging.requirements import Requirement
missing = []
for line in m.requires("fine-tune-studio"):
    r = Requirement(line)
    if r.marker is not None and not r.marker.evaluate({"extra": "gui"}):
        continue
    try:
        version = m.version(r.name)
    except m.PackageNotFoundError:
        missing.append(f"{r} (not installed)")
        continue
    if not r.specifier.contains(version, prereleases=True):
        missing.append(f"{r} (found {version})")
print("\\n".join(missing))
raise SystemExit(1 if missing else 0)
"""


@pytest.mark.parametrize("version", OTHER_SUPPORTED_PYTHONS)
def test_the_wheel_and_its_dependencies_work_on_the_other_supported_pythons(
    wheel: Path, tmp_path: Path, version: str
) -> None:
    interpreter = find_python(version)
    if interpreter is None:
        if os.environ.get("CI"):
            pytest.fail(f"Python {version} is supported but not on this machine to test")
        pytest.skip(f"no Python {version} here")
    venv = tmp_path / "venv"
    subprocess.run([interpreter, "-m", "venv", str(venv)], check=True)
    # pip's cache lives in the real home: a second run needs no download.
    cache = os.path.expanduser("~/.cache/pip")
    install = run_installed(
        [venv_bin(venv, "python"), "-m", "pip", "install", "-q", "--disable-pip-version-check",
         f"{wheel}[gui]"], tmp_path / "home", timeout=600, PIP_CACHE_DIR=cache)
    assert install.returncode == 0, install.stdout + install.stderr
    command = venv_bin(venv, "fine-tune-studio")
    home = tmp_path / "home"
    assert_validates_in_chinese(run_installed(
        [command, "validate", "--lang", "zh_TW", str(MISTAKES)], home))
    result = run_installed([command, "--self-test"], home)
    assert_self_test_passes(result)
    assert f"Python {version}." in result.stdout
