"""The playground at 1024×700 with long fine-tune ids: the columns fit side by side, each
model is shown by the name the user gave it (full id on hover), provider names follow
the language, and the chosen models are there again after a restart (ui/playground)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from fine_tune_studio.core.conversation import ModelRef
from tests.support.qt_fixtures import until
from tests.ui.playground.conftest import SCRIPTED_PROFILE_ID, run

SHOTS = Path(os.environ.get("FTS_SHOTS", "/tmp/shots/ux-jobs"))
LONG_IDS = ("ft:gpt-4o-mini-2024-07-18:acme-corp:airport:9xYzAbCd",
            "ft:tiny-airport-llama:airport-v2:eQKb3x:ckpt-step-300")


def test_the_playground_fits_1024_by_700(panel: Any, qtbot: Any, qasync_loop: Any) -> None:
    from fine_tune_studio.ui.i18n import LanguageSwitcher

    panel.set_column_models([ModelRef(provider_id=SCRIPTED_PROFILE_ID, model=m)
                             for m in LONG_IDS])
    panel.resize(1024, 700)

    async def settle() -> None:
        await until(lambda: all(c.model_ref() for c in panel.columns))

    run(qasync_loop, settle())
    qtbot.wait(50)
    assert [c.title_text() for c in panel.columns] == ["airport", "airport-v2 · step 300"]
    assert [c.title.toolTip() for c in panel.columns] == list(LONG_IDS)
    # Two columns share the width: nothing to scroll sideways to, no column cut.
    assert not panel.column_scroll.horizontalScrollBar().isVisible()
    for column in panel.columns:
        right = column.mapTo(panel, column.rect().topRight()).x()
        assert right <= panel.column_scroll.mapTo(panel, panel.column_scroll.rect()
                                                  .topRight()).x()
    SHOTS.mkdir(parents=True, exist_ok=True)
    switcher = LanguageSwitcher()
    try:
        for lang in ("en", "zh_TW"):
            switcher.apply(lang)
            qtbot.wait(50)
            assert not panel.column_scroll.horizontalScrollBar().isVisible()
            panel.grab().save(str(SHOTS / f"playground-1024x700-{lang}.png"))
        assert panel.columns[1].title_text() == "airport-v2・第 300 步"
    finally:
        switcher.apply("en")


def test_the_chosen_models_are_back_after_a_restart(
    panel: Any, scripted_context: Any, qasync_loop: Any, tmp_path: Path
) -> None:
    from fine_tune_studio.ui.playground import PlaygroundPanel

    chosen = [ModelRef(provider_id=SCRIPTED_PROFILE_ID, model=m) for m in
              ("echo-a", LONG_IDS[0], "echo-b")]
    panel.set_column_models(chosen)
    saved = scripted_context.settings_store.load()  # what the next start reads
    assert saved.panels["playground"]["models"] == [ref.model_dump() for ref in chosen]

    scripted_context.settings = saved
    again = PlaygroundPanel(scripted_context, library_dir=tmp_path / "conversations")
    try:
        assert [c.model_ref() for c in again.columns] == chosen
    finally:
        qasync_loop.run_until_complete(again.shutdown())
        again.deleteLater()


def test_a_parameter_outside_the_range_is_said_and_nothing_is_sent(
    panel: Any, qtbot: Any, scripted_server: Any
) -> None:
    from PySide6.QtCore import Qt

    panel.set_column_models([ModelRef(provider_id=SCRIPTED_PROFILE_ID, model="echo-a")])
    temperature = panel.params_bar.temperature
    temperature.setText("3")
    assert temperature.text() == "3"  # kept as typed, not turned into 2
    assert not panel.send_button.isEnabled()
    assert panel.send_button.toolTip() == (
        "Temperature: 3 is more than the chat API accepts (at most 2).")
    asked = len(scripted_server.requests)
    panel.input_edit.setPlainText("Hello")
    qtbot.keyClick(panel.input_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert len(scripted_server.requests) == asked and not panel.conversation.turns
    temperature.setText("0.7")
    assert panel.send_button.isEnabled()
    assert panel.params_bar.params().temperature == 0.7
    panel.params_bar.max_tokens.setText("")  # empty: the provider's default
    assert panel.params_bar.params().max_tokens is None


def test_a_narrow_window_sets_the_side_panel_aside_until_asked(
    scripted_context: Any, qasync_loop: Any, qtbot: Any, tmp_path: Path
) -> None:
    """At 1024x700 the whole window leaves the playground ~860 px: two answers side by side
    need it all, so Saved and Tally start hidden behind a toggle; a wide window shows them."""
    from fine_tune_studio.ui.playground import PlaygroundPanel

    panels = []
    try:
        for name, size in (("narrow", (860, 660)), ("wide", (1500, 900))):
            widget = PlaygroundPanel(scripted_context, library_dir=tmp_path / name)
            panels.append(widget)
            widget.resize(*size)
            widget.show()
            qtbot.wait(20)
        narrow, wide = panels
        assert not narrow.side_tabs.isVisible() and not narrow.side_button.isChecked()
        assert not narrow.column_scroll.horizontalScrollBar().isVisible()
        narrow.side_button.click()
        assert narrow.side_tabs.isVisible()
        narrow.side_button.click()
        assert not narrow.side_tabs.isVisible()
        assert wide.side_tabs.isVisible() and wide.side_button.isChecked()
    finally:
        for widget in panels:
            qasync_loop.run_until_complete(widget.shutdown())
            widget.close()
            widget.deleteLater()
        qasync_loop.run_until_complete(scripted_context.registry.aclose())
