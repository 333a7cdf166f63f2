"""What the user sees when things go wrong, and that jobs survive a restart."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Any

from fine_tune_studio.core.document import DatasetDocument
from fine_tune_studio.services.job_records_store import JobRecordStore
from tests.support.qt_fixtures import until
from tests.support.service_fixtures import reply
from tests.ui.jobs.conftest import MISTAKES
from tests.ui.jobs.wizard_driver import open_and_fill, review_and_start


def run(loop: asyncio.AbstractEventLoop, coro: Any) -> Any:
    return loop.run_until_complete(asyncio.wait_for(coro, 120))


def test_failed_upload_shows_the_providers_reason_and_creates_no_job(
    fake_api_context: Any, fault_server: Any, make_panel: Any,
    qasync_loop: asyncio.AbstractEventLoop, qtbot: Any,
) -> None:
    fault_server.on("POST", "/v1/files", reply(400, {"error": {
        "message": "File is too large for this organisation's storage quota.",
        "type": "invalid_request_error", "param": "file", "code": "quota_exceeded"}}))
    panel = make_panel(fake_api_context)

    async def scenario() -> Any:
        wizard = await open_and_fill(panel, qtbot, validation="none")
        await review_and_start(wizard, qtbot)
        await until(wizard.review_page.error.isVisible)
        await panel.shutdown()
        return wizard

    wizard = run(qasync_loop, scenario())
    text = wizard.review_page.error.text()
    assert "Could not start the job" in text
    assert "storage quota" in text
    assert not fault_server.seen("POST", "/v1/fine_tuning/jobs")
    assert wizard.isVisible()  # the user can fix it and try again
    assert not panel.jobs.jobs


def test_file_with_errors_is_never_uploaded(
    fake_api_context: Any, fault_server: Any, make_panel: Any,
    qasync_loop: asyncio.AbstractEventLoop, qtbot: Any,
) -> None:
    from PySide6.QtWidgets import QWizard

    fake_api_context.set_dataset(DatasetDocument.open(MISTAKES))
    panel = make_panel(fake_api_context)

    async def scenario() -> Any:
        panel.new_button.click()
        wizard = panel._wizard
        await until(lambda: wizard.checked is not None and wizard.data_page.model.count() > 0)
        await panel.shutdown()
        return wizard

    wizard = run(qasync_loop, scenario())
    assert wizard.checked.report.has_errors
    assert "will not be uploaded" in wizard.data_page.check_result.text()
    assert "Line " in wizard.data_page.check_result.text()
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    assert not fault_server.seen("POST", "/v1/files")


def test_failed_job_is_explained_and_notified(
    fake_api_context: Any, fault_server: Any, make_panel: Any,
    qasync_loop: asyncio.AbstractEventLoop, qtbot: Any,
    shown_messages: list[tuple[str, str]],
) -> None:
    panel = make_panel(fake_api_context)

    async def scenario() -> str:
        wizard = await open_and_fill(panel, qtbot, validation="none", suffix="faq")
        await review_and_start(wizard, qtbot)
        await until(lambda: wizard.created_job is not None)
        key = f"fake-openai/{wizard.created_job.id}"
        await until(lambda: panel.jobs.jobs[key].status == "queued")
        job = fault_server.jobs[0]
        job.update(status="failed", finished_at=int(time.time()), error={
            "code": "invalid_training_file",
            "message": "The job failed due to an invalid training file: line 3 has no answer.",
            "param": "training_file"})
        await until(lambda: panel.jobs.jobs[key].status == "failed")
        await panel.shutdown()
        return key

    key = run(qasync_loop, scenario())
    row = panel.model.row_of(key)
    assert panel.model.index(row, 4).data() == "Failed"
    assert "line 3 has no answer" in panel.model.index(row, 4).data(3)  # tooltip
    assert panel.detail.failure.isVisible()
    assert "line 3 has no answer" in panel.detail.failure.text()
    notice = panel.notifier.records[-1]
    assert not notice.success and "line 3 has no answer" in notice.message
    assert (notice.title, notice.message) in shown_messages


def test_unknown_and_paused_statuses_still_display(
    fake_api_context: Any, fault_server: Any, make_panel: Any,
    qasync_loop: asyncio.AbstractEventLoop, qtbot: Any,
) -> None:
    now = int(time.time())
    for job_id, status in (("ftjob-paused1", "paused"), ("ftjob-new1", "warming_up")):
        fault_server.jobs.append({
            "id": job_id, "object": "fine_tuning.job", "created_at": now,
            "model": "gpt-4o-mini-2024-07-18", "training_file": "file-x", "status": status,
            "fine_tuned_model": None, "finished_at": None, "hyperparameters": {},
            "organization_id": "org", "result_files": [], "seed": 1, "trained_tokens": None,
            "error": None,
        })
    panel = make_panel(fake_api_context)

    async def scenario() -> None:
        await until(lambda: len(panel.jobs.jobs) == 2)
        panel.select_job("fake-openai/ftjob-paused1")
        await until(lambda: panel.detail.job_key == "fake-openai/ftjob-paused1")
        await panel.shutdown()

    run(qasync_loop, scenario())
    texts = {panel.model.index(r, 4).data() for r in range(panel.model.rowCount())}
    assert texts == {"Paused", "warming up"}
    assert panel.detail.status.text() == "Paused"
    assert panel.detail.resume_button.isEnabled()
    assert not panel.detail.pause_button.isEnabled()


def test_jobs_and_their_datasets_are_back_after_a_restart(
    fake_api_context: Any, fault_server: Any, make_panel: Any,
    qasync_loop: asyncio.AbstractEventLoop, qtbot: Any, tmp_path: Path,
) -> None:
    store = JobRecordStore(tmp_path / "records" / "job_records.json")
    first = make_panel(fake_api_context, record_store=store)

    async def launch() -> str:
        wizard = await open_and_fill(first, qtbot, validation="none")
        await review_and_start(wizard, qtbot)
        await until(lambda: wizard.created_job is not None)
        # What the app does when it quits. Inside the loop: qasync runs pending callbacks
        # once more after run_until_complete, where a live poller would find no loop.
        await first.shutdown()
        return str(wizard.created_job.id)

    async def restart(job_id: str) -> Any:
        # A new panel (the app restarted) knows the job from the provider, and which file
        # started it from the local record.
        second = make_panel(fake_api_context, record_store=JobRecordStore(store.path))
        await until(lambda: f"fake-openai/{job_id}" in second.jobs.jobs)
        await second.shutdown()
        return second

    job_id = run(qasync_loop, launch())
    second = run(qasync_loop, restart(job_id))
    assert not first.jobs.watcher.running
    row = second.model.row_of(f"fake-openai/{job_id}")
    assert second.model.index(row, 3).data() == "airport-faq.zh-TW.jsonl"
