""""Set up training on this computer…" as a user meets it when the engine is not installed
(the packaged app, or a pip install without the engine extra): the offer on the first
start, the question about the graphics card, progress, the installer's output on demand,
a failure explained, a cancel, "Try again", and "Use this computer" working afterwards.

The installs are real (venv + pip in subprocesses) from a folder of stand-in wheels
(tests/support/wheels.py): never the real torch, never the internet. Screenshots of each
state, in English and Chinese, go to /tmp/shots/engine-setup for a person to look at.
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from typing import Any

import psutil
import pytest

from fine_tune_studio.services.engine_setup import (
    EngineEnvironment,
    SetupOptions,
    SetupStep,
    TorchVariant,
)
from fine_tune_studio.services.local_engine import LocalEngine
from fine_tune_studio.ui import context as context_module
from fine_tune_studio.ui.context import default_engine_factory
from fine_tune_studio.ui.i18n import LanguageSwitcher
from fine_tune_studio.ui.settings.engine_setup_dialog import EngineSetupDialog
from tests.support.qt_fixtures import until
from tests.support.wheels import (
    STANDIN_MODULES,
    STANDIN_REQUIREMENTS,
    STANDIN_TORCH,
    standin_wheel_folder,
    write_wheel,
)
from tests.ui.test_settings import click, open_panel, run

SHOTS = Path("/tmp/shots/engine-setup")


@pytest.fixture(autouse=True)
def _the_engine_is_not_installed(monkeypatch: pytest.MonkeyPatch) -> None:
    """As in the bundle: no torch beside the app. And no PYTHONPATH leading the made
    environment to this checkout instead of its own copy of the app."""
    monkeypatch.setattr(context_module, "engine_extra_installed", lambda: False)
    monkeypatch.delenv("PYTHONPATH", raising=False)


def standin_options(wheels: Path, **changes: Any) -> Any:
    def make(variant: TorchVariant) -> SetupOptions:
        base: dict[str, Any] = {
            "variant": variant, "requirements": STANDIN_REQUIREMENTS,
            "torch_package": STANDIN_TORCH, "check_modules": STANDIN_MODULES,
            "index_args": ["--no-index", "--find-links", str(wheels)],
        }
        base.update(changes)
        return SetupOptions(**base)

    return make


def shot(widget: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    widget.grab().save(str(SHOTS / f"{name}.png"))


async def no_gpu() -> None:
    return None


async def a_gpu() -> str:
    return "NVIDIA GeForce RTX 4070"


def test_the_first_start_offers_the_set_up_and_this_computer_works_after_it(
    qtbot: Any, qasync_loop: Any, make_ui_context: Any, tmp_path: Path
) -> None:
    wheels = standin_wheel_folder(tmp_path / "wheels")
    context = make_ui_context(engine_factory=None)
    assert default_engine_factory(context.settings_store) is None
    panel = open_panel(qtbot, lambda **_: context)
    panel.engine_setup_options = standin_options(wheels)
    first_run = panel.first_run
    assert not first_run.local_button.isEnabled()
    assert first_run.setup_button.isVisible()
    assert first_run.setup_button.text() == "Set up training on this computer…"
    shot(panel, "first-run-offer-en")
    dialogs: list[EngineSetupDialog] = []

    async def scenario() -> None:
        await click(qtbot, first_run.setup_button)
        dialog = panel.engine_setup_dialog
        assert isinstance(dialog, EngineSetupDialog) and dialog.isVisible()
        dialogs.append(dialog)
        await until(lambda: dialog.gpu_probe.done())
        assert "PyTorch" in dialog.intro.text()
        assert str(dialog.environment.folder) in dialog.intro.text()
        assert "300 MB" in dialog.size_note.text() and dialog.size_note.isVisible()
        assert not dialog.gpu_choice.isVisible()  # no graphics card: nothing to choose
        shot(dialog, "asking-en")
        await click(qtbot, dialog.start_button)
        await until(lambda: dialog.state != "working", timeout=180)

    run(qasync_loop, scenario)
    dialog = dialogs[0]
    assert dialog.state == "done", dialog.failure and dialog.failure.detail
    assert dialog.heading.text() == "Training on this computer is ready"
    assert dialog.progress.value() == dialog.progress.maximum()
    assert dialog.close_button.isVisible() and not dialog.cancel_button.isVisible()
    shot(dialog, "done-en")

    # "Use this computer" now starts the engine with the environment's own Python.
    assert panel.context.engine_available and first_run.local_button.isEnabled()
    assert not first_run.setup_button.isVisible()
    factory = panel.context._engine_factory
    engine = factory()
    assert isinstance(engine, LocalEngine)
    environment = EngineEnvironment.under(context.settings_store.dirs.data)
    assert engine.command(8000)[:3] == [str(environment.python), "-m", "fine_tune_studio.cli"]


def test_with_a_graphics_card_it_asks_which_build_with_the_download_sizes(
    qtbot: Any, qasync_loop: Any, tmp_path: Path
) -> None:
    started: list[Any] = []

    def start_task(coro: Any) -> asyncio.Task[Any]:
        task = asyncio.ensure_future(coro)
        started.append(task)
        return task

    dialog = EngineSetupDialog(EngineEnvironment(tmp_path / "env"), start_task,
                               make_options=standin_options(tmp_path), find_gpu=a_gpu)
    qtbot.addWidget(dialog)
    dialog.open()

    async def scenario() -> None:
        await until(lambda: dialog.gpu_choice.isVisible())

    run(qasync_loop, scenario)
    assert dialog.cpu_choice.isChecked(), "the small CPU build unless the user picks the GPU"
    assert "300 MB" in dialog.cpu_choice.text()
    assert "RTX 4070" in dialog.gpu_choice.text() and "3.3 GB" in dialog.gpu_choice.text()
    assert dialog.variant() is TorchVariant.CPU
    dialog.gpu_choice.setChecked(True)
    assert dialog.variant() is TorchVariant.CUDA
    shot(dialog, "asking-gpu-en")
    switcher = LanguageSwitcher()
    switcher.apply("zh_TW")
    try:
        assert "顯示卡" in dialog.gpu_choice.text()
        shot(dialog, "asking-gpu-zh_TW")
    finally:
        switcher.apply("en")


def test_a_failure_is_explained_with_the_installers_words_and_try_again_finishes(
    qtbot: Any, qasync_loop: Any, tmp_path: Path
) -> None:
    wheels = standin_wheel_folder(tmp_path / "wheels")
    missing = (*STANDIN_REQUIREMENTS, "fts-standin-missing>=1")
    dialog = EngineSetupDialog(EngineEnvironment(tmp_path / "env"), asyncio.ensure_future,
                               make_options=standin_options(wheels, requirements=missing),
                               find_gpu=no_gpu)
    qtbot.addWidget(dialog)
    dialog.resize(640, 420)
    dialog.open()

    async def fail() -> None:
        await click(qtbot, dialog.start_button)
        await until(lambda: dialog.state != "working", timeout=180)

    run(qasync_loop, fail)
    details = dialog.details

    async def last_words_in_view() -> None:
        await until(lambda: details.textCursor().atEnd()
                    and details.viewport().rect().contains(details.cursorRect()))

    run(qasync_loop, last_words_in_view)
    assert dialog.state == "failed"
    assert dialog.problem.isVisible()
    assert "could not be installed" in dialog.problem.text()
    assert "Show details" not in dialog.details_button.text()  # opened for the evidence
    assert dialog.details.isVisible()
    assert "fts-standin-missing" in dialog.details.toPlainText()
    assert dialog.start_button.text() == "Try again" and dialog.start_button.isVisible()
    assert dialog.status.text().startswith("Step 5 of 7")
    shot(dialog, "failed-en")
    switcher = LanguageSwitcher()
    switcher.apply("zh_TW")
    try:
        assert dialog.start_button.text() == "再試一次"
        shot(dialog, "failed-zh_TW")
    finally:
        switcher.apply("en")

    write_wheel(wheels, "fts-standin-missing", "1.0")

    async def retry() -> None:
        await click(qtbot, dialog.start_button)
        await until(lambda: dialog.state != "working", timeout=180)

    run(qasync_loop, retry)
    assert dialog.state == "done"


def test_cancel_stops_the_installer_and_try_again_continues(
    qtbot: Any, qasync_loop: Any, tmp_path: Path
) -> None:
    """A package index that never answers: the dialog shows where it is, the installer's
    output on demand, and Cancel ends pip itself."""
    wheels = standin_wheel_folder(tmp_path / "wheels")
    asked = asyncio.Event()
    servers: list[Any] = []

    async def never_answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        asked.set()
        await asyncio.sleep(3600)

    async def serve() -> int:
        server = await asyncio.start_server(never_answer, "127.0.0.1", 0)
        servers.append(server)
        return int(server.sockets[0].getsockname()[1])

    port = qasync_loop.run_until_complete(serve())
    hanging = standin_options(wheels, index_args=["--index-url",
                                                  f"http://127.0.0.1:{port}/simple"],
                              extra_pip_args=["--timeout", "600"])
    environment = EngineEnvironment(tmp_path / "env")
    dialog = EngineSetupDialog(environment, asyncio.ensure_future, make_options=hanging,
                               find_gpu=no_gpu)
    qtbot.addWidget(dialog)
    dialog.resize(640, 460)
    dialog.open()
    installers: list[psutil.Process] = []

    async def start_then_cancel() -> None:
        await click(qtbot, dialog.start_button)
        await asyncio.wait_for(asked.wait(), 120)
        await until(lambda: dialog._step is SetupStep.UPDATE_PIP)
        assert dialog.progress.isVisible()
        assert 0 < dialog.progress.value() < dialog.progress.maximum() // 5
        assert dialog.status.text().startswith("Step 3 of 7: Updating the installer")
        await click(qtbot, dialog.details_button)
        await until(lambda: "Looking in indexes" in dialog.details.toPlainText())
        shot(dialog, "working-details-en")
        switcher = LanguageSwitcher()
        switcher.apply("zh_TW")
        try:
            await asyncio.sleep(0.05)
            shot(dialog, "working-details-zh_TW")
        finally:
            switcher.apply("en")
        installers.extend(p for p in psutil.Process().children(recursive=True)
                          if str(environment.folder) in " ".join(_cmdline(p)))
        assert installers, "pip is running"
        await click(qtbot, dialog.cancel_button)
        await until(lambda: dialog.state == "cancelled")

    try:
        run(qasync_loop, start_then_cancel)
    finally:
        for server in servers:
            server.close()
    assert not any(_alive(p) for p in installers), "pip was ended, not left behind"
    assert dialog.start_button.text() == "Try again"
    assert "continues where it stopped" in dialog.status.text()
    shot(dialog, "cancelled-en")

    dialog._make_options = standin_options(wheels)

    async def again() -> None:
        await click(qtbot, dialog.start_button)
        await until(lambda: dialog.state != "working", timeout=180)

    run(qasync_loop, again)
    assert dialog.state == "done" and environment.is_ready()


def _cmdline(process: psutil.Process) -> list[str]:
    try:
        return process.cmdline()
    except psutil.Error:
        return []


def _alive(process: psutil.Process) -> bool:
    try:
        return process.is_running() and process.status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False


def test_no_environment_no_engine_and_a_ready_one_is_used(
    make_ui_context: Any, tmp_path: Path
) -> None:
    context = make_ui_context(engine_factory=None)
    store = context.settings_store
    assert default_engine_factory(store) is None
    environment = EngineEnvironment.under(store.dirs.data)
    environment.python.parent.mkdir(parents=True)
    environment.python.symlink_to(os.path.realpath("/proc/self/exe"))
    environment.marker.write_text('{"app_version": "0.0.0-older"}', encoding="utf-8")
    assert default_engine_factory(store) is None, "made for another version: set up again"
    from fine_tune_studio import __version__

    environment.marker.write_text(f'{{"app_version": "{__version__}"}}', encoding="utf-8")
    factory = default_engine_factory(store)
    assert factory is not None
    assert factory().command(1)[0] == str(environment.python)  # type: ignore[attr-defined]
