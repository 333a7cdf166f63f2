"""A finished job's "Try the model in the playground", through the main window: the
playground opens with the model the job started from on the left, the fine-tune on the
right and the system prompt of the examples it learned from."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from fine_tune_studio.core.conversation import ModelRef, ReplyStatus
from fine_tune_studio.core.job_records import JobRecord, JobRecordBook
from fine_tune_studio.core.providers import local_engine_profile
from fine_tune_studio.services.job_records_store import JobRecordStore, default_path
from fine_tune_studio.ui.i18n import LanguageSwitcher
from fine_tune_studio.ui.main_window import MainWindow
from tests.support.qt_fixtures import until
from tests.ui.jobs.conftest import AIRPORT_FAQ, RunningEngine

pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]

SHOTS = Path("/tmp/shots/jobs")


def first_example() -> tuple[str, str, str]:
    """(system prompt, question, answer) of the airport file's first example."""
    messages = json.loads(AIRPORT_FAQ.read_text(encoding="utf-8").splitlines()[0])["messages"]
    by_role = {m["role"]: m["content"] for m in messages}
    return by_role["system"], by_role["user"], by_role["assistant"]


def test_open_in_playground_compares_the_fine_tune_with_its_base_model(
    trained_job: Any, engine_server: Any, qtbot: Any,
    qasync_loop: asyncio.AbstractEventLoop, make_ui_context: Any,
) -> None:
    context = make_ui_context(engine_factory=lambda: RunningEngine(engine_server))
    profile = context.registry.add(local_engine_profile("This computer"), make_active=True)
    job = trained_job.job
    # Which file started the job, as the launch wizard would have recorded it.
    book = JobRecordBook()
    book.add(JobRecord(provider_id=profile.id, job_id=job.id, dataset_path=str(AIRPORT_FAQ),
                       base_model=engine_server.base_model, suffix="airport"))
    JobRecordStore(default_path(context.settings_store.dirs.data)).save(book)

    window = MainWindow(context)
    qtbot.addWidget(window)
    window.resize(1300, 820)
    window.show()
    jobs = window.panel_widgets["jobs"]
    playground = window.panel_widgets["playground"]
    window.show_panel("jobs")
    assert playground.system_edit.toPlainText() == ""  # no examples are open in the editor
    system, question, answer = first_example()
    key = f"{profile.id}/{job.id}"

    async def scenario() -> None:
        await until(lambda: key in jobs.jobs.jobs, timeout=60)
        jobs.select_job(key)
        button = jobs.detail.playground_button
        await until(button.isEnabled)
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        await until(lambda: window.current_panel_key() == "playground")
        await until(lambda: len(playground.columns) == 2
                    and playground.columns[1].model_ref() is not None)
        assert "(left) beside its fine-tune" in playground.status.text()

        # Both answer the same question: only the fine-tune answers like the examples.
        playground.params_bar.temperature.setValue(0)
        playground.input_edit.setPlainText(question)
        qtbot.mouseClick(playground.send_button, Qt.MouseButton.LeftButton)
        await until(lambda: playground.conversation.turns and not playground.is_busy,
                    timeout=120)

    qasync_loop.run_until_complete(asyncio.wait_for(scenario(), 600))
    assert [c.model_ref() for c in playground.columns] == [
        ModelRef(provider_id=profile.id, model=engine_server.base_model),
        ModelRef(provider_id=profile.id, model=job.fine_tuned_model),
    ]
    assert playground.system_edit.toPlainText() == system
    base, tuned = playground.conversation.turns[0].replies
    assert tuned.status == ReplyStatus.DONE and tuned.text.strip() == answer
    assert base.status == ReplyStatus.DONE and answer not in base.text

    SHOTS.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(SHOTS / "open-in-playground-en.png"))
    switcher = LanguageSwitcher()
    switcher.apply("zh_TW")
    try:
        qtbot.wait(50)
        window.grab().save(str(SHOTS / "open-in-playground-zh_TW.png"))
    finally:
        switcher.apply("en")
    qasync_loop.run_until_complete(jobs.shutdown())
    qasync_loop.run_until_complete(playground.shutdown())
