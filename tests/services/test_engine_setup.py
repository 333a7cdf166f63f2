"""Setting up training on this computer: a real environment made by `python -m venv`, real
pip runs in subprocesses, from a folder of small stand-in wheels (`--no-index
--find-links`: never the real torch, never the internet). Failures, a cancel in the middle
of an install and the retry after each are done for real too."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

import psutil
import pytest

from fine_tune_studio import __version__
from fine_tune_studio.services.engine_setup import (
    PYTHON_ENV,
    STEPS,
    EngineEnvironment,
    EngineSetup,
    EngineSetupError,
    SetupFailure,
    SetupOptions,
    SetupProgress,
    SetupStep,
    TorchVariant,
    classify_failure,
    engine_requirements,
    requirement_name,
    torch_index_args,
)
from tests.support.wheels import (
    STANDIN_MODULES,
    STANDIN_REQUIREMENTS,
    STANDIN_TORCH,
    standin_wheel_folder,
    write_wheel,
)


@pytest.fixture
def wheels(tmp_path: Path) -> Path:
    return standin_wheel_folder(tmp_path / "wheels")


@pytest.fixture(autouse=True)
def _no_checkout_on_the_path(monkeypatch: pytest.MonkeyPatch) -> None:
    # The environment must find the app through its own copy, not through a PYTHONPATH
    # that a developer's shell (or the test runner) points at this checkout.
    monkeypatch.delenv("PYTHONPATH", raising=False)


def options(wheels: Path, **changes: object) -> SetupOptions:
    base: dict[str, object] = {
        "requirements": STANDIN_REQUIREMENTS,
        "torch_package": STANDIN_TORCH,
        "index_args": ["--no-index", "--find-links", str(wheels)],
        "check_modules": STANDIN_MODULES,
    }
    base.update(changes)
    return SetupOptions(**base)  # type: ignore[arg-type]


async def run(setup: EngineSetup) -> list[SetupProgress]:
    return [event async for event in setup.run()]


def env_python_says(environment: EngineEnvironment, code: str) -> str:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    return subprocess.run([str(environment.python), "-c", code], capture_output=True,
                          text=True, check=True, env=env, cwd="/").stdout.strip()


@pytest.mark.asyncio
async def test_a_set_up_installs_the_packages_and_the_app_and_reports_its_progress(
    tmp_path: Path, wheels: Path
) -> None:
    environment = EngineEnvironment.under(tmp_path / "data")
    assert not environment.is_ready()
    setup = EngineSetup(environment, options(wheels))

    events = await run(setup)

    assert events[-1].finished and events[-1].fraction == 1.0
    fractions = [e.fraction for e in events]
    assert fractions == sorted(fractions), "progress never goes backwards"
    seen_steps = list(dict.fromkeys(e.step for e in events))
    assert seen_steps == list(STEPS), "every step, in order"
    lines = [e.line for e in events if e.line]
    assert any("Successfully installed" in line and STANDIN_TORCH in line for line in lines)
    assert list(setup.output)[-1] == f"engine environment ok {__version__}"
    assert environment.is_ready()
    assert not environment.is_ready("9.9.9"), "another app version sets it up again"

    # The environment runs the app's own code from its copy, not from this checkout.
    location = env_python_says(
        environment, "import fine_tune_studio, fts_standin_torch; print(fine_tune_studio.__file__)"
    )
    assert Path(location).is_relative_to(environment.app_folder)


@pytest.mark.asyncio
async def test_a_refused_package_is_explained_and_a_retry_reuses_the_environment(
    tmp_path: Path, wheels: Path
) -> None:
    environment = EngineEnvironment.under(tmp_path / "data")
    broken = options(wheels, requirements=(*STANDIN_REQUIREMENTS, "fts-standin-missing>=1"))

    with pytest.raises(EngineSetupError) as failure:
        await run(EngineSetup(environment, broken))

    assert failure.value.reason is SetupFailure.PACKAGE_REFUSED
    assert failure.value.step is SetupStep.INSTALL_PACKAGES
    assert "fts-standin-missing" in failure.value.detail
    assert not environment.is_ready()

    write_wheel(wheels, "fts-standin-missing", "1.2")  # the package appears: try again
    retry = EngineSetup(environment, broken)
    events = await run(retry)
    assert events[-1].finished and environment.is_ready()
    assert any("Reusing the environment" in line for line in retry.output)


@pytest.mark.asyncio
async def test_no_network_is_told_apart_from_a_missing_package(
    tmp_path: Path, wheels: Path
) -> None:
    import socket

    with socket.socket() as probe:  # a loopback port nobody listens on refuses connections
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    offline = options(
        wheels, index_args=["--index-url", f"http://127.0.0.1:{port}/simple"],
        extra_pip_args=["--retries", "1", "--timeout", "3"],  # pip says "Retrying" only
    )
    with pytest.raises(EngineSetupError) as failure:
        await run(EngineSetup(EngineEnvironment.under(tmp_path / "data"), offline))
    assert failure.value.reason is SetupFailure.NETWORK


@pytest.mark.asyncio
async def test_a_cancel_stops_the_installer_and_a_retry_finishes(
    tmp_path: Path, wheels: Path
) -> None:
    """An index that accepts the connection and never answers (a hanging network): pip
    waits; cancelling must end pip itself, not just stop listening to it."""
    asked = asyncio.Event()

    async def never_answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        asked.set()
        await asyncio.sleep(3600)

    server = await asyncio.start_server(never_answer, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    environment = EngineEnvironment.under(tmp_path / "data")
    hanging = options(wheels, index_args=["--index-url", f"http://127.0.0.1:{port}/simple"],
                      extra_pip_args=["--timeout", "600"])
    setup = EngineSetup(environment, hanging)
    steps: list[SetupStep] = []

    async def consume() -> None:
        async for event in setup.run():
            steps.append(event.step)

    task = asyncio.create_task(consume())
    try:
        await asyncio.wait_for(asked.wait(), 120)
        installers = pip_processes(environment)
        assert installers, "pip is running"
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
    finally:
        server.close()
    assert steps[-1] is SetupStep.UPDATE_PIP
    assert not any(p.is_running() and p.status() != psutil.STATUS_ZOMBIE for p in installers)
    assert not environment.is_ready()

    events = await run(EngineSetup(environment, options(wheels)))
    assert events[-1].finished and environment.is_ready()


def pip_processes(environment: EngineEnvironment) -> list[psutil.Process]:
    found = []
    for process in psutil.Process().children(recursive=True):
        try:
            command = " ".join(process.cmdline())
        except psutil.Error:
            continue
        if str(environment.folder) in command and "pip" in command:
            found.append(process)
    return found


@pytest.mark.asyncio
async def test_without_a_usable_python_it_says_so(
    tmp_path: Path, wheels: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(PYTHON_ENV, "/bin/false")
    with pytest.raises(EngineSetupError) as failure:
        await run(EngineSetup(EngineEnvironment.under(tmp_path / "data"), options(wheels)))
    assert failure.value.reason is SetupFailure.NO_PYTHON
    assert failure.value.step is SetupStep.FIND_PYTHON


def test_pips_words_for_each_failure_are_recognised() -> None:
    # As pip prints them (pip 23 and 26).
    disk = "ERROR: Could not install packages due to an OSError: [Errno 28] No space left on device"
    assert classify_failure(disk) is SetupFailure.DISK_FULL
    offline = (
        "WARNING: Retrying (Retry(total=0, ...)) after connection broken by "
        "'NewConnectionError('<pip._vendor.urllib3.connection.HTTPSConnection object>: "
        "Failed to establish a new connection: [Errno -3] Temporary failure in name "
        "resolution')': /simple/torch/\n"
        "ERROR: Could not find a version that satisfies the requirement torch==2.13.0 "
        "(from versions: none)\nERROR: No matching distribution found for torch==2.13.0"
    )
    assert classify_failure(offline) is SetupFailure.NETWORK
    assert classify_failure(
        "ERROR: Could not find a version that satisfies the requirement torch==9.9 "
        "(from versions: 2.13.0)\nERROR: No matching distribution found for torch==9.9"
    ) is SetupFailure.PACKAGE_REFUSED
    assert classify_failure(
        "ERROR: THESE PACKAGES DO NOT MATCH THE HASHES FROM THE REQUIREMENTS FILE."
    ) is SetupFailure.PACKAGE_REFUSED
    assert classify_failure(
        "ERROR: Could not install packages due to an OSError: [Errno 13] Permission denied: "
        "'/data/engine-env/lib'"
    ) is SetupFailure.PERMISSION
    assert classify_failure("Segmentation fault") is SetupFailure.FAILED


def test_the_engine_packages_come_from_the_apps_own_metadata() -> None:
    requirements = engine_requirements()
    names = {requirement_name(r) for r in requirements}
    assert "torch==2.13.0" in requirements, "pinned: an unpinned torch pulls a CUDA build"
    assert {"transformers", "trl", "peft", "fastapi", "uvicorn", "pydantic"} <= names
    assert "pyside6-essentials" not in names, "the GUI's packages stay out of the engine"
    assert not any("extra" in r for r in requirements)


def test_the_torch_build_comes_from_the_right_place() -> None:
    assert torch_index_args(TorchVariant.CPU, "linux") == [
        "--index-url", "https://download.pytorch.org/whl/cpu"]
    assert torch_index_args(TorchVariant.CUDA, "linux") == []  # PyPI's is the CUDA build
    assert torch_index_args(TorchVariant.CPU, "darwin") == []
    assert torch_index_args(TorchVariant.CUDA, "win32")[0] == "--index-url"


@pytest.mark.slow
@pytest.mark.asyncio
async def test_the_real_engine_environment_starts_the_engine_and_answers_health(
    tmp_path: Path,
) -> None:
    """Once, the engine's real packages, and the engine started from the environment.

    To stay cheap, pip must have nothing big to install: the environment is made first by
    this test (`python -m venv --without-pip`), with a .pth file that adds *this* test environment's
    site-packages (which already hold torch, transformers, TRL, PEFT, FastAPI) after its
    own. The set-up then reuses that environment, as it reuses one a cancelled try left;
    pip, given only an empty wheel folder, must find every requirement of the app's
    `engine` extra already satisfied. The app comes from the set-up's own copy, not from
    that site-packages (whose editable-install .pth files a .pth path does not run).
    """
    import sysconfig

    from fine_tune_studio.services.local_engine import LocalEngine
    from tests.support.engine_fixtures import ENGINE_TEST_ENV

    environment = EngineEnvironment.under(tmp_path / "data")
    base = sys._base_executable  # type: ignore[attr-defined]
    # --without-pip: pip and setuptools come from the test environment too (a venv's own
    # older setuptools would shadow the one torch needs, and pip would want to fetch it).
    subprocess.run([base, "-m", "venv", "--without-pip", str(environment.folder)], check=True)
    site_packages = next(environment.folder.glob("lib/python3.*/site-packages"))
    (site_packages / "zz_test_environment_packages.pth").write_text(
        sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    empty = tmp_path / "no-wheels"
    empty.mkdir()
    setup = EngineSetup(environment, SetupOptions(index_args=["--no-index", "--find-links",
                                                              str(empty)]))
    events = await run(setup)
    assert events[-1].finished and environment.is_ready()
    assert any("Reusing the environment" in line for line in setup.output)
    assert any("Requirement already satisfied: torch==2.13.0" in line for line in setup.output)

    engine = LocalEngine(python=str(environment.python), data_dir=tmp_path / "engine-data",
                         models_dir=tmp_path / "models", extra_env=ENGINE_TEST_ENV,
                         startup_timeout=180.0)
    await engine.start()
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", engine.port)
        writer.write(b"GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        answer = (await reader.read()).decode()
        writer.close()
        assert answer.startswith("HTTP/1.1 200") and '"ok"' in answer
        served_by = psutil.Process(engine._process.pid).cmdline()  # type: ignore[union-attr]
        assert served_by[0] == str(environment.python)
    finally:
        await engine.stop()
    location = env_python_says(environment,
                               "import fine_tune_studio; print(fine_tune_studio.__file__)")
    assert Path(location).is_relative_to(environment.app_folder)
