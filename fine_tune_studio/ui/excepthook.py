"""The last line of defence: unexpected exceptions are logged and explained, never silent.

qasync hands exceptions from `@asyncSlot` coroutines to `sys.excepthook`, and so does our
`TaskTracker`; Qt does the same for exceptions in virtual methods. The hook writes the
scrubbed traceback to the log file and opens a non-modal dialog (a modal `exec()` inside a
running asyncio callback would nest event loops) in plain, translated words.
"""

from __future__ import annotations

import logging
import logging.handlers
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from fine_tune_studio.ui.errors import explain
from fine_tune_studio.ui.scrub import ScrubbingFilter, scrub

log = logging.getLogger("fine_tune_studio")

ExceptHookType = Callable[[type[BaseException], BaseException, TracebackType | None], object]


def setup_logging(log_path: Path) -> logging.Handler:
    """Send the app's log to a rotating file whose every line passes the scrubber."""
    log_path.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.handlers.RotatingFileHandler(
        log_path, maxBytes=1_000_000, backupCount=3, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(ScrubbingFilter())
    root = logging.getLogger()
    root.addHandler(handler)
    if root.level > logging.INFO or root.level == logging.NOTSET:
        root.setLevel(logging.INFO)
    return handler


class ErrorDialogs(QObject):
    """Installs itself as sys.excepthook; `install()` / `uninstall()` are symmetric."""

    def __init__(
        self,
        log_path: Path | None = None,
        parent_window: Callable[[], QWidget | None] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._log_path = log_path
        self._parent_window = parent_window or (lambda: None)
        self._previous: ExceptHookType | None = None
        # Set by the app: opens the settings panel when a failure is best solved there.
        self.choose_provider: Callable[[], None] | None = None
        self.open_dialogs: list[QMessageBox] = []

    def install(self) -> None:
        self._previous = sys.excepthook
        sys.excepthook = self

    def uninstall(self) -> None:
        if sys.excepthook is self and self._previous is not None:
            sys.excepthook = self._previous

    def __call__(
        self,
        exc_type: type[BaseException],
        exc: BaseException,
        tb: TracebackType | None,
    ) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            # Ctrl+C: leave the way the window's own close does (state saved, engine stopped).
            window = self._parent_window()
            if window is not None:
                window.close()
            else:
                QApplication.quit()
            return
        trace = scrub("".join(traceback.format_exception(exc_type, exc, tb)))
        log.error("Unhandled error\n%s", trace)
        try:
            self.show_error(exc, trace)
        except Exception:  # the hook must never raise: that would lose the original error
            log.exception("could not show the error dialog")
            print(trace, file=sys.stderr)

    def show_error(self, exc: BaseException, trace: str = "") -> QMessageBox:
        box = error_box(
            self._parent_window(), exc, log_path=self._log_path,
            choose_provider=self.choose_provider, trace=trace,
        )
        self.open_dialogs.append(box)
        box.finished.connect(lambda _result, b=box: self._forget(b))
        return box

    def _forget(self, box: QMessageBox) -> None:
        if box in self.open_dialogs:
            self.open_dialogs.remove(box)


def error_box(
    parent: QWidget | None,
    error: BaseException,
    *,
    log_path: Path | None = None,
    choose_provider: Callable[[], None] | None = None,
    trace: str = "",
) -> QMessageBox:
    """Open (non-modally) a dialog explaining `error`; any panel may use it.

    With `choose_provider`, failures best solved by another provider (closed OpenAI
    fine-tuning, missing permission) get a button that calls it.
    """
    words = explain(error)
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(QCoreApplication.translate("ErrorDialogs", "Fine Tune Studio"))
    box.setText(words.title)
    info = words.as_text()
    if words.detail:
        info += "\n\n" + QCoreApplication.translate(
            "ErrorDialogs", "The provider said: %1"
        ).replace("%1", words.detail)
    if log_path is not None:
        info += "\n\n" + QCoreApplication.translate(
            "ErrorDialogs", "Details were written to %1"
        ).replace("%1", str(log_path))
    box.setInformativeText(info)
    if trace:
        box.setDetailedText(trace)
    box.setStandardButtons(QMessageBox.StandardButton.Close)
    switch = None
    if words.offer_other_provider and choose_provider is not None:
        switch = box.addButton(
            QCoreApplication.translate("ErrorDialogs", "Choose another provider"),
            QMessageBox.ButtonRole.ActionRole,
        )
        switch.setObjectName("chooseProviderButton")

    def finished(_result: int) -> None:
        if switch is not None and box.clickedButton() is switch and choose_provider:
            choose_provider()

    box.finished.connect(finished)
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box
