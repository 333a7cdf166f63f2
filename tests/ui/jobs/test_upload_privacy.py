"""Examples leaving the computer are scanned for personal data first, and the user decides:
fix them in the editor, leave them out, or go on knowingly. "This computer" needs no stop,
but the scan is there on request."""

from __future__ import annotations

import asyncio
import json
import shutil
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QWizard

from fine_tune_studio.core.document import DatasetDocument
from fine_tune_studio.core.providers import ProviderKind, ProviderProfile
from fine_tune_studio.ui.editor.privacy_dialog import PrivacyDialog
from fine_tune_studio.ui.i18n import LanguageSwitcher
from fine_tune_studio.ui.main_window import MainWindow
from tests.support.qt_fixtures import until
from tests.ui.jobs.conftest import AIRPORT_FAQ
from tests.ui.jobs.wizard_driver import open_and_fill, review_and_start

PHONE = "請撥 0912-345-678 找陳小姐"
EMAIL = "寄到 chen.mei@example.com"
SHOTS = Path("/tmp/shots/jobs")


def planted_file(folder: Path) -> Path:
    """The airport examples with a phone number on line 4 and an e-mail address on line 9."""
    lines = AIRPORT_FAQ.read_text(encoding="utf-8").splitlines()
    for number, text in ((4, PHONE), (9, EMAIL)):
        example = json.loads(lines[number - 1])
        example["messages"][-1]["content"] = text
        lines[number - 1] = json.dumps(example, ensure_ascii=False)
    path = folder / "planted.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def rows(dialog: PrivacyDialog) -> list[list[str]]:
    items = [dialog.list.topLevelItem(i) for i in range(dialog.list.topLevelItemCount())]
    return [[item.text(c) for c in range(dialog.list.columnCount())] for item in items if item]


def run(loop: asyncio.AbstractEventLoop, coro: Any) -> Any:
    return loop.run_until_complete(asyncio.wait_for(coro, 120))


def test_leaving_out_the_examples_with_personal_data(
    fake_api_context: Any, fault_server: Any, make_panel: Any,
    qasync_loop: asyncio.AbstractEventLoop, qtbot: Any, tmp_path: Path,
) -> None:
    fake_api_context.set_dataset(DatasetDocument.open(planted_file(tmp_path)))
    panel = make_panel(fake_api_context)

    async def scenario() -> Any:
        wizard = await open_and_fill(panel, qtbot, validation="none")
        review = wizard.review_page
        await review_and_start(wizard, qtbot)
        assert "Before anything is uploaded" in review.privacy_note.text()
        await until(lambda: review.privacy_dialog is not None
                    and review.privacy_dialog.isVisible())
        dialog = review.privacy_dialog
        assert [(r[0], r[1], r[2]) for r in rows(dialog)] == [
            ("4", "messages[2].content", "phone number"),
            ("9", "messages[2].content", "e-mail address"),
        ]
        text = dialog.heading.text()
        assert text.startswith("2 possible personal details or secrets")
        assert "Uploading sends them to Fake OpenAI." in text
        assert "leave out the 2 examples that hold them" in text
        assert not fault_server.seen("POST", "/v1/files")  # nothing left before the answer
        SHOTS.mkdir(parents=True, exist_ok=True)
        dialog.grab().save(str(SHOTS / "privacy-upload-en.png"))
        wizard.grab().save(str(SHOTS / "wizard-review-remote-en.png"))
        switcher = LanguageSwitcher()
        switcher.apply("zh_TW")
        try:
            await asyncio.sleep(0.1)
            assert dialog.exclude_button.text() == "略過這些範例"
            assert rows(dialog)[0][2] == "電話號碼"
            dialog.grab().save(str(SHOTS / "privacy-upload-zh_TW.png"))
            wizard.grab().save(str(SHOTS / "wizard-review-remote-zh_TW.png"))
        finally:
            switcher.apply("en")
        dialog.exclude_button.click()
        await until(lambda: wizard.created_job is not None or review.error.isVisible())
        assert not review.error.isVisible(), review.error.text()
        await panel.shutdown()
        return wizard

    wizard = run(qasync_loop, scenario())
    assert "2 examples with personal data were left out." in wizard.review_page.stage.text()
    body = fault_server.seen("POST", "/v1/files")[0].body
    assert PHONE.encode() not in body and EMAIL.encode() not in body
    assert body.count(b'"messages"') == 22
    key = f"fake-openai/{wizard.created_job.id}"
    assert panel.jobs.jobs[key].record.n_examples == 22


def test_going_back_to_fix_opens_the_editor_at_that_example(
    qtbot: Any, qasync_loop: asyncio.AbstractEventLoop, make_ui_context: Any,
    fault_server: Any, tmp_path: Path,
) -> None:
    context = make_ui_context()
    context.registry.add(ProviderProfile(
        id="fake-openai", kind=ProviderKind.OPENAI_COMPATIBLE, display_name="Fake OpenAI",
        base_url=fault_server.base_url,
    ), make_active=True)
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.resize(1200, 800)
    window.show()
    editor = window.panel_widgets["editor"]
    jobs = window.panel_widgets["jobs"]

    async def scenario() -> None:
        assert await editor.open_path(planted_file(tmp_path), ask=False)
        editor.fine_tune_action.trigger()
        await until(lambda: jobs._wizard is not None and jobs._wizard.isVisible())
        wizard = jobs._wizard
        page = wizard.data_page
        await until(lambda: wizard.checked is not None and page.model.count() > 0)
        for _ in range(2):
            wizard.button(QWizard.WizardButton.NextButton).click()
        review = wizard.review_page
        review.confirm.setChecked(True)
        wizard.button(QWizard.WizardButton.FinishButton).click()
        await until(lambda: review.privacy_dialog is not None
                    and not review.privacy_dialog.scanning)
        dialog = review.privacy_dialog
        email = dialog.list.topLevelItem(1)
        assert email is not None and email.text(0) == "9"
        dialog.list.itemDoubleClicked.emit(email, 0)  # "take me there"
        await until(lambda: not wizard.isVisible())
        await until(lambda: window.current_panel_key() == "editor")
        await jobs.shutdown()

    run(qasync_loop, scenario())
    assert editor._current_line == 8  # line 9, counted from 0
    assert not fault_server.seen("POST", "/v1/files")
    assert not fault_server.seen("POST", "/v1/fine_tuning/jobs")


def test_this_computer_needs_no_stop_but_can_look_on_request(
    engine_context: Any, make_panel: Any, qasync_loop: asyncio.AbstractEventLoop,
    qtbot: Any, tmp_path: Path, engine_server: Any,
) -> None:
    planted = shutil.copy(planted_file(tmp_path), tmp_path / "mine.jsonl")
    engine_context.set_dataset(DatasetDocument.open(Path(planted)))
    panel = make_panel(engine_context)

    async def scenario() -> PrivacyDialog:
        wizard = await open_and_fill(panel, qtbot, model=engine_server.base_model,
                                     validation="none")
        next_button = wizard.button(QWizard.WizardButton.NextButton)
        await until(next_button.isEnabled)
        next_button.click()
        review = wizard.review_page
        assert "stay on this computer" in review.privacy_note.text()
        review.privacy_button.click()
        await until(lambda: review.privacy_dialog is not None
                    and review.privacy_dialog.isVisible())
        dialog = review.privacy_dialog
        assert len(rows(dialog)) == 2
        assert not dialog.exclude_button.isVisible()  # nothing is uploaded to leave out
        assert "Uploading" not in dialog.heading.text()
        dialog.go_on.click()
        await until(lambda: not dialog.isVisible())
        assert wizard.isVisible() and wizard.currentPage() is review
        wizard.reject()
        await panel.shutdown()
        return dialog

    run(qasync_loop, scenario())
