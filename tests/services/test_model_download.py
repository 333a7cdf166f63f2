"""Getting a model from "the Hub" — a local stand-in (tests/support/hub_stand_in.py) that the
real huggingface_hub downloads from — through the service the app and the CLI share.

Each test starts real download processes; faults (a dropped connection, a held transfer,
a gated repo, a size that does not fit) come from the stand-in, never from a fake client.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
from pathlib import Path
from typing import Any

import pytest

from fine_tune_studio.core.model_download import DownloadProblem
from fine_tune_studio.engine.model_registry import base_model_dirs
from fine_tune_studio.services.local_models import DOWNLOADS_DIR, LocalModels, ModelSource
from fine_tune_studio.services.model_download import (
    DownloadProgress,
    DownloadStage,
    ModelDownloader,
    ModelDownloadError,
)
from tests.support.hub_stand_in import HubStandIn

REPO_ID = "tiny/tiny-chat"
# What a real repo holds besides the model, none of which a download may fetch.
NOT_NEEDED = {
    "pytorch_model.bin": b"\x80\x04 pickled weights would run code when loaded",
    "onnx/model.onnx": b"onnx export",
    "original/consolidated.00.pth": b"meta-format duplicate",
    "README.md": b"# tiny chat\n",
    "modeling_tiny.py": b"raise SystemExit('code from the repo must never run')\n",
}


@pytest.fixture
def served(hub_stand_in: HubStandIn, tiny_model_dir: Path) -> HubStandIn:
    hub_stand_in.add_model_folder(REPO_ID, tiny_model_dir, extra=NOT_NEEDED)
    return hub_stand_in


def downloader(models_dir: Path, **options: Any) -> ModelDownloader:
    return ModelDownloader(LocalModels(models_dir), env=dict(os.environ), **options)


def pull(models_dir: Path, repo_id: str = REPO_ID, **options: Any) -> Any:
    seen: list[DownloadProgress] = []
    token = options.pop("token", None)
    model = asyncio.run(downloader(models_dir, token=token).pull(
        repo_id, progress=seen.append, **options))
    return model, seen


def same_files(folder: Path, source: Path) -> None:
    for original in source.iterdir():
        copy = folder / original.name
        assert hashlib.sha256(copy.read_bytes()).digest() == hashlib.sha256(
            original.read_bytes()).digest(), original.name


def test_pull_fetches_only_what_a_model_needs_and_the_engine_lists_it(
    served: HubStandIn, tiny_model_dir: Path, tmp_path: Path
) -> None:
    models_dir = tmp_path / "models"
    model, seen = pull(models_dir)

    assert model.name == "tiny-chat"
    assert model.source is ModelSource.HUB and model.repo_id == REPO_ID
    assert model.revision == served.repos[REPO_ID].commit
    same_files(model.path, tiny_model_dir)
    fetched = {r.path.rsplit("/resolve/", 1)[1].split("/", 1)[1] for r in served.resolved()}
    assert fetched == {p.name for p in tiny_model_dir.iterdir()}
    assert not set(NOT_NEEDED) & fetched
    # A real progress bar: bytes that grow to the total, a file name, a speed.
    downloading = [p for p in seen if p.stage is DownloadStage.DOWNLOADING]
    assert downloading[-1].done_bytes == downloading[-1].total_bytes == sum(
        p.stat().st_size for p in tiny_model_dir.iterdir())
    assert [p.done_bytes for p in downloading] == sorted(p.done_bytes for p in downloading)
    assert seen[0].stage is DownloadStage.CONNECTING and seen[-1].stage is DownloadStage.CHECKING
    # In the models folder, nothing left of the work, and the engine sees it at once.
    assert [m.name for m in LocalModels(models_dir).list()] == ["tiny-chat"]
    assert list(base_model_dirs(models_dir)) == ["tiny-chat"]
    assert not (models_dir / DOWNLOADS_DIR).exists()
    # Asking again is instant: it is there already.
    before = len(served.requests)
    again, _ = pull(models_dir)
    assert again.path == model.path and len(served.requests) == before


def test_a_connection_dropped_mid_file_resumes_and_the_file_is_byte_identical(
    served: HubStandIn, tiny_model_dir: Path, tmp_path: Path
) -> None:
    weights = (tiny_model_dir / "model.safetensors").stat().st_size
    served.drop_after["model.safetensors"] = weights // 3
    model, _ = pull(tmp_path / "models", name="resumed")

    same_files(model.path, tiny_model_dir)
    first, second = served.resolved("model.safetensors")
    assert first.range is None
    # Continued from what had been written, not from zero.
    assert second.range is not None and second.range.startswith("bytes=")
    start = int(second.range.removeprefix("bytes=").rstrip("-"))
    assert 0 < start <= weights // 3


def test_cancel_stops_the_transfer_lists_no_half_model_and_the_next_pull_continues(
    served: HubStandIn, tiny_model_dir: Path, tmp_path: Path
) -> None:
    models_dir = tmp_path / "models"
    weights = (tiny_model_dir / "model.safetensors").stat().st_size
    served.hold_after["model.safetensors"] = weights // 2
    partial_dir = models_dir / DOWNLOADS_DIR

    def partial_bytes() -> int:
        return sum(p.stat().st_size for p in partial_dir.rglob("model.safetensors.*.part"))

    async def start_then_cancel() -> None:
        task = asyncio.create_task(downloader(models_dir).pull(REPO_ID))
        while partial_bytes() == 0:  # some of the weights are on disk
            assert not task.done(), task
            await asyncio.sleep(0.02)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    asyncio.run(start_then_cancel())
    kept = partial_bytes()
    assert 0 < kept < weights
    assert LocalModels(models_dir).list() == [] and base_model_dirs(models_dir) == {}
    assert LocalModels(models_dir).partial_download_bytes(REPO_ID) >= kept
    served.release()
    served.hold_after.clear()

    model, seen = pull(models_dir)  # a fresh downloader: as after a restart of the app
    same_files(model.path, tiny_model_dir)
    last = served.resolved("model.safetensors")[-1]
    assert last.range == f"bytes={kept}-"
    assert seen[-2].resumed_bytes >= kept


def test_a_gated_model_says_to_accept_the_licence_and_add_a_token(
    served: HubStandIn, tiny_model_dir: Path, tmp_path: Path
) -> None:
    served.add_model_folder("corp/gated-chat", tiny_model_dir, gated=True)
    served.known_tokens |= {"hf_without_access", "hf_with_access"}
    served.tokens_with_access.add("hf_with_access")
    models_dir = tmp_path / "models"

    with pytest.raises(ModelDownloadError) as no_token:
        pull(models_dir, "corp/gated-chat")
    assert no_token.value.kind is DownloadProblem.GATED
    text = no_token.value.text("en")
    assert "accept the licence" in text and f"{served.url}/corp/gated-chat" in text
    assert "token" in text and "gated" in text
    assert "授權條款" in no_token.value.text("zh_TW")
    assert served.resolved()[-1].authorization is None  # it asked: 401

    with pytest.raises(ModelDownloadError) as no_access:
        pull(models_dir, "corp/gated-chat", token="hf_without_access")
    assert no_access.value.kind is DownloadProblem.GATED  # 403
    assert "the account your token belongs to" in no_access.value.text("en")
    assert "hf_without_access" not in repr(no_access.value.facts)

    with pytest.raises(ModelDownloadError) as unknown:
        pull(models_dir, "corp/gated-chat", token="hf_made_up")
    assert unknown.value.kind is DownloadProblem.BAD_TOKEN

    model, _ = pull(models_dir, "corp/gated-chat", token="hf_with_access")
    assert model.name == "gated-chat"
    assert served.resolved()[-1].authorization == "Bearer hf_with_access"
    assert LocalModels(models_dir).list() == [model]


def test_a_missing_repo_a_missing_version_and_no_network_are_told_apart(
    served: HubStandIn, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    models_dir = tmp_path / "models"
    with pytest.raises(ModelDownloadError) as missing:
        pull(models_dir, "tiny/no-such-model")
    assert missing.value.kind is DownloadProblem.NOT_FOUND
    assert "There is no model called tiny/no-such-model" in missing.value.text("en")

    with pytest.raises(ModelDownloadError) as version:
        pull(models_dir, revision="v9")
    assert version.value.kind is DownloadProblem.REVISION_NOT_FOUND
    assert "“v9”" in version.value.text("en")

    served.stop()  # nothing answers at that address any more
    with pytest.raises(ModelDownloadError) as offline:
        pull(models_dir)
    assert offline.value.kind is DownloadProblem.NETWORK
    assert "Could not reach" in offline.value.text("en")

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(ModelDownloadError) as switched_off:
        pull(models_dir)
    assert switched_off.value.kind is DownloadProblem.OFFLINE
    assert LocalModels(models_dir).list() == []


def test_not_enough_disk_space_is_said_before_anything_downloads(
    served: HubStandIn, tmp_path: Path
) -> None:
    served.repos[REPO_ID].declared_sizes["model.safetensors"] = 10**18  # an exabyte
    with pytest.raises(ModelDownloadError) as full:
        pull(tmp_path / "models")
    assert full.value.kind is DownloadProblem.DISK_FULL
    assert "Not enough free disk space" in full.value.text("en")
    assert "磁碟空間不足" in full.value.text("zh_TW")
    assert served.resolved() == []


def test_a_pinned_revision_that_is_gone_falls_back_to_the_newest(
    served: HubStandIn, tiny_model_dir: Path, tmp_path: Path
) -> None:
    """The catalogue pins commits; a rewritten history must not make its model unreachable."""
    from fine_tune_studio.core.model_catalogue import shipped_catalogue

    entry = shipped_catalogue().default_model
    served.add_model_folder(entry.repo_id, tiny_model_dir)  # its commit is not the pin
    model, _ = pull(tmp_path / "models", entry.repo_id)
    assert model.name == entry.name and model.source is ModelSource.CATALOGUE
    asked = [r.path for r in served.requests if "/revision/" in r.path]
    assert asked == [f"/api/models/{entry.repo_id}/revision/{entry.revision}",
                     f"/api/models/{entry.repo_id}/revision/main"]


def test_a_repo_without_safetensors_is_refused_before_its_weights_download(
    served: HubStandIn, tiny_model_dir: Path, tmp_path: Path
) -> None:
    files = {p.name: p.read_bytes() for p in tiny_model_dir.iterdir()
             if p.name != "model.safetensors"}
    served.add_repo("old/pickled", {**files, "pytorch_model.bin": b"pickle"})
    with pytest.raises(ModelDownloadError) as refused:
        pull(tmp_path / "models", "old/pickled")
    assert refused.value.kind is DownloadProblem.NOT_A_MODEL
    assert "safetensors" in refused.value.text("en")
    assert served.resolved() == []


def test_names_and_ids_are_checked_before_anything_is_asked(
    served: HubStandIn, tmp_path: Path
) -> None:
    from fine_tune_studio.core.model_names import RepoIdError
    from fine_tune_studio.services.local_models import LocalModelsError

    with pytest.raises(RepoIdError):
        pull(tmp_path / "models", "not a repo id")
    with pytest.raises(LocalModelsError) as bad_name:
        pull(tmp_path / "models", name="ft:sneaky")
    assert "letters, digits" in bad_name.value.text("en")
    assert served.requests == []


def test_the_same_model_cannot_download_twice_at_once(
    served: HubStandIn, tiny_model_dir: Path, tmp_path: Path
) -> None:
    """Two windows, or the app and the command line: the second is told, the first goes on."""
    models_dir = tmp_path / "models"
    weights = (tiny_model_dir / "model.safetensors").stat().st_size
    served.hold_after["model.safetensors"] = weights // 2

    async def both() -> Any:
        first = asyncio.create_task(downloader(models_dir).pull(REPO_ID))
        while not served.held.is_set():
            assert not first.done(), first
            await asyncio.sleep(0.02)
        with pytest.raises(ModelDownloadError) as busy:
            await downloader(models_dir).pull(REPO_ID)
        assert busy.value.kind is DownloadProblem.BUSY
        assert "already being downloaded" in busy.value.text("en")
        served.release()
        return await first

    model = asyncio.run(both())
    same_files(model.path, tiny_model_dir)
