"""Every room's user-visible text ships in Traditional Chinese, and the shipped .qm is current.

`pyside6-lupdate`, run on today's sources, must find no new or unfinished message, and
`pyside6-lrelease` of the .ts must give exactly the .qm in the repository. English, the
source language, ships only its plural forms (`lupdate -pluralonly`: "1 example",
"2 examples"). To update a room after changing its texts, run `scripts/translations.py`
(docs/ui.md, "Translations").
"""

from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from scripts.translations import REPO, TRANSLATIONS, UI, room_sources, rooms, tool

ROOMS = rooms()


def test_every_ui_folder_has_its_translation_file() -> None:
    folders = {p.name for p in UI.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert folders - {"widgets"} <= set(ROOMS), "add a .ts for the new room"
    assert {"shell", "settings", "editor", "jobs", "playground"} <= set(ROOMS)


def _unfinished_after_lupdate(
    room: str, ts_name: str, tmp_path: Path, *extra: str
) -> tuple[list[ET.Element], list[str | None]]:
    """Run lupdate on a copy of the room's .ts (or a new one); its messages, unfinished."""
    source = TRANSLATIONS / ts_name
    copy = tmp_path / ts_name
    if source.exists():
        shutil.copy(source, copy)
    files = [str(p.relative_to(REPO)) for p in room_sources(room)]
    subprocess.run(
        [tool("pyside6-lupdate"), *extra, "-no-obsolete", *files, "-ts", str(copy)],
        cwd=REPO, check=True, capture_output=True,
    )
    messages = list(ET.parse(copy).iter("message")) if copy.exists() else []
    unfinished = []
    for message in messages:
        translation = message.find("translation")
        assert translation is not None
        forms = [f.text for f in translation.iter("numerusform")]
        if (
            translation.get("type") is not None
            or not "".join(translation.itertext()).strip()
            or (forms and not all(forms))
        ):
            unfinished.append(message.findtext("source"))
    return messages, unfinished


def _assert_qm_built_from(ts: Path, tmp_path: Path) -> None:
    built = tmp_path / ts.with_suffix(".qm").name
    subprocess.run(
        [tool("pyside6-lrelease"), str(ts), "-qm", str(built)], check=True, capture_output=True
    )
    assert built.read_bytes() == ts.with_suffix(".qm").read_bytes(), (
        f"rebuild with: pyside6-lrelease {ts.relative_to(REPO)}"
    )


@pytest.mark.parametrize("room", ROOMS)
def test_every_text_is_translated_and_the_qm_is_built_from_the_ts(
    room: str, tmp_path: Path
) -> None:
    messages, unfinished = _unfinished_after_lupdate(room, f"{room}_zh_TW.ts", tmp_path)
    assert len(messages) > 20
    assert unfinished == [], f"translate these in {room}_zh_TW.ts"
    _assert_qm_built_from(TRANSLATIONS / f"{room}_zh_TW.ts", tmp_path)


@pytest.mark.parametrize("room", ROOMS)
def test_english_plurals_are_complete(room: str, tmp_path: Path) -> None:
    messages, unfinished = _unfinished_after_lupdate(
        room, f"{room}_en.ts", tmp_path, "-pluralonly"
    )
    assert unfinished == [], f"give the singular and plural forms in {room}_en.ts"
    if messages:
        _assert_qm_built_from(TRANSLATIONS / f"{room}_en.ts", tmp_path)
