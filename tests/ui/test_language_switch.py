"""Switching to Traditional Chinese while the app runs re-words every panel and every dialog
it can open, at once: none of the app's English texts stays on screen.

The window is built as the app builds it (every panel, a real `LanguageSwitcher`, the
shipped zh_TW translations), with an examples file open and each panel's dialogs open; then
the user picks 繁體中文 in the Language menu. What counts as "English left over" is any text
on screen that is one of the app's own English texts (from the shipped .ts files) whose
Chinese translation differs — data (file names, model names, numbers) never matches.
"""

from __future__ import annotations

import asyncio
import re
import shutil
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTabWidget,
    QWidget,
    QWizard,
    QWizardPage,
)

from fine_tune_studio.core.conversation import Conversation, Reply, ReplyStatus, Turn
from fine_tune_studio.core.test_sets import read_test_items
from fine_tune_studio.paths import resources_dir
from tests.support.qt_fixtures import this_computer_window, until
from tests.support.test_files import AIRPORT_FAQ

TRANSLATIONS = resources_dir() / "translations"
PLACEHOLDER = re.compile(r"%(?:\d|n|p)")


# -- what counts as English left over ---------------------------------------------------------


@cache
def english_texts() -> tuple[tuple[re.Pattern[str], bool], ...]:
    """One pattern per English text of the app that zh_TW translates differently (%1, %n
    stand for whatever the app puts there), and whether it is long enough (three words or
    more) to be found inside a longer text too."""
    messages = []
    for ts in sorted(TRANSLATIONS.glob("*_zh_TW.ts")):
        for message in ET.parse(ts).iter("message"):
            source = (message.findtext("source") or "").replace("&", "")
            translation = message.find("translation")
            assert translation is not None
            forms = [f.text or "" for f in translation.iter("numerusform")] or [
                translation.text or ""
            ]
            messages.append((source, [form.replace("&", "") for form in forms]))
    chinese = "\n".join(form for _, forms in messages for form in forms)
    patterns = []
    for source, _forms in messages:
        if source in chinese:
            continue  # a name Chinese keeps ("Fine Tune Studio", "GGUF", "Ollama")
        if not re.search(r"[A-Za-z]{3,}", PLACEHOLDER.sub("", source)):
            continue  # nothing English in it but placeholders ("%1 %2", " · ")
        parts = [re.escape(part) for part in PLACEHOLDER.split(source)]
        words = re.findall(r"[A-Za-z]{2,}", PLACEHOLDER.sub("", source))
        patterns.append((re.compile(".+?".join(parts), re.DOTALL), len(words) >= 3))
    assert len(patterns) > 500
    return tuple(patterns)


def plain(text: str) -> str:
    return re.sub(r"<[^>]+>", "", text).replace("&nbsp;", " ").replace("&", "").strip()


def is_english(text: str) -> bool:
    lines = [line.strip() for line in plain(text).splitlines() if line.strip()]
    return any(
        (pattern.search(line) if long else pattern.fullmatch(line))
        for line in lines
        for pattern, long in english_texts()
    )


def shown_texts(top: QWidget) -> Iterator[tuple[str, str]]:
    """(which widget, text) for every text the user sees in the window `top`."""
    for widget in [top, *top.findChildren(QWidget)]:
        if widget is not top and (widget.window() is not top or not widget.isVisibleTo(top)):
            continue  # hidden, or in a window of its own (a dialog is checked by itself)
        where = f"{type(widget).__name__}({widget.objectName()})"
        if widget.isWindow():
            yield where + " title", widget.windowTitle()
        if isinstance(widget, QLabel):
            yield where, widget.text()
        if isinstance(widget, QAbstractButton):
            yield where, widget.text()
        if isinstance(widget, QGroupBox):
            yield where, widget.title()
        if isinstance(widget, QTabWidget):
            for index in range(widget.count()):
                yield f"{where} tab {index}", widget.tabText(index)
        if isinstance(widget, QLineEdit | QPlainTextEdit):
            yield where + " placeholder", widget.placeholderText()
        if isinstance(widget, QComboBox):
            for index in range(widget.count()):
                yield f"{where} item {index}", widget.itemText(index)
        if isinstance(widget, QWizardPage):
            yield where + " title", widget.title()
            yield where + " subtitle", widget.subTitle()
        if isinstance(widget, QHeaderView) and widget.orientation() == Qt.Orientation.Horizontal:
            model = widget.model()
            for column in range(model.columnCount(QModelIndex()) if model else 0):
                text = model.headerData(column, Qt.Orientation.Horizontal)
                yield f"{where} header {column}", str(text or "")


def english_left(top: QWidget) -> list[str]:
    return [f"{where}: {text!r}" for where, text in shown_texts(top) if text and is_english(text)]


# -- the scene --------------------------------------------------------------------------------


@pytest.fixture
def window(qtbot: Any, qasync_loop: asyncio.AbstractEventLoop, make_ui_context: Any,
           tmp_path: Path) -> Iterator[Any]:
    with this_computer_window(make_ui_context, qasync_loop, (1100, 720)) as window:
        assert window.context.effective_language == "en"
        examples = tmp_path / "airport.jsonl"
        shutil.copyfile(AIRPORT_FAQ, examples)
        editor = window.panel_widgets["editor"]
        assert qasync_loop.run_until_complete(editor.open_path(examples, ask=False))
        qasync_loop.run_until_complete(
            until(lambda: not editor.loading and not editor.session.checking)
        )
        yield window


def open_every_dialog(window: Any, loop: asyncio.AbstractEventLoop) -> dict[str, QWidget]:
    """The dialogs each panel can open, through the code its buttons call (or built with
    the arguments the panel gives them), left open as a user might leave them."""
    from fine_tune_studio.ui.editor.export_dialog import ExportDialog as ExamplesExport
    from fine_tune_studio.ui.editor.import_dialog import ImportDialog
    from fine_tune_studio.ui.evaluation.dialogs import CorrectedAnswerDialog, JudgeDialog
    from fine_tune_studio.ui.evaluation.set_aside_dialog import open_set_aside_dialog
    from fine_tune_studio.ui.export.dialog import ExportDialog
    from fine_tune_studio.ui.models.get_model_dialog import open_get_model_dialog
    from fine_tune_studio.ui.playground.add_example_dialog import AddExampleDialog

    panels = window.panel_widgets
    assert set(panels) == {"editor", "jobs", "playground", "evaluation", "settings"}
    editor, jobs = panels["editor"], panels["jobs"]
    playground, evaluation = panels["playground"], panels["evaluation"]
    dialogs: dict[str, QWidget] = {"about": window.show_about()}

    privacy = editor.privacy_check()
    loop.run_until_complete(until(lambda: not privacy.scanning))
    dialogs["privacy check"] = privacy
    dialogs["export examples"] = ExamplesExport(editor.line_texts(), 1, editor)
    dialogs["paste rows"] = ImportDialog(editor, pasted="question\tanswer\nWi-Fi?\tYes.\n")
    dialogs["set aside"] = open_set_aside_dialog(editor)

    wizard = jobs.open_wizard()
    page = wizard.data_page
    loop.run_until_complete(until(lambda: not page._checking and not page._loading_models))
    assert "24 examples" in page.check_result.text()
    dialogs["launch wizard"] = wizard
    dialogs["export model"] = ExportDialog(window.context, ["ft:tiny-llama:airport:1"], jobs)
    dialogs["get a model"] = open_get_model_dialog(window.context, window)

    turn = Turn(user="Is there Wi-Fi?", replies=[
        Reply(text="Yes, free.", status=ReplyStatus.DONE), Reply(text="No.",
                                                                   status=ReplyStatus.DONE)])
    dialogs["add to dataset"] = AddExampleDialog(Conversation(turns=[turn]), 0, playground)

    item = read_test_items(AIRPORT_FAQ.read_bytes().splitlines())[0][0]
    dialogs["AI judge"] = JudgeDialog(evaluation._profiles(), "en", evaluation)
    dialogs["corrected answer"] = CorrectedAnswerDialog(item, "I do not know.", "en", evaluation)

    settings = panels["settings"]
    dialogs["set up training"] = settings.open_engine_setup()
    for dialog in dialogs.values():
        if not dialog.isVisible():
            dialog.open()
    return dialogs


def test_every_panel_and_dialog_switches_to_chinese_at_once(
    window: Any, qasync_loop: asyncio.AbstractEventLoop
) -> None:
    dialogs = open_every_dialog(window, qasync_loop)
    wizard = dialogs["launch wizard"]
    assert isinstance(wizard, QWizard)
    # Before: English everywhere (the check can see English).
    assert english_left(window)
    assert all(english_left(dialog) for dialog in dialogs.values())

    window.language_actions["zh_TW"].trigger()
    # The name the app gave "This computer" follows the language, inside sentences too.
    assert window.provider_label.text() == "服務商：這台電腦"

    left: dict[str, list[str]] = {}
    for key in window.panel_widgets:
        window.show_panel(key)
        left[f"panel {key}"] = english_left(window)
    for name, dialog in dialogs.items():
        left[name] = english_left(dialog)
    for page_id in wizard.pageIds():  # every page, not only the one on screen
        left[f"wizard page {page_id}"] = english_left(wizard.page(page_id))
    assert {where: texts for where, texts in left.items() if texts} == {}
