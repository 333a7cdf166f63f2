"""The app's launcher (`services.local_engine.LocalEngine`) and the engine's process safety:
start/stop, startup failures, upload limit, loopback-only default, restart recovery."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import openai
import psutil
import pytest

from fine_tune_studio.services.local_engine import TOKEN_ENV, LocalEngine, LocalEngineError
from tests.engine.conftest import AIRPORT_FAQ, error_body, wait_for_file, wait_for_job
from tests.support.engine_fixtures import ENGINE_TEST_ENV, EngineServer, make_client

pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]


def _server(engine: LocalEngine, data_dir: Path, models_dir: Path) -> EngineServer:
    return EngineServer(base_url=engine.base_url, token=engine.token, data_dir=data_dir,
                        models_dir=models_dir, base_model="tiny-llama", launcher=engine)


@pytest.mark.asyncio
async def test_upload_over_the_limit_gets_413_and_stop_ends_the_process(
    tmp_path: Path, engine_models_dir: Path
) -> None:
    engine = LocalEngine(data_dir=tmp_path, models_dir=engine_models_dir, max_upload_mb=0.001,
                         extra_env=ENGINE_TEST_ENV)
    await engine.start()
    pid = engine._process.pid if engine._process else -1
    try:
        assert engine.base_url.startswith("http://127.0.0.1:")
        limit = int(0.001 * 1024 * 1024)  # what --max-upload-mb 0.001 means, in bytes
        async with make_client(_server(engine, tmp_path, engine_models_dir)) as client:
            with pytest.raises(openai.APIStatusError) as too_large:
                await client.files.create(file=("big.jsonl", b"x" * 5000), purpose="fine-tune")
            with pytest.raises(openai.APIStatusError) as one_more:
                await client.files.create(file=("over.jsonl", b"x" * (limit + 1)),
                                          purpose="fine-tune")
            # The limit is the file's: its multipart envelope does not count.
            exact = await client.files.create(file=("exact.jsonl", b"x" * limit),
                                              purpose="fine-tune")
            small = await client.files.create(file=("s.jsonl", b"{}\n"), purpose="fine-tune")
        for refused in (too_large.value, one_more.value):
            assert refused.status_code == 413
            assert error_body(refused)["code"] == "file_too_large"
        assert exact.bytes == limit
        assert small.bytes == 3
    finally:
        await engine.stop()
    assert not engine.running
    assert not psutil.pid_exists(pid) or psutil.Process(pid).status() == psutil.STATUS_ZOMBIE


@pytest.mark.asyncio
async def test_a_failed_start_says_why(tmp_path: Path, engine_models_dir: Path) -> None:
    not_a_dir = tmp_path / "data-file"
    not_a_dir.write_text("this is a file, not a folder")
    engine = LocalEngine(data_dir=not_a_dir, models_dir=engine_models_dir,
                         extra_env=ENGINE_TEST_ENV, startup_timeout=60)
    with pytest.raises(LocalEngineError) as failed:
        await engine.start()
    assert "stopped while starting" in str(failed.value)
    assert "data-file" in str(failed.value)  # the tail of its stderr names the culprit
    assert not engine.running


def test_refuses_a_network_address_without_a_token(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "FINE_TUNE_STUDIO_ENGINE_TOKEN"}
    result = subprocess.run(
        [sys.executable, "-m", "fine_tune_studio.cli", "engine", "serve", "--host", "0.0.0.0",
         "--data-dir", str(tmp_path / "d"), "--models-dir", str(tmp_path / "m")],
        capture_output=True, text=True, env=env, timeout=120, check=False,
    )
    assert result.returncode == 2
    assert "without a token" in result.stderr


def test_refuses_a_network_address_with_a_weak_token(tmp_path: Path) -> None:
    for weak in ("a", "x" * 40, "0123456789abcdef"):
        result = subprocess.run(
            [sys.executable, "-m", "fine_tune_studio.cli", "engine", "serve", "--host",
             "0.0.0.0", "--data-dir", str(tmp_path / "d"), "--models-dir", str(tmp_path / "m")],
            capture_output=True, text=True, env={**os.environ, TOKEN_ENV: weak}, timeout=120,
            check=False,
        )
        assert result.returncode == 2, (weak, result.stderr)
        assert "weak token" in result.stderr and "32" in result.stderr
        assert "secrets.token_urlsafe" in result.stderr  # how to make a good one
    assert not (tmp_path / "d").exists()  # refused before touching anything


def test_a_strong_token_is_accepted_off_loopback() -> None:
    import secrets

    from fine_tune_studio.engine.config import network_token_problem

    assert network_token_problem(secrets.token_urlsafe(32)) is None
    assert network_token_problem(secrets.token_hex(16)) is None
    assert network_token_problem(None) is not None


@pytest.mark.asyncio
async def test_the_data_dir_and_everything_in_it_are_private(
    tmp_path: Path, engine_models_dir: Path
) -> None:
    """Records, uploads and worker logs quote the user's data: 0700 folders, 0600 files.
    (An existing data dir that was world-readable is closed too.)"""
    data = tmp_path / "data"
    data.mkdir(mode=0o755)
    engine = LocalEngine(data_dir=data, models_dir=engine_models_dir, extra_env=ENGINE_TEST_ENV)
    await engine.start()
    try:
        async with make_client(_server(engine, data, engine_models_dir)) as client:
            with AIRPORT_FAQ.open("rb") as handle:
                uploaded = await client.files.create(file=handle, purpose="fine-tune")
            await wait_for_file(client, uploaded.id)
            job = await client.fine_tuning.jobs.create(
                model="tiny-llama", training_file=uploaded.id,
                hyperparameters={"n_epochs": 1, "batch_size": 8})
            await wait_for_job(client, job.id, timeout=600)
    finally:
        await engine.stop()
    folders = [data, *(p for p in data.rglob("*") if p.is_dir())]
    files = [p for p in data.rglob("*") if p.is_file()]
    names = {p.name for p in files}
    assert {"engine.sqlite3", uploaded.id, "worker.log", "spec.json"} <= names, names
    assert "adapter_model.safetensors" in names  # the worker's files too
    loose = [f"{p.relative_to(data)} {oct(p.stat().st_mode & 0o777)}"
             for p in folders + files
             if p.stat().st_mode & 0o077]
    assert loose == []


@pytest.mark.asyncio
async def test_stopping_the_engine_never_leaves_a_job_running(
    tmp_path: Path, engine_models_dir: Path
) -> None:
    engine = LocalEngine(data_dir=tmp_path, models_dir=engine_models_dir,
                         extra_env=ENGINE_TEST_ENV)
    await engine.start()
    try:
        async with make_client(_server(engine, tmp_path, engine_models_dir)) as client:
            with AIRPORT_FAQ.open("rb") as handle:
                uploaded = await client.files.create(file=handle, purpose="fine-tune")
            await wait_for_file(client, uploaded.id)
            job = await client.fine_tuning.jobs.create(
                model="tiny-llama", training_file=uploaded.id,
                hyperparameters={"n_epochs": 50, "batch_size": 1})
            await wait_for_job(client, job.id, {"running"}, timeout=300)
        assert engine._process is not None
        workers = psutil.Process(engine._process.pid).children(recursive=True)
        assert workers, "no training worker process"
    finally:
        await engine.stop()
    _gone, alive = psutil.wait_procs(workers, timeout=30)
    assert not alive, "the training worker outlived the engine"

    again = LocalEngine(data_dir=tmp_path, models_dir=engine_models_dir,
                        extra_env=ENGINE_TEST_ENV)
    await again.start()
    try:
        async with make_client(_server(again, tmp_path, engine_models_dir)) as client:
            after = await client.fine_tuning.jobs.retrieve(job.id)
    finally:
        await again.stop()
    assert after.status == "failed"
    assert after.error.code in ("engine_stopped", "engine_restarted")


def test_the_engine_stops_when_the_app_that_started_it_is_killed(
    tmp_path: Path, engine_models_dir: Path
) -> None:
    app = subprocess.Popen(
        [sys.executable, "-c", (
            "import asyncio, sys\n"
            "from pathlib import Path\n"
            "from fine_tune_studio.services.local_engine import LocalEngine\n"
            "async def main():\n"
            f"    engine = LocalEngine(data_dir=Path({str(tmp_path)!r}),\n"
            f"                         models_dir=Path({str(engine_models_dir)!r}))\n"
            "    await engine.start()\n"
            "    print(engine._process.pid, flush=True)\n"
            "    await asyncio.sleep(600)\n"
            "asyncio.run(main())\n"
        )],
        stdout=subprocess.PIPE, text=True, env={**os.environ, **ENGINE_TEST_ENV},
    )
    try:
        assert app.stdout is not None
        engine_pid = int(app.stdout.readline())
        engine = psutil.Process(engine_pid)
        assert engine.is_running()
    finally:
        app.kill()  # like a crash: the app cannot stop its engine
        app.wait()
    try:
        engine.wait(timeout=30)
    except psutil.TimeoutExpired:
        engine.kill()
        raise AssertionError("the engine outlived the app that started it") from None
