"""Together AI through the real app: settings, the launch wizard with Together's options,
limits and price, the job with its loss chart, the model's download onto this computer,
and the playground, against the scripted fake Together server. Screenshots (en, zh_TW;
1024×700 and large) go to /tmp/shots/together.
"""

from __future__ import annotations

import asyncio
import functools
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget, QWizard

from fine_tune_studio.core.conversation import ModelRef, ReplyStatus
from fine_tune_studio.core.document import DatasetDocument
from fine_tune_studio.core.providers import ProviderKind, ProviderProfile
from fine_tune_studio.engine.model_registry import base_model_dirs
from fine_tune_studio.paths import engine_default_models_dir
from fine_tune_studio.ui.jobs.panel import JobsPanel
from fine_tune_studio.ui.main_window import MainWindow
from fine_tune_studio.ui.panels import available_panels
from tests.support.qt_fixtures import until
from tests.support.together_fake import BASE_MODEL, TogetherFake
from tests.ui.jobs.conftest import AIRPORT_FAQ
from tests.ui.jobs.wizard_driver import open_and_fill

pytestmark = pytest.mark.timeout(300)

KEY = "tgp_v1_ui-test-key-0123456789abcdef"
SHOTS = Path("/tmp/shots/together")
SIZES = {"small": (1024, 700), "large": (1600, 1000)}


async def shoot(widget: QWidget, name: str, lang: str) -> None:
    """The widget at 1024×700 and large.

    Grabbing makes Qt process events, which under qasync runs other asyncio callbacks
    right there: inside a task's step that breaks asyncio ("cannot enter into task while
    another task is being executed", and anyio then finds no running loop). So the grab
    runs as a plain loop callback, where no task is executing. Each language is its own
    run of the test (the app started in that language)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    loop = asyncio.get_running_loop()
    done: asyncio.Future[None] = loop.create_future()

    def grab_all() -> None:
        original = widget.size()
        try:
            for size_name, (width, height) in SIZES.items():
                widget.resize(width, height)
                widget.grab().save(str(SHOTS / f"{name}-{size_name}-{lang}.png"))
            widget.resize(original)
        finally:
            done.set_result(None)

    loop.call_soon(grab_all)
    await done


def run(loop: asyncio.AbstractEventLoop, coro: Any, timeout: float = 180) -> Any:
    return loop.run_until_complete(asyncio.wait_for(coro, timeout))


@pytest.fixture(params=["en", "zh_TW"])
def lang(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def window(make_ui_context: Any, together_fake: TogetherFake, qtbot: Any,
           qasync_loop: asyncio.AbstractEventLoop, lang: str) -> Any:
    context = make_ui_context()
    if lang != "en":
        context.set_language(lang)
    profile = ProviderProfile(id="together", kind=ProviderKind.TOGETHER,
                              display_name="Together AI", base_url=together_fake.base_url)
    context.registry.add(profile, make_active=True)
    run(qasync_loop, context.registry.set_key("together", KEY))
    panels = [
        (spec, functools.partial(JobsPanel, poll_interval=0.2) if spec.key == "jobs" else cls)
        for spec, cls in available_panels()
    ]
    made = MainWindow(context, panels=panels)  # type: ignore[arg-type]
    qtbot.addWidget(made)
    made.resize(1300, 860)
    made.show()
    # After the window: the editor starts with an empty document of its own.
    context.set_dataset(DatasetDocument.open(AIRPORT_FAQ))
    # Let the panels' deferred starts (the job watcher) run in a loop iteration of their
    # own, not nested in the first click of the test.
    run(qasync_loop, asyncio.sleep(0.3))
    yield made
    jobs = made.panel_widgets["jobs"]
    if jobs._wizard is not None:
        jobs._wizard.close()
    run(qasync_loop, made.shutdown_panels())
    run(qasync_loop, context.shutdown())


def test_together_from_the_wizard_to_the_playground(
    window: Any, together_fake: TogetherFake, qtbot: Any,
    qasync_loop: asyncio.AbstractEventLoop, lang: str,
) -> None:
    english = lang == "en"
    jobs = window.panel_widgets["jobs"]
    playground = window.panel_widgets["playground"]
    window.show_panel("jobs")
    found: dict[str, Any] = {}

    # One coroutine for the whole story: ending a run of the qasync loop while requests
    # are in flight lets Qt finish them outside the loop (anyio then finds none).
    async def scenario() -> None:
        wizard = await open_and_fill(jobs, qtbot, model=BASE_MODEL, validation="split",
                                     suffix="airport")
        page = wizard.settings_page
        # Together's own options, with its limits for this model.
        await until(lambda: wizard.limits is not None)
        assert page.type_box.isVisible() and page.lora.isChecked()
        for key in ("learning_rate", "lora_r", "lora_alpha", "n_evals"):
            assert page.rows[key].field.isVisible(), key
        assert not page.rows["learning_rate_multiplier"].field.isVisible()
        assert "1–20" in page.limits_label.text()  # epochs, as Together states them
        epochs = page.rows["n_epochs"]
        epochs.auto.setChecked(False)
        epochs.field.setValue(50)
        next_button = wizard.button(QWizard.WizardButton.NextButton)
        await until(lambda: not next_button.isEnabled())
        assert "50" in page.limits_problem.text() and "20" in page.limits_problem.text()
        assert epochs.field.value() == 50  # said, not silently changed
        epochs.field.setValue(2)
        await until(next_button.isEnabled)
        page.full.setChecked(True)
        assert not page.rows["lora_r"].field.isVisible()  # no rank for full fine-tuning
        page.lora.setChecked(True)
        await shoot(wizard, "wizard-together-options", lang)

        qtbot.mouseClick(next_button, Qt.MouseButton.LeftButton)
        review = wizard.review_page
        finish = wizard.button(QWizard.WizardButton.FinishButton)
        assert review.estimate_button.isVisible() and not review.confirm.isEnabled()
        assert not together_fake.seen("POST", "/v1/files/upload")  # nothing sent unasked
        qtbot.mouseClick(review.estimate_button, Qt.MouseButton.LeftButton)
        await until(lambda: wizard.estimate is not None)
        assert "Together AI" in review.summary.text() and "US$" in review.summary.text()
        assert "Together AI" in review.estimate_note.text()
        assert review.confirm.isEnabled() and "US$" in review.confirm.text()
        if english:
            assert "Together AI's price estimate: US$" in review.estimate_note.text()
        await shoot(wizard, "wizard-together-price", lang)
        review.confirm.setChecked(True)
        qtbot.mouseClick(finish, Qt.MouseButton.LeftButton)
        await until(lambda: wizard.created_job is not None or review.error.isVisible())
        assert not review.error.isVisible(), review.error.text()

        # The files uploaded for the estimate were used for the job: sent once.
        assert len(together_fake.seen("POST", "/v1/files/upload")) == 2
        body = together_fake.seen("POST", "/v1/fine-tunes")[0].json()
        assert body["n_epochs"] == 2 and body["suffix"] == "airport"
        assert "validation_file" in body
        key = f"together/{together_fake.fine_tunes[0]['id']}"
        await until(lambda: key in jobs.jobs.jobs, timeout=60)
        jobs.select_job(key)
        tracked = jobs.jobs.jobs[key]
        await until(lambda: tracked.status == "succeeded" and len(tracked.points) == 12,
                    timeout=120)
        detail = jobs.detail
        await until(lambda: detail.checkpoints.rowCount() == 1)
        assert detail.weights_button.isVisible() and not detail.download_button.isVisible()
        assert not english or "learning rate" in detail._values["settings"].text()
        assert "unexpected" not in jobs.banner_text.text() + jobs.message_label.text()
        await shoot(window, "job-together-chart", lang)

        await until(detail.weights_button.isEnabled)
        qtbot.mouseClick(detail.weights_button, Qt.MouseButton.LeftButton)
        models = str(engine_default_models_dir())
        await until(lambda: models in detail.weights_status.text()
                    or detail.weights_status.styleSheet() != "", timeout=60)
        assert models in detail.weights_status.text(), detail.weights_status.text()
        assert "unexpected" not in jobs.banner_text.text() + jobs.message_label.text()
        await shoot(window, "job-together-downloaded", lang)

        tuned = together_fake.fine_tunes[0]["model_output_name"]
        found["tuned"] = tuned
        qtbot.mouseClick(detail.playground_button, Qt.MouseButton.LeftButton)
        await until(lambda: window.current_panel_key() == "playground")
        await until(lambda: len(playground.columns) == 2
                    and playground.columns[1].model_ref() is not None)
        playground.input_edit.setPlainText("服務台在哪裡？")
        qtbot.mouseClick(playground.send_button, Qt.MouseButton.LeftButton)
        await until(lambda: playground.conversation.turns and not playground.is_busy)
        column = playground.columns[1]
        # Not served on demand: said plainly, with where to start an endpoint.
        assert column.problem.isVisible()
        assert not english or "dedicated endpoint" in column.problem.text()
        assert f"https://api.together.ai/models/{tuned}" in column.problem.text()
        await shoot(window, "playground-together-needs-endpoint", lang)

        together_fake.serverless.add(tuned)
        playground.input_edit.setPlainText("服務台在哪裡？")
        qtbot.mouseClick(playground.send_button, Qt.MouseButton.LeftButton)
        await until(lambda: len(playground.conversation.turns) == 2 and not playground.is_busy)

    run(qasync_loop, scenario(), timeout=240)
    assert base_model_dirs(engine_default_models_dir())  # the model is on this computer
    assert [c.model_ref() for c in playground.columns] == [
        ModelRef(provider_id="together", model=BASE_MODEL),
        ModelRef(provider_id="together", model=found["tuned"]),
    ]
    base, fine = playground.conversation.turns[1].replies
    assert fine.status == ReplyStatus.DONE and "服務台" in fine.text
    assert base.status == ReplyStatus.DONE


def test_settings_forms_say_what_closes_and_when(
    make_ui_context: Any, qtbot: Any, qasync_loop: asyncio.AbstractEventLoop, lang: str,
    together_fake: TogetherFake,
) -> None:
    from fine_tune_studio.ui.settings.panel import SettingsPanel

    context = make_ui_context()
    if lang != "en":
        context.set_language(lang)
    panel = SettingsPanel(context)
    qtbot.addWidget(panel)
    panel.show()
    form = panel.form
    form.clear_for_new(ProviderKind.OPENAI)
    panel.editor_box.show()
    text = form.notice.text()
    assert form.notice.isVisible()
    assert "platform.openai.com/docs/deprecations" in text and "Together AI" in text
    if lang == "en":
        assert "6 January 2027" in text and "14 January 2027" in text
        assert "This computer" in text
    else:
        assert "2027年1月6日" in text and "2027年1月14日" in text
        assert "這台電腦" in text
    run(qasync_loop, shoot(panel, "settings-openai-dates", lang))
    form.set_kind(ProviderKind.AZURE_OPENAI)
    october = "14 October 2026" if lang == "en" else "2026年10月14日"
    assert october in form.notice.text()
    assert form.training_type_combo.isVisible()
    run(qasync_loop, shoot(panel, "settings-azure", lang))
    form.set_kind(ProviderKind.TOGETHER)
    assert not form.notice.isVisible()
    assert form.base_url_edit.placeholderText() == "https://api.together.xyz/v1"
    # Test connection: the fine-tunable models with what Together offers for each, then
    # the chat models.
    form.base_url_edit.setText(together_fake.base_url)
    form.key_field.setText(KEY)
    task = panel.test_connection()
    assert task is not None
    models = run(qasync_loop, task)
    assert models[0].id == BASE_MODEL and models[0].training_types == ("lora", "full")
    assert "LoRA" in panel.models_list.item(0).text()
    assert together_fake.seen("GET", "/v1/fine-tunes/models/limits")
    run(qasync_loop, shoot(panel, "settings-together", lang))


def test_the_wizard_says_what_to_do_when_openai_refuses_a_job(
    qapp: Any, tmp_path: Path, fault_server: Any, make_panel: Any,
    qasync_loop: asyncio.AbstractEventLoop, qtbot: Any,
) -> None:
    from tests.support.service_fixtures import reply
    from tests.ui.jobs.conftest import make_context
    from tests.ui.jobs.wizard_driver import review_and_start

    profile = ProviderProfile(id="openai", kind=ProviderKind.OPENAI, display_name="OpenAI",
                              base_url=fault_server.base_url)
    context = make_context(tmp_path / "home", [profile])
    context.set_dataset(DatasetDocument.open(AIRPORT_FAQ))
    # What OpenAI answers an organisation it no longer lets fine-tune.
    fault_server.on("POST", "/v1/fine_tuning/jobs", reply(403, {"error": {
        "message": "Fine-tuning is no longer available for this organization.",
        "type": "invalid_request_error", "param": None, "code": None}}))
    panel = make_panel(context)

    async def scenario() -> None:
        wizard = await open_and_fill(panel, qtbot, validation="none")
        assert "6 January 2027" in wizard.data_page.model_note.text()  # said before, too
        await review_and_start(wizard, qtbot)
        error = wizard.review_page.error
        await until(error.isVisible)
        text = error.text()
        assert "6 January 2027" in text and "Together AI" in text and "This computer" in text

    run(qasync_loop, scenario())
