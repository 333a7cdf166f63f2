"""The launch wizard's base-model picker on "This computer": Get a model… downloads from
the Hub stand-in into the running engine's models folder, and the picker then offers and
selects the new model — the engine lists it without a restart (slow: uses the engine)."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt

from fine_tune_studio.core.document import DatasetDocument
from fine_tune_studio.core.providers import local_engine_profile
from fine_tune_studio.services.local_models import LocalModels
from tests.support.hub_stand_in import HubStandIn
from tests.support.qt_fixtures import until
from tests.support.test_files import AIRPORT_FAQ
from tests.ui.jobs.conftest import RunningEngine, make_context

pytestmark = pytest.mark.slow

SHOTS = Path("/tmp/shots/models")
NEW_MODEL = "wizard-chat"


class EngineWithItsFolder(RunningEngine):
    """The session's engine, saying where its base models live (as LocalEngine does)."""

    def __init__(self, server: Any) -> None:
        super().__init__(server)
        self.models_folder = server.models_dir
        self.running = True


def test_get_a_model_from_the_wizard_then_the_picker_offers_it(
    engine_server: Any, hub_stand_in: HubStandIn, tiny_model_dir: Path, make_panel: Any,
    qasync_loop: asyncio.AbstractEventLoop, qtbot: Any, tmp_path: Path,
) -> None:
    hub_stand_in.add_model_folder(f"tiny/{NEW_MODEL}", tiny_model_dir)
    context = make_context(tmp_path / "home", [local_engine_profile("This computer")],
                           engine_factory=lambda: EngineWithItsFolder(engine_server))
    context.set_dataset(DatasetDocument.open(AIRPORT_FAQ))
    panel = make_panel(context)

    async def scenario() -> None:
        qtbot.mouseClick(panel.new_button, Qt.MouseButton.LeftButton)
        wizard = panel._wizard
        page = wizard.data_page
        await until(lambda: page.model.count() > 0, timeout=120)
        assert context.models_dir == engine_server.models_dir
        assert page.get_model.isVisible()
        assert page.model.findData(NEW_MODEL) < 0
        qtbot.mouseClick(page.get_model, Qt.MouseButton.LeftButton)
        dialog = page.get_model.dialog
        assert dialog is not None
        await until(dialog.isVisible)
        dialog.repo_edit.setText(f"tiny/{NEW_MODEL}")
        qtbot.mouseClick(dialog.other_button, Qt.MouseButton.LeftButton)
        await until(lambda: "ready to fine-tune" in dialog.progress_title.text(), timeout=120)
        # The engine lists the new folder at once, and the picker has chosen it.
        await until(lambda: page.model.currentData() == NEW_MODEL, timeout=60)
        dialog.reject()
        for _ in range(3):
            QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        SHOTS.mkdir(parents=True, exist_ok=True)
        wizard.grab().save(str(SHOTS / "wizard-offers-new-model-en.png"))

    try:
        qasync_loop.run_until_complete(asyncio.wait_for(scenario(), 300))
    finally:
        # The session's engine is shared: leave its models folder as it was.
        models = LocalModels(engine_server.models_dir)
        if models.find(NEW_MODEL) is not None:
            models.remove(NEW_MODEL)
