"""Refresh the translation sources of every room and rebuild the .qm files.

    .venv/bin/python scripts/translations.py          # lupdate + lrelease, every room
    .venv/bin/python scripts/translations.py jobs     # one room

Each room (a folder under fine_tune_studio/ui, plus "shell" for ui/*.py and ui/widgets)
has `<room>_zh_TW.ts` with every text and `<room>_en.ts` with only the English plural
forms. New texts arrive marked unfinished: translate them, then run this again so the .qm
is rebuilt. tests/ui/test_translations.py uses the same room rule.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
UI = REPO / "fine_tune_studio" / "ui"
TRANSLATIONS = REPO / "fine_tune_studio" / "resources" / "translations"


def room_sources(room: str) -> list[Path]:
    """The source files whose texts `<room>_zh_TW.ts` holds."""
    if room == "shell":
        return sorted([*UI.glob("*.py"), *(UI / "widgets").glob("*.py")])
    return sorted((UI / room).glob("*.py"))


def rooms() -> list[str]:
    return sorted(path.name.removesuffix("_zh_TW.ts") for path in TRANSLATIONS.glob("*_zh_TW.ts"))


def tool(name: str) -> str:
    return str(Path(sys.executable).with_name(name))


def refresh(room: str) -> None:
    sources = [str(p.relative_to(REPO)) for p in room_sources(room)]
    for ts_name, extra in ((f"{room}_zh_TW.ts", []), (f"{room}_en.ts", ["-pluralonly"])):
        ts = TRANSLATIONS / ts_name
        subprocess.run(
            [tool("pyside6-lupdate"), *extra, "-no-obsolete", *sources, "-ts", str(ts)],
            cwd=REPO, check=True, capture_output=True,
        )
        if ts.exists():
            subprocess.run([tool("pyside6-lrelease"), str(ts)], check=True, capture_output=True)


def main(argv: list[str]) -> int:
    for room in argv or rooms():
        refresh(room)
        print(f"{room}: refreshed")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
