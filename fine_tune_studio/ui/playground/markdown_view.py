"""A read-only view that renders markdown but copies plain text.

Replies are written in markdown, so they are shown rendered; but pasting a reply into an
e-mail or a dataset should give the words, not HTML with the app's fonts and colours.
"""

from __future__ import annotations

from PySide6.QtCore import QMimeData
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QTextBrowser, QWidget

# GitHub markdown without raw HTML: a model's "<img src=...>" or "<b>" is shown as the
# characters it wrote, never interpreted (nor fetched).
FEATURES = (
    QTextDocument.MarkdownFeature.MarkdownDialectGitHub
    | QTextDocument.MarkdownFeature.MarkdownNoHTML
)


def markdown_to_plain(markdown: str) -> str:
    doc = QTextDocument()
    doc.setMarkdown(markdown, FEATURES)
    return doc.toPlainText()


class MarkdownView(QTextBrowser):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)

    def set_markdown(self, markdown: str) -> None:
        self.document().setMarkdown(markdown, FEATURES)

    def createMimeDataFromSelection(self) -> QMimeData:
        mime = QMimeData()
        mime.setText(self.textCursor().selection().toPlainText())
        return mime
