"""The settings panel against the real local engine (slow: starts engine processes)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from fine_tune_studio.core.providers import ProviderKind
from fine_tune_studio.services.local_engine import LocalEngine
from tests.support.engine_fixtures import ENGINE_TEST_ENV, TINY_MODEL_NAME
from tests.support.qt_fixtures import until
from tests.ui.test_settings import choose_kind, click, open_panel, paste_key, run, type_into

pytestmark = pytest.mark.slow


def connection_test_finished(panel: Any) -> bool:
    return panel.connection_test is not None and panel.connection_test.done()


def model_ids(panel: Any) -> list[str]:
    return [panel.models_list.item(i).text() for i in range(panel.models_list.count())]


def test_a_remote_engine_with_its_token_lists_the_engine_models(
    qtbot, qasync_loop, make_ui_context, engine_server
) -> None:
    panel = open_panel(qtbot, make_ui_context)

    async def scenario() -> None:
        await click(qtbot, panel.add_button)
        choose_kind(qtbot, panel, ProviderKind.REMOTE_ENGINE)
        type_into(qtbot, panel.form.name_edit, "GPU box")
        type_into(qtbot, panel.form.base_url_edit, engine_server.base_url)
        await paste_key(qtbot, panel, engine_server.token)
        await click(qtbot, panel.save_button)
        await until(lambda: panel.providers_list.count() == 1)
        await click(qtbot, panel.test_button)
        await until(lambda: connection_test_finished(panel), timeout=120)

    run(qasync_loop, scenario)
    assert panel.result_label.text().startswith("Connected."), panel.result_label.text()
    assert any(line.startswith(TINY_MODEL_NAME) for line in model_ids(panel))


def test_a_wrong_engine_token_is_explained(
    qtbot, qasync_loop, make_ui_context, engine_server
) -> None:
    panel = open_panel(qtbot, make_ui_context)

    async def scenario() -> None:
        await click(qtbot, panel.add_button)
        choose_kind(qtbot, panel, ProviderKind.REMOTE_ENGINE)
        type_into(qtbot, panel.form.base_url_edit, engine_server.base_url)
        await paste_key(qtbot, panel, "not-the-engine-token-123456")
        await click(qtbot, panel.test_button)
        await until(lambda: connection_test_finished(panel), timeout=120)

    run(qasync_loop, scenario)
    text = panel.result_label.text()
    # The engine is the user's own: its token is printed where it was started, not on a
    # provider's website.
    assert text.splitlines()[0] == "The engine did not accept the token"
    assert "fine-tune-studio engine serve" in text and "provider's website" not in text
    assert "not-the-engine-token-123456" not in text


def test_this_computer_starts_on_first_use_and_stops_with_the_app(
    qtbot, qasync_loop, make_ui_context, engine_models_dir: Path, tmp_path: Path
) -> None:
    engines: list[LocalEngine] = []

    def make_engine() -> LocalEngine:
        engine = LocalEngine(
            data_dir=tmp_path / "engine-data", models_dir=engine_models_dir,
            extra_env=ENGINE_TEST_ENV, startup_timeout=120.0,
        )
        engines.append(engine)
        return engine

    panel = open_panel(qtbot, make_ui_context, engine_factory=make_engine)
    context = panel.context

    async def scenario() -> None:
        await click(qtbot, panel.first_run.local_button)
        await until(lambda: panel.providers_list.count() == 1)
        assert engines == []  # choosing it does not start it yet
        await click(qtbot, panel.test_button)
        await until(lambda: panel.busy.isVisible())
        assert panel.result_label.text() == "Starting the engine on this computer…"
        await until(lambda: connection_test_finished(panel), timeout=180)
        assert not panel.busy.isVisible()
        assert panel.result_label.text().startswith("Connected."), panel.result_label.text()
        assert engines[0].running
        first_token = engines[0].token

        # The engine dies behind the app's back: the next use starts a fresh one.
        engines[0]._process.kill()  # type: ignore[union-attr]
        await until(lambda: not engines[0].running)
        client = await context.client()
        assert len(engines) == 2 and engines[1].running
        assert client.base_url == engines[1].base_url
        assert engines[1].token != first_token  # a fresh engine, not the dead one
        await context.shutdown()

    run(qasync_loop, scenario)
    assert any(line.startswith(TINY_MODEL_NAME) for line in model_ids(panel))
    assert not any(engine.running for engine in engines)
