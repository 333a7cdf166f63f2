"""The empty editor: a welcome page with the ways to start instead of an empty list, gone
as soon as there is something to edit and back when the file is closed for a new one."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from fine_tune_studio.ui.help import HelpTopic, HelpWindow
from tests.support.qt_fixtures import until
from tests.ui.editor.conftest import VALID


@pytest.fixture(autouse=True)
def _no_help_window_left() -> Any:
    yield
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, HelpWindow):
            widget.close()


def test_an_empty_editor_welcomes_instead_of_showing_an_empty_list(
    make_editor: Any, run: Any
) -> None:
    panel = make_editor()
    welcome = panel.welcome
    assert panel.pages.currentWidget() is welcome and welcome.isVisible()
    assert not panel.splitter.isVisible()
    assert welcome.heading.text() == "Start with example conversations"
    assert "10 examples" in welcome.intro.text()
    assert welcome.template_buttons, "at least one example set to start from"
    for button in welcome.template_buttons:
        assert button.text().startswith("Start from an example set: ")
        assert button.toolTip()  # the template's description
    assert welcome.open_button.text() == "Open a training file (.jsonl)…"
    assert not panel.fine_tune_action.isEnabled()  # nothing to train on yet

    # Writing the first example: the list and the form, with that example.
    qt_click(welcome.write_button)
    assert len(panel.session) == 1
    assert panel.pages.currentWidget() is panel.splitter and panel.splitter.isVisible()

    # Undone, the file is unchanged and empty again: the welcome page is back.
    panel.undo_action.trigger()
    run(until(lambda: panel.pages.currentWidget() is welcome))


def qt_click(button: Any) -> None:
    button.click()
    QApplication.processEvents()


def test_a_template_from_the_welcome_page_fills_the_editor(make_editor: Any, run: Any) -> None:
    panel = make_editor()
    panel.welcome.template_buttons[0].click()
    run(until(lambda: len(panel.session) > 0))
    assert panel.pages.currentWidget() is panel.splitter
    assert panel.fine_tune_action.isEnabled() == (panel.context.fine_tune_requested is not None)


def test_an_opened_file_shows_the_list_and_a_new_file_the_welcome_page(
    make_editor: Any, tmp_path: Path, run: Any
) -> None:
    panel = make_editor(VALID)
    assert panel.pages.currentWidget() is panel.splitter
    run(panel.new_document())
    run(until(lambda: panel.pages.currentWidget() is panel.welcome))
    assert panel.path is None and len(panel.session) == 0


@pytest.mark.parametrize(
    "topic", [HelpTopic.GETTING_STARTED, HelpTopic.WHICH_METHOD, HelpTopic.HOW_MANY_EXAMPLES]
)
def test_the_welcome_pages_help_links_open_the_help(
    make_editor: Any, run: Any, topic: HelpTopic
) -> None:
    panel = make_editor()
    assert f'href="{topic.value}"' in panel.welcome.help_links.text()
    panel.welcome.help_links.linkActivated.emit(topic.value)
    [window] = [w for w in QApplication.topLevelWidgets() if isinstance(w, HelpWindow)]
    assert window.isVisible() and window.topic is topic
    assert window.windowModality() == Qt.WindowModality.NonModal
    assert window.browser.source().toLocalFile().endswith(f"en/{topic.value}.html")
