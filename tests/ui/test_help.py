"""The built-in help: three pages in both languages with their pictures, one non-modal
window opened from the Help menu (and `show_help` anywhere else), following a language
switch; and the script that takes the pictures from the real screens still runs."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QImage, QPixmap, QTextDocument
from PySide6.QtWidgets import QApplication

from fine_tune_studio.ui.help import (
    HELP_LANGUAGES,
    HelpTopic,
    HelpWindow,
    help_dir,
    help_page,
    show_help,
)
from tests.support.qt_fixtures import until

REPO = Path(__file__).resolve().parents[2]


def help_windows() -> list[HelpWindow]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, HelpWindow)]


@pytest.fixture
def window(qtbot: Any, make_ui_context: Any) -> Any:
    from fine_tune_studio.ui.main_window import MainWindow

    window = MainWindow(make_ui_context())
    qtbot.addWidget(window)
    window.show()
    yield window
    for help_window in help_windows():
        help_window.close()


@pytest.mark.parametrize("lang", HELP_LANGUAGES)
@pytest.mark.parametrize("topic", list(HelpTopic))
def test_every_page_is_there_with_its_pictures_and_links(topic: HelpTopic, lang: str) -> None:
    page = help_page(topic, lang)
    html = page.read_text(encoding="utf-8")
    for picture in re.findall(r'<img src="([^"]+)"', html):
        assert (page.parent / picture).is_file(), picture
        assert f".{lang}.png" in picture  # each language shows its own screens
    for link in re.findall(r'<a href="([^"]+)"', html):
        assert (page.parent / link).is_file(), link
    if topic is HelpTopic.GETTING_STARTED:
        assert len(re.findall(r"<h2>", html)) == 5  # the loop in five steps
        assert len(re.findall(r"<img ", html)) == 5
    if lang == "zh_TW":
        assert "，" in html and "問題" not in html.replace("「<b>問題</b>」", "")


def test_the_pages_say_what_the_article_says() -> None:
    which = help_page(HelpTopic.WHICH_METHOD, "en").read_text(encoding="utf-8")
    assert all(word in which for word in ("Prompting", "Fine-tuning", "Retrieval (RAG)",
                                          "open-book", "how to behave", "what to know"))
    many = help_page(HelpTopic.HOW_MANY_EXAMPLES, "en").read_text(encoding="utf-8")
    assert "10 examples" in many and "50 to 100" in many and "test set" in many
    many_zh = help_page(HelpTopic.HOW_MANY_EXAMPLES, "zh_TW").read_text(encoding="utf-8")
    assert "10 則" in many_zh and "50 到 100 則" in many_zh and "測試集" in many_zh


def test_help_menu_opens_one_non_modal_window_that_follows_the_language(
    window: Any, qasync_loop: Any
) -> None:
    window.help_actions[HelpTopic.WHICH_METHOD].trigger()
    [help_window] = help_windows()
    assert help_window.isVisible()
    assert help_window.windowModality() == Qt.WindowModality.NonModal
    assert "open-book exam" in help_window.browser.toPlainText()
    assert help_window.topics.currentItem().text() == "Which method fits?"

    # Another topic from the menu: the same window, another page.
    window.help_actions[HelpTopic.HOW_MANY_EXAMPLES].trigger()
    assert help_windows() == [help_window]
    assert "Keep a test set apart" in help_window.browser.toPlainText()

    # A link inside a page opens that topic.
    help_window.browser.anchorClicked.emit(QUrl("which-method.html"))
    assert help_window.topic is HelpTopic.WHICH_METHOD

    window.language_actions["zh_TW"].trigger()
    assert help_window.windowTitle() == "Fine Tune Studio 說明"
    assert help_window.topics.item(0).text() == "入門"
    assert "開書考" in help_window.browser.toPlainText()
    assert window.help_actions[HelpTopic.GETTING_STARTED].text() == "入門(&G)"


@pytest.mark.parametrize("lang", HELP_LANGUAGES)
@pytest.mark.parametrize("topic", list(HelpTopic))
def test_the_help_menu_opens_each_page_in_each_language_with_its_pictures(
    window: Any, topic: HelpTopic, lang: str
) -> None:
    window.language_actions[lang].trigger()
    window.help_actions[topic].trigger()
    [help_window] = help_windows()
    page = help_page(topic, lang)
    assert help_window.browser.source().toLocalFile() == str(page)
    assert help_window.topics.currentRow() == list(HelpTopic).index(topic)
    assert help_window.browser.toPlainText().strip()
    document = help_window.browser.document()
    for picture in re.findall(r'<img src="([^"]+)"', page.read_text(encoding="utf-8")):
        image = document.resource(QTextDocument.ResourceType.ImageResource, QUrl(picture))
        assert isinstance(image, QPixmap) and image.width() == 640, picture


def test_show_help_is_what_other_panels_call(window: Any) -> None:
    opened = show_help(HelpTopic.HOW_MANY_EXAMPLES, window.panel_widgets["jobs"])
    assert opened.isVisible() and opened.topic is HelpTopic.HOW_MANY_EXAMPLES
    assert show_help("getting-started") is opened  # by name too, one window
    assert opened.topic is HelpTopic.GETTING_STARTED
    assert opened.browser.source().toLocalFile().endswith("en/getting-started.html")


def test_the_pictures_script_still_runs(tmp_path: Path) -> None:
    """scripts/help_pictures.py builds the real screens offscreen and saves them (in one
    language here, to keep the test short); the committed pictures are the same set."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(REPO)}
    result = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "help_pictures.py"), "--out", str(tmp_path),
         "--lang", "en"],
        env=env, capture_output=True, text=True, timeout=300, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr[-3000:]
    made = sorted(path.name for path in tmp_path.glob("*.png"))
    assert len(made) == 5
    for name in made:
        image = QImage(str(tmp_path / name))
        assert image.width() == 640 and image.height() > 300
    committed = {path.name for path in (help_dir() / "pictures").glob("*.png")}
    for lang in HELP_LANGUAGES:
        assert {name.replace(".en.", f".{lang}.") for name in made} <= committed


def test_a_help_window_left_open_closes_with_its_page(window: Any, qasync_loop: Any) -> None:
    help_window = show_help(HelpTopic.GETTING_STARTED, window)
    help_window.close()
    qasync_loop.run_until_complete(until(lambda: not help_windows()))
