"""Where the app's shipped resources live (Qt-free, importable from every room).

They sit inside the package (fine_tune_studio/resources) so that a wheel, a plain
`pip install .` and a frozen bundle carry them; `importlib.resources` finds them in each.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def resources_dir() -> Path:
    # The package is always installed as real files (wheel, editable or bundle folder), never
    # zipped, so the traversable is a plain path that Qt and glob can use.
    return Path(str(files("fine_tune_studio") / "resources"))
