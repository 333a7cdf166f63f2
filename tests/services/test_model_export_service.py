"""`ModelExporter`: the export as the app runs it — a spawned child process reporting
progress lines — and `ollama create` run through a stand-in `ollama` on the PATH."""

from __future__ import annotations

import asyncio
import os
import stat
from pathlib import Path

import pytest

from fine_tune_studio.core.model_export import (
    ExportErrorCode,
    ExportFormat,
    ExportProgress,
    ExportStage,
)
from fine_tune_studio.services.model_export import (
    ExportFailed,
    ExportJob,
    ModelExporter,
    folder_in_the_way,
)
from tests.engine.export_models import fake_engine, random_adapter
from tests.support.engine_fixtures import ENGINE_TEST_ENV
from tests.support.model_fixtures import worker_env

pytestmark = [pytest.mark.slow, pytest.mark.asyncio, pytest.mark.timeout(600)]


@pytest.fixture(scope="module")
def engine_folders(tiny_model_dir: Path,
                   tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path, Path]:
    root = tmp_path_factory.mktemp("engine")
    adapter = random_adapter(tiny_model_dir, root / "adapter")
    model_id = fake_engine(root / "data", tiny_model_dir.parent, tiny_model_dir, adapter,
                           model_name="ft:tiny-llama:shop:abc123")
    return model_id, root / "data", tiny_model_dir.parent


def exporter() -> ModelExporter:
    return ModelExporter(extra_env={**worker_env(), **ENGINE_TEST_ENV})


async def test_export_reports_progress_and_the_finished_folder(
    engine_folders: tuple[str, Path, Path], tmp_path: Path
) -> None:
    model_id, data, models = engine_folders
    out = tmp_path / "ollama"
    seen: list[ExportProgress] = []
    result = await exporter().export(ExportJob(model_id, ExportFormat.OLLAMA, out, data, models),
                                     seen.append)
    assert result.out == str(out)
    assert result.files == sorted(["Modelfile", "README.md", "tiny-llama-shop-abc123-q8_0.gguf"])
    assert result.ollama_model == "tiny-llama-shop-abc123"
    assert result.ollama_command == ["ollama", "create", "tiny-llama-shop-abc123", "-f",
                                     str(out / "Modelfile")]
    stages = [p.stage for p in seen]
    assert stages[0] is ExportStage.CHECK and stages[-1] is ExportStage.FINISH
    gguf = [p for p in seen if p.stage is ExportStage.GGUF]
    assert [p.done for p in gguf] == list(range(1, gguf[0].total + 1))
    assert sorted(p.name for p in out.iterdir()) == result.files


async def test_a_failed_export_says_why_with_a_code(
    engine_folders: tuple[str, Path, Path], tmp_path: Path
) -> None:
    model_id, data, models = engine_folders
    taken = tmp_path / "taken"
    taken.mkdir()
    (taken / "mine.txt").write_text("x", encoding="utf-8")
    assert folder_in_the_way(taken) and not folder_in_the_way(tmp_path / "free")
    with pytest.raises(ExportFailed) as caught:
        await exporter().export(ExportJob(model_id, ExportFormat.ADAPTER, taken, data, models))
    assert caught.value.code is ExportErrorCode.FOLDER_EXISTS
    assert "already exists" in caught.value.message


async def test_cancelling_stops_the_child_and_leaves_no_half_folder(
    engine_folders: tuple[str, Path, Path], tmp_path: Path
) -> None:
    model_id, data, models = engine_folders
    started = asyncio.Event()

    def progress(message: ExportProgress) -> None:
        started.set()

    task = asyncio.create_task(exporter().export(
        ExportJob(model_id, ExportFormat.MERGED, tmp_path / "out", data, models), progress))
    await asyncio.wait_for(started.wait(), 120)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    # Either it was stopped before the end, or it had just finished: never half a folder.
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


async def test_ollama_create_runs_from_the_path_and_its_output_is_shown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    stand_in = bin_dir / "ollama"
    stand_in.write_text(
        "#!/bin/sh\n"
        'echo "args: $*"\n'
        'echo "cwd: $(pwd)"\n'
        "printf 'gathering model components\\rcopying file 100%%\\n'\n"
        "echo success\n",
        encoding="utf-8",
    )
    stand_in.chmod(stand_in.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    folder = tmp_path / "model"
    folder.mkdir()
    lines: list[str] = []
    runner = ModelExporter()
    assert runner.ollama_path() == str(stand_in)
    code = await runner.run_ollama(
        ["ollama", "create", "shop-bot", "-f", str(folder / "Modelfile")], cwd=folder,
        output=lines.append)
    assert code == 0
    assert lines == [f"args: create shop-bot -f {folder / 'Modelfile'}", f"cwd: {folder}",
                     "gathering model components", "copying file 100%", "success"]


async def test_without_ollama_on_the_path_it_is_not_offered(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    assert ModelExporter.ollama_path() is None
    with pytest.raises(ExportFailed):
        await ModelExporter().run_ollama(["ollama", "create", "x"], cwd=tmp_path,
                                         output=lambda _line: None)
