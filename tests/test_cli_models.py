"""`fine-tune-studio models list|pull|add|remove`, against the Hub stand-in and real
folders; exit codes 0 done, 1 failed, 2 bad arguments."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from fine_tune_studio.cli import build_parser, main
from fine_tune_studio.paths import models_dir
from tests.support.hub_stand_in import HubStandIn


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["models", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_pull_prints_progress_to_stderr_and_the_name_last_then_list_shows_it(
    hub_stand_in: HubStandIn, tiny_model_dir: Path, tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    hub_stand_in.add_model_folder("tiny/tiny-chat", tiny_model_dir)
    folder = str(tmp_path / "models")
    code, out, err = run(capsys, "pull", "tiny/tiny-chat", "--models-dir", folder)
    assert code == 0, err
    assert out.splitlines()[-1] == "tiny-chat"
    assert "Asking Hugging Face" in err and " of " in err  # "1.0 MB of 1.0 MB"

    code, out, _ = run(capsys, "list", "--models-dir", folder, "--format", "json")
    listed = json.loads(out)["models"]
    assert code == 0 and [m["name"] for m in listed] == ["tiny-chat"]
    assert listed[0]["source"] == "hub" and listed[0]["repo_id"] == "tiny/tiny-chat"
    assert listed[0]["revision"] == hub_stand_in.repos["tiny/tiny-chat"].commit
    assert listed[0]["size_bytes"] > 0 and Path(listed[0]["path"]).is_dir()
    code, out, _ = run(capsys, "list", "--models-dir", folder)
    assert out.startswith("tiny-chat") and "tiny/tiny-chat" in out


def test_pull_failures_exit_1_with_the_reason_and_bad_arguments_exit_2(
    hub_stand_in: HubStandIn, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = str(tmp_path / "models")
    code, out, err = run(capsys, "pull", "tiny/nothing-here", "--models-dir", folder,
                         "--lang", "zh_TW")
    assert code == 1 and out == ""
    assert "沒有名為 tiny/nothing-here 的模型" in err
    code, _, err = run(capsys, "pull", "not-an-id", "--models-dir", folder)
    assert code == 2 and "is not a Hugging Face model id" in err
    code, _, err = run(capsys, "pull", "tiny/x", "--name", "a:b", "--models-dir", folder)
    assert code == 2 and "letters, digits" in err
    code, _, _ = run(capsys, "pull")
    assert code == 2


def test_add_checks_the_folder_and_remove_refuses_while_a_job_uses_the_model(
    tiny_model_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "models"
    broken = tmp_path / "broken"
    shutil.copytree(tiny_model_dir, broken)
    (broken / "model.safetensors").unlink()
    code, out, err = run(capsys, "add", str(broken), "--models-dir", str(folder))
    assert code == 1 and out == ""
    assert "model.safetensors: There are no weights" in err

    code, out, err = run(capsys, "add", str(tiny_model_dir), "--name", "mine",
                         "--models-dir", str(folder))
    assert code == 0 and out.strip() == "mine", err

    data_dir = tmp_path / "engine-data"
    _record_job(data_dir, folder / "mine", status="running")
    code, _, err = run(capsys, "remove", "mine", "--models-dir", str(folder),
                       "--data-dir", str(data_dir))
    assert code == 1 and "in use by ftjob-" in err
    _record_job(data_dir, folder / "mine", status="succeeded", job_id="ftjob-done",
                fine_tuned="ft:mine:local:done")
    _finish_all(data_dir)
    code, _, err = run(capsys, "remove", "mine", "--models-dir", str(folder),
                       "--data-dir", str(data_dir))
    assert code == 0 and "ft:mine:local:done" in err
    code, out, _ = run(capsys, "list", "--models-dir", str(folder), "--format", "json")
    assert json.loads(out) == {"models": []}
    code, _, err = run(capsys, "remove", "mine", "--models-dir", str(folder))
    assert code == 1 and "no model called “mine”" in err


def _record_job(data_dir: Path, base_dir: Path, *, status: str, job_id: str = "ftjob-busy",
                fine_tuned: str | None = None) -> None:
    from fine_tune_studio.engine.records import JobRecord
    from fine_tune_studio.engine.store import Store

    store = Store(data_dir / "engine.sqlite3")
    store.insert(JobRecord(
        id=job_id, created_at=0, model=base_dir.name, training_file="file-x",
        validation_file=None, suffix=None, seed=0, method_type="supervised",
        hyperparameters={}, engine_options={}, status=status,  # type: ignore[arg-type]
        base_dir=str(base_dir.resolve()), fine_tuned_model=fine_tuned,
    ))
    store.close()


def _finish_all(data_dir: Path) -> None:
    from fine_tune_studio.engine.records import JobRecord
    from fine_tune_studio.engine.store import Store

    store = Store(data_dir / "engine.sqlite3")
    store.update(JobRecord, "ftjob-busy", status="cancelled")
    store.close()


def test_the_default_folder_is_the_one_the_app_and_the_engine_use(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from fine_tune_studio.paths import engine_default_models_dir
    from fine_tune_studio.services.settings_store import AppDirs

    monkeypatch.setenv("FINE_TUNE_STUDIO_HOME", str(tmp_path / "home"))
    assert models_dir() == engine_default_models_dir() == tmp_path / "home" / "data" / "models"
    assert AppDirs.default().data / "models" == models_dir()
    code, out, _ = run(capsys, "list")
    assert code == 0 and str(models_dir()) in out


def test_models_export_is_a_models_subcommand() -> None:
    args = build_parser().parse_args(["models", "export", "ft:x", "--to", "gguf", "--out", "o"])
    assert args.models_command == "export" and callable(args.handler)
