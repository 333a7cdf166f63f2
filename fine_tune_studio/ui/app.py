"""`run_app(argv)`: the desktop app's start and its orderly end.

Start: QApplication, logging to the log folder (scrubbed), the excepthook, settings, the
language (saved choice, `--lang`, or the system's), a qasync event loop, the main window.
End: closing the window (or Ctrl+Q, SIGINT, SIGTERM) saves the window state, cancels
background tasks, closes provider connections and stops the local engine, each bounded by
a timeout so quitting never hangs.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import logging
import os
import signal
import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QFileOpenEvent, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from fine_tune_studio import APP_ID, __version__
from fine_tune_studio.services.settings_store import LoadProblem, SettingsStore
from fine_tune_studio.ui import background, memory
from fine_tune_studio.ui.async_tools import cancel_pending_tasks
from fine_tune_studio.ui.context import AppContext, default_engine_factory
from fine_tune_studio.ui.excepthook import ErrorDialogs, setup_logging
from fine_tune_studio.ui.i18n import SUPPORTED_LANGUAGES, LanguageSwitcher, normalize_language

log = logging.getLogger("fine_tune_studio.app")

LOG_FILE_NAME = "fine-tune-studio.log"


# Qt's own options that take a value (QGuiApplication's documentation): they go to Qt
# whole, so that their value is not taken for a file to open.
QT_OPTIONS_WITH_VALUE = frozenset({
    "-platform", "-platformpluginpath", "-platformtheme", "-plugin", "-qwindowgeometry",
    "-qwindowicon", "-qwindowtitle", "-style", "-stylesheet", "-session", "-display",
    "-geometry", "-title", "-name",
})
# Set to anything: print one JSON line when the main window is shown and the event loop
# is idle, then quit (benchmarks/startup_bench.py measures the start-up with it).
STARTUP_PROBE_ENV = "FINE_TUNE_STUDIO_EXIT_WHEN_SHOWN"
# Set to anything: no single-instance hand-over (each launch opens its own window).
NO_SINGLE_INSTANCE_ENV = "FINE_TUNE_STUDIO_NO_SINGLE_INSTANCE"


def parse_args(argv: Sequence[str]) -> tuple[argparse.Namespace, list[str]]:
    """Our options and files to open, and the rest (Qt's own, such as -platform) for
    QApplication."""
    ours: list[str] = []
    qt_args: list[str] = []
    items = list(argv)
    while items:
        item = items.pop(0)
        if item in QT_OPTIONS_WITH_VALUE and items:
            qt_args += [item, items.pop(0)]
        elif item.startswith("-") and not item.startswith("--") and len(item) > 2:
            qt_args.append(item)  # a Qt switch such as -reverse or -nograb
        else:
            ours.append(item)
    parser = argparse.ArgumentParser(prog="fine-tune-studio", add_help=True)
    parser.add_argument(
        "--lang",
        type=lambda value: normalize_language(value) or value,
        choices=SUPPORTED_LANGUAGES,
        help="interface language for this run (default: the saved choice or the system's)",
    )
    parser.add_argument("files", nargs="*", metavar="FILE",
                        help="a training file (.jsonl) to open in the editor")
    args, rest = parser.parse_known_args(ours)
    args.files = [str(Path(f).expanduser().absolute()) for f in args.files]
    return args, [*qt_args, *rest]


def run_app(argv: list[str] | None = None) -> int:
    args, qt_args = parse_args(argv or [])
    import qasync  # here, so `fine-tune-studio validate` never needs Qt installed

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(
        [sys.argv[0] if sys.argv else "fine-tune-studio", *qt_args]
    )
    app.setApplicationName("Fine Tune Studio")
    app.setApplicationVersion(__version__)
    app.setOrganizationName("FineTuneStudio")
    app.setDesktopFileName(APP_ID)  # matches the installed .desktop file (Wayland app id)
    # The window's close starts our shutdown; Qt must not end the loop underneath it.
    app.setQuitOnLastWindowClosed(False)
    memory.install()

    store = SettingsStore()
    instance = None
    if not os.environ.get(NO_SINGLE_INSTANCE_ENV):
        from fine_tune_studio.ui.single_instance import InstanceServer, hand_over, server_name

        name = server_name(store.dirs.config)
        if hand_over(name, args.files):
            return 0  # the running window took the files (or just came to the front)
        instance = InstanceServer(name)
        instance.listen()
    app.setWindowIcon(app_icon())
    log_path = store.dirs.log / LOG_FILE_NAME
    handler = setup_logging(log_path)
    log.info("Fine Tune Studio %s starting", __version__)

    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    switcher = LanguageSwitcher(app)
    window = None
    hook = ErrorDialogs(log_path, parent_window=lambda: window)
    hook.install()
    try:
        context = AppContext(
            store,
            engine_factory=default_engine_factory(store),
            language_switcher=switcher,
            language_override=args.lang,
        )
        switcher.apply(context.effective_language)
        hook.choose_provider = lambda: context.show_panel_requested.emit("settings")

        from fine_tune_studio.ui.main_window import MainWindow

        window = MainWindow(context)
        closed = asyncio.Event()
        window.closing.connect(closed.set)
        app.aboutToQuit.connect(closed.set)
        _close_on_signals(loop, window)
        window.show()
        log.info("main window shown (language %s)", context.effective_language)
        settings_load_problem_box(window, store)  # a damaged file was moved aside, say so
        if instance is not None:
            instance.files_received.connect(
                lambda files, w=window: open_files(w, files, raise_window=True)
            )
        if args.files:
            open_files(window, args.files)
        else:
            window.reopen_last_file()  # where the user left off (recovery is still offered)
        # macOS gives a file opened from Finder (or dropped on the Dock icon) as an event,
        # not an argument.
        file_events = FileOpenEvents(window)
        app.installEventFilter(file_events)
        if os.environ.get(STARTUP_PROBE_ENV):
            QTimer.singleShot(0, lambda: _report_started_and_quit(window))
        else:
            # The charts' libraries, not imported at start, load in a worker thread now.
            from fine_tune_studio.ui import chart_warm_up

            QTimer.singleShot(chart_warm_up.DELAY_MS, chart_warm_up.start)

        try:
            loop.run_until_complete(closed.wait())
        except RuntimeError:
            # Qt quit on its own (session logout): the loop stopped before our event ran.
            log.info("Qt ended the event loop")
        log.info("shutting down")
        loop.run_until_complete(window.shutdown_panels())
        loop.run_until_complete(asyncio.wait_for(context.shutdown(), timeout=30))
        background.stop_processes()
        cancelled = cancel_pending_tasks(loop)
        if cancelled:
            log.info("cancelled %d unfinished task(s)", cancelled)
        log.info("shutdown complete")
        # The interpreter's final garbage collection walks every object the session made
        # (tokenizer tables, models): seconds of a dead window. The process is ending and
        # the OS reclaims it all, so exempt what exists now from that walk.
        gc.freeze()
        return 0
    finally:
        if instance is not None:
            instance.close()
        hook.uninstall()
        if not loop.is_closed():
            loop.close()
        asyncio.set_event_loop(None)
        logging.getLogger().removeHandler(handler)
        handler.close()


def app_icon() -> QIcon:
    """The app's icon in every size it ships (resources/icons, drawn from one SVG)."""
    from fine_tune_studio.paths import resources_dir

    icon = QIcon()
    for png in sorted((resources_dir() / "icons").glob("fine-tune-studio-*.png")):
        icon.addFile(str(png))
    return icon


def open_files(window: QWidget, files: Sequence[str], *, raise_window: bool = False) -> None:
    """Open a file given on the command line (or by a second launch) in the editor.

    The editor holds one file at a time, so of several files the first is opened."""
    if raise_window:
        if window.isMinimized():
            window.showNormal()
        window.show()
        window.raise_()
        window.activateWindow()
    if not files:
        return
    show_panel = getattr(window, "show_panel", None)
    editor = getattr(window, "panel_widgets", {}).get("editor")
    if editor is None or show_panel is None or not show_panel("editor"):
        log.warning("no editor to open %s in", files[0])
        return
    if len(files) > 1:
        log.info("the editor shows one file at a time: %d more not opened", len(files) - 1)
    async def open_first() -> None:
        if await editor.open_path(Path(files[0])):
            log.info("opened %s in the editor", files[0])

    editor.start(open_first())


class FileOpenEvents(QObject):
    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._window = window

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FileOpen and isinstance(event, QFileOpenEvent):
            open_files(self._window, [event.file()], raise_window=True)
            return True
        return super().eventFilter(watched, event)


def _report_started_and_quit(window: QWidget) -> None:
    """The start-up probe: the window is shown and the loop has run dry once."""
    import json

    rss_mb: float | None = None
    with contextlib.suppress(ImportError):  # no `resource` module on Windows
        import resource

        rss_mb = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)  # KiB
    print(json.dumps({"event": "main_window_idle", "visible": window.isVisible(),
                      "max_rss_mb": rss_mb}), flush=True)
    window.close()


def _close_on_signals(loop: asyncio.AbstractEventLoop, window: QWidget) -> None:
    """Ctrl+C in a terminal or a polite kill closes the window the normal way."""

    def close_soon() -> None:
        # From Qt's loop, not inside this asyncio callback: a panel may ask "save
        # changes?" in a dialog while closing.
        QTimer.singleShot(0, window.close)

    for sig in (signal.SIGINT, signal.SIGTERM):
        # Windows or not the main thread: no signal handlers, but Ctrl+Q still works.
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            loop.add_signal_handler(sig, close_soon)


# -- a settings file that could not be used ---------------------------------------------------
# SettingsStore says what happened (`load_problem_kind`, `backup_path`, and an English
# sentence for the log); this says it in the user's language and names the file, so nobody
# wonders where their providers went.


def load_problem_text(store: SettingsStore) -> tuple[str, str]:
    """(what happened, what became of the file) for the last `store.load()`."""
    kind = store.load_problem_kind
    if kind is LoadProblem.NEWER:
        what = QCoreApplication.translate(
            "App",
            "Your settings file was written by a newer version of Fine Tune Studio, so this "
            "version starts with default settings."
        )
    elif kind is LoadProblem.INVALID:
        what = QCoreApplication.translate(
            "App",
            "Your settings file holds values this version cannot use, so it starts with "
            "default settings."
        )
    elif kind is LoadProblem.NOT_A_FILE:
        what = QCoreApplication.translate(
            "App",
            "A folder stands where your settings file should be, so the app starts with "
            "default settings."
        )
    elif kind is LoadProblem.UNREADABLE:
        what = QCoreApplication.translate(
            "App",
            "Your settings file could not be read, so the app starts with default settings."
        )
    else:
        what = QCoreApplication.translate(
            "App", "Your settings file is damaged, so the app starts with default settings."
        )
    if store.backup_path is not None:
        fate = QCoreApplication.translate(
            "App", "The old file was kept as “%1”; nothing in it was deleted."
        ).replace("%1", str(store.backup_path))
    else:
        fate = QCoreApplication.translate(
            "App",
            "The file was left as it is at “%1” and nothing will be saved over it. Fix or "
            "remove it, then start the app again; until then, changes are not saved."
        ).replace("%1", str(store.path))
    return what, fate


def settings_load_problem_box(parent: QWidget, store: SettingsStore) -> QMessageBox | None:
    """A non-modal warning about the last `store.load()`, opened; None if all went well."""
    if store.load_problem_kind is None:
        return None
    what, fate = load_problem_text(store)
    box = QMessageBox(parent)
    box.setObjectName("settingsLoadProblem")
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(QCoreApplication.translate("App", "Settings could not be read"))
    box.setText(what)
    box.setInformativeText(fate)
    box.setDetailedText(store.load_problem or "")  # the technical sentence, for support
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box
