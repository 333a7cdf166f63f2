"""The desktop files are valid and install-linux.sh puts them where a desktop finds them,
for the current user only (HOME points at a temporary folder here)."""

from __future__ import annotations

import configparser
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from fine_tune_studio import APP_ID
from tests.packaging.helpers import REPO, clean_env

LINUX = REPO / "packaging" / "linux"
DESKTOP = LINUX / f"{APP_ID}.desktop"
METAINFO = LINUX / f"{APP_ID}.metainfo.xml"
ICONS = REPO / "fine_tune_studio" / "resources" / "icons"
HICOLOR_SIZES = (16, 32, 48, 64, 128, 256, 512)


def tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is missing: scripts/setup.sh installs it")
        pytest.skip(f"{name} is not installed")
    return found


def desktop_entry(path: Path) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  (keys keep their case)
    parser.read(path, encoding="utf-8")
    return parser["Desktop Entry"]


def test_the_desktop_file_is_valid_and_opens_json_lines_files() -> None:
    result = subprocess.run([tool("desktop-file-validate"), str(DESKTOP)],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0 and "error" not in result.stdout, result.stdout
    entry = desktop_entry(DESKTOP)
    assert entry["Exec"].endswith(" %F")
    assert entry["MimeType"] == "application/x-jsonlines;"
    assert entry["Icon"] == APP_ID
    assert entry["Name[zh_TW]"].startswith("Fine Tune Studio")


def test_the_appstream_metainfo_passes_appstreamcli() -> None:
    result = subprocess.run([tool("appstreamcli"), "validate", "--no-net", str(METAINFO)],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    root = ET.parse(METAINFO).getroot()
    assert root.findtext("id") == APP_ID
    assert root.findtext("launchable") == f"{APP_ID}.desktop"
    from fine_tune_studio import __version__

    assert root.find("releases/release").get("version") == __version__  # type: ignore[union-attr]


def test_the_icons_are_rendered_in_every_hicolor_size() -> None:
    from PySide6.QtGui import QImage

    assert (ICONS / "fine-tune-studio.svg").read_text(encoding="utf-8").lstrip().startswith("<?xml")
    for size in HICOLOR_SIZES:
        image = QImage(str(ICONS / f"fine-tune-studio-{size}.png"))
        assert (image.width(), image.height()) == (size, size)
        assert image.hasAlphaChannel()


def test_install_linux_registers_the_app_for_this_user_and_uninstalls_it(tmp_path: Path) -> None:
    home = tmp_path / "home with space"
    home.mkdir()
    program = tmp_path / "bin" / "fine-tune-studio"
    program.parent.mkdir()
    program.write_text("#!/bin/sh\necho stand-in\n", encoding="utf-8")
    program.chmod(0o755)
    env = clean_env(home)
    script = str(REPO / "packaging" / "install-linux.sh")
    subprocess.run(["bash", script, "--program", str(program)], env=env, check=True,
                   capture_output=True, text=True)

    data = home / ".local" / "share"
    installed = data / "applications" / f"{APP_ID}.desktop"
    entry = desktop_entry(installed)
    assert entry["Exec"] == f'"{program}" %F'
    if shutil.which("desktop-file-validate"):
        check = subprocess.run(["desktop-file-validate", str(installed)], capture_output=True,
                               text=True, check=False)
        assert check.returncode == 0, check.stdout
    assert (data / "metainfo" / f"{APP_ID}.metainfo.xml").is_file()
    for size in HICOLOR_SIZES:
        assert (data / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png").is_file()
    assert (data / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg").is_file()

    if shutil.which("update-mime-database"):
        # What a desktop asks: which type is a .jsonl, and which app opens that type.
        probe = ("from PySide6.QtCore import QMimeDatabase; "
                 "print(QMimeDatabase().mimeTypeForFile('examples.jsonl').name())")
        found = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                               env={**env, "XDG_DATA_HOME": str(data)}, check=True)
        assert found.stdout.strip() == "application/x-jsonlines"
    if shutil.which("update-desktop-database"):
        cache = (data / "applications" / "mimeinfo.cache").read_text(encoding="utf-8")
        assert f"application/x-jsonlines={APP_ID}.desktop;" in cache

    subprocess.run(["bash", script, "--uninstall"], env=env, check=True, capture_output=True)
    assert not installed.exists()
    assert not (data / "mime" / "packages" / "fine-tune-studio.xml").exists()
    assert program.exists(), "a program installed otherwise is not the script's to remove"
