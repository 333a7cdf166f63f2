"""Export… from a finished job's detail, end to end against the session's engine: the dialog
offers the four formats, shows the export's progress and the finished folder, asks before
replacing a folder, and runs `ollama create` through a stand-in `ollama` on the PATH."""

from __future__ import annotations

import asyncio
import os
import stat
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from fine_tune_studio.core.model_export import ExportFormat, ExportProgress
from fine_tune_studio.core.providers import local_engine_profile
from fine_tune_studio.ui.export import dialog as dialog_module
from fine_tune_studio.ui.export.dialog import ExportDialog
from fine_tune_studio.ui.i18n import LanguageSwitcher
from tests.support.cut_text import cut_texts
from tests.support.engine_fixtures import make_client
from tests.support.qt_fixtures import until
from tests.ui.jobs.conftest import RunningEngine, make_context

pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]

SHOTS = Path("/tmp/shots/export")
LARGE = (1600, 1000)


class EngineWithFolders(RunningEngine):
    """The session's engine as the app's `LocalEngine` describes itself."""

    def __init__(self, server: Any) -> None:
        super().__init__(server)
        self.data_dir = server.data_dir
        self.models_folder = server.models_dir


def shoot(widget: Any, qtbot: Any, name: str, size: tuple[int, int]) -> None:
    """The widget in English and in Traditional Chinese, at `size`."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    widget.resize(*size)
    qtbot.wait(50)
    widget.grab().save(str(SHOTS / f"{name}-en.png"))
    switcher = LanguageSwitcher()
    switcher.apply("zh_TW")
    try:
        qtbot.wait(50)
        widget.grab().save(str(SHOTS / f"{name}-zh_TW.png"))
    finally:
        switcher.apply("en")


@pytest.fixture
def stand_in_ollama(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    program = bin_dir / "ollama"
    program.write_text('#!/bin/sh\necho "creating $2 from $(pwd)"\necho success\n',
                       encoding="utf-8")
    program.chmod(program.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    return program


def test_export_from_the_job_detail_shows_progress_the_folder_and_asks_before_replacing(
    trained_job: Any, engine_server: Any, qtbot: Any, qasync_loop: asyncio.AbstractEventLoop,
    make_panel: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stand_in_ollama: Path,
) -> None:
    seen: list[ExportProgress] = []
    original = ExportDialog._on_progress

    def spy(self: ExportDialog, progress: ExportProgress) -> None:
        seen.append(progress)
        original(self, progress)

    monkeypatch.setattr(ExportDialog, "_on_progress", spy)
    # The suggested folder is under the home folder: keep tests out of the real one.
    monkeypatch.setattr(dialog_module, "default_export_root", lambda: tmp_path / "suggested")
    context = make_context(tmp_path / "home", [local_engine_profile("This computer")],
                           engine_factory=lambda: EngineWithFolders(engine_server))
    panel = make_panel(context)
    job = trained_job.job
    out = tmp_path / "exports" / "airport-ollama"

    [profile] = context.profiles()
    key = f"{profile.id}/{job.id}"

    # The job is shared by the session and the contract test deletes one of its checkpoints:
    # the detail must list what the engine lists now, whatever ran before.
    checkpoints_listed: list[str] = []

    async def find_the_job() -> None:
        async with make_client(engine_server) as client:
            listed = await client.fine_tuning.jobs.checkpoints.list(job.id)
            checkpoints_listed.extend(c.fine_tuned_model_checkpoint for c in listed.data)
        assert checkpoints_listed, "the trained job has no checkpoints left to export"
        await context.client(profile.id)  # "This computer" is running: its jobs are listed
        panel.jobs.refresh_now()
        await until(lambda: key in panel.jobs.jobs, timeout=240)
        panel.select_job(key)
        await until(lambda: len(panel.jobs.jobs[key].checkpoints) == len(checkpoints_listed),
                    timeout=240)
        await until(panel.detail.export_button.isEnabled)

    # Screenshots between the phases: qtbot.wait inside a coroutine would re-enter the loop.
    qasync_loop.run_until_complete(asyncio.wait_for(find_the_job(), 300))
    shoot(panel, qtbot, "job-detail-1024x700", (1024, 700))
    shoot(panel, qtbot, "job-detail-large", LARGE)
    qtbot.mouseClick(panel.detail.export_button, Qt.MouseButton.LeftButton)
    dialog = panel.export_dialog
    assert dialog.isVisible()
    models = [dialog.model_box.itemData(i) for i in range(dialog.model_box.count())]
    # The fine-tune first, then each checkpoint the engine still has.
    assert models[0] == job.fine_tuned_model
    assert sorted(models[1:]) == sorted(checkpoints_listed)
    assert "llama.cpp, LM Studio, Jan and Ollama" in dialog.format_notes[
        ExportFormat.GGUF].text()
    assert "Llama 3.x, Qwen2 / Qwen2.5" in dialog.architectures.text()
    shoot(dialog, qtbot, "dialog-choices", (720, 640))
    dialog.choose_format(ExportFormat.OLLAMA)
    dialog.set_folder(out)

    async def export() -> None:
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
        await until(lambda: dialog.cancel_button.isVisible(), timeout=30)
        await until(lambda: dialog.result_view.isVisible(), timeout=300)

    qasync_loop.run_until_complete(asyncio.wait_for(export(), 600))
    assert not dialog.problem.isVisible(), dialog.problem.text()
    assert dialog.status.text() == "Done."
    gguf_steps = [p for p in seen if p.stage.value == "gguf"]
    assert gguf_steps and gguf_steps[-1].done == gguf_steps[-1].total
    assert f"Exported to {out}" == dialog.result_view.folder_label.text()
    assert (out / "Modelfile").is_file() and (out / "README.md").is_file()
    assert dialog.result_view.command.text().startswith("ollama create tiny-llama-airport-")

    async def run_ollama() -> None:
        view = dialog.result_view
        assert view.run_button.isVisible()
        qtbot.mouseClick(view.run_button, Qt.MouseButton.LeftButton)
        await until(lambda: "Ollama finished" in view.output.toPlainText(), timeout=30)

    qasync_loop.run_until_complete(run_ollama())
    output = dialog.result_view.output.toPlainText()
    assert f"from {out}" in output and "success" in output
    shoot(dialog, qtbot, "dialog-ollama-done", (720, 760))
    shoot(dialog, qtbot, "dialog-ollama-done-large", LARGE)
    dialog.resize(720, 760)

    before = (out / "Modelfile").stat().st_mtime_ns

    async def ask() -> None:
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
        await until(lambda: dialog.question is not None and dialog.question.isVisible())

    # A question is worded when asked: ask it once in each language for the screenshots.
    for language in ("en", "zh_TW"):
        switcher = LanguageSwitcher()
        switcher.apply(language)
        try:
            qasync_loop.run_until_complete(ask())
            question = dialog.question
            assert question is not None and str(out) in question.text()
            SHOTS.mkdir(parents=True, exist_ok=True)
            question.grab().save(str(SHOTS / f"replace-question-{language}.png"))
            question.button(QMessageBox.StandardButton.Cancel).click()
        finally:
            switcher.apply("en")
        assert dialog.question is None and not dialog.running
    assert (out / "Modelfile").stat().st_mtime_ns == before

    async def replace() -> None:
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
        await until(lambda: dialog.question is not None)
        assert dialog.question is not None
        button = next(b for b in dialog.question.buttons() if b.text() == "Replace")
        button.click()
        await until(lambda: dialog.running)
        await until(lambda: not dialog.running, timeout=300)

    qasync_loop.run_until_complete(asyncio.wait_for(replace(), 600))
    assert dialog.status.text() == "Done.", dialog.problem.text()
    assert (out / "Modelfile").stat().st_mtime_ns != before
    assert sorted(p.name for p in out.parent.iterdir()) == ["airport-ollama"]
    dialog.close()


def test_a_failed_export_is_said_in_plain_words(
    engine_server: Any, qtbot: Any, qasync_loop: asyncio.AbstractEventLoop, tmp_path: Path,
) -> None:
    context = make_context(tmp_path / "home", [local_engine_profile("This computer")],
                           engine_factory=lambda: EngineWithFolders(engine_server))
    context.engine = EngineWithFolders(engine_server)  # as if "This computer" had started
    dialog = ExportDialog(context, ["ft:tiny-llama:gone:000000"], root=tmp_path)
    qtbot.addWidget(dialog)
    dialog.set_folder(tmp_path / "out")
    dialog.show()
    dialog.resize(720, 420)  # as short as a 1024×700 screen may leave it

    async def scenario() -> None:
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
        await until(dialog.problem.isVisible, timeout=120)
        # The message appears below the choices: the dialog grows (as far as the screen
        # allows) and scrolls to it, and squeezes no explanation to make room.
        await until(lambda: not dialog.problem.visibleRegion().isEmpty())
        assert dialog.height() > 420
        assert not cut_texts(dialog), cut_texts(dialog)

    qasync_loop.run_until_complete(scenario())
    text = dialog.problem.text()
    assert text.startswith("This computer no longer has this model.")
    assert "Details: The engine has no fine-tuned model 'ft:tiny-llama:gone:000000'" in text
    assert dialog.export_button.isVisible() and not dialog.cancel_button.isVisible()
    assert not (tmp_path / "out").exists()
    shoot(dialog, qtbot, "dialog-failed", (720, 700))
    qasync_loop.run_until_complete(context.shutdown())
