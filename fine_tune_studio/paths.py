"""Where the app's shipped resources live (Qt-free, importable from every room).

They sit inside the package (fine_tune_studio/resources) so that a wheel, a plain
`pip install .` and a frozen bundle carry them; `importlib.resources` finds them in each.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from platformdirs import user_data_dir

# The engine's own folder name under the user data dir (docs/engine.md); the app's
# settings and data use services.settings_store.APP_NAME.
ENGINE_DIR_NAME = "fine-tune-studio"


def resources_dir() -> Path:
    # The package is always installed as real files (wheel, editable or bundle folder), never
    # zipped, so the traversable is a plain path that Qt and glob can use.
    return Path(str(files("fine_tune_studio") / "resources"))


def engine_default_data_dir() -> Path:
    """Where `engine serve` keeps records, uploads and adapters unless told otherwise."""
    return Path(user_data_dir(ENGINE_DIR_NAME)) / "engine"


def engine_default_models_dir() -> Path:
    """Where `engine serve` looks for base models unless told otherwise (the app's
    "This computer" says so when it has none)."""
    return Path(user_data_dir(ENGINE_DIR_NAME)) / "models"
