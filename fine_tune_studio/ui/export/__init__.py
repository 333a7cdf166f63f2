"""Export…: taking a fine-tuned model of "This computer" out (adapter, merged, GGUF, Ollama).

Opened from the Training panel's job detail and from the playground's model picker; the
work is `services.model_export.ModelExporter` (a spawned child process).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from fine_tune_studio.core.providers import ProviderKind
from fine_tune_studio.paths import engine_default_models_dir

if TYPE_CHECKING:
    from fine_tune_studio.ui.export.context import ExportContext


def engine_folders(context: ExportContext) -> tuple[Path, Path]:
    """(data folder, models folder) of "This computer": the running engine's, else the
    ones the app starts it with (`ui.context.default_engine_factory`)."""
    # An engine need not say where its folders are (ui.context.EngineLike): read with a
    # default.
    data = getattr(context.engine, "data_dir", None)
    models = getattr(context.engine, "models_folder", None)
    if not isinstance(data, Path):
        data = context.settings_store.dirs.data / "engine"
    if not isinstance(models, Path):
        models = engine_default_models_dir()
    return data, models


def is_local_engine(context: ExportContext, provider_id: str | None) -> bool:
    """Only models of "This computer" can be exported: their files are here."""
    profile = context.profile(provider_id) if provider_id else None
    return profile is not None and profile.kind is ProviderKind.LOCAL_ENGINE


def is_fine_tuned(model_id: str) -> bool:
    return model_id.startswith("ft:")
