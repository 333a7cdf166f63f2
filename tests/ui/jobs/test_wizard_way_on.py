"""The wizard without a provider shows the way on, and answers a first-timer's questions."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QApplication

from fine_tune_studio.ui.help import HelpTopic, HelpWindow
from fine_tune_studio.ui.jobs.wizard import LaunchWizard


def test_without_a_provider_one_click_leads_to_the_providers(
    make_ui_context: Any, qtbot: Any
) -> None:
    context = make_ui_context()
    assert context.profiles() == []
    shown: list[str] = []
    context.show_panel_requested.connect(shown.append)
    wizard = LaunchWizard(context, None)  # type: ignore[arg-type]  # no job is launched
    qtbot.addWidget(wizard)
    wizard.show()
    page = wizard.data_page
    page._provider_changed()
    assert page.set_up_provider.isVisible()
    assert "Choose where to train first" in page.model_note.text()
    page.set_up_provider.click()
    assert shown == ["settings"]
    assert not wizard.isVisible()


def test_the_wizard_links_to_the_help_on_method_and_examples(
    make_ui_context: Any, qtbot: Any
) -> None:
    wizard = LaunchWizard(make_ui_context(), None)  # type: ignore[arg-type]
    qtbot.addWidget(wizard)
    links = wizard.data_page.help_links
    assert HelpTopic.WHICH_METHOD.value in links.text()
    assert HelpTopic.HOW_MANY_EXAMPLES.value in links.text()
    links.linkActivated.emit(HelpTopic.HOW_MANY_EXAMPLES.value)
    [window] = [w for w in QApplication.topLevelWidgets() if isinstance(w, HelpWindow)]
    qtbot.addWidget(window)
    assert window.isVisible()
    assert window.topic is HelpTopic.HOW_MANY_EXAMPLES
