"""Built-in help: a few short pages in both languages, in one non-modal window.

The pages are HTML files in `resources/help/<lang>/<topic>.html`, with the pictures of the
real screens beside them in `resources/help/pictures/` (made by `scripts/help_pictures.py`).
The window shows the page in the interface's language and follows a language switch.

Any part of the app opens a page where its question arises:

    from fine_tune_studio.ui.help import HelpTopic, show_help
    show_help(HelpTopic.HOW_MANY_EXAMPLES, parent=self)

(the Help menu, the empty editor, the Training panel's launch wizard).
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QTextBrowser,
    QWidget,
)

from fine_tune_studio.paths import resources_dir
from fine_tune_studio.ui.widgets import Retranslating


class HelpTopic(StrEnum):
    GETTING_STARTED = "getting-started"
    WHICH_METHOD = "which-method"
    HOW_MANY_EXAMPLES = "how-many-examples"


HELP_LANGUAGES = ("en", "zh_TW")


def help_dir() -> Path:
    return resources_dir() / "help"


def help_page(topic: HelpTopic, lang: str) -> Path:
    return help_dir() / (lang if lang in HELP_LANGUAGES else "en") / f"{topic.value}.html"


def interface_language() -> str:
    """The language the installed translators speak ("en" or "zh_TW")."""
    # The shell's zh_TW translation turns this marker into its language code.
    lang = QCoreApplication.translate("HelpLanguage", "en")
    return lang if lang in HELP_LANGUAGES else "en"


class HelpWindow(Retranslating, QWidget):
    """The help pages: their titles on the left, the page on the right; deleted when closed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("helpWindow")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.topic = HelpTopic.GETTING_STARTED
        self._sized = False
        self.topics = QListWidget(self)
        self.topics.setMaximumWidth(200)
        for topic in HelpTopic:
            item = QListWidgetItem()
            item.setData(Qt.ItemDataRole.UserRole, topic.value)
            self.topics.addItem(item)
        self.topics.currentRowChanged.connect(
            lambda row: self.show_topic(list(HelpTopic)[row]) if row >= 0 else None
        )
        self.browser = QTextBrowser(self)
        self.browser.setObjectName("helpPage")
        self.browser.setOpenLinks(False)  # links go through _follow
        self.browser.anchorClicked.connect(self._follow)
        layout = QHBoxLayout(self)
        layout.addWidget(self.topics)
        layout.addWidget(self.browser, 1)
        self.retranslate_ui()

    def showEvent(self, event: QShowEvent) -> None:
        if not self._sized:
            # Room for a page and its pictures (640 wide), within the screen.
            self._sized = True
            available = self.screen().availableGeometry()
            self.resize(
                min(940, int(available.width() * 0.9)), min(720, int(available.height() * 0.9))
            )
        super().showEvent(event)

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Fine Tune Studio help"))
        titles = {
            HelpTopic.GETTING_STARTED: self.tr("Getting started"),
            HelpTopic.WHICH_METHOD: self.tr("Which method fits?"),
            HelpTopic.HOW_MANY_EXAMPLES: self.tr("How many examples?"),
        }
        for row, topic in enumerate(HelpTopic):
            self.topics.item(row).setText(titles[topic])
        self.show_topic(self.topic)  # the page in the new language

    def show_topic(self, topic: HelpTopic) -> None:
        self.topic = topic
        row = list(HelpTopic).index(topic)
        if self.topics.currentRow() != row:
            self.topics.setCurrentRow(row)  # comes back here once
            return
        self.browser.setSource(QUrl.fromLocalFile(str(help_page(topic, interface_language()))))

    def _follow(self, url: QUrl) -> None:
        """A link to another page opens it as a topic; anything else leaves the app."""
        name = Path(url.path()).stem if url.isLocalFile() or not url.scheme() else ""
        for topic in HelpTopic:
            if name == topic.value:
                self.show_topic(topic)
                return
        if url.scheme() in ("http", "https"):
            QDesktopServices.openUrl(url)


def links_html(links: Iterable[tuple[HelpTopic, str]]) -> str:
    """Help links for a QLabel whose linkActivated opens `show_help(topic)`."""
    return " · ".join(f'<a href="{topic.value}">{text}</a>' for topic, text in links)


def show_help(topic: HelpTopic | str, parent: QWidget | None = None) -> HelpWindow:
    """Open (or bring to the front) the help window at `topic`; it does not block."""
    window = next(
        (w for w in QApplication.topLevelWidgets() if isinstance(w, HelpWindow)), None
    )
    if window is None:
        window = HelpWindow(parent.window() if parent is not None else None)
    window.show_topic(HelpTopic(topic))
    window.show()
    window.raise_()
    window.activateWindow()
    return window
