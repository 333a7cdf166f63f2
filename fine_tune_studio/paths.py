"""Where things live: the app's shipped resources and its per-user folders (Qt-free,
importable from every room).

Resources sit inside the package (fine_tune_studio/resources) so that a wheel, a plain
`pip install .` and a frozen bundle carry them; `importlib.resources` finds them in each.

One rule for the per-user data folder, used by the app, `engine serve` and the `models`
commands alike: `$FINE_TUNE_STUDIO_HOME/data` when that variable is set (tests, portable
installs), else the platform's user data folder named APP_NAME. The engine keeps its
records in `<data>/engine` and base models live in `<data>/models`, so a model fetched
with `fine-tune-studio models pull` is the one the app's "This computer" trains.
"""

from __future__ import annotations

import os
from importlib.resources import files
from pathlib import Path

from platformdirs import user_data_dir

APP_NAME = "FineTuneStudio"
HOME_ENV = "FINE_TUNE_STUDIO_HOME"
ENGINE_SUBDIR = "engine"
MODELS_SUBDIR = "models"
# Before one rule existed, `engine serve` defaulted to a folder of its own name; the
# `models` commands point people with models there to the new place (docs/models.md).
LEGACY_ENGINE_DIR_NAME = "fine-tune-studio"


def resources_dir() -> Path:
    # The package is always installed as real files (wheel, editable or bundle folder), never
    # zipped, so the traversable is a plain path that Qt and glob can use.
    return Path(str(files("fine_tune_studio") / "resources"))


def app_data_dir(home: Path | str | None = None) -> Path:
    """The per-user data folder: `<home>/data`, `$FINE_TUNE_STUDIO_HOME/data`, or the
    platform's (`~/.local/share/FineTuneStudio` on Linux)."""
    chosen = home if home is not None else os.environ.get(HOME_ENV)
    if chosen:
        return Path(chosen) / "data"
    return Path(user_data_dir(APP_NAME, appauthor=False))


def engine_data_dir(data_dir: Path | None = None) -> Path:
    """Where the engine keeps records, uploads and adapters, under `data_dir` (default: the
    app's data folder)."""
    return (data_dir if data_dir is not None else app_data_dir()) / ENGINE_SUBDIR


def models_dir(data_dir: Path | None = None) -> Path:
    """Where base models live, one Hugging Face folder each, under `data_dir` (default: the
    app's data folder)."""
    return (data_dir if data_dir is not None else app_data_dir()) / MODELS_SUBDIR


def engine_default_data_dir() -> Path:
    """Where `engine serve` keeps records, uploads and adapters unless told otherwise."""
    return engine_data_dir()


def engine_default_models_dir() -> Path:
    """Where `engine serve`, the app and the `models` commands look for base models unless
    told otherwise."""
    return models_dir()


def legacy_models_dir() -> Path:
    """The models folder `engine serve` used before the one rule (see the module doc)."""
    return Path(user_data_dir(LEGACY_ENGINE_DIR_NAME)) / MODELS_SUBDIR
