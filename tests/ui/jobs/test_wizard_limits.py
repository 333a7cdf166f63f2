"""The wizard's numbers: a value outside what the provider accepts is kept as typed and
refused with the limit named; it is never changed silently (ui/jobs/wizard.py)."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QWizard

from fine_tune_studio.core.document import DatasetDocument
from fine_tune_studio.core.providers import ProviderKind, ProviderProfile
from tests.support.qt_fixtures import until
from tests.support.test_files import AIRPORT_FAQ
from tests.ui.jobs.conftest import make_context
from tests.ui.jobs.wizard_driver import open_and_fill


def run(loop: asyncio.AbstractEventLoop, coro: Any) -> Any:
    return loop.run_until_complete(asyncio.wait_for(coro, 120))


def test_epochs_past_openais_fifty_are_kept_and_a_limit_is_named(
    fake_api_context: Any, make_panel: Any, qasync_loop: asyncio.AbstractEventLoop,
    qtbot: Any,
) -> None:
    panel = make_panel(fake_api_context)

    async def scenario() -> None:
        wizard = await open_and_fill(panel, qtbot, validation="none",
                                     settings={"n_epochs": 100})
        page = wizard.settings_page
        epochs = page.rows["n_epochs"].field
        next_button = wizard.button(QWizard.WizardButton.NextButton)
        assert epochs.text() == "100" and epochs.problem() is None  # not clamped to 50
        assert next_button.isEnabled()
        epochs.setText("5000")
        await until(lambda: not next_button.isEnabled())
        assert epochs.text() == "5000"  # kept as typed
        assert "5000 is more than this app accepts (at most 1000)." in page.limits_problem.text()
        epochs.setText("3")
        await until(next_button.isEnabled)
        await panel.shutdown()

    run(qasync_loop, scenario())


def test_openai_names_its_own_limit(
    qapp: Any, tmp_path: Path, fault_server: Any, make_panel: Any,
    qasync_loop: asyncio.AbstractEventLoop, qtbot: Any,
) -> None:
    profile = ProviderProfile(id="openai", kind=ProviderKind.OPENAI, display_name="OpenAI",
                              base_url=fault_server.base_url)
    context = make_context(tmp_path / "home", [profile])
    context.set_dataset(DatasetDocument.open(AIRPORT_FAQ))
    panel = make_panel(context)

    async def scenario() -> None:
        wizard = await open_and_fill(panel, qtbot, validation="none",
                                     settings={"n_epochs": 100})
        page = wizard.settings_page
        next_button = wizard.button(QWizard.WizardButton.NextButton)
        await until(lambda: not next_button.isEnabled())
        assert page.rows["n_epochs"].field.text() == "100"
        assert "100 is more than OpenAI accepts (at most 50)." in page.limits_problem.text()
        await panel.shutdown()

    run(qasync_loop, scenario())
