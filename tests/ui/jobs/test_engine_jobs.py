"""The jobs panel against the real local engine with the tiny model: launch from the
wizard, watch it train to the end, pause, resume and cancel one, and see the chart,
checkpoints, result file and notice."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

from fine_tune_studio.core.metrics import Metric, parse_result_csv, point_from_event
from fine_tune_studio.services.job_watch import job_key
from fine_tune_studio.ui.i18n import LanguageSwitcher
from tests.support.engine_fixtures import make_client
from tests.support.qt_fixtures import until
from tests.ui.jobs.wizard_driver import open_and_fill, review_and_start

pytestmark = pytest.mark.slow

SHOTS = Path("/tmp/shots/jobs")


def run(loop: asyncio.AbstractEventLoop, coro: Any, timeout: float = 600) -> Any:
    return loop.run_until_complete(asyncio.wait_for(coro, timeout))


async def engine_events(engine_server: Any, job_id: str) -> list[Any]:
    client = make_client(engine_server)
    try:
        events = [e async for e in client.fine_tuning.jobs.list_events(job_id, limit=100)]
    finally:
        await client.close()
    return list(reversed(events))


async def engine_steps(engine_server: Any, job_id: str) -> int:
    """How many metrics events (training steps) the engine has recorded for a job."""
    events = await engine_events(engine_server, job_id)
    return sum(1 for e in events if point_from_event(e) is not None)


def test_launch_from_wizard_trains_to_the_end_with_live_chart_and_notice(
    engine_context: Any,
    engine_server: Any,
    make_panel: Any,
    qasync_loop: asyncio.AbstractEventLoop,
    qtbot: Any,
    shown_messages: list[tuple[str, str]],
    tmp_path: Path,
) -> None:
    panel = make_panel(engine_context)

    async def scenario() -> str:
        wizard = await open_and_fill(
            panel,
            qtbot,
            model=engine_server.base_model,
            settings={"n_epochs": 4, "batch_size": 4, "learning_rate_multiplier": 50,
                      "lora_r": 8, "trainable_layers": 1},
            validation="split",
            suffix="airport",
            seed=7,
        )
        review_text = wizard.review_page
        await review_and_start(wizard, qtbot)
        assert "Free" in review_text.summary.text()
        await until(lambda: wizard.created_job or review_text.error.isVisible(), timeout=120)
        assert not review_text.error.isVisible(), review_text.error.text()
        key = job_key("local-engine", wizard.created_job.id)
        assert key in panel.jobs.jobs
        assert panel.selected_keys() == [key]
        await until(lambda: panel.jobs.jobs[key].status == "succeeded", timeout=600)
        await until(lambda: panel.notifier.records, timeout=30)
        await until(lambda: panel.detail.checkpoints.rowCount() > 0)

        # The next launch's time estimate rests on this job's measured speed.
        # (Earlier tests of the session may have finished jobs on this engine too.)
        runs = panel.jobs.finished_runs()
        assert runs and {run.model for run in runs} == {engine_server.base_model}
        again = await open_and_fill(panel, qtbot, model=engine_server.base_model,
                                    validation="none")
        next_button = again.button(QWizard.WizardButton.NextButton)
        await until(next_button.isEnabled)
        qtbot.mouseClick(next_button, Qt.MouseButton.LeftButton)
        await until(lambda: "earlier job" in again.review_page.summary.text(), timeout=60)
        SHOTS.mkdir(parents=True, exist_ok=True)
        again.grab().save(str(SHOTS / "wizard-review-en.png"))
        again.reject()
        await panel.shutdown()
        return key

    key = run(qasync_loop, scenario())
    tracked = panel.jobs.jobs[key]

    # The table says it in words.
    row = panel.model.row_of(key)
    assert row is not None
    assert panel.model.index(row, 4).data() == "Finished"
    assert panel.model.index(row, 3).data() == "airport-faq.zh-TW.jsonl"
    assert panel.model.index(row, 7).data() not in ("", "—")  # trained tokens

    # The chart holds exactly what the engine reported in its metrics events.
    events = run(qasync_loop, engine_events(engine_server, tracked.id))
    expected = [p for p in (point_from_event(e) for e in events) if p is not None]
    assert expected, "the engine sent no metrics events"
    # One point per step: the engine repeats the last step with the final full-validation
    # numbers, and a chart shows a step once (its latest values).
    by_step: dict[int, float] = {}
    for point in expected:
        if Metric.TRAIN_LOSS in point.values:
            by_step[point.step] = point.values[Metric.TRAIN_LOSS]
    steps, losses = panel.detail.chart.metrics(key).series(Metric.TRAIN_LOSS)
    assert steps.tolist() == sorted(by_step)
    assert losses.tolist() == [by_step[step] for step in sorted(by_step)]
    full_valid = [p.values[Metric.FULL_VALID_LOSS] for p in expected
                  if Metric.FULL_VALID_LOSS in p.values]
    assert panel.detail.chart.metrics(key).series(Metric.FULL_VALID_LOSS)[1].tolist() == full_valid
    _drawn_x, drawn_y = panel.detail.chart.drawn(key, Metric.TRAIN_LOSS.value)
    assert drawn_y.tolist() == losses.tolist()  # few points: every one is drawn
    # A held-out split was sent, so validation loss is charted too.
    assert panel.detail.chart.metrics(key).count(Metric.VALID_LOSS) > 0

    # Checkpoints are listed with their metrics and can be opened in the playground.
    table = panel.detail.checkpoints
    assert table.rowCount() >= 1
    assert table.item(0, 1).text() != "—"
    opened: list[Any] = []
    engine_context.compare_models_requested.connect(opened.append)
    table.cellWidget(table.rowCount() - 1, 5).click()
    run(qasync_loop, until(lambda: opened, timeout=30))
    checkpoint = opened[0]
    assert checkpoint.tuned_model.startswith("ft:") and "ckpt" in checkpoint.tuned_model
    assert checkpoint.base_model == engine_server.base_model

    # The events log shows the provider's messages.
    log_text = panel.detail.events.toPlainText()
    assert all(e.message in log_text for e in events if e.type == "message")

    # The user was told, through the tray, whether or not they were looking.
    notice = panel.notifier.records[-1]
    assert notice.success and notice.job_key == key
    assert (notice.title, notice.message) in shown_messages
    assert str(tracked.job.fine_tuned_model) in notice.message

    # The result file is saved where the user chose, and holds the charted numbers.
    folder = tmp_path / "results"
    folder.mkdir()
    assert panel.detail.download_button.isEnabled()
    panel.detail.download_button.click()
    dialog = panel.download_dialog
    assert dialog is not None and dialog.isVisible()  # open(): no nested event loop
    dialog.setDirectory(str(folder))
    dialog.accept()  # "Choose" in the folder the user went to
    saved_message = "Saved 1 result file in"  # English plural forms: not "file(s)"
    run(qasync_loop, until(lambda: saved_message in panel.message_label.text(), timeout=60))
    saved = list(folder.iterdir())
    assert len(saved) == 1
    from_file = parse_result_csv(saved[0].read_bytes())
    file_losses = {p.step: p.values[Metric.TRAIN_LOSS] for p in from_file
                   if Metric.TRAIN_LOSS in p.values}
    assert file_losses == pytest.approx(by_step)

    # What the user sees, in both languages, for a person to look at (/tmp/shots/jobs).
    SHOTS.mkdir(parents=True, exist_ok=True)
    panel.resize(1400, 900)
    panel.show()
    qtbot.wait(50)
    panel.grab().save(str(SHOTS / "jobs-finished-en.png"))
    switcher = LanguageSwitcher()
    switcher.apply("zh_TW")
    try:
        qtbot.wait(50)
        assert panel.new_button.text() == "新的微調…"
        assert panel.model.index(row, 4).data() == "已完成"
        panel.grab().save(str(SHOTS / "jobs-finished-zh_TW.png"))
    finally:
        switcher.apply("en")

    # The record of which file started the job survives a restart.
    reloaded = panel.jobs.record_store.load()
    record = reloaded.get(tracked.provider_id, tracked.id)
    assert record is not None and record.dataset_name == "airport-faq.zh-TW.jsonl"


def test_cancel_a_running_job_from_the_panel(
    engine_context: Any,
    engine_server: Any,
    make_panel: Any,
    qasync_loop: asyncio.AbstractEventLoop,
    qtbot: Any,
    shown_messages: list[tuple[str, str]],
) -> None:
    panel = make_panel(engine_context)

    async def scenario() -> str:
        wizard = await open_and_fill(
            panel, qtbot, model=engine_server.base_model,
            settings={"n_epochs": 50, "batch_size": 1}, validation="none",
        )
        await review_and_start(wizard, qtbot)
        error = wizard.review_page.error
        await until(lambda: wizard.created_job or error.isVisible(), timeout=120)
        assert not error.isVisible(), error.text()
        key = job_key("local-engine", wizard.created_job.id)
        assert panel.selected_keys() == [key]
        await until(lambda: panel.jobs.jobs[key].status == "running", timeout=300)

        # Pause: the status says so and training stops making steps until resumed.
        await until(panel.detail.pause_button.isEnabled)
        panel.detail.pause_button.click()
        await until(lambda: panel.jobs.jobs[key].status == "paused", timeout=60)
        assert panel.model.index(panel.model.row_of(key), 4).data() == "Paused"
        await until(panel.detail.resume_button.isEnabled)
        assert not panel.detail.pause_button.isEnabled()
        steps_when_paused = await engine_steps(engine_server, wizard.created_job.id)
        await asyncio.sleep(3)
        assert await engine_steps(engine_server, wizard.created_job.id) == steps_when_paused
        panel.detail.resume_button.click()
        await until(lambda: panel.jobs.jobs[key].status == "running", timeout=60)

        await until(panel.detail.cancel_button.isEnabled)
        panel.detail.cancel_button.click()
        await until(lambda: panel.jobs.jobs[key].status == "cancelled", timeout=120)
        await until(lambda: panel.notifier.records)
        await panel.shutdown()
        return key

    key = run(qasync_loop, scenario())
    assert panel.model.index(panel.model.row_of(key), 4).data() == "Cancelled"
    assert not panel.detail.cancel_button.isEnabled()
    assert panel.notifier.records[-1].title == "Fine-tuning cancelled"
