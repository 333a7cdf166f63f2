"""Testing "This computer" before any base model is on it says so, and where one goes —
not the words about keys meant for hosted providers (slow: starts an engine)."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from fine_tune_studio.paths import models_dir
from fine_tune_studio.services.local_engine import LocalEngine
from fine_tune_studio.ui.i18n import LanguageSwitcher
from tests.support.engine_fixtures import ENGINE_TEST_ENV
from tests.support.qt_fixtures import until
from tests.ui.test_settings import click, open_panel, run

pytestmark = pytest.mark.slow

SHOTS = Path("/tmp/shots/settings")


def test_this_computer_without_a_model_points_to_the_models_folder(
    qtbot: Any, qasync_loop: Any, make_ui_context: Any, tmp_path: Path
) -> None:
    engines: list[LocalEngine] = []

    def make_engine() -> LocalEngine:
        engines.append(LocalEngine(data_dir=tmp_path / "engine-data", models_dir=models_dir(),
                                   extra_env=ENGINE_TEST_ENV, startup_timeout=120.0))
        return engines[-1]

    panel = open_panel(qtbot, make_ui_context, engine_factory=make_engine)
    models = panel.context.models_dir  # the app's folder, the one its engine is given

    async def scenario() -> None:
        await click(qtbot, panel.first_run.local_button)
        await until(lambda: panel.providers_list.count() == 1)
        await click(qtbot, panel.test_button)
        await until(lambda: panel.connection_test is not None and panel.connection_test.done(),
                    timeout=180)

    try:
        run(qasync_loop, scenario)
        text = panel.result_label.text()
        assert "no base model on this computer yet" in text
        assert str(models) in text and "Get a model…" in text
        # The way on is right there: the models box with its Get a model… button.
        assert panel.local_models_box.isVisible()
        assert panel.local_models_box.get_button.isVisible()
        assert panel.local_models_box.empty_label.isVisible()
        assert "key" not in text.lower()
        assert not panel.models_list.isVisible()
        SHOTS.mkdir(parents=True, exist_ok=True)
        panel.grab().save(str(SHOTS / "no-model-en.png"))
        switcher = LanguageSwitcher()
        switcher.apply("zh_TW")

        async def again_in_chinese() -> None:
            await click(qtbot, panel.test_button)
            await until(lambda: "還沒有基礎模型" in panel.result_label.text(), timeout=60)
            await asyncio.sleep(0.2)  # let the longer text lay out before the screenshot

        try:
            run(qasync_loop, again_in_chinese)
            panel.grab().save(str(SHOTS / "no-model-zh_TW.png"))
        finally:
            switcher.apply("en")
    finally:
        qasync_loop.run_until_complete(panel.context.shutdown())
    assert not any(engine.running for engine in engines)
