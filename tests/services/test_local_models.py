"""Adding a model folder copies what a model needs (and only after the check), removing
takes it out of the engine's list at once; neither leaves half a model behind."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path
from typing import Any

import pytest

from fine_tune_studio.engine.model_registry import base_model_dirs
from fine_tune_studio.services import local_models as local_models_module
from fine_tune_studio.services.local_models import (
    CopyCancelled,
    LocalModels,
    LocalModelsError,
    ModelSource,
)


@pytest.fixture
def original(tiny_model_dir: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "my downloads" / "Tiny Chat (v2)"
    shutil.copytree(tiny_model_dir, folder)
    (folder / "modeling_tiny.py").write_text("raise SystemExit\n", encoding="utf-8")
    (folder / "pytorch_model.bin").write_bytes(b"pickle")
    (folder / "README.md").write_text("# Tiny\n", encoding="utf-8")
    return folder


def test_adding_a_folder_copies_what_a_model_needs_and_survives_the_original_moving(
    original: Path, tmp_path: Path
) -> None:
    models = LocalModels(tmp_path / "models")
    seen: list[tuple[int, int]] = []
    model = models.add_folder(original, progress=lambda done, total: seen.append((done, total)))

    assert model.name == "Tiny-Chat-v2"  # from the folder's name, made valid
    assert model.source is ModelSource.FOLDER and model.added_from == str(original.resolve())
    kept = {p.name for p in model.path.iterdir()} - {".fine-tune-studio.json"}
    assert kept == {p.name for p in original.iterdir()} - {
        "modeling_tiny.py", "pytorch_model.bin", "README.md"}
    assert seen[-1][0] == seen[-1][1] == sum((original / n).stat().st_size for n in kept)
    shutil.rmtree(original)  # a copy, not a link: the model stays usable
    assert models.list() == [model]
    assert list(base_model_dirs(models.models_dir)) == ["Tiny-Chat-v2"]
    assert not any(p.name.startswith(".") for p in models.models_dir.iterdir())


def test_a_hugging_face_cache_folder_of_links_is_copied_as_files(
    original: Path, tmp_path: Path
) -> None:
    blobs = tmp_path / "hub" / "blobs"
    snapshot = tmp_path / "hub" / "snapshots" / "abc123"
    blobs.mkdir(parents=True)
    snapshot.mkdir(parents=True)
    for path in original.iterdir():
        blob = blobs / f"blob-{path.name}"
        shutil.copy(path, blob)
        (snapshot / path.name).symlink_to(blob)
    model = LocalModels(tmp_path / "models").add_folder(snapshot, "from-cache")
    assert not any(p.is_symlink() for p in model.path.iterdir())
    shutil.rmtree(tmp_path / "hub")
    assert (model.path / "model.safetensors").stat().st_size > 0


def test_a_refused_folder_names_each_problem_and_leaves_nothing(
    original: Path, tmp_path: Path
) -> None:
    (original / "tokenizer.json").unlink()
    (original / "config.json").write_text("{", encoding="utf-8")
    models = LocalModels(tmp_path / "models")
    with pytest.raises(LocalModelsError) as refused:
        models.add_folder(original)
    text = refused.value.text("en")
    assert "cannot be used as a base model" in text
    assert "- config.json: This is not valid JSON" in text
    assert "- tokenizer.json: There is no tokenizer" in text
    assert "tokenizer.json：找不到 tokenizer" in refused.value.text("zh_TW")
    assert models.list() == []


def test_names_taken_cancel_and_disk_space(
    original: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    models = LocalModels(tmp_path / "models")
    models.add_folder(original, "tiny")
    with pytest.raises(LocalModelsError, match="already called “tiny”"):
        models.add_folder(original, "tiny")
    with pytest.raises(LocalModelsError, match="letters, digits"):
        models.add_folder(original, "bad:name")

    cancel = threading.Event()

    def cancel_midway(done: int, total: int) -> None:
        if done > total // 2:
            cancel.set()

    with pytest.raises(CopyCancelled):
        models.add_folder(original, "cancelled", progress=cancel_midway, cancel=cancel)
    assert [m.name for m in models.list()] == ["tiny"]
    assert not (models.models_dir / ".incoming").exists() or not any(
        (models.models_dir / ".incoming").iterdir())

    class NearlyFull:
        free = 1000

    monkeypatch.setattr(local_models_module.shutil, "disk_usage", lambda _p: NearlyFull())
    with pytest.raises(LocalModelsError) as full:
        models.add_folder(original, "too-big")
    assert "Not enough free disk space" in full.value.text("en")


def test_remove_takes_the_model_out_of_the_list_and_only_unlinks_a_link(
    original: Path, tmp_path: Path
) -> None:
    models = LocalModels(tmp_path / "models")
    models.add_folder(original, "tiny")
    (models.models_dir / "linked").symlink_to(original, target_is_directory=True)
    assert [m.name for m in models.list()] == ["linked", "tiny"]
    assert models.find("linked") is not None
    assert models.find("linked").source is ModelSource.UNKNOWN  # type: ignore[union-attr]

    models.remove("linked")
    assert (original / "config.json").is_file()  # the user's own folder is untouched
    models.remove("tiny")
    assert models.list() == [] and base_model_dirs(models.models_dir) == {}
    assert list(models.models_dir.iterdir()) == []
    # Work in progress (a removal a crash interrupted) is never listed, by us or the engine.
    interrupted = models.models_dir / ".removing-tiny-0a1b"
    shutil.copytree(original, interrupted)
    assert models.list() == [] and base_model_dirs(models.models_dir) == {}
    models.clean_leftovers()
    assert not interrupted.exists()
    for missing in ("tiny", "../escape", ""):
        with pytest.raises(LocalModelsError):
            models.remove(missing)


def test_json_shape_for_the_cli(original: Path, tmp_path: Path) -> None:
    model = LocalModels(tmp_path / "models").add_folder(original, "tiny")
    shape: dict[str, Any] = model.to_json()
    assert set(shape) == {"name", "path", "size_bytes", "source", "repo_id", "revision"}
    assert shape["source"] == "folder" and shape["repo_id"] is None
