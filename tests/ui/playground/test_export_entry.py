"""The playground's Export…: offered for a fine-tuned model of this computer only, and
opening the export dialog on that model."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from fine_tune_studio.core.conversation import ModelRef
from fine_tune_studio.core.providers import ProviderKind, ProviderProfile, local_engine_profile
from fine_tune_studio.ui.playground.panel import PlaygroundPanel
from tests.ui.jobs.conftest import make_context


def test_export_is_offered_for_local_fine_tunes_and_opens_the_dialog(
    qtbot: Any, qasync_loop: asyncio.AbstractEventLoop, tmp_path: Path
) -> None:
    local = local_engine_profile("This computer")
    remote = ProviderProfile(id="other", kind=ProviderKind.OPENAI_COMPATIBLE,
                             display_name="Other", base_url="http://127.0.0.1:9/v1")
    context = make_context(tmp_path / "home", [local, remote])
    panel = PlaygroundPanel(context, library_dir=tmp_path / "library")
    qtbot.addWidget(panel)
    tuned = "ft:tiny-llama:airport:abc123"
    panel.set_column_models([ModelRef(provider_id=local.id, model="tiny-llama"),
                             ModelRef(provider_id=local.id, model=tuned)])
    base_column, tuned_column = panel.columns
    assert not base_column.export_button.isEnabled()  # a base model: nothing to export
    assert tuned_column.export_button.isEnabled()
    panel.set_column_models([ModelRef(provider_id=remote.id, model=tuned)])
    assert not panel.columns[0].export_button.isEnabled()  # its files are not here
    panel.set_column_models([ModelRef(provider_id=local.id, model=tuned)])
    qtbot.mouseClick(panel.columns[0].export_button, Qt.MouseButton.LeftButton)
    dialog = panel.export_dialog
    assert dialog.isVisible()
    assert [dialog.model_box.itemData(i) for i in range(dialog.model_box.count())] == [tuned]
    dialog.close()
    qasync_loop.run_until_complete(context.shutdown())
