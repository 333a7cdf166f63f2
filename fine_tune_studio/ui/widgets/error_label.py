"""`ErrorLabel`: a failure in the user's words, re-worded on every language switch.

What the provider answered is shown as "The provider said: …". What this computer saw
(a connection that was never made: "ConnectError: [Errno -2] Name or service not known")
is no provider speaking and means nothing to most readers: it waits behind "Details".
"""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QTextDocumentFragment
from PySide6.QtWidgets import QLabel, QWidget

from fine_tune_studio.core.providers import ProviderKind
from fine_tune_studio.ui.errors import ErrorExplanation, explain
from fine_tune_studio.ui.widgets.retranslating import Retranslating

_DETAILS = "app:details"


def words_html(words: str) -> str:
    """Plain words as label HTML (line breaks kept)."""
    return html.escape(words).replace("\n", "<br>")


class ErrorLabel(Retranslating, QLabel):
    """Shows one error (`show_error`) or plain words (`show_words`); `clear()` empties it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.linkActivated.connect(self._link)
        self._error: BaseException | None = None
        self._lead: Callable[[str], str] | None = None
        self._words: Callable[[], str] | None = None
        self._provider_kind: ProviderKind | None = None
        self._with_title = False
        self.details_open = False

    def show_error(
        self,
        error: BaseException,
        *,
        lead: Callable[[str], str] | None = None,
        provider_kind: ProviderKind | None = None,
        with_title: bool = False,
    ) -> None:
        """`lead(explanation)` wraps the explanation ("Could not start the job. %1")."""
        self._error, self._lead, self._words = error, lead, None
        self._provider_kind, self._with_title = provider_kind, with_title
        self.details_open = False
        self._render()

    def show_words(self, words: Callable[[], str]) -> None:
        """Plain words (a success, a state), said again after a language switch."""
        self._error, self._words = None, words
        self._render()

    def clear(self) -> None:
        self._error = self._words = None
        super().clear()

    def explanation(self) -> ErrorExplanation | None:
        if self._error is None:
            return None
        return explain(self._error, provider_kind=self._provider_kind)

    def plain_text(self) -> str:
        """What the label says, without markup (for tests and the clipboard)."""
        return QTextDocumentFragment.fromHtml(self.text()).toPlainText()

    def retranslate_ui(self) -> None:
        self._render()

    def _render(self) -> None:
        if self._words is not None:
            self.setText(words_html(self._words()))
            return
        words = self.explanation()
        if words is None:
            return
        text = words.as_text()
        if self._with_title:
            text = f"{words.title}\n{text}"
        if self._lead is not None:
            text = self._lead(text)
        shown = words_html(text)
        if words.link:
            link = html.escape(words.link, quote=True)
            shown += "<br>" + self.tr("Open %1").replace(
                "%1", f'<a href="{link}">{html.escape(words.link)}</a>')
        if words.detail and words.detail_from_provider:
            shown += "<br>" + words_html(
                self.tr("The provider said: %1").replace("%1", words.detail))
        elif words.detail:
            toggle = self.tr("Hide details") if self.details_open else self.tr("Details")
            shown += f'<br><a href="{_DETAILS}">{html.escape(toggle)}</a>'
            if self.details_open:
                shown += f"<br><small>{words_html(words.detail)}</small>"
        self.setText(shown)

    def _link(self, target: str) -> None:
        if target == _DETAILS:
            self.details_open = not self.details_open
            self._render()
        else:
            QDesktopServices.openUrl(QUrl(target))
